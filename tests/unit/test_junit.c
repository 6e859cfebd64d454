/* The JUnit renderer, read back with libxml2: the document is
 * well-formed, its counts add up (the root's tests and failures are the
 * sums of the suites', a suite's are its test cases'), there is one suite
 * per enabled rule, and cases are named after the rule and the record.
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
#include <libxml/tree.h>

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/config.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "testutil.h"

struct fixture {
	char *dir;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_config *config;
	struct orgcheck_error err;
	char *output;
	xmlDocPtr doc;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	orgcheck_findings_init(&fx->result.findings);
	fx->report.result = &fx->result;
	fx->report.today.year = 2026;
	fx->report.today.month = 11;
	fx->report.today.day = 21;
	fx->report.fail_on = ORGCHECK_SEVERITY_ERROR;
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_check_result_release(&fx->result);
	orgcheck_config_free(fx->config);
	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx->output);
	free(fx);
	return 0;
}

static void add(struct fixture *fx, const char *rule, const char *path, const char *record,
		unsigned long line, const char *message)
{
	struct orgcheck_findings *list = &fx->result.findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find(rule), path, line, 1, "%s", message), 0);
	if (record != NULL)
		assert_int_equal(orgcheck_findings_set_record(list, &fx->err, list->count - 1, record), 0);
}

/* The fixed list: 3 OC110 findings in 2 files, 1 OC120, 1 OC152 about a
 * file without a record id. */
static void fill(struct fixture *fx)
{
	add(fx, "OC110", "records/a/alpha.xml", "alpha", 3, "first of alpha");
	add(fx, "OC120", "records/a/alpha.xml", "alpha", 4, "one-sided <link> & \"more\"");
	add(fx, "OC110", "records/a/alpha.xml", "alpha", 9, "second of alpha");
	add(fx, "OC110", "records/b/beta.xml", "beta", 2, "only of beta");
	add(fx, "OC152", "notes/readme.xml", NULL, 0, "whole file");
	orgcheck_findings_sort(&fx->result.findings);
}

/* Renders JUnit and parses it; a document that is not well-formed fails. */
static const xmlNode *render(struct fixture *fx)
{
	struct orgcheck_render_options options = { 0 };
	size_t size = 0;
	FILE *out = open_memstream(&fx->output, &size);
	const xmlNode *root = NULL;

	assert_non_null(out);
	assert_int_equal(orgcheck_render_format_junit(out, &fx->report, &options, &fx->err), 0);
	assert_int_equal(fclose(out), 0);
	fx->doc = xmlReadMemory(fx->output, (int)size, "junit.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	if (fx->doc == NULL)
		fail_msg("the JUnit output is not well-formed:\n%s", fx->output);
	root = xmlDocGetRootElement(fx->doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "testsuites");
	return root;
}

static int is_named(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)name);
}

/* The attribute as a number; absent is a failure. */
static unsigned long number(const xmlNode *node, const char *name)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
	unsigned long n = 0;
	char *end = NULL;

	if (value == NULL)
		fail_msg("<%s> has no %s", node->name, name);
	n = strtoul((const char *)value, &end, 10);
	assert_true(*end == '\0' && end != (char *)value);
	xmlFree(value);
	return n;
}

static int attribute_is(const xmlNode *node, const char *name, const char *expected)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
	int same = value != NULL && strcmp((const char *)value, expected) == 0;

	xmlFree(value);
	return same;
}

static const xmlNode *child_named(const xmlNode *node, const char *name)
{
	const xmlNode *child = NULL;

	for (child = node->children; child != NULL; child = child->next) {
		if (is_named(child, name))
			return child;
	}
	return NULL;
}

static const xmlNode *suite(const xmlNode *root, const char *name)
{
	const xmlNode *s = NULL;

	for (s = root->children; s != NULL; s = s->next) {
		if (is_named(s, "testsuite") && attribute_is(s, "name", name))
			return s;
	}
	return NULL;
}

static const xmlNode *test_case(const xmlNode *s, const char *name)
{
	const xmlNode *c = NULL;

	for (c = s->children; c != NULL; c = c->next) {
		if (is_named(c, "testcase") && attribute_is(c, "name", name))
			return c;
	}
	return NULL;
}

/* Every count agrees with the elements; returns the number of suites. */
static size_t check_counts(const xmlNode *root)
{
	const xmlNode *s = NULL;
	const xmlNode *c = NULL;
	unsigned long tests = 0;
	unsigned long failures = 0;
	unsigned long cases = 0;
	unsigned long failing = 0;
	size_t suites = 0;

	assert_int_equal(number(root, "errors"), 0);
	for (s = root->children; s != NULL; s = s->next) {
		if (!is_named(s, "testsuite"))
			continue;
		suites++;
		cases = 0;
		failing = 0;
		for (c = s->children; c != NULL; c = c->next) {
			if (!is_named(c, "testcase"))
				continue;
			cases++;
			failing += child_named(c, "failure") != NULL;
		}
		assert_int_equal(number(s, "tests"), cases);
		assert_int_equal(number(s, "failures"), failing);
		assert_int_equal(number(s, "errors"), 0);
		tests += cases;
		failures += failing;
	}
	assert_int_equal(number(root, "tests"), tests);
	assert_int_equal(number(root, "failures"), failures);
	return suites;
}

