#include "util/xmlerr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* orgcheck's own namespaces ({urn:orgcheck:record:1}, {urn:orgcheck:rules:1})
 * are dropped from element names: every name in a record is in one. */
#define ORGCHECK_NS_START "{urn:orgcheck:"

/* How many values of an enumeration a message may list before the rest
 * are summarised (a country code error would otherwise list 249). */
#define MAX_LISTED_VALUES 8

static size_t append(char *buf, size_t size, size_t at, const char *text, size_t length)
{
	if (at + 1 >= size)
		return at;
	if (length > size - 1 - at)
		length = size - 1 - at;
	memcpy(buf + at, text, length);
	at += length;
	buf[at] = '\0';
	return at;
}

/* Values longer than this are not compared for a suggestion. */
#define MAX_SUGGEST 32

/* Twice the edit distance of a and b, less one when b is how a begins
 * (USA -> US) and 0 when they differ only in case: the smaller, the
 * likelier meant. */
static size_t suggestion_score(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[MAX_SUGGEST + 1][MAX_SUGGEST + 1];
	size_t i;
	size_t j;
	size_t cost = 0;
	int same_but_case = n == m;

	for (i = 0; i < n && same_but_case; i++)
		same_but_case = toupper((unsigned char)a[i]) == toupper((unsigned char)b[i]);
	if (same_but_case)
		return 0;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			cost = toupper((unsigned char)a[i - 1]) != toupper((unsigned char)b[j - 1]);
			d[i][j] = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < d[i][j])
				d[i][j] = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < d[i][j])
				d[i][j] = d[i][j - 1] + 1;
		}
	}
	cost = 2 * d[n][m];
	if (m < n && strncasecmp(a, b, m) == 0)
		cost--;
	return cost;
}

/* "; did you mean 'US'?" for value against the set [start, end) of
 * "'A', 'B'", naming up to three of the closest, or nothing when none is
 * close (more than half the value would change). */
static size_t append_suggestion(char *buf, size_t size, size_t at, const char *value, size_t value_length,
				const char *start, const char *end)
{
	const char *best[3] = { NULL, NULL, NULL };
	size_t best_length[3] = { 0, 0, 0 };
	size_t best_score = (size_t)-1;
	size_t found = 0;
	size_t limit = value_length > 1 ? value_length : 1;
	const char *q = start;
	const char *close = NULL;
	size_t score = 0;
	size_t i;

	if (value == NULL || value_length == 0 || value_length > MAX_SUGGEST)
		return at;
	while ((q = strchr(q, '\'')) != NULL && q < end) {
		close = strchr(q + 1, '\'');
		if (close == NULL || close > end)
			break;
		if ((size_t)(close - q - 1) <= MAX_SUGGEST) {
			score = suggestion_score(value, value_length, q + 1, (size_t)(close - q - 1));
			if (score < best_score) {
				best_score = score;
				found = 0;
			}
			if (score == best_score && found < 3) {
				best[found] = q + 1;
				best_length[found++] = (size_t)(close - q - 1);
			}
		}
		q = close + 1;
	}
	if (found == 0 || best_score > limit)
		return at;
	at = append(buf, size, at, "; did you mean ", strlen("; did you mean "));
	for (i = 0; i < found; i++) {
		if (i > 0)
			at = append(buf, size, at, i + 1 == found ? " or " : ", ", i + 1 == found ? 4 : 2);
		at = append(buf, size, at, "'", 1);
		at = append(buf, size, at, best[i], best_length[i]);
		at = append(buf, size, at, "'", 1);
	}
	return append(buf, size, at, "?", 1);
}

/* Copies "{'A', 'B', ...}" keeping at most MAX_LISTED_VALUES values. *p
 * points at '{' and is moved past the matching '}'. */
static size_t append_value_set(char *buf, size_t size, size_t at, const char **p)
{
	const char *start = *p;
	const char *end = strchr(start, '}');
	const char *q = start;
	const char *cut = NULL;
	unsigned values = 0;
	char tail[64];

	if (end == NULL) {
		*p = start + 1;
		return append(buf, size, at, start, 1);
	}
	for (q = start; q < end; q++) {
		if (*q == ',') {
			values++;
			if (values == MAX_LISTED_VALUES)
				cut = q;
		}
	}
	values++;
	*p = end + 1;
	if (cut == NULL)
		return append(buf, size, at, start, (size_t)(end + 1 - start));
	at = append(buf, size, at, start, (size_t)(cut - start));
	snprintf(tail, sizeof(tail), ", ... (%u values)}", values);
	return append(buf, size, at, tail, strlen(tail));
}

void orgcheck_xmlerr_message(char *buf, size_t size, const char *message)
{
	const char *p = message ? message : "";
	const char *value = strstr(p, "The value '");
	const char *value_end = NULL;
	const char *set = NULL;
	size_t at = 0;

	if (size == 0)
		return;
	/* An enumeration's value, for the closest allowed ones. */
	if (value != NULL) {
		value += strlen("The value '");
		value_end = strchr(value, '\'');
		if (value_end == NULL || strstr(value_end, "is not an element of the set {") == NULL)
			value = NULL;
	}
	buf[0] = '\0';
	while (*p != '\0') {
		if (strncmp(p, ORGCHECK_NS_START, strlen(ORGCHECK_NS_START)) == 0 && strchr(p, '}') != NULL) {
			p = strchr(p, '}') + 1;
			continue;
		}
		if (*p == '{' && p[1] == '\'') {
			set = p;
			at = append_value_set(buf, size, at, &p);
			if (value != NULL)
				at = append_suggestion(buf, size, at, value, (size_t)(value_end - value), set, p);
			value = NULL;
			continue;
		}
		/* A finding is one line: libxml2 breaks some messages in two
		 * ("indicate encoding !\nBytes: ..."). */
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			if (at > 0 && buf[at - 1] != ' ')
				at = append(buf, size, at, " ", 1);
			p++;
			continue;
		}
		at = append(buf, size, at, p, 1);
		p++;
	}
	while (at > 0 && (isspace((unsigned char)buf[at - 1]) || buf[at - 1] == '.'))
		buf[--at] = '\0';
	if (at > 1 && isupper((unsigned char)buf[0]) && islower((unsigned char)buf[1]))
		buf[0] = (char)tolower((unsigned char)buf[0]);
}
