/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include "testutil.h"

#define SECRET "TOP-SECRET-7f3a91c2"

struct fixture {
	char *dir;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	xmlDocPtr doc;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	orgcheck_findings_release(&fx->findings);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	xmlInitParser();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	xmlCleanupParser();
	return 0;
}

static int parse_string(struct fixture *fx, const char *text)
{
	return orgcheck_parse_memory(&fx->doc, &fx->findings, "mem.xml", text, strlen(text), &fx->err);
}

/* The first element named name in document order among node, its
 * following siblings and their descendants, or NULL. */
static xmlNodePtr find_element(xmlNodePtr node, const char *name)
{
	xmlNodePtr found = NULL;

	for (; node != NULL; node = node->next) {
		if (node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)name))
			return node;
		found = find_element(node->children, name);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static void assert_position(const xmlNode *node, unsigned long line, unsigned long column)
{
	unsigned long got_line = 99;
	unsigned long got_column = 99;

	assert_non_null(node);
	orgcheck_parse_node_position(&got_line, &got_column, node);
	if (got_line != line || got_column != column)
		fail_msg("<%s>: expected %lu:%lu, got %lu:%lu", node->name ? (const char *)node->name : "",
			 line, column, got_line, got_column);
}

/* The one finding of the list, which must be of this rule. */
static const struct orgcheck_finding *only_finding(const struct fixture *fx, const char *rule_id)
{
	test_print_findings(&fx->findings);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].rule->id, rule_id);
	return &fx->findings.items[0];
}

static void assert_no_secret(const struct fixture *fx)
{
	size_t i;

	for (i = 0; i < fx->findings.count; i++)
		assert_null(strstr(fx->findings.items[i].message, SECRET));
}

static char *write_secret(const struct fixture *fx)
{
	char *path = test_join(fx->dir, "secret.txt");

	test_write_file(path, SECRET "\n");
	return path;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* ---------------------------------------------------------------- positions */

static void test_positions(void **state)
{
	struct fixture *fx = *state;
	const char *text =
		"<?xml version=\"1.0\"?>\n"
		"<root>\n"
		"  <a/>\n"
		"\t<b\n"
		"     x=\"1\"\n"
		"     y=\"2\">text</b><c\n"
		"/>\n"
		"</root>\n";
	xmlNodePtr root = NULL;

	assert_int_equal(parse_string(fx, text), 0);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	root = xmlDocGetRootElement(fx->doc);
	assert_position(root, 2, 1);
	assert_position(find_element(root, "a"), 3, 3);
	/* A start tag over several lines is where its '<' is; a tab is one
	 * character. */
	assert_position(find_element(root, "b"), 4, 2);
	assert_position(find_element(root, "c"), 6, 20);
}

static void test_position_after_multibyte_text(void **state)
{
	struct fixture *fx = *state;
	/* "é" and "ö" take two bytes, "€" three, "𝄞" four. */
	const char *text = "<root><r>\xc3\xa9\xe2\x82\xac\xc3\xb6\xf0\x9d\x84\x9e</r><n/></root>";
	xmlNodePtr root = NULL;

	assert_int_equal(parse_string(fx, text), 0);
	assert_int_equal(fx->findings.count, 0);
	root = xmlDocGetRootElement(fx->doc);
	assert_position(find_element(root, "r"), 1, 7);
	/* "<root><r>" 9 characters, the text 4 (11 bytes), "</r>" 4: <n> is
	 * at column 18, byte 25. */
	assert_position(find_element(root, "n"), 1, 18);
}

static void test_position_in_attribute_value_with_gt(void **state)
{
	struct fixture *fx = *state;
	/* '>' may appear in an attribute value; the tag still starts at '<'. */
	const char *text = "<root>\n  <e a=\"x > y\"\n     b=\"&gt;\"/></root>";

	assert_int_equal(parse_string(fx, text), 0);
	assert_position(find_element(xmlDocGetRootElement(fx->doc), "e"), 2, 3);
}

static void test_position_big_line(void **state)
{
	struct fixture *fx = *state;
	const unsigned long last_line = 70050;
	const unsigned long mid_line = 65537; /* where a 16-bit line number wraps to 1 */
	size_t size = (size_t)last_line + 64;
	char *text = malloc(size);
	size_t at = 0;
	unsigned long line;
	xmlNodePtr root = NULL;

	assert_non_null(text);
	at += (size_t)snprintf(text + at, size - at, "<root>\n");
	for (line = 2; line < last_line; line++) {
		if (line == mid_line)
			at += (size_t)snprintf(text + at, size - at, "<mid/>");
		text[at++] = '\n';
	}
	at += (size_t)snprintf(text + at, size - at, "   <last/></root>\n");
	assert_true(at < size);

	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "big.xml", text, at, &fx->err), 0);
	free(text);
	assert_int_equal(fx->findings.count, 0);
	root = xmlDocGetRootElement(fx->doc);
	assert_position(root, 1, 1);
	assert_position(find_element(root, "mid"), mid_line, 1);
	assert_position(find_element(root, "last"), last_line, 4);
}

