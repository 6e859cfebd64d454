/* UTF-8 as messages, values and names hold it: cutting text only between
 * characters, and checking and cleaning text that writers emit. */
#ifndef ORGCHECK_UTIL_UTF8_H
#define ORGCHECK_UTIL_UTF8_H

#include <stddef.h>

/* The length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when
 * p starts an ill-formed one (overlong, surrogate, above U+10FFFF,
 * truncated). Never reads past a NUL. */
size_t orgcheck_utf8_length(const unsigned char *p);

/* The largest n <= length such that text[0..n) ends on a character
 * boundary: a cut there never splits a character. text holds at least
 * length bytes. */
size_t orgcheck_utf8_boundary(const char *text, size_t length);

/* Cuts buf, a NUL-terminated string that a fixed-size snprintf may have
 * cut anywhere, back to its last whole character. */
void orgcheck_utf8_trim(char *buf);

/* 1 when text is well-formed UTF-8 throughout, else 0. */
int orgcheck_utf8_valid(const char *text);

/* A copy of text with every byte that is not part of a well-formed UTF-8
 * sequence replaced by U+FFFD; the caller frees it. NULL when out of
 * memory. */
char *orgcheck_utf8_clean(const char *text);

#endif
