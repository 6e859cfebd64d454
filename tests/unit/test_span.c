/* Byte spans of elements (util/span.h) and fixes (<orgcheck/fix.h>):
 * hand-made cases for every construct the scanner skips, and a property
 * over every well-formed XML file of records/ and tests/: the scan finds
 * exactly the DOM's elements in document order, with libxml2's line,
 * and the bytes of each span parse on their own to the same element.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <orgcheck/fix.h>
#include "util/span.h"
#include "testutil.h"

static void scan_ok(struct orgcheck_spans *spans, const char *text)
{
	struct orgcheck_error err = { 0 };

	if (orgcheck_spans_scan(spans, &err, text, strlen(text)) != 0)
		fail_msg("scan failed: %s", err.message);
}

static void test_constructs(void **state)
{
	const char *text =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE r [ <!ENTITY e \"<x>\"> <!-- ] > --> ]>\n"
		"<r a='>' b=\"/>\">\n"
		"  <!-- <c/> -->\n"
		"  <![CDATA[ <d> ]]>\n"
		"  <?pi <e/> ?>\n"
		"  <p:f\n     x='1'/>\n"
		"  <g >t</g >\n"
		"</r>\n";
	struct orgcheck_spans spans = { 0 };
	size_t indent = 0;
	size_t start = 0;
	size_t end = 0;

	(void)state;
	scan_ok(&spans, text);
	assert_int_equal(spans.count, 3);
	assert_true(orgcheck_span_is(&spans.items[0], text, "r"));
	assert_int_equal(spans.items[0].line, 3);
	assert_int_equal(spans.items[0].start, strstr(text, "<r") - text);
	assert_int_equal(spans.items[0].end, strstr(text, "</r>") - text + 4);
	assert_true(orgcheck_span_is(&spans.items[1], text, "p:f"));
	assert_true(spans.items[1].self_closing);
	assert_int_equal(spans.items[1].line, 7);
	assert_int_equal(spans.items[1].tag_line, 8);
	assert_int_equal(spans.items[1].parent, 0);
	assert_int_equal(spans.items[1].depth, 1);
	assert_int_equal(spans.items[1].end, strstr(text, "'1'/>") - text + 5);
	assert_int_equal(spans.items[2].end_tag_start, strstr(text, "</g >") - text);
	assert_int_equal(orgcheck_spans_find(&spans, text, 8, "p:f"), 1);
	assert_true(orgcheck_span_attribute(&start, &end, text, &spans.items[0], "b"));
	assert_int_equal(end - start, 2);
	assert_memory_equal(text + start, "/>", 2);
	assert_true(orgcheck_span_attribute(&start, &end, text, &spans.items[1], "x"));
	assert_memory_equal(text + start, "1", 1);
	assert_false(orgcheck_span_attribute(&start, &end, text, &spans.items[1], "y"));
	assert_int_equal(orgcheck_spans_find(&spans, text, 9, "g"), 2);
	assert_int_equal(orgcheck_spans_find(&spans, text, 9, "r"), ORGCHECK_SPAN_NONE);
	assert_true(orgcheck_span_indent(&indent, text, &spans.items[2]));
	assert_int_equal(indent, 2);
	orgcheck_span_removal(&start, &end, text, strlen(text), &spans.items[2]);
	assert_int_equal(start, strstr(text, "  <g") - text);
	assert_int_equal(end, strstr(text, "</r>") - text);
	orgcheck_spans_release(&spans);

	/* Not alone on its line: the removal is the span alone. */
	text = "<r><a/><b/></r>";
	scan_ok(&spans, text);
	assert_false(orgcheck_span_indent(&indent, text, &spans.items[2]));
	orgcheck_span_removal(&start, &end, text, strlen(text), &spans.items[2]);
	assert_int_equal(start, 7);
	assert_int_equal(end, 11);
	orgcheck_spans_release(&spans);
}

static void test_malformed(void **state)
{
	const char *bad[] = { "<r>", "<r></s>", "</r>", "<r a='>", "<r><!-- </r>", "<r><![CDATA[</r>",
			      "< r/>", "<r></r", "<!DOCTYPE r [" };
	struct orgcheck_spans spans = { 0 };
	struct orgcheck_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(orgcheck_spans_scan(&spans, &err, bad[i], strlen(bad[i])), ORGCHECK_EINVAL);
		assert_null(spans.items);
	}
}

