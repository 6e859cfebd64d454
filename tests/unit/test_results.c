/* The results document read back: every field of a findings list written
 * with orgcheck_results_write (or built with orgcheck_results_build)
 * survives orgcheck_results_read; a file that is not a results document
 * is an error that names it.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/report.h>
#include <orgcheck/results.h>
#include "cli/cli.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char *path;   /* dir/results.xml */
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_findings back;
	struct orgcheck_error err;
	xmlDocPtr doc;
	char *err_text;
	size_t err_size;
	FILE *err_stream;
	struct orgcheck_cli cli;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	fx->path = test_join(fx->dir, "results.xml");
	orgcheck_findings_init(&fx->result.findings);
	orgcheck_findings_init(&fx->back);
	fx->report.result = &fx->result;
	fx->report.today.year = 2026;
	fx->report.today.month = 11;
	fx->report.today.day = 21;
	fx->report.fail_on = ORGCHECK_SEVERITY_ERROR;
	orgcheck_error_clear(&fx->err);
	fx->err_stream = open_memstream(&fx->err_text, &fx->err_size);
	if (fx->err_stream == NULL)
		return -1;
	fx->cli.out = stdout;
	fx->cli.err = fx->err_stream;
	fx->cli.argv0 = "orgcheck";
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_check_result_release(&fx->result);
	orgcheck_findings_release(&fx->back);
	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	fclose(fx->err_stream);
	free(fx->err_text);
	test_remove_tree(fx->dir);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return 0;
}

/* A list with every field set, in the order the reader sorts to. */
static void fill(struct fixture *fx)
{
	struct orgcheck_findings *list = &fx->result.findings;
	struct orgcheck_error *err = &fx->err;

	assert_int_equal(orgcheck_findings_add_rule(list, err, orgcheck_catalog_find("OC101"), "records/a/alpha.xml", 3, 5,
					       "id 'alpha' & <more> \"quoted\" 'twice'\non two lines"), 0);
	assert_int_equal(orgcheck_findings_set_record(list, err, list->count - 1, "alpha"), 0);
	assert_int_equal(orgcheck_findings_add_related(list, err, "records/b/alpha.xml", "alpha", 7, 2), 0);
	assert_int_equal(orgcheck_findings_add_related(list, err, "notes/x.txt", NULL, 0, 0), 0);
	assert_int_equal(orgcheck_findings_add_value(list, err, "founded", "2002", "s1.txt"), 0);
	assert_int_equal(orgcheck_findings_add_value(list, err, "label", "Z\xc3\xbcrich & <co>", NULL), 0);
	list->items[list->count - 1].state = ORGCHECK_STATE_UNCHANGED;

	/* Re-graded below its default, about a whole file, no record. */
	assert_int_equal(orgcheck_findings_add_rule(list, err, orgcheck_catalog_find("OC110"), "records/b/beta.xml", 0, 0,
					       "whole file"), 0);
	list->items[list->count - 1].severity = ORGCHECK_SEVERITY_INFO;
	list->items[list->count - 1].state = ORGCHECK_STATE_NEW;

	/* A Schematron assertion's own id. */
	assert_int_equal(orgcheck_findings_add_rule(list, err, orgcheck_catalog_find(ORGCHECK_RULE_SCHEMATRON), "records/c/gamma.xml", 12, 1,
					       "house rule"), 0);
	assert_int_equal(orgcheck_findings_set_record(list, err, list->count - 1, "gamma"), 0);
	assert_int_equal(orgcheck_findings_set_rule_id(list, err, list->count - 1, "house-name"), 0);
	list->items[list->count - 1].severity = ORGCHECK_SEVERITY_ERROR;
	list->items[list->count - 1].state = ORGCHECK_STATE_ABSENT;

	assert_int_equal(orgcheck_findings_add_rule(list, err, orgcheck_catalog_find("OC152"), "records/c/gamma.xml", 20, 9, "plain"), 0);
	assert_int_equal(orgcheck_findings_set_record(list, err, list->count - 1, "gamma"), 0);
	orgcheck_findings_sort(list);
}

static void assert_optional_string(const char *expected, const char *actual)
{
	if (expected == NULL)
		assert_null(actual);
	else {
		assert_non_null(actual);
		assert_string_equal(actual, expected);
	}
}

