/* Partial dates: a year, a year and month, or a full date.
 *
 * A partial date stands for the interval of days it may mean: "2002" is
 * 2002-01-01..2002-12-31. One date is before another only when its whole
 * interval is, so "2002" is neither before nor after "2002-06", and
 * "2001-03-30" is before "2002". */
#ifndef ORGCHECK_DATE_H
#define ORGCHECK_DATE_H

#include <stddef.h>

struct orgcheck_date {
	int year;   /* 0 when the date is absent */
	int month;  /* 1..12, or 0 when only the year is known */
	int day;    /* 1..31, or 0 when not known */
};

enum orgcheck_date_order {
	ORGCHECK_DATE_BEFORE = -1,    /* every day of a is before every day of b */
	ORGCHECK_DATE_UNORDERED = 0,  /* they overlap: neither is surely first */
	ORGCHECK_DATE_AFTER = 1       /* every day of a is after every day of b */
};

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar day). Returns
 * 0, or -1 for anything else (then *out is absent). */
int orgcheck_date_parse(struct orgcheck_date *out, const char *text);

/* 1 when the date holds a value. */
int orgcheck_date_present(const struct orgcheck_date *date);

/* Orders a and b by their intervals; absent dates are unordered. */
enum orgcheck_date_order orgcheck_date_compare(const struct orgcheck_date *a,
					       const struct orgcheck_date *b);

/* 1 when the intervals of a and b share no day (they cannot be the same
 * date at any precision). */
int orgcheck_date_disjoint(const struct orgcheck_date *a, const struct orgcheck_date *b);

/* Writes the date as it was written ("2002", "2002-06", "2002-06-30"). */
void orgcheck_date_format(char *buf, size_t size, const struct orgcheck_date *date);

#endif
