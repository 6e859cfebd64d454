/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "testutil.h"

#define NS "urn:orgcheck:record:1"
#define SRC "000_6c5c9fcde8bb1e01.txt"
#define OTHER "001_23c06b6e0b523bd9.txt"

/* Organizations and people in the generated corpus. */
#define ORGS 240
#define PEOPLE 80

struct fixture {
	char *dir;
};

static int group_teardown(void **state)
{
	(void)state;
	xmlCleanupParser();
	return 0;
}

static void write_org(const char *dir, size_t i)
{
	char name[64];
	char body[4096];
	size_t at = 0;
	size_t partner = (i + 1) % ORGS;
	size_t previous = (i + ORGS - 1) % ORGS;

	snprintf(name, sizeof(name), "organizations/org-%03zu.xml", i);
	at += (size_t)snprintf(body + at, sizeof(body) - at,
			       "<organization xmlns=\"" NS "\" id=\"org-%03zu\">\n"
			       "  <name source=\"" SRC "\">Organization %zu</name>\n"
			       "  <other-names><name kind=\"acronym\" source=\"" SRC "\">O%zu</name></other-names>\n"
			       "  <dates><founded source=\"" SRC "\">%zu</founded>%s</dates>\n",
			       i, i, i, 1950 + i % 50,
			       /* Now and then two sources disagree. */
			       i % 37 == 5 ? "<founded source=\"" OTHER "\">1930</founded>" : "");
	if (i % 3 == 0)
		at += (size_t)snprintf(body + at, sizeof(body) - at,
				       "  <leaders><leader role=\"President\" from=\"2001\" source=\"" SRC "\">"
				       "<person-ref ref=\"person-%03zu\">Person %zu</person-ref></leader></leaders>\n",
				       i % PEOPLE, i % PEOPLE);
	at += (size_t)snprintf(body + at, sizeof(body) - at, "  <relationships>\n");
	/* A partnership with the next organization, stated on both sides
	 * except now and then; every eleventh points nowhere. */
	if (i % 19 != 3)
		at += (size_t)snprintf(body + at, sizeof(body) - at,
				       "    <relationship kind=\"partnership\" date=\"2010\" source=\"" SRC "\">"
				       "<org-ref ref=\"org-%03zu\">Organization %zu</org-ref></relationship>\n",
				       partner, partner);
	if (i % 23 != 7)
		at += (size_t)snprintf(body + at, sizeof(body) - at,
				       "    <relationship kind=\"partnership\" date=\"%d\" source=\"" SRC "\">"
				       "<org-ref ref=\"org-%03zu\">%s %zu</org-ref></relationship>\n",
				       i % 29 == 4 ? 2012 : 2010, previous,
				       i % 13 == 2 ? "Organisation" : "Organization", previous);
	if (i % 11 == 0)
		at += (size_t)snprintf(body + at, sizeof(body) - at,
				       "    <relationship kind=\"related\" source=\"" SRC "\">"
				       "<org-ref ref=\"org-%03zux\">Nowhere</org-ref></relationship>\n", i);
	at += (size_t)snprintf(body + at, sizeof(body) - at, "  </relationships>\n");
	if (i % 17 == 1)
		at += (size_t)snprintf(body + at, sizeof(body) - at,
				       "  <events><event kind=\"meeting\" date=\"2031\" source=\"" SRC "\">"
				       "<title>Future meeting</title></event></events>\n");
	snprintf(body + at, sizeof(body) - at, "</organization>\n");
	test_write_file_in(dir, name, body);
}

