/* What every report of a run is made from: the check result and the
 * settings it ran with. The renderers (render.h, results.h, html.h) take
 * one of these. */
#ifndef ORGCHECK_REPORT_H
#define ORGCHECK_REPORT_H

#include <stddef.h>

#include <orgcheck/date.h>
#include <orgcheck/findings.h>
#include <orgcheck/rule.h>

struct orgcheck_config;
struct orgcheck_corpus;

/* What a check found (orgcheck_check_run in <orgcheck/check.h>, or a
 * results document read back): the renderers read it, so it is defined
 * here, below the pipeline. */
struct orgcheck_check_result {
	struct orgcheck_findings findings;  /* sorted */
	size_t files;          /* record files found */
	size_t organizations;  /* well-formed records by kind */
	size_t people;
	size_t valid;          /* records that passed schema validation */
	unsigned long long rule_operations;  /* work the cross-record rules did */
	/* The records read, kept for the results document's records section
	 * (names, links, dated claims: what the HTML report draws); NULL when
	 * the findings did not come from a check (read from a results
	 * document). Owned by the result. */
	struct orgcheck_corpus *corpus;
	size_t cache_hits;       /* files answered from the cache */
	size_t cache_stat_hits;  /* of those, files not even read (their stat unchanged) */
	/* Records the rules that look at one record at a time visited: all
	 * of them, unless a focus needed fewer or the last whole check's
	 * findings stood for the others (rules_reused). */
	size_t rules_visited;
	size_t rules_records;  /* of so many */
	int rules_reused;
	/* Why the cache could not be read or written (the check went on
	 * without it), or NULL. Owned by the result. */
	char *cache_warning;
};

/* What --fail-on takes besides an enum orgcheck_severity. */
enum orgcheck_fail_on {
	ORGCHECK_FAIL_ON_NONE = ORGCHECK_SEVERITY_ERROR + 1  /* above every severity */
};

struct orgcheck_report {
	const struct orgcheck_check_result *result;
	const struct orgcheck_config *config;  /* NULL: the catalogue's defaults */
	const char *rules_file;                /* the configuration read, or NULL */
	struct orgcheck_date today;
	int fail_on;        /* an enum orgcheck_severity, or ORGCHECK_FAIL_ON_NONE */
	int failed;         /* findings at or above fail_on: exit status 1 */
};

/* "error", "warning", "info" or "none". */
const char *orgcheck_report_fail_on_name(int fail_on);

#endif
