/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/import.h>
#include "input/extract.h"
#include "model/model.h"
#include "util/arena.h"
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

/* Converts json; returns the XML (or NULL when rejected), the report in
 * *report (released by the caller). */
static char *convert(struct orgcheck_import_report *report, const char *json)
{
	struct orgcheck_error err = { 0 };
	char *xml = NULL;
	char *id = NULL;

	assert_int_equal(orgcheck_import_ror_convert(&xml, &id, report, json, strlen(json), "t.json", &err), 0);
	assert_true((xml == NULL) == (id == NULL));
	free(id);
	return xml;
}

/* A record with the fields every test does not care about. */
#define MINIMAL(extra) \
	"{\"id\":\"https://ror.org/0abcde123\",\"names\":[{\"value\":\"Alpha\",\"types\":[\"ror_display\"],\"lang\":null}]," \
	"\"status\":\"active\"" extra "}"

#define SRC "source=\"https://ror.org/0abcde123\""

static void assert_contains(const char *haystack, const char *needle)
{
	if (haystack == NULL || strstr(haystack, needle) == NULL)
		fail_msg("expected to find\n  %s\nin\n%s", needle, haystack ? haystack : "(null)");
}

static void assert_lacks(const char *haystack, const char *needle)
{
	if (haystack != NULL && strstr(haystack, needle) != NULL)
		fail_msg("did not expect\n  %s\nin\n%s", needle, haystack);
}

/* The record is rejected with a problem containing message. */
static void assert_rejected(const char *json, const char *message)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report, json);

	if (xml != NULL)
		fail_msg("accepted:\n%s", xml);
	assert_int_equal(report.records_rejected, 1);
	assert_int_equal(report.problem_count, 1);
	assert_contains(report.problems[0], message);
	orgcheck_import_report_release(&report);
}

static size_t not_kept_count(const struct orgcheck_import_report *report, const char *what)
{
	size_t i;

	for (i = 0; i < report->not_kept_count; i++) {
		if (strcmp(report->not_kept[i].what, what) == 0)
			return report->not_kept[i].records;
	}
	return 0;
}

/* ---------------------------------------------------------------- mapping */

