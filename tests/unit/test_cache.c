/* The cache of the per-file work: a record and its findings come back
 * from an entry exactly as they were extracted, field by field, and an
 * entry answers only for its own stat and bytes. */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include <orgcheck/schema.h>
#include "input/cache.h"
#include "input/extract.h"
#include "input/schema.h"
#include "model/model.h"
#include "util/arena.h"
#include "testutil.h"

static void same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_pos(const struct orgcheck_pos *a, const struct orgcheck_pos *b)
{
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
}

static void same_date(const struct orgcheck_date *a, const struct orgcheck_date *b)
{
	assert_int_equal(a->year, b->year);
	assert_int_equal(a->month, b->month);
	assert_int_equal(a->day, b->day);
}

/* Every field the model has (the sizes asserted in cache.c keep this
 * list and the serializer in step with it). */
static void same_record(const struct orgcheck_record *a, const struct orgcheck_record *b)
{
	size_t i;

	same_text(a->id, b->id);
	assert_int_equal(a->kind, b->kind);
	same_text(a->path, b->path);
	same_text(a->file_id, b->file_id);
	same_pos(&a->pos, &b->pos);
	assert_int_equal(a->names.count, b->names.count);
	for (i = 0; i < a->names.count; i++) {
		same_text(a->names.items[i].value, b->names.items[i].value);
		same_text(a->names.items[i].folded, b->names.items[i].folded);
		assert_int_equal(a->names.items[i].kind, b->names.items[i].kind);
		same_text(a->names.items[i].lang, b->names.items[i].lang);
		same_text(a->names.items[i].source, b->names.items[i].source);
		same_pos(&a->names.items[i].pos, &b->names.items[i].pos);
	}
	assert_int_equal(a->claims.count, b->claims.count);
	for (i = 0; i < a->claims.count; i++) {
		assert_int_equal(a->claims.items[i].field, b->claims.items[i].field);
		same_text(a->claims.items[i].name, b->claims.items[i].name);
		same_text(a->claims.items[i].value, b->claims.items[i].value);
		same_date(&a->claims.items[i].date, &b->claims.items[i].date);
		same_text(a->claims.items[i].source, b->claims.items[i].source);
		same_pos(&a->claims.items[i].pos, &b->claims.items[i].pos);
	}
	assert_int_equal(a->refs.count, b->refs.count);
	for (i = 0; i < a->refs.count; i++) {
		same_text(a->refs.items[i].target, b->refs.items[i].target);
		same_text(a->refs.items[i].label, b->refs.items[i].label);
		assert_int_equal(a->refs.items[i].expected, b->refs.items[i].expected);
		same_text(a->refs.items[i].context, b->refs.items[i].context);
		same_text(a->refs.items[i].source, b->refs.items[i].source);
		same_pos(&a->refs.items[i].pos, &b->refs.items[i].pos);
	}
	assert_int_equal(a->links.count, b->links.count);
	for (i = 0; i < a->links.count; i++) {
		assert_ptr_equal(a->links.items[i].kind, b->links.items[i].kind);
		assert_int_equal(a->links.items[i].ref, b->links.items[i].ref);
		same_date(&a->links.items[i].date, &b->links.items[i].date);
		same_date(&a->links.items[i].from, &b->links.items[i].from);
		same_date(&a->links.items[i].to, &b->links.items[i].to);
		same_text(a->links.items[i].source, b->links.items[i].source);
		same_pos(&a->links.items[i].pos, &b->links.items[i].pos);
	}
	assert_int_equal(a->figures.count, b->figures.count);
	for (i = 0; i < a->figures.count; i++) {
		same_text(a->figures.items[i].kind, b->figures.items[i].kind);
		same_text(a->figures.items[i].scope, b->figures.items[i].scope);
		assert_true(a->figures.items[i].value == b->figures.items[i].value);
		assert_int_equal(a->figures.items[i].value_ok, b->figures.items[i].value_ok);
		assert_int_equal(a->figures.items[i].qualifier, b->figures.items[i].qualifier);
		same_text(a->figures.items[i].as_written, b->figures.items[i].as_written);
		same_date(&a->figures.items[i].as_of, &b->figures.items[i].as_of);
		same_text(a->figures.items[i].source, b->figures.items[i].source);
		same_pos(&a->figures.items[i].pos, &b->figures.items[i].pos);
	}
	assert_int_equal(a->dated.count, b->dated.count);
	for (i = 0; i < a->dated.count; i++) {
		same_text(a->dated.items[i].what, b->dated.items[i].what);
		same_text(a->dated.items[i].attribute, b->dated.items[i].attribute);
		same_date(&a->dated.items[i].date, &b->dated.items[i].date);
		same_text(a->dated.items[i].source, b->dated.items[i].source);
		same_pos(&a->dated.items[i].pos, &b->dated.items[i].pos);
	}
	assert_int_equal(a->terms.count, b->terms.count);
	for (i = 0; i < a->terms.count; i++) {
		same_text(a->terms.items[i].what, b->terms.items[i].what);
		same_date(&a->terms.items[i].from, &b->terms.items[i].from);
		same_date(&a->terms.items[i].to, &b->terms.items[i].to);
		same_text(a->terms.items[i].source, b->terms.items[i].source);
		same_pos(&a->terms.items[i].pos, &b->terms.items[i].pos);
	}
	assert_int_equal(a->honorifics.count, b->honorifics.count);
	for (i = 0; i < a->honorifics.count; i++)
		same_text(a->honorifics.items[i], b->honorifics.items[i]);
	assert_int_equal(a->locations.count, b->locations.count);
	for (i = 0; i < a->locations.count; i++) {
		same_text(a->locations.items[i].country, b->locations.items[i].country);
		same_text(a->locations.items[i].region_code, b->locations.items[i].region_code);
		same_text(a->locations.items[i].city, b->locations.items[i].city);
		same_text(a->locations.items[i].geonames_id, b->locations.items[i].geonames_id);
		same_text(a->locations.items[i].source, b->locations.items[i].source);
		same_pos(&a->locations.items[i].pos, &b->locations.items[i].pos);
	}
}

