/* Text for the XML writers: what XML 1.0 can hold passes through as it
 * is (the same pointer, nothing allocated); each byte that is not UTF-8
 * and each forbidden character becomes one U+FFFD. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "output/xmltext.h"

#define FFFD "\xef\xbf\xbd"

static void assert_kept(const char *text)
{
	char *scratch = NULL;

	assert_ptr_equal(orgcheck_xmltext__safe(&scratch, text), text);
	assert_null(scratch);
}

static void assert_cleaned(const char *text, const char *expected)
{
	char *scratch = NULL;
	const char *safe = orgcheck_xmltext__safe(&scratch, text);

	assert_non_null(safe);
	assert_ptr_equal(safe, scratch);
	assert_string_equal(safe, expected);
	free(scratch);
}

static void test_kept(void **state)
{
	(void)state;
	assert_kept("");
	assert_kept("records/a.xml");
	assert_kept("tab\tnewline\ncr\r del\x7f");
	assert_kept("Z\xc3\xbcrich \xe2\x80\x94 \xf0\x9f\x98\x80 \xef\xbf\xbd \xef\xbf\xbd");
	assert_kept("\xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf");  /* U+D7FF, U+E000, U+10FFFF */
}

static void test_cleaned(void **state)
{
	(void)state;
	assert_cleaned("a\x01" "b", "a" FFFD "b");
	assert_cleaned("\x1f", FFFD);
	assert_cleaned("bad\xff.xml", "bad" FFFD ".xml");
	/* Overlong, a surrogate, above U+10FFFF, truncated: byte by byte. */
	assert_cleaned("\xc0\xaf", FFFD FFFD);
	assert_cleaned("\xed\xa0\x80", FFFD FFFD FFFD);
	assert_cleaned("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	assert_cleaned("x\xe2\x80", "x" FFFD FFFD);
	/* Well-formed but not XML characters: one U+FFFD each. */
	assert_cleaned("\xef\xbf\xbe|\xef\xbf\xbf", FFFD "|" FFFD);
	assert_cleaned("\x01\x02\x03", FFFD FFFD FFFD);
}

static void test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"a"), 1);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\xc3\xbc"), 2);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\xe2\x80\x94"), 3);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\xf0\x9f\x98\x80"), 4);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\x80"), 0);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\xe0\x80\x80"), 0);
	assert_int_equal(orgcheck_xmltext__utf8_length((const unsigned char *)"\xc3"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_cleaned),
		cmocka_unit_test(test_utf8_length),
	};

	return cmocka_run_group_tests_name("xmltext", tests, NULL, NULL);
}