static void test_counts_and_names(void **state)
{
	struct fixture *fx = *state;
	const xmlNode *root = NULL;
	const xmlNode *s = NULL;
	const xmlNode *c = NULL;
	const xmlNode *failure = NULL;
	xmlChar *text = NULL;
	size_t rules = 0;

	fill(fx);
	/* Every finding fails its case at --fail-on info (below it a case
	 * passes with system-out; see test_render_ci). */
	fx->report.fail_on = ORGCHECK_SEVERITY_INFO;
	root = render(fx);
	rules = orgcheck_catalog_count();
	assert_int_equal(check_counts(root), rules);
	/* 4 failing cases (alpha and beta for OC110, alpha for OC120, the
	 * file for OC152), one passing case for every other rule. */
	assert_int_equal(number(root, "failures"), 4);
	assert_int_equal(number(root, "tests"), rules - 3 + 4);

	s = suite(root, "OC110 unresolved-reference");
	assert_non_null(s);
	assert_int_equal(number(s, "failures"), 2);
	c = test_case(s, "OC110 alpha");
	assert_non_null(c);
	assert_true(attribute_is(c, "classname", "records/a/alpha.xml"));
	failure = child_named(c, "failure");
	assert_non_null(failure);
	assert_true(attribute_is(failure, "type", "OC110"));
	assert_true(attribute_is(failure, "message", "first of alpha"));
	text = xmlNodeGetContent(failure);
	assert_string_equal((const char *)text, "records/a/alpha.xml:3:1: error: first of alpha\n"
				  "records/a/alpha.xml:9:1: error: second of alpha\n");
	xmlFree(text);
	assert_non_null(test_case(s, "OC110 beta"));

	s = suite(root, "OC120 one-sided-link");
	assert_non_null(s);
	c = test_case(s, "OC120 alpha");
	assert_non_null(c);
	assert_true(attribute_is(child_named(c, "failure"), "message", "one-sided <link> & \"more\""));

	/* Without a record id, a case is named after its file. */
	s = suite(root, "OC152 acronym-mismatch");
	assert_non_null(s);
	assert_non_null(test_case(s, "OC152 notes/readme.xml"));

	s = suite(root, "OC101 duplicate-id");
	assert_non_null(s);
	assert_int_equal(number(s, "failures"), 0);
	c = test_case(s, "OC101 (all records)");
	assert_non_null(c);
	assert_null(child_named(c, "failure"));
}

/* A rule the configuration turns off has no suite and counts nowhere. */
static void test_disabled_rule(void **state)
{
	struct fixture *fx = *state;
	const xmlNode *root = NULL;
	char *path = test_join(fx->dir, "rules.xml");
	size_t rules = 0;

	test_write_file(path, "<?xml version=\"1.0\"?>\n<rules xmlns=\"urn:orgcheck:rules:1\">\n"
			"  <rule id=\"OC101\" enabled=\"false\"/>\n"
			"  <rule id=\"OC120\" enabled=\"false\"/>\n"
			"</rules>\n");
	assert_int_equal(orgcheck_config_load(&fx->config, path, TEST_SCHEMA_DIR, &fx->err), 0);
	free(path);
	fx->report.config = fx->config;
	/* What apply would have dropped. */
	add(fx, "OC110", "records/a/alpha.xml", "alpha", 3, "first of alpha");
	root = render(fx);
	rules = orgcheck_catalog_count();
	assert_int_equal(check_counts(root), rules - 2);
	assert_null(suite(root, "OC101 duplicate-id"));
	assert_null(suite(root, "OC120 one-sided-link"));
	assert_non_null(suite(root, "OC110 unresolved-reference"));
	assert_int_equal(number(root, "tests"), rules - 2);
	assert_int_equal(number(root, "failures"), 1);
}

static void test_no_findings(void **state)
{
	struct fixture *fx = *state;
	const xmlNode *root = render(fx);
	size_t rules = 0;

	rules = orgcheck_catalog_count();
	assert_int_equal(check_counts(root), rules);
	assert_int_equal(number(root, "tests"), rules);
	assert_int_equal(number(root, "failures"), 0);
}

/* A file name with a control character or a byte that is not UTF-8
 * still gives a well-formed document (U+FFFD stands for each). */
static void test_bytes_xml_cannot_hold(void **state)
{
	struct fixture *fx = *state;
	const xmlNode *root = NULL;
	const xmlNode *s = NULL;
	const xmlNode *c = NULL;

	add(fx, "OC102", "records/bad\x01name\xff.xml", "x\x02y", 2, "file 'bad\x01name\xff.xml'");
	root = render(fx);
	(void)check_counts(root);
	s = suite(root, "OC102 id-file-mismatch");
	assert_non_null(s);
	c = test_case(s, "OC102 x\xef\xbf\xbdy");
	assert_non_null(c);
	assert_true(attribute_is(c, "classname", "records/bad\xef\xbf\xbdname\xef\xbf\xbd.xml"));
	assert_true(attribute_is(child_named(c, "failure"), "message", "file 'bad\xef\xbf\xbdname\xef\xbf\xbd.xml'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bytes_xml_cannot_hold, setup, teardown),
	};

	return cmocka_run_group_tests_name("junit", tests, NULL, NULL);
}
