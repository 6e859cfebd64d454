/* The corpus index: records end up in path order, each knows the first
 * record with its id, references resolve to that record, and names find
 * their records in path order; on a small corpus and on a large one. */
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

#include "testutil.h"

/* Record number i of n, added in reverse path order so the index must
 * sort: id "org-<i>" (but records 1 and 2 both take "org-dup"), the name
 * "Shared" on every tenth record, and a reference to the next record's
 * id plus one to an id no record has. */
static void add_record(struct orgcheck_corpus *corpus, size_t i, size_t n)
{
	struct orgcheck_arena *arena = corpus->arena;
	struct orgcheck_error err = { 0 };
	struct orgcheck_record r;
	size_t names = i % 10 == 0 ? 2 : 1;
	size_t k;

	memset(&r, 0, sizeof(r));
	r.id = (i == 1 || i == 2) ? "org-dup" : test_arena_printf(arena, "org-%06zu", i);
	r.kind = ORGCHECK_RECORD_ORGANIZATION;
	r.path = test_arena_printf(arena, "records/%06zu.xml", i);
	r.names.items = calloc(names, sizeof(*r.names.items));
	r.refs.items = calloc(2, sizeof(*r.refs.items));
	assert_non_null(r.names.items);
	assert_non_null(r.refs.items);
	r.names.count = r.names.capacity = names;
	r.refs.count = r.refs.capacity = 2;
	r.names.items[0].value = test_arena_printf(arena, "Organization %zu", i);
	r.names.items[0].folded = test_arena_printf(arena, "organization %zu", i);
	if (names == 2) {
		r.names.items[1].value = "Shared";
		r.names.items[1].folded = "shared";
	}
	k = (i + 1) % n;
	r.refs.items[0].target = (k == 1 || k == 2) ? "org-dup" : test_arena_printf(arena, "org-%06zu", k);
	r.refs.items[1].target = "no-such-record";
	assert_int_equal(orgcheck_corpus_add(corpus, &r, &err), 0);
}

static void check_index(size_t n, unsigned threads)
{
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_error err = { 0 };
	const struct orgcheck_name_hit *hits = NULL;
	const struct orgcheck_record *record = NULL;
	size_t count = 0;
	size_t i;

	assert_int_equal(orgcheck_corpus_new(&corpus, &err), 0);
	for (i = n; i-- > 0;)
		add_record(corpus, i, n);
	assert_int_equal(orgcheck_corpus_index_with(corpus, threads, &err), 0);
	assert_int_equal(corpus->count, n);
	for (i = 0; i < n; i++) {
		record = &corpus->records[i];
		/* Sorted by path. */
		assert_true(i == 0 || strcmp(corpus->records[i - 1].path, record->path) < 0);
		/* The first of the two "org-dup" records stands for both. */
		if (i == 1 || i == 2)
			assert_ptr_equal(record->first_with_id, &corpus->records[1]);
		else
			assert_ptr_equal(record->first_with_id, record);
		assert_ptr_equal(record->refs.items[0].resolved, corpus->records[(i + 1) % n].first_with_id);
		assert_null(record->refs.items[1].resolved);
	}
	assert_ptr_equal(orgcheck_corpus_find(corpus, "org-dup"), &corpus->records[1]);
	assert_null(orgcheck_corpus_find(corpus, "org-"));
	count = orgcheck_corpus_find_name(&hits, corpus, "shared");
	assert_int_equal(count, (n + 9) / 10);
	for (i = 0; i < count; i++) {
		assert_int_equal(hits[i].record, i * 10);
		assert_int_equal(hits[i].name, 1);
	}
	count = orgcheck_corpus_find_name(&hits, corpus, "organization 7");
	assert_int_equal(count, 1);
	assert_int_equal(hits[0].record, 7);
	assert_int_equal(orgcheck_corpus_find_name(&hits, corpus, "organization"), 0);
	orgcheck_corpus_free(corpus);
}

static void test_small_corpus(void **state)
{
	(void)state;
	check_index(50, 1);
	check_index(50, 2);
}

static void test_large_corpus(void **state)
{
	(void)state;
	check_index(20000, 1);
	/* Large enough for the names and half the references on a thread of
	 * their own. */
	check_index(20000, 2);
}

/* A record at path with id and, unless NULL, one name (folded the same,
 * which is all the index reads), referring to target unless NULL. */
static void add_named(struct orgcheck_corpus *corpus, const char *path, const char *id,
		      const char *name, const char *target)
{
	struct orgcheck_error err = { 0 };
	struct orgcheck_record r;

	memset(&r, 0, sizeof(r));
	r.id = id;
	r.file_id = "file";
	r.kind = ORGCHECK_RECORD_PERSON;
	r.path = path;
	if (name != NULL) {
		r.names.items = calloc(1, sizeof(*r.names.items));
		assert_non_null(r.names.items);
		r.names.count = r.names.capacity = 1;
		r.names.items[0].value = name;
		r.names.items[0].folded = name;
	}
	if (target != NULL) {
		r.refs.items = calloc(1, sizeof(*r.refs.items));
		assert_non_null(r.refs.items);
		r.refs.count = r.refs.capacity = 1;
		r.refs.items[0].target = target;
	}
	assert_int_equal(orgcheck_corpus_add(corpus, &r, &err), 0);
}

static void count_names(void *data, const char *folded, const struct orgcheck_name_hit *hits,
			size_t count)
{
	size_t *seen = data;

	assert_non_null(folded);
	assert_non_null(hits);
	assert_true(count > 0);
	*seen += count;
}

