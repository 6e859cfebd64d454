/* The rules configuration: reading rule settings, Schematron entries and
 * exceptions from a file written by the test, the errors that name the
 * file, and applying it to a findings list (dropping, re-grading,
 * reporting the exceptions that matched nothing).
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
#include <orgcheck/config.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "testutil.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules xmlns=\"urn:orgcheck:rules:1\">\n"
#define TAIL "</rules>\n"

struct fixture {
	char *dir;
	char *path;           /* dir/rules.xml */
	struct orgcheck_config *config;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	fx->path = test_join(fx->dir, "rules.xml");
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_config_free(fx->config);
	orgcheck_findings_release(&fx->findings);
	test_remove_tree(fx->dir);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return 0;
}

static int load(struct fixture *fx, const char *content)
{
	orgcheck_config_free(fx->config);
	fx->config = NULL;
	test_write_file(fx->path, content);
	orgcheck_error_clear(&fx->err);
	return orgcheck_config_load(&fx->config, fx->path, TEST_SCHEMA_DIR, &fx->err);
}

static void load_ok(struct fixture *fx, const char *content)
{
	if (load(fx, content) != 0)
		fail_msg("load failed: %s", fx->err.message);
	assert_non_null(fx->config);
}

/* Loading fails with ORGCHECK_ECONFIG and a message that starts with the
 * file's path and holds expected. */
static void load_fails(struct fixture *fx, const char *content, const char *expected)
{
	assert_int_equal(load(fx, content), ORGCHECK_ECONFIG);
	assert_null(fx->config);
	assert_int_equal(fx->err.code, ORGCHECK_ECONFIG);
	if (strncmp(fx->err.message, fx->path, strlen(fx->path)) != 0 ||
	    strstr(fx->err.message, expected) == NULL)
		fail_msg("message '%s' does not name '%s' with '%s'", fx->err.message, fx->path, expected);
}

static const struct orgcheck_rule *rule(const char *id)
{
	const struct orgcheck_rule *r = orgcheck_catalog_find(id);

	assert_non_null(r);
	return r;
}

static void add(struct fixture *fx, const char *rule_id, const char *path, const char *record,
		unsigned long line)
{
	struct orgcheck_findings *list = &fx->findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find(rule_id), path, line, 1, "%s on %s",
					       rule_id, record ? record : "-"), 0);
	if (record != NULL)
		assert_int_equal(orgcheck_findings_set_record(list, &fx->err, list->count - 1, record), 0);
}

static int apply(struct fixture *fx)
{
	return orgcheck_config_apply(fx->config, &fx->findings, NULL, &fx->err);
}

/* The finding with this rule id and record, or NULL. */
static const struct orgcheck_finding *find(const struct fixture *fx, const char *rule_id,
					   const char *record)
{
	size_t i;

	for (i = 0; i < fx->findings.count; i++) {
		const struct orgcheck_finding *f = &fx->findings.items[i];

		if (strcmp(orgcheck_finding_rule_id(f), rule_id) == 0 &&
		    ((record == NULL && f->primary.record == NULL) ||
		     (record != NULL && f->primary.record != NULL && strcmp(f->primary.record, record) == 0)))
			return f;
	}
	return NULL;
}

static void test_builtin_defaults(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_rule *r = NULL;
	size_t i;

	assert_int_equal(orgcheck_config_new(&fx->config, &fx->err), 0);
	assert_null(orgcheck_config_path(fx->config));
	assert_int_equal(orgcheck_config_schematron_count(fx->config), 0);
	assert_true(orgcheck_catalog_count() > 10);
	for (i = 0; (r = orgcheck_catalog_rule(i)) != NULL; i++) {
		assert_true(orgcheck_config_enabled(fx->config, r));
		assert_int_equal(orgcheck_config_severity(fx->config, r), r->severity);
		/* No configuration at all reads as the defaults too. */
		assert_true(orgcheck_config_enabled(NULL, r));
		assert_int_equal(orgcheck_config_severity(NULL, r), r->severity);
	}
	assert_int_equal(i, orgcheck_catalog_count());
}