static void write_person(const char *dir, size_t i)
{
	char name[64];
	char body[1024];

	snprintf(name, sizeof(name), "people/person-%03zu.xml", i);
	snprintf(body, sizeof(body),
		 "<person xmlns=\"" NS "\" id=\"person-%03zu\">\n"
		 "  <name source=\"" SRC "\">Person %zu</name>\n"
		 "  <born source=\"" SRC "\">19%02zu</born>\n"
		 "</person>\n", i, i, 40 + i % 40);
	test_write_file_in(dir, name, body);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	size_t i;

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	test_mkdir_in(fx->dir, "organizations");
	test_mkdir_in(fx->dir, "people");
	for (i = 0; i < ORGS; i++)
		write_org(fx->dir, i);
	for (i = 0; i < PEOPLE; i++)
		write_person(fx->dir, i);
	/* Files that never become records, spread among the others. */
	test_write_file_in(fx->dir, "organizations/org-050-broken.xml",
			   "<organization xmlns=\"" NS "\" id=\"broken\">\n  <name>Broken\n");
	test_write_file_in(fx->dir, "organizations/org-120-invalid.xml",
			   "<organization xmlns=\"" NS "\" id=\"org-120-invalid\">\n"
			   "  <name>No source</name>\n</organization>\n");
	test_write_file_in(fx->dir, "people/person-040-alien.xml", "<alien xmlns=\"urn:x\"/>\n");
	test_write_file_in(fx->dir, "people/person-070-empty.xml", "");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static int run(struct orgcheck_check_result *result, const char *dir, unsigned jobs)
{
	struct orgcheck_check_options options;
	struct orgcheck_error err = { 0 };
	const char *paths[] = { dir };

	memset(&options, 0, sizeof(options));
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2026;
	options.today.month = 11;
	options.today.day = 21;
	options.jobs = jobs;
	return orgcheck_check_run(result, &options, &err);
}

static void assert_same_location(const struct orgcheck_location *a, const struct orgcheck_location *b)
{
	assert_string_equal(a->path, b->path);
	assert_true((a->record == NULL) == (b->record == NULL));
	if (a->record != NULL)
		assert_string_equal(a->record, b->record);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
}

static void assert_same_results(const struct orgcheck_check_result *a, const struct orgcheck_check_result *b)
{
	char fa[32];
	char fb[32];
	size_t i;
	size_t j;

	assert_int_equal(a->files, b->files);
	assert_int_equal(a->organizations, b->organizations);
	assert_int_equal(a->people, b->people);
	assert_int_equal(a->valid, b->valid);
	assert_int_equal(a->rule_operations, b->rule_operations);
	assert_int_equal(a->findings.count, b->findings.count);
	for (i = 0; i < a->findings.count; i++) {
		const struct orgcheck_finding *x = &a->findings.items[i];
		const struct orgcheck_finding *y = &b->findings.items[i];

		assert_string_equal(x->rule->id, y->rule->id);
		assert_int_equal(x->severity, y->severity);
		assert_same_location(&x->primary, &y->primary);
		assert_string_equal(x->message, y->message);
		assert_int_equal(x->related_count, y->related_count);
		for (j = 0; j < x->related_count; j++)
			assert_same_location(&x->related[j], &y->related[j]);
		assert_int_equal(x->value_count, y->value_count);
		for (j = 0; j < x->value_count; j++) {
			assert_string_equal(x->values[j].name, y->values[j].name);
			assert_string_equal(x->values[j].text, y->values[j].text);
		}
		assert_int_equal(orgcheck_finding_fingerprint(fa, sizeof(fa), x, NULL), 0);
		assert_int_equal(orgcheck_finding_fingerprint(fb, sizeof(fb), y, NULL), 0);
		assert_string_equal(fa, fb);
	}
}

/* The generated corpus gives findings of many rules, from file-level ones
 * (not well-formed, schema, unknown root, empty) to cross-record ones. */
static void test_corpus_has_findings(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_check_result result;
	const char *rules[] = { "OC002", "OC004", "OC005", "OC110", "OC112", "OC120", "OC121",
				"OC143", "OC150" };
	size_t i;
	size_t j;
	int found = 0;

	memset(&result, 0, sizeof(result));
	assert_int_equal(run(&result, fx->dir, 1), 0);
	assert_int_equal(result.files, ORGS + PEOPLE + 4);
	assert_int_equal(result.people, PEOPLE);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		found = 0;
		for (j = 0; j < result.findings.count && !found; j++)
			found = strcmp(result.findings.items[j].rule->id, rules[i]) == 0;
		if (!found)
			fail_msg("no %s finding in the generated corpus", rules[i]);
	}
	orgcheck_check_result_release(&result);
}

