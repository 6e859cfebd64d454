/* The CI formats on findings built in memory: what a record cannot hold
 * (a raw newline or CR in a message, ':' and ',' in a path, bytes that
 * are not UTF-8) and exact lines to compare.
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

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "testutil.h"

struct fixture {
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	char *output;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	orgcheck_findings_init(&fx->result.findings);
	fx->report.result = &fx->result;
	fx->report.today.year = 2026;
	fx->report.today.month = 11;
	fx->report.today.day = 21;
	fx->report.fail_on = ORGCHECK_SEVERITY_ERROR;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_check_result_release(&fx->result);
	free(fx->output);
	free(fx);
	return 0;
}

/* Adds a finding with a record id. */
static void add(struct fixture *fx, const char *rule, const char *path, const char *record,
		unsigned long line, unsigned long column, const char *message)
{
	struct orgcheck_findings *list = &fx->result.findings;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_findings_add_rule(list, &err, orgcheck_catalog_find(rule), path, line, column,
						    "%s", message), 0);
	if (record != NULL)
		assert_int_equal(orgcheck_findings_set_record(list, &err, list->count - 1, record), 0);
}

/* Renders the fixture in format into fx->output (NUL-terminated). */
static void render(struct fixture *fx, const char *format)
{
	const struct orgcheck_format *f = orgcheck_render_find_format(format);
	struct orgcheck_render_options options = { 0 };
	struct orgcheck_error err;
	size_t size = 0;
	FILE *out = NULL;

	assert_non_null(f);
	free(fx->output);
	fx->output = NULL;
	orgcheck_error_clear(&err);
	out = open_memstream(&fx->output, &size);
	assert_non_null(out);
	assert_int_equal(f->render(out, &fx->report, &options, &err), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(fx->output);
	assert_int_equal(strlen(fx->output), size);
	assert_true(size > 0 && fx->output[size - 1] == '\n');
}

static size_t count_substrings(const char *text, const char *needle)
{
	size_t n = 0;

	while ((text = strstr(text, needle)) != NULL) {
		n++;
		text += strlen(needle);
	}
	return n;
}

/* Data escapes '%', CR and LF; property values also ':' and ','; an
 * unknown line or column is left out. */
static void test_github_escaping(void **state)
{
	struct fixture *fx = *state;

	add(fx, "OC101", "dir:x,y/a%b.xml", "a", 3, 4, "100% sure: a, b\nc\rd");
	add(fx, "OC120", "./b.xml", "b", 0, 0, "one-sided");
	add(fx, "OC152", "c.xml", NULL, 7, 0, "acronym: 'X,Y'");
	render(fx, "github");
	assert_string_equal(fx->output,
		"::error file=dir%3Ax%2Cy/a%25b.xml,line=3,col=4,title=OC101 duplicate-id::"
		"100%25 sure: a, b%0Ac%0Dd\n"
		"::warning file=b.xml,title=OC120 one-sided-link::one-sided\n"
		"::notice file=c.xml,line=7,title=OC152 acronym-mismatch::acronym: 'X,Y'\n"
		"orgcheck: 1 error, 1 warning, 1 info\n");
}

/* GitHub shows 10 annotations of a level per step: the rest are counted
 * in one summary annotation per level. */
static void test_github_ten_per_level(void **state)
{
	struct fixture *fx = *state;
	char path[32];
	int i;

	for (i = 1; i <= 12; i++) {
		snprintf(path, sizeof(path), "e%02d.xml", i);
		add(fx, "OC110", path, NULL, 1, 1, "unresolved");
	}
	for (i = 1; i <= 11; i++) {
		snprintf(path, sizeof(path), "w%02d.xml", i);
		add(fx, "OC120", path, NULL, 1, 1, "one-sided");
	}
	add(fx, "OC152", "i.xml", NULL, 1, 1, "acronym");
	render(fx, "github");
	assert_int_equal(count_substrings(fx->output, "::error file="), 10);
	assert_int_equal(count_substrings(fx->output, "::warning file="), 10);
	assert_int_equal(count_substrings(fx->output, "::notice file="), 1);
	assert_non_null(strstr(fx->output, "::error file=e10.xml,"));
	assert_null(strstr(fx->output, "e11.xml"));
	assert_null(strstr(fx->output, "w11.xml"));
	assert_non_null(strstr(fx->output,
		"::error title=orgcheck::2 more errors not shown; see the full report: orgcheck check --format text (or html)\n"
		"::warning title=orgcheck::1 more warning not shown; see the full report: orgcheck check --format text (or html)\n"
		"orgcheck: 12 errors, 11 warnings, 1 info\n"));
	assert_null(strstr(fx->output, "more notice"));
}

/* When the cut drops errors, the causes (a file not well-formed, a
 * schema error) stay and their knock-on errors go. */
static void test_github_causes_first(void **state)
{
	struct fixture *fx = *state;
	char path[32];
	int i;

	for (i = 1; i <= 12; i++) {
		snprintf(path, sizeof(path), "e%02d.xml", i);
		add(fx, "OC110", path, NULL, 1, 1, "unresolved");
	}
	add(fx, "OC002", "z-broken.xml", NULL, 3, 9, "tag mismatch");
	add(fx, "OC005", "z-invalid.xml", NULL, 4, 5, "not in the schema");
	render(fx, "github");
	assert_int_equal(count_substrings(fx->output, "::error file="), 10);
	assert_non_null(strstr(fx->output, "::error file=z-broken.xml,line=3,col=9,"));
	assert_non_null(strstr(fx->output, "::error file=z-invalid.xml,line=4,col=5,"));
	assert_null(strstr(fx->output, "e09.xml"));
	assert_non_null(strstr(fx->output, "::error title=orgcheck::4 more errors not shown"));
}

static void test_github_no_findings(void **state)
{
	struct fixture *fx = *state;

	render(fx, "github");
	assert_string_equal(fx->output, "orgcheck: 0 errors, 0 warnings, 0 info\n");
}

/* Two findings with one fingerprint (the same fact on two lines) get
 * "-2", "-3" in order; a different one keeps its own. */
static void test_gitlab_unique_fingerprints(void **state)
{
	struct fixture *fx = *state;
	char same[32];
	char other[32];
	char expected[64];

	add(fx, "OC114", "a.xml", "a", 3, 1, "listed twice");
	add(fx, "OC114", "a.xml", "a", 9, 1, "listed twice");
	add(fx, "OC110", "a.xml", "a", 10, 1, "unresolved");
	add(fx, "OC114", "a.xml", "a", 12, 1, "listed twice");
	assert_int_equal(orgcheck_finding_fingerprint(same, sizeof(same), &fx->result.findings.items[0], NULL), 0);
	assert_int_equal(orgcheck_finding_fingerprint(other, sizeof(other), &fx->result.findings.items[2], NULL), 0);
	assert_string_not_equal(same, other);
	render(fx, "gitlab");
	snprintf(expected, sizeof(expected), "\"fingerprint\": \"%s\",", same);
	assert_int_equal(count_substrings(fx->output, expected), 1);
	snprintf(expected, sizeof(expected), "\"fingerprint\": \"%s-2\",", same);
	assert_int_equal(count_substrings(fx->output, expected), 1);
	snprintf(expected, sizeof(expected), "\"fingerprint\": \"%s-3\",", same);
	assert_int_equal(count_substrings(fx->output, expected), 1);
	snprintf(expected, sizeof(expected), "\"fingerprint\": \"%s\",", other);
	assert_int_equal(count_substrings(fx->output, expected), 1);
	/* In the order of the findings: -2 before the other rule, -3 after. */
	snprintf(expected, sizeof(expected), "%s-2", same);
	assert_true(strstr(fx->output, expected) < strstr(fx->output, other));
	snprintf(expected, sizeof(expected), "%s-3", same);
	assert_true(strstr(fx->output, expected) > strstr(fx->output, other));
	assert_non_null(strstr(fx->output, "\"severity\": \"minor\""));
	assert_non_null(strstr(fx->output, "\"severity\": \"major\""));
}

static void test_gitlab_no_findings(void **state)
{
	struct fixture *fx = *state;

	render(fx, "gitlab");
	assert_string_equal(fx->output, "[]\n");
}

/* '"' and '\' escaped, control characters as \u00XX, UTF-8 kept, bytes
 * that are not UTF-8 replaced, an absent record null. */
static void test_json_escaping(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	add(fx, "OC112", "bad\xff\xc3.xml", NULL, 2, 0,
	    "q \" b \\ t \t n \n r \r c \x01 \x1f del \x7f Z\xc3\xbcrich \xe2\x80\x94 \xf0\x9f\x98\x80");
	assert_int_equal(orgcheck_findings_add_value(&fx->result.findings, &err, "label", "\xed\xa0\x80",
						     NULL), 0);
	render(fx, "json");
	assert_non_null(strstr(fx->output,
		"\"message\": \"q \\\" b \\\\ t \\t n \\n r \\r c \\u0001 \\u001f del \x7f "
		"Z\xc3\xbcrich \xe2\x80\x94 \xf0\x9f\x98\x80\",\n"));
	assert_non_null(strstr(fx->output, "\"path\": \"bad\\ufffd\\ufffd.xml\",\n"));
	/* A surrogate encoded in UTF-8 is not UTF-8 either. */
	/* Values are cleaned to U+FFFD when the finding takes them. */
	assert_non_null(strstr(fx->output, "\"text\": \"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\n"));
	assert_non_null(strstr(fx->output, "\"record\": null,\n"));
	assert_non_null(strstr(fx->output, "\"source\": null\n"));
	assert_non_null(strstr(fx->output, "\"rulesFile\": null,\n"));
	assert_non_null(strstr(fx->output, "\"related\": [],\n"));
	assert_non_null(strstr(fx->output, "\"byRule\": {\n      \"OC112\": 1\n    }\n"));
}

static void test_json_no_findings(void **state)
{
	struct fixture *fx = *state;

	render(fx, "json");
	assert_non_null(strstr(fx->output, "\"byRule\": {}\n"));
	assert_non_null(strstr(fx->output, "\"findings\": []\n}\n"));
	assert_non_null(strstr(fx->output, "\"total\": 0,"));
}

/* URIs: percent-encoded, relative to %SRCROOT% without "./", line 1 for
 * a finding about a whole file; an absolute path is a file: URI. */
static void test_sarif_locations(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_error err;
	char expected[64];

	orgcheck_error_clear(&err);
	add(fx, "OC002", "./dir with space/a:b,c%\xc3\xa9.xml", NULL, 0, 0, "the file is empty");
	add(fx, "OC101", "/abs/x.xml", "x", 4, 2, "duplicate");
	assert_int_equal(orgcheck_findings_add_related(&fx->result.findings, &err, "y.xml", "x", 2, 1), 0);
	assert_int_equal(orgcheck_findings_add_related(&fx->result.findings, &err, "z.txt", NULL, 5, 0), 0);
	render(fx, "sarif");
	assert_non_null(strstr(fx->output,
		"\"uri\": \"dir%20with%20space/a%3Ab%2Cc%25%C3%A9.xml\",\n"
		"                  \"uriBaseId\": \"%SRCROOT%\"\n"
		"                },\n"
		"                \"region\": {\n"
		"                  \"startLine\": 1\n"
		"                }\n"));
	assert_non_null(strstr(fx->output, "\"uri\": \"file:///abs/x.xml\"\n"));
	assert_non_null(strstr(fx->output, "\"startLine\": 4,\n"));
	assert_non_null(strstr(fx->output, "\"startColumn\": 2\n"));
	assert_non_null(strstr(fx->output, "\"text\": \"related record x\"\n"));
	assert_non_null(strstr(fx->output, "\"text\": \"related location\"\n"));
	/* ruleIndex is the rule's place in driver.rules, the catalogue. */
	snprintf(expected, sizeof(expected), "\"ruleIndex\": %zu,\n",
		 orgcheck_catalog_index(orgcheck_catalog_find("OC101")));
	assert_non_null(strstr(fx->output, expected));
	assert_non_null(strstr(fx->output, "\"level\": \"error\",\n"));
	assert_int_equal(count_substrings(fx->output, "\"orgcheckFingerprint/v1\": \""), 2);
}

/* A run compared with a baseline carries each finding's state: SARIF's
 * baselineState, and the same key in JSON (null when nothing was
 * compared). */
static void test_baseline_state(void **state)
{
	struct fixture *fx = *state;

	add(fx, "OC110", "a.xml", "a", 3, 1, "introduced");
	add(fx, "OC110", "b.xml", "b", 3, 1, "resolved");
	render(fx, "sarif");
	assert_null(strstr(fx->output, "baselineState"));
	render(fx, "json");
	assert_int_equal(count_substrings(fx->output, "\"baselineState\": null,\n"), 2);
	fx->result.findings.items[0].state = ORGCHECK_STATE_NEW;
	fx->result.findings.items[1].state = ORGCHECK_STATE_ABSENT;
	render(fx, "sarif");
	assert_non_null(strstr(fx->output, "\"level\": \"error\",\n          \"baselineState\": \"new\",\n"));
	assert_non_null(strstr(fx->output, "\"baselineState\": \"absent\",\n"));
	render(fx, "json");
	assert_non_null(strstr(fx->output, "\"baselineState\": \"new\",\n"));
	assert_non_null(strstr(fx->output, "\"baselineState\": \"absent\",\n"));
}

/* Test case names stay unique within a suite when two files hold records
 * with one id: those cases are named after their paths. */
static void test_junit_unique_names(void **state)
{
	struct fixture *fx = *state;
	char expected[128];
	size_t rules = 0;

	add(fx, "OC110", "a/alpha.xml", "alpha", 3, 1, "first");
	add(fx, "OC110", "a/alpha.xml", "alpha", 5, 1, "second & <third>");
	add(fx, "OC110", "b/alpha.xml", "alpha", 3, 1, "other file");
	add(fx, "OC110", "beta.xml", "beta", 0, 0, "whole file");
	add(fx, "OC190", "rules.xml", NULL, 4, 3, "unused");
	render(fx, "junit");
	/* Every rule runs: one passing case each but OC110 (3 failing) and
	 * OC190 (1 passing with its warning in system-out: below --fail-on
	 * error). */
	rules = orgcheck_catalog_count();
	snprintf(expected, sizeof(expected),
		 "<testsuites name=\"orgcheck\" tests=\"%zu\" failures=\"3\" errors=\"0\">", rules - 2 + 4);
	assert_non_null(strstr(fx->output, expected));
	assert_non_null(strstr(fx->output,
		"<testsuite name=\"OC110 unresolved-reference\" tests=\"3\" failures=\"3\" errors=\"0\">"));
	assert_non_null(strstr(fx->output,
		"<testcase classname=\"a/alpha.xml\" name=\"OC110 a/alpha.xml\">\n"
		"      <failure type=\"OC110\" message=\"first\">a/alpha.xml:3:1: error: first\n"
		"a/alpha.xml:5:1: error: second &amp; &lt;third&gt;\n"
		"</failure>"));
	assert_non_null(strstr(fx->output, "name=\"OC110 b/alpha.xml\""));
	assert_non_null(strstr(fx->output,
		"<testcase classname=\"beta.xml\" name=\"OC110 beta\">\n"
		"      <failure type=\"OC110\" message=\"whole file\">beta.xml: error: whole file\n"));
	assert_non_null(strstr(fx->output,
		"<testcase classname=\"rules.xml\" name=\"OC190 rules.xml\">\n"
		"      <system-out>rules.xml:4:3: warning: unused\n</system-out>"));
	assert_non_null(strstr(fx->output, "<testcase classname=\"orgcheck\" name=\"OC001 (all records)\"/>"));
	assert_null(strstr(fx->output, "OC110 (all records)"));
}

/* At --fail-on warning the same warning fails its test case. */
static void test_junit_fail_on_warning(void **state)
{
	struct fixture *fx = *state;

	add(fx, "OC190", "rules.xml", NULL, 4, 3, "unused");
	add(fx, "OC152", "i.xml", "i", 2, 1, "acronym");
	fx->report.fail_on = ORGCHECK_SEVERITY_WARNING;
	render(fx, "junit");
	assert_non_null(strstr(fx->output,
		"<testcase classname=\"rules.xml\" name=\"OC190 rules.xml\">\n"
		"      <failure type=\"OC190\" message=\"unused\">"));
	assert_non_null(strstr(fx->output, "<system-out>i.xml:2:1: info: acronym\n</system-out>"));
	assert_non_null(strstr(fx->output, "failures=\"1\" errors=\"0\">"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_github_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github_ten_per_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github_causes_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitlab_unique_fingerprints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitlab_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_no_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif_locations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit_unique_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit_fail_on_warning, setup, teardown),
	};

	return cmocka_run_group_tests_name("render_ci", tests, NULL, NULL);
}
