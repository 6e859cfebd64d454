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
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include "input/schema.h"
#include "testutil.h"

#define NS "urn:orgcheck:record:1"
#define SRC "000_6c5c9fcde8bb1e01.txt"

/* The compiled schema is shared by the whole group, as the check does. */
static struct orgcheck_schema *shared_schema;

struct fixture {
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	enum orgcheck_record_kind kind;
	int valid;
	char *dir;
};

static int group_setup(void **state)
{
	struct orgcheck_error err;

	(void)state;
	xmlInitParser();
	orgcheck_error_clear(&err);
	if (orgcheck_schema_load(&shared_schema, TEST_SCHEMA_DIR, &err) != 0) {
		fprintf(stderr, "cannot load the schema: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	orgcheck_schema_free(shared_schema);
	shared_schema = NULL;
	xmlCleanupParser();
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	fx->kind = ORGCHECK_RECORD_UNKNOWN;
	fx->valid = -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_findings_release(&fx->findings);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Parses text (which must be well-formed) and validates it; the kind and
 * validity land in fx, findings in fx->findings. */
static void validate(struct fixture *fx, const char *text)
{
	xmlDocPtr doc = NULL;

	orgcheck_findings_release(&fx->findings);
	assert_int_equal(orgcheck_parse_memory(&doc, &fx->findings, "rec.xml", text, strlen(text),
					       &fx->err), 0);
	if (doc == NULL) {
		test_print_findings(&fx->findings);
		fail_msg("the test document is not well-formed");
	}
	fx->kind = ORGCHECK_RECORD_PERSON + 1;
	fx->valid = -1;
	assert_int_equal(orgcheck_schema_validate(&fx->kind, &fx->valid, &fx->findings, shared_schema,
						  doc, "rec.xml", &fx->err), 0);
	xmlFreeDoc(doc);
	if (fx->findings.count <= 20)
		test_print_findings(&fx->findings);
	assert_true(fx->valid == 0 || fx->valid == 1);
}

static void assert_valid(struct fixture *fx, const char *text, enum orgcheck_record_kind kind)
{
	validate(fx, text);
	assert_int_equal(fx->findings.count, 0);
	assert_int_equal(fx->valid, 1);
	assert_int_equal(fx->kind, kind);
}

/* Invalid, with only OC005 findings. */
static void assert_invalid(struct fixture *fx, const char *text)
{
	validate(fx, text);
	assert_int_equal(fx->valid, 0);
	assert_true(fx->findings.count >= 1);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_SCHEMA_INVALID),
			 fx->findings.count);
}

/* The line and column of the first occurrence of needle in text (which
 * is ASCII), counted independently of the parser. */
static void position_of(unsigned long *line, unsigned long *column, const char *text,
			const char *needle)
{
	const char *at = strstr(text, needle);
	const char *p = NULL;

	assert_non_null(at);
	*line = 1;
	*column = 1;
	for (p = text; p < at; p++) {
		if (*p == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

static void assert_finding_at(const struct orgcheck_finding *f, const char *text, const char *needle)
{
	unsigned long line = 0;
	unsigned long column = 0;

	position_of(&line, &column, text, needle);
	assert_int_equal(f->primary.line, line);
	assert_int_equal(f->primary.column, column);
}

/* An organization record with body inserted after its name. */
static char *organization_with(const char *body)
{
	size_t size = strlen(body) + 256;
	char *text = malloc(size);

	assert_non_null(text);
	snprintf(text, size,
		 "<organization xmlns=\"" NS "\" id=\"x\">\n"
		 "  <name source=\"" SRC "\">X</name>\n"
		 "%s"
		 "</organization>\n", body);
	return text;
}

static char *founded(const char *date)
{
	char body[256];

	snprintf(body, sizeof(body), "  <dates><founded source=\"" SRC "\">%s</founded></dates>\n", date);
	return organization_with(body);
}

static char *person_with_id(const char *id)
{
	size_t size = strlen(id) + 256;
	char *text = malloc(size);

	assert_non_null(text);
	snprintf(text, size, "<person xmlns=\"" NS "\" id=\"%s\"><name source=\"" SRC "\">P</name></person>",
		 id);
	return text;
}

/* orgcheck_schema_load with stderr sent to a file; *captured receives what
 * was written there (the caller frees it). */
static int load_capturing_stderr(struct orgcheck_schema **out, char **captured, const char *dir,
				 struct orgcheck_error *err)
{
	char *captured_path = test_join(dir, "stderr.txt");
	int saved_stderr = -1;
	int capture = -1;
	int rc = 0;

	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	capture = open(captured_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved_stderr >= 0 && capture >= 0);
	assert_true(dup2(capture, STDERR_FILENO) >= 0);
	rc = orgcheck_schema_load(out, dir, err);
	fflush(stderr);
	assert_true(dup2(saved_stderr, STDERR_FILENO) >= 0);
	close(saved_stderr);
	close(capture);
	*captured = test_read_file(captured_path);
	assert_non_null(*captured);
	unlink(captured_path);
	free(captured_path);
	return rc;
}

/* ---------------------------------------------------------------- loading */

static void test_load_from_source_tree(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_schema *schema = NULL;

	assert_int_equal(orgcheck_schema_load(&schema, TEST_SCHEMA_DIR, &fx->err), 0);
	assert_non_null(schema);
	assert_int_equal(fx->err.code, ORGCHECK_OK);
	orgcheck_schema_free(schema);
	orgcheck_schema_free(NULL);
}

static void test_load_missing_dir(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_schema *schema = NULL;
	const char *dir = "/nonexistent/orgcheck-schemas";

	assert_int_equal(orgcheck_schema_load(&schema, dir, &fx->err), ORGCHECK_ESCHEMA);
	assert_null(schema);
	assert_int_equal(fx->err.code, ORGCHECK_ESCHEMA);
	assert_non_null(strstr(fx->err.message, dir));
	assert_non_null(strstr(fx->err.message, "record.xsd"));
}

static void assert_broken_schema(struct fixture *fx, const char *xsd, int with_line)
{
	struct orgcheck_schema *schema = NULL;
	char *path = NULL;
	char *captured = NULL;

	test_remove_tree(fx->dir);
	free(fx->dir);
	fx->dir = test_make_temp_dir();
	path = test_join(fx->dir, "record.xsd");
	test_write_file(path, xsd);
	orgcheck_error_clear(&fx->err);

	assert_int_equal(load_capturing_stderr(&schema, &captured, fx->dir, &fx->err), ORGCHECK_ESCHEMA);
	assert_null(schema);
	print_message("  %s\n", fx->err.message);
	assert_non_null(strstr(fx->err.message, path));
	if (with_line)
		assert_non_null(strstr(fx->err.message, "line 3"));
	free(captured);
	free(path);
}

static void test_load_broken_schema(void **state)
{
	struct fixture *fx = *state;

	/* Not well-formed. */
	assert_broken_schema(fx,
			     "<?xml version=\"1.0\"?>\n"
			     "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
			     "  <xs:element name=\"organization\">\n"
			     "</xs:schema>\n", 0);
	/* Well-formed, but refers to a type that does not exist. */
	assert_broken_schema(fx,
			     "<?xml version=\"1.0\"?>\n"
			     "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
			     "  <xs:element name=\"organization\" type=\"noSuchType\"/>\n"
			     "</xs:schema>\n", 1);
	/* Empty. */
	assert_broken_schema(fx, "", 0);
}

/* The core never prints, and a schema error names the file and line. For
 * a record.xsd that is not well-formed XML, libxml2's generic error
 * handler (not covered by xmlSchemaSetParserStructuredErrors) prints
 * "record.xsd:4: parser error : ..." on stderr, and the error message
 * falls back to "failed to parse the XML resource" with no line. */
static void test_broken_schema_is_quiet(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_schema *schema = NULL;
	char *path = NULL;
	char *captured = NULL;

	fx->dir = test_make_temp_dir();
	path = test_join(fx->dir, "record.xsd");
	test_write_file(path, "<?xml version=\"1.0\"?>\n"
			      "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
			      "  <xs:element name=\"organization\">\n"
			      "</xs:schema>\n");

	assert_int_equal(load_capturing_stderr(&schema, &captured, fx->dir, &fx->err),
			 ORGCHECK_ESCHEMA);
	print_message("  message: %s\n  stderr: %s\n", fx->err.message, captured);
	/* The mismatched end tag is on line 4. */
	assert_non_null(strstr(fx->err.message, "line 4"));
	assert_string_equal(captured, "");
	free(captured);
	free(path);
}

/* ---------------------------------------------------------------- kinds */

static void test_minimal_organization(void **state)
{
	struct fixture *fx = *state;

	assert_valid(fx, "<organization xmlns=\"" NS "\" id=\"x\"><name source=\"" SRC "\">X</name>"
			 "</organization>", ORGCHECK_RECORD_ORGANIZATION);
}

static void test_minimal_person(void **state)
{
	struct fixture *fx = *state;

	assert_valid(fx, "<person xmlns=\"" NS "\" id=\"p\"><name source=\"" SRC "\">P</name></person>",
		     ORGCHECK_RECORD_PERSON);
}

static void test_fuller_organization(void **state)
{
	struct fixture *fx = *state;
	char *text = organization_with(
		"  <other-names><name kind=\"acronym\" source=\"" SRC "\">X1</name></other-names>\n"
		"  <type source=\"" SRC "\">professional-society</type>\n"
		"  <headquarters source=\"" SRC "\"><city>Vancouver</city><country>CA</country></headquarters>\n"
		"  <identifiers><us-tax-id source=\"" SRC "\">36-4491158</us-tax-id></identifiers>\n"
		"  <dates><founded source=\"" SRC "\">1992</founded></dates>\n");

	assert_valid(fx, text, ORGCHECK_RECORD_ORGANIZATION);
	free(text);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(orgcheck_record_kind_name(ORGCHECK_RECORD_ORGANIZATION), "organization");
	assert_string_equal(orgcheck_record_kind_name(ORGCHECK_RECORD_PERSON), "person");
	assert_string_equal(orgcheck_record_kind_name(ORGCHECK_RECORD_UNKNOWN), "unknown");
}

/* ---------------------------------------------------------------- errors */

/* The number of values of the countryCode enumeration in record.xsd. */
static unsigned country_count(void)
{
	char *xsd = test_read_file(TEST_SCHEMA_DIR "/record.xsd");
	const char *p = NULL;
	const char *end = NULL;
	unsigned n = 0;

	assert_non_null(xsd);
	p = strstr(xsd, "<xs:simpleType name=\"countryCode\">");
	assert_non_null(p);
	end = strstr(p, "</xs:simpleType>");
	assert_non_null(end);
	while ((p = strstr(p, "<xs:enumeration ")) != NULL && p < end) {
		n++;
		p++;
	}
	free(xsd);
	return n;
}

static void test_three_errors(void **state)
{
	struct fixture *fx = *state;
	const char *text =
		"<organization xmlns=\"" NS "\" id=\"x\">\n"
		"  <name source=\"" SRC "\">X</name>\n"
		"  <headquarters source=\"" SRC "\"><country>USA</country></headquarters>\n"
		"  <identifiers>\n"
		"    <us-tax-id source=\"" SRC "\">364491158</us-tax-id>\n"
		"  </identifiers>\n"
		"  <dates>\n"
		"      <founded source=\"" SRC "\">2001-02-30</founded>\n"
		"  </dates>\n"
		"</organization>\n";
	char values[32];

	validate(fx, text);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->kind, ORGCHECK_RECORD_ORGANIZATION);
	assert_int_equal(fx->findings.count, 3);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_SCHEMA_INVALID), 3);

	/* In document order, each at the start tag of the offending element. */
	assert_finding_at(&fx->findings.items[0], text, "<country>");
	assert_finding_at(&fx->findings.items[1], text, "<us-tax-id");
	assert_finding_at(&fx->findings.items[2], text, "<founded");
	assert_int_equal(fx->findings.items[2].primary.line, 8);
	assert_int_equal(fx->findings.items[2].primary.column, 7);

	assert_non_null(strstr(fx->findings.items[0].message, "'USA'"));
	assert_non_null(strstr(fx->findings.items[0].message, "country"));
	/* The list of 249 codes is shortened and the namespace dropped. */
	snprintf(values, sizeof(values), "(%u values)}", country_count());
	assert_non_null(strstr(fx->findings.items[0].message, values));
	assert_null(strstr(fx->findings.items[0].message, "'ZW'"));
	assert_null(strstr(fx->findings.items[0].message, "{urn:"));
	assert_true(strlen(fx->findings.items[0].message) < 300);

	assert_non_null(strstr(fx->findings.items[1].message, "364491158"));
	assert_non_null(strstr(fx->findings.items[2].message, "2001-02-30"));
	assert_null(strstr(fx->findings.items[2].message, "{urn:"));
	assert_string_equal(fx->findings.items[2].primary.path, "rec.xml");
}

static void test_errors_in_attributes(void **state)
{
	struct fixture *fx = *state;
	const char *text =
		"<person xmlns=\"" NS "\"\n"
		"        id=\"Bad_Id\">\n"
		"  <name>P</name>\n"
		"</person>\n";

	validate(fx, text);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->findings.count, 2);
	/* An attribute's error points at its element. */
	assert_finding_at(&fx->findings.items[0], text, "<person");
	assert_non_null(strstr(fx->findings.items[0].message, "Bad_Id"));
	assert_finding_at(&fx->findings.items[1], text, "<name>");
	assert_non_null(strstr(fx->findings.items[1].message, "source"));
}

