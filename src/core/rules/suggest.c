/* Did you mean: edit distances between a reference or label and the ids
 * and names of the corpus, letters that rule candidates out cheaply, and
 * the suggestion budget that bounds the search. */
#include "rules/rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The number of bits set in x, in a dozen operations whatever x is (the
 * "did you mean" search calls this for every candidate). */
static size_t bits_set(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
	return (size_t)((x * 0x0101010101010101u) >> 56);
}

/* A lower bound of the edit distance of two strings from their letters
 * (orgcheck_rule_letters): the kinds of byte one has and the other lacks
 * (each needs an edit of its own), in 64 classes (bytes sharing a class
 * only lower the bound). Cheap enough to try before every table. */
static size_t letters_differ(uint64_t in_a, uint64_t in_b)
{
	size_t more = bits_set(in_a & ~in_b);
	size_t fewer = bits_set(in_b & ~in_a);

	return more > fewer ? more : fewer;
}

uint64_t orgcheck_rule_letters(const char *text, size_t length)
{
	uint64_t letters = 0;
	size_t i;

	for (i = 0; i < length; i++)
		letters |= (uint64_t)1 << ((unsigned char)text[i] & 63);
	return letters;
}

/* The edit distance of a and b (of lengths la and lb), at most limit + 1,
 * adding the cells of the table it filled to *cells. The caller has
 * checked the bounds from lengths and letters.
 *
 * Only the band of cells within limit of the diagonal is computed: a cell
 * further off costs more than limit, and so does every path through it,
 * so the band alone decides whether a row's best is within limit and
 * what the distance is. Cells are charged per whole row all the same, so
 * the suggestion budget is spent as by the full table. */
static size_t edit_distance_table(const char *a, size_t la, const char *b, size_t lb, size_t limit,
				  unsigned long long *cells)
{
	size_t small_previous[128];
	size_t small_current[128];
	size_t *previous = NULL;
	size_t *current = NULL;
	size_t *swap = NULL;
	size_t i;
	size_t j;
	size_t lo = 0;
	size_t hi = 0;
	size_t best = 0;
	size_t result = limit + 1;

	if (lb < sizeof(small_previous) / sizeof(small_previous[0])) {
		previous = small_previous;
		current = small_current;
	} else {
		previous = malloc((lb + 1) * sizeof(*previous));
		current = malloc((lb + 1) * sizeof(*current));
	}
	if (previous == NULL || current == NULL)
		goto done;
	/* Every cell holds a value before the band reaches it, so that no row
	 * reads what was never written, whatever the band's edges. */
	for (j = 0; j <= lb; j++) {
		previous[j] = j;
		current[j] = limit + 1;
	}
	for (i = 1; i <= la; i++) {
		lo = i > limit ? i - limit : 1;
		hi = i + limit < lb ? i + limit : lb;
		/* Left of the band: the first column, or a cell beyond limit. */
		current[lo - 1] = lo == 1 ? i : limit + 1;
		best = current[lo - 1];
		for (j = lo; j <= hi; j++) {
			size_t substitute = previous[j - 1] + (a[i - 1] != b[j - 1]);
			size_t remove = previous[j] + 1;
			size_t insert = current[j - 1] + 1;

			current[j] = substitute < remove ? substitute : remove;
			if (insert < current[j])
				current[j] = insert;
			if (current[j] < best)
				best = current[j];
		}
		/* Right of the band, read by the next row. */
		if (hi < lb)
			current[hi + 1] = limit + 1;
		*cells += lb + 1;
		if (best > limit)
			goto done;
		swap = previous;
		previous = current;
		current = swap;
	}
	result = previous[lb] > limit ? limit + 1 : previous[lb];

done:
	if (previous != small_previous && previous != small_current) {
		free(previous);
		free(current);
	}
	return result;
}

/* orgcheck_rule_edit_distance of two known strings, adding the cells of
 * the table it filled to *cells. */
static size_t edit_distance_known(const struct orgcheck_rule_text *a, const struct orgcheck_rule_text *b,
				  size_t limit, unsigned long long *cells)
{
	size_t la = a->length;
	size_t lb = b->length;

	/* Lengths alone may already exceed the limit, and so may the letters:
	 * "did you mean" compares a reference with every id and name of the
	 * corpus, and most are dismissed here without a table. */
	if ((la > lb ? la - lb : lb - la) > limit || letters_differ(a->letters, b->letters) > limit)
		return limit + 1;
	return edit_distance_table(a->text, la, b->text, lb, limit, cells);
}

static struct orgcheck_rule_text known(const char *text)
{
	struct orgcheck_rule_text known_text;

	known_text.text = text;
	known_text.length = strlen(text);
	known_text.letters = orgcheck_rule_letters(text, known_text.length);
	return known_text;
}

static size_t edit_distance(const char *a, const char *b, size_t limit, unsigned long long *cells)
{
	struct orgcheck_rule_text known_a = known(a);
	struct orgcheck_rule_text known_b = known(b);

	return edit_distance_known(&known_a, &known_b, limit, cells);
}

size_t orgcheck_rule_edit_distance(const char *a, const char *b, size_t limit)
{
	unsigned long long cells = 0;

	return edit_distance(a, b, limit, &cells);
}

size_t orgcheck_rule_suggest_known(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				   const struct orgcheck_rule_text *b, size_t limit)
{
	unsigned long long la = a->length;
	unsigned long long lb = b->length;
	/* Reading the lengths costs too, so that a search over many
	 * candidates of the wrong length ends as well. */
	unsigned long long cells = la + lb + 1;
	size_t distance = limit + 1;

	/* The whole table must fit in what is left; the rows actually
	 * filled (the search stops past limit) are charged. */
	if ((la + 1) * (lb + 1) + cells > run->suggestion_budget) {
		run->suggestion_budget = 0;
		return limit + 1;
	}
	distance = edit_distance_known(a, b, limit, &cells);
	run->suggestion_budget -= cells;
	return distance;
}

size_t orgcheck_rule_suggest_prepaid(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				     const struct orgcheck_rule_text *b, size_t limit)
{
	unsigned long long cells = 0;
	size_t distance = edit_distance_known(a, b, limit, &cells);

	run->suggestion_budget -= cells;
	return distance;
}

size_t orgcheck_rule_suggest_distance(struct orgcheck_rule_run *run, const char *a, const char *b,
				      size_t limit)
{
	struct orgcheck_rule_text known_a = known(a);
	struct orgcheck_rule_text known_b = known(b);

	return orgcheck_rule_suggest_known(run, &known_a, &known_b, limit);
}