/* start_tag_position() walks back from the parser's cursor to the start of
 * the line, but libxml2 drops consumed input as it goes (only about 80
 * bytes before the cursor are kept), so the walk stops early: in a
 * record written on one line (minified), every element past the first
 * kilobyte or so gets a column like 87 instead of its own. */
static void test_position_on_long_line(void **state)
{
	struct fixture *fx = *state;
	const char *head = "<root>";
	const char *item = "<e source=\"000_6c5c9fcde8bb1e01.txt\">a value</e>";
	const size_t count = 60;
	size_t size = strlen(head) + count * strlen(item) + 16;
	char *text = NULL;
	size_t at = 0;
	size_t i;
	xmlNodePtr e = NULL;
	unsigned long line = 0;
	unsigned long column = 0;
	unsigned long wrong = 0;

	text = malloc(size);
	assert_non_null(text);
	at += (size_t)snprintf(text + at, size - at, "%s", head);
	for (i = 0; i < count; i++)
		at += (size_t)snprintf(text + at, size - at, "%s", item);
	at += (size_t)snprintf(text + at, size - at, "</root>");
	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "one-line.xml", text, at,
					       &fx->err), 0);
	free(text);
	assert_int_equal(fx->findings.count, 0);

	i = 0;
	for (e = xmlDocGetRootElement(fx->doc)->children; e != NULL; e = e->next, i++) {
		orgcheck_parse_node_position(&line, &column, e);
		assert_int_equal(line, 1);
		if (column != strlen(head) + 1 + i * strlen(item)) {
			print_message("  element %zu: column %lu, expected %zu\n", i, column,
				      strlen(head) + 1 + i * strlen(item));
			wrong++;
		}
	}
	assert_int_equal(i, count);
	assert_int_equal(wrong, 0);
}

