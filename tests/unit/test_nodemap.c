/* The map of every node of a record to its bytes (input/nodemap.h):
 * hand-made cases for each kind of node and for what the map refuses,
 * and a property over every well-formed UTF-8 XML file of records/ and
 * tests/: every node has its span, element spans are those of the
 * element scanner (util/span.h), the written form of every attribute
 * value and text gives its value, and cutting any element or attribute
 * out by its span leaves a well-formed document.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>

#include <libxml/parser.h>

#include <orgcheck/parse.h>
#include "input/nodemap.h"
#include "util/span.h"

static xmlDocPtr parse(const char *text)
{
	struct orgcheck_findings problems;
	struct orgcheck_error err = { 0 };
	xmlDocPtr doc = NULL;

	orgcheck_findings_init(&problems);
	assert_int_equal(orgcheck_parse_memory(&doc, &problems, "t.xml", text, strlen(text), &err), 0);
	orgcheck_findings_release(&problems);
	return doc;
}

static void test_kinds(void **state)
{
	const char *text = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
			   "<!-- c1 -->\r\n"
			   "<p:r xmlns:p=\"urn:p\" a = 'x&#10;y\r\n z' p:b=\"&lt;&#x263A;\">\r\n"
			   "  t&amp;u<![CDATA[<raw>]]><?pi data?>\r\n"
			   "  <e\r\n/>\r\n"
			   "</p:r >\r\n";
	xmlDocPtr doc = parse(text);
	struct orgcheck_node_map *map = NULL;
	struct orgcheck_error err = { 0 };
	const struct orgcheck_node_span *span = NULL;
	xmlNodePtr root = NULL;
	xmlNodePtr node = NULL;
	xmlChar *value = NULL;
	size_t *offsets = NULL;

	(void)state;
	assert_non_null(doc);
	if (orgcheck_node_map_new(&map, text, strlen(text), doc, &err) != 0)
		fail_msg("%s", err.message);
	root = xmlDocGetRootElement(doc);
	span = orgcheck_node_span_of(map, root);
	assert_non_null(span);
	assert_int_equal(span->start, strstr(text, "<p:r") - text);
	assert_int_equal(span->end, strstr(text, "</p:r >") - text + 7);
	assert_int_equal(span->inner_end, strstr(text, "</p:r >") - text);
	assert_int_equal(span->name_end, strstr(text, "<p:r") - text + 4);
	assert_int_equal(span->attr_end, strstr(text, "\">\r\n  t") - text + 1);
	/* The comment before the root. */
	span = orgcheck_node_span_of(map, doc->children);
	assert_non_null(span);
	assert_memory_equal(text + span->start, "<!-- c1 -->", 11);
	/* a: normalised white space and a character reference. */
	span = orgcheck_node_span_of(map, (xmlNodePtr)root->properties);
	assert_non_null(span);
	assert_int_equal(span->quote, '\'');
	assert_memory_equal(text + span->start, "a = 'x", 6);
	value = xmlNodeGetContent((xmlNodePtr)root->properties);
	assert_string_equal((const char *)value, "x\ny  z");
	assert_int_equal(orgcheck_node_value_offsets(&offsets, map, (xmlNodePtr)root->properties,
						     (const char *)value, strlen((const char *)value), &err), 0);
	assert_int_equal(offsets[1], strstr(text, "&#10;") - text);
	assert_int_equal(offsets[2], strstr(text, "&#10;") - text + 5);
	free(offsets);
	xmlFree(value);
	/* p:b: a named and a hexadecimal reference (three bytes of UTF-8). */
	value = xmlNodeGetContent((xmlNodePtr)root->properties->next);
	assert_int_equal(orgcheck_node_value_offsets(&offsets, map, (xmlNodePtr)root->properties->next,
						     (const char *)value, strlen((const char *)value), &err), 0);
	assert_int_equal(offsets[1], strstr(text, "&#x263A;") - text);
	assert_int_equal(offsets[3], strstr(text, "&#x263A;") - text);
	assert_int_equal(offsets[4], strstr(text, "&#x263A;") - text + 8);
	free(offsets);
	xmlFree(value);
	/* Text, CDATA, the processing instruction, the element. */
	node = root->children;
	assert_int_equal(node->type, XML_TEXT_NODE);
	span = orgcheck_node_span_of(map, node);
	assert_memory_equal(text + span->start, "\r\n  t&amp;u", span->end - span->start);
	value = xmlNodeGetContent(node);
	assert_int_equal(orgcheck_node_value_offsets(&offsets, map, node, (const char *)value,
						     strlen((const char *)value), &err), 0);
	assert_int_equal(offsets[0], span->start);
	assert_int_equal(offsets[1], span->start + 2);
	free(offsets);
	xmlFree(value);
	node = node->next;
	assert_int_equal(node->type, XML_CDATA_SECTION_NODE);
	span = orgcheck_node_span_of(map, node);
	assert_memory_equal(text + span->inner_start, "<raw>", 5);
	node = node->next;
	assert_int_equal(node->type, XML_PI_NODE);
	span = orgcheck_node_span_of(map, node);
	assert_memory_equal(text + span->start, "<?pi data?>", 11);
	node = node->next->next;
	assert_int_equal(node->type, XML_ELEMENT_NODE);
	span = orgcheck_node_span_of(map, node);
	assert_true(span->self_closing);
	assert_memory_equal(text + span->start, "<e\r\n/>", 6);
	orgcheck_node_map_free(map);
	xmlFreeDoc(doc);
}