/* One thread or several, the same findings in the same order. */
static void test_jobs_give_the_same_results(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_check_result one;
	struct orgcheck_check_result many;
	unsigned jobs[] = { 2, 4, 7, 0 };
	size_t i;

	memset(&one, 0, sizeof(one));
	assert_int_equal(run(&one, fx->dir, 1), 0);
	assert_true(one.findings.count > 20);
	for (i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		memset(&many, 0, sizeof(many));
		assert_int_equal(run(&many, fx->dir, jobs[i]), 0);
		assert_same_results(&one, &many);
		orgcheck_check_result_release(&many);
	}
	orgcheck_check_result_release(&one);
}

struct progress_log {
	size_t calls;
	size_t last_done;
	size_t total;
	int backwards;
};

static void record_progress(void *data, size_t done, size_t total)
{
	struct progress_log *log = data;

	if (done < log->last_done)
		log->backwards = 1;
	log->calls++;
	log->last_done = done;
	log->total = total;
}

/* Progress is reported on the calling thread, never going back, and ends
 * with every file read. */
static void test_progress(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_check_options options;
	struct orgcheck_check_result result;
	struct orgcheck_error err = { 0 };
	struct progress_log log = { 0, 0, 0, 0 };
	const char *paths[] = { fx->dir };

	memset(&options, 0, sizeof(options));
	memset(&result, 0, sizeof(result));
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2026;
	options.today.month = 11;
	options.today.day = 21;
	options.jobs = 3;
	options.progress = record_progress;
	options.progress_data = &log;
	assert_int_equal(orgcheck_check_run(&result, &options, &err), 0);
	assert_true(log.calls >= 1);
	assert_false(log.backwards);
	assert_int_equal(log.total, result.files);
	assert_int_equal(log.last_done, result.files);
	orgcheck_check_result_release(&result);
}

/* A tool error (here, no schema) is the same whatever the thread count. */
static void test_error_with_jobs(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_check_options options;
	struct orgcheck_check_result result;
	struct orgcheck_error err = { 0 };
	const char *paths[] = { fx->dir };
	char *schemas = test_join(fx->dir, "no-schemas");

	memset(&options, 0, sizeof(options));
	memset(&result, 0, sizeof(result));
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = schemas;
	options.jobs = 4;
	assert_int_equal(orgcheck_check_run(&result, &options, &err), ORGCHECK_ESCHEMA);
	assert_int_equal(result.findings.count, 0);
	orgcheck_check_result_release(&result);
	free(schemas);
}

/* A focus of one file (check --only): path, or a deleted file's id. */
struct one_file {
	const char *path;
	const char *id;   /* its record id: the file name without ".xml" */
	int gone;
};

static int selects_one(const void *data, const char *path)
{
	const struct one_file *file = data;

	return strcmp(file->path, path) == 0;
}

/* What check --only shows of a finding: whether it touches the file. */
static int touches(const struct orgcheck_finding *f, const struct one_file *file)
{
	size_t i;

	if (f->primary.path != NULL && strcmp(f->primary.path, file->path) == 0)
		return 1;
	for (i = 0; i < f->related_count; i++) {
		if (f->related[i].path != NULL && strcmp(f->related[i].path, file->path) == 0)
			return 1;
	}
	for (i = 0; file->gone && i < f->value_count; i++) {
		if (strcmp(f->values[i].name, "reference") == 0 && f->values[i].text != NULL &&
		    strcmp(f->values[i].text, file->id) == 0)
			return 1;
	}
	return 0;
}

static int keep_if_touching(void *data, struct orgcheck_finding *finding)
{
	return touches(finding, data);
}

/* Keeps the findings that touch file. */
static void keep_touching(struct orgcheck_check_result *result, struct one_file *file)
{
	orgcheck_findings_retain(&result->findings, keep_if_touching, file);
}