/* Extracts the record at path, stores it in a cache in dir, reads the
 * cache back and checks the entry gives the same record and findings. */
static void round_trip(const char *path)
{
	struct orgcheck_schema *schema = NULL;
	struct orgcheck_arena *arena = orgcheck_arena_new();
	struct orgcheck_findings findings;
	struct orgcheck_findings loaded_findings;
	struct orgcheck_error err;
	struct orgcheck_record record;
	struct orgcheck_record loaded;
	struct orgcheck_cache_result result;
	struct orgcheck_cache_result loaded_result;
	struct orgcheck_cache *cache = NULL;
	const struct orgcheck_cache_entry *entry = NULL;
	struct orgcheck_cache_stat cstat;
	struct orgcheck_cache_stat other;
	unsigned char hash[ORGCHECK_CACHE_HASH_SIZE];
	char *dir = test_make_temp_dir();
	char *cache_dir = test_join(dir, "cache");
	char *text = test_read_file(path);
	xmlDocPtr doc = NULL;
	struct stat st;
	size_t i;

	assert_non_null(arena);
	orgcheck_findings_init(&findings);
	orgcheck_findings_init(&loaded_findings);
	orgcheck_error_clear(&err);
	memset(&record, 0, sizeof(record));
	memset(&result, 0, sizeof(result));
	assert_int_equal(orgcheck_schema_load(&schema, TEST_SCHEMA_DIR, &err), 0);
	assert_int_equal(orgcheck_parse_file(&doc, &findings, path, &err), 0);
	assert_non_null(doc);
	assert_int_equal(orgcheck_schema_validate(&result.kind, &result.valid, &findings, schema, doc, path,
						  &err), 0);
	assert_int_equal(orgcheck_record_extract(&record, arena, doc, result.kind, path, &err), 0);
	result.has_record = 1;
	/* A finding with everything a finding has, to come back too. */
	assert_int_equal(orgcheck_findings_add(&findings, &err, ORGCHECK_RULE_SCHEMA_INVALID, path, 7, 3,
					       "made up for the test"), 0);
	assert_int_equal(orgcheck_findings_add_related(&findings, &err, "elsewhere.xml", "other", 2, 1), 0);
	assert_int_equal(orgcheck_findings_add_value(&findings, &err, "founded", "1992", "src.txt"), 0);
	assert_int_equal(orgcheck_findings_set_record(&findings, &err, 0, "file-id"), 0);
	assert_int_equal(stat(path, &st), 0);
	orgcheck_cache_stat_from(&cstat, &st);

	/* Stored as read long after the file changed: not racy. */
	assert_int_equal(orgcheck_cache_open(&cache, cache_dir, NULL, TEST_SCHEMA_DIR, &err), 0);
	orgcheck_cache_hash(hash, cache, text, strlen(text));
	assert_int_equal(orgcheck_cache_store(cache, path, path, &cstat, (time_t)(cstat.mtime_sec + 100), hash,
					      &result, &findings, 0, &record, &err), 0);
	assert_int_equal(orgcheck_cache_finish(cache, &err), 0);
	assert_null(orgcheck_cache_warning(cache));
	orgcheck_cache_free(cache);
	cache = NULL;

	assert_int_equal(orgcheck_cache_open(&cache, cache_dir, NULL, TEST_SCHEMA_DIR, &err), 0);
	assert_null(orgcheck_cache_find(cache, "records/none.xml"));
	entry = orgcheck_cache_find(cache, path);
	assert_non_null(entry);
	assert_true(orgcheck_cache_entry_fresh(entry, &cstat));
	other = cstat;
	other.ctime_nsec++;
	assert_false(orgcheck_cache_entry_fresh(entry, &other));
	assert_true(orgcheck_cache_entry_same(entry, hash));
	hash[0] ^= 1;
	assert_false(orgcheck_cache_entry_same(entry, hash));
	assert_int_equal(orgcheck_cache_entry_load(&loaded_result, &loaded, &loaded_findings, arena, entry,
						   path, &err), 1);
	assert_int_equal(loaded_result.kind, result.kind);
	assert_int_equal(loaded_result.valid, result.valid);
	assert_int_equal(loaded_result.has_record, 1);
	same_record(&record, &loaded);
	assert_int_equal(loaded_findings.count, findings.count);
	for (i = 0; i < findings.count; i++) {
		const struct orgcheck_finding *a = &findings.items[i];
		const struct orgcheck_finding *b = &loaded_findings.items[i];

		assert_ptr_equal(a->rule, b->rule);
		assert_int_equal(a->severity, b->severity);
		same_text(a->primary.path, b->primary.path);
		same_text(a->primary.record, b->primary.record);
		assert_int_equal(a->primary.line, b->primary.line);
		assert_int_equal(a->primary.column, b->primary.column);
		same_text(a->message, b->message);
		assert_int_equal(a->related_count, b->related_count);
		assert_int_equal(a->value_count, b->value_count);
	}
	assert_string_equal(loaded_findings.items[findings.count - 1].related[0].path, "elsewhere.xml");
	assert_string_equal(loaded_findings.items[findings.count - 1].values[0].source, "src.txt");

	orgcheck_record_release(&loaded);
	orgcheck_cache_free(cache);
	orgcheck_record_release(&record);
	orgcheck_findings_release(&findings);
	orgcheck_findings_release(&loaded_findings);
	xmlFreeDoc(doc);
	orgcheck_schema_free(schema);
	orgcheck_arena_free(arena);
	test_remove_tree(dir);
	free(text);
	free(cache_dir);
	free(dir);
}

