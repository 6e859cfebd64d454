/* The Schematron module through its API: findings made from assertions
 * (rule id fallback, severity from the role, position of the context,
 * values that make the fingerprint), the resolver, and errors that only
 * show when an expression runs. Features and schema errors are covered
 * case by case in tests/schematron/cases. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <orgcheck/parse.h>
#include <orgcheck/schematron.h>
#include <orgcheck/schematron_run.h>

#include <libxslt/xsltutils.h>

struct fixture {
	char *dir;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = test_make_temp_dir();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_remove_tree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static struct orgcheck_schematron *load(const struct fixture *f, const char *schema, const char *phase)
{
	struct orgcheck_schematron *s = NULL;
	struct orgcheck_error err;
	char *path = test_join(f->dir, "s.sch");

	test_write_file(path, schema);
	orgcheck_error_clear(&err);
	if (orgcheck_schematron_load(&s, path, phase, &err) < 0)
		fail_msg("load: %s", err.message);
	free(path);
	return s;
}

static xmlDocPtr read_doc(const struct fixture *f, const char *name, const char *content, char **path_out)
{
	struct orgcheck_findings problems;
	struct orgcheck_error err;
	xmlDocPtr doc = NULL;

	*path_out = test_join(f->dir, name);
	test_write_file(*path_out, content);
	orgcheck_findings_init(&problems);
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_parse_file(&doc, &problems, *path_out, &err), 0);
	assert_non_null(doc);
	orgcheck_findings_release(&problems);
	return doc;
}

#define SCH_OPEN "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\">"

static const char orgs_xml[] =
	"<orgs>\n"
	"  <org id=\"a\" year=\"1990\"/>\n"
	"  <org id=\"b\" year=\"2999\"\n"
	"       size=\"-1\"/>\n"
	"</orgs>\n";

/* The id a finding carries: the assert's, else the rule's, else the
 * pattern's, else "schematron"; severity from the role, else the default. */
static void test_rule_ids_and_severities(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	struct orgcheck_schematron *s = NULL;
	char *path = NULL;
	xmlDocPtr doc = read_doc(f, "orgs.xml", orgs_xml, &path);

	s = load(f, SCH_OPEN
		 "<sch:pattern id=\"p\"><sch:rule context=\"org[@id='b']\" id=\"r\">"
		 "<sch:assert test=\"false()\" id=\"own\" role=\"fatal\">own</sch:assert>"
		 "<sch:assert test=\"false()\" role=\"Warning\">rule's</sch:assert>"
		 "</sch:rule></sch:pattern>"
		 "<sch:pattern id=\"q\"><sch:rule context=\"org[@id='b']\">"
		 "<sch:report test=\"true()\" role=\"whatever\">pattern's</sch:report></sch:rule></sch:pattern>"
		 "<sch:pattern><sch:rule context=\"org[@id='b']\">"
		 "<sch:report test=\"true()\" role=\"note\"></sch:report></sch:rule></sch:pattern>"
		 "</sch:schema>", NULL);
	orgcheck_findings_init(&findings);
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_schematron_add_findings(&findings, s, doc, path, "orgs", NULL,
							  ORGCHECK_SEVERITY_WARNING, NULL, &err), 0);
	assert_int_equal(findings.count, 4);
	assert_string_equal(orgcheck_finding_rule_id(&findings.items[0]), "own");
	assert_int_equal(findings.items[0].severity, ORGCHECK_SEVERITY_ERROR);
	assert_string_equal(orgcheck_finding_rule_id(&findings.items[1]), "r");
	assert_int_equal(findings.items[1].severity, ORGCHECK_SEVERITY_WARNING);
	assert_string_equal(orgcheck_finding_rule_id(&findings.items[2]), "q");
	/* An unknown role: the default severity. */
	assert_int_equal(findings.items[2].severity, ORGCHECK_SEVERITY_WARNING);
	assert_string_equal(orgcheck_finding_rule_id(&findings.items[3]), "schematron");
	assert_int_equal(findings.items[3].severity, ORGCHECK_SEVERITY_INFO);
	/* An empty message says what failed. */
	assert_string_equal(findings.items[3].message, "report fired: true()");
	assert_string_equal(findings.items[0].rule->id, ORGCHECK_RULE_SCHEMATRON);
	assert_string_equal(findings.items[0].primary.record, "orgs");
	orgcheck_findings_release(&findings);
	orgcheck_schematron_free(s);
	xmlFreeDoc(doc);
	free(path);
}

/* A finding sits at the context's start tag (an attribute's element), with
 * the assertion's line in the schema as related location and the node's
 * XPath location and test as values. */
