/* Baselines and the findings diff: writing a baseline and reading it
 * back, applying it (covered, new, stale entries), pruning, malformed
 * files, and orgcheck_findings_diff's new/unchanged/absent states.
 * Findings are matched by fingerprint, so a finding moved to another line
 * stays the same finding.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/baseline.h>
#include <orgcheck/catalog.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "testutil.h"

struct fixture {
	char *dir;
	char *path;   /* dir/baseline.txt */
	struct orgcheck_baseline *baseline;
	struct orgcheck_findings findings;
	struct orgcheck_findings before;
	struct orgcheck_findings after;
	struct orgcheck_findings diff;
	struct orgcheck_error err;
	char *text;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	fx->path = test_join(fx->dir, "baseline.txt");
	orgcheck_findings_init(&fx->findings);
	orgcheck_findings_init(&fx->before);
	orgcheck_findings_init(&fx->after);
	orgcheck_findings_init(&fx->diff);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_baseline_free(fx->baseline);
	orgcheck_findings_release(&fx->findings);
	orgcheck_findings_release(&fx->before);
	orgcheck_findings_release(&fx->after);
	orgcheck_findings_release(&fx->diff);
	test_remove_tree(fx->dir);
	free(fx->text);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Adds a finding with a record and a value: its fingerprint is made of
 * rule, record and value, never of the line. */
static void add(struct orgcheck_findings *list, const char *rule, const char *record,
		unsigned long line, const char *value)
{
	struct orgcheck_error err;
	char path[64];

	orgcheck_error_clear(&err);
	snprintf(path, sizeof(path), "records/%s.xml", record);
	assert_int_equal(orgcheck_findings_add_rule(list, &err, orgcheck_catalog_find(rule), path, line, 3, "%s at line %lu",
					       value, line), 0);
	assert_int_equal(orgcheck_findings_set_record(list, &err, list->count - 1, record), 0);
	assert_int_equal(orgcheck_findings_add_value(list, &err, "label", value, "src.txt"), 0);
}

static void write_baseline(struct fixture *fx, const struct orgcheck_findings *list)
{
	FILE *out = fopen(fx->path, "w");

	assert_non_null(out);
	assert_int_equal(orgcheck_baseline_write(out, list, &fx->err), 0);
	assert_int_equal(fclose(out), 0);
	free(fx->text);
	fx->text = test_read_file(fx->path);
	assert_non_null(fx->text);
}

static void load_ok(struct fixture *fx)
{
	orgcheck_baseline_free(fx->baseline);
	fx->baseline = NULL;
	if (orgcheck_baseline_load(&fx->baseline, fx->path, &fx->err) != 0)
		fail_msg("load failed: %s", fx->err.message);
	assert_non_null(fx->baseline);
}

static size_t count_lines(const char *text, int comments)
{
	size_t n = 0;
	const char *line = text;

	while (*line != '\0') {
		if ((line[0] == '#') == comments)
			n++;
		line = strchr(line, '\n');
		assert_non_null(line);
		line++;
	}
	return n;
}

/* The 1-based number of the line of text that holds needle. */
static unsigned long line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	unsigned long line = 1;

	assert_non_null(at);
	for (; text < at; text++)
		line += *text == '\n';
	return line;
}

static const char *fingerprint(const struct orgcheck_finding *f, char buf[32])
{
	assert_int_equal(orgcheck_finding_fingerprint(buf, 32, f, NULL), 0);
	return buf;
}

/* One line per fingerprint with its count, rule, record and first
 * message, sorted by fingerprint; a message's newline cannot break it. */
static void test_write_form(void **state)
{
	struct fixture *fx = *state;
	char fa[32];
	char fb[32];
	char line[256];

	add(&fx->findings, "OC110", "alpha", 3, "beta");
	add(&fx->findings, "OC110", "alpha", 9, "beta");
	add(&fx->findings, "OC112", "gamma", 4, "x\ny");
	write_baseline(fx, &fx->findings);
	assert_int_equal(strncmp(fx->text, "# orgcheck baseline 1\n", 22), 0);
	assert_int_equal(count_lines(fx->text, 0), 2);
	fingerprint(&fx->findings.items[0], fa);
	fingerprint(&fx->findings.items[2], fb);
	snprintf(line, sizeof(line), "\n%s 2 OC110 alpha: beta at line 3\n", fa);
	assert_non_null(strstr(fx->text, line));
	snprintf(line, sizeof(line), "\n%s 1 OC112 gamma: x y at line 4\n", fb);
	assert_non_null(strstr(fx->text, line));
	/* Sorted by fingerprint. */
	assert_true((strcmp(fa, fb) < 0) == (strstr(fx->text, fa) < strstr(fx->text, fb)));
}

