/* Schematron Quick Fixes through the API: for each supported change
 * command (sqf:add of an element, an attribute and into an empty
 * element, sqf:delete, sqf:replace, sqf:stringReplace) the fix a fired
 * assertion carries turns the record into exactly the expected bytes,
 * after which the assertion no longer fires and nothing else does; the
 * parts orgcheck does not support are refused with the schema's line and
 * no edits. The end-to-end cases through `orgcheck fix` are in
 * tests/fix/. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>

#include <libxml/parser.h>

#include <orgcheck/fix.h>
#include <orgcheck/parse.h>
#include <orgcheck/schematron.h>
#include <orgcheck/schematron_run.h>

#define SCHEMA_HEAD                                                                   \
	"<?xml version=\"1.0\"?>\n"                                                   \
	"<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\"\n"            \
	"    xmlns:sqf=\"http://www.schematron-quickfix.com/validator/process\"\n"    \
	"    xmlns:r=\"urn:orgcheck:record:1\" queryBinding=\"xslt\">\n"              \
	"  <sch:ns prefix=\"r\" uri=\"urn:orgcheck:record:1\"/>\n"                    \
	"  <sch:pattern>\n"                                                           \
	"    <sch:rule context=\"r:organization\">\n"
#define SCHEMA_TAIL                                                                   \
	"    </sch:rule>\n"                                                           \
	"  </sch:pattern>\n"                                                          \
	"</sch:schema>\n"

static const char record[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!-- kept as it is -->\n"
	"<organization xmlns=\"urn:orgcheck:record:1\" id='acme'>\n"
	"  <name source=\"a.txt\">Acme  &amp;   Sons</name>\n"
	"  <founded source=\"a.txt\" date=\"1999\"/>\n"
	"  <relationships/>\n"
	"  <note>to be removed</note>\n"
	"    <links>\n"
	"        <link kind=\"parent\" ref=\"x\"/>\n"
	"    </links>\n"
	"</organization>\n";

struct run {
	struct orgcheck_schematron *schema;
	struct orgcheck_findings findings;
};

static void run_schema(struct run *r, const char *schema_text, const char *text)
{
	struct orgcheck_error err = { 0 };
	struct orgcheck_findings problems;
	xmlDocPtr doc = NULL;

	orgcheck_findings_init(&r->findings);
	orgcheck_findings_init(&problems);
	if (r->schema == NULL && orgcheck_schematron_load_memory(&r->schema, "fixes.sch", schema_text,
								 strlen(schema_text), NULL, &err) != 0)
		fail_msg("load: %s", err.message);
	assert_int_equal(orgcheck_parse_memory(&doc, &problems, "acme.xml", text, strlen(text), &err), 0);
	if (doc == NULL)
		fail_msg("the record does not parse: %s\n%s", problems.count ? problems.items[0].message : "", text);
	if (orgcheck_schematron_add_findings_text(&r->findings, r->schema, doc, "acme.xml", "acme", NULL,
						  ORGCHECK_SEVERITY_ERROR, text, strlen(text), &err) != 0)
		fail_msg("validate: %s", err.message);
	xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
}

static const struct orgcheck_finding *finding_of(const struct run *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->findings.count; i++) {
		if (strcmp(orgcheck_finding_rule_id(&r->findings.items[i]), id) == 0)
			return &r->findings.items[i];
	}
	return NULL;
}

/* Runs the assertions (the content of the rule) over the record, applies
 * the one fix of assertion id and compares the result with expected;
 * then checks again: id is gone and nothing new fired. */
static void expect_fix(const char *rule_body, const char *id, const char *expected)
{
	struct orgcheck_error err = { 0 };
	struct run before = { NULL, { NULL, 0, 0 } };
	struct run after = { NULL, { NULL, 0, 0 } };
	const struct orgcheck_finding *f = NULL;
	char *schema = NULL;
	char *fixed = NULL;
	size_t fixed_size = 0;
	size_t i;

	schema = malloc(strlen(SCHEMA_HEAD) + strlen(rule_body) + strlen(SCHEMA_TAIL) + 1);
	assert_non_null(schema);
	sprintf(schema, "%s%s%s", SCHEMA_HEAD, rule_body, SCHEMA_TAIL);
	run_schema(&before, schema, record);
	f = finding_of(&before, id);
	assert_non_null(f);
	assert_int_equal(f->fix_count, 1);
	if (f->fixes[0].refusal != NULL)
		fail_msg("refused: %s", f->fixes[0].refusal);
	assert_int_equal(f->fixes[0].safety, ORGCHECK_FIX_REVIEW);
	assert_string_equal(f->fixes[0].path, "acme.xml");
	assert_int_equal(orgcheck_fix_apply(&fixed, &fixed_size, &err, &f->fixes[0], record, strlen(record)), 0);
	assert_string_equal(fixed, expected);
	after.schema = before.schema;
	run_schema(&after, schema, fixed);
	assert_null(finding_of(&after, id));
	/* Nothing new: every finding after was there before. */
	for (i = 0; i < after.findings.count; i++)
		assert_non_null(finding_of(&before, orgcheck_finding_rule_id(&after.findings.items[i])));
	assert_int_equal(after.findings.count + 1, before.findings.count);
	orgcheck_findings_release(&before.findings);
	orgcheck_findings_release(&after.findings);
	orgcheck_schematron_free(before.schema);
	free(fixed);
	free(schema);
}

