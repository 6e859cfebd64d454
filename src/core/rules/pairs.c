/* The skeleton of rules that group a record's entries and compare pairs:
 * conflicting claims, disagreeing figures, entries listed twice. */
#include "rules/rules.h"

#include <stdlib.h>

/* Calls pairs->pair on the pairs of the group keys[first .. end). */
static int compare_group(struct orgcheck_rule_run *run, const struct orgcheck_rule_pairs *pairs,
			 const struct orgcheck_record *record, const char *keys, size_t first, size_t end,
			 void *data)
{
	const size_t size = pairs->key_size;
	size_t k;
	size_t m;
	int rc = 0;

	for (k = first + 1; k < end && rc >= 0; k++) {
		if (pairs->neighbours_only) {
			rc = pairs->pair(run, record, keys + k * size, keys + (k - 1) * size, data);
			continue;
		}
		/* Beyond the first ORGCHECK_RULES_PAIRWISE_MAX entries of a
		 * group, an entry meets only those, and is reported once. */
		for (m = first; m < k && m < first + ORGCHECK_RULES_PAIRWISE_MAX && rc >= 0; m++) {
			rc = pairs->pair(run, record, keys + k * size, keys + m * size, data);
			if (rc > 0 && k >= first + ORGCHECK_RULES_PAIRWISE_MAX)
				break;
		}
	}
	return rc < 0 ? rc : 0;
}

int orgcheck_rule__compare_pairs(struct orgcheck_rule_run *run, const struct orgcheck_rule_pairs *pairs,
				 void *data)
{
	const struct orgcheck_record *record = NULL;
	const size_t size = pairs->key_size;
	char *keys = NULL;
	size_t capacity = 0;
	size_t entries = 0;
	size_t count = 0;
	size_t first = 0;
	size_t end = 0;
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		entries = pairs->entry_count(record);
		if (entries < 2)
			continue;
		if (entries > capacity) {
			free(keys);
			capacity = entries;
			/* Catch size_t overflow before it wraps. */
			keys = capacity <= ((size_t)-1) / size ? malloc(capacity * size) : NULL;
			if (keys == NULL)
				return orgcheck_error_nomem(run->err);
		}
		count = 0;
		for (j = 0; j < entries; j++) {
			run->operations++;
			if (pairs->key(keys + count * size, record, j, data))
				count++;
		}
		qsort(keys, count, size, pairs->compare);
		for (first = 0; first < count && rc == 0; first = end) {
			for (end = first + 1; end < count && pairs->same_group(keys + end * size, keys + first * size);
			     end++)
				;
			rc = compare_group(run, pairs, record, keys, first, end, data);
		}
	}
	free(keys);
	return rc;
}
