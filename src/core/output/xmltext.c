#include "output/xmltext.h"

#include <stdlib.h>
#include <string.h>

size_t orgcheck_xmltext__utf8_length(const unsigned char *p)
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

/* 1 when the well-formed sequence of length bytes at p is a character
 * XML 1.0 forbids. */
static int forbidden(const unsigned char *p, size_t length)
{
	if (length == 1)
		return p[0] < 0x20 && p[0] != '\t' && p[0] != '\n' && p[0] != '\r';
	/* U+FFFE and U+FFFF */
	return length == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe;
}

const char *orgcheck_xmltext__safe(char **scratch, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t length = 0;
	char *copy = NULL;
	char *at = NULL;

	while (*p != '\0' && (length = orgcheck_xmltext__utf8_length(p)) > 0 && !forbidden(p, length))
		p += length;
	if (*p == '\0')
		return text;
	/* At worst each byte becomes U+FFFD, three bytes. */
	copy = malloc(strlen(text) * 3 + 1);
	if (copy == NULL)
		return NULL;
	at = copy;
	for (p = (const unsigned char *)text; *p != '\0'; p += length) {
		length = orgcheck_xmltext__utf8_length(p);
		if (length == 0 || forbidden(p, length)) {
			memcpy(at, "\xef\xbf\xbd", 3);
			at += 3;
			if (length == 0)
				length = 1;
		} else {
			memcpy(at, p, length);
			at += length;
		}
	}
	*at = '\0';
	*scratch = copy;
	return copy;
}
