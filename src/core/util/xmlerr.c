#include "util/xmlerr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
	size_t at = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	while (*p != '\0') {
		if (strncmp(p, ORGCHECK_NS_START, strlen(ORGCHECK_NS_START)) == 0 && strchr(p, '}') != NULL) {
			p = strchr(p, '}') + 1;
			continue;
		}
		if (*p == '{' && p[1] == '\'') {
			at = append_value_set(buf, size, at, &p);
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
