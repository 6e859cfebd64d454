/* Folding names so that spellings compare equal when a reader would call
 * them the same: Unicode case folding, compatibility normalization
 * (full-width letters, ligatures) and combining marks stripped, through
 * utf8proc; Unicode punctuation, symbols and spaces break words. The one
 * place names are folded: the index's keys, reference labels and the
 * acronym rules all fold here. */
#ifndef ORGCHECK_UTIL_FOLD_H
#define ORGCHECK_UTIL_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* name folded into buf (size bytes, at least 1) and buf returned: words
 * of letters and digits, folded, joined by single spaces; "&" reads as
 * "and", apostrophes (' U+2019 U+02BC) and dots join their neighbours
 * ("ISEV's" folds like "isevs", "U.S." like "us"), a leading "the" is
 * dropped. Cut between characters when buf is too small. NULL name folds
 * to "". */
char *orgcheck_fold_name(char *buf, size_t size, const char *name);

/* The folded letters of text as code points into out (at most max), for
 * comparing acronyms with names: with words set, every character that is
 * not a letter or digit breaks words (apostrophes, dots and hyphens
 * too), as do a capital after a small letter ("WorkSafe") and every
 * ideograph or kana (CJK writes words without spaces), and each break is
 * one ' ' between words; without words, breaks are dropped and only the
 * letters remain. Returns how many code points were stored. */
size_t orgcheck_fold_letters(int32_t *out, size_t max, const char *text, int words);

#endif