/* Every field of a full record, in the schema's order, exactly. */
static void test_full_record(void **state)
{
	static const char json[] =
		"{\"admin\":{\"created\":{\"date\":\"2018-11-14\",\"schema_version\":\"1.0\"},"
		"\"last_modified\":{\"date\":\"2026-02-24\",\"schema_version\":\"2.1\"}},"
		"\"domains\":[\"pucp.edu.pe\",\"pucp.pe\"],\"established\":1917,"
		"\"external_ids\":[{\"all\":[\"501100011871\",\"501100020000\"],\"preferred\":\"501100020000\",\"type\":\"fundref\"},"
		"{\"all\":[\"0000 0001 2288 3308\"],\"preferred\":null,\"type\":\"isni\"}],"
		"\"id\":\"https://ror.org/00013q465\","
		"\"links\":[{\"type\":\"website\",\"value\":\"http://www.pucp.edu.pe/\"},"
		"{\"type\":\"wikipedia\",\"value\":\"https://en.wikipedia.org/wiki/PUCP\"}],"
		"\"locations\":[{\"geonames_details\":{\"continent_code\":\"SA\",\"continent_name\":\"South America\","
		"\"country_code\":\"PE\",\"country_name\":\"Peru\",\"country_subdivision_code\":\"LMA\","
		"\"country_subdivision_name\":\"Lima Province\",\"lat\":-12.04318,\"lng\":-77.0280,\"name\":\"Lima\"},"
		"\"geonames_id\":3936456}],"
		"\"names\":[{\"lang\":null,\"types\":[\"acronym\"],\"value\":\"PUCP\"},"
		"{\"lang\":\"en\",\"types\":[\"label\"],\"value\":\"Pontifical Catholic University of Peru\"},"
		"{\"lang\":\"es\",\"types\":[\"label\",\"ror_display\"],\"value\":\"Pontificia Universidad Cat\\u00f3lica del Per\\u00fa\"}],"
		"\"relationships\":[{\"label\":\"Old Name of a Child\",\"type\":\"child\",\"id\":\"https://ror.org/05abcde12\"}],"
		"\"status\":\"inactive\",\"types\":[\"education\",\"funder\"]}";
	static const char expected[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<organization xmlns=\"urn:orgcheck:record:1\" id=\"00013q465\">\n"
		"  <name lang=\"es\" also=\"label\" source=\"https://ror.org/00013q465\">Pontificia Universidad Cat\xc3\xb3lica del Per\xc3\xba</name>\n"
		"  <other-names>\n"
		"    <name kind=\"acronym\" source=\"https://ror.org/00013q465\">PUCP</name>\n"
		"    <name kind=\"label\" lang=\"en\" source=\"https://ror.org/00013q465\">Pontifical Catholic University of Peru</name>\n"
		"  </other-names>\n"
		"  <status source=\"https://ror.org/00013q465\">inactive</status>\n"
		"  <type source=\"https://ror.org/00013q465\">education</type>\n"
		"  <type source=\"https://ror.org/00013q465\">funder</type>\n"
		"  <locations>\n"
		"    <location geonames-id=\"3936456\" latitude=\"-12.04318\" longitude=\"-77.0280\" source=\"https://ror.org/00013q465\">\n"
		"      <city>Lima</city>\n"
		"      <region code=\"LMA\">Lima Province</region>\n"
		"      <country name=\"Peru\">PE</country>\n"
		"      <continent name=\"South America\">SA</continent>\n"
		"    </location>\n"
		"  </locations>\n"
		"  <links>\n"
		"    <link kind=\"website\" source=\"https://ror.org/00013q465\">http://www.pucp.edu.pe/</link>\n"
		"    <link kind=\"wikipedia\" source=\"https://ror.org/00013q465\">https://en.wikipedia.org/wiki/PUCP</link>\n"
		"  </links>\n"
		"  <domains>\n"
		"    <domain source=\"https://ror.org/00013q465\">pucp.edu.pe</domain>\n"
		"    <domain source=\"https://ror.org/00013q465\">pucp.pe</domain>\n"
		"  </domains>\n"
		"  <identifiers>\n"
		"    <identifier scheme=\"ror\" source=\"https://ror.org/00013q465\">https://ror.org/00013q465</identifier>\n"
		"    <identifier scheme=\"fundref\" source=\"https://ror.org/00013q465\">501100011871</identifier>\n"
		"    <identifier scheme=\"fundref\" preferred=\"true\" source=\"https://ror.org/00013q465\">501100020000</identifier>\n"
		"    <identifier scheme=\"isni\" source=\"https://ror.org/00013q465\">0000 0001 2288 3308</identifier>\n"
		"  </identifiers>\n"
		"  <dates>\n"
		"    <founded source=\"https://ror.org/00013q465\">1917</founded>\n"
		"  </dates>\n"
		"  <relationships>\n"
		"    <relationship kind=\"child\" source=\"https://ror.org/00013q465\">\n"
		"      <org-ref ref=\"05abcde12\">Old Name of a Child</org-ref>\n"
		"    </relationship>\n"
		"  </relationships>\n"
		"  <registry-record created=\"2018-11-14\" last-modified=\"2026-02-24\" source=\"https://ror.org/00013q465\"/>\n"
		"</organization>\n";
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report, json);

	(void)state;
	assert_non_null(xml);
	assert_string_equal(xml, expected);
	assert_int_equal(report.records_rejected, 0);
	assert_int_equal(not_kept_count(&report, "admin.created.schema_version"), 1);
	assert_int_equal(not_kept_count(&report, "admin.last_modified.schema_version"), 1);
	assert_int_equal(report.not_kept_count, 2);
	free(xml);
	orgcheck_import_report_release(&report);
}

/* A name's first type other than ror_display is its kind; the others go
 * into also; a display name lists all of its other types. */
static void test_name_kinds(void **state)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report,
			    "{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":["
			    "{\"value\":\"A\",\"types\":[\"alias\",\"label\",\"ror_display\"],\"lang\":\"de\"},"
			    "{\"value\":\"B\",\"types\":[\"alias\",\"label\"],\"lang\":\"fr\"},"
			    "{\"value\":\"C\",\"types\":[\"alias\"],\"lang\":null}]}");

	(void)state;
	assert_contains(xml, "<name lang=\"de\" also=\"alias label\" " SRC ">A</name>");
	assert_contains(xml, "<name kind=\"alias\" also=\"label\" lang=\"fr\" " SRC ">B</name>");
	assert_contains(xml, "<name kind=\"alias\" " SRC ">C</name>");
	free(xml);
	orgcheck_import_report_release(&report);

	xml = convert(&report, MINIMAL(""));
	assert_contains(xml, "<name " SRC ">Alpha</name>");
	assert_lacks(xml, "<other-names>");
	assert_lacks(xml, "<dates>");
	assert_lacks(xml, "<locations>");
	/* The ROR id is always an identifier. */
	assert_contains(xml, "<identifier scheme=\"ror\" " SRC ">https://ror.org/0abcde123</identifier>");
	free(xml);
	orgcheck_import_report_release(&report);
}

