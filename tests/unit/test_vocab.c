/* The link-kind vocabulary: inverses pair up, symmetric kinds are their
 * own inverse, look-ups of unknown kinds find nothing, and the table
 * matches the relationship kinds schemas/record.xsd admits.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "model/vocab.h"
#include "testutil.h"

static void test_names_unique_and_found(void **state)
{
	const struct orgcheck_link_kind *kinds = NULL;
	size_t count = 0;
	size_t i;
	size_t j;

	(void)state;
	kinds = orgcheck_vocab_kinds(&count);
	assert_true(count >= 17);
	for (i = 0; i < count; i++) {
		assert_non_null(kinds[i].name);
		assert_ptr_equal(orgcheck_vocab_find(kinds[i].name), &kinds[i]);
		assert_true(kinds[i].targets != 0);
		for (j = i + 1; j < count; j++)
			assert_string_not_equal(kinds[i].name, kinds[j].name);
	}
}

/* The inverse of the inverse is the kind itself, and both expect the
 * same dates to agree. */
static void test_inverses_pair_up(void **state)
{
	const struct orgcheck_link_kind *kinds = NULL;
	const struct orgcheck_link_kind *inverse = NULL;
	size_t count = 0;
	size_t i;

	(void)state;
	kinds = orgcheck_vocab_kinds(&count);
	for (i = 0; i < count; i++) {
		inverse = orgcheck_vocab_inverse(&kinds[i]);
		if (kinds[i].inverse == NULL) {
			assert_null(inverse);
			continue;
		}
		assert_non_null(inverse);
		assert_string_equal(inverse->name, kinds[i].inverse);
		assert_ptr_equal(orgcheck_vocab_inverse(inverse), &kinds[i]);
		assert_int_equal(inverse->agreeing_dates, kinds[i].agreeing_dates);
	}
}

static void test_known_pairs(void **state)
{
	static const char *const symmetric[] = { "partnership", "memorandum", "collaboration", "liaison",
						 "related" };
	static const char *const pairs[][2] = {
		{ "member-of", "has-member" },
		{ "affiliate-of", "has-affiliate" },
		{ "parent", "child" },
		{ "predecessor", "successor" },
		{ "advises", "advised-by" },
		{ ORGCHECK_LINK_FOUNDED_BY, ORGCHECK_LINK_CO_FOUNDED },
	};
	const struct orgcheck_link_kind *k = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(symmetric) / sizeof(symmetric[0]); i++) {
		k = orgcheck_vocab_find(symmetric[i]);
		assert_non_null(k);
		assert_ptr_equal(orgcheck_vocab_inverse(k), k);
	}
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		k = orgcheck_vocab_find(pairs[i][0]);
		assert_non_null(k);
		assert_ptr_equal(orgcheck_vocab_inverse(k), orgcheck_vocab_find(pairs[i][1]));
		assert_ptr_not_equal(orgcheck_vocab_inverse(k), k);
	}
	/* A founder may be a person; the co-founded list is an organization's. */
	k = orgcheck_vocab_find(ORGCHECK_LINK_FOUNDED_BY);
	assert_int_equal(k->targets, ORGCHECK_TARGET_ORGANIZATION | ORGCHECK_TARGET_PERSON);
	assert_int_equal(k->inverse_targets, ORGCHECK_TARGET_ORGANIZATION);
	/* A memorandum is signed on a date; membership spans from..to. */
	assert_int_equal(orgcheck_vocab_find("memorandum")->agreeing_dates, ORGCHECK_LINK_DATE);
	assert_int_equal(orgcheck_vocab_find("member-of")->agreeing_dates, ORGCHECK_LINK_FROM | ORGCHECK_LINK_TO);
	assert_false(orgcheck_vocab_find("related")->starts_relationship);
	assert_true(orgcheck_vocab_find("partnership")->starts_relationship);
}

static void test_unknown_kinds(void **state)
{
	(void)state;
	assert_null(orgcheck_vocab_find(""));
	assert_null(orgcheck_vocab_find("sibling"));
	assert_null(orgcheck_vocab_find("Member-Of"));
	assert_null(orgcheck_vocab_find("member-of "));
	assert_null(orgcheck_vocab_find("member"));
	assert_null(orgcheck_vocab_find("member-of-x"));
}

/* Every kind the schema admits in <relationship kind="..."> is in the
 * table, and every kind of the table is either admitted or internal
 * (a <founder> or <co-founding>, not a <relationship>). */
static void test_matches_schema(void **state)
{
	char *path = test_join(TEST_SCHEMA_DIR, "record.xsd");
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	const struct orgcheck_link_kind *kinds = NULL;
	const xmlNode *type = NULL;
	const xmlNode *restriction = NULL;
	const xmlNode *e = NULL;
	xmlChar *name = NULL;
	xmlChar *value = NULL;
	size_t count = 0;
	size_t admitted = 0;
	size_t internal = 0;
	size_t i;

	(void)state;
	assert_non_null(doc);
	for (type = xmlDocGetRootElement(doc)->children; type != NULL; type = type->next) {
		if (type->type != XML_ELEMENT_NODE || !xmlStrEqual(type->name, (const xmlChar *)"simpleType"))
			continue;
		name = xmlGetProp(type, (const xmlChar *)"name");
		if (name != NULL && xmlStrEqual(name, (const xmlChar *)"relationshipKind"))
			break;
		xmlFree(name);
		name = NULL;
	}
	assert_non_null(type);
	xmlFree(name);
	for (restriction = type->children; restriction != NULL; restriction = restriction->next) {
		if (restriction->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(restriction->name, (const xmlChar *)"restriction"))
			continue;
		for (e = restriction->children; e != NULL; e = e->next) {
			if (e->type != XML_ELEMENT_NODE || !xmlStrEqual(e->name, (const xmlChar *)"enumeration"))
				continue;
			value = xmlGetProp(e, (const xmlChar *)"value");
			assert_non_null(value);
			if (orgcheck_vocab_find((const char *)value) == NULL)
				fail_msg("the schema admits '%s', the table has no such kind", value);
			admitted++;
			xmlFree(value);
		}
	}
	kinds = orgcheck_vocab_kinds(&count);
	for (i = 0; i < count; i++)
		internal += strcmp(kinds[i].name, ORGCHECK_LINK_FOUNDED_BY) == 0 ||
			    strcmp(kinds[i].name, ORGCHECK_LINK_CO_FOUNDED) == 0;
	assert_int_equal(internal, 2);
	assert_int_equal(admitted + internal, count);
	xmlFreeDoc(doc);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_unique_and_found),
		cmocka_unit_test(test_inverses_pair_up),
		cmocka_unit_test(test_known_pairs),
		cmocka_unit_test(test_unknown_kinds),
		cmocka_unit_test(test_matches_schema),
	};
	int rc = cmocka_run_group_tests_name("vocab", tests, NULL, NULL);

	xmlCleanupParser();
	return rc;
}
