#include "util/fold.h"

#include <string.h>
#include <utf8proc.h>

#include "util/utf8.h"

/* The most code points one character folds into (U+FDFA gives 18). */
#define FOLD_CHAR_MAX 32

enum fold_class {
	FOLD_LETTER,  /* letters and digits: kept */
	FOLD_MARK,    /* combining marks: dropped */
	FOLD_JOIN,    /* apostrophes and dots: joined over in names */
	FOLD_AND,     /* "&" */
	FOLD_BREAK    /* punctuation, symbols, spaces, controls */
};

/* ASCII as utf8proc classifies it: only A-Z, a-z and 0-9 are letters or
 * digits there, and ASCII holds no marks. */
static enum fold_class classify_ascii(int c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return FOLD_LETTER;
	if (c == '&')
		return FOLD_AND;
	if (c == '\'' || c == '.')
		return FOLD_JOIN;
	return FOLD_BREAK;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int is_small_or_digit(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static enum fold_class classify(utf8proc_int32_t c)
{
	if (c >= 0 && c < 0x80)
		return classify_ascii(c);
	if (c == 0x2019 || c == 0x02BC)
		return FOLD_JOIN;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return FOLD_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return FOLD_MARK;
	default:
		return FOLD_BREAK;
	}
}

/* Whether c is of category (LU or LL), ASCII without a lookup. */
static int category_is(utf8proc_int32_t c, utf8proc_category_t category)
{
	if (c >= 0 && c < 0x80)
		return category == UTF8PROC_CATEGORY_LU ? (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z');
	return utf8proc_category(c) == category;
}

/* Ideographs and kana: each is a word of its own for acronyms. */
static int is_ideograph(utf8proc_int32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x20000 && c <= 0x3FFFF);
}

/* One character of the input, decoded (U+FFFD for a byte that is not
 * UTF-8), folded into out; returns the number of code points (0 for a
 * mark). *p moves past it. */
static size_t fold_char(utf8proc_int32_t *out, utf8proc_int32_t *original, const unsigned char **p)
{
	utf8proc_int32_t c = **p;
	utf8proc_ssize_t length = 1;
	utf8proc_ssize_t count = 0;
	int boundclass = 0;

	/* ASCII is most of most names: no decoding, no tables. */
	if (c < 0x80) {
		*p += 1;
		*original = c;
		out[0] = ascii_lower(c);
		return 1;
	}
	length = utf8proc_iterate(*p, -1, &c);
	if (length <= 0) {
		c = 0xFFFD;
		length = 1;
	}
	*p += length;
	*original = c;
	count = utf8proc_decompose_char(c, out, FOLD_CHAR_MAX,
					UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK,
					&boundclass);
	if (count < 0 || count > FOLD_CHAR_MAX) {
		out[0] = c;
		return 1;
	}
	return (size_t)count;
}

char *orgcheck_fold_name(char *buf, size_t size, const char *name)
{
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	utf8proc_int32_t folded[FOLD_CHAR_MAX];
	utf8proc_int32_t original = 0;
	utf8proc_uint8_t bytes[4];
	size_t at = 0;
	size_t count = 0;
	size_t i;
	size_t length = 0;
	int pending_space = 0;
	int full = 0;

	if (size == 0)
		return buf;
	while (*p != '\0' && !full) {
		/* An ASCII letter, digit or break is read in place, as below. */
		if (*p < 0x80 && classify_ascii(*p) == FOLD_LETTER) {
			if (at + (pending_space && at > 0) + 2 > size)
				break;
			if (pending_space && at > 0)
				buf[at++] = ' ';
			pending_space = 0;
			buf[at++] = (char)ascii_lower(*p++);
			/* The rest of a run of small letters and digits, as is. */
			while (at + 2 <= size && is_small_or_digit(*p))
				buf[at++] = (char)*p++;
			continue;
		}
		if (*p < 0x80 && classify_ascii(*p) == FOLD_BREAK) {
			p++;
			pending_space = 1;
			continue;
		}
		count = fold_char(folded, &original, &p);
		switch (classify(original)) {
		case FOLD_JOIN:
		case FOLD_MARK:
			continue;
		case FOLD_AND:
			if (at > 0 && at + 4 < size) {
				memcpy(buf + at, " and", 4);
				at += 4;
			} else if (at == 0 && at + 3 < size) {
				memcpy(buf, "and", 3);
				at = 3;
			}
			pending_space = 1;
			continue;
		case FOLD_BREAK:
			pending_space = 1;
			continue;
		case FOLD_LETTER:
			break;
		}
		for (i = 0; i < count; i++) {
			if (classify(folded[i]) != FOLD_LETTER)
				continue;
			if (folded[i] < 0x80) {
				bytes[0] = (utf8proc_uint8_t)folded[i];
				length = 1;
			} else {
				length = (size_t)utf8proc_encode_char(folded[i], bytes);
			}
			if (at + (pending_space && at > 0) + length + 1 > size) {
				full = 1;
				break;
			}
			if (pending_space && at > 0)
				buf[at++] = ' ';
			pending_space = 0;
			memcpy(buf + at, bytes, length);
			at += length;
		}
	}
	buf[at] = '\0';
	if (strncmp(buf, "the ", 4) == 0)
		memmove(buf, buf + 4, at - 4 + 1);
	return buf;
}

size_t orgcheck_fold_letters(int32_t *out, size_t max, const char *text, int words)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	utf8proc_int32_t folded[FOLD_CHAR_MAX];
	utf8proc_int32_t original = 0;
	size_t at = 0;
	size_t count = 0;
	size_t i;
	int pending_space = 0;
	int after_small = 0;

	while (*p != '\0' && at < max) {
		/* An ASCII letter, digit or break is read in place, as below. */
		if (*p < 0x80 && classify_ascii(*p) == FOLD_LETTER) {
			if (after_small && *p >= 'A' && *p <= 'Z')
				pending_space = 1;
			after_small = *p >= 'a' && *p <= 'z';
			if (pending_space && at > 0 && words) {
				out[at++] = ' ';
				if (at == max)
					break;
			}
			pending_space = 0;
			out[at++] = ascii_lower(*p++);
			/* The rest of a run of small letters and digits: no word
			 * starts inside it. */
			while (at < max && is_small_or_digit(*p)) {
				after_small = *p >= 'a';
				out[at++] = *p++;
			}
			continue;
		}
		if (*p < 0x80 && classify_ascii(*p) == FOLD_BREAK) {
			p++;
			pending_space = 1;
			after_small = 0;
			continue;
		}
		count = fold_char(folded, &original, &p);
		switch (classify(original)) {
		case FOLD_MARK:
			continue;
		case FOLD_JOIN:
		case FOLD_AND:
		case FOLD_BREAK:
			pending_space = 1;
			after_small = 0;
			continue;
		case FOLD_LETTER:
			break;
		}
		/* A capital after a small letter starts a word: "WorkSafe". */
		if (after_small && category_is(original, UTF8PROC_CATEGORY_LU))
			pending_space = 1;
		if (is_ideograph(original))
			pending_space = 1;
		after_small = category_is(original, UTF8PROC_CATEGORY_LL);
		for (i = 0; i < count && at < max; i++) {
			if (classify(folded[i]) != FOLD_LETTER)
				continue;
			if (pending_space && at > 0 && words) {
				out[at++] = ' ';
				if (at == max)
					break;
			}
			pending_space = 0;
			out[at++] = folded[i];
		}
		if (is_ideograph(original))
			pending_space = 1;
	}
	return at;
}