/* Nulls and absent parts: nothing invented; a preferred value missing
 * from "all" is still written, as preferred. */
static void test_nulls_and_preferred(void **state)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report, MINIMAL(
		",\"established\":null,"
		"\"locations\":[{\"geonames_id\":1,\"geonames_details\":{\"name\":\"X\",\"country_code\":\"XK\","
		"\"country_name\":null,\"country_subdivision_code\":null,\"country_subdivision_name\":\"Region\","
		"\"continent_code\":\"EU\",\"continent_name\":null,\"lat\":42,\"lng\":null}},"
		"{\"geonames_id\":2,\"geonames_details\":{\"name\":\"Y\",\"country_code\":\"FR\","
		"\"country_subdivision_code\":null,\"country_subdivision_name\":null}}],"
		"\"external_ids\":[{\"type\":\"wikidata\",\"all\":[\"Q1\",\"Q2\"],\"preferred\":\"Q3\"},"
		"{\"type\":\"lei\",\"all\":[\"L1\"],\"preferred\":null}]"));

	(void)state;
	assert_contains(xml, "<location geonames-id=\"1\" latitude=\"42\" " SRC ">");
	assert_contains(xml, "<region>Region</region>");
	assert_contains(xml, "<country>XK</country>");
	assert_contains(xml, "<continent>EU</continent>");
	assert_contains(xml, "<location geonames-id=\"2\" " SRC ">\n      <city>Y</city>\n      <country>FR</country>\n    </location>");
	assert_contains(xml, "<identifier scheme=\"wikidata\" " SRC ">Q1</identifier>\n"
			     "    <identifier scheme=\"wikidata\" " SRC ">Q2</identifier>\n"
			     "    <identifier scheme=\"wikidata\" preferred=\"true\" " SRC ">Q3</identifier>\n"
			     "    <identifier scheme=\"lei\" " SRC ">L1</identifier>");
	assert_lacks(xml, "<dates>");
	free(xml);
	orgcheck_import_report_release(&report);
}

/* Text is written as the source has it (spaces, markup characters), and
 * reads back the same through an XML parser. */
static void test_text_kept_and_escaped(void **state)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report,
			    "{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":["
			    "{\"value\":\"  A <b> & \\\"C\\\" \",\"types\":[\"ror_display\"],\"lang\":null}],"
			    "\"relationships\":[{\"type\":\"parent\",\"id\":\"https://ror.org/0parent12\",\"label\":\"P&Q <old>\"}]}");
	xmlDocPtr doc = NULL;
	xmlNodePtr name = NULL;
	xmlChar *value = NULL;

	(void)state;
	assert_non_null(xml);
	doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	name = xmlDocGetRootElement(doc)->children;
	while (name != NULL && name->type != XML_ELEMENT_NODE)
		name = name->next;
	assert_non_null(name);
	value = xmlNodeGetContent(name);
	assert_string_equal((const char *)value, "  A <b> & \"C\" ");
	xmlFree(value);
	xmlFreeDoc(doc);
	assert_contains(xml, "<relationship kind=\"parent\" " SRC ">\n      <org-ref ref=\"0parent12\">P&amp;Q &lt;old&gt;</org-ref>");
	free(xml);
	orgcheck_import_report_release(&report);
}

