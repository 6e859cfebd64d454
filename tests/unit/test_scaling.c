/* The cross-record rules cost linear time: a generated corpus of 20,000
 * records takes about twice the work of one of 10,000. Work is counted in
 * operations (records, names, references, links visited), not seconds, so
 * the test is exact and does not depend on the machine. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include <orgcheck/catalog.h>
#include <orgcheck/config.h>
#include "model/corpus.h"
#include "rules/rules.h"

#include "testutil.h"

/* Appends a zeroed item to an ORGCHECK_ARRAY and returns it. */
#define PUSH(array) (grow_array((void **)&(array).items, &(array).count, &(array).capacity, \
				sizeof(*(array).items)), &(array).items[(array).count - 1])

static void grow_array(void **items, size_t *count, size_t *capacity, size_t size)
{
	if (*count == *capacity) {
		*capacity = *capacity ? *capacity * 2 : 4;
		*items = realloc(*items, *capacity * size);
		assert_non_null(*items);
	}
	memset((char *)*items + *count * size, 0, size);
	(*count)++;
}

static void add_name(struct orgcheck_arena *arena, struct orgcheck_record *r,
		     enum orgcheck_name_kind kind, const char *value)
{
	struct orgcheck_name *name = PUSH(r->names);
	char folded[256];

	name->value = value;
	name->folded = test_arena_printf(arena, "%s", orgcheck_fold_name(folded, sizeof(folded), value));
	name->kind = kind;
	name->source = "000_6c5c9fcde8bb1e01.txt";
	name->pos.line = 3;
}

static void add_link(struct orgcheck_arena *arena, struct orgcheck_record *r, const char *kind,
		     const char *target, const char *label, int year)
{
	struct orgcheck_ref *ref = PUSH(r->refs);
	struct orgcheck_link *link = NULL;

	ref->target = target;
	ref->label = label;
	ref->expected = ORGCHECK_TARGET_ORGANIZATION;
	ref->context = "relationship";
	ref->source = "001_23c06b6e0b523bd9.txt";
	ref->pos.line = 10;
	link = PUSH(r->links);
	link->kind = orgcheck_vocab_find(kind);
	assert_non_null(link->kind);
	link->ref = r->refs.count - 1;
	link->date.year = year;
	link->source = ref->source;
	link->pos.line = 9;
	(void)arena;
}

/* A corpus of n organizations: each founded in a year, with an acronym,
 * a figure, a partnership with the next record (stated on both sides), a
 * membership in a group of ten (with the inverse), a founder (the
 * previous record, with the co-founding on its side), and a fixed number
 * of broken references (a letter too many in the id, the label right,
 * which suggestions must catch) so the "did you mean" search runs too. */
static struct orgcheck_corpus *generate(size_t n)
{
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_arena *arena = NULL;
	size_t i;

	assert_int_equal(orgcheck_corpus_new(&corpus, &err), 0);
	arena = corpus->arena;
	for (i = 0; i < n; i++) {
		struct orgcheck_record r;
		struct orgcheck_claim *founded = NULL;
		struct orgcheck_figure *figure = NULL;
		const char *id = test_arena_printf(arena, "org-%zu", i);
		const char *next = test_arena_printf(arena, "org-%zu", (i + 1) % n);
		const char *previous = test_arena_printf(arena, "org-%zu", (i + n - 1) % n);
		const char *hub = test_arena_printf(arena, "org-%zu", i / 10 * 10);

		memset(&r, 0, sizeof(r));
		r.id = id;
		r.kind = ORGCHECK_RECORD_ORGANIZATION;
		r.path = test_arena_printf(arena, "records/organizations/%s.xml", id);
		r.file_id = id;
		r.pos.line = 2;
		add_name(arena, &r, ORGCHECK_NAME_DISPLAY, test_arena_printf(arena, "Organization %zu", i));
		add_name(arena, &r, ORGCHECK_NAME_ACRONYM, test_arena_printf(arena, "O%zu", i));
		founded = PUSH(r.claims);
		founded->field = ORGCHECK_CLAIM_FOUNDED;
		founded->name = orgcheck_claim_field_name(ORGCHECK_CLAIM_FOUNDED);
		founded->value = "1950";
		founded->date.year = 1950;
		founded->source = "000_6c5c9fcde8bb1e01.txt";
		figure = PUSH(r.figures);
		figure->kind = "members";
		figure->value = (long long)(100 + i % 900);
		figure->value_ok = 1;
		figure->source = "000_6c5c9fcde8bb1e01.txt";
		add_link(arena, &r, "partnership", next, test_arena_printf(arena, "Organization %zu", (i + 1) % n), 2000);
		add_link(arena, &r, "partnership", previous, test_arena_printf(arena, "Organization %zu", (i + n - 1) % n),
			 2000);
		if (strcmp(hub, id) != 0) {
			add_link(arena, &r, "member-of", hub, test_arena_printf(arena, "Organization %zu", i / 10 * 10), 0);
		} else {
			size_t k;

			for (k = i + 1; k < i + 10 && k < n; k++)
				add_link(arena, &r, "has-member", test_arena_printf(arena, "org-%zu", k),
					 test_arena_printf(arena, "Organization %zu", k), 0);
		}
		if (i > 0)
			add_link(arena, &r, ORGCHECK_LINK_FOUNDED_BY, previous,
				 test_arena_printf(arena, "Organization %zu", i - 1), 0);
		if (i + 1 < n)
			add_link(arena, &r, ORGCHECK_LINK_CO_FOUNDED, next,
				 test_arena_printf(arena, "Organization %zu", i + 1), 0);
		if (i < 5)
			add_link(arena, &r, "related", test_arena_printf(arena, "org-%zux", i),
				 test_arena_printf(arena, "Organization %zu", i), 0);
		assert_int_equal(orgcheck_corpus_add(corpus, &r, &err), 0);
	}
	assert_int_equal(orgcheck_corpus_index(corpus, &err), 0);
	return corpus;
}

