/* Text cut and cleaned to UTF-8 (util/utf8.h), and a property: findings
 * whose messages and values are random Unicode of any length, cut at
 * any byte as fixed-size buffers cut them, give well-formed XML and
 * JUnit, JSON and SARIF that parse, and text and annotations that are
 * valid UTF-8, in every format. A fixed seed keeps runs the same.
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

#include <json.h>
#include <libxml/parser.h>

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "util/fold.h"
#include "util/utf8.h"
#include "testutil.h"

static void test_boundary(void **state)
{
	/* "é" is c3 a9, "東" e6 9d b1, "𝄞" f0 9d 84 9e. */
	const char *text = "a\xc3\xa9\xe6\x9d\xb1\xf0\x9d\x84\x9e";
	static const size_t expected[] = { 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10 };
	char buf[16];
	size_t n;

	(void)state;
	for (n = 0; n <= 10; n++)
		assert_int_equal(orgcheck_utf8_boundary(text, n), expected[n]);
	memcpy(buf, text, 5);  /* cut inside "東", as a full buffer cuts */
	buf[5] = '\0';
	orgcheck_utf8_trim(buf);
	assert_string_equal(buf, "a\xc3\xa9");
	assert_true(orgcheck_utf8_valid(text));
	assert_false(orgcheck_utf8_valid("a\xe6\x9d"));
}

static void test_fold(void **state)
{
	char buf[64];
	int32_t letters[16];

	(void)state;
	assert_string_equal(orgcheck_fold_name(buf, sizeof(buf), "École  des Hautes-Études & Santé"),
			    "ecole des hautes etudes and sante");
	assert_string_equal(orgcheck_fold_name(buf, sizeof(buf), "The ISEV’s"), "isevs");
	assert_string_equal(orgcheck_fold_name(buf, sizeof(buf), "E\xcc\x81" "cole"), "ecole");
	assert_string_equal(orgcheck_fold_name(buf, sizeof(buf), "МГУ"), "мгу");
	/* Cut between characters. */
	assert_string_equal(orgcheck_fold_name(buf, 6, "жжжж"), "жж");
	assert_int_equal(orgcheck_fold_letters(letters, 16, "WorkSafe d’Or", 1), 14);
	assert_int_equal(letters[4], ' ');
	assert_int_equal(letters[9], ' ');
	assert_int_equal(letters[11], ' ');
	assert_int_equal(orgcheck_fold_letters(letters, 16, "東京", 1), 3);
}

/* Random code points from several scripts, astral plane included. */
static size_t random_char(char *out)
{
	static const uint32_t starts[] = { 0x41, 0xC0, 0x300, 0x410, 0x5D0, 0x627, 0x4E00, 0x3041,
					   0x1F600, 0x20000, 0x2019, 0x200F };
	static const uint32_t spans[] = { 58, 64, 16, 64, 27, 26, 2000, 80, 64, 1000, 1, 1 };
	size_t which = (size_t)rand() % (sizeof(starts) / sizeof(starts[0]));
	uint32_t c = starts[which] + (uint32_t)rand() % spans[which];

	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Random text up to about max bytes, cut at a random byte. */
static char *random_text(size_t max)
{
	char *text = malloc(max + 8);
	size_t at = 0;
	size_t cut = (size_t)rand() % (max + 1);

	assert_non_null(text);
	while (at < max)
		at += random_char(text + at);
	text[cut < at ? cut : at] = '\0';
	return text;
}

static char *render(struct orgcheck_report *report, const char *format)
{
	const struct orgcheck_format *f = orgcheck_render_find_format(format);
	struct orgcheck_render_options options = { .color = 0 };
	struct orgcheck_error err;
	char *output = NULL;
	size_t size = 0;
	FILE *out = NULL;

	assert_non_null(f);
	orgcheck_error_clear(&err);
	out = open_memstream(&output, &size);
	assert_non_null(out);
	assert_int_equal(f->render(out, report, &options, &err), 0);
	assert_int_equal(fclose(out), 0);
	return output;
}

static void assert_json(const char *text)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *object = NULL;

	assert_non_null(tok);
	object = json_tokener_parse_ex(tok, text, (int)strlen(text));
	assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
	assert_non_null(object);
	json_object_put(object);
	json_tokener_free(tok);
}

static void assert_xml(const char *text)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "out.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	assert_non_null(doc);
	xmlFreeDoc(doc);
}

static void test_random_unicode_in_every_format(void **state)
{
	static const char *const rules[] = { "OC152", "OC151", "OC110", "OC145" };
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_error err;
	char *message = NULL;
	char *value = NULL;
	char *output = NULL;
	int round;
	int i;

	(void)state;
	srand(20261201);
	for (round = 0; round < 20; round++) {
		memset(&result, 0, sizeof(result));
		memset(&report, 0, sizeof(report));
		orgcheck_findings_init(&result.findings);
		report.result = &result;
		report.today.year = 2026;
		report.today.month = 12;
		report.today.day = 1;
		report.fail_on = ORGCHECK_SEVERITY_ERROR;
		orgcheck_error_clear(&err);
		for (i = 0; i < 8; i++) {
			/* Messages cut as orgcheck_rule_report's fixed buffer cuts. */
			char cut[2048];

			message = random_text(1 + (size_t)rand() % 6000);
			size_t length = strlen(message);

			/* A plain byte cut, as vsnprintf makes: never at a boundary by design. */
			memcpy(cut, message, length < sizeof(cut) - 1 ? length : sizeof(cut) - 1);
			cut[length < sizeof(cut) - 1 ? length : sizeof(cut) - 1] = '\0';
			value = random_text(1 + (size_t)rand() % 3000);
			assert_int_equal(orgcheck_findings_add_rule(&result.findings, &err,
								    orgcheck_catalog_find(rules[i % 4]),
								    "records/organizations/x.xml", 3, 5,
								    "%s", cut), 0);
			assert_int_equal(orgcheck_findings_set_record(&result.findings, &err,
								      result.findings.count - 1, "x"), 0);
			assert_int_equal(orgcheck_findings_add_value(&result.findings, &err, "name", value,
								     "https://example.org/s"), 0);
			free(message);
			free(value);
		}
		output = render(&report, "xml");
		assert_xml(output);
		free(output);
		output = render(&report, "junit");
		assert_xml(output);
		free(output);
		output = render(&report, "json");
		assert_json(output);
		free(output);
		output = render(&report, "sarif");
		assert_json(output);
		free(output);
		output = render(&report, "gitlab");
		assert_json(output);
		free(output);
		output = render(&report, "text");
		assert_true(orgcheck_utf8_valid(output));
		free(output);
		output = render(&report, "github");
		assert_true(orgcheck_utf8_valid(output));
		free(output);
		orgcheck_check_result_release(&result);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_random_unicode_in_every_format),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