/* What the model does not hold is counted once per record, by field. */
static void test_not_kept(void **state)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = convert(&report,
			    "{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"wikipedia_url\":\"x\",\"names\":["
			    "{\"value\":\"A\",\"types\":[\"ror_display\"],\"lang\":null,\"script\":\"Latn\"},"
			    "{\"value\":\"B\",\"types\":[\"alias\"],\"lang\":null,\"script\":\"Latn\"}],"
			    "\"links\":[{\"type\":\"blog\",\"value\":\"https://example.org\"}],"
			    "\"locations\":[{\"geonames_id\":1,\"geonames_details\":{\"country_code\":\"FR\",\"population\":5}}]}");
	char *second = NULL;

	(void)state;
	assert_non_null(xml);
	assert_int_equal(not_kept_count(&report, "wikipedia_url"), 1);
	assert_int_equal(not_kept_count(&report, "names[].script"), 1);  /* two names, one record */
	assert_int_equal(not_kept_count(&report, "locations[].geonames_details.population"), 1);
	assert_int_equal(not_kept_count(&report, "links[].type other than website and wikipedia (written as other)"), 1);
	assert_contains(xml, "<link kind=\"other\" " SRC ">https://example.org</link>");
	second = convert(&report, MINIMAL(",\"wikipedia_url\":\"y\""));
	assert_non_null(second);
	assert_int_equal(not_kept_count(&report, "wikipedia_url"), 2);
	/* A rejected record is not among the records whose fields were not kept. */
	assert_null(convert(&report, MINIMAL(",\"wikipedia_url\":\"z\",\"types\":[\"university\"]")));
	assert_int_equal(not_kept_count(&report, "wikipedia_url"), 2);
	free(xml);
	free(second);
	orgcheck_import_report_release(&report);
}

/* The model holds what rules need of the new parts: the language of
 * every name, labels, status (with a dissolution's date, also as a dated
 * fact), links and domains as claims, locations. */
static void test_model_extraction(void **state)
{
	static const char xml[] =
		"<organization xmlns=\"urn:orgcheck:record:1\" id=\"x\">\n"
		"  <name lang=\"es\" also=\"label\" source=\"https://ror.org/x\">Uno</name>\n"
		"  <other-names><name kind=\"label\" lang=\"en\" source=\"https://ror.org/x\">One</name></other-names>\n"
		"  <status date=\"2019-05\" source=\"https://ror.org/x\">dissolved</status>\n"
		"  <locations><location geonames-id=\"3936456\" source=\"https://ror.org/x\">"
		"<city>Lima</city><region code=\"LMA\">Lima Province</region><country name=\"Peru\">PE</country></location></locations>\n"
		"  <links><link kind=\"wikipedia\" source=\"https://ror.org/x\">https://en.wikipedia.org/wiki/X</link></links>\n"
		"  <domains><domain source=\"https://ror.org/x\">x.pe</domain></domains>\n"
		"  <relationships><relationship kind=\"parent\" from=\"2001\" source=\"https://ror.org/x\"><org-ref ref=\"y\">Y</org-ref></relationship></relationships>\n"
		"</organization>\n";
	struct orgcheck_arena *arena = orgcheck_arena_new();
	struct orgcheck_record record;
	struct orgcheck_error err = { 0 };
	const struct orgcheck_claim *claim = NULL;
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "x.xml", NULL, XML_PARSE_NONET);
	size_t at = 0;
	size_t i;
	int found = 0;

	(void)state;
	assert_non_null(arena);
	assert_non_null(doc);
	assert_int_equal(orgcheck_record_extract(&record, arena, doc, ORGCHECK_RECORD_ORGANIZATION, "x.xml", &err), 0);
	xmlFreeDoc(doc);
	assert_int_equal(record.names.count, 2);
	assert_string_equal(record.names.items[0].lang, "es");
	assert_int_equal(record.names.items[1].kind, ORGCHECK_NAME_LABEL);
	assert_string_equal(record.names.items[1].lang, "en");
	claim = orgcheck_record_next_claim(&record, ORGCHECK_CLAIM_STATUS, &at);
	assert_non_null(claim);
	assert_string_equal(claim->value, "dissolved");
	assert_int_equal(claim->date.year, 2019);
	assert_int_equal(claim->date.month, 5);
	for (i = 0; i < record.dated.count; i++)
		found |= strcmp(record.dated.items[i].what, "status 'dissolved'") == 0 && record.dated.items[i].date.year == 2019;
	assert_true(found);
	at = 0;
	claim = orgcheck_record_next_claim(&record, ORGCHECK_CLAIM_LINK, &at);
	assert_non_null(claim);
	assert_string_equal(claim->name, "link wikipedia");
	assert_string_equal(claim->value, "https://en.wikipedia.org/wiki/X");
	at = 0;
	claim = orgcheck_record_next_claim(&record, ORGCHECK_CLAIM_DOMAIN, &at);
	assert_non_null(claim);
	assert_string_equal(claim->value, "x.pe");
	assert_int_equal(record.locations.count, 1);
	assert_string_equal(record.locations.items[0].country, "PE");
	assert_string_equal(record.locations.items[0].region_code, "LMA");
	assert_string_equal(record.locations.items[0].city, "Lima");
	assert_string_equal(record.locations.items[0].geonames_id, "3936456");
	assert_string_equal(record.locations.items[0].source, "https://ror.org/x");
	/* A relationship's dated fact says the direction: the target is the parent. */
	found = 0;
	for (i = 0; i < record.dated.count; i++)
		found |= strcmp(record.dated.items[i].what, "y as its parent") == 0;
	assert_true(found);
	orgcheck_record_release(&record);
	orgcheck_arena_free(arena);
}