/* The same findings on other lines are covered; nothing is left. */
static void test_apply_covers_moved_findings(void **state)
{
	struct fixture *fx = *state;

	add(&fx->before, "OC110", "alpha", 3, "beta");
	add(&fx->before, "OC110", "alpha", 9, "beta");
	add(&fx->before, "OC112", "gamma", 4, "g");
	write_baseline(fx, &fx->before);
	load_ok(fx);
	add(&fx->findings, "OC112", "gamma", 40, "g");
	add(&fx->findings, "OC110", "alpha", 13, "beta");
	add(&fx->findings, "OC110", "alpha", 19, "beta");
	assert_int_equal(orgcheck_baseline_apply(fx->baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(fx->findings.count, 0);
}

/* Beyond an entry's count a finding is new; an entry with fewer findings
 * than it counts is an OC191 finding on the baseline file at its line. */
static void test_apply_new_and_stale(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_finding *f = NULL;
	size_t i;

	add(&fx->before, "OC110", "alpha", 3, "beta");
	add(&fx->before, "OC112", "gamma", 4, "g");
	add(&fx->before, "OC112", "gamma", 5, "g");
	write_baseline(fx, &fx->before);
	load_ok(fx);
	add(&fx->findings, "OC110", "alpha", 3, "beta");
	add(&fx->findings, "OC110", "alpha", 8, "beta");
	add(&fx->findings, "OC112", "gamma", 4, "g");
	add(&fx->findings, "OC120", "delta", 2, "d");
	assert_int_equal(orgcheck_baseline_apply(fx->baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(test_count_findings(&fx->findings, "OC110"), 1);
	assert_int_equal(test_count_findings(&fx->findings, "OC112"), 0);
	assert_int_equal(test_count_findings(&fx->findings, "OC120"), 1);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_STALE_BASELINE), 1);
	for (i = 0; i < fx->findings.count; i++) {
		f = &fx->findings.items[i];
		if (strcmp(f->rule->id, ORGCHECK_RULE_STALE_BASELINE) == 0)
			assert_int_equal(f->state, ORGCHECK_STATE_ABSENT);
		else
			assert_int_equal(f->state, ORGCHECK_STATE_NEW);
	}
	/* The report order keeps the first finding as the known one. */
	assert_int_equal(test_find_finding(&fx->findings, "OC110", NULL)->primary.line, 8);
	f = test_find_finding(&fx->findings, ORGCHECK_RULE_STALE_BASELINE, fx->path);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "1 of 2 baselined findings are fixed"));
	assert_non_null(strstr(f->message, "OC112 gamma"));
	/* At the line of the entry in the baseline file. */
	assert_int_equal(f->primary.line, line_of(fx->text, " OC112 gamma: "));
}

