/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/xmlerr.h"
#include "testutil.h"

/* Rewrites message into a buffer of the given size inside a larger one
 * filled with a marker byte, and checks nothing past size was touched. */
static const char *rewrite_sized(char *storage, size_t storage_size, size_t size,
				 const char *message)
{
	size_t i;

	assert_true(size + 16 <= storage_size);
	memset(storage, '#', storage_size);
	orgcheck_xmlerr_message(storage, size, message);
	for (i = size; i < storage_size; i++) {
		if (storage[i] != '#')
			fail_msg("byte %zu past a buffer of %zu was written", i, size);
	}
	if (size > 0)
		assert_non_null(memchr(storage, '\0', size));
	return storage;
}

static const char *rewrite(char *storage, size_t storage_size, const char *message)
{
	return rewrite_sized(storage, storage_size, storage_size - 16, message);
}

/* "{'v1', 'v2', ..., 'vN'}" */
static void value_set(char *buf, size_t size, unsigned n)
{
	size_t at = 0;
	unsigned i;

	at += (size_t)snprintf(buf + at, size - at, "{");
	for (i = 1; i <= n; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s'v%u'", i > 1 ? ", " : "", i);
	snprintf(buf + at, size - at, "}");
	assert_true(at + 2 < size);
}

static void test_namespace_removed(void **state)
{
	char buf[512];

	(void)state;
	assert_string_equal(rewrite(buf, sizeof(buf),
				    "Element '{urn:orgcheck:record:1}founded': "
				    "'2001-02-30' is not a valid value of the union type "
				    "'{urn:orgcheck:record:1}partialDate'.\n"),
			    "element 'founded': '2001-02-30' is not a valid value of the union "
			    "type 'partialDate'");
	/* Every occurrence goes, not just the first. */
	assert_string_equal(rewrite(buf, sizeof(buf),
				    "Element '{urn:orgcheck:record:1}dates': This element is not "
				    "expected. Expected is ( {urn:orgcheck:record:1}name )."),
			    "element 'dates': This element is not expected. Expected is ( name )");
}

static void test_other_namespaces_kept(void **state)
{
	char buf[512];

	(void)state;
	/* orgcheck's own namespaces go; another one is what the user needs
	 * to see. */
	assert_string_equal(rewrite(buf, sizeof(buf), "Element '{urn:example:other}x': bad."),
			    "element '{urn:example:other}x': bad");
	assert_string_equal(rewrite(buf, sizeof(buf), "Element '{urn:orgcheck:rules:1}rule': bad."),
			    "element 'rule': bad");
	assert_string_equal(rewrite(buf, sizeof(buf), "Element '{http://example.org/}x'"),
			    "element '{http://example.org/}x'");
}

static void test_long_value_set_shortened(void **state)
{
	char set[4096];
	char message[4400];
	char buf[4400];
	const unsigned counts[] = { 9, 10, 249 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		char expected[256];

		value_set(set, sizeof(set), counts[i]);
		snprintf(message, sizeof(message),
			 "Element '{urn:orgcheck:record:1}country': [facet 'enumeration'] The value "
			 "'USA' is not an element of the set %s.\n", set);
		snprintf(expected, sizeof(expected),
			 "element 'country': [facet 'enumeration'] The value 'USA' is not an "
			 "element of the set {'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', "
			 "... (%u values)}", counts[i]);
		assert_string_equal(rewrite(buf, sizeof(buf), message), expected);
	}
}

static void test_short_value_set_kept(void **state)
{
	char set[256];
	char message[512];
	char expected[512];
	char buf[512];
	unsigned n;

	(void)state;
	/* Up to eight values the set is shown whole. */
	for (n = 1; n <= 8; n++) {
		value_set(set, sizeof(set), n);
		snprintf(message, sizeof(message), "The value 'x' is not an element of the set %s.", set);
		snprintf(expected, sizeof(expected), "the value 'x' is not an element of the set %s", set);
		assert_string_equal(rewrite(buf, sizeof(buf), message), expected);
	}
	/* Text after the set is kept. */
	assert_string_equal(rewrite(buf, sizeof(buf), "Set {'a', 'b'} then more."),
			    "set {'a', 'b'} then more");
	/* An unterminated set is copied as it is. */
	assert_string_equal(rewrite(buf, sizeof(buf), "Broken {'a', 'b'"), "broken {'a', 'b'");
}

static void test_trailing_removed(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(rewrite(buf, sizeof(buf), "Premature end of data\n"),
			    "premature end of data");
	assert_string_equal(rewrite(buf, sizeof(buf), "Some error.\n"), "some error");
	assert_string_equal(rewrite(buf, sizeof(buf), "Some error. \n \t"), "some error");
	assert_string_equal(rewrite(buf, sizeof(buf), "no change"), "no change");
	/* Periods inside stay. */
	assert_string_equal(rewrite(buf, sizeof(buf), "Value 'a.b' in x.xml.\n"),
			    "value 'a.b' in x.xml");
	assert_string_equal(rewrite(buf, sizeof(buf), ".\n"), "");
	assert_string_equal(rewrite(buf, sizeof(buf), ""), "");
	assert_string_equal(rewrite(buf, sizeof(buf), NULL), "");
}

static void test_first_letter(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(rewrite(buf, sizeof(buf), "Element 'x': bad"), "element 'x': bad");
	assert_string_equal(rewrite(buf, sizeof(buf), "XML declaration allowed only at the start of "
						      "the document\n"),
			    "XML declaration allowed only at the start of the document");
	assert_string_equal(rewrite(buf, sizeof(buf), "EntityRef: expecting ';'\n"),
			    "entityRef: expecting ';'");
	assert_string_equal(rewrite(buf, sizeof(buf), "already lower"), "already lower");
	/* Only the first letter changes. */
	assert_string_equal(rewrite(buf, sizeof(buf), "Opening and Ending tag mismatch: A and B"),
			    "opening and Ending tag mismatch: A and B");
	/* The namespace is dropped before the first letter is looked at. */
	assert_string_equal(rewrite(buf, sizeof(buf), "{urn:orgcheck:record:1}Name is wrong"),
			    "name is wrong");
}

static void test_small_buffer(void **state)
{
	char storage[256];
	const char *message = "Element '{urn:orgcheck:record:1}country': [facet 'enumeration'] "
			      "The value 'USA' is not an element of the set {'AD', 'AE', 'AF', "
			      "'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR'}.\n";
	char full[512];
	size_t size;

	(void)state;
	orgcheck_xmlerr_message(full, sizeof(full), message);
	assert_non_null(strstr(full, "... (10 values)}"));

	/* Every size gives a NUL-terminated prefix of the full rewrite (less
	 * any trailing white space or period the cut exposed; a lone first
	 * letter keeps its case, as it cannot tell an acronym). */
	for (size = 1; size <= strlen(full) + 1; size++) {
		const char *got = rewrite_sized(storage, sizeof(storage), size, message);
		size_t length = strlen(got);

		assert_true(length < size);
		assert_true(length == size - 1 || full[length] == ' ' || full[length] == '.');
		if (length > 0) {
			assert_int_equal(tolower((unsigned char)got[0]), full[0]);
			assert_memory_equal(got + 1, full + 1, length - 1);
		}
	}
	assert_string_equal(rewrite_sized(storage, sizeof(storage), strlen(full) + 1, message), full);
	assert_string_equal(rewrite_sized(storage, sizeof(storage), 10, message), "element '");
	assert_string_equal(rewrite_sized(storage, sizeof(storage), 1, message), "");

	/* Size 0 writes nothing at all. */
	memset(storage, '#', sizeof(storage));
	orgcheck_xmlerr_message(storage, 0, message);
	assert_int_equal(storage[0], '#');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_namespace_removed),
		cmocka_unit_test(test_other_namespaces_kept),
		cmocka_unit_test(test_long_value_set_shortened),
		cmocka_unit_test(test_short_value_set_kept),
		cmocka_unit_test(test_trailing_removed),
		cmocka_unit_test(test_first_letter),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests_name("xmlerr", tests, NULL, NULL);
}