/* A bundled organization with names, claims, references, links, figures,
 * events and leaders. */
static void test_organization_round_trip(void **state)
{
	(void)state;
	round_trip("records/organizations/isct.xml");
}

/* The largest bundled person: honorifics, affiliations. */
static void test_person_round_trip(void **state)
{
	(void)state;
	round_trip("records/people/leonard-zon.xml");
}

/* A record with labels in languages and locations (written by import ror). */
static void test_locations_round_trip(void **state)
{
	(void)state;
	round_trip("tests/import/expected/records/organizations/04hy66n19.xml");
}

/* A file's name in the cache is its path below the corpus root; nothing
 * outside the root is named. */
static void test_keys_below_the_root(void **state)
{
	struct orgcheck_cache *here = NULL;
	struct orgcheck_cache *up = NULL;
	struct orgcheck_error err;
	char cache_dir[] = "/tmp/orgcheck-cache-keys-XXXXXX";

	(void)state;
	orgcheck_error_clear(&err);
	assert_non_null(mkdtemp(cache_dir));
	assert_int_equal(orgcheck_cache_open(&here, cache_dir, NULL, TEST_SCHEMA_DIR, &err), 0);
	assert_int_equal(orgcheck_cache_open(&up, cache_dir, "../corpus", TEST_SCHEMA_DIR, &err), 0);
	assert_string_equal(orgcheck_cache_key(here, "records/x.xml"), "records/x.xml");
	assert_string_equal(orgcheck_cache_key(here, "./records/x.xml"), "records/x.xml");
	assert_null(orgcheck_cache_key(here, "../corpus/records/x.xml"));
	assert_null(orgcheck_cache_key(here, "/tmp/x.xml"));
	assert_null(orgcheck_cache_key(here, "records/../../x.xml"));
	assert_string_equal(orgcheck_cache_key(up, "../corpus/records/x.xml"), "records/x.xml");
	assert_null(orgcheck_cache_key(up, "../corpus2/records/x.xml"));
	assert_null(orgcheck_cache_key(up, "records/x.xml"));
	assert_null(orgcheck_cache_key(up, "../corpus/../x.xml"));
	assert_null(orgcheck_cache_key(NULL, "records/x.xml"));
	orgcheck_cache_free(here);
	orgcheck_cache_free(up);
	/* Nothing was stored: the directory is as made. */
	assert_int_equal(rmdir(cache_dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_organization_round_trip),
		cmocka_unit_test(test_person_round_trip),
		cmocka_unit_test(test_locations_round_trip),
		cmocka_unit_test(test_keys_below_the_root),
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
