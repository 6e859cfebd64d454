#include "output/xmltext.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

size_t orgcheck_xmltext__utf8_length(const unsigned char *p)
{
	return orgcheck_utf8_length(p);
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