/* ---------------------------------------------------------------- bad input */

/* A record without status, for the tests of every field's type. */
#define NAMED(extra) \
	"{\"id\":\"https://ror.org/0abcde123\",\"names\":[{\"value\":\"Alpha\",\"types\":[\"ror_display\"],\"lang\":null}]" \
	extra "}"

static void test_bad_records(void **state)
{
	(void)state;
	/* Not JSON, not an object, not ROR v2. */
	assert_rejected("not json", "t.json: not JSON");
	assert_rejected("{\"id\": \"https://ror.org/0abcde123\"} trailing", "t.json: not JSON: unexpected character");
	assert_rejected("{\"id\": \"https://ror.org/0abc", "not JSON: the text ends inside a value");
	assert_rejected("{\"id\": \"https://ror.org/0abcde123\", \"names\": [{\"value\": \"\xff\", \"types\": [\"ror_display\"]}]}",
			"names[0].value is not UTF-8");
	assert_rejected("[1, 2]", "not a ROR record: an array, not an object");
	assert_rejected("{\"name\": \"x\"}", "not a ROR record: no id");
	assert_rejected("{\"id\": \"https://ror.org/05abc1234\", \"name\": \"Old\"}",
			"t.json (https://ror.org/05abc1234): not a ROR v2 record: no names (it has name: a ROR v1 record?)");
	assert_rejected("{\"id\": \"https://example.org/x\", \"names\": []}", "is not a ROR id");
	assert_rejected("{\"id\": \"https://ror.org/0ABC\", \"names\": []}", "does not end in a ROR id");
	assert_rejected("{\"id\": \"https://ror.org/a/../../b\", \"names\": []}", "does not end in a ROR id");
	/* Names. */
	assert_rejected(NAMED(",\"names\":[],\"status\":\"active\""), "names is empty");
	assert_rejected(NAMED(",\"names\":\"Alpha\""), "names is a string, expected an array");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\",\"types\":[\"alias\"]}]}",
			"names has 0 names of type ror_display, expected one");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\",\"types\":[\"ror_display\"]},"
			"{\"value\":\"B\",\"types\":[\"ror_display\"]}]}",
			"names has 2 names of type ror_display, expected one");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":7,\"types\":[\"ror_display\"]}]}",
			"names[0].value is a number, expected a string");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\",\"lang\":1,\"types\":[\"ror_display\"]}]}",
			"names[0].lang is a number, expected a string");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\",\"types\":[]}]}",
			"names[0].types is empty");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\\u0000B\",\"types\":[\"ror_display\"]}]}",
			"names[0].value holds a NUL character");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\\u001fB\",\"types\":[\"ror_display\"]}]}",
			"names[0].value holds the character U+001F");
	assert_rejected("{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\",\"names\":[{\"value\":\"A\\uffffB\",\"types\":[\"ror_display\"]}]}",
			"names[0].value holds the character U+FFFF");
	/* Status and types. */
	assert_rejected(NAMED(""), "status is missing");
	assert_rejected(NAMED(",\"status\":null"), "status is null");
	assert_rejected(NAMED(",\"status\":\"open\""), "status: 'open' is not a ROR status");
	assert_rejected(MINIMAL(",\"types\":\"education\""), "types is a string, expected an array");
	assert_rejected(MINIMAL(",\"types\":[\"university\"]"), "types[0]: 'university' is not a ROR organization type");
	/* Locations, links, domains, identifiers. */
	assert_rejected(MINIMAL(",\"locations\":[{\"geonames_id\":\"3936456\"}]"),
			"locations[0].geonames_id is a string, expected a number");
	assert_rejected(MINIMAL(",\"locations\":[{\"geonames_details\":{\"lat\":\"-12.0\"}}]"),
			"locations[0].geonames_details.lat is a string, expected a number");
	assert_rejected(MINIMAL(",\"locations\":[{\"geonames_details\":{\"country_code\":44}}]"),
			"locations[0].geonames_details.country_code is a number, expected a string");
	assert_rejected(MINIMAL(",\"links\":[{\"type\":\"website\"}]"), "links[0].value is missing");
	assert_rejected(MINIMAL(",\"domains\":[\"a.org\",3]"), "domains[1] is a number, expected a string");
	assert_rejected(MINIMAL(",\"external_ids\":[{\"type\":\"grid\",\"all\":\"grid.1.a\"}]"),
			"external_ids[0].all is a string, expected an array");
	assert_rejected(MINIMAL(",\"external_ids\":[{\"type\":\"my scheme\",\"all\":[]}]"),
			"external_ids[0].type: 'my scheme' is not a scheme name");
	/* Founding, relationships, admin. */
	assert_rejected(MINIMAL(",\"established\":\"1917\""), "established is a string, expected a number");
	assert_rejected(MINIMAL(",\"established\":1917.5"), "established is a number, expected a number");
	assert_rejected(MINIMAL(",\"established\":12345"), "established: 12345 is not a year of four digits");
	assert_rejected(MINIMAL(",\"relationships\":[{\"type\":\"sibling\",\"id\":\"https://ror.org/0x\",\"label\":\"X\"}]"),
			"relationships[0].type: 'sibling' is not a ROR relationship type");
	assert_rejected(MINIMAL(",\"relationships\":[{\"type\":\"parent\",\"id\":\"0abcdef12\",\"label\":\"X\"}]"),
			"relationships[0].id: '0abcdef12' is not a ROR id");
	assert_rejected(MINIMAL(",\"relationships\":[{\"type\":\"parent\",\"id\":\"https://ror.org/0abcdef12\"}]"),
			"relationships[0].label is missing");
	assert_rejected(MINIMAL(",\"admin\":{\"created\":\"2020-01-01\"}"),
			"admin.created is a string, expected an object");
}

