/* Findings keyed by their fingerprints, sorted: how two runs, or a run
 * and a baseline, are compared (findings/diff.c). */
#ifndef ORGCHECK_FINDINGS_KEYED_H
#define ORGCHECK_FINDINGS_KEYED_H

#include <stddef.h>

#include <orgcheck/findings.h>

/* The size of a fingerprint with its terminating NUL. */
#define ORGCHECK_FINGERPRINT_SIZE 17

/* A finding (its index in its list) and its fingerprint, for sorting
 * without recomputing. */
struct orgcheck_keyed {
	char fingerprint[ORGCHECK_FINGERPRINT_SIZE];
	size_t index;
};

/* The fingerprints of findings, sorted by fingerprint then index; NULL
 * when out of memory. The caller frees the array. */
struct orgcheck_keyed *orgcheck_findings__keyed(const struct orgcheck_findings *findings);

#endif
