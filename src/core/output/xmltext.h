/* Text the XML writers may write: XML 1.0 allows neither bytes that are
 * not UTF-8 nor most control characters, even escaped, yet paths come
 * from the file system and messages quote them. Shared by the renderers
 * of this folder. */
#ifndef ORGCHECK_OUTPUT_XMLTEXT_H
#define ORGCHECK_OUTPUT_XMLTEXT_H

#include <stddef.h>

/* The length of the well-formed UTF-8 sequence at p (1 to 4), or 0 when
 * p starts an ill-formed one (overlong, surrogate, above U+10FFFF,
 * truncated). Never reads past a NUL. */
size_t orgcheck_xmltext__utf8_length(const unsigned char *p);

/* text itself when XML 1.0 can hold it as it is; else a copy in which
 * every byte that is not UTF-8 and every character XML forbids (controls
 * other than tab, newline and carriage return; U+FFFE, U+FFFF) is U+FFFD,
 * stored in *scratch for the caller to free. NULL when out of memory.
 * *scratch must be NULL on entry. */
const char *orgcheck_xmltext__safe(char **scratch, const char *text);

#endif