/* The record with from replaced by to (once). */
static char *edited(const char *from, const char *to)
{
	const char *at = strstr(record, from);
	char *out = NULL;

	assert_non_null(at);
	out = malloc(strlen(record) - strlen(from) + strlen(to) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - record), record, to, at + strlen(from));
	return out;
}

static void test_add_element(void **state)
{
	char *expected = edited("</name>\n", "</name>\n  <description source=\"a.txt\">Makes &lt;things&gt; &amp; more</description>\n");

	(void)state;
	expect_fix("      <sch:assert id='has-description' test='r:description' sqf:fix='add-description'>no description</sch:assert>\n"
		   "      <sqf:fix id='add-description'>\n"
		   "        <sqf:description><sqf:title>Add a description</sqf:title></sqf:description>\n"
		   "        <sqf:add match='r:name' position='after'>\n"
		   "          <r:description source='a.txt'>Makes <sch:value-of select=\"concat('&lt;', 'things', '&gt;')\"/> &amp; more</r:description>\n"
		   "        </sqf:add>\n"
		   "      </sqf:fix>\n",
		   "has-description", expected);
	free(expected);
}

static void test_add_attribute(void **state)
{
	char *expected = edited("date=\"1999\"/>", "date=\"1999\" note=\"said &quot;1999&quot; &lt;once&gt;\"/>");

	(void)state;
	expect_fix("      <sch:assert id='founded-note' test='r:founded/@note' sqf:fix='add-note'>no note</sch:assert>\n"
		   "      <sqf:fix id='add-note'>\n"
		   "        <sqf:add match='r:founded' node-type='attribute' target='note' select=\"concat('said &quot;', @date, '&quot; &lt;once&gt;')\"/>\n"
		   "      </sqf:fix>\n",
		   "founded-note", expected);
	free(expected);
}

static void test_add_into_empty(void **state)
{
	char *expected = edited("  <relationships/>\n",
				"  <relationships>\n    <relationship kind=\"member-of\"><org-ref ref=\"x\"/></relationship>\n  </relationships>\n");

	(void)state;
	expect_fix("      <sch:assert id='has-relationship' test='r:relationships/*' sqf:fix='add-rel'>none</sch:assert>\n"
		   "      <sqf:fix id='add-rel'>\n"
		   "        <sqf:add match='r:relationships' position='last-child'>\n"
		   "          <r:relationship kind='member-of'><r:org-ref ref='x'/></r:relationship>\n"
		   "        </sqf:add>\n"
		   "        <sqf:add match='r:relationships' node-type='attribute' target='kind' select=\"'dropped: the first change wins'\"/>\n"
		   "      </sqf:fix>\n",
		   "has-relationship", expected);
	free(expected);
}

static void test_delete(void **state)
{
	char *expected = edited("  <note>to be removed</note>\n", "");

	(void)state;
	expect_fix("      <sch:report id='no-note' test='r:note' sqf:fix='drop-note'>a note</sch:report>\n"
		   "      <sqf:fix id='drop-note'><sqf:delete match='r:note'/></sqf:fix>\n",
		   "no-note", expected);
	free(expected);
}

static void test_replace(void **state)
{
	char *expected = edited("<link kind=\"parent\" ref=\"x\"/>", "<link kind=\"member-of\" ref=\"x\"/>");

	(void)state;
	expect_fix("      <sch:report id='no-parent' test=\"r:links/r:link/@kind = 'parent'\" sqf:fix='member'>parent</sch:report>\n"
		   "      <sqf:fix id='member'>\n"
		   "        <sqf:replace match=\"r:links/r:link/@kind[. = 'parent']\" node-type='attribute' target='kind' select=\"'member-of'\"/>\n"
		   "      </sqf:fix>\n",
		   "no-parent", expected);
	free(expected);
}

