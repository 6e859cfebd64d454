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

/* The fingerprints of findings, sorted by fingerprint then index, into
 * *out, which the caller frees. Returns 0 or ORGCHECK_ENOMEM (*out NULL). */
int orgcheck_findings__keyed(struct orgcheck_keyed **out, const struct orgcheck_findings *findings,
			     struct orgcheck_error *err);

#endif
