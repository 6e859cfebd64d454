/* Cross-record rules: the engine and one small function per rule.
 *
 * The catalogue (catalog.c) names each rule and points at its function.
 * A rule reads the indexed corpus and reports findings through
 * orgcheck_rule_report; configuration (enabled rules, severities,
 * exceptions) is applied by the engine, never by a rule. A rule that lacks
 * the data to decide stays silent. */
#ifndef ORGCHECK_RULES_H
#define ORGCHECK_RULES_H

#include "catalog.h"
#include "corpus.h"
#include "date.h"
#include "error.h"
#include "findings.h"

struct orgcheck_config;

struct orgcheck_rule_run {
	const struct orgcheck_corpus *corpus;
	struct orgcheck_date today;        /* "now", fixed by --today in tests */
	struct orgcheck_findings *findings;
	struct orgcheck_error *err;
	const struct orgcheck_rule *rule;  /* the rule running */
	/* Units of work (records, names, references, links visited), so a test
	 * can show the cost grows linearly without timing anything. */
	unsigned long long operations;
};

/* Runs every enabled rule of the catalogue over corpus, adding findings.
 * *operations_out (may be NULL) receives the work counted. Returns 0 or a
 * negative error code. */
int orgcheck_rules_run(struct orgcheck_findings *findings, unsigned long long *operations_out,
		       const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
		       const struct orgcheck_date *today, struct orgcheck_error *err);

/* Reports a finding of the running rule on record, at pos (the element
 * that states the offending fact). The message is printf-formatted;
 * it names the records, the values and their sources. */
int orgcheck_rule_report(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 struct orgcheck_pos pos, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Adds a related location (another record involved) to the finding just
 * reported. */
int orgcheck_rule_relate(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 struct orgcheck_pos pos);

/* Adds a value the finding just reported is about (name, value as
 * written, its source or NULL): the reports quote the values with their
 * sources, and the fingerprint is made of them. */
int orgcheck_rule_value(struct orgcheck_rule_run *run, const char *name, const char *text,
			const char *source);

/* The record a reference points to when it exists and is of the expected
 * kind; NULL otherwise (the reference rules report those). */
const struct orgcheck_record *orgcheck_rule_target(const struct orgcheck_rule_run *run,
						   const struct orgcheck_record *record,
						   const struct orgcheck_ref *ref);

/* The earliest founded (organizations) or born (people) date claimed for
 * record, or an absent date. With several claims the earliest is taken,
 * so a rule errs on the side of silence. */
struct orgcheck_date orgcheck_rule_start(const struct orgcheck_record *record);

/* The latest dissolved (organizations) or died (people) date, or absent. */
struct orgcheck_date orgcheck_rule_end(const struct orgcheck_record *record);

/* Levenshtein distance between a and b, at most limit + 1 (the search
 * stops there), for "did you mean" suggestions. */
size_t orgcheck_rule_edit_distance(const char *a, const char *b, size_t limit);

/* The rules, one function each. */
int orgcheck_rule_duplicate_id(struct orgcheck_rule_run *run);
int orgcheck_rule_id_file_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_possible_duplicate(struct orgcheck_rule_run *run);
int orgcheck_rule_unresolved_reference(struct orgcheck_rule_run *run);
int orgcheck_rule_wrong_target_kind(struct orgcheck_rule_run *run);
int orgcheck_rule_label_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_self_reference(struct orgcheck_rule_run *run);
int orgcheck_rule_duplicate_entry(struct orgcheck_rule_run *run);
int orgcheck_rule_one_sided_link(struct orgcheck_rule_run *run);
int orgcheck_rule_link_dates_disagree(struct orgcheck_rule_run *run);
int orgcheck_rule_cofounding_date_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_founded_later(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_born_later(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_sets_differ(struct orgcheck_rule_run *run);
int orgcheck_rule_dissolved_before_founded(struct orgcheck_rule_run *run);
int orgcheck_rule_outside_lifetime(struct orgcheck_rule_run *run);
int orgcheck_rule_relationship_before_party(struct orgcheck_rule_run *run);
int orgcheck_rule_date_in_future(struct orgcheck_rule_run *run);
int orgcheck_rule_term_reversed(struct orgcheck_rule_run *run);
int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run);
int orgcheck_rule_name_spellings_differ(struct orgcheck_rule_run *run);
int orgcheck_rule_acronym_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_negative_count(struct orgcheck_rule_run *run);
int orgcheck_rule_figures_disagree(struct orgcheck_rule_run *run);

#endif