static void test_replace_element(void **state)
{
	char *expected = edited("  <founded source=\"a.txt\" date=\"1999\"/>\n",
				"  <founded source=\"a.txt\"/>\n");

	(void)state;
	expect_fix("      <sch:report id='no-date' test='r:founded/@date' sqf:fix='year'>a date</sch:report>\n"
		   "      <sqf:fix id='year'>\n"
		   "        <sqf:replace match='r:founded' node-type='element' target='r:founded'>\n"
		   "          <sqf:copy-of select='@source'/>\n"
		   "        </sqf:replace>\n"
		   "      </sqf:fix>\n",
		   "no-date", expected);
	free(expected);
}

static void test_string_replace(void **state)
{
	char *expected = edited("Acme  &amp;   Sons", "Acme &amp; Sons");

	(void)state;
	expect_fix("      <sch:assert id='one-space' test=\"not(contains(r:name, '  '))\" sqf:fix='spaces'>spaces</sch:assert>\n"
		   "      <sqf:fix id='spaces'>\n"
		   "        <sqf:stringReplace match='r:name/text()' regex='\\s\\s+' select=\"' '\"/>\n"
		   "      </sqf:fix>\n",
		   "one-space", expected);
	free(expected);
}

/* ^ and $ anchor the alternatives of a regular expression: trimming. */
static void test_string_replace_anchors(void **state)
{
	char *expected = NULL;
	const char *rule =
		"      <sch:report id='trim' test=\"r:links/r:link[@kind = 'parent']\" sqf:fix='trim'>x</sch:report>\n"
		"      <sqf:fix id='trim'>\n"
		"        <sqf:stringReplace match='r:links/r:link/@ref' regex='^x|x$|^$' select=\"'y'\"/>\n"
		"        <sqf:replace match=\"r:links/r:link/@kind\" node-type='attribute' target='kind' select=\"'member-of'\"/>\n"
		"      </sqf:fix>\n";

	(void)state;
	expected = edited("<link kind=\"parent\" ref=\"x\"/>", "<link kind=\"member-of\" ref=\"y\"/>");
	expect_fix(rule, "trim", expected);
	free(expected);
}

/* A fix with a part orgcheck does not support is refused, naming the
 * schema's line, and has no edits; the check itself is unaffected. */
static void test_refused(void **state)
{
	static const char *const bodies[] = {
		("      <sqf:fix id='f'><sqf:user-entry name='v'><sqf:description><sqf:title>v</sqf:title></sqf:description></sqf:user-entry>\n"
		 "        <sqf:add match='.' node-type='attribute' target='v' select='$v'/></sqf:fix>\n"),
		"      <sqf:fix id='f'><sqf:call-fix ref='g'/></sqf:fix>\n",
		"      <sqf:fix id='f'><sqf:add match='.' node-type='document' target='x'/></sqf:fix>\n",
		"      <sqf:fix id='f'><sqf:stringReplace match='r:name/text()' regex='a' flags='i' select=\"'b'\"/></sqf:fix>\n",
		"      <sqf:fix id='f'><sqf:add match='.'><xsl:if xmlns:xsl='http://www.w3.org/1999/XSL/Transform' test='1'/></sqf:add></sqf:fix>\n",
		"      <sqf:fix id='f'><sqf:stringReplace match='r:name' regex='a' select=\"'b'\"/></sqf:fix>\n",
	};
	static const char *const reasons[] = {
		"fixes.sch:9: sqf:user-entry is not supported",
		"fixes.sch:9: sqf:call-fix is not supported",
		"fixes.sch:9: node-type 'document' is not supported",
		"fixes.sch:9: regex flags ('i') are not supported",
		"fixes.sch:9: xsl:if in the content of a change command is not supported",
		"fixes.sch:9: sqf:stringReplace needs a text node or an attribute",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct run r = { NULL, { NULL, 0, 0 } };
		const struct orgcheck_finding *f = NULL;
		char *schema = malloc(strlen(SCHEMA_HEAD) + strlen(bodies[i]) + strlen(SCHEMA_TAIL) + 200);

		assert_non_null(schema);
		sprintf(schema, "%s      <sch:assert id='a' test='false()' sqf:fix='f'>x</sch:assert>\n%s%s", SCHEMA_HEAD,
			bodies[i], SCHEMA_TAIL);
		run_schema(&r, schema, record);
		f = finding_of(&r, "a");
		assert_non_null(f);
		assert_int_equal(f->fix_count, 1);
		assert_non_null(f->fixes[0].refusal);
		if (strstr(f->fixes[0].refusal, reasons[i]) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, f->fixes[0].refusal, reasons[i]);
		assert_int_equal(f->fixes[0].edit_count, 0);
		orgcheck_findings_release(&r.findings);
		orgcheck_schematron_free(r.schema);
		free(schema);
	}
}

