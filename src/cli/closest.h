/* "Did you mean": the closest of a few known names to a misspelt one, by
 * edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours), for commands and options. */
#ifndef ORGCHECK_CLOSEST_H
#define ORGCHECK_CLOSEST_H

#include <stddef.h>

/* The name of names (count of them) nearest to word[0..length), or NULL
 * when none is near enough to be what was meant (more than a third of
 * the word, at least one edit, would have to change). Borrowed from names. */
const char *orgcheck_closest(const char *word, size_t length, const char *const *names, size_t count);

#endif