static void test_position_of_other_nodes(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<root>\n  <p a=\"1\">some text<!-- c --></p>\n</root>";
	xmlNodePtr p = NULL;
	xmlNodePtr made = NULL;
	unsigned long line = 99;
	unsigned long column = 99;

	assert_int_equal(parse_string(fx, text), 0);
	p = find_element(xmlDocGetRootElement(fx->doc), "p");
	assert_non_null(p);
	assert_position(p, 2, 3);
	/* Text, comment and attribute nodes give their element's position. */
	assert_int_equal(p->children->type, XML_TEXT_NODE);
	assert_position(p->children, 2, 3);
	assert_int_equal(p->children->next->type, XML_COMMENT_NODE);
	assert_position(p->children->next, 2, 3);
	assert_position((const xmlNode *)(void *)p->properties, 2, 3);
	/* The text node between <root> and <p> belongs to <root>. */
	assert_position(xmlDocGetRootElement(fx->doc)->children, 1, 1);

	/* An element not made by the parser has no known column. */
	made = xmlNewDocNode(fx->doc, NULL, (const xmlChar *)"made", NULL);
	assert_non_null(made);
	orgcheck_parse_node_position(&line, &column, made);
	assert_int_equal(column, 0);
	xmlFreeNode(made);

	orgcheck_parse_node_position(&line, &column, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(column, 0);
}

/* ---------------------------------------------------------------- forbidden markup */

static void test_doctype_external_entity(void **state)
{
	struct fixture *fx = *state;
	char *secret = write_secret(fx);
	char *path = test_join(fx->dir, "xxe.xml");
	char text[1024];
	const struct orgcheck_finding *f = NULL;

	snprintf(text, sizeof(text),
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE r [\n"
		 "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
		 "]>\n"
		 "<r>&xxe;</r>\n", secret);
	test_write_file(path, text);

	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_FORBIDDEN_MARKUP);
	assert_string_equal(f->primary.path, path);
	assert_int_equal(f->primary.line, 2);
	assert_non_null(strstr(f->message, "DOCTYPE r"));
	assert_no_secret(fx);
	free(secret);
	free(path);
}

static void test_doctype_external_subset(void **state)
{
	struct fixture *fx = *state;
	char *secret = write_secret(fx);
	char text[1024];

	snprintf(text, sizeof(text), "<!DOCTYPE r SYSTEM \"%s\"><r/>", secret);
	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	only_finding(fx, ORGCHECK_RULE_FORBIDDEN_MARKUP);
	assert_no_secret(fx);
	free(secret);
}

static void test_billion_laughs(void **state)
{
	struct fixture *fx = *state;
	const char *text =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<lolz>&lol9;</lolz>\n";
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(parse_string(fx, text), 0);
	assert_true(seconds_since(&start) < 2.0);
	assert_null(fx->doc);
	only_finding(fx, ORGCHECK_RULE_FORBIDDEN_MARKUP);
}

static void test_stylesheet_pi_and_xinclude_left_alone(void **state)
{
	struct fixture *fx = *state;
	char *secret = write_secret(fx);
	char *xsl = test_join(fx->dir, "evil.xsl");
	char text[2048];
	xmlNodePtr root = NULL;
	xmlNodePtr include = NULL;
	xmlChar *dump = NULL;
	int dump_size = 0;
	const struct orgcheck_finding *f = NULL;

	test_write_file(xsl, "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
			     "version=\"1.0\"><xsl:template match=\"/\">" SECRET
			     "</xsl:template></xsl:stylesheet>");
	snprintf(text, sizeof(text),
		 "<?xml version=\"1.0\"?>\n"
		 "<?xml-stylesheet type=\"text/xsl\" href=\"file://%s\"?>\n"
		 "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
		 "  <xi:include href=\"file://%s\" parse=\"text\"/>\n"
		 "  <xi:include href=\"%s\" parse=\"xml\"/>\n"
		 "</r>\n", xsl, secret, xsl);

	assert_int_equal(parse_string(fx, text), 0);
	/* The stylesheet instruction is reported, at its "<?"... */
	f = only_finding(fx, ORGCHECK_RULE_FORBIDDEN_MARKUP);
	assert_int_equal(f->primary.line, 2);
	assert_int_equal(f->primary.column, 1);
	assert_non_null(strstr(f->message, "xml-stylesheet"));
	assert_no_secret(fx);
	/* ...but the record is still read, and the instruction is kept as it
	 * is, not applied. */
	assert_non_null(fx->doc);
	assert_non_null(fx->doc->children);
	assert_int_equal(fx->doc->children->type, XML_PI_NODE);
	assert_string_equal((const char *)fx->doc->children->name, "xml-stylesheet");
	/* The xi:include elements stay elements; nothing was included. */
	root = xmlDocGetRootElement(fx->doc);
	include = find_element(root, "include");
	assert_non_null(include);
	assert_non_null(include->ns);
	assert_string_equal((const char *)include->ns->href, "http://www.w3.org/2001/XInclude");
	assert_position(include, 4, 3);

	xmlDocDumpMemory(fx->doc, &dump, &dump_size);
	assert_non_null(dump);
	assert_true(dump_size > 0);
	assert_null(strstr((const char *)dump, SECRET));
	assert_non_null(strstr((const char *)dump, "xi:include"));
	xmlFree(dump);
	free(secret);
	free(xsl);
}

/* ---------------------------------------------------------------- not well-formed */

static void test_mismatched_end_tag(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<root>\n  <a>\n    <b>x</c>\n  </a>\n</root>\n";
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	test_print_findings(&fx->findings);
	assert_true(fx->findings.count >= 1);
	f = &fx->findings.items[0];
	assert_string_equal(f->rule->id, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_string_equal(f->primary.path, "mem.xml");
	/* "</c>" is on line 3, columns 9 to 12: the finding points at its
	 * start, not past it, and says what to write. */
	assert_int_equal(f->primary.line, 3);
	assert_int_equal(f->primary.column, 9);
	assert_string_equal(f->message, "ending tag 'c' does not match opening tag 'b' of line 3; write </b>");
	assert_true(f->message[0] >= 'a' && f->message[0] <= 'z');
	assert_int_not_equal(f->message[strlen(f->message) - 1], '\n');
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_NOT_WELL_FORMED),
			 fx->findings.count);
}

