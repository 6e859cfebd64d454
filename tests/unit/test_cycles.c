/* OC133: founding and parent cycles are found in linear time, without
 * recursion, and each is reported once, on its record with the smallest
 * id. */
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
#include "model/corpus.h"
#include "rules/rules.h"

#include "testutil.h"

struct fixture {
	struct orgcheck_corpus *corpus;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL || orgcheck_corpus_new(&fx->corpus, &fx->err) < 0)
		return -1;
	orgcheck_findings_init(&fx->findings);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_findings_release(&fx->findings);
	orgcheck_corpus_free(fx->corpus);
	free(fx);
	return 0;
}

static void grow(void **items, size_t *count, size_t *capacity, size_t size)
{
	if (*count == *capacity) {
		*capacity = *capacity ? *capacity * 2 : 4;
		*items = realloc(*items, *capacity * size);
		assert_non_null(*items);
	}
	memset((char *)*items + *count * size, 0, size);
	(*count)++;
}

#define PUSH(array) (grow((void **)&(array).items, &(array).count, &(array).capacity, \
			  sizeof(*(array).items)), &(array).items[(array).count - 1])

/* Adds organization id with links: pairs of (kind, target), NULL-ended. */
static void add_org(struct fixture *fx, const char *id, ...)
{
	struct orgcheck_record r;
	const char *kind = NULL;
	va_list ap;

	memset(&r, 0, sizeof(r));
	r.id = test_arena_printf(fx->corpus->arena, "%s", id);
	r.kind = ORGCHECK_RECORD_ORGANIZATION;
	r.path = test_arena_printf(fx->corpus->arena, "records/organizations/%s.xml", id);
	r.file_id = r.id;
	r.pos.line = 2;
	r.pos.column = 1;
	va_start(ap, id);
	while ((kind = va_arg(ap, const char *)) != NULL) {
		struct orgcheck_ref *ref = PUSH(r.refs);
		struct orgcheck_link *link = NULL;

		ref->target = test_arena_printf(fx->corpus->arena, "%s", va_arg(ap, const char *));
		ref->label = ref->target;
		ref->expected = ORGCHECK_TARGET_ORGANIZATION;
		ref->pos.line = 4 + (unsigned long)r.links.count;
		link = PUSH(r.links);
		link->kind = orgcheck_vocab_find(kind);
		assert_non_null(link->kind);
		link->ref = r.refs.count - 1;
		link->pos = ref->pos;
	}
	va_end(ap);
	assert_int_equal(orgcheck_corpus_add(fx->corpus, &r, &fx->err), 0);
}

static void run_rule(struct fixture *fx)
{
	struct orgcheck_rule_run run;

	assert_int_equal(orgcheck_corpus_index(fx->corpus, &fx->err), 0);
	memset(&run, 0, sizeof(run));
	run.corpus = fx->corpus;
	run.findings = &fx->findings;
	run.err = &fx->err;
	run.rule = orgcheck_catalog_find("OC133");
	assert_non_null(run.rule);
	assert_int_equal(orgcheck_rule_founding_cycle(&run), 0);
}

static void test_two_founders_of_each_other(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	add_org(fx, "b", ORGCHECK_LINK_FOUNDED_BY, "a", (const char *)NULL);
	add_org(fx, "a", ORGCHECK_LINK_FOUNDED_BY, "b", (const char *)NULL);
	add_org(fx, "c", ORGCHECK_LINK_FOUNDED_BY, "a", (const char *)NULL);
	run_rule(fx);
	assert_int_equal(fx->findings.count, 1);
	f = &fx->findings.items[0];
	assert_string_equal(f->rule->id, "OC133");
	assert_string_equal(f->primary.record, "a");
	assert_int_equal(f->primary.line, 4);
	assert_non_null(strstr(f->message, "founding cycle a -> b -> a"));
	assert_int_equal(f->related_count, 1);
	assert_string_equal(f->related[0].record, "b");
}