/* A header-only baseline covers nothing. */
static void test_apply_empty_baseline(void **state)
{
	struct fixture *fx = *state;

	write_baseline(fx, &fx->before);
	assert_int_equal(count_lines(fx->text, 0), 0);
	load_ok(fx);
	add(&fx->findings, "OC110", "alpha", 3, "beta");
	assert_int_equal(orgcheck_baseline_apply(fx->baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(fx->findings.count, 1);
	assert_int_equal(fx->findings.items[0].state, ORGCHECK_STATE_NEW);
}

/* Pruning lowers counts to what is left and drops fixed entries; a new
 * finding never enters. */
static void test_write_pruned(void **state)
{
	struct fixture *fx = *state;
	char fa[32];
	char fb[32];
	char fc[32];
	char line[128];
	FILE *out = NULL;

	add(&fx->before, "OC110", "alpha", 3, "beta");
	add(&fx->before, "OC110", "alpha", 4, "beta");
	add(&fx->before, "OC110", "alpha", 5, "beta");
	add(&fx->before, "OC112", "gamma", 4, "g");
	write_baseline(fx, &fx->before);
	load_ok(fx);
	add(&fx->findings, "OC110", "alpha", 30, "beta");
	add(&fx->findings, "OC110", "alpha", 40, "beta");
	add(&fx->findings, "OC120", "delta", 2, "d");
	out = fopen(fx->path, "w");
	assert_non_null(out);
	assert_int_equal(orgcheck_baseline_write_pruned(out, fx->baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(fclose(out), 0);
	free(fx->text);
	fx->text = test_read_file(fx->path);
	assert_non_null(fx->text);
	assert_int_equal(count_lines(fx->text, 0), 1);
	fingerprint(&fx->before.items[0], fa);
	fingerprint(&fx->before.items[3], fb);
	fingerprint(&fx->findings.items[2], fc);
	snprintf(line, sizeof(line), "\n%s 2 OC110 alpha: beta at line 3\n", fa);
	assert_non_null(strstr(fx->text, line));
	assert_null(strstr(fx->text, fb));
	assert_null(strstr(fx->text, fc));
	/* What it wrote reads back. */
	load_ok(fx);
}

static void load_fails(struct fixture *fx, const char *content, const char *expected)
{
	test_write_file(fx->path, content);
	orgcheck_baseline_free(fx->baseline);
	fx->baseline = NULL;
	orgcheck_error_clear(&fx->err);
	assert_int_equal(orgcheck_baseline_load(&fx->baseline, fx->path, &fx->err), ORGCHECK_ECONFIG);
	assert_null(fx->baseline);
	if (strstr(fx->err.message, fx->path) == NULL || strstr(fx->err.message, expected) == NULL)
		fail_msg("message '%s' does not name '%s' with '%s'", fx->err.message, fx->path, expected);
}

static void test_load_malformed(void **state)
{
	struct fixture *fx = *state;
	char *missing = NULL;

	load_fails(fx, "# orgcheck baseline 1\nnot a line\n", ":2:");
	load_fails(fx, "0123456789abcdef\n", ":1:");
	load_fails(fx, "0123456789abcdef 0 OC110 alpha: zero\n", ":1:");
	load_fails(fx, "0123456789abcdef x OC110 alpha: count\n", ":1:");
	load_fails(fx, "0123456789abcdef 1x OC110 alpha: count\n", ":1:");
	load_fails(fx, "0123456789ABCDEF 1 OC110 alpha: upper case\n", ":1:");
	load_fails(fx, "0123456789abcde 1 OC110 alpha: short\n", ":1:");
	load_fails(fx, "\n# c\n0123456789abcdef 1 OC110 a: m\n0123456789abcdeg 1 OC110 a: m\n", ":4:");
	missing = test_join(fx->dir, "missing.txt");
	orgcheck_error_clear(&fx->err);
	assert_true(orgcheck_baseline_load(&fx->baseline, missing, &fx->err) < 0);
	assert_null(fx->baseline);
	assert_non_null(strstr(fx->err.message, missing));
	free(missing);
}

/* Comments, blank lines and CRLF line ends are fine; a count without a
 * rest of line too. */
static void test_load_lenient_lines(void **state)
{
	struct fixture *fx = *state;
	char fa[32];
	char text[256];

	add(&fx->findings, "OC110", "alpha", 3, "beta");
	add(&fx->findings, "OC110", "alpha", 4, "beta");
	fingerprint(&fx->findings.items[0], fa);
	snprintf(text, sizeof(text), "# a comment\r\n\r\n%s 1 OC110 alpha: one\r\n\n# end\n", fa);
	test_write_file(fx->path, text);
	load_ok(fx);
	assert_int_equal(orgcheck_baseline_apply(fx->baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(fx->findings.count, 1);
	assert_int_equal(fx->findings.items[0].primary.line, 4);
	snprintf(text, sizeof(text), "%s 2\n", fa);
	test_write_file(fx->path, text);
	load_ok(fx);
}

static const struct orgcheck_finding *find_state(const struct orgcheck_findings *list, const char *rule,
						 unsigned long line, enum orgcheck_baseline_state state)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].rule->id, rule) == 0 && list->items[i].primary.line == line &&
		    list->items[i].state == state)
			return &list->items[i];
	}
	return NULL;
}

static size_t count_state(const struct orgcheck_findings *list, enum orgcheck_baseline_state state)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < list->count; i++)
		n += list->items[i].state == state;
	return n;
}

/* A multiset comparison: a moved finding is unchanged, one more of a
 * fingerprint is new, one fewer is absent (from the earlier run). */