static void test_error_column_after_multibyte(void **state)
{
	struct fixture *fx = *state;
	/* The bad "<1" starts at the 7th character, the 10th byte. */
	const char *text = "<r>\xc3\xa9\xc3\xa9\xc3\xa9<1/></r>";
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	test_print_findings(&fx->findings);
	assert_true(fx->findings.count >= 1);
	f = &fx->findings.items[0];
	assert_int_equal(f->primary.line, 1);
	assert_in_range(f->primary.column, 7, 8);
}

static void test_empty_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "empty.xml");
	const struct orgcheck_finding *f = NULL;

	test_write_file(path, "");
	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_string_equal(f->message, "the file is empty");
	assert_string_equal(f->primary.path, path);
	assert_int_equal(f->primary.line, 0);
	free(path);
}

static void test_no_markup(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(parse_string(fx, "   \n\t\n"), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_non_null(strstr(f->message, "no XML found"));
}

static void test_nul_bytes(void **state)
{
	struct fixture *fx = *state;
	static const char data[] = "<r>ab\0cd</r>";

	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "nul.xml", data,
					       sizeof(data) - 1, &fx->err), 0);
	assert_null(fx->doc);
	test_print_findings(&fx->findings);
	assert_true(fx->findings.count >= 1);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_NOT_WELL_FORMED),
			 fx->findings.count);
	assert_int_equal(fx->findings.items[0].primary.line, 1);
}

static void test_binary_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "binary.xml");
	unsigned char data[256];
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	data[0] = 0;
	test_write_bytes(path, data, sizeof(data));
	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	assert_true(fx->findings.count >= 1);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_NOT_WELL_FORMED),
			 fx->findings.count);
	free(path);
}