static unsigned long long rule_operations(size_t n, size_t *findings_out)
{
	struct orgcheck_corpus *corpus = generate(n);
	struct orgcheck_findings findings;
	struct orgcheck_config *config = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_date today = { 2026, 11, 21 };
	unsigned long long operations = 0;

	orgcheck_findings_init(&findings);
	assert_int_equal(orgcheck_config_new(&config, &err), 0);
	assert_int_equal(orgcheck_rules_run(&findings, &operations, corpus, config, &today, &err), 0);
	*findings_out = findings.count;
	orgcheck_findings_release(&findings);
	orgcheck_config_free(config);
	orgcheck_corpus_free(corpus);
	return operations;
}

static void test_doubling_the_corpus_doubles_the_rule_work(void **state)
{
	size_t findings_10k = 0;
	size_t findings_20k = 0;
	unsigned long long ops_10k = rule_operations(10000, &findings_10k);
	unsigned long long ops_20k = rule_operations(20000, &findings_20k);
	double ratio = (double)ops_20k / (double)ops_10k;

	(void)state;
	print_message("rule operations: 10,000 records %llu, 20,000 records %llu, ratio %.3f\n",
		      ops_10k, ops_20k, ratio);
	/* The generated corpus is consistent but for the five broken
	 * references, so both sizes report the same findings... */
	assert_int_equal(findings_10k, findings_20k);
	assert_true(findings_10k >= 5);
	/* ...and the work grows linearly: a quadratic rule would make it 4. */
	assert_true(ratio > 1.8);
	assert_true(ratio < 2.2);
}

/* Runs OC110 alone over corpus with budget per search: its findings into
 * findings, the budget all searches spent into *spent, the most one
 * search spent into *peak. */
static void unresolved_references(struct orgcheck_findings *findings, unsigned long long *spent,
				  unsigned long long *peak, const struct orgcheck_corpus *corpus,
				  unsigned long long budget)
{
	struct orgcheck_rule_run run;
	struct orgcheck_error err = { 0 };

	memset(&run, 0, sizeof(run));
	orgcheck_findings_init(findings);
	run.corpus = corpus;
	run.today.year = 2026;
	run.findings = findings;
	run.err = &err;
	run.rule = orgcheck_catalog_find("OC110");
	run.suggestion_limit = budget;
	assert_non_null(run.rule);
	assert_int_equal(orgcheck_rule_unresolved_reference(&run), 0);
	*spent = run.suggestion_spent;
	*peak = run.suggestion_peak;
}

/* "Did you mean" compares only the candidates of about the right length
 * when its budget cannot run out, and every candidate in order otherwise:
 * both give the same suggestions and spend the same budget. A budget per
 * search of exactly what the costliest search spent is too small for the
 * shortcut (it must leave room for every whole table) but enough to
 * finish in order. */