static void test_error_cap(void **state)
{
	struct fixture *fx = *state;
	const size_t extra = 5;
	const size_t count = ORGCHECK_SCHEMA_MAX_ERRORS + extra;
	const char *item = "  <description>no source</description>\n";
	size_t size = count * strlen(item) + 1;
	char *body = malloc(size);
	char *text = NULL;
	size_t i;
	char expected[64];

	assert_non_null(body);
	body[0] = '\0';
	for (i = 0; i < count; i++)
		memcpy(body + i * strlen(item), item, strlen(item) + 1);
	text = organization_with(body);
	free(body);

	validate(fx, text);
	free(text);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->findings.count, ORGCHECK_SCHEMA_MAX_ERRORS + 1);
	assert_int_equal(fx->findings.items[0].primary.line, 3);
	assert_int_equal(fx->findings.items[ORGCHECK_SCHEMA_MAX_ERRORS - 1].primary.line,
			 ORGCHECK_SCHEMA_MAX_ERRORS + 2);
	snprintf(expected, sizeof(expected), "%zu more schema errors in this file not shown", extra);
	assert_string_equal(fx->findings.items[ORGCHECK_SCHEMA_MAX_ERRORS].message, expected);
}

/* ---------------------------------------------------------------- roots */

static const struct orgcheck_finding *assert_unknown_root(struct fixture *fx, const char *text)
{
	validate(fx, text);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->kind, ORGCHECK_RECORD_UNKNOWN);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].rule->id, ORGCHECK_RULE_UNKNOWN_RECORD_KIND);
	assert_string_equal(fx->findings.items[0].primary.path, "rec.xml");
	return &fx->findings.items[0];
}