static void test_fix_edits(void **state)
{
	struct orgcheck_error err = { 0 };
	struct orgcheck_fix fix = { 0 };
	struct orgcheck_fix copy = { 0 };
	struct orgcheck_findings list;
	char *out = NULL;
	size_t size = 0;

	(void)state;
	assert_int_equal(orgcheck_fix_init(&fix, &err, ORGCHECK_FIX_SAFE, "a.xml", "d"), 0);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 6, 6, "Z"), 0);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 1, 3, "xy"), 0);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 6, 6, "W"), 0);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 2, 4, ""), ORGCHECK_EINVAL);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 4, 3, ""), ORGCHECK_EINVAL);
	assert_int_equal(orgcheck_fix_apply(&out, &size, &err, &fix, "abcdefgh", 8), 0);
	assert_string_equal(out, "axydefZWgh");
	assert_int_equal(size, 10);
	free(out);
	assert_int_equal(orgcheck_fix_apply(&out, &size, &err, &fix, "abc", 3), ORGCHECK_EINVAL);
	assert_int_equal(orgcheck_fix_copy(&copy, &err, &fix), 0);
	assert_int_equal(copy.edit_count, 3);
	assert_string_equal(copy.edits[2].text, "W");
	assert_string_equal(orgcheck_fix_safety_name(ORGCHECK_FIX_REVIEW), "review");

	orgcheck_findings_init(&list);
	assert_int_equal(orgcheck_findings_add_fix_last(&list, &err, &fix), ORGCHECK_EINVAL);
	assert_int_equal(orgcheck_findings_add(&list, &err, "OC001", "a.xml", 1, 0, "m"), 0);
	assert_int_equal(orgcheck_findings_add_fix_last(&list, &err, &fix), 0);
	assert_null(fix.path);
	assert_int_equal(orgcheck_findings_add_fix(&list, &err, 0, &copy), 0);
	assert_int_equal(list.items[0].fix_count, 2);
	assert_string_equal(list.items[0].fixes[1].path, "a.xml");
	orgcheck_findings_release(&list);
	orgcheck_fix_release(&fix);
}

/* ---------------------------------------------------------------- property */

/* The name as written: a span parsed alone has its prefixes undeclared,
 * and libxml2 then keeps "p:name" as the name. */
static void qname(char *buf, size_t size, xmlNodePtr node)
{
	if (node->ns != NULL && node->ns->prefix != NULL)
		snprintf(buf, size, "%s:%s", node->ns->prefix, node->name);
	else
		snprintf(buf, size, "%s", node->name);
}

static int same_name(xmlNodePtr a, xmlNodePtr b)
{
	char x[256];
	char y[256];

	qname(x, sizeof(x), a);
	qname(y, sizeof(y), b);
	return strcmp(x, y) == 0;
}

static int same_element(xmlNodePtr a, xmlNodePtr b);

static int same_children(xmlNodePtr a, xmlNodePtr b)
{
	for (a = a->children, b = b->children; a != NULL || b != NULL; a = a->next, b = b->next) {
		if (a == NULL || b == NULL || a->type != b->type)
			return 0;
		if (a->type == XML_ELEMENT_NODE && !same_element(a, b))
			return 0;
		if ((a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE ||
		     a->type == XML_COMMENT_NODE) &&
		    !xmlStrEqual(a->content, b->content))
			return 0;
	}
	return 1;
}

static int same_element(xmlNodePtr a, xmlNodePtr b)
{
	xmlAttrPtr x = NULL;
	xmlAttrPtr y = NULL;

	if (!same_name(a, b))
		return 0;
	for (x = a->properties, y = b->properties; x != NULL || y != NULL; x = x->next, y = y->next) {
		xmlChar *vx = NULL;
		xmlChar *vy = NULL;
		int same = 0;

		if (x == NULL || y == NULL || !same_name((xmlNodePtr)x, (xmlNodePtr)y))
			return 0;
		vx = xmlNodeGetContent((xmlNodePtr)x);
		vy = xmlNodeGetContent((xmlNodePtr)y);
		same = xmlStrEqual(vx, vy);
		xmlFree(vx);
		xmlFree(vy);
		if (!same)
			return 0;
	}
	return same_children(a, b);
}