static void test_did_you_mean_same_with_or_without_the_shortcut(void **state)
{
	struct orgcheck_corpus *corpus = generate(3000);
	struct orgcheck_findings shortcut;
	struct orgcheck_findings in_order;
	unsigned long long spent_shortcut = 0;
	unsigned long long spent_in_order = 0;
	unsigned long long peak_shortcut = 0;
	unsigned long long peak_in_order = 0;
	size_t suggestions = 0;
	size_t i;

	(void)state;
	unresolved_references(&shortcut, &spent_shortcut, &peak_shortcut, corpus,
			      ORGCHECK_RULES_SUGGESTION_BUDGET);
	unresolved_references(&in_order, &spent_in_order, &peak_in_order, corpus, peak_shortcut);
	assert_true(spent_shortcut > 0);
	assert_int_equal(spent_in_order, spent_shortcut);
	assert_int_equal(peak_in_order, peak_shortcut);
	assert_int_equal(in_order.count, shortcut.count);
	for (i = 0; i < shortcut.count; i++) {
		assert_string_equal(in_order.items[i].message, shortcut.items[i].message);
		suggestions += strstr(shortcut.items[i].message, "did you mean 'org-") != NULL;
	}
	/* Each of the five broken references ("org-Nx") has its suggestion. */
	assert_int_equal(suggestions, 5);
	orgcheck_findings_release(&shortcut);
	orgcheck_findings_release(&in_order);
	orgcheck_corpus_free(corpus);
}

/* The generated corpus with discrepancies spread over it, for several
 * rules that visit records one at a time: labels that name no target
 * (OC112), foundings in the future (OC143, OC130), partnerships dated
 * before the partner was founded (OC142). */
static struct orgcheck_corpus *generate_broken(size_t n)
{
	struct orgcheck_corpus *corpus = generate(n);
	size_t i;

	for (i = 0; i < corpus->count; i++) {
		struct orgcheck_record *r = &corpus->records[i];

		if (i % 97 == 0)
			r->refs.items[0].label = "Someone Else";
		if (i % 89 == 0)
			r->claims.items[0].date.year = 2030;
		if (i % 83 == 0)
			r->links.items[0].date.year = 1900;
	}
	return corpus;
}

static void run_rules(struct orgcheck_findings *findings, unsigned long long *operations,
		      const struct orgcheck_corpus *corpus, unsigned jobs)
{
	struct orgcheck_config *config = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_date today = { 2026, 11, 21 };

	orgcheck_findings_init(findings);
	assert_int_equal(orgcheck_config_new(&config, &err), 0);
	assert_int_equal(orgcheck_rules_run_jobs(findings, operations, corpus, config, &today, jobs, &err), 0);
	orgcheck_config_free(config);
}

/* The engine visits the records in slices on several threads and joins
 * each rule's findings slice by slice: on any number of threads the
 * findings are those of one thread, in the same order, and so is the
 * work counted. */
static void test_findings_the_same_on_any_number_of_threads(void **state)
{
	struct orgcheck_corpus *corpus = generate_broken(5000);
	struct orgcheck_findings one;
	struct orgcheck_findings many;
	unsigned long long ops_one = 0;
	unsigned long long ops_many = 0;
	static const unsigned jobs[] = { 2, 8 };
	size_t rules_seen = 0;
	size_t j;
	size_t i;

	(void)state;
	run_rules(&one, &ops_one, corpus, 1);
	/* Findings of several rules, from every part of the corpus. */
	for (i = 0; i < one.count; i++)
		rules_seen += i == 0 || strcmp(orgcheck_finding_rule_id(&one.items[i]),
					       orgcheck_finding_rule_id(&one.items[i - 1])) != 0;
	assert_true(one.count > 150);
	assert_true(rules_seen >= 4);
	for (i = 0; i < one.count && strstr(one.items[i].primary.path, "org-49") == NULL; i++)
		;
	assert_true(i < one.count);  /* from the last slice too */
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		run_rules(&many, &ops_many, corpus, jobs[j]);
		assert_int_equal(many.count, one.count);
		assert_true(ops_many == ops_one);
		for (i = 0; i < one.count; i++) {
			assert_string_equal(orgcheck_finding_rule_id(&many.items[i]),
					    orgcheck_finding_rule_id(&one.items[i]));
			assert_string_equal(many.items[i].primary.path, one.items[i].primary.path);
			assert_string_equal(many.items[i].message, one.items[i].message);
		}
		orgcheck_findings_release(&many);
	}
	orgcheck_findings_release(&one);
	orgcheck_corpus_free(corpus);
}

/* org-0 states partnerships with org-1 (which has no back-link), org-2
 * (twice, in 2000 and 1999, whose back-link says 2001) and filler records
 * that answer in kind; with duplicate, a second record holds org-0's id. */
