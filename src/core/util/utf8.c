#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

size_t orgcheck_utf8_length(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* The byte count a lead byte announces, 0 for a continuation byte. */
static size_t announced(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc0)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

size_t orgcheck_utf8_boundary(const char *text, size_t length)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t start = length;
	size_t back = 0;

	/* A character is at most 4 bytes: look back at most 3 for its lead. */
	while (start > 0 && back < 4 && (p[start - 1] & 0xc0) == 0x80) {
		start--;
		back++;
	}
	if (start == 0 || back >= 4)
		return length;
	/* p[start - 1] leads the last sequence; keep it only when whole. */
	if (announced(p[start - 1]) > back + 1)
		return start - 1;
	return length;
}

void orgcheck_utf8_trim(char *buf)
{
	size_t length = strlen(buf);

	buf[orgcheck_utf8_boundary(buf, length)] = '\0';
}

int orgcheck_utf8_valid(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t length = 0;

	while (*p != '\0') {
		length = orgcheck_utf8_length(p);
		if (length == 0)
			return 0;
		p += length;
	}
	return 1;
}

char *orgcheck_utf8_clean(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t length = 0;
	char *copy = NULL;
	char *at = NULL;

	/* At worst each byte becomes U+FFFD, three bytes. */
	copy = malloc(strlen(text) * 3 + 1);
	if (copy == NULL)
		return NULL;
	at = copy;
	for (; *p != '\0'; p += length) {
		length = orgcheck_utf8_length(p);
		if (length == 0) {
			memcpy(at, "\xef\xbf\xbd", 3);
			at += 3;
			length = 1;
		} else {
			memcpy(at, p, length);
			at += length;
		}
	}
	*at = '\0';
	return copy;
}
