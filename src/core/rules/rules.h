/* Cross-record rules: the engine and one small function per rule.
 *
 * Each group of rules describes its rules (id, name, severity,
 * description, function) beside its functions; catalog.c puts the groups
 * together in id order.
 * A rule reads the indexed corpus and reports findings through
 * orgcheck_rule_report; configuration (enabled rules, severities,
 * exceptions) is applied by the engine, never by a rule. A rule that lacks
 * the data to decide stays silent. */
#ifndef ORGCHECK_RULES_H
#define ORGCHECK_RULES_H

#include <stddef.h>
#include <stdint.h>

#include <orgcheck/catalog.h>
#include "model/corpus.h"
#include "util/utf8.h"
#include <orgcheck/date.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>

struct orgcheck_config;

/* Bounds on the work one hostile record can cause. Real records state a
 * fact a handful of times and have a few names; a generated record with
 * 30,000 founding dates made pairwise rules report 450 million findings.
 *
 * Rules that compare the facts of one kind in one record pairwise
 * (conflicting claims, disagreeing figures) compare every pair among the
 * first ORGCHECK_RULES_PAIRWISE_MAX facts of a kind, and each later fact
 * only with those, reporting it once. */
#define ORGCHECK_RULES_PAIRWISE_MAX 16
/* Rules that hold each name of a record against its other names (an
 * acronym against the names it may abbreviate) look at the first
 * ORGCHECK_RULES_NAMES_MAX names and honorifics. */
#define ORGCHECK_RULES_NAMES_MAX 64
/* "Did you mean" suggestions (edit distances between a reference or label
 * and every id and name of the corpus) may fill this many cells of the
 * distance tables per search (the id, then the label, of one
 * reference): every reference gets the same bounded work, so none is
 * left without suggestions because others spent a shared budget. In a
 * corpus of 10,000 records and 30,000 names a search costs at most some
 * 6 million cells; in a larger one the search visits candidates in
 * order until its budget is spent. */
#define ORGCHECK_RULES_SUGGESTION_BUDGET 64000000ULL

struct orgcheck_rule_shared;

struct orgcheck_rule_run {
	const struct orgcheck_corpus *corpus;
	struct orgcheck_date today;        /* "now", fixed by --today in tests */
	struct orgcheck_findings *findings;
	struct orgcheck_error *err;
	const struct orgcheck_rule *rule;  /* the rule running */
	/* The rules configuration (what lies outside the corpus), or NULL:
	 * read only; enabling, severities and exceptions are the engine's. */
	const struct orgcheck_config *config;
	/* Units of work (records, names, references, links visited), so a test
	 * can show the cost grows linearly without timing anything. */
	unsigned long long operations;
	unsigned long long suggestion_budget;  /* left of suggestion_limit in this search */
	/* The budget of each search (0: ORGCHECK_RULES_SUGGESTION_BUDGET), what
	 * the searches spent in all and the most one spent. */
	unsigned long long suggestion_limit;
	unsigned long long suggestion_spent;
	unsigned long long suggestion_peak;
	/* What the rules of this run share (see orgcheck_rule_shared_get);
	 * NULL when a rule runs on its own. */
	struct orgcheck_rule_shared *shared;
	/* A visiting rule's own, from its prepare to its finish. */
	void *state;
	/* The shared values this run asked for (bit 1 << slot), whose
	 * building the engine counts in the rule's operations once. */
	unsigned shared_asked;
};

/* A rule that looks at one record at a time: what it reports about a
 * record depends on that record and on what it reaches from it (the
 * records it names, those that name it or share one of its ids or
 * names), never on what it saw of the records visited before. So the
 * engine may visit the records in slices, on several threads, every
 * visiting rule on one record before the next (one pass over the
 * corpus's memory, not one per rule), and join each rule's findings in
 * record order: those of a rule walking the corpus alone. */
struct orgcheck_rule_visitor {
	/* Sets up run->state before the first record of a slice; NULL when
	 * there is nothing to set up. Returns 0 or a negative error code. */
	int (*prepare)(struct orgcheck_rule_run *run);
	/* Checks record; returns 0 or a negative error code. */
	int (*visit)(struct orgcheck_rule_run *run, const struct orgcheck_record *record);
	/* Frees run->state after the last record (also after an error);
	 * NULL when prepare is. */
	void (*finish)(struct orgcheck_rule_run *run);
	/* 1 when what it reports of a record depends on more than the
	 * record's neighbours: on the ids and names of the whole corpus
	 * (OC110's did-you-mean suggestions). A check that reuses an earlier
	 * run's findings (check.c) visits every record for such a rule, and
	 * only the records near what changed for the others. */
	int reads_all;
};