/* ---------------------------------------------------------------- files */

struct fixture {
	char *dir;
	char *old_cwd;
};

/* A scratch directory in memory when the machine has one: the dump tests
 * write thousands of small files. */
static char *make_scratch(void)
{
	char *dir = strdup("/dev/shm/orgcheck-unit-XXXXXX");

	assert_non_null(dir);
	if (access("/dev/shm", W_OK) == 0 && mkdtemp(dir) != NULL)
		return dir;
	free(dir);
	return test_make_temp_dir();
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->old_cwd = getcwd(NULL, 0);
	fx->dir = make_scratch();
	if (fx->old_cwd == NULL || chdir(fx->dir) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	if (chdir(fx->old_cwd) != 0)
		return -1;
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx->old_cwd);
	free(fx);
	return 0;
}

/* Writes a dump of count records to path. Each record has escapes and
 * brackets inside strings, so that chunk boundaries fall on every kind of
 * byte, and some thirty names (about 3 KB). Record i has the id
 * 0t<7 digits of i>. */
static void write_dump(const char *path, size_t count)
{
	FILE *f = fopen(path, "wb");
	size_t i;
	size_t j;

	assert_non_null(f);
	fputs("[\n", f);
	for (i = 0; i < count; i++) {
		fprintf(f, "%s{\"id\": \"https://ror.org/0t%07zu\", \"status\": \"active\", \"types\": [\"facility\"],\n"
			   " \"names\": [{\"value\": \"Record \\\"%zu\\\" [{\\\\}] \\u00e9\", \"types\": [\"ror_display\", \"label\"], \"lang\": \"en\"}",
			i ? ",\n" : "", i, i);
		for (j = 0; j < 30; j++)
			fprintf(f, ",\n  {\"value\": \"Alias %zu of record %zu, with a few more words to make it longer\", \"types\": [\"alias\"], \"lang\": null}",
				j, i);
		fprintf(f, "],\n \"relationships\": [{\"type\": \"related\", \"id\": \"https://ror.org/0t%07zu\", \"label\": \"Record %zu\"}],\n"
			   " \"admin\": {\"created\": {\"date\": \"2020-01-01\", \"schema_version\": \"2.0\"}}}",
			(i + 1) % count, (i + 1) % count);
	}
	fputs("\n]\n", f);
	assert_int_equal(fclose(f), 0);
}

static long peak_rss_kb(void)
{
	struct rusage usage;

	assert_int_equal(getrusage(RUSAGE_SELF, &usage), 0);
	return usage.ru_maxrss;
}

static void import_one(struct orgcheck_import_report *report, const char *dir, const char *input)
{
	struct orgcheck_error err = { 0 };
	const char *inputs[] = { input };

	assert_int_equal(orgcheck_import_ror(report, dir, inputs, 1, &err), 0);
}