static void test_repeated_errors_capped(void **state)
{
	struct fixture *fx = *state;
	char text[4096];
	size_t at = 0;
	int i;
	const struct orgcheck_finding *last = NULL;

	/* Undeclared prefixes are errors the parser goes on after, once per
	 * element. */
	at += (size_t)snprintf(text + at, sizeof(text) - at, "<r>\n");
	for (i = 0; i < ORGCHECK_PARSE_MAX_ERRORS + 7; i++)
		at += (size_t)snprintf(text + at, sizeof(text) - at, "<p:x/>\n");
	snprintf(text + at, sizeof(text) - at, "</r>\n");

	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	assert_int_equal(fx->findings.count, ORGCHECK_PARSE_MAX_ERRORS + 1);
	assert_int_equal(fx->findings.items[0].primary.line, 2);
	assert_int_equal(fx->findings.items[ORGCHECK_PARSE_MAX_ERRORS - 1].primary.line,
			 ORGCHECK_PARSE_MAX_ERRORS + 1);
	last = &fx->findings.items[ORGCHECK_PARSE_MAX_ERRORS];
	assert_string_equal(last->rule->id, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_string_equal(last->message, "7 more parser errors not shown");
}

/* ---------------------------------------------------------------- encodings */

static void test_utf16le_with_bom(void **state)
{
	struct fixture *fx = *state;
	const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r>\n <n>X</n></r>";
	char *path = test_join(fx->dir, "utf16.xml");
	unsigned char data[512];
	size_t at = 0;
	size_t i;
	xmlNodePtr n = NULL;
	xmlChar *content = NULL;

	data[at++] = 0xFF;
	data[at++] = 0xFE;
	for (i = 0; ascii[i] != '\0'; i++) {
		if (ascii[i] == 'X') {
			/* U+00E9 */
			data[at++] = 0xE9;
			data[at++] = 0x00;
			continue;
		}
		data[at++] = (unsigned char)ascii[i];
		data[at++] = 0;
	}
	test_write_bytes(path, data, at);

	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	assert_string_equal((const char *)xmlDocGetRootElement(fx->doc)->name, "r");
	n = find_element(xmlDocGetRootElement(fx->doc), "n");
	assert_non_null(n);
	content = xmlNodeGetContent(n);
	assert_string_equal((const char *)content, "\xc3\xa9");
	xmlFree(content);
	assert_position(n, 3, 2);
	free(path);
}

static void test_encoding_mismatch(void **state)
{
	struct fixture *fx = *state;
	/* Declared UTF-8, holds a Latin-1 byte. */
	const char *text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>caf\xe9</r>\n";

	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	assert_true(fx->findings.count >= 1);
	assert_string_equal(fx->findings.items[0].rule->id, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_int_equal(fx->findings.items[0].primary.line, 2);
}

static void test_declared_latin1_converted(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>\n <n>caf\xe9</n></r>\n";
	xmlNodePtr n = NULL;
	xmlChar *content = NULL;

	assert_int_equal(parse_string(fx, text), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	n = find_element(xmlDocGetRootElement(fx->doc), "n");
	content = xmlNodeGetContent(n);
	assert_string_equal((const char *)content, "caf\xc3\xa9");
	xmlFree(content);
	assert_position(n, 3, 2);
}

/* UTF-16 without a byte-order mark is known by its first characters. */
static void test_utf16be_without_bom(void **state)
{
	struct fixture *fx = *state;
	const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r><n/></r>";
	char data[256];
	size_t at = 0;
	size_t i;

	for (i = 0; ascii[i] != '\0'; i++) {
		data[at++] = 0;
		data[at++] = ascii[i];
	}
	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "mem.xml", data, at, &fx->err), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(find_element(xmlDocGetRootElement(fx->doc), "n"));
}

/* An invalid UTF-16 sequence is a finding at its place, not a message on
 * stderr. */
static void test_invalid_utf16(void **state)
{
	struct fixture *fx = *state;
	const char *ascii = "<r>\n <n>X";
	char data[256];
	size_t at = 0;
	size_t i;
	const struct orgcheck_finding *f = NULL;

	data[at++] = (char)0xFF;
	data[at++] = (char)0xFE;
	for (i = 0; ascii[i] != '\0'; i++) {
		data[at++] = ascii[i];
		data[at++] = 0;
	}
	/* A high surrogate followed by 'A'. */
	memcpy(data + at, "\x00\xd8\x41\x00", 4);
	at += 4;
	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "mem.xml", data, at, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_non_null(strstr(f->message, "not valid UTF-16LE"));
	assert_int_equal(f->primary.line, 2);
	assert_int_equal(f->primary.column, 6);
}

static void test_unsupported_encoding(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(parse_string(fx, "<?xml version=\"1.0\" encoding=\"X-NO-SUCH\"?><r/>"), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_string_equal(f->message, "unsupported encoding X-NO-SUCH");
}

static void test_utf16_label_on_utf8(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(parse_string(fx, "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r/>"), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
	assert_non_null(strstr(f->message, "UTF-16"));
}

static void test_only_a_byte_order_mark(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, "mem.xml", "\xff\xfe", 2, &fx->err), 0);
	assert_null(fx->doc);
	only_finding(fx, ORGCHECK_RULE_NOT_WELL_FORMED);
}

/* ---------------------------------------------------------------- shape limits */

/* A document with count attributes a0="" ... on its root, in a buffer
 * the caller frees. */
static char *many_attributes(size_t count, const char *prefix)
{
	size_t size = 64 + count * 16;
	char *text = malloc(size);
	size_t at = 0;
	size_t i;

	assert_non_null(text);
	at += (size_t)snprintf(text + at, size - at, "%s<r", prefix);
	for (i = 0; i < count; i++)
		at += (size_t)snprintf(text + at, size - at, " a%zu=''", i);
	snprintf(text + at, size - at, "/>\n");
	return text;
}

static void test_attributes_at_the_limit(void **state)
{
	struct fixture *fx = *state;
	char *text = many_attributes(ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES, "");

	assert_int_equal(parse_string(fx, text), 0);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	free(text);
}

/* 100,000 attributes took libxml2 2.9.14 150 seconds; refused at once. */
static void test_too_many_attributes_on_one_tag(void **state)
{
	struct fixture *fx = *state;
	char *text = many_attributes(100000, "<?xml version=\"1.0\"?>\n\n");
	const struct orgcheck_finding *f = NULL;
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(parse_string(fx, text), 0);
	assert_true(seconds_since(&start) < 1.0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	assert_int_equal(f->primary.line, 3);
	assert_int_equal(f->primary.column, 1);
	assert_non_null(strstr(f->message, "start tag <r> has more than 1000 attributes"));
	free(text);
}

/* The count does not depend on what the bytes mean: attributes after an
 * error, in a comment or behind a '>' in a value all count. */
static void test_attributes_counted_whatever_the_markup(void **state)
{
	struct fixture *fx = *state;
	char *text = many_attributes(ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES + 1, "<!-- x=' --><? y=\" ?>");

	assert_int_equal(parse_string(fx, text), 0);
	only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	free(text);
}

static void test_too_many_tags(void **state)
{
	struct fixture *fx = *state;
	size_t count = ORGCHECK_PARSE_MAX_TAGS + 1;
	char *text = malloc(count * 4 + 16);
	size_t at = 0;
	size_t i;
	const struct orgcheck_finding *f = NULL;

	assert_non_null(text);
	memcpy(text, "<r>", 3);
	at = 3;
	for (i = 1; i < count; i++) {
		memcpy(text + at, "<a/>", 4);
		at += 4;
	}
	memcpy(text + at, "</r>", 5);
	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	assert_non_null(strstr(f->message, "more than 100000 tags"));
	assert_int_equal(f->primary.column, 3 + (ORGCHECK_PARSE_MAX_TAGS - 1) * 4 + 1);
	free(text);
}

static void test_too_many_namespaces(void **state)
{
	struct fixture *fx = *state;
	size_t size = 32 + (ORGCHECK_PARSE_MAX_NAMESPACES + 1) * 32;
	char *text = malloc(size);
	size_t at = 0;
	size_t i;

	assert_non_null(text);
	at += (size_t)snprintf(text, size, "<r>");
	for (i = 0; i <= ORGCHECK_PARSE_MAX_NAMESPACES; i++)
		at += (size_t)snprintf(text + at, size - at, "<p%zu:a xmlns:p%zu='u'/>", i, i);
	snprintf(text + at, size - at, "</r>");
	assert_int_equal(parse_string(fx, text), 0);
	assert_null(fx->doc);
	assert_non_null(strstr(only_finding(fx, ORGCHECK_RULE_UNREADABLE)->message, "namespace declarations"));
	free(text);
}

/* ---------------------------------------------------------------- files */

static void test_too_large_not_read(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "huge.xml");
	char size_text[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	const struct orgcheck_finding *f = NULL;

	assert_true(fd >= 0);
	/* Sparse: no disk space, and all NUL bytes, which would be OC002 if
	 * the file were read and parsed. */
	assert_int_equal(ftruncate(fd, (off_t)ORGCHECK_PARSE_MAX_BYTES + 1), 0);
	assert_int_equal(close(fd), 0);

	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	assert_string_equal(f->primary.path, path);
	snprintf(size_text, sizeof(size_text), "%lu", ORGCHECK_PARSE_MAX_BYTES + 1);
	assert_non_null(strstr(f->message, size_text));
	free(path);
}

static void test_largest_size_is_read(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "limit.xml");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)ORGCHECK_PARSE_MAX_BYTES), 0);
	assert_int_equal(close(fd), 0);

	/* At the limit the file is read, and its NUL bytes are no XML. */
	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	test_print_findings(&fx->findings);
	assert_true(fx->findings.count >= 1);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_NOT_WELL_FORMED),
			 fx->findings.count);
	free(path);
}

