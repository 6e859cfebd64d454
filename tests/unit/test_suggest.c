/* "Did you mean" distances: orgcheck_rule_suggest_known, which OC110
 * uses with lengths and letters worked out once per run, gives the
 * distance orgcheck_rule_suggest_distance gives and charges the
 * suggestion budget the same, also when the budget runs out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* The distance and charge as OC110 worked them out before it knew
 * lengths and letters in advance and before it filled only the band near
 * the diagonal: from the strings alone, each time, the whole table. */
static size_t reference_distance(unsigned long long *budget, const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a);
	size_t lb = strlen(b);
	unsigned long long cells = la + lb + 1;
	uint64_t in_a = 0;
	uint64_t in_b = 0;
	size_t more = 0;
	size_t fewer = 0;
	size_t row[64];
	size_t next[64];
	size_t best = 0;
	size_t result = limit + 1;
	size_t i;
	size_t j;

	if ((la + 1) * (lb + 1) + cells > *budget) {
		*budget = 0;
		return limit + 1;
	}
	for (i = 0; i < la; i++)
		in_a |= (uint64_t)1 << ((unsigned char)a[i] & 63);
	for (i = 0; i < lb; i++)
		in_b |= (uint64_t)1 << ((unsigned char)b[i] & 63);
	for (i = 0; i < 64; i++) {
		more += (in_a >> i & 1) && !(in_b >> i & 1);
		fewer += (in_b >> i & 1) && !(in_a >> i & 1);
	}
	if ((la > lb ? la - lb : lb - la) > limit || (more > fewer ? more : fewer) > limit)
		goto done;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		next[0] = i;
		best = i;
		for (j = 1; j <= lb; j++) {
			next[j] = row[j - 1] + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < next[j])
				next[j] = row[j] + 1;
			if (next[j - 1] + 1 < next[j])
				next[j] = next[j - 1] + 1;
			if (next[j] < best)
				best = next[j];
		}
		cells += lb + 1;
		if (best > limit)
			goto done;
		memcpy(row, next, (lb + 1) * sizeof(row[0]));
	}
	result = row[lb] > limit ? limit + 1 : row[lb];

done:
	*budget -= cells;
	return result;
}

static struct orgcheck_rule_text known(const char *text)
{
	struct orgcheck_rule_text k;

	k.text = text;
	k.length = strlen(text);
	k.letters = orgcheck_rule_letters(text, k.length);
	return k;
}

/* A word of 0 to 40 bytes, mostly from a small alphabet so that many
 * pairs are close, sometimes with bytes beyond ASCII. */
static void random_word(char *buf, unsigned *seed)
{
	static const char alphabet[] = "abcde-fghij";
	size_t length = (size_t)(rand_r(seed) % 41);
	size_t i;

	for (i = 0; i < length; i++) {
		if (rand_r(seed) % 17 == 0)
			buf[i] = (char)(0x80 + rand_r(seed) % 64);
		else
			buf[i] = alphabet[rand_r(seed) % (sizeof(alphabet) - 1)];
	}
	buf[length] = '\0';
}

static void test_known_lengths_and_letters_change_nothing(void **state)
{
	struct orgcheck_rule_run by_text;
	struct orgcheck_rule_run by_known;
	unsigned long long reference_budget = 200000;
	size_t distance = 0;
	struct orgcheck_rule_text ka;
	struct orgcheck_rule_text kb;
	char a[64];
	char b[64];
	unsigned seed = 20261121;
	size_t limit = 0;
	size_t i;

	(void)state;
	memset(&by_text, 0, sizeof(by_text));
	memset(&by_known, 0, sizeof(by_known));
	/* Small enough to run out half way. */
	by_text.suggestion_budget = 200000;
	by_known.suggestion_budget = 200000;
	for (i = 0; i < 20000; i++) {
		random_word(a, &seed);
		random_word(b, &seed);
		limit = (size_t)(rand_r(&seed) % 12);
		ka = known(a);
		kb = known(b);
		distance = reference_distance(&reference_budget, a, b, limit);
		assert_int_equal(orgcheck_rule_suggest_known(&by_known, &ka, &kb, limit), distance);
		assert_int_equal(orgcheck_rule_suggest_distance(&by_text, a, b, limit), distance);
		assert_int_equal(by_known.suggestion_budget, reference_budget);
		assert_int_equal(by_text.suggestion_budget, reference_budget);
	}
	assert_int_equal(by_text.suggestion_budget, 0);
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(orgcheck_rule_edit_distance("kitten", "sitting", 10), 3);
	assert_int_equal(orgcheck_rule_edit_distance("isc", "isct", 1), 1);
	/* Past the limit, limit + 1. */
	assert_int_equal(orgcheck_rule_edit_distance("abc", "xyz", 1), 2);
	assert_int_equal(orgcheck_rule_edit_distance("", "", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_lengths_and_letters_change_nothing),
		cmocka_unit_test(test_distance),
	};

	return cmocka_run_group_tests_name("suggest", tests, NULL, NULL);
}