/* Under a sanitizer or valgrind freed memory is held back on purpose, so
 * the peak says nothing about the reader: the test then imports fewer
 * records and only checks what they become. */
static int memory_is_watched(void)
{
	const char *preload = getenv("LD_PRELOAD");

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return 1;
#endif
	return preload != NULL && strstr(preload, "vgpreload") != NULL;
}

/* A dump is read as a stream: importing ten times the records (27 MB
 * more of dump) leaves the peak memory where it was, give or take the
 * ids kept to notice duplicates. */
static void test_dump_memory_does_not_grow(void **state)
{
	struct orgcheck_import_report report = { 0 };
	struct stat small_size;
	struct stat large_size;
	long after_small = 0;
	long after_large = 0;
	int watched = memory_is_watched();
	size_t small = watched ? 100 : 1000;
	size_t large = watched ? 1000 : 10000;
	char *xml = NULL;
	char last[64];

	(void)state;
	write_dump("small.json", small);
	write_dump("large.json", large);
	assert_int_equal(stat("small.json", &small_size), 0);
	assert_int_equal(stat("large.json", &large_size), 0);
	assert_true(watched || large_size.st_size - small_size.st_size > 25 * 1000 * 1000);

	import_one(&report, "small", "small.json");
	assert_int_equal(report.records_written, small);
	assert_int_equal(report.problem_count, 0);
	orgcheck_import_report_release(&report);
	after_small = peak_rss_kb();

	import_one(&report, "large", "large.json");
	assert_int_equal(report.records_written, large);
	assert_int_equal(report.records_rejected, 0);
	assert_int_equal(report.problem_count, 0);
	assert_int_equal(not_kept_count(&report, "admin.created.schema_version"), large);
	orgcheck_import_report_release(&report);
	after_large = peak_rss_kb();
	if (!watched) {
		print_message("peak RSS after %zu records: %ld KB, after %zu more: %ld KB\n", small, after_small,
			      large, after_large);
		assert_true(after_large - after_small < 3 * 1024);
	}

	/* Escapes and brackets in strings came through whole. */
	snprintf(last, sizeof(last), "large/records/organizations/0t%07zu.xml", large - 1);
	xml = test_read_file(last);
	assert_non_null(xml);
	assert_contains(xml, "\">Record &quot;");
	assert_contains(xml, "&quot; [{\\}] \xc3\xa9</name>");
	assert_contains(xml, "<org-ref ref=\"0t0000000\">Record 0</org-ref>");
	free(xml);
}

/* A character whose bytes fall on both sides of a read chunk's end (the
 * reader's chunks are 64 KiB) comes through whole, in a dump and in a
 * file of one record, for every split of a 2-, 3- and 4-byte character. */
static void test_chunk_boundary_characters(void **state)
{
	static const char prefix_dump[] = "[{\"id\":\"https://ror.org/0abcde123\",\"status\":\"active\","
					  "\"names\":[{\"types\":[\"ror_display\"],\"value\":\"";
	static const char suffix_dump[] = "\"}]}]";
	static const char characters[] = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";  /* é € U+1F600 */
	struct orgcheck_import_report report = { 0 };
	size_t chunk = 65536;
	size_t size = chunk + 64;
	char *text = malloc(size);
	char *xml = NULL;
	size_t shift;
	size_t at;
	int dump;

	(void)state;
	assert_non_null(text);
	for (dump = 0; dump < 2; dump++) {
		for (shift = 1; shift <= 9; shift++) {
			const char *prefix = prefix_dump + (dump ? 0 : 1);
			size_t prefix_length = strlen(prefix);
			size_t padding = chunk - shift - prefix_length;

			memcpy(text, prefix, prefix_length);
			memset(text + prefix_length, 'a', padding);
			at = prefix_length + padding;
			memcpy(text + at, characters, strlen(characters));
			at += strlen(characters);
			memcpy(text + at, suffix_dump, strlen(suffix_dump) - (dump ? 0 : 1));
			at += strlen(suffix_dump) - (dump ? 0 : 1);
			test_write_bytes("split.json", text, at);
			import_one(&report, "out", "split.json");
			if (report.problem_count > 0)
				fail_msg("shift %zu, %s: %s", shift, dump ? "dump" : "record", report.problems[0]);
			assert_int_equal(report.records_written, 1);
			orgcheck_import_report_release(&report);
			xml = test_read_file("out/records/organizations/0abcde123.xml");
			assert_contains(xml, "aaaa\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80</name>");
			free(xml);
		}
	}
	free(text);
}