/* A co-founding stated only on the founder's side makes the same edge. */
static void test_cycle_through_co_foundings(void **state)
{
	struct fixture *fx = *state;

	add_org(fx, "x", ORGCHECK_LINK_CO_FOUNDED, "y", (const char *)NULL);
	add_org(fx, "y", ORGCHECK_LINK_CO_FOUNDED, "z", (const char *)NULL);
	add_org(fx, "z", ORGCHECK_LINK_CO_FOUNDED, "x", (const char *)NULL);
	run_rule(fx);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].primary.record, "x");
	assert_non_null(strstr(fx->findings.items[0].message, "founding cycle x -> z -> y -> x"));
}

static void test_parent_cycle_from_child_links(void **state)
{
	struct fixture *fx = *state;

	add_org(fx, "p", "child", "q", (const char *)NULL);
	add_org(fx, "q", "child", "r", (const char *)NULL);
	add_org(fx, "r", "parent", "q", "child", "p", (const char *)NULL);
	run_rule(fx);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].primary.record, "p");
	assert_non_null(strstr(fx->findings.items[0].message, "parent cycle p -> r -> q -> p"));
}

/* Two circles sharing a record are one tangle, reported once; a diamond,
 * an unresolved founder and a self-reference are no cycles. */
static void test_one_finding_per_tangle(void **state)
{
	struct fixture *fx = *state;

	add_org(fx, "m", ORGCHECK_LINK_FOUNDED_BY, "n", ORGCHECK_LINK_FOUNDED_BY, "o", (const char *)NULL);
	add_org(fx, "n", ORGCHECK_LINK_FOUNDED_BY, "m", (const char *)NULL);
	add_org(fx, "o", ORGCHECK_LINK_FOUNDED_BY, "m", (const char *)NULL);
	add_org(fx, "d1", ORGCHECK_LINK_FOUNDED_BY, "d2", ORGCHECK_LINK_FOUNDED_BY, "d3", (const char *)NULL);
	add_org(fx, "d2", ORGCHECK_LINK_FOUNDED_BY, "d4", (const char *)NULL);
	add_org(fx, "d3", ORGCHECK_LINK_FOUNDED_BY, "d4", ORGCHECK_LINK_FOUNDED_BY, "nowhere",
		ORGCHECK_LINK_FOUNDED_BY, "d3", (const char *)NULL);
	add_org(fx, "d4", (const char *)NULL);
	run_rule(fx);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].primary.record, "m");
}

#define LONG 100000

/* A chain of 100,000 founders, then the same chain closed into a circle:
 * no recursion, so no stack overflow; one finding for the circle. */
static void test_long_chain_and_long_cycle(void **state)
{
	struct fixture *fx = *state;
	char id[32];
	char next[32];
	size_t i;

	for (i = 0; i < LONG; i++) {
		snprintf(id, sizeof(id), "org-%06zu", i);
		snprintf(next, sizeof(next), "org-%06zu", i + 1);
		if (i + 1 < LONG)
			add_org(fx, id, ORGCHECK_LINK_FOUNDED_BY, next, (const char *)NULL);
		else
			add_org(fx, id, (const char *)NULL);
	}
	run_rule(fx);
	assert_int_equal(fx->findings.count, 0);

	teardown(state);
	assert_int_equal(setup(state), 0);
	fx = *state;
	for (i = 0; i < LONG; i++) {
		snprintf(id, sizeof(id), "org-%06zu", i);
		snprintf(next, sizeof(next), "org-%06zu", (i + 1) % LONG);
		add_org(fx, id, ORGCHECK_LINK_FOUNDED_BY, next, (const char *)NULL);
	}
	run_rule(fx);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].primary.record, "org-000000");
	assert_non_null(strstr(fx->findings.items[0].message, "(100000 records)"));
	assert_int_equal(fx->findings.items[0].related_count, LONG - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_two_founders_of_each_other, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cycle_through_co_foundings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parent_cycle_from_child_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_finding_per_tangle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_chain_and_long_cycle, setup, teardown),
	};

	return cmocka_run_group_tests_name("cycles", tests, NULL, NULL);
}