static void test_finding_position_and_values(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	struct orgcheck_schematron *s = NULL;
	char *path = NULL;
	xmlDocPtr doc = read_doc(f, "orgs.xml", orgs_xml, &path);
	const struct orgcheck_finding *hit = NULL;

	s = load(f, SCH_OPEN "\n<sch:pattern>\n<sch:rule context=\"@size\">\n"
		 "<sch:assert id=\"size\" test=\". &gt;= 0\">negative size <sch:value-of select=\".\"/></sch:assert>\n"
		 "</sch:rule></sch:pattern></sch:schema>", NULL);
	orgcheck_findings_init(&findings);
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_schematron_add_findings(&findings, s, doc, path, NULL, NULL,
							  ORGCHECK_SEVERITY_ERROR, NULL, &err), 0);
	assert_int_equal(findings.count, 1);
	hit = &findings.items[0];
	assert_string_equal(hit->message, "negative size -1");
	assert_int_equal(hit->primary.line, 3);
	assert_int_equal(hit->primary.column, 3);
	assert_int_equal(hit->related_count, 1);
	assert_int_equal(hit->related[0].line, 4);
	assert_int_equal(hit->value_count, 2);
	assert_string_equal(hit->values[0].name, "location");
	assert_string_equal(hit->values[0].text, "/orgs[1]/org[2]/@size");
	assert_string_equal(hit->values[1].name, "assert");
	assert_string_equal(hit->values[1].text, ". >= 0");
	orgcheck_findings_release(&findings);
	orgcheck_schematron_free(s);
	xmlFreeDoc(doc);
	free(path);
}

/* Without a resolver oc:record() and document() find nothing (and do not
 * fail); with one they find what it hands out. */
static xmlDocPtr only_b(void *data, const char *id, const char **path_out)
{
	if (strcmp(id, "b") != 0)
		return NULL;
	if (path_out != NULL)
		*path_out = "b.xml";
	return data;
}

static void test_record_function(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_schematron_resolver resolver = { NULL, only_b, NULL };
	struct orgcheck_error err;
	struct orgcheck_schematron *s = NULL;
	char *path = NULL;
	char *other_path = NULL;
	xmlDocPtr doc = read_doc(f, "orgs.xml", orgs_xml, &path);
	xmlDocPtr other = read_doc(f, "b.xml", "<org id=\"b\" year=\"1980\"/>", &other_path);
	size_t failures = 0;

	s = load(f, SCH_OPEN "<sch:ns prefix=\"oc\" uri=\"urn:orgcheck:xpath:1\"/>"
		 "<sch:pattern><sch:rule context=\"/\">"
		 "<sch:report test=\"oc:record('b')/@year = 1980\">found</sch:report>"
		 "<sch:report test=\"oc:record-path('b') = 'b.xml'\">path</sch:report>"
		 "<sch:report test=\"oc:record('zzz')\">never</sch:report>"
		 "<sch:report test=\"document('nothing.xml')\">never</sch:report>"
		 "</sch:rule></sch:pattern></sch:schema>", NULL);
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_schematron_validate(&failures, s, doc, path, NULL, NULL, NULL, NULL, &err), 0);
	assert_int_equal(failures, 0);
	resolver.data = other;
	assert_int_equal(orgcheck_schematron_validate(&failures, s, doc, path, &resolver, NULL, NULL, NULL,
						      &err), 0);
	assert_int_equal(failures, 2);
	orgcheck_schematron_free(s);
	xmlFreeDoc(doc);
	xmlFreeDoc(other);
	free(path);
	free(other_path);
}

/* An expression that fails only when it runs is an error naming the
 * schema's line and the document, not a silent "valid". */
static void test_dynamic_error(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_error err;
	struct orgcheck_schematron *s = NULL;
	char *path = NULL;
	xmlDocPtr doc = read_doc(f, "orgs.xml", orgs_xml, &path);
	size_t failures = 0;

	/* count() of a number: a type error libxml2 finds only at run time. */
	s = load(f, SCH_OPEN "<sch:let name=\"n\" value=\"3\"/>\n<sch:pattern><sch:rule context=\"/\">\n"
		 "<sch:assert test=\"count($n)\"/></sch:rule></sch:pattern></sch:schema>", NULL);
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_schematron_validate(&failures, s, doc, path, NULL, NULL, NULL, NULL, &err),
			 ORGCHECK_ESCHEMATRON);
	assert_non_null(strstr(err.message, "s.sch:3: cannot evaluate \"count($n)\" on "));
	assert_non_null(strstr(err.message, "orgs.xml"));
	orgcheck_schematron_free(s);
	xmlFreeDoc(doc);
	free(path);
}