/* The rule of visitor run alone over every record of run->corpus, in
 * order: the run function of a visiting rule. */
int orgcheck_rule_visit_all(struct orgcheck_rule_run *run, const struct orgcheck_rule_visitor *visitor);

/* Data that several rules derive the same way from the corpus alone. */
enum orgcheck_rule_shared_slot {
	ORGCHECK_RULE_SHARED_LINK_INDEX = 0,  /* links.c's index of links */
	ORGCHECK_RULE_SHARED_CANDIDATES,      /* references.c's did-you-mean candidates */
	ORGCHECK_RULE_SHARED_SLOTS
};

/* Builds the value of a shared slot into *out, counting its work in
 * run->operations; returns 0 or a negative error code. */
typedef int orgcheck_rule_build_fn(void **out, struct orgcheck_rule_run *run);
/* Frees what an orgcheck_rule_build_fn built. */
typedef void orgcheck_rule_free_fn(void *value);

/* The value of slot for the rules of run->shared: the first rule that
 * asks builds it with build (the others wait for it), the engine frees it
 * with free_value after the last rule. Every rule that asks is charged
 * the operations of building it, so the count is the same whichever rule
 * builds it. The value is borrowed and read-only. Returns 0 with *out
 * set, or the error of building it (in run->err too). run->shared must
 * not be NULL. */
int orgcheck_rule_shared_get(const void **out, struct orgcheck_rule_run *run,
			     enum orgcheck_rule_shared_slot slot, orgcheck_rule_build_fn *build,
			     orgcheck_rule_free_fn *free_value);

/* Runs every enabled rule of the catalogue over corpus, adding findings.
 * *operations_out (may be NULL) receives the work counted. Returns 0 or a
 * negative error code. */
int orgcheck_rules_run(struct orgcheck_findings *findings, unsigned long long *operations_out,
		       const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
		       const struct orgcheck_date *today, struct orgcheck_error *err);

/* orgcheck_rules_run on up to jobs threads (the calling one included;
 * never more than there are rules to run; the caller caps jobs, as
 * check.c does at ORGCHECK_CHECK_MAX_JOBS), one rule at a time each:
 * rules only read the corpus. Each rule reports
 * into a list of its own (and has a whole suggestion budget); the lists
 * are joined in catalogue order, so the findings are those of a run on
 * one thread, in the same order. */
int orgcheck_rules_run_jobs(struct orgcheck_findings *findings, unsigned long long *operations_out,
			    const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
			    const struct orgcheck_date *today, unsigned jobs, struct orgcheck_error *err);

/* orgcheck_rules_run_jobs where the visiting rules visit only the
 * records visit[0 .. visit_count) (indexes into corpus->records, in
 * order); visit NULL for every record. The other rules run over the whole
 * corpus. */
int orgcheck_rules_run_some(struct orgcheck_findings *findings, unsigned long long *operations_out,
			    const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
			    const struct orgcheck_date *today, unsigned jobs, const size_t *visit,
			    size_t visit_count, struct orgcheck_error *err);

/* orgcheck_rules_run_some where the visiting rules that read all
 * (reads_all) visit every record whatever visit says (unless names_kept:
 * no record was added or deleted and none changed its id or names, what
 * they read of every record), and which tells
 * where each finding came from: *visited_out (NULL when not wanted; the
 * caller frees it) receives, for each finding added to findings, the
 * index of the record whose visit made it, or ORGCHECK_RULES_NO_VISIT. */
#define ORGCHECK_RULES_NO_VISIT ((size_t)-1)
int orgcheck_rules_run_tagged(struct orgcheck_findings *findings, size_t **visited_out,
			      unsigned long long *operations_out, const struct orgcheck_corpus *corpus,
			      const struct orgcheck_config *config, const struct orgcheck_date *today,
			      unsigned jobs, const size_t *visit, size_t visit_count, int names_kept,
			      struct orgcheck_error *err);

/* The records whose visits can give a finding that touches any of
 * keys or of the records focus[0 .. focus_count) (indexes, in order):
 * those records, the records they name, those that name them or name
 * what they name, and those with an id or a reference among keys (the
 * ids of focus files that are no records: deleted or unreadable). A
 * visiting rule reports on and relates only the record it visits and
 * records it reaches by id (the ones it names, those sharing its id),
 * so these are all it takes. *out (the caller's, freed with free) gets
 * the indexes in order, *count_out their number. Returns 0 or
 * ORGCHECK_ENOMEM. */