static void test_rule_settings(void **state)
{
	struct fixture *fx = *state;

	load_ok(fx, HEAD
		"  <rule id=\"OC120\" enabled=\"false\"/>\n"
		"  <rule id=\"OC121\" enabled=\"0\"/>\n"
		"  <rule id=\"OC122\" enabled=\"true\" severity=\"info\"/>\n"
		"  <rule id=\"OC152\" severity=\"error\"/>\n"
		"  <rule id=\"OC110\" enabled=\"1\"/>\n"
		TAIL);
	assert_string_equal(orgcheck_config_path(fx->config), fx->path);
	assert_false(orgcheck_config_enabled(fx->config, rule("OC120")));
	assert_false(orgcheck_config_enabled(fx->config, rule("OC121")));
	assert_true(orgcheck_config_enabled(fx->config, rule("OC122")));
	assert_true(orgcheck_config_enabled(fx->config, rule("OC152")));
	assert_true(orgcheck_config_enabled(fx->config, rule("OC110")));
	assert_true(orgcheck_config_enabled(fx->config, rule("OC101")));
	assert_int_equal(orgcheck_config_severity(fx->config, rule("OC122")), ORGCHECK_SEVERITY_INFO);
	assert_int_equal(orgcheck_config_severity(fx->config, rule("OC152")), ORGCHECK_SEVERITY_ERROR);
	/* Listed without a severity, or not listed: the default. */
	assert_int_equal(orgcheck_config_severity(fx->config, rule("OC110")), rule("OC110")->severity);
	assert_int_equal(orgcheck_config_severity(fx->config, rule("OC101")), rule("OC101")->severity);
	assert_int_equal(orgcheck_config_schematron_count(fx->config), 0);
}

/* The schema's types collapse white space (xs:token, xs:boolean,
 * xs:anyURI), so values with spaces around them are valid and mean what
 * they say: they are read as the validator read them. */
static void test_values_with_white_space(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_config_schematron *s = NULL;
	char *expected = NULL;

	load_ok(fx, HEAD
		"  <rule id=\" OC120 \" enabled=\" false \"/>\n"
		"  <rule id=\"OC110\" severity=\"\n\twarning \"/>\n"
		"  <schematron href=\" house.sch \" phase=\" strict \" severity=\" error\"/>\n"
		"  <exception rule=\" OC112 \" record=\" alpha \">why</exception>\n"
		TAIL);
	assert_false(orgcheck_config_enabled(fx->config, rule("OC120")));
	assert_int_equal(orgcheck_config_severity(fx->config, rule("OC110")), ORGCHECK_SEVERITY_WARNING);
	s = orgcheck_config_schematron(fx->config, 0);
	expected = test_join(fx->dir, "house.sch");
	assert_string_equal(s->path, expected);
	free(expected);
	assert_string_equal(s->phase, "strict");
	assert_int_equal(s->severity, ORGCHECK_SEVERITY_ERROR);
	add(fx, "OC112", "a/alpha.xml", "alpha", 3);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(fx->findings.count, 0);
}

/* href is relative to the configuration's directory unless absolute. */
static void test_schematron_entries(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_config_schematron *s = NULL;
	char *expected = NULL;

	load_ok(fx, HEAD
		"  <schematron href=\"sch/house.sch\"/>\n"
		"  <schematron href=\"/abs/other.sch\" phase=\"strict\" severity=\"error\"/>\n"
		TAIL);
	assert_int_equal(orgcheck_config_schematron_count(fx->config), 2);
	s = orgcheck_config_schematron(fx->config, 0);
	expected = test_join(fx->dir, "sch/house.sch");
	assert_string_equal(s->path, expected);
	free(expected);
	assert_null(s->phase);
	assert_int_equal(s->severity, ORGCHECK_SEVERITY_WARNING);
	assert_int_equal(s->line, 3);
	s = orgcheck_config_schematron(fx->config, 1);
	assert_string_equal(s->path, "/abs/other.sch");
	assert_string_equal(s->phase, "strict");
	assert_int_equal(s->severity, ORGCHECK_SEVERITY_ERROR);
	assert_int_equal(s->line, 4);
}

/* Disabled rules are dropped, severities re-graded, an exception drops
 * the findings of its rule on its record and nothing else. */
