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

/* The keys of one record's entries, kept from record to record. */
struct pairs_scratch {
	char *keys;
	size_t capacity;
};

int orgcheck_rule__pairs_prepare(struct orgcheck_rule_run *run)
{
	run->state = calloc(1, sizeof(struct pairs_scratch));
	return run->state != NULL ? 0 : orgcheck_error_nomem(run->err);
}

void orgcheck_rule__pairs_finish(struct orgcheck_rule_run *run)
{
	struct pairs_scratch *scratch = run->state;

	if (scratch != NULL)
		free(scratch->keys);
	free(scratch);
}

int orgcheck_rule__pairs_visit(struct orgcheck_rule_run *run, const struct orgcheck_rule_pairs *pairs,
			       const struct orgcheck_record *record, void *data)
{
	struct pairs_scratch *scratch = run->state;
	const size_t size = pairs->key_size;
	size_t entries = pairs->entry_count(record);
	size_t count = 0;
	size_t first = 0;
	size_t end = 0;
	size_t j;
	int rc = 0;

	if (entries < 2)
		return 0;
	if (entries > scratch->capacity) {
		free(scratch->keys);
		scratch->capacity = 0;
		/* Catch size_t overflow before it wraps. */
		scratch->keys = entries <= ((size_t)-1) / size ? malloc(entries * size) : NULL;
		if (scratch->keys == NULL)
			return orgcheck_error_nomem(run->err);
		scratch->capacity = entries;
	}
	for (j = 0; j < entries; j++) {
		run->operations++;
		if (pairs->key(scratch->keys + count * size, record, j, data))
			count++;
	}
	qsort(scratch->keys, count, size, pairs->compare);
	for (first = 0; first < count && rc == 0; first = end) {
		for (end = first + 1;
		     end < count && pairs->same_group(scratch->keys + end * size, scratch->keys + first * size);
		     end++)
			;
		rc = compare_group(run, pairs, record, scratch->keys, first, end, data);
	}
	return rc;
}