static void test_role_severity(void **state)
{
	enum orgcheck_severity severity = ORGCHECK_SEVERITY_INFO;

	(void)state;
	assert_int_equal(orgcheck_schematron_role_severity(&severity, "ERROR"), 0);
	assert_int_equal(severity, ORGCHECK_SEVERITY_ERROR);
	assert_int_equal(orgcheck_schematron_role_severity(&severity, "warn"), 0);
	assert_int_equal(severity, ORGCHECK_SEVERITY_WARNING);
	assert_int_equal(orgcheck_schematron_role_severity(&severity, "information"), 0);
	assert_int_equal(severity, ORGCHECK_SEVERITY_INFO);
	assert_int_equal(orgcheck_schematron_role_severity(&severity, "important"), -1);
	assert_int_equal(orgcheck_schematron_role_severity(&severity, NULL), -1);
}

/* Loading the same schema twice gives the same phase and title; a schema
 * is independent of the documents it validates (one load, many runs). */
static void test_reuse(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_error err;
	struct orgcheck_schematron *s = NULL;
	char *path = NULL;
	xmlDocPtr doc = read_doc(f, "orgs.xml", orgs_xml, &path);
	size_t failures = 0;
	int i;

	s = load(f, SCH_OPEN "<sch:title>T</sch:title><sch:phase id=\"x\"><sch:active pattern=\"p\"/></sch:phase>"
		 "<sch:pattern id=\"p\"><sch:let name=\"max\" value=\"2100\"/><sch:rule context=\"org\">"
		 "<sch:assert test=\"@year &lt; $max\"/></sch:rule></sch:pattern></sch:schema>", "x");
	assert_string_equal(orgcheck_schematron_phase(s), "x");
	assert_string_equal(orgcheck_schematron_title(s), "T");
	for (i = 0; i < 3; i++) {
		orgcheck_error_clear(&err);
		assert_int_equal(orgcheck_schematron_validate(&failures, s, doc, path, NULL, NULL, NULL, NULL,
							      &err), 0);
		assert_int_equal(failures, 1);
	}
	orgcheck_schematron_free(s);
	xmlFreeDoc(doc);
	free(path);
}

/* libxslt's generic error handler, as an application would set it. */
static void count_xslt_error(void *data, const char *fmt, ...)
{
	(void)fmt;
	(*(int *)data)++;
}

/* Loading a schema compiles its keys with libxslt's process-wide error
 * handler pointed at the loader: afterwards the caller's own is back
 * (not libxslt's default printer), after a good schema and after one
 * whose key libxslt rejects, and it still receives libxslt's errors. */
static void test_load_keeps_error_handler(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_schematron *s = NULL;
	struct orgcheck_error err;
	char *path = test_join(f->dir, "bad-key.sch");
	int errors = 0;

	xsltSetGenericErrorFunc(&errors, count_xslt_error);
	s = load(f, SCH_OPEN "<xsl:key xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" name=\"k\" "
		 "match=\"org\" use=\"@id\"/><sch:pattern><sch:rule context=\"org\">"
		 "<sch:assert test=\"key('k', @id)\"/></sch:rule></sch:pattern></sch:schema>", NULL);
	assert_ptr_equal(xsltGenericError, count_xslt_error);
	assert_ptr_equal(xsltGenericErrorContext, &errors);
	orgcheck_schematron_free(s);
	s = NULL;

	test_write_file(path, SCH_OPEN "<xsl:key xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" name=\"k\" "
			"match=\"org[\" use=\"@id\"/><sch:pattern><sch:rule context=\"org\">"
			"<sch:assert test=\"true()\"/></sch:rule></sch:pattern></sch:schema>");
	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_schematron_load(&s, path, NULL, &err), ORGCHECK_ESCHEMATRON);
	assert_null(s);
	assert_non_null(strstr(err.message, "xsl:key"));
	/* The loader's handler took libxslt's messages while it compiled. */
	assert_int_equal(errors, 0);
	assert_ptr_equal(xsltGenericError, count_xslt_error);
	assert_ptr_equal(xsltGenericErrorContext, &errors);
	xsltGenericError(xsltGenericErrorContext, "after the load\n");
	assert_int_equal(errors, 1);

	xsltSetGenericErrorFunc(NULL, NULL);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rule_ids_and_severities, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finding_position_and_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_function, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dynamic_error, setup, teardown),
		cmocka_unit_test(test_role_severity),
		cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_keeps_error_handler, setup, teardown),
	};

	return cmocka_run_group_tests_name("schematron", tests, NULL, NULL);
}
