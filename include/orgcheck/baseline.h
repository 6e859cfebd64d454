/* Comparing findings by fingerprint: against a baseline file, or between
 * two runs (an edit's before and after).
 *
 * Fingerprints never hold line numbers, so a finding moved by an edit
 * elsewhere stays the same finding. Findings are compared as multisets: a
 * fingerprint whose count went up is new by the difference. Two runs are
 * compared with orgcheck_findings_diff (<orgcheck/findings.h>). */
#ifndef ORGCHECK_BASELINE_H
#define ORGCHECK_BASELINE_H

#include <stdio.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

struct orgcheck_baseline;

/* Reads a baseline file written by orgcheck_baseline_write. A line that is
 * not "FINGERPRINT COUNT RULE ..." is ORGCHECK_ECONFIG naming the file and
 * line. The caller frees *out with orgcheck_baseline_free. */
int orgcheck_baseline_load(struct orgcheck_baseline **out, const char *path,
			   struct orgcheck_error *err);

void orgcheck_baseline_free(struct orgcheck_baseline *baseline);

/* Writes the baseline of findings: one line per fingerprint, sorted, with
 * its count, rule, record and first message, so the file diffs well. */
int orgcheck_baseline_write(FILE *out, const struct orgcheck_findings *findings,
			    struct orgcheck_error *err);

/* Writes baseline again, each count lowered to what findings still have
 * and entries whose findings are gone dropped. Never adds an entry: a
 * baseline only shrinks. */
int orgcheck_baseline_write_pruned(FILE *out, const struct orgcheck_baseline *baseline,
				   const struct orgcheck_findings *findings,
				   struct orgcheck_error *err);

/* Drops from findings those the baseline covers (up to each entry's
 * count), marks the others ORGCHECK_STATE_NEW, and adds an OC191 finding
 * on the baseline file for every entry with fewer findings than it counts
 * (the problem was fixed: prune the baseline). */
int orgcheck_baseline_apply(struct orgcheck_baseline *baseline, struct orgcheck_findings *findings,
			    struct orgcheck_error *err);

#endif