static void test_apply(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	load_ok(fx, HEAD
		"  <rule id=\"OC120\" enabled=\"false\"/>\n"
		"  <rule id=\"OC152\" severity=\"error\"/>\n"
		"  <exception rule=\"OC110\" record=\"alpha\">the target is outside the corpus</exception>\n"
		TAIL);
	add(fx, "OC110", "a/alpha.xml", "alpha", 3);
	add(fx, "OC110", "a/alpha.xml", "alpha", 9);
	add(fx, "OC110", "b/beta.xml", "beta", 3);
	add(fx, "OC112", "a/alpha.xml", "alpha", 4);
	add(fx, "OC120", "a/alpha.xml", "alpha", 5);
	add(fx, "OC152", "b/beta.xml", "beta", 6);
	add(fx, "OC110", "notes.txt", NULL, 1);
	assert_int_equal(apply(fx), 0);
	assert_null(find(fx, "OC110", "alpha"));
	assert_null(find(fx, "OC120", "alpha"));
	assert_non_null(find(fx, "OC110", "beta"));
	assert_non_null(find(fx, "OC112", "alpha"));
	assert_non_null(find(fx, "OC110", NULL));
	f = find(fx, "OC152", "beta");
	assert_non_null(f);
	assert_int_equal(f->severity, ORGCHECK_SEVERITY_ERROR);
	f = find(fx, "OC112", "alpha");
	assert_int_equal(f->severity, rule("OC112")->severity);
	/* The exception matched (twice): no OC190. */
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_UNUSED_EXCEPTION), 0);
	assert_int_equal(fx->findings.count, 4);
}

/* An exception that matches nothing is an OC190 finding on the
 * configuration file, at the exception's line, naming rule and record. */
static void test_unused_exception(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	load_ok(fx, HEAD
		"  <exception rule=\"OC110\" record=\"alpha\">used</exception>\n"
		"  <exception rule=\"OC101\" record=\"gamma\">fixed long ago</exception>\n"
		"  <exception rule=\"OC112\" record=\"beta\">wrong record</exception>\n"
		TAIL);
	add(fx, "OC110", "a/alpha.xml", "alpha", 3);
	add(fx, "OC112", "a/alpha.xml", "alpha", 4);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_UNUSED_EXCEPTION), 2);
	assert_null(find(fx, "OC110", "alpha"));
	assert_non_null(find(fx, "OC112", "alpha"));
	f = test_find_finding(&fx->findings, ORGCHECK_RULE_UNUSED_EXCEPTION, fx->path);
	assert_non_null(f);
	assert_int_equal(f->primary.line, 4);
	assert_true(f->primary.column > 0);
	assert_int_equal(f->severity, rule(ORGCHECK_RULE_UNUSED_EXCEPTION)->severity);
	assert_non_null(strstr(f->message, "OC101"));
	assert_non_null(strstr(f->message, "'gamma'"));
	f = &fx->findings.items[fx->findings.count - 1];
	assert_string_equal(f->rule->id, ORGCHECK_RULE_UNUSED_EXCEPTION);
	assert_int_equal(f->primary.line, 5);
	assert_non_null(strstr(f->message, "OC112"));
	assert_non_null(strstr(f->message, "'beta'"));
}

/* OC190 obeys its own setting like every rule. */
static void test_unused_exception_settings(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	load_ok(fx, HEAD
		"  <rule id=\"OC190\" severity=\"error\"/>\n"
		"  <exception rule=\"OC101\" record=\"gamma\">fixed long ago</exception>\n"
		TAIL);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(fx->findings.count, 1);
	f = &fx->findings.items[0];
	assert_string_equal(f->rule->id, ORGCHECK_RULE_UNUSED_EXCEPTION);
	assert_int_equal(f->severity, ORGCHECK_SEVERITY_ERROR);

	orgcheck_findings_release(&fx->findings);
	load_ok(fx, HEAD
		"  <rule id=\"OC190\" enabled=\"false\"/>\n"
		"  <exception rule=\"OC101\" record=\"gamma\">fixed long ago</exception>\n"
		TAIL);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(fx->findings.count, 0);
}

/* Matches are counted per call: a configuration that excused a finding
 * in one run reports the exception as unused in a run without it, and
 * the other way round (diff checks both sides with one configuration). */
static void test_apply_per_run(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_findings other;

	orgcheck_findings_init(&other);
	load_ok(fx, HEAD
		"  <exception rule=\"OC110\" record=\"alpha\">the target is outside the corpus</exception>\n"
		TAIL);
	add(fx, "OC110", "a/alpha.xml", "alpha", 3);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(fx->findings.count, 0);
	assert_int_equal(orgcheck_config_apply(fx->config, &other, NULL, &fx->err), 0);
	assert_int_equal(other.count, 1);
	assert_string_equal(other.items[0].rule->id, ORGCHECK_RULE_UNUSED_EXCEPTION);
	orgcheck_findings_release(&other);
	add(fx, "OC110", "a/alpha.xml", "alpha", 3);
	assert_int_equal(apply(fx), 0);
	assert_int_equal(fx->findings.count, 0);
}