static void test_missing_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "missing.xml");
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	assert_string_equal(f->primary.path, path);
	assert_non_null(strstr(f->message, "No such file"));
	assert_int_equal(fx->err.code, ORGCHECK_OK);
	free(path);
}

static void test_directory_path(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, fx->dir, &fx->err), 0);
	assert_null(fx->doc);
	f = only_finding(fx, ORGCHECK_RULE_UNREADABLE);
	assert_string_equal(f->primary.path, fx->dir);
}

static void test_valid_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "ok.xml");

	test_write_file(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			      "<organization xmlns=\"urn:orgcheck:record:1\" id=\"x\">\n"
			      "  <name source=\"000_6c5c9fcde8bb1e01.txt\">X &amp; Y</name>\n"
			      "</organization>\n");
	assert_int_equal(orgcheck_parse_file(&fx->doc, &fx->findings, path, &fx->err), 0);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	assert_position(find_element(xmlDocGetRootElement(fx->doc), "name"), 3, 3);
	free(path);
}

/* ---------------------------------------------------------------- reused contexts */

/* Files that leave a parser in every state it can end in: clean, stopped
 * at a DOCTYPE, failed, with namespace errors, in another encoding. */
static const char *const reuse_texts[] = {
	"<?xml version=\"1.0\"?>\n<r xmlns=\"urn:x\">\n  <a b=\"1\">t</a>\n</r>\n",
	"<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY e \"x\">\n]>\n<r>&e;</r>\n",
	"<r>\n  <a>\n</r>\n",
	"<p:r>\n  <q:a/>\n</p:r>\n",
	"<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"x.xsl\"?>\n<r/>\n",
	"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>caf\xe9</r>\n",
	"<r a=\"1\" a=\"2\"/>\n",
	"<r>\n  <a/>\n  <b c='&#0;'/>\n</r>\n",
	"<?xml version=\"1.0\"?>\n<r xmlns=\"urn:x\">\n  <a b=\"1\">t</a>\n</r>\n",
};