/* Checks dir with the focus on file (or none), keeping what touches it. */
static void run_focused(struct orgcheck_check_result *result, const char *dir, struct one_file *file,
			int focused)
{
	struct orgcheck_check_options options;
	struct orgcheck_check_focus focus;
	struct orgcheck_error err = { 0 };
	const char *paths[] = { dir };
	const char *ids[] = { file->id };

	memset(&options, 0, sizeof(options));
	memset(&focus, 0, sizeof(focus));
	memset(result, 0, sizeof(*result));
	focus.file_ids = ids;
	focus.file_id_count = 1;
	focus.gone_count = file->gone ? 1 : 0;
	focus.selects = selects_one;
	focus.data = file;
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2026;
	options.today.month = 11;
	options.today.day = 21;
	options.jobs = 2;
	options.focus = focused ? &focus : NULL;
	assert_int_equal(orgcheck_check_run(result, &options, &err), 0);
	keep_touching(result, file);
}

/* Checked with a focus, the rules that visit one record at a time visit
 * only what the focus needs; what touches the focus is exactly what a
 * whole check says of it (rule operations aside), whichever file it is:
 * with findings or none, broken, referred to, deleted. Returns how many
 * findings touched it. */
static size_t assert_focus_same(const char *dir, const char *path, const char *id, int gone)
{
	struct one_file file = { path, id, gone };
	struct orgcheck_check_result whole;
	struct orgcheck_check_result focused;
	size_t count = 0;

	run_focused(&whole, dir, &file, 0);
	run_focused(&focused, dir, &file, 1);
	focused.rule_operations = whole.rule_operations;
	assert_same_results(&whole, &focused);
	count = whole.findings.count;
	orgcheck_check_result_release(&whole);
	orgcheck_check_result_release(&focused);
	return count;
}

static void test_focus_gives_what_touches_it(void **state)
{
	struct fixture *fx = *state;
	char path[4096];
	char id[64];
	size_t touching = 0;
	size_t i;

	/* A sample, so that the test stays quick under valgrind. */
	for (i = 0; i < ORGS; i += 23) {
		snprintf(id, sizeof(id), "org-%03zu", i);
		snprintf(path, sizeof(path), "%s/organizations/%s.xml", fx->dir, id);
		touching += assert_focus_same(fx->dir, path, id, 0);
	}
	for (i = 0; i < PEOPLE; i += 27) {
		snprintf(id, sizeof(id), "person-%03zu", i);
		snprintf(path, sizeof(path), "%s/people/%s.xml", fx->dir, id);
		touching += assert_focus_same(fx->dir, path, id, 0);
	}
	snprintf(path, sizeof(path), "%s/organizations/org-050-broken.xml", fx->dir);
	touching += assert_focus_same(fx->dir, path, "org-050-broken", 0);
	/* Deleted: "org-011x" is referred to by org-011 and is no file. */
	snprintf(path, sizeof(path), "%s/organizations/org-011x.xml", fx->dir);
	assert_true(assert_focus_same(fx->dir, path, "org-011x", 1) >= 1);
	assert_true(touching > 5);
}

/* The same on the bundled corpus, for every fourth of its records:
 * societies linked to many others and to each other. */
static void test_focus_on_the_bundled_corpus(void **state)
{
	const char *dirs[] = { "organizations", "people" };
	char dir[4096];
	char path[8192];
	char id[256];
	struct dirent *entry = NULL;
	DIR *d = NULL;
	size_t touching = 0;
	size_t files = 0;
	size_t seen = 0;
	size_t length = 0;
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		snprintf(dir, sizeof(dir), "%s/records/%s", ORGCHECK_SOURCE_DIR, dirs[k]);
		d = opendir(dir);
		assert_non_null(d);
		while ((entry = readdir(d)) != NULL) {
			length = strlen(entry->d_name);
			if (length < 5 || strcmp(entry->d_name + length - 4, ".xml") != 0 || length - 4 >= sizeof(id) ||
			    seen++ % 4 != 0)
				continue;
			snprintf(id, sizeof(id), "%.*s", (int)(length - 4), entry->d_name);
			snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
			touching += assert_focus_same(ORGCHECK_SOURCE_DIR "/records", path, id, 0);
			files++;
		}
		closedir(d);
	}
	assert_true(files > 12);
	assert_true(touching > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_corpus_has_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobs_give_the_same_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_with_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_focus_gives_what_touches_it, setup, teardown),
		cmocka_unit_test(test_focus_on_the_bundled_corpus),
	};

	return cmocka_run_group_tests_name("parallel", tests, NULL, group_teardown);
}