/* With a Schematron schema configured an exception may name an
 * assertion's id: it matches the findings reported under that id. */
static void test_schematron_exception(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_findings *list = &fx->findings;

	load_fails(fx, HEAD
		   "  <exception rule=\"house-name\" record=\"alpha\">no schema names it</exception>\n"
		   TAIL, "unknown rule 'house-name'");
	load_ok(fx, HEAD
		"  <schematron href=\"house.sch\"/>\n"
		"  <exception rule=\"house-name\" record=\"alpha\">accepted</exception>\n"
		"  <exception rule=\"house-other\" record=\"alpha\">never fires</exception>\n"
		TAIL);
	add(fx, ORGCHECK_RULE_SCHEMATRON, "a/alpha.xml", "alpha", 3);
	assert_int_equal(orgcheck_findings_set_rule_id(list, &fx->err, list->count - 1, "house-name"), 0);
	add(fx, ORGCHECK_RULE_SCHEMATRON, "b/beta.xml", "beta", 3);
	assert_int_equal(orgcheck_findings_set_rule_id(list, &fx->err, list->count - 1, "house-name"), 0);
	/* An exception for the assertion does not cover OC170 as a whole. */
	add(fx, ORGCHECK_RULE_SCHEMATRON, "a/alpha.xml", "alpha", 4);
	assert_int_equal(orgcheck_findings_set_rule_id(list, &fx->err, list->count - 1, "house-third"), 0);
	assert_int_equal(apply(fx), 0);
	assert_null(find(fx, "house-name", "alpha"));
	assert_non_null(find(fx, "house-name", "beta"));
	assert_non_null(find(fx, "house-third", "alpha"));
	assert_int_equal(test_count_findings(list, ORGCHECK_RULE_UNUSED_EXCEPTION), 1);
	assert_non_null(strstr(test_find_finding(list, ORGCHECK_RULE_UNUSED_EXCEPTION, NULL)->message,
			       "house-other"));
}

static void test_load_errors(void **state)
{
	struct fixture *fx = *state;
	char *missing = NULL;

	load_fails(fx, HEAD "  <rule id=\"OC999\"/>\n" TAIL, ":3:");
	assert_non_null(strstr(fx->err.message, "unknown rule 'OC999'"));
	load_fails(fx, HEAD "  <rule id=\"OC110\"/>\n  <rule id=\"OC110\" severity=\"info\"/>\n" TAIL,
		   "rule OC110 is set twice");
	assert_non_null(strstr(fx->err.message, ":4:"));
	load_fails(fx, HEAD "  <exception rule=\"OC998\" record=\"alpha\">why</exception>\n" TAIL,
		   "unknown rule 'OC998'");
	/* The schema: severities, an exception's reason, the order. */
	load_fails(fx, HEAD "  <rule id=\"OC110\" severity=\"fatal\"/>\n" TAIL, ":3:");
	load_fails(fx, HEAD "  <exception rule=\"OC110\" record=\"alpha\">  </exception>\n" TAIL, ":3:");
	load_fails(fx, HEAD "  <exception rule=\"OC110\" record=\"Alpha\">why</exception>\n" TAIL, ":3:");
	load_fails(fx, HEAD "  <exception rule=\"OC110\" record=\"alpha\">why</exception>\n"
		   "  <rule id=\"OC110\"/>\n" TAIL, ":4:");
	load_fails(fx, HEAD "  <rule id=\"OC110\">\n" TAIL, fx->path);
	load_fails(fx, "<?xml version=\"1.0\"?>\n<rules xmlns=\"urn:orgcheck:rules:2\"/>\n",
		   "not a rules configuration");
	load_fails(fx, "<?xml version=\"1.0\"?>\n<rules/>\n", "not a rules configuration");
	load_fails(fx, "", fx->path);

	missing = test_join(fx->dir, "missing.xml");
	orgcheck_error_clear(&fx->err);
	assert_true(orgcheck_config_load(&fx->config, missing, TEST_SCHEMA_DIR, &fx->err) < 0);
	assert_null(fx->config);
	assert_non_null(strstr(fx->err.message, missing));
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rule_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_with_white_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schematron_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unused_exception, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unused_exception_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_per_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schematron_exception, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