/* SQF fixes are review fixes; the schema's author may vouch for one. */
static void test_safety(void **state)
{
	static const char *const safety[] = { "", " oc:safety='review'", " oc:safety='safe'", " oc:safety='sure'" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(safety) / sizeof(safety[0]); i++) {
		struct run r = { NULL, { NULL, 0, 0 } };
		const struct orgcheck_finding *f = NULL;
		char *schema = malloc(strlen(SCHEMA_HEAD) + strlen(SCHEMA_TAIL) + 400);

		assert_non_null(schema);
		sprintf(schema, "%s      <sch:report id='a' test='r:note' sqf:fix='f'>x</sch:report>\n"
			"      <sqf:fix id='f' xmlns:oc='urn:orgcheck:xpath:1'%s><sqf:delete match='r:note'/></sqf:fix>\n%s",
			SCHEMA_HEAD, safety[i], SCHEMA_TAIL);
		run_schema(&r, schema, record);
		f = finding_of(&r, "a");
		assert_non_null(f);
		assert_int_equal(f->fix_count, 1);
		if (i == 3) {
			assert_non_null(f->fixes[0].refusal);
			assert_non_null(strstr(f->fixes[0].refusal, "fixes.sch:9: orgcheck:safety is 'safe' or 'review'"));
		} else {
			assert_null(f->fixes[0].refusal);
			assert_int_equal(f->fixes[0].safety, i == 2 ? ORGCHECK_FIX_SAFE : ORGCHECK_FIX_REVIEW);
		}
		orgcheck_findings_release(&r.findings);
		orgcheck_schematron_free(r.schema);
		free(schema);
	}
}

/* An assertion naming a fix that does not exist is an error of the schema. */
static void test_unknown_fix(void **state)
{
	const char *text = SCHEMA_HEAD "      <sch:assert test='1' sqf:fix='nowhere'>x</sch:assert>\n" SCHEMA_TAIL;
	struct orgcheck_schematron *schema = NULL;
	struct orgcheck_error err = { 0 };

	(void)state;
	assert_int_equal(orgcheck_schematron_load_memory(&schema, "fixes.sch", text, strlen(text), NULL, &err),
			 ORGCHECK_ESCHEMATRON);
	assert_non_null(strstr(err.message, "fixes.sch:8: sqf:fix 'nowhere' is not defined"));
	assert_null(schema);
}

/* A property: every fix of a set that adds, deletes, replaces and
 * rewrites text at every element of every record of records/ and tests/,
 * applied on its own, leaves a well-formed file. */
static const char every_schema[] =
	"<sch:schema xmlns:sch='http://purl.oclc.org/dsdl/schematron'\n"
	"    xmlns:sqf='http://www.schematron-quickfix.com/validator/process'>\n"
	"  <sch:pattern><sch:rule context='*'>\n"
	"    <sch:report id='every' test='true()' sqf:fix='last first before after attr drop-attr drop text-a text-t repl keep'>x</sch:report>\n"
	"    <sqf:fix id='last'><sqf:add position='last-child'><x a='&lt;&amp;&quot;'>&lt;&amp;&gt;<sch:value-of select='name()'/></x><!-- c --></sqf:add></sqf:fix>\n"
	"    <sqf:fix id='first'><sqf:add position='first-child' node-type='comment' select=\"'a comment'\"/></sqf:fix>\n"
	"    <sqf:fix id='before'><sqf:add position='before' node-type='pi' target='t' select=\"'d'\"/></sqf:fix>\n"
	"    <sqf:fix id='after'><sqf:add position='after'><sqf:copy-of select='.'/></sqf:add></sqf:fix>\n"
	"    <sqf:fix id='attr'><sqf:add node-type='attribute' target='zz' select=\"concat('&quot;', name(), &quot;'&quot;)\"/></sqf:fix>\n"
	"    <sqf:fix id='drop-attr'><sqf:delete match='@*'/></sqf:fix>\n"
	"    <sqf:fix id='drop'><sqf:delete match='*'/></sqf:fix>\n"
	"    <sqf:fix id='text-a'><sqf:stringReplace match='@*' regex='[a-z]+' select=\"'&lt;&amp;'\"/></sqf:fix>\n"
	"    <sqf:fix id='text-t'><sqf:stringReplace match='text()' regex='\\s+|[A-Z]' select=\"'&amp;'\"/></sqf:fix>\n"
	"    <sqf:fix id='repl'><sqf:replace match='*[1]' node-type='element' target='y'><sqf:copy-of select='@*|node()'/></sqf:replace></sqf:fix>\n"
	"    <sqf:fix id='keep'><sqf:replace match='@*' node-type='keep' select=\"'k&amp;'\"/></sqf:fix>\n"
	"  </sch:rule></sch:pattern>\n"
	"</sch:schema>\n";