/* Ids of any length find their records, those that share a long prefix
 * too; labels are "name (id)", the name cut on a character boundary. */
static void test_ids_and_labels(void **state)
{
	/* 23, 24 and 25 bytes; two of 40 that differ only at the end. */
	static const char *const ids[] = {
		"abcdefghijklmnopqrstuvw", "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwxy",
		"a-long-identifier-of-forty-bytes-ends-1", "a-long-identifier-of-forty-bytes-ends-2",
	};
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_error err = { 0 };
	char long_name[200];
	char path[32];
	char expected[256];
	size_t seen = 0;
	size_t i;

	(void)state;
	assert_int_equal(orgcheck_corpus_new(&corpus, &err), 0);
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "r/%zu.xml", i);
		add_named(corpus, test_arena_printf(corpus->arena, "%s", path), ids[i], "Name",
			  ids[(i + 1) % 5]);
	}
	/* 159 bytes of 'x', then a two-byte character across the cut. */
	memset(long_name, 'x', 159);
	memcpy(long_name + 159, "\xc3\xa9tail", 7);
	long_name[166] = '\0';
	add_named(corpus, "r/5.xml", "cut", long_name, "abcdefghijklmnopqrstuvwxyz");
	add_named(corpus, "r/6.xml", NULL, "Nameless Id", NULL);
	add_named(corpus, "r/7.xml", "unnamed", NULL, NULL);
	assert_int_equal(orgcheck_corpus_index(corpus, &err), 0);
	for (i = 0; i < 5; i++) {
		assert_ptr_equal(orgcheck_corpus_find(corpus, ids[i]), &corpus->records[i]);
		assert_ptr_equal(corpus->records[i].first_with_id, &corpus->records[i]);
		assert_ptr_equal(corpus->records[i].refs.items[0].resolved, &corpus->records[(i + 1) % 5]);
		snprintf(expected, sizeof(expected), "Name (%s)", ids[i]);
		assert_string_equal(corpus->records[i].label, expected);
	}
	assert_null(orgcheck_corpus_find(corpus, "abcdefghijklmnopqrstuv"));
	assert_null(orgcheck_corpus_find(corpus, "a-long-identifier-of-forty-bytes-ends-"));
	assert_null(corpus->records[5].refs.items[0].resolved);
	snprintf(expected, sizeof(expected), "%.159s... (cut)", long_name);
	assert_string_equal(corpus->records[5].label, expected);
	assert_string_equal(corpus->records[6].label, "Nameless Id (file)");
	assert_string_equal(corpus->records[7].label, "unnamed");
	orgcheck_corpus_each_name(corpus, count_names, &seen);
	assert_int_equal(seen, 7);
	orgcheck_corpus_free(corpus);
}

/* Records taken over as they are need the room reserved first. */
static void test_take(void **state)
{
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_record records[3];

	(void)state;
	memset(records, 0, sizeof(records));
	records[0].path = "b.xml";
	records[1].path = "a.xml";
	records[2].path = "c.xml";
	assert_int_equal(orgcheck_corpus_new(&corpus, &err), 0);
	assert_int_equal(orgcheck_corpus_reserve(corpus, 2, &err), 0);
	assert_int_equal(orgcheck_corpus_take(corpus, records, 2, &err), 0);
	assert_int_equal(orgcheck_corpus_take(corpus, records + 2, 1, &err), ORGCHECK_ENOMEM);
	assert_int_equal(corpus->count, 2);
	assert_int_equal(orgcheck_corpus_index(corpus, &err), 0);
	assert_string_equal(corpus->records[0].path, "a.xml");
	assert_string_equal(corpus->records[1].path, "b.xml");
	orgcheck_corpus_free(corpus);
}

/* Claim fields have one name each, as the messages and values quote
 * them; the start and end of a lifetime are found by field. */
static void test_claim_fields(void **state)
{
	static const char *const names[] = {
		"founded", "incorporated", "dissolved", "born", "died",
		"headquarters country", "us-tax-id", "legal status", "identifier",
	};
	struct orgcheck_claim claims[3];
	struct orgcheck_record r;
	size_t at = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_string_equal(orgcheck_claim_field_name((enum orgcheck_claim_field)i), names[i]);
	assert_string_equal(orgcheck_claim_field_name((enum orgcheck_claim_field)99), "unknown");

	memset(&r, 0, sizeof(r));
	memset(claims, 0, sizeof(claims));
	r.kind = ORGCHECK_RECORD_ORGANIZATION;
	r.claims.items = claims;
	r.claims.count = 3;
	claims[0].field = ORGCHECK_CLAIM_FOUNDED;
	claims[0].date.year = 1990;
	claims[1].field = ORGCHECK_CLAIM_BORN;
	claims[1].date.year = 1980;
	claims[2].field = ORGCHECK_CLAIM_FOUNDED;
	claims[2].date.year = 1985;
	assert_ptr_equal(orgcheck_record_next_claim(&r, ORGCHECK_CLAIM_FOUNDED, &at), &claims[0]);
	assert_ptr_equal(orgcheck_record_next_claim(&r, ORGCHECK_CLAIM_FOUNDED, &at), &claims[2]);
	assert_null(orgcheck_record_next_claim(&r, ORGCHECK_CLAIM_FOUNDED, &at));
	orgcheck_record_find_lifetime(&r);
	/* An organization's birth claim is not its founding. */
	assert_ptr_equal(r.start_claim, &claims[2]);
	assert_null(r.end_claim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_corpus),
		cmocka_unit_test(test_large_corpus),
		cmocka_unit_test(test_ids_and_labels),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_claim_fields),
	};

	return cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
}