static void test_root_without_namespace(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<?xml version=\"1.0\"?>\n"
			   "<organization id=\"x\"><name source=\"" SRC "\">X</name></organization>";
	const struct orgcheck_finding *f = assert_unknown_root(fx, text);

	assert_finding_at(f, text, "<organization");
	assert_non_null(strstr(f->message, "no namespace"));
	assert_non_null(strstr(f->message, NS));
}

static void test_root_in_other_namespace(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = assert_unknown_root(
		fx, "<organization xmlns=\"urn:example:other\" id=\"x\"><name source=\"" SRC "\">X</name>"
		    "</organization>");

	assert_non_null(strstr(f->message, "not a record"));
	assert_non_null(strstr(f->message, "'urn:example:other'"));
	assert_non_null(strstr(f->message, NS));
}

static void test_root_in_next_version(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = assert_unknown_root(
		fx, "<person xmlns=\"urn:orgcheck:record:2\" id=\"p\"><name source=\"" SRC "\">P</name>"
		    "</person>");

	assert_non_null(strstr(f->message, "urn:orgcheck:record:2"));
	assert_non_null(strstr(f->message, "not supported"));
}

static void test_unknown_root_name(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = assert_unknown_root(
		fx, "<company xmlns=\"" NS "\" id=\"x\"><name source=\"" SRC "\">X</name></company>");

	assert_non_null(strstr(f->message, "<company>"));
	assert_non_null(strstr(f->message, "not a record"));
	assert_non_null(strstr(f->message, "<organization>"));

	/* An unknown name without a namespace says both. */
	f = assert_unknown_root(fx, "<company/>");
	assert_non_null(strstr(f->message, "<company>"));
	assert_non_null(strstr(f->message, "without a namespace"));

	/* A prefixed root in the record namespace is a record. */
	assert_valid(fx, "<r:person xmlns:r=\"" NS "\" id=\"p\"><r:name source=\"" SRC "\">P</r:name>"
			 "</r:person>", ORGCHECK_RECORD_PERSON);
}