static struct orgcheck_schematron *every;
static size_t fixes_applied;
static size_t fixes_refused;
static size_t files_fixed;

static int fix_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct orgcheck_error err = { 0 };
	struct orgcheck_findings problems;
	struct orgcheck_findings findings;
	xmlDocPtr doc = NULL;
	FILE *file = NULL;
	char *data = NULL;
	size_t size = 0;
	size_t length = strlen(path);
	size_t i;
	size_t j;

	(void)ftw;
	if (type != FTW_F || length < 4 || strcmp(path + length - 4, ".xml") != 0 ||
	    strstr(path, "/hostile/") != NULL || st->st_size > 16384)
		return 0;
	file = fopen(path, "rb");
	assert_non_null(file);
	data = malloc((size_t)st->st_size + 1);
	assert_non_null(data);
	size = fread(data, 1, (size_t)st->st_size, file);
	fclose(file);
	data[size] = '\0';
	orgcheck_findings_init(&problems);
	orgcheck_findings_init(&findings);
	if (memchr(data, '\0', size) == NULL)
		(void)orgcheck_parse_memory(&doc, &problems, path, data, size, &err);
	if (doc != NULL && problems.count == 0 &&
	    orgcheck_schematron_add_findings_text(&findings, every, doc, path, NULL, NULL, ORGCHECK_SEVERITY_INFO,
						  data, size, &err) != 0)
		fail_msg("%s: %s", path, err.message);
	for (i = 0; i < findings.count; i++) {
		for (j = 0; j < findings.items[i].fix_count; j++) {
			const struct orgcheck_fix *fix = &findings.items[i].fixes[j];
			char *fixed = NULL;
			size_t fixed_size = 0;
			xmlDocPtr again = NULL;

			if (fix->refusal != NULL) {
				if (getenv("SQF_DEBUG"))
					fprintf(stderr, "%s\n", strstr(fix->refusal, ": ") + 2);
				fixes_refused++;
				continue;
			}
			assert_int_equal(orgcheck_fix_apply(&fixed, &fixed_size, &err, fix, data, size), 0);
			again = xmlReadMemory(fixed, (int)fixed_size, "fixed", NULL,
					      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			if (again == NULL)
				fail_msg("%s: fix '%s' at line %lu leaves a file that is not well-formed:\n%s", path,
					 fix->description, findings.items[i].primary.line, fixed);
			xmlFreeDoc(again);
			free(fixed);
			fixes_applied++;
		}
	}
	files_fixed += findings.count > 0;
	orgcheck_findings_release(&findings);
	orgcheck_findings_release(&problems);
	xmlFreeDoc(doc);
	free(data);
	return 0;
}

static void test_every_fix_well_formed(void **state)
{
	struct orgcheck_error err = { 0 };

	(void)state;
	if (orgcheck_schematron_load_memory(&every, "every.sch", every_schema, strlen(every_schema), NULL, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(nftw(TEST_SOURCE_DIR "/records", fix_file, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(TEST_SOURCE_DIR "/tests", fix_file, 16, FTW_PHYS), 0);
	print_message("sqf: %zu files, %zu fixes applied, %zu refused\n", files_fixed, fixes_applied, fixes_refused);
	assert_true(files_fixed >= 100);
	assert_true(fixes_applied > 10000);
	orgcheck_schematron_free(every);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_element),
		cmocka_unit_test(test_add_attribute),
		cmocka_unit_test(test_add_into_empty),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_replace_element),
		cmocka_unit_test(test_string_replace),
		cmocka_unit_test(test_string_replace_anchors),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_safety),
		cmocka_unit_test(test_unknown_fix),
		cmocka_unit_test(test_every_fix_well_formed),
	};

	return cmocka_run_group_tests_name("sqf", tests, NULL, NULL);
}