int orgcheck_rules_neighbours(size_t **out, size_t *count_out, const struct orgcheck_corpus *corpus,
			      const size_t *focus, size_t focus_count, const char *const *keys,
			      size_t key_count, struct orgcheck_error *err);

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

/* orgcheck_rule_edit_distance charged to run's suggestion budget: limit +
 * 1 (no suggestion) when the comparison does not fit in what is left,
 * which then drops to 0 so that later searches can be skipped whole. */
size_t orgcheck_rule_suggest_distance(struct orgcheck_rule_run *run, const char *a, const char *b,
				      size_t limit);

/* The kinds of byte (64 classes) in the length bytes at text: what
 * orgcheck_rule_suggest_known needs of a string besides its length. */
uint64_t orgcheck_rule_letters(const char *text, size_t length);

/* A string whose length and letters are known, so that a search holding
 * it against every id and name of the corpus need not read the strings it
 * can dismiss by those alone. */
struct orgcheck_rule_text {
	const char *text;
	size_t length;     /* strlen(text) */
	uint64_t letters;  /* orgcheck_rule_letters(text, length) */
};

/* orgcheck_rule_suggest_distance(run, a->text, b->text, limit): the same
 * distance, charged the same to the budget. */
size_t orgcheck_rule_suggest_known(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				   const struct orgcheck_rule_text *b, size_t limit);

/* orgcheck_rule_suggest_known in a search that cannot run out of budget
 * (what is left covers the whole table and both lengths of every one of
 * its candidates, so it may visit them in any order and skip some) and
 * was charged for reading all their lengths at once: charges the rows of
 * the table only. */
size_t orgcheck_rule_suggest_prepaid(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				     const struct orgcheck_rule_text *b, size_t limit);

/* Helpers shared by the groups of rules (common.c). */

/* Buffer sizes of the messages' parts: a formatted date, a list of
 * values or names. */
#define ORGCHECK_RULE_DATE_MAX 16
#define ORGCHECK_RULE_LIST_MAX 1024

/* s, or "none" for NULL (a claim without a source). */
const char *orgcheck_rule__or_none(const char *s);

/* How every message names a record: its display name and id, "Max
 * Planck Digital Library (0061msm67)" (record->label, set when the
 * corpus is indexed), else its id, else its file's name. Borrowed from
 * the corpus. */
const char *orgcheck_rule__record_label(const struct orgcheck_record *record);

/* orgcheck_rule__record_label under its former name. */
const char *orgcheck_rule__record_name(const struct orgcheck_record *record);

/* Orders positions by line, then column (-1, 0, 1). */
int orgcheck_rule__compare_pos(struct orgcheck_pos a, struct orgcheck_pos b);

/* What a date field is, in words ("founding date"), or NULL when field
 * does not hold a date. */
const char *orgcheck_rule__date_field_word(enum orgcheck_claim_field field);

/* Appends to buf at *at, keeping it terminated; a message that does not
 * fit is cut, never overrun. */