struct walk {
	const char *path;
	const char *data;
	const struct orgcheck_spans *spans;
	size_t next;
	size_t checked;
};

static void walk_element(struct walk *w, xmlNodePtr node)
{
	const struct orgcheck_span *span = NULL;
	xmlDocPtr alone = NULL;
	xmlNodePtr child = NULL;
	char name[256];

	if (w->next >= w->spans->count)
		fail_msg("%s: the scan has fewer elements than the DOM", w->path);
	span = &w->spans->items[w->next++];
	qname(name, sizeof(name), node);
	if (!orgcheck_span_is(span, w->data, name))
		fail_msg("%s: element %zu is <%s> in the DOM, <%.*s> in the scan", w->path, w->next - 1,
			 name, (int)span->name_length, w->data + span->name);
	if ((unsigned long)xmlGetLineNo(node) != span->tag_line &&
	    (unsigned long)xmlGetLineNo(node) != span->line)
		fail_msg("%s: <%s> is on line %ld in the DOM, lines %lu-%lu in the scan", w->path, name,
			 xmlGetLineNo(node), span->line, span->tag_line);
	/* The span alone, namespaces aside, is the same element. */
	alone = xmlReadMemory(w->data + span->start, (int)(span->end - span->start), "span", NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (alone == NULL || !same_element(xmlDocGetRootElement(alone), node))
		fail_msg("%s: the span of <%s> at byte %zu does not parse to it", w->path, name, span->start);
	xmlFreeDoc(alone);
	w->checked++;
	for (child = node->children; child != NULL; child = child->next)
		if (child->type == XML_ELEMENT_NODE)
			walk_element(w, child);
}

static size_t files_checked;
static size_t elements_checked;

static int check_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	FILE *file = NULL;
	char *data = NULL;
	size_t size = 0;
	xmlDocPtr doc = NULL;
	struct orgcheck_spans spans = { 0 };
	struct orgcheck_error err = { 0 };
	struct walk w = { 0 };
	size_t length = strlen(path);

	(void)ftw;
	if (type != FTW_F || length < 4 || strcmp(path + length - 4, ".xml") != 0 ||
	    strstr(path, "/hostile/") != NULL)
		return 0;
	file = fopen(path, "rb");
	assert_non_null(file);
	data = malloc((size_t)st->st_size + 1);
	assert_non_null(data);
	size = fread(data, 1, (size_t)st->st_size, file);
	fclose(file);
	data[size] = '\0';
	/* Only ASCII-compatible, well-formed files without a DTD of their
	 * own (whose entities a span alone lacks): the ones fixes are made
	 * for. */
	if (memchr(data, '\0', size) != NULL || strstr(data, "<!DOCTYPE") != NULL) {
		free(data);
		return 0;
	}
	doc = xmlReadMemory(data, (int)size, path, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL ||
	    (doc->encoding != NULL && xmlStrcasecmp(doc->encoding, (const xmlChar *)"UTF-8") != 0)) {
		xmlFreeDoc(doc);
		free(data);
		return 0;
	}
	if (orgcheck_spans_scan(&spans, &err, data, size) != 0)
		fail_msg("%s: the scan fails on a well-formed file: %s", path, err.message);
	w.path = path;
	w.data = data;
	w.spans = &spans;
	walk_element(&w, xmlDocGetRootElement(doc));
	if (w.next != spans.count)
		fail_msg("%s: the scan has %zu elements, the DOM %zu", path, spans.count, w.next);
	files_checked++;
	elements_checked += w.checked;
	orgcheck_spans_release(&spans);
	xmlFreeDoc(doc);
	free(data);
	return 0;
}

static void test_every_bundled_element(void **state)
{
	(void)state;
	assert_int_equal(nftw(TEST_SOURCE_DIR "/records", check_file, 16, FTW_PHYS), 0);
	assert_true(files_checked >= 50);
	assert_int_equal(nftw(TEST_SOURCE_DIR "/tests", check_file, 16, FTW_PHYS), 0);
	print_message("spans: %zu files, %zu elements\n", files_checked, elements_checked);
	assert_true(elements_checked > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constructs),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_fix_edits),
		cmocka_unit_test(test_every_bundled_element),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