static void assert_location_equal(const struct orgcheck_location *a, const struct orgcheck_location *b)
{
	assert_string_equal(b->path, a->path);
	assert_optional_string(a->record, b->record);
	assert_int_equal(b->line, a->line);
	assert_int_equal(b->column, a->column);
}

static const char *fingerprint_of(char buf[32], const struct orgcheck_finding *f)
{
	assert_int_equal(orgcheck_finding_fingerprint(buf, 32, f, NULL), 0);
	return buf;
}

static void assert_same_findings(const struct orgcheck_findings *a, const struct orgcheck_findings *b)
{
	char fa[32];
	char fb[32];
	size_t i;
	size_t k;

	assert_int_equal(b->count, a->count);
	for (i = 0; i < a->count; i++) {
		const struct orgcheck_finding *x = &a->items[i];
		const struct orgcheck_finding *y = &b->items[i];

		assert_ptr_equal(y->rule, x->rule);
		assert_string_equal(orgcheck_finding_rule_id(y), orgcheck_finding_rule_id(x));
		assert_optional_string(x->rule_id, y->rule_id);
		assert_int_equal(y->severity, x->severity);
		assert_int_equal(y->state, x->state);
		assert_location_equal(&x->primary, &y->primary);
		assert_string_equal(y->message, x->message);
		assert_int_equal(y->related_count, x->related_count);
		for (k = 0; k < x->related_count; k++)
			assert_location_equal(&x->related[k], &y->related[k]);
		assert_int_equal(y->value_count, x->value_count);
		for (k = 0; k < x->value_count; k++) {
			assert_string_equal(y->values[k].name, x->values[k].name);
			assert_string_equal(y->values[k].text, x->values[k].text);
			assert_optional_string(x->values[k].source, y->values[k].source);
		}
		assert_string_equal(fingerprint_of(fb, y), fingerprint_of(fa, x));
	}
}

static void write_results(struct fixture *fx)
{
	FILE *out = fopen(fx->path, "w");

	assert_non_null(out);
	assert_int_equal(orgcheck_results_write(out, &fx->report, &fx->err), 0);
	assert_int_equal(fclose(out), 0);
}

/* Loads path the way 'render' and 'diff' do: parsed safely and checked
 * against schemas/results.xsd. */
static int load(struct fixture *fx, const char *path)
{
	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	fx->doc = NULL;
	return orgcheck_cli_load_results(&fx->doc, &fx->cli, path, TEST_SOURCE_DIR);
}

/* Forgets what the error stream holds. */
static void reset_err(struct fixture *fx)
{
	fclose(fx->err_stream);
	free(fx->err_text);
	fx->err_text = NULL;
	fx->err_size = 0;
	fx->err_stream = open_memstream(&fx->err_text, &fx->err_size);
	assert_non_null(fx->err_stream);
	fx->cli.err = fx->err_stream;
}

static const char *err_output(struct fixture *fx)
{
	assert_int_equal(fflush(fx->err_stream), 0);
	return fx->err_text != NULL ? fx->err_text : "";
}

static void test_round_trip_file(void **state)
{
	struct fixture *fx = *state;

	fill(fx);
	write_results(fx);
	if (load(fx, fx->path) != 0)
		fail_msg("not a valid results document: %s", err_output(fx));
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), 0);
	assert_same_findings(&fx->result.findings, &fx->back);
}

static void test_round_trip_built(void **state)
{
	struct fixture *fx = *state;

	fill(fx);
	assert_int_equal(orgcheck_results_build(&fx->doc, &fx->report, &fx->err), 0);
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), 0);
	assert_same_findings(&fx->result.findings, &fx->back);
}

/* The reader sorts what it reads, and adds to what out already holds. */
static void test_read_sorts(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_findings *list = &fx->result.findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find("OC110"), "z.xml", 1, 1, "last"), 0);
	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find("OC110"), "a.xml", 9, 1, "second"), 0);
	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find("OC110"), "a.xml", 2, 1, "first"), 0);
	assert_int_equal(orgcheck_results_build(&fx->doc, &fx->report, &fx->err), 0);
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), 0);
	assert_int_equal(fx->back.count, 3);
	assert_string_equal(fx->back.items[0].message, "first");
	assert_string_equal(fx->back.items[1].message, "second");
	assert_string_equal(fx->back.items[2].message, "last");
}

static void test_empty_round_trip(void **state)
{
	struct fixture *fx = *state;

	write_results(fx);
	assert_int_equal(load(fx, fx->path), 0);
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), 0);
	assert_int_equal(fx->back.count, 0);
}