/* The two trees have the same elements at the same positions. */
static void assert_same_positions(const xmlNode *a, const xmlNode *b)
{
	unsigned long line_a = 0;
	unsigned long column_a = 0;
	unsigned long line_b = 0;
	unsigned long column_b = 0;

	for (; a != NULL && b != NULL; a = a->next, b = b->next) {
		assert_int_equal(a->type, b->type);
		if (a->type != XML_ELEMENT_NODE)
			continue;
		assert_string_equal((const char *)a->name, (const char *)b->name);
		orgcheck_parse_node_position(&line_a, &column_a, a);
		orgcheck_parse_node_position(&line_b, &column_b, b);
		assert_int_equal(line_a, line_b);
		assert_int_equal(column_a, column_b);
		assert_same_positions(a->children, b->children);
	}
	assert_true(a == NULL && b == NULL);
}

#define REUSE_TEXTS (sizeof(reuse_texts) / sizeof(reuse_texts[0]))

/* A file parsed with a context that parsed other files before gives the
 * findings, tree and positions a fresh parse gives, and its document may
 * outlive the context. */
static void test_reused_context_parses_like_a_fresh_one(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_parse_context *context = NULL;
	struct orgcheck_findings fresh;
	struct orgcheck_findings reused;
	xmlDocPtr fresh_doc = NULL;
	xmlDocPtr kept[2 * REUSE_TEXTS];
	char name[32];
	char *path = NULL;
	size_t round;
	size_t i;
	size_t k;
	size_t n = 0;

	assert_int_equal(orgcheck_parse_context_new(&context, &fx->err), 0);
	/* Twice through the list, so each file follows every other. */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < REUSE_TEXTS; i++, n++) {
			snprintf(name, sizeof(name), "f%zu.xml", i);
			path = test_join(fx->dir, name);
			test_write_file(path, reuse_texts[i]);
			orgcheck_findings_init(&fresh);
			orgcheck_findings_init(&reused);
			assert_int_equal(orgcheck_parse_file(&fresh_doc, &fresh, path, &fx->err), 0);
			assert_int_equal(orgcheck_parse_file_with(&kept[n], &reused, context, path, &fx->err), 0);
			assert_int_equal(fresh.count, reused.count);
			for (k = 0; k < fresh.count; k++) {
				assert_string_equal(fresh.items[k].rule->id, reused.items[k].rule->id);
				assert_int_equal(fresh.items[k].primary.line, reused.items[k].primary.line);
				assert_int_equal(fresh.items[k].primary.column, reused.items[k].primary.column);
				assert_string_equal(fresh.items[k].message, reused.items[k].message);
			}
			assert_true((fresh_doc == NULL) == (kept[n] == NULL));
			if (fresh_doc != NULL)
				assert_same_positions(fresh_doc->children, kept[n]->children);
			if (fresh_doc != NULL)
				xmlFreeDoc(fresh_doc);
			fresh_doc = NULL;
			orgcheck_findings_release(&fresh);
			orgcheck_findings_release(&reused);
			free(path);
		}
	}
	orgcheck_parse_context_free(context);
	for (i = 0; i < n; i++) {
		if (kept[i] != NULL)
			xmlFreeDoc(kept[i]);
	}
}