static struct orgcheck_corpus *link_corpus(size_t filler, int duplicate)
{
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_arena *arena = NULL;
	struct orgcheck_record r;
	size_t n = 3 + filler;
	size_t i;
	size_t k;

	assert_int_equal(orgcheck_corpus_new(&corpus, &err), 0);
	arena = corpus->arena;
	for (i = 0; i < n + (duplicate ? 1 : 0); i++) {
		const char *id = test_arena_printf(arena, "org-%zu", i < n ? i : 0);

		memset(&r, 0, sizeof(r));
		r.id = id;
		r.kind = ORGCHECK_RECORD_ORGANIZATION;
		/* The duplicate sorts last: org-0 stays the id's first record. */
		r.path = i < n ? test_arena_printf(arena, "records/organizations/%s.xml", id)
			       : "records/organizations/zz-copy.xml";
		r.file_id = i < n ? id : "zz-copy";
		r.pos.line = 2;
		add_name(arena, &r, ORGCHECK_NAME_DISPLAY, test_arena_printf(arena, "Organization %zu", i));
		if (i == 0) {
			for (k = 1; k < n; k++)
				add_link(arena, &r, "partnership", test_arena_printf(arena, "org-%zu", k),
					 test_arena_printf(arena, "Organization %zu", k), 2000);
			/* A second statement of one partnership: the rules read
			 * every link with a key, not only the first. */
			add_link(arena, &r, "partnership", "org-2", "Organization 2", 1999);
		} else if (i >= 2 && i < n) {
			add_link(arena, &r, "partnership", "org-0", "Organization 0", i == 2 ? 2001 : 2000);
		}
		assert_int_equal(orgcheck_corpus_add(corpus, &r, &err), 0);
	}
	assert_int_equal(orgcheck_corpus_index(corpus, &err), 0);
	return corpus;
}

/* The findings of the link rules (OC120, OC121) over corpus, one line
 * each, in the order they come. */
static char *link_findings(struct orgcheck_corpus *corpus)
{
	struct orgcheck_findings findings;
	struct orgcheck_config *config = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_date today = { 2026, 11, 21 };
	const struct orgcheck_finding *f = NULL;
	char *text = calloc(1, 1);
	size_t length = 0;
	char line[2048];
	size_t i;

	assert_non_null(text);
	orgcheck_findings_init(&findings);
	assert_int_equal(orgcheck_config_new(&config, &err), 0);
	assert_int_equal(orgcheck_rules_run(&findings, NULL, corpus, config, &today, &err), 0);
	for (i = 0; i < findings.count; i++) {
		f = &findings.items[i];
		if (strcmp(f->rule->id, "OC120") != 0 && strcmp(f->rule->id, "OC121") != 0)
			continue;
		snprintf(line, sizeof(line), "%s %s:%lu %s (%zu related)\n", f->rule->id, f->primary.path,
			 f->primary.line, f->message, f->related_count);
		text = realloc(text, length + strlen(line) + 1);
		assert_non_null(text);
		memcpy(text + length, line, strlen(line) + 1);
		length += strlen(line);
	}
	orgcheck_findings_release(&findings);
	orgcheck_config_free(config);
	orgcheck_corpus_free(corpus);
	return text;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/* The link rules look links up by walking a record's own links when it
 * has a few and an id of its own, else in an index: a record with many
 * links and a record sharing its id give the same findings about the
 * same two links. */
static void test_link_rules_the_same_walked_or_indexed(void **state)
{
	char *walked = link_findings(link_corpus(0, 0));
	char *many = link_findings(link_corpus(60, 0));
	char *shared = link_findings(link_corpus(0, 1));

	(void)state;
	/* One partner without its back-link, one whose dates disagree
	 * with both of org-0's. */
	assert_non_null(strstr(walked, "OC120 records/organizations/org-0.xml"));
	assert_non_null(strstr(walked, "(org-0) dates its partnership with Organization 2 (org-2) 1999"));
	assert_non_null(strstr(walked, "(org-0) dates its partnership with Organization 2 (org-2) 2000"));
	assert_int_equal(count_lines(walked), 3);
	assert_string_equal(many, walked);
	assert_string_equal(shared, walked);
	free(walked);
	free(many);
	free(shared);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling_the_corpus_doubles_the_rule_work),
		cmocka_unit_test(test_did_you_mean_same_with_or_without_the_shortcut),
		cmocka_unit_test(test_findings_the_same_on_any_number_of_threads),
		cmocka_unit_test(test_link_rules_the_same_walked_or_indexed),
	};

	return cmocka_run_group_tests_name("scaling", tests, NULL, NULL);
}
