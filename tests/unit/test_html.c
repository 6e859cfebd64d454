/* The HTML renderer for a small fixed findings list through the bundled
 * stylesheet: the page parses, names every finding once in the findings
 * list (with its location and message as text, never as markup); a
 * missing, broken or failing stylesheet is an error whose message names
 * it, and writes nothing.
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

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "testutil.h"

#define STYLESHEET TEST_SOURCE_DIR "/reports/report.xsl"

struct fixture {
	char *dir;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_error err;
	char *output;
	size_t size;
	htmlDocPtr doc;
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
	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx->output);
	free(fx);
	return 0;
}

static void add(struct fixture *fx, const char *rule, const char *path, const char *record,
		unsigned long line, unsigned long column, const char *message)
{
	struct orgcheck_findings *list = &fx->result.findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find(rule), path, line, column, "%s", message), 0);
	if (record != NULL)
		assert_int_equal(orgcheck_findings_set_record(list, &fx->err, list->count - 1, record), 0);
}

static void fill(struct fixture *fx)
{
	add(fx, "OC110", "records/a/alpha.xml", "alpha", 3, 5,
	    "reference <script>alert('x')</script> & \"q\" matches no record");
	add(fx, "OC120", "records/a/alpha.xml", "alpha", 8, 1, "one-sided link to beta");
	add(fx, "OC152", "records/b/beta.xml", "beta", 2, 3, "acronym 'B&B' fits no name");
	orgcheck_findings_sort(&fx->result.findings);
}

static int render(struct fixture *fx, const char *stylesheet)
{
	struct orgcheck_render_options options = { .color = 0, .stylesheet = stylesheet };
	FILE *out = NULL;
	int rc = 0;

	free(fx->output);
	fx->output = NULL;
	out = open_memstream(&fx->output, &fx->size);
	assert_non_null(out);
	orgcheck_error_clear(&fx->err);
	rc = orgcheck_render_format_html(out, &fx->report, &options, &fx->err);
	assert_int_equal(fclose(out), 0);
	return rc;
}

static int has_class(const xmlNode *node, const char *name)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *)"class");
	const char *p = (const char *)value;
	size_t length = strlen(name);
	int found = 0;

	while (p != NULL && *p != '\0' && !found) {
		p += strspn(p, " ");
		found = strncmp(p, name, length) == 0 && (p[length] == ' ' || p[length] == '\0');
		p += strcspn(p, " ");
	}
	xmlFree(value);
	return found;
}

static int attribute_is(const xmlNode *node, const char *name, const char *expected)
{
	xmlChar *value = xmlGetProp(node, (const xmlChar *)name);
	int same = value != NULL && strcmp((const char *)value, expected) == 0;

	xmlFree(value);
	return same;
}

/* The elements called element with class class_name below node, in
 * document order, up to max. */
static size_t find_all(const xmlNode *node, const char *element, const char *class_name,
		       const xmlNode **out, size_t max, size_t n)
{
	const xmlNode *child = NULL;

	for (child = node; child != NULL; child = child->next) {
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(child->name, (const xmlChar *)element) &&
		    (class_name == NULL || has_class(child, class_name))) {
			if (n < max)
				out[n] = child;
			n++;
		}
		n = find_all(child->children, element, class_name, out, max, n);
	}
	return n;
}

static const xmlNode *find_one(const xmlNode *node, const char *element, const char *class_name)
{
	const xmlNode *found[1] = { NULL };

	return find_all(node->children, element, class_name, found, 1, 0) > 0 ? found[0] : NULL;
}

static void assert_text_contains(const xmlNode *node, const char *expected)
{
	xmlChar *text = NULL;

	assert_non_null(node);
	text = xmlNodeGetContent(node);
	assert_non_null(text);
	if (strstr((const char *)text, expected) == NULL)
		fail_msg("'%s' is not in '%s'", expected, (const char *)text);
	xmlFree(text);
}

static void assert_text(const xmlNode *node, const char *expected)
{
	xmlChar *text = NULL;

	assert_non_null(node);
	text = xmlNodeGetContent(node);
	assert_non_null(text);
	assert_string_equal((const char *)text, expected);
	xmlFree(text);
}