/* The bytes a context read are the file's own (Latin-1, not the UTF-8
 * libxml2 parsed), and parsing them again gives the same tree with the
 * same positions; a read that fails leaves none. */
static void test_context_text_parses_again(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>\n <n a='1'>caf\xe9</n>\n  <m/></r>\n";
	struct orgcheck_parse_context *reader = NULL;
	struct orgcheck_parse_context *again = NULL;
	struct orgcheck_findings findings;
	xmlDocPtr first = NULL;
	xmlDocPtr second = NULL;
	char *path = test_join(fx->dir, "latin1.xml");
	char *missing = test_join(fx->dir, "missing.xml");
	const char *bytes = NULL;
	size_t size = 0;

	test_write_file(path, text);
	orgcheck_findings_init(&findings);
	assert_int_equal(orgcheck_parse_context_new(&reader, &fx->err), 0);
	assert_int_equal(orgcheck_parse_context_new(&again, &fx->err), 0);
	assert_int_equal(orgcheck_parse_file_with(&first, &findings, reader, path, &fx->err), 0);
	assert_non_null(first);
	bytes = orgcheck_parse_context_text(reader, &size);
	assert_int_equal(size, strlen(text));
	assert_memory_equal(bytes, text, size);
	assert_int_equal(orgcheck_parse_memory_with(&second, &findings, again, path, bytes, size, &fx->err), 0);
	assert_non_null(second);
	assert_int_equal(findings.count, 0);
	assert_same_positions(first->children, second->children);
	assert_string_equal((const char *)second->URL, (const char *)first->URL);
	assert_int_equal(orgcheck_parse_file_with(&fx->doc, &findings, reader, missing, &fx->err), 0);
	assert_null(fx->doc);
	assert_null(orgcheck_parse_context_text(reader, &size));
	assert_int_equal(size, 0);
	xmlFreeDoc(first);
	xmlFreeDoc(second);
	orgcheck_parse_context_free(reader);
	orgcheck_parse_context_free(again);
	orgcheck_findings_release(&findings);
	free(path);
	free(missing);
}

/* More attributes in the file than one tag may have, but spread over
 * tags that each stay within the limit: the file is read. */
static void test_attributes_spread_over_tags(void **state)
{
	struct fixture *fx = *state;
	size_t per_tag = ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES;
	size_t size = 64 + 3 * per_tag * 16;
	char *text = malloc(size);
	size_t at = 0;
	size_t tag;
	size_t i;

	assert_non_null(text);
	at += (size_t)snprintf(text + at, size - at, "<r>");
	for (tag = 0; tag < 3; tag++) {
		at += (size_t)snprintf(text + at, size - at, "<a");
		for (i = 0; i < per_tag; i++)
			at += (size_t)snprintf(text + at, size - at, " a%zu=''", i);
		at += (size_t)snprintf(text + at, size - at, "/>");
	}
	snprintf(text + at, size - at, "</r>\n");
	assert_int_equal(parse_string(fx, text), 0);
	assert_int_equal(fx->findings.count, 0);
	assert_non_null(fx->doc);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_after_multibyte_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_in_attribute_value_with_gt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_big_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_on_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_of_other_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doctype_external_entity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doctype_external_subset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_billion_laughs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stylesheet_pi_and_xinclude_left_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mismatched_end_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_column_after_multibyte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_markup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_errors_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16le_with_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declared_latin1_converted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16be_without_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsupported_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16_label_on_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_a_byte_order_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes_at_the_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_attributes_on_one_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes_counted_whatever_the_markup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_namespaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large_not_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_largest_size_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_valid_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reused_context_parses_like_a_fresh_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_text_parses_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes_spread_over_tags, setup, teardown),
	};

	return cmocka_run_group_tests_name("parse", tests, group_setup, group_teardown);
}
