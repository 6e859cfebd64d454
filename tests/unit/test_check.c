/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/schematron.h>
#include <orgcheck/schematron_run.h>
#include "testutil.h"

#define NS "urn:orgcheck:record:1"
#define SRC "000_6c5c9fcde8bb1e01.txt"

struct fixture {
	char *dir;
	struct orgcheck_check_result result;
	struct orgcheck_error err;
};

static int group_teardown(void **state)
{
	(void)state;
	xmlCleanupParser();
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	test_mkdir_in(fx->dir, "organizations");
	test_mkdir_in(fx->dir, "people");
	/* Valid. */
	test_write_file_in(fx->dir, "organizations/good.xml",
			   "<organization xmlns=\"" NS "\" id=\"good\">\n"
			   "  <name source=\"" SRC "\">Good</name>\n"
			   "</organization>\n");
	/* Well-formed, two schema errors (lines 2 and 3). */
	test_write_file_in(fx->dir, "organizations/invalid.xml",
			   "<organization xmlns=\"" NS "\" id=\"invalid\">\n"
			   "  <name>Invalid</name>\n"
			   "  <dates><founded source=\"" SRC "\">2001-02-30</founded></dates>\n"
			   "</organization>\n");
	/* Not well-formed: the end tag is missing. */
	test_write_file_in(fx->dir, "organizations/malformed.xml",
			   "<organization xmlns=\"" NS "\" id=\"malformed\">\n"
			   "  <name source=\"" SRC "\">Malformed</name>\n");
	/* Valid. */
	test_write_file_in(fx->dir, "people/pat.xml",
			   "<person xmlns=\"" NS "\" id=\"pat\"><name source=\"" SRC "\">Pat</name></person>\n");
	/* Not a record file. */
	test_write_file_in(fx->dir, "people/notes.txt", "not a record");
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_check_result_release(&fx->result);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static int run(struct fixture *fx, const char *const *paths, size_t count, const char *schema_dir)
{
	struct orgcheck_check_options options = { 0 };
	int rc = 0;

	options.paths = paths;
	options.path_count = count;
	options.schema_dir = schema_dir;
	/* A fixed "today", so date rules cannot depend on the clock. */
	options.today.year = 2024;
	options.today.month = 6;
	options.today.day = 1;
	rc = orgcheck_check_run(&fx->result, &options, &fx->err);
	test_print_findings(&fx->result.findings);
	return rc;
}

static void test_mixed_tree(void **state)
{
	struct fixture *fx = *state;
	const char *paths[] = { fx->dir };
	char *invalid = test_join(fx->dir, "organizations/invalid.xml");
	char *malformed = test_join(fx->dir, "organizations/malformed.xml");
	const struct orgcheck_findings *findings = &fx->result.findings;
	size_t i;

	assert_int_equal(run(fx, paths, 1, TEST_SCHEMA_DIR), 0);
	assert_int_equal(fx->result.files, 4);
	/* The malformed record has no kind. */
	assert_int_equal(fx->result.organizations, 2);
	assert_int_equal(fx->result.people, 1);
	assert_int_equal(fx->result.valid, 2);

	/* invalid.xml: the missing source (line 2), the date (line 3); then
	 * malformed.xml, where the parser ran out of data (line 3). */
	assert_int_equal(findings->count, 3);
	assert_string_equal(findings->items[0].primary.path, invalid);
	assert_string_equal(findings->items[0].rule->id, ORGCHECK_RULE_SCHEMA_INVALID);
	assert_int_equal(findings->items[0].primary.line, 2);
	assert_int_equal(findings->items[0].primary.column, 3);
	assert_non_null(strstr(findings->items[0].message, "source"));
	assert_string_equal(findings->items[1].primary.path, invalid);
	assert_string_equal(findings->items[1].rule->id, ORGCHECK_RULE_SCHEMA_INVALID);
	assert_int_equal(findings->items[1].primary.line, 3);
	assert_int_equal(findings->items[1].primary.column, 10);
	assert_non_null(strstr(findings->items[1].message, "2001-02-30"));
	assert_string_equal(findings->items[2].primary.path, malformed);
	assert_string_equal(findings->items[2].rule->id, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_int_equal(findings->items[2].primary.line, 3);
	assert_non_null(strstr(findings->items[2].message, "the file ends inside <organization> opened on line 1; close it with </organization>"));
	/* Findings about a file name its record by the file's name. */
	assert_string_equal(findings->items[0].primary.record, "invalid");
	assert_string_equal(findings->items[2].primary.record, "malformed");
	/* Sorted. */
	for (i = 1; i < findings->count; i++) {
		const struct orgcheck_location *a = &findings->items[i - 1].primary;
		const struct orgcheck_location *b = &findings->items[i].primary;
		int c = strcmp(a->path, b->path);

		assert_true(c < 0 || (c == 0 && a->line <= b->line));
	}
	assert_int_equal(orgcheck_findings_count_at_least(findings, ORGCHECK_SEVERITY_ERROR),
			 findings->count);
	free(invalid);
	free(malformed);
}

static void test_valid_only(void **state)
{
	struct fixture *fx = *state;
	char *good = test_join(fx->dir, "organizations/good.xml");
	char *people = test_join(fx->dir, "people");
	const char *paths[] = { good, people };

	assert_int_equal(run(fx, paths, 2, TEST_SCHEMA_DIR), 0);
	assert_int_equal(fx->result.files, 2);
	assert_int_equal(fx->result.organizations, 1);
	assert_int_equal(fx->result.people, 1);
	assert_int_equal(fx->result.valid, 2);
	assert_int_equal(fx->result.findings.count, 0);
	free(good);
	free(people);
}

static void test_sorted_across_roots(void **state)
{
	struct fixture *fx = *state;
	char *people = test_join(fx->dir, "people");
	char *organizations = test_join(fx->dir, "organizations");
	char *link = test_join(fx->dir, "people/a-link.xml");
	const char *paths[] = { people, organizations };
	const struct orgcheck_findings *findings = &fx->result.findings;
	size_t i;

	/* people/ is checked first, yet its findings sort after those of
	 * organizations/; a discovery finding sorts in with the others. */
	test_write_file_in(fx->dir, "people/bad.xml",
			   "<person xmlns=\"" NS "\" id=\"bad\"><name>B</name></person>");
	assert_int_equal(symlink("missing.xml", link), 0);
	assert_int_equal(run(fx, paths, 2, TEST_SCHEMA_DIR), 0);
	assert_int_equal(fx->result.files, 5);
	assert_int_equal(fx->result.people, 2);
	assert_int_equal(fx->result.valid, 2);
	assert_int_equal(findings->count, 5);
	for (i = 0; i < 3; i++)
		assert_non_null(strstr(findings->items[i].primary.path, "/organizations/"));
	assert_string_equal(findings->items[3].primary.path, link);
	assert_string_equal(findings->items[3].rule->id, ORGCHECK_RULE_UNREADABLE);
	assert_non_null(strstr(findings->items[4].primary.path, "/people/bad.xml"));
	assert_string_equal(findings->items[4].rule->id, ORGCHECK_RULE_SCHEMA_INVALID);
	free(people);
	free(organizations);
	free(link);
}

static void test_twice_in_one_process(void **state)
{
	struct fixture *fx = *state;
	const char *paths[] = { fx->dir };
	size_t first_count = 0;

	/* No state carries over from one run to the next. */
	assert_int_equal(run(fx, paths, 1, TEST_SCHEMA_DIR), 0);
	first_count = fx->result.findings.count;
	orgcheck_check_result_release(&fx->result);
	assert_int_equal(fx->result.findings.count, 0);
	assert_int_equal(fx->result.files, 0);
	assert_int_equal(run(fx, paths, 1, TEST_SCHEMA_DIR), 0);
	assert_int_equal(fx->result.files, 4);
	assert_int_equal(fx->result.valid, 2);
	assert_int_equal(fx->result.findings.count, first_count);
}

static void test_rule_finding_values(void **state)
{
	struct fixture *fx = *state;
	char *labels = test_join(fx->dir, "labels");
	char *isct = test_join(fx->dir, "labels/isct.xml");
	const char *paths[] = { labels };
	const struct orgcheck_finding *f = NULL;
	const struct orgcheck_value *label = NULL;
	size_t i;

	/* The publisher's label, 'ICCBBAA', is no name of iccbba: OC112. */
	test_mkdir_in(fx->dir, "labels");
	test_write_file_in(fx->dir, "labels/iccbba.xml",
			   "<organization xmlns=\"" NS "\" id=\"iccbba\">\n"
			   "  <name source=\"" SRC "\">International Council for Commonality"
			   " in Blood Banking Automation</name>\n"
			   "  <other-names>\n"
			   "    <name kind=\"acronym\" source=\"" SRC "\">ICCBBA</name>\n"
			   "  </other-names>\n"
			   "</organization>\n");
	test_write_file_in(fx->dir, "labels/isct.xml",
			   "<organization xmlns=\"" NS "\" id=\"isct\">\n"
			   "  <name source=\"" SRC "\">International Society for Cell and Gene Therapy</name>\n"
			   "  <publications>\n"
			   "    <publication kind=\"journal\" source=\"001_23c06b6e0b523bd9.txt\">\n"
			   "      <title>The Journal</title>\n"
			   "      <publisher><org-ref ref=\"iccbba\">ICCBBAA</org-ref></publisher>\n"
			   "    </publication>\n"
			   "  </publications>\n"
			   "</organization>\n");
	assert_int_equal(run(fx, paths, 1, TEST_SCHEMA_DIR), 0);
	assert_int_equal(fx->result.valid, 2);
	f = test_find_finding(&fx->result.findings, "OC112", isct);
	assert_non_null(f);
	assert_true(f->value_count >= 1);
	for (i = 0; i < f->value_count; i++) {
		if (strcmp(f->values[i].name, "label") == 0)
			label = &f->values[i];
	}
	assert_non_null(label);
	assert_string_equal(label->text, "ICCBBAA");
	assert_non_null(label->source);
	assert_string_equal(label->source, "001_23c06b6e0b523bd9.txt");
	free(labels);
	free(isct);
}

static void test_missing_path(void **state)
{
	struct fixture *fx = *state;
	char *missing = test_join(fx->dir, "nowhere");
	const char *paths[] = { missing };

	assert_true(run(fx, paths, 1, TEST_SCHEMA_DIR) < 0);
	assert_int_equal(fx->err.code, ORGCHECK_ENOENT);
	assert_non_null(strstr(fx->err.message, missing));
	free(missing);
}

/* Paths the caller vouches are files (check --staged's) are taken
 * without a stat: the same findings for the files that are, and one
 * that vanished is a finding about it, not the end of the run. */
static void test_paths_that_are_files(void **state)
{
	struct fixture *fx = *state;
	char *good = test_join(fx->dir, "organizations/good.xml");
	char *invalid = test_join(fx->dir, "organizations/invalid.xml");
	char *gone = test_join(fx->dir, "organizations/gone.xml");
	const char *paths[] = { good, invalid, gone };
	struct orgcheck_check_options options = { 0 };
	size_t i;
	int about_gone = 0;
	int about_invalid = 0;

	options.paths = paths;
	options.path_count = 3;
	options.paths_are_files = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2024;
	options.today.month = 6;
	options.today.day = 1;
	assert_int_equal(orgcheck_check_run(&fx->result, &options, &fx->err), 0);
	assert_int_equal(fx->result.files, 3);
	for (i = 0; i < fx->result.findings.count; i++) {
		const struct orgcheck_finding *f = &fx->result.findings.items[i];

		if (strcmp(f->primary.path, gone) == 0) {
			about_gone++;
			assert_non_null(strstr(f->message, "cannot open file"));
		}
		about_invalid += strcmp(f->primary.path, invalid) == 0;
	}
	assert_int_equal(about_gone, 1);
	assert_int_equal(about_invalid, 2);
	/* Without the promise, a path that is not there stops the run. */
	orgcheck_check_result_release(&fx->result);
	options.paths_are_files = 0;
	assert_true(orgcheck_check_run(&fx->result, &options, &fx->err) < 0);
	assert_int_equal(fx->err.code, ORGCHECK_ENOENT);
	free(good);
	free(invalid);
	free(gone);
}

static void test_missing_schema_dir(void **state)
{
	struct fixture *fx = *state;
	char *schemas = test_join(fx->dir, "no-schemas");
	const char *paths[] = { fx->dir };

	assert_int_equal(run(fx, paths, 1, schemas), ORGCHECK_ESCHEMA);
	assert_int_equal(fx->err.code, ORGCHECK_ESCHEMA);
	assert_non_null(strstr(fx->err.message, schemas));
	assert_int_equal(fx->result.files, 0);
	assert_int_equal(fx->result.findings.count, 0);
	free(schemas);
}

/* Rewrites good.xml once every file was read, as an editor saving it
 * during a long check would. */
struct rewrite {
	char *path;
	int done;
};

static void rewrite_when_read(void *data, size_t done, size_t total)
{
	struct rewrite *r = data;

	/* The fixture's four record files, all read. */
	if (r->done || done != 4 || total != 4)
		return;
	test_write_file(r->path,
			"<organization xmlns=\"" NS "\" id=\"good\">\n"
			"  <name source=\"" SRC "\">Changed</name>\n"
			"</organization>\n");
	r->done = 1;
}

/* The Schematron pass evaluates the bytes the check read, not the file
 * again: a file changed after it was read changes no finding, neither
 * of its own (the organization rule) nor of the records that reach it
 * (oc:record() from pat). */
static void test_schematron_sees_the_bytes_read(void **state)
{
	struct fixture *fx = *state;
	const char *paths[] = { fx->dir };
	struct orgcheck_check_options options = { 0 };
	struct orgcheck_schematron_entry entry = { NULL, ORGCHECK_SEVERITY_WARNING };
	struct orgcheck_schematron *schema = NULL;
	struct rewrite rewrite = { NULL, 0 };
	char *schema_path = test_join(fx->dir, "named.sch");
	const struct orgcheck_finding *f = NULL;
	size_t named = 0;
	size_t reached = 0;
	size_t i;

	rewrite.path = test_join(fx->dir, "organizations/good.xml");
	test_write_file(schema_path,
			"<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\">\n"
			"  <sch:ns prefix=\"r\" uri=\"" NS "\"/>\n"
			"  <sch:ns prefix=\"oc\" uri=\"" ORGCHECK_SCHEMATRON_FUNCTIONS_NS "\"/>\n"
			"  <sch:pattern>\n"
			"    <sch:rule context=\"r:organization[@id = 'good']\">\n"
			"      <sch:assert id=\"named\" test=\"r:name = 'Good'\">renamed</sch:assert>\n"
			"    </sch:rule>\n"
			"    <sch:rule context=\"r:person\">\n"
			"      <sch:assert id=\"reached\" test=\"oc:record('good')/r:name = 'Good'\">"
			"good renamed</sch:assert>\n"
			"    </sch:rule>\n"
			"  </sch:pattern>\n"
			"</sch:schema>\n");
	assert_int_equal(orgcheck_schematron_load(&schema, schema_path, NULL, &fx->err), 0);
	entry.schema = schema;
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2024;
	options.today.month = 6;
	options.today.day = 1;
	options.schematrons = &entry;
	options.schematron_count = 1;
	options.progress = rewrite_when_read;
	options.progress_data = &rewrite;
	assert_int_equal(orgcheck_check_run(&fx->result, &options, &fx->err), 0);
	test_print_findings(&fx->result.findings);
	/* The file did change before the Schematron pass. */
	assert_int_equal(rewrite.done, 1);
	for (i = 0; i < fx->result.findings.count; i++) {
		f = &fx->result.findings.items[i];
		named += strcmp(orgcheck_finding_rule_id(f), "named") == 0;
		reached += strcmp(orgcheck_finding_rule_id(f), "reached") == 0;
	}
	assert_int_equal(named, 0);
	assert_int_equal(reached, 0);
	/* The same schema on the file as it is now does see the change. */
	orgcheck_check_result_release(&fx->result);
	options.progress = NULL;
	assert_int_equal(orgcheck_check_run(&fx->result, &options, &fx->err), 0);
	f = test_find_finding(&fx->result.findings, ORGCHECK_RULE_SCHEMATRON, rewrite.path);
	assert_non_null(f);
	assert_string_equal(orgcheck_finding_rule_id(f), "named");
	orgcheck_schematron_free(schema);
	free(schema_path);
	free(rewrite.path);
}

static void test_release_null(void **state)
{
	(void)state;
	orgcheck_check_result_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mixed_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_across_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twice_in_one_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_finding_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_that_are_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_schema_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schematron_sees_the_bytes_read, setup, teardown),
		cmocka_unit_test(test_release_null),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, group_teardown);
}
