/* Partial dates: the forms orgcheck_date_parse accepts and rejects, and
 * the interval order of dates of different precision. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <orgcheck/date.h>

static struct orgcheck_date parsed(const char *text)
{
	struct orgcheck_date date = { -1, -1, -1 };

	if (orgcheck_date_parse(&date, text) != 0)
		fail_msg("'%s' was rejected", text);
	return date;
}

static void assert_rejected(const char *text)
{
	struct orgcheck_date date = { 1999, 9, 9 };

	if (orgcheck_date_parse(&date, text) != -1)
		fail_msg("'%s' was accepted", text ? text : "(null)");
	/* A rejected date leaves the output absent, not half set. */
	assert_int_equal(date.year, 0);
	assert_int_equal(date.month, 0);
	assert_int_equal(date.day, 0);
	assert_false(orgcheck_date_present(&date));
}

static void test_parse_forms(void **state)
{
	struct orgcheck_date d;

	(void)state;
	d = parsed("2002");
	assert_int_equal(d.year, 2002);
	assert_int_equal(d.month, 0);
	assert_int_equal(d.day, 0);
	d = parsed("2002-06");
	assert_int_equal(d.year, 2002);
	assert_int_equal(d.month, 6);
	assert_int_equal(d.day, 0);
	d = parsed("2002-06-30");
	assert_int_equal(d.year, 2002);
	assert_int_equal(d.month, 6);
	assert_int_equal(d.day, 30);
	d = parsed("0001-01-01");
	assert_int_equal(d.year, 1);
	d = parsed("9999-12-31");
	assert_int_equal(d.year, 9999);
	assert_true(orgcheck_date_present(&d));
}

static void test_parse_month_lengths(void **state)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	char text[32];
	int month;

	(void)state;
	for (month = 1; month <= 12; month++) {
		snprintf(text, sizeof(text), "2026-%02d-%02d", month, days[month - 1]);
		assert_int_equal(parsed(text).day, days[month - 1]);
		snprintf(text, sizeof(text), "2026-%02d-%02d", month, days[month - 1] + 1);
		assert_rejected(text);
	}
}

/* Divisible by 4 but not by 100, or by 400. */
static void test_parse_leap_years(void **state)
{
	(void)state;
	assert_int_equal(parsed("2024-02-29").day, 29);
	assert_int_equal(parsed("2000-02-29").day, 29);
	assert_int_equal(parsed("1600-02-29").day, 29);
	assert_rejected("1900-02-29");
	assert_rejected("2100-02-29");
	assert_rejected("2023-02-29");
	assert_rejected("2026-02-29");
	assert_rejected("2024-02-30");
}

static void test_parse_rejects(void **state)
{
	(void)state;
	assert_rejected(NULL);
	assert_rejected("");
	assert_rejected("2026-02-30");
	assert_rejected("2026-13-01");
	assert_rejected("2026-00-01");
	assert_rejected("2026-01-00");
	assert_rejected("2026-13");
	assert_rejected("2026-00");
	assert_rejected("0000");
	assert_rejected("0000-01-01");
	assert_rejected("202");
	assert_rejected("20026");
	assert_rejected("2002-6");
	assert_rejected("2002-06-3");
	assert_rejected("2002-06-301");
	assert_rejected("2002/06/30");
	assert_rejected("2002-06/30");
	assert_rejected("2002 06");
	assert_rejected("20a2");
	assert_rejected("-200");
	assert_rejected("+200");
	assert_rejected(" 2002");
	assert_rejected("2002 ");
	assert_rejected("2002-0a");
	assert_rejected("2002-06-3x");
	assert_rejected("2002-06-30T00");
}

static enum orgcheck_date_order order(const char *a, const char *b)
{
	struct orgcheck_date da = parsed(a);
	struct orgcheck_date db = parsed(b);
	enum orgcheck_date_order forward = orgcheck_date_compare(&da, &db);

	/* The order is antisymmetric whatever the precisions. */
	assert_int_equal(orgcheck_date_compare(&db, &da), -(int)forward);
	assert_int_equal(orgcheck_date_disjoint(&da, &db), forward != ORGCHECK_DATE_UNORDERED);
	return forward;
}

static void test_compare_full_dates(void **state)
{
	(void)state;
	assert_int_equal(order("2002-06-29", "2002-06-30"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2002-07-01", "2002-06-30"), ORGCHECK_DATE_AFTER);
	assert_int_equal(order("2001-12-31", "2002-01-01"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2002-06-30", "2002-06-30"), ORGCHECK_DATE_UNORDERED);
}

/* A partial date is the interval of days it may mean: before only when
 * its whole interval is. */
static void test_compare_partial_dates(void **state)
{
	(void)state;
	assert_int_equal(order("2002", "2002-06"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002", "2002-06-30"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002", "2002-12-31"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002", "2002-01-01"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002", "2002"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2001-03-30", "2002"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2001-12-31", "2002"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2001", "2002"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2001-12", "2002"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2003-01-01", "2002"), ORGCHECK_DATE_AFTER);
	assert_int_equal(order("2002-06", "2002-06-15"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002-06", "2002-07-01"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2002-06", "2002-05-31"), ORGCHECK_DATE_AFTER);
	assert_int_equal(order("2002-06", "2002-07"), ORGCHECK_DATE_BEFORE);
	/* A month ends on its own last day, leap years included. */
	assert_int_equal(order("2024-02", "2024-02-29"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2024-02", "2024-03-01"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2023-02", "2023-03-01"), ORGCHECK_DATE_BEFORE);
	assert_int_equal(order("2002-04", "2002-04-30"), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(order("2002-04", "2002-05-01"), ORGCHECK_DATE_BEFORE);
}

static void test_compare_absent(void **state)
{
	struct orgcheck_date absent = { 0, 0, 0 };
	struct orgcheck_date d = parsed("2002");

	(void)state;
	assert_false(orgcheck_date_present(&absent));
	assert_int_equal(orgcheck_date_compare(&absent, &d), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(orgcheck_date_compare(&d, &absent), ORGCHECK_DATE_UNORDERED);
	assert_int_equal(orgcheck_date_compare(&absent, &absent), ORGCHECK_DATE_UNORDERED);
	assert_false(orgcheck_date_disjoint(&absent, &d));
}

static void test_format(void **state)
{
	static const char *const forms[] = { "2002", "2002-06", "2002-06-30", "0001-01-01", "2024-02-29" };
	struct orgcheck_date absent = { 0, 0, 0 };
	struct orgcheck_date d;
	char buf[16];
	char small[5];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		d = parsed(forms[i]);
		orgcheck_date_format(buf, sizeof(buf), &d);
		assert_string_equal(buf, forms[i]);
	}
	orgcheck_date_format(buf, sizeof(buf), &absent);
	assert_string_equal(buf, "(none)");
	d = parsed("2002-06-30");
	orgcheck_date_format(small, sizeof(small), &d);
	assert_string_equal(small, "2002");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_month_lengths),
		cmocka_unit_test(test_parse_leap_years),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_compare_full_dates),
		cmocka_unit_test(test_compare_partial_dates),
		cmocka_unit_test(test_compare_absent),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