void orgcheck_rule__append(char *buf, size_t size, size_t *at, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Adds what figure counts ("figure", and "event" for an attendance) as
 * values of the finding just reported. */
int orgcheck_rule__figure_values(struct orgcheck_rule_run *run, const struct orgcheck_figure *figure);

/* The record's status as its first status claim states it ("active",
 * "inactive", "withdrawn", "dissolved"), or NULL when none is claimed. */
const char *orgcheck_rule__status(const struct orgcheck_record *record);

/* 1 unless a status claim says the record is not active: a record
 * without status is taken as active, as corpora without the field are. */
int orgcheck_rule__is_active(const struct orgcheck_record *record);

/* link is of the kind named name. */
int orgcheck_rule__is_kind(const struct orgcheck_link *link, const char *name);

/* The record at the other end of link when it exists, is of the kind the
 * reference expects and is not the holder itself; NULL otherwise (the
 * reference rules report those). */
const struct orgcheck_record *orgcheck_rule__link_other(const struct orgcheck_rule_run *run,
							const struct orgcheck_record *record,
							const struct orgcheck_link *link);

/* Adds the link's kind and its target (with the link's source) as values
 * of the finding just reported. */
int orgcheck_rule__link_values(struct orgcheck_rule_run *run, const struct orgcheck_link *link,
			       const char *target);

/* A rule that groups the entries of each record and compares pairs of
 * entries within a group (pairs.c): which entries, how they are keyed,
 * sorted and grouped, and what a pair is checked for. */
struct orgcheck_rule_pairs {
	size_t key_size;
	/* How many entries record has (its claims, figures, links). */
	size_t (*entry_count)(const struct orgcheck_record *record);
	/* Fills key from entry index of record; returns 0 to leave the entry
	 * out, 1 to keep it. */
	int (*key)(void *key, const struct orgcheck_record *record, size_t index, void *data);
	/* qsort order of the keys: by group, then by position. */
	int (*compare)(const void *a, const void *b);
	/* a and b, sorted neighbours, are of one group. */
	int (*same_group)(const void *a, const void *b);
	/* Checks later against earlier (a key sorted before it in its group)
	 * and reports what is wrong: returns 1 when it reported, 0 when not,
	 * or a negative error code. */
	int (*pair)(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
		    const void *later, const void *earlier, void *data);
	/* 0: every pair among the first ORGCHECK_RULES_PAIRWISE_MAX keys of a
	 * group, and each later key against those until it is reported once;
	 * 1: each key against the one sorted just before it. */
	int neighbours_only;
};

/* A pairs rule as a visitor: prepare sets up run->state, an array of
 * keys reused from record to record, finish frees it; visit runs pairs
 * over record when it has at least two entries, passing data to the
 * callbacks. Return 0 or a negative error code (ORGCHECK_ENOMEM in
 * run->err). */
int orgcheck_rule__pairs_prepare(struct orgcheck_rule_run *run);
int orgcheck_rule__pairs_visit(struct orgcheck_rule_run *run, const struct orgcheck_rule_pairs *pairs,
			       const struct orgcheck_record *record, void *data);
void orgcheck_rule__pairs_finish(struct orgcheck_rule_run *run);

/* The catalogue entries of each group of cross-record rules, sorted by
 * id: *count_out receives the group's length; the tables are static. */
const struct orgcheck_rule *orgcheck_rules_identity(size_t *count_out);    /* OC101-OC105 */
const struct orgcheck_rule *orgcheck_rules_references(size_t *count_out);  /* OC110-OC115 */
const struct orgcheck_rule *orgcheck_rules_links(size_t *count_out);       /* OC120-OC123 */
const struct orgcheck_rule *orgcheck_rules_founders(size_t *count_out);    /* OC130-OC132 */
const struct orgcheck_rule *orgcheck_rules_cycles(size_t *count_out);      /* OC133 */
const struct orgcheck_rule *orgcheck_rules_dates(size_t *count_out);       /* OC140-OC144 */
const struct orgcheck_rule *orgcheck_rules_claims(size_t *count_out);      /* OC150-OC152 */
const struct orgcheck_rule *orgcheck_rules_figures(size_t *count_out);     /* OC160-OC161 */

/* The rules, one function each. */
int orgcheck_rule_duplicate_id(struct orgcheck_rule_run *run);
int orgcheck_rule_id_file_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_possible_duplicate(struct orgcheck_rule_run *run);
int orgcheck_rule_duplicate_identifier(struct orgcheck_rule_run *run);
int orgcheck_rule_repeated_name(struct orgcheck_rule_run *run);
int orgcheck_rule_unresolved_reference(struct orgcheck_rule_run *run);
int orgcheck_rule_external_reference(struct orgcheck_rule_run *run);
int orgcheck_rule_wrong_target_kind(struct orgcheck_rule_run *run);
int orgcheck_rule_label_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_self_reference(struct orgcheck_rule_run *run);
int orgcheck_rule_duplicate_entry(struct orgcheck_rule_run *run);
int orgcheck_rule_one_sided_link(struct orgcheck_rule_run *run);
int orgcheck_rule_link_dates_disagree(struct orgcheck_rule_run *run);
int orgcheck_rule_link_to_withdrawn(struct orgcheck_rule_run *run);
int orgcheck_rule_cofounding_date_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_founded_later(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_born_later(struct orgcheck_rule_run *run);
int orgcheck_rule_founder_sets_differ(struct orgcheck_rule_run *run);
int orgcheck_rule_founding_cycle(struct orgcheck_rule_run *run);
int orgcheck_rule_dissolved_before_founded(struct orgcheck_rule_run *run);
int orgcheck_rule_outside_lifetime(struct orgcheck_rule_run *run);
int orgcheck_rule_relationship_before_party(struct orgcheck_rule_run *run);
int orgcheck_rule_date_in_future(struct orgcheck_rule_run *run);
int orgcheck_rule_term_reversed(struct orgcheck_rule_run *run);
int orgcheck_rule_incorporated_before_founded(struct orgcheck_rule_run *run);
int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run);
int orgcheck_rule_name_spellings_differ(struct orgcheck_rule_run *run);
int orgcheck_rule_acronym_mismatch(struct orgcheck_rule_run *run);
int orgcheck_rule_negative_count(struct orgcheck_rule_run *run);
int orgcheck_rule_figures_disagree(struct orgcheck_rule_run *run);

#endif