static void test_names_every_finding(void **state)
{
	struct fixture *fx = *state;
	const xmlNode *root = NULL;
	const xmlNode *items[16];
	const xmlNode *scripts[4];
	char fingerprint[32];
	char location[128];
	size_t n = 0;
	size_t i;
	size_t k;

	fill(fx);
	if (render(fx, STYLESHEET) != 0)
		fail_msg("render failed: %s", fx->err.message);
	assert_int_equal(strncmp(fx->output, "<!DOCTYPE html>\n", 16), 0);
	fx->doc = htmlReadMemory(fx->output, (int)fx->size, "report.html", "UTF-8",
				 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	assert_non_null(fx->doc);
	root = xmlDocGetRootElement(fx->doc);
	assert_non_null(root);
	assert_string_equal((const char *)root->name, "html");
	assert_text(find_one(root, "title", NULL), "orgcheck report \xe2\x80\x93 2026-11-21");
	/* The message's markup is text: the one script is the report's own. */
	assert_int_equal(find_all(root->children, "script", NULL, scripts, 4, 0), 1);
	assert_text_contains(scripts[0], "getElementById(\"filter\")");

	n = find_all(root->children, "tr", "finding", items, 16, 0);
	assert_int_equal(n, fx->result.findings.count);
	for (i = 0; i < fx->result.findings.count; i++) {
		const struct orgcheck_finding *f = &fx->result.findings.items[i];
		const xmlNode *item = NULL;

		assert_int_equal(orgcheck_finding_fingerprint(fingerprint, sizeof(fingerprint), f, NULL), 0);
		for (k = 0; k < n && item == NULL; k++) {
			if (attribute_is(items[k], "data-fingerprint", fingerprint))
				item = items[k];
		}
		if (item == NULL)
			fail_msg("no finding %s (%s) in the page", fingerprint, f->message);
		assert_true(attribute_is(item, "data-rule", f->rule->id));
		assert_true(attribute_is(item, "data-severity", orgcheck_severity_name(f->severity)));
		assert_text_contains(find_one(item, "td", "f-msg"), f->message);
		snprintf(location, sizeof(location), "%s:%lu", f->primary.path, f->primary.line);
		assert_text(find_one(item, "a", "loc"), location);
	}
}

/* A failed render is an error naming the stylesheet and leaves the
 * output empty. */
static void render_fails(struct fixture *fx, const char *stylesheet, const char *expected)
{
	assert_true(render(fx, stylesheet) < 0);
	assert_true(fx->err.code < 0);
	if (strstr(fx->err.message, stylesheet) == NULL || strstr(fx->err.message, expected) == NULL)
		fail_msg("message '%s' does not name '%s' with '%s'", fx->err.message, stylesheet, expected);
	assert_int_equal(fx->size, 0);
}

static void test_stylesheet_errors(void **state)
{
	struct fixture *fx = *state;
	char *missing = test_join(fx->dir, "missing.xsl");
	char *empty = test_join(fx->dir, "empty.xsl");
	char *not_xslt = test_join(fx->dir, "not-xslt.xsl");
	char *stops = test_join(fx->dir, "stops.xsl");

	fill(fx);
	render_fails(fx, missing, "cannot read stylesheet");
	render_fails(fx, fx->dir, "not a regular file");
	test_write_file(empty, "");
	render_fails(fx, empty, "stylesheet");
	render_fails(fx, TEST_SOURCE_DIR "/tests/html/broken.xsl", "cannot use stylesheet");
	test_write_file(not_xslt, "<?xml version=\"1.0\"?>\n<html><body/></html>\n");
	render_fails(fx, not_xslt, "cannot use stylesheet");
	/* A stylesheet that stops at run time says why. */
	test_write_file(stops, "<?xml version=\"1.0\"?>\n"
			"<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
			"  <xsl:template match=\"/\">\n"
			"    <xsl:message terminate=\"yes\">no findings wanted here</xsl:message>\n"
			"  </xsl:template>\n"
			"</xsl:stylesheet>\n");
	render_fails(fx, stops, "failed");
	assert_non_null(strstr(fx->err.message, "no findings wanted here"));

	assert_int_equal(render(fx, NULL), ORGCHECK_EINVAL);
	assert_non_null(strstr(fx->err.message, "no stylesheet"));
	free(missing);
	free(empty);
	free(not_xslt);
	free(stops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_every_finding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stylesheet_errors, setup, teardown),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
