#include <orgcheck/catalog.h>

#include <string.h>

#include "rules/rules.h"

/* The groups in id order; each group is sorted within. The unit tests
 * check the whole is sorted, complete and without repeated ids. */
static const struct orgcheck_rule *(*const groups[])(size_t *count_out) = {
	orgcheck_rules_reading,        /* OC001-OC006, findings/rule.c */
	orgcheck_rules_identity,       /* OC101-OC105 */
	orgcheck_rules_references,     /* OC110-OC115 */
	orgcheck_rules_links,          /* OC120-OC123 */
	orgcheck_rules_founders,       /* OC130-OC132 */
	orgcheck_rules_cycles,         /* OC133 */
	orgcheck_rules_dates,          /* OC140-OC145 */
	orgcheck_rules_claims,         /* OC150-OC152 */
	orgcheck_rules_figures,        /* OC160-OC161 */
	orgcheck_rules_custom,         /* OC170, findings/rule.c */
	orgcheck_rules_configuration,  /* OC190-OC191, findings/rule.c */
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

size_t orgcheck_catalog_count(void)
{
	size_t total = 0;
	size_t count = 0;
	size_t g;

	for (g = 0; g < GROUP_COUNT; g++) {
		(void)groups[g](&count);
		total += count;
	}
	return total;
}

const struct orgcheck_rule *orgcheck_catalog_rule(size_t index)
{
	const struct orgcheck_rule *rules = NULL;
	size_t count = 0;
	size_t g;

	for (g = 0; g < GROUP_COUNT; g++) {
		rules = groups[g](&count);
		if (index < count)
			return &rules[index];
		index -= count;
	}
	return NULL;
}

size_t orgcheck_catalog_index(const struct orgcheck_rule *rule)
{
	const struct orgcheck_rule *rules = NULL;
	size_t count = 0;
	size_t base = 0;
	size_t g;
	size_t i;

	for (g = 0; g < GROUP_COUNT; g++) {
		rules = groups[g](&count);
		for (i = 0; i < count; i++) {
			if (&rules[i] == rule)
				return base + i;
		}
		base += count;
	}
	return base;
}

const struct orgcheck_rule *orgcheck_catalog_find(const char *id)
{
	const struct orgcheck_rule *rules = NULL;
	size_t count = 0;
	size_t g;
	size_t i;

	for (g = 0; g < GROUP_COUNT; g++) {
		rules = groups[g](&count);
		for (i = 0; i < count; i++) {
			if (strcmp(rules[i].id, id) == 0)
				return &rules[i];
		}
	}
	return NULL;
}
