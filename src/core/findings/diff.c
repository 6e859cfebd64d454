/* Comparing findings by fingerprint: two runs (an edit's before and
 * after), and the sorted fingerprints that baselines are compared with. */
#include <orgcheck/findings.h>

#include <stdlib.h>
#include <string.h>

#include "findings/keyed.h"

static int compare_keyed(const void *pa, const void *pb)
{
	const struct orgcheck_keyed *a = pa;
	const struct orgcheck_keyed *b = pb;
	int c = strcmp(a->fingerprint, b->fingerprint);

	if (c == 0)
		c = (a->index > b->index) - (a->index < b->index);
	return c;
}

int orgcheck_findings__keyed(struct orgcheck_keyed **out, const struct orgcheck_findings *findings,
			     struct orgcheck_error *err)
{
	struct orgcheck_keyed *keys = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	keys = malloc((findings->count + 1) * sizeof(*keys));
	if (keys == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < findings->count; i++) {
		rc = orgcheck_finding_fingerprint(keys[i].fingerprint, ORGCHECK_FINGERPRINT_SIZE,
						  &findings->items[i], err);
		if (rc < 0)
			goto done;
		keys[i].index = i;
	}
	qsort(keys, findings->count, sizeof(*keys), compare_keyed);
	*out = keys;
	keys = NULL;

done:
	free(keys);
	return rc;
}

int orgcheck_findings_diff(struct orgcheck_findings *out, struct orgcheck_findings *before,
			   struct orgcheck_findings *after, struct orgcheck_error *err)
{
	struct orgcheck_keyed *old_keys = NULL;
	struct orgcheck_keyed *new_keys = NULL;
	unsigned char *resolved = NULL;
	size_t oi = 0;
	size_t ni = 0;
	size_t on = 0;
	size_t nn = 0;
	size_t k = 0;
	int c = 0;
	int rc = 0;

	orgcheck_findings_init(out);
	rc = orgcheck_findings__keyed(&old_keys, before, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_findings__keyed(&new_keys, after, err);
	if (rc < 0)
		goto done;
	resolved = calloc(before->count + 1, 1);
	if (resolved == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Merge the two sorted fingerprint lists group by group. */
	while (oi < before->count || ni < after->count) {
		if (oi >= before->count)
			c = 1;
		else if (ni >= after->count)
			c = -1;
		else
			c = strcmp(old_keys[oi].fingerprint, new_keys[ni].fingerprint);
		on = 0;
		nn = 0;
		if (c <= 0)
			for (on = 1; oi + on < before->count &&
				     strcmp(old_keys[oi + on].fingerprint, old_keys[oi].fingerprint) == 0; on++)
				;
		if (c >= 0)
			for (nn = 1; ni + nn < after->count &&
				     strcmp(new_keys[ni + nn].fingerprint, new_keys[ni].fingerprint) == 0; nn++)
				;
		for (k = 0; k < nn; k++)
			after->items[new_keys[ni + k].index].state =
				k < on ? ORGCHECK_STATE_UNCHANGED : ORGCHECK_STATE_NEW;
		for (k = nn; k < on; k++)
			resolved[old_keys[oi + k].index] = 1;
		oi += on;
		ni += nn;
	}
	for (k = 0; k < before->count; k++) {
		if (resolved[k])
			before->items[k].state = ORGCHECK_STATE_ABSENT;
	}
	rc = orgcheck_findings_take(out, after, err);
	if (rc < 0)
		goto done;
	/* Only the resolved findings of the earlier run move over. */
	for (k = 0; k < before->count; k++) {
		if (!resolved[k])
			continue;
		rc = orgcheck_findings_take_one(out, before, k, err);
		if (rc < 0)
			goto done;
	}
	orgcheck_findings_sort(out);

done:
	free(old_keys);
	free(new_keys);
	free(resolved);
	orgcheck_findings_release(before);
	return rc;
}