/* File names may hold any byte but NUL; XML 1.0 cannot hold controls or
 * bytes that are not UTF-8, even escaped: they are written as U+FFFD, so
 * the document stays well-formed and valid. */
static void test_bytes_xml_cannot_hold(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_findings *list = &fx->result.findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find("OC102"), "records/bad\x01na\x1fme\xff.xml", 2, 1,
					       "file name 'bad\x01na\x1fme\xff.xml' \xef\xbf\xbe kept: Z\xc3\xbcrich\ttab"),
			 0);
	assert_int_equal(orgcheck_findings_set_record(list, &fx->err, 0, "x\x02y"), 0);
	assert_int_equal(orgcheck_findings_add_value(list, &fx->err, "file", "bad\x01\xc3", NULL), 0);
	write_results(fx);
	if (load(fx, fx->path) != 0)
		fail_msg("not a valid results document: %s", err_output(fx));
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), 0);
	assert_int_equal(fx->back.count, 1);
	assert_string_equal(fx->back.items[0].primary.path,
			    "records/bad\xef\xbf\xbdna\xef\xbf\xbdme\xef\xbf\xbd.xml");
	assert_string_equal(fx->back.items[0].primary.record, "x\xef\xbf\xbdy");
	assert_string_equal(fx->back.items[0].message,
			    "file name 'bad\xef\xbf\xbdna\xef\xbf\xbdme\xef\xbf\xbd.xml' \xef\xbf\xbd kept: "
			    "Z\xc3\xbcrich\ttab");
	assert_string_equal(fx->back.items[0].values[0].text, "bad\xef\xbf\xbd\xef\xbf\xbd");
}

static void test_read_not_results(void **state)
{
	struct fixture *fx = *state;
	static const char text[] = "<catalog xmlns=\"urn:orgcheck:results:1\"/>";

	fx->doc = xmlReadMemory(text, (int)strlen(text), "mem.xml", NULL, XML_PARSE_NONET);
	assert_non_null(fx->doc);
	assert_int_equal(orgcheck_results_read(&fx->back, fx->doc, &fx->err), ORGCHECK_EINVAL);
	assert_non_null(strstr(fx->err.message, "not an orgcheck results document"));
	assert_int_equal(fx->back.count, 0);
}

/* Loading fails; the message on the error stream starts with
 * "orgcheck: PATH" and holds expected. */
static void load_fails(struct fixture *fx, const char *content, const char *expected)
{
	char prefix[512];

	test_write_file(fx->path, content);
	reset_err(fx);
	assert_int_equal(load(fx, fx->path), -1);
	assert_null(fx->doc);
	snprintf(prefix, sizeof(prefix), "orgcheck: %s", fx->path);
	if (strncmp(err_output(fx), prefix, strlen(prefix)) != 0 || strstr(err_output(fx), expected) == NULL)
		fail_msg("'%s' does not start with '%s' and hold '%s'", err_output(fx), prefix, expected);
}

static void test_load_errors_name_the_file(void **state)
{
	struct fixture *fx = *state;
	char *text = NULL;
	char *moved = NULL;
	char *missing = NULL;

	load_fails(fx, "<results xmlns=\"urn:orgcheck:results:1\">\n  <findings>\n</results>\n",
		   "not an orgcheck results document");
	load_fails(fx, "", "not an orgcheck results document");
	/* A results document in another namespace, or none. */
	fill(fx);
	write_results(fx);
	text = test_read_file(fx->path);
	assert_non_null(text);
	moved = strstr(text, "urn:orgcheck:results:1");
	assert_non_null(moved);
	moved[strlen("urn:orgcheck:results:")] = '2';
	load_fails(fx, text, "not an orgcheck results document");
	assert_non_null(strstr(err_output(fx), ":2:"));
	free(text);
	load_fails(fx, "<?xml version=\"1.0\"?>\n<results/>\n", ":2:");
	load_fails(fx, "<?xml version=\"1.0\"?>\n<rules xmlns=\"urn:orgcheck:rules:1\"/>\n",
		   "not an orgcheck results document");

	missing = test_join(fx->dir, "missing.xml");
	reset_err(fx);
	assert_int_equal(load(fx, missing), -1);
	assert_non_null(strstr(err_output(fx), missing));
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_built, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_sorts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bytes_xml_cannot_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_not_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors_name_the_file, setup, teardown),
	};

	return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