/* A text in another encoding, or one the tree was not parsed from, is
 * refused rather than guessed at. */
static void test_refused(void **state)
{
	const char *latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>";
	const char *one = "<r a=\"1\"><e/></r>";
	const char *other = "<r a=\"1\"><f/></r>";
	struct orgcheck_node_map *map = NULL;
	struct orgcheck_error err = { 0 };
	xmlDocPtr doc = parse(one);

	(void)state;
	assert_int_equal(orgcheck_node_map_new(&map, other, strlen(other), doc, &err), ORGCHECK_EINVAL);
	assert_null(map);
	assert_non_null(strstr(err.message, "does not match"));
	xmlFreeDoc(doc);
	doc = parse("<r/>");
	assert_int_equal(orgcheck_node_map_new(&map, latin, strlen(latin), doc, &err), ORGCHECK_EINVAL);
	assert_non_null(strstr(err.message, "not in UTF-8"));
	xmlFreeDoc(doc);
}

struct walk {
	const char *path;
	const char *text;
	size_t size;
	const struct orgcheck_node_map *map;
	const struct orgcheck_spans *spans;
	size_t next;      /* the scanner's next element */
	size_t nodes;
	size_t cuts;
	int cut;          /* cut nodes out and parse what is left */
};

static void expect_well_formed_without(struct walk *w, size_t start, size_t end, const char *what)
{
	char *rest = malloc(w->size - (end - start) + 1);
	xmlDocPtr doc = NULL;

	assert_non_null(rest);
	memcpy(rest, w->text, start);
	memcpy(rest + start, w->text + end, w->size - end);
	doc = xmlReadMemory(rest, (int)(w->size - (end - start)), "cut", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		fail_msg("%s: cutting out %s at byte %zu leaves a document that is not well-formed", w->path,
			 what, start);
	xmlFreeDoc(doc);
	free(rest);
	w->cuts++;
}

static void value_maps(struct walk *w, const xmlNode *node)
{
	struct orgcheck_error err = { 0 };
	xmlChar *value = xmlNodeGetContent(node);
	size_t *offsets = NULL;

	if (orgcheck_node_value_offsets(&offsets, w->map, node, value ? (const char *)value : "",
					value ? strlen((const char *)value) : 0, &err) != 0)
		fail_msg("%s: a value at line %ld: %s", w->path, xmlGetLineNo(node), err.message);
	free(offsets);
	xmlFree(value);
}

static void walk_node(struct walk *w, xmlNodePtr node)
{
	const struct orgcheck_node_span *span = orgcheck_node_span_of(w->map, node);
	const struct orgcheck_span *scanned = NULL;
	xmlAttrPtr attr = NULL;
	xmlNodePtr child = NULL;

	if (node->type == XML_ENTITY_REF_NODE)
		return;
	if (span == NULL)
		fail_msg("%s: a node of type %d at line %ld has no span", w->path, node->type, xmlGetLineNo(node));
	w->nodes++;
	if (node->type == XML_TEXT_NODE)
		value_maps(w, node);
	if (node->type != XML_ELEMENT_NODE)
		return;
	if (w->next >= w->spans->count)
		fail_msg("%s: the scanner has fewer elements", w->path);
	scanned = &w->spans->items[w->next++];
	if (scanned->start != span->start || scanned->end != span->end ||
	    scanned->start_tag_end != span->inner_start || scanned->end_tag_start != span->inner_end)
		fail_msg("%s: the element at byte %zu: the map and the scanner disagree", w->path, span->start);
	if (w->cut && node->parent->type == XML_ELEMENT_NODE)
		expect_well_formed_without(w, span->start, span->end, "an element");
	for (attr = node->properties; attr != NULL; attr = attr->next) {
		const struct orgcheck_node_span *a = orgcheck_node_span_of(w->map, (xmlNodePtr)attr);

		if (a == NULL)
			fail_msg("%s: an attribute at line %ld has no span", w->path, xmlGetLineNo(node));
		w->nodes++;
		value_maps(w, (xmlNodePtr)attr);
		if (w->cut)
			expect_well_formed_without(w, a->start, a->end, "an attribute");
	}
	for (child = node->children; child != NULL; child = child->next)
		walk_node(w, child);
}

static size_t files_checked;
static size_t nodes_checked;
static size_t cuts_checked;
static int cutting;

static int check_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct orgcheck_findings problems;
	struct orgcheck_error err = { 0 };
	struct orgcheck_spans spans = { 0 };
	struct orgcheck_node_map *map = NULL;
	struct walk w;
	xmlDocPtr doc = NULL;
	xmlNodePtr node = NULL;
	FILE *file = NULL;
	char *data = NULL;
	size_t size = 0;
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
	orgcheck_findings_init(&problems);
	if (memchr(data, '\0', size) == NULL && strstr(data, "<!DOCTYPE") == NULL &&
	    strstr(data, "encoding=\"ISO") == NULL && strstr(data, "encoding='ISO") == NULL)
		(void)orgcheck_parse_memory(&doc, &problems, path, data, size, &err);
	if (doc == NULL || problems.count > 0) {
		xmlFreeDoc(doc);
		orgcheck_findings_release(&problems);
		free(data);
		return 0;
	}
	if (orgcheck_node_map_new(&map, data, size, doc, &err) != 0)
		fail_msg("%s: no map of a well-formed file: %s", path, err.message);
	if (orgcheck_spans_scan(&spans, &err, data, size) != 0)
		fail_msg("%s: %s", path, err.message);
	memset(&w, 0, sizeof(w));
	w.path = path;
	w.text = data;
	w.size = size;
	w.map = map;
	w.spans = &spans;
	w.cut = cutting;
	for (node = doc->children; node != NULL; node = node->next)
		walk_node(&w, node);
	if (w.next != spans.count)
		fail_msg("%s: the scanner has more elements", path);
	files_checked++;
	nodes_checked += w.nodes;
	cuts_checked += w.cuts;
	orgcheck_spans_release(&spans);
	orgcheck_node_map_free(map);
	orgcheck_findings_release(&problems);
	xmlFreeDoc(doc);
	free(data);
	return 0;
}

static void test_every_file(void **state)
{
	(void)state;
	/* Cutting every node out is quadratic: the records only. */
	cutting = 1;
	assert_int_equal(nftw(TEST_SOURCE_DIR "/records", check_file, 16, FTW_PHYS), 0);
	assert_true(files_checked >= 50);
	cutting = 0;
	assert_int_equal(nftw(TEST_SOURCE_DIR "/tests", check_file, 16, FTW_PHYS), 0);
	print_message("nodemap: %zu files, %zu nodes, %zu cuts\n", files_checked, nodes_checked, cuts_checked);
	assert_true(nodes_checked > 5000);
	assert_true(cuts_checked > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_every_file),
	};

	return cmocka_run_group_tests_name("nodemap", tests, NULL, NULL);
}
