#include "closest.h"

#include <string.h>

/* Longer words are never meant as one another's misspellings here. */
#define MAX_WORD 64

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance between a[0..n) and b[0..m). */
static size_t distance(const char *a, size_t n, const char *b, size_t m)
{
	size_t d[MAX_WORD + 1][MAX_WORD + 1];
	size_t i;
	size_t j;

	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[n][m];
}

const char *orgcheck_closest(const char *word, size_t length, const char *const *names, size_t count)
{
	const char *best = NULL;
	size_t best_distance = (size_t)-1;
	size_t limit = length / 3 > 0 ? length / 3 : 1;
	size_t d = 0;
	size_t i;

	if (length == 0 || length > MAX_WORD)
		return NULL;
	for (i = 0; i < count; i++) {
		if (names[i] == NULL || strlen(names[i]) > MAX_WORD)
			continue;
		d = distance(word, length, names[i], strlen(names[i]));
		if (d < best_distance) {
			best_distance = d;
			best = names[i];
		}
	}
	return best_distance <= limit ? best : NULL;
}
