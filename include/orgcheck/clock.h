/* Wall-clock time for measuring how long something took. */
#ifndef ORGCHECK_CLOCK_H
#define ORGCHECK_CLOCK_H

/* Seconds on the monotonic clock, from an unspecified start: only the
 * difference of two readings means something. */
double orgcheck_clock_seconds(void);

#endif