/* A directory is read in name order, inner directories too, only *.json;
 * a record whose id comes again replaces the earlier file, and the report
 * counts it. A dump with bad elements goes on after each. */
static void test_directory_and_dump_problems(void **state)
{
	struct orgcheck_import_report report = { 0 };
	char *xml = NULL;

	(void)state;
	test_mkdir_in(".", "in");
	test_mkdir_in("in", "sub");
	test_write_file("in/a.json", MINIMAL(",\"types\":[\"archive\"]"));
	test_write_file("in/sub/b.json", MINIMAL(",\"types\":[\"funder\"]"));
	test_write_file("in/c.txt", "not read");
	test_write_file("in/.d.json", "not read either");
	test_write_file("in/z.json", "[" MINIMAL("") ", null, true, \"s\", {\"broken\": tru}, [], " MINIMAL(",\"types\":[\"other\"]") "]");
	import_one(&report, "out", "in");
	assert_int_equal(report.inputs, 3);
	assert_int_equal(report.records_written, 4);
	assert_int_equal(report.records_rejected, 5);
	assert_int_equal(report.inputs_rejected, 0);
	/* One id four times: three files replaced. */
	assert_int_equal(not_kept_count(&report, "record replaced by a later record of the import with the same id"), 3);
	assert_int_equal(report.problem_count, 5);
	assert_string_equal(report.problems[0], "in/z.json: record 2: not a ROR record: null, not an object");
	assert_string_equal(report.problems[1], "in/z.json: record 3: not a ROR record: a boolean, not an object");
	assert_string_equal(report.problems[2], "in/z.json: record 4: not a ROR record: a string, not an object");
	assert_string_equal(report.problems[3], "in/z.json: record 5: not JSON: boolean expected");
	assert_string_equal(report.problems[4], "in/z.json: record 6: not a ROR record: an array, not an object");
	/* a.json, then sub/b.json, then z.json's last record: the last one stays. */
	xml = test_read_file("out/records/organizations/0abcde123.xml");
	assert_contains(xml, ">other</type>");
	free(xml);
	orgcheck_import_report_release(&report);
}

/* The output directory: made when missing; a records/organizations that
 * is a symbolic link is refused before anything is written. */
static void test_output_directory(void **state)
{
	struct orgcheck_import_report report = { 0 };
	struct orgcheck_error err = { 0 };
	const char *inputs[] = { "r.json" };

	(void)state;
	test_write_file("r.json", MINIMAL(""));
	test_mkdir_in(".", "elsewhere");
	test_mkdir_in(".", "out");
	test_mkdir_in("out", "records");
	if (symlink("../../elsewhere", "out/records/organizations") != 0)
		fail_msg("symlink: %s", strerror(errno));
	assert_int_equal(orgcheck_import_ror(&report, "out", inputs, 1, &err), ORGCHECK_EIO);
	assert_contains(err.message, "symbolic link");
	assert_null(test_read_file("elsewhere/0abcde123.xml"));
	orgcheck_import_report_release(&report);

	test_write_file("file", "");
	assert_int_equal(orgcheck_import_ror(&report, "file", inputs, 1, &err), ORGCHECK_EIO);
	assert_contains(err.message, "'file' is not a directory");
	orgcheck_import_report_release(&report);

	assert_int_equal(orgcheck_import_ror(&report, "new/deeper", inputs, 1, &err), ORGCHECK_EIO);
	orgcheck_import_report_release(&report);
	assert_int_equal(orgcheck_import_ror(&report, "new", inputs, 1, &err), 0);
	assert_int_equal(report.records_written, 1);
	orgcheck_import_report_release(&report);
}

int main(void)
{
	const struct CMUnitTest mapping[] = {
		cmocka_unit_test(test_full_record),
		cmocka_unit_test(test_name_kinds),
		cmocka_unit_test(test_nulls_and_preferred),
		cmocka_unit_test(test_text_kept_and_escaped),
		cmocka_unit_test(test_not_kept),
		cmocka_unit_test(test_model_extraction),
		cmocka_unit_test(test_bad_records),
	};
	const struct CMUnitTest files[] = {
		cmocka_unit_test_setup_teardown(test_dump_memory_does_not_grow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunk_boundary_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_and_dump_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_directory, setup, teardown),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("import: mapping", mapping, NULL, NULL);
	failed += cmocka_run_group_tests_name("import: files", files, NULL, NULL);
	return failed;
}
