/* The rule catalogue: assembled from the groups of rules in id order,
 * every group's descriptors in it once, each findable by its id. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <orgcheck/catalog.h>
#include <orgcheck/findings.h>
#include "rules/rules.h"

/* Every group of descriptors, as the modules that own them export them. */
static const struct orgcheck_rule *(*const groups[])(size_t *count_out) = {
	orgcheck_rules_reading, orgcheck_rules_custom, orgcheck_rules_configuration,
	orgcheck_rules_identity, orgcheck_rules_references, orgcheck_rules_links,
	orgcheck_rules_founders, orgcheck_rules_cycles, orgcheck_rules_dates,
	orgcheck_rules_claims, orgcheck_rules_figures,
};

static int is_kebab_case(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
		if (s[0] == '-' && (s[1] == '-' || s[1] == '\0'))
			return 0;
	}
	return 1;
}

static void test_sorted_and_unique(void **state)
{
	const struct orgcheck_rule *rule = NULL;
	const struct orgcheck_rule *previous = NULL;
	size_t count = orgcheck_catalog_count();
	size_t i;
	size_t j;

	(void)state;
	assert_true(count >= 6);
	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) {
		assert_non_null(rule->id);
		assert_int_equal(strlen(rule->id), 5);
		assert_memory_equal(rule->id, "OC", 2);
		assert_non_null(rule->name);
		assert_true(is_kebab_case(rule->name));
		assert_non_null(rule->description);
		assert_true(strlen(rule->description) > 20);
		assert_true(rule->severity == ORGCHECK_SEVERITY_INFO ||
			    rule->severity == ORGCHECK_SEVERITY_WARNING ||
			    rule->severity == ORGCHECK_SEVERITY_ERROR);
		/* Sorted across the groups, hence unique. */
		if (previous != NULL)
			assert_true(strcmp(previous->id, rule->id) < 0);
		for (j = 0; j < i; j++) {
			assert_string_not_equal(orgcheck_catalog_rule(j)->id, rule->id);
			assert_string_not_equal(orgcheck_catalog_rule(j)->name, rule->name);
		}
		assert_ptr_equal(orgcheck_catalog_find(rule->id), rule);
		assert_int_equal(orgcheck_catalog_index(rule), i);
		previous = rule;
	}
	assert_int_equal(i, count);
	assert_null(orgcheck_catalog_rule(count));
	assert_null(orgcheck_catalog_rule((size_t)-1));
}

/* Every descriptor of every group is in the catalogue, so nothing a rule
 * can report is missing from it; and the catalogue has nothing else. */
static void test_complete(void **state)
{
	const struct orgcheck_rule *rules = NULL;
	size_t total = 0;
	size_t count = 0;
	size_t g;
	size_t i;

	(void)state;
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		rules = groups[g](&count);
		assert_true(count > 0);
		for (i = 0; i < count; i++) {
			assert_ptr_equal(orgcheck_catalog_find(rules[i].id), &rules[i]);
			assert_ptr_equal(orgcheck_catalog_rule(orgcheck_catalog_index(&rules[i])), &rules[i]);
			/* Each group is sorted in itself. */
			if (i > 0)
				assert_true(strcmp(rules[i - 1].id, rules[i].id) < 0);
			/* Cross-record rules have a function, the pipeline's none. */
			assert_int_equal(rules[i].run != NULL, g >= 3);
		}
		total += count;
	}
	assert_int_equal(total, orgcheck_catalog_count());
}

/* The rules the pipeline reports by id are the catalogue's. */
static void test_pipeline_rules(void **state)
{
	static const char *const ids[] = {
		ORGCHECK_RULE_UNREADABLE, ORGCHECK_RULE_NOT_WELL_FORMED,
		ORGCHECK_RULE_FORBIDDEN_MARKUP, ORGCHECK_RULE_UNKNOWN_RECORD_KIND,
		ORGCHECK_RULE_SCHEMA_INVALID, ORGCHECK_RULE_DIRECTORY_LOOP,
		ORGCHECK_RULE_SCHEMATRON, ORGCHECK_RULE_UNUSED_EXCEPTION,
		ORGCHECK_RULE_STALE_BASELINE,
	};
	struct orgcheck_findings list;
	size_t i;

	(void)state;
	orgcheck_findings_init(&list);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct orgcheck_rule *rule = orgcheck_catalog_find(ids[i]);

		assert_non_null(rule);
		assert_string_equal(rule->id, ids[i]);
		assert_ptr_equal(orgcheck_rule_pipeline_find(ids[i]), rule);
		assert_int_equal(orgcheck_findings_add(&list, NULL, ids[i], "a.xml", 1, 1, "m"), 0);
		assert_ptr_equal(list.items[list.count - 1].rule, rule);
	}
	orgcheck_findings_release(&list);
	assert_null(orgcheck_rule_pipeline_find("OC101"));
	assert_non_null(orgcheck_catalog_find("OC101"));
	assert_string_equal(orgcheck_catalog_find(ORGCHECK_RULE_SCHEMA_INVALID)->name, "schema-invalid");
	assert_null(orgcheck_catalog_find("OC000"));
	assert_null(orgcheck_catalog_find("OC999"));
	assert_null(orgcheck_catalog_find(""));
	assert_null(orgcheck_catalog_find("oc005"));
	assert_null(orgcheck_catalog_find("OC0055"));
	assert_null(orgcheck_catalog_find("schema-invalid"));
	assert_int_equal(orgcheck_catalog_index(NULL), orgcheck_catalog_count());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_unique),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_pipeline_rules),
	};

	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
