/* The rule catalogue: every kind of finding orgcheck can report, in id
 * order.
 *
 * Each group of rules keeps its descriptors beside its code (the
 * pipeline's in <orgcheck/rule.h>, the cross-record rules' beside their
 * functions); the catalogue puts the groups together. Every descriptor
 * is static and lives as long as the program, so a finding can point at
 * its rule. */
#ifndef ORGCHECK_CATALOG_H
#define ORGCHECK_CATALOG_H

#include <stddef.h>

#include <orgcheck/rule.h>

/* How many rules the catalogue has. */
size_t orgcheck_catalog_count(void);

/* The rule at index (0 to orgcheck_catalog_count() - 1, in id order), or
 * NULL past the end:
 *   for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) ... */
const struct orgcheck_rule *orgcheck_catalog_rule(size_t index);

/* The place of rule in the catalogue, or orgcheck_catalog_count() when it
 * is not there. */
size_t orgcheck_catalog_index(const struct orgcheck_rule *rule);

/* The rule with this id, or NULL. */
const struct orgcheck_rule *orgcheck_catalog_find(const char *id);

#endif
