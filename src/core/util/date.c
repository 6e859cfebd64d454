#include <orgcheck/date.h>

#include <stdio.h>
#include <string.h>

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

static int digits(const char *text, size_t count)
{
	size_t i;
	int value = 0;

	for (i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

int orgcheck_date_parse(struct orgcheck_date *out, const char *text)
{
	size_t length = text ? strlen(text) : 0;
	struct orgcheck_date date = { 0, 0, 0 };

	*out = date;
	if (length != 4 && length != 7 && length != 10)
		return -1;
	date.year = digits(text, 4);
	if (date.year <= 0)
		return -1;
	if (length >= 7) {
		if (text[4] != '-')
			return -1;
		date.month = digits(text + 5, 2);
		if (date.month < 1 || date.month > 12)
			return -1;
	}
	if (length == 10) {
		if (text[7] != '-')
			return -1;
		date.day = digits(text + 8, 2);
		if (date.day < 1 || date.day > days_in_month(date.year, date.month))
			return -1;
	}
	*out = date;
	return 0;
}

int orgcheck_date_present(const struct orgcheck_date *date)
{
	return date->year > 0;
}

/* The first and last day of the interval, as comparable integers. */
static long first_day(const struct orgcheck_date *d)
{
	return (long)d->year * 10000 + (d->month ? d->month : 1) * 100 + (d->day ? d->day : 1);
}

static long last_day(const struct orgcheck_date *d)
{
	int month = d->month ? d->month : 12;
	int day = d->day ? d->day : days_in_month(d->year, month);

	return (long)d->year * 10000 + month * 100 + day;
}

enum orgcheck_date_order orgcheck_date_compare(const struct orgcheck_date *a,
					       const struct orgcheck_date *b)
{
	if (!orgcheck_date_present(a) || !orgcheck_date_present(b))
		return ORGCHECK_DATE_UNORDERED;
	if (last_day(a) < first_day(b))
		return ORGCHECK_DATE_BEFORE;
	if (first_day(a) > last_day(b))
		return ORGCHECK_DATE_AFTER;
	return ORGCHECK_DATE_UNORDERED;
}

int orgcheck_date_disjoint(const struct orgcheck_date *a, const struct orgcheck_date *b)
{
	return orgcheck_date_compare(a, b) != ORGCHECK_DATE_UNORDERED;
}

void orgcheck_date_format(char *buf, size_t size, const struct orgcheck_date *date)
{
	if (!orgcheck_date_present(date))
		snprintf(buf, size, "(none)");
	else if (date->month == 0)
		snprintf(buf, size, "%04d", date->year);
	else if (date->day == 0)
		snprintf(buf, size, "%04d-%02d", date->year, date->month);
	else
		snprintf(buf, size, "%04d-%02d-%02d", date->year, date->month, date->day);
}