static void test_diff_states(void **state)
{
	struct fixture *fx = *state;
	size_t i;

	add(&fx->before, "OC110", "alpha", 3, "beta");
	add(&fx->before, "OC112", "gamma", 4, "g");
	add(&fx->before, "OC112", "gamma", 5, "g");
	add(&fx->before, "OC120", "delta", 6, "d");
	add(&fx->after, "OC110", "alpha", 13, "beta");
	add(&fx->after, "OC112", "gamma", 14, "g");
	add(&fx->after, "OC101", "omega", 1, "o");
	add(&fx->after, "OC101", "omega", 2, "o");
	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->before.count, 0);
	assert_int_equal(fx->after.count, 0);
	assert_int_equal(fx->diff.count, 6);
	assert_int_equal(count_state(&fx->diff, ORGCHECK_STATE_UNCHANGED), 2);
	assert_int_equal(count_state(&fx->diff, ORGCHECK_STATE_NEW), 2);
	assert_int_equal(count_state(&fx->diff, ORGCHECK_STATE_ABSENT), 2);
	/* Unchanged and new findings are the later run's, at their new lines. */
	assert_non_null(find_state(&fx->diff, "OC110", 13, ORGCHECK_STATE_UNCHANGED));
	assert_non_null(find_state(&fx->diff, "OC112", 14, ORGCHECK_STATE_UNCHANGED));
	assert_non_null(find_state(&fx->diff, "OC101", 1, ORGCHECK_STATE_NEW));
	assert_non_null(find_state(&fx->diff, "OC101", 2, ORGCHECK_STATE_NEW));
	assert_non_null(find_state(&fx->diff, "OC120", 6, ORGCHECK_STATE_ABSENT));
	assert_int_equal(test_count_findings(&fx->diff, "OC112"), 2);
	assert_int_equal(find_state(&fx->diff, "OC112", 4, ORGCHECK_STATE_ABSENT) != NULL ||
			 find_state(&fx->diff, "OC112", 5, ORGCHECK_STATE_ABSENT) != NULL, 1);
	/* Sorted by path, then line. */
	for (i = 1; i < fx->diff.count; i++) {
		const struct orgcheck_finding *a = &fx->diff.items[i - 1];
		const struct orgcheck_finding *b = &fx->diff.items[i];
		int c = strcmp(a->primary.path, b->primary.path);

		assert_true(c < 0 || (c == 0 && a->primary.line <= b->primary.line));
	}
}

static void test_diff_one_side_empty(void **state)
{
	struct fixture *fx = *state;

	add(&fx->after, "OC110", "alpha", 3, "beta");
	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->diff.count, 1);
	assert_int_equal(fx->diff.items[0].state, ORGCHECK_STATE_NEW);
	orgcheck_findings_release(&fx->diff);

	add(&fx->before, "OC110", "alpha", 3, "beta");
	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->diff.count, 1);
	assert_int_equal(fx->diff.items[0].state, ORGCHECK_STATE_ABSENT);
	orgcheck_findings_release(&fx->diff);

	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->diff.count, 0);
}

/* The fingerprint ignores lines and columns, in the message too, but a
 * different value is a different finding. */
static void test_diff_changed_value(void **state)
{
	struct fixture *fx = *state;

	add(&fx->before, "OC110", "alpha", 3, "beta");
	add(&fx->after, "OC110", "alpha", 3, "betb");
	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->diff.count, 2);
	assert_int_equal(count_state(&fx->diff, ORGCHECK_STATE_NEW), 1);
	assert_int_equal(count_state(&fx->diff, ORGCHECK_STATE_ABSENT), 1);
}

/* A finding without values is known by its message, in which the
 * positions an edit shifts ("line N", "column N") do not count. */
static void test_diff_message_positions(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_findings_add_rule(&fx->before, &err, orgcheck_catalog_find("OC114"), "records/a.xml", 3, 1,
					       "beta listed twice (line 3, column 1 and line 9)"), 0);
	assert_int_equal(orgcheck_findings_add_rule(&fx->after, &err, orgcheck_catalog_find("OC114"), "records/a.xml", 13, 5,
					       "beta listed twice (line 13, column 5 and line 19)"), 0);
	assert_int_equal(orgcheck_findings_add_rule(&fx->after, &err, orgcheck_catalog_find("OC114"), "records/a.xml", 20, 1,
					       "gamma listed twice (line 20, column 1 and line 21)"), 0);
	assert_int_equal(orgcheck_findings_diff(&fx->diff, &fx->before, &fx->after, &fx->err), 0);
	assert_int_equal(fx->diff.count, 2);
	assert_non_null(find_state(&fx->diff, "OC114", 13, ORGCHECK_STATE_UNCHANGED));
	assert_non_null(find_state(&fx->diff, "OC114", 20, ORGCHECK_STATE_NEW));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_covers_moved_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_new_and_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_empty_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_pruned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_lenient_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_one_side_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_changed_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_message_positions, setup, teardown),
	};

	return cmocka_run_group_tests_name("baseline", tests, NULL, NULL);
}