static void test_document_without_root(void **state)
{
	struct fixture *fx = *state;
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");

	assert_non_null(doc);
	assert_int_equal(orgcheck_schema_validate(&fx->kind, &fx->valid, &fx->findings, shared_schema,
						  doc, "rec.xml", &fx->err), 0);
	xmlFreeDoc(doc);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->kind, ORGCHECK_RECORD_UNKNOWN);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].rule->id, ORGCHECK_RULE_UNKNOWN_RECORD_KIND);
}

/* ---------------------------------------------------------------- types */

static void test_partial_dates(void **state)
{
	struct fixture *fx = *state;
	static const char *const good[] = { "2002", "2002-06", "2002-06-30", "2000-02-29", " 2002 " };
	static const char *const bad[] = { "02", "2002-13", "2002-6", "2002-02-30", "1900-02-29",
					   "2002-06-30T00:00:00", "2002-06-30Z", "20020630",
					   "-2002", "2002-00", "" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *text = founded(good[i]);

		print_message("  founded '%s'\n", good[i]);
		assert_valid(fx, text, ORGCHECK_RECORD_ORGANIZATION);
		free(text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *text = founded(bad[i]);

		print_message("  founded '%s'\n", bad[i]);
		assert_invalid(fx, text);
		assert_finding_at(&fx->findings.items[0], text, "<founded");
		free(text);
	}
}

static void test_source_attribute(void **state)
{
	struct fixture *fx = *state;
	char *text = NULL;

	/* Missing. */
	text = organization_with("  <description>no source</description>\n");
	assert_invalid(fx, text);
	assert_int_equal(fx->findings.count, 1);
	assert_non_null(strstr(fx->findings.items[0].message, "'source'"));
	assert_finding_at(&fx->findings.items[0], text, "<description>");
	free(text);

	/* A list of a seed file and a URL. */
	text = organization_with("  <description source=\"001_23c06b6e0b523bd9.txt "
				 "https://example.org/a\">listed</description>\n");
	assert_valid(fx, text, ORGCHECK_RECORD_ORGANIZATION);
	free(text);

	/* Neither a seed file name nor a URL: one finding, in words. */
	text = organization_with("  <description source=\"notes.txt\">bad source</description>\n");
	assert_invalid(fx, text);
	assert_int_equal(fx->findings.count, 1);
	assert_non_null(strstr(fx->findings.items[0].message, "'notes.txt' is not a valid sourceRef; accepted: "));
	assert_non_null(strstr(fx->findings.items[0].message, "http:// or https:// URL"));
	assert_null(strstr(fx->findings.items[0].message, "facet"));
	assert_finding_at(&fx->findings.items[0], text, "<description");
	free(text);

	/* Empty, and a seed name of the wrong shape. */
	text = organization_with("  <description source=\"\">empty</description>\n");
	assert_invalid(fx, text);
	free(text);
	text = organization_with("  <description source=\"01_23c06b6e0b523bd9.txt\">short</description>\n");
	assert_invalid(fx, text);
	free(text);
	text = organization_with("  <description source=\"ftp://example.org/a\">ftp</description>\n");
	assert_invalid(fx, text);
	free(text);
}

static void test_record_id(void **state)
{
	struct fixture *fx = *state;
	static const char *const good[] = { "a1-b2", "x", "0", "isct", "leonard-zon",
		"a234567890123456789012345678901234567890123456789012345678901234" };
	static const char *const bad[] = { "Bad_Id", "-x", "x-", "a--b", "A", "a_b", "a.b", "",
		"a2345678901234567890123456789012345678901234567890123456789012345" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *text = person_with_id(good[i]);

		print_message("  id '%s'\n", good[i]);
		assert_valid(fx, text, ORGCHECK_RECORD_PERSON);
		free(text);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *text = person_with_id(bad[i]);

		print_message("  id '%s'\n", bad[i]);
		assert_invalid(fx, text);
		assert_finding_at(&fx->findings.items[0], text, "<person");
		/* The kind is known even when the record is invalid. */
		assert_int_equal(fx->kind, ORGCHECK_RECORD_PERSON);
		free(text);
	}
}

static void test_element_order(void **state)
{
	struct fixture *fx = *state;
	const char *text =
		"<organization xmlns=\"" NS "\" id=\"x\">\n"
		"  <dates><founded source=\"" SRC "\">2002</founded></dates>\n"
		"  <name source=\"" SRC "\">X</name>\n"
		"</organization>\n";

	assert_invalid(fx, text);
	assert_finding_at(&fx->findings.items[0], text, "<dates>");
	assert_null(strstr(fx->findings.items[0].message, "{urn:"));
}

/* The words come from the schema, not from orgcheck: a type's appinfo
 * is what the message says, a type without one (or its base) keeps
 * libxml2's message, and a list's bad item is one finding. */
static void test_pattern_words_from_schema(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_schema *schema = NULL;
	xmlDocPtr doc = NULL;
	char *path = NULL;
	const char *text = "<organization xmlns=\"" NS "\" id=\"ab\" codes=\"ABC abc\" plain=\"x\"/>\n";

	fx->dir = test_make_temp_dir();
	path = test_join(fx->dir, "record.xsd");
	test_write_file(path,
			"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:r=\"" NS "\"\n"
			"           targetNamespace=\"" NS "\" elementFormDefault=\"qualified\">\n"
			"  <xs:simpleType name=\"code\">\n"
			"    <xs:annotation><xs:appinfo source=\"urn:orgcheck:accepted\">three\n"
			"      capital letters</xs:appinfo></xs:annotation>\n"
			"    <xs:restriction base=\"xs:token\"><xs:pattern value=\"[A-Z]{3}\"/></xs:restriction>\n"
			"  </xs:simpleType>\n"
			"  <xs:simpleType name=\"codeList\"><xs:list itemType=\"r:code\"/></xs:simpleType>\n"
			"  <xs:simpleType name=\"shortId\">\n"
			"    <xs:restriction base=\"r:code\"><xs:pattern value=\"[a-z]{3}\"/></xs:restriction>\n"
			"  </xs:simpleType>\n"
			"  <xs:simpleType name=\"bare\">\n"
			"    <xs:restriction base=\"xs:token\"><xs:pattern value=\"[0-9]\"/></xs:restriction>\n"
			"  </xs:simpleType>\n"
			"  <xs:element name=\"organization\"><xs:complexType>\n"
			"    <xs:attribute name=\"id\" type=\"r:shortId\"/>\n"
			"    <xs:attribute name=\"codes\" type=\"r:codeList\"/>\n"
			"    <xs:attribute name=\"plain\" type=\"r:bare\"/>\n"
			"  </xs:complexType></xs:element>\n"
			"  <xs:element name=\"person\"/>\n"
			"</xs:schema>\n");
	assert_int_equal(orgcheck_schema_load(&schema, fx->dir, &fx->err), 0);
	assert_int_equal(orgcheck_parse_memory(&doc, &fx->findings, "rec.xml", text, strlen(text), &fx->err), 0);
	assert_non_null(doc);
	assert_int_equal(orgcheck_schema_validate(&fx->kind, &fx->valid, &fx->findings, schema, doc, "rec.xml",
						  &fx->err), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(fx->valid, 0);
	assert_int_equal(fx->findings.count, 3);
	/* A restriction without words of its own takes its base's. */
	assert_non_null(strstr(fx->findings.items[0].message,
			       "attribute 'id': 'ab' is not a valid code; accepted: three capital letters"));
	assert_non_null(strstr(fx->findings.items[1].message,
			       "attribute 'codes': 'abc' is not a valid code; accepted: three capital letters"));
	assert_non_null(strstr(fx->findings.items[2].message, "[facet 'pattern']"));
	xmlFreeDoc(doc);
	orgcheck_schema_free(schema);
	free(path);
}

static void test_validate_file(void **state)
{
	struct fixture *fx = *state;
	const char *text = "<list>\n  <item>1</item>\n  <item>x</item>\n</list>\n";
	char *xsd = NULL;
	xmlDocPtr doc = NULL;
	int valid = -1;

	fx->dir = test_make_temp_dir();
	xsd = test_join(fx->dir, "list.xsd");
	test_write_file(xsd, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
			     "  <xs:element name=\"list\"><xs:complexType><xs:sequence>\n"
			     "    <xs:element name=\"item\" type=\"xs:integer\" maxOccurs=\"unbounded\"/>\n"
			     "  </xs:sequence></xs:complexType></xs:element>\n"
			     "</xs:schema>\n");
	assert_int_equal(orgcheck_parse_memory(&doc, &fx->findings, "list.xml", text, strlen(text),
					       &fx->err), 0);
	assert_non_null(doc);

	assert_int_equal(orgcheck_schema_validate_file(&valid, &fx->findings, xsd, doc, "list.xml",
						       &fx->err), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(valid, 0);
	assert_int_equal(fx->findings.count, 1);
	assert_string_equal(fx->findings.items[0].rule->id, ORGCHECK_RULE_SCHEMA_INVALID);
	assert_finding_at(&fx->findings.items[0], text, "<item>x");

	/* A schema that is not there is the tool's problem, not a finding. */
	free(xsd);
	xsd = test_join(fx->dir, "missing.xsd");
	valid = -1;
	assert_int_equal(orgcheck_schema_validate_file(&valid, &fx->findings, xsd, doc, "list.xml",
						       &fx->err), ORGCHECK_ESCHEMA);
	assert_int_equal(valid, 0);
	assert_non_null(strstr(fx->err.message, xsd));
	assert_int_equal(fx->findings.count, 1);
	xmlFreeDoc(doc);
	free(xsd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_from_source_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_broken_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_schema_is_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_organization, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuller_organization, setup, teardown),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test_setup_teardown(test_three_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_in_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_without_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_in_other_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_in_next_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_root_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_without_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_attribute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_element_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pattern_words_from_schema, setup, teardown),
	};

	return cmocka_run_group_tests_name("schema", tests, group_setup, group_teardown);
}
