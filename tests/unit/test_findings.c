/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <orgcheck/baseline.h>
#include <orgcheck/catalog.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "failalloc.h"
#include "testutil.h"

static int setup(void **state)
{
	struct orgcheck_findings *list = malloc(sizeof(*list));

	if (list == NULL)
		return -1;
	orgcheck_findings_init(list);
	*state = list;
	return 0;
}

static int teardown(void **state)
{
	struct orgcheck_findings *list = *state;

	failalloc_off();
	orgcheck_findings_release(list);
	free(list);
	return 0;
}

static void test_add_known_rule(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_error err;
	const struct orgcheck_finding *f = NULL;

	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_findings_add(list, &err, ORGCHECK_RULE_SCHEMA_INVALID,
					       "r/a.xml", 3, 7, "value '%s' is %d", "x", 42), 0);
	assert_int_equal(orgcheck_findings_add(list, &err, ORGCHECK_RULE_DIRECTORY_LOOP,
					       "r/loop", 0, 0, "loop"), 0);
	assert_int_equal(list->count, 2);

	f = &list->items[0];
	assert_string_equal(f->rule->id, "OC005");
	assert_ptr_equal(f->rule, orgcheck_catalog_find("OC005"));
	assert_int_equal(f->severity, ORGCHECK_SEVERITY_ERROR);
	assert_string_equal(f->primary.path, "r/a.xml");
	assert_int_equal(f->primary.line, 3);
	assert_int_equal(f->primary.column, 7);
	assert_string_equal(f->message, "value 'x' is 42");
	assert_int_equal(f->related_count, 0);
	assert_null(f->primary.record);

	/* OC006 is a warning by default: the severity comes from the rule. */
	f = &list->items[1];
	assert_int_equal(f->severity, ORGCHECK_SEVERITY_WARNING);
	assert_int_equal(f->severity, orgcheck_catalog_find("OC006")->severity);
	assert_int_equal(err.code, ORGCHECK_OK);
}

static void test_add_copies_strings(void **state)
{
	struct orgcheck_findings *list = *state;
	char path[] = "r/mutable.xml";
	char arg[] = "first";

	assert_int_equal(orgcheck_findings_add(list, NULL, "OC001", path, 0, 0, "%s", arg), 0);
	path[0] = 'X';
	arg[0] = 'X';
	assert_string_equal(list->items[0].primary.path, "r/mutable.xml");
	assert_string_equal(list->items[0].message, "first");
}

static void test_add_unknown_rule(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC999", "a.xml", 1, 1, "x"),
			 ORGCHECK_EINVAL);
	assert_int_equal(err.code, ORGCHECK_EINVAL);
	assert_non_null(strstr(err.message, "OC999"));
	assert_int_equal(list->count, 0);

	/* Ids are exact: no prefix or case folding. */
	assert_int_equal(orgcheck_findings_add(list, &err, "oc001", "a.xml", 1, 1, "x"),
			 ORGCHECK_EINVAL);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC00", "a.xml", 1, 1, "x"),
			 ORGCHECK_EINVAL);
	/* By id only the rules the pipeline reports itself: a cross-record
	 * rule's finding is added with its descriptor. */
	assert_int_equal(orgcheck_findings_add(list, &err, "OC101", "a.xml", 1, 1, "x"),
			 ORGCHECK_EINVAL);
	assert_int_equal(list->count, 0);
	assert_int_equal(orgcheck_findings_add_rule(list, &err, orgcheck_catalog_find("OC101"),
						    "a.xml", 1, 1, "%s", "x"), 0);
	assert_ptr_equal(list->items[0].rule, orgcheck_catalog_find("OC101"));
	assert_int_equal(list->items[0].severity, ORGCHECK_SEVERITY_ERROR);
}

static void test_add_related(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	/* Nothing to relate to yet. */
	assert_int_equal(orgcheck_findings_add_related(list, &err, "b.xml", NULL, 1, 1), ORGCHECK_EINVAL);
	assert_int_equal(err.code, ORGCHECK_EINVAL);

	assert_int_equal(orgcheck_findings_add(list, &err, "OC005", "a.xml", 1, 1, "first"), 0);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC005", "a.xml", 2, 1, "second"), 0);
	assert_int_equal(orgcheck_findings_add_related(list, &err, "b.xml", NULL, 10, 4), 0);
	assert_int_equal(orgcheck_findings_add_related(list, &err, "c.xml", "c-rec", 20, 5), 0);

	assert_int_equal(list->items[0].related_count, 0);
	assert_null(list->items[0].related);
	assert_int_equal(list->items[1].related_count, 2);
	assert_string_equal(list->items[1].related[0].path, "b.xml");
	assert_null(list->items[1].related[0].record);
	assert_int_equal(list->items[1].related[0].line, 10);
	assert_int_equal(list->items[1].related[0].column, 4);
	assert_string_equal(list->items[1].related[1].path, "c.xml");
	assert_string_equal(list->items[1].related[1].record, "c-rec");
	assert_int_equal(list->items[1].related[1].line, 20);
	assert_int_equal(list->items[1].related[1].column, 5);
}

static void test_add_value(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_error err;
	char name[] = "founded";
	char text[] = "1996";
	char source[] = "001_a.txt";
	const struct orgcheck_finding *f = NULL;

	orgcheck_error_clear(&err);
	/* Nothing to add a value to yet. */
	assert_int_equal(orgcheck_findings_add_value(list, &err, "id", "x", NULL), ORGCHECK_EINVAL);
	assert_int_equal(err.code, ORGCHECK_EINVAL);
	orgcheck_error_clear(&err);

	assert_int_equal(orgcheck_findings_add_rule(list, &err, orgcheck_catalog_find("OC101"), "a.xml", 1, 1, "first"), 0);
	assert_int_equal(orgcheck_findings_add_rule(list, &err, orgcheck_catalog_find("OC150"), "a.xml", 2, 1, "second"), 0);
	assert_int_equal(orgcheck_findings_add_value(list, &err, name, text, source), 0);
	assert_int_equal(orgcheck_findings_add_value(list, &err, "today", "2024-06-01", NULL), 0);
	/* Copies: the caller's buffers may change afterwards. */
	name[0] = 'X';
	text[0] = 'X';
	source[0] = 'X';

	/* The values went to the last finding only. */
	assert_int_equal(list->items[0].value_count, 0);
	assert_null(list->items[0].values);
	f = &list->items[1];
	assert_int_equal(f->value_count, 2);
	assert_string_equal(f->values[0].name, "founded");
	assert_string_equal(f->values[0].text, "1996");
	assert_string_equal(f->values[0].source, "001_a.txt");
	assert_string_equal(f->values[1].name, "today");
	assert_string_equal(f->values[1].text, "2024-06-01");
	assert_null(f->values[1].source);
	assert_int_equal(err.code, ORGCHECK_OK);
}

/* Adds an OC150 finding about record "alpha" at line, with the given
 * related records (from related_line on) and values (name, text pairs
 * ended by a NULL name; values may be NULL for none). */
static void add_conflict(struct orgcheck_findings *list, unsigned long line, const char *message,
			 const char *const *related, size_t related_count, unsigned long related_line,
			 const char *const *values)
{
	size_t i;

	assert_int_equal(orgcheck_findings_add_rule(list, NULL, orgcheck_catalog_find("OC150"), "r/alpha.xml", line, 3, "%s", message), 0);
	assert_int_equal(orgcheck_findings_set_record(list, NULL, list->count - 1, "alpha"), 0);
	for (i = 0; i < related_count; i++) {
		assert_int_equal(orgcheck_findings_add_related(list, NULL, "r/other.xml", related[i],
							       related_line + i, 5), 0);
	}
	for (i = 0; values != NULL && values[i] != NULL; i += 2) {
		assert_int_equal(orgcheck_findings_add_value(list, NULL, values[i], values[i + 1],
							     "001_a.txt"), 0);
	}
}

static void fingerprint_of(char *buf, const struct orgcheck_findings *list, size_t index)
{
	assert_int_equal(orgcheck_finding_fingerprint(buf, 17, &list->items[index], NULL), 0);
}

static void test_fingerprint_form(void **state)
{
	struct orgcheck_findings *list = *state;
	static const char *const values[] = { "founded", "1996", NULL };
	char buf[32];
	size_t i;

	add_conflict(list, 3, "m", NULL, 0, 0, values);
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(orgcheck_finding_fingerprint(buf, sizeof(buf), &list->items[0], NULL), 0);
	assert_int_equal(strlen(buf), 16);
	for (i = 0; i < 16; i++)
		assert_true((buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'a' && buf[i] <= 'f'));
}

static void test_fingerprint_ignores_positions(void **state)
{
	struct orgcheck_findings *list = *state;
	static const char *const related[] = { "beta", "gamma" };
	static const char *const values[] = { "founded", "1996", "founded", "1995", NULL };
	char a[17];
	char b[17];

	add_conflict(list, 3, "founding date differs", related, 2, 10, values);
	add_conflict(list, 40, "founding date differs", related, 2, 77, values);
	list->items[1].primary.column = 9;
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	assert_string_equal(a, b);
}

static void test_fingerprint_values_differ(void **state)
{
	struct orgcheck_findings *list = *state;
	static const char *const first[] = { "founded", "1996", "founded", "1995", NULL };
	static const char *const second[] = { "founded", "1996", "founded", "1994", NULL };
	static const char *const renamed[] = { "founded", "1996", "dissolved", "1995", NULL };
	char a[17];
	char b[17];
	char c[17];

	add_conflict(list, 3, "same message", NULL, 0, 0, first);
	add_conflict(list, 3, "same message", NULL, 0, 0, second);
	add_conflict(list, 3, "same message", NULL, 0, 0, renamed);
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	fingerprint_of(c, list, 2);
	assert_string_not_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(b, c);
}

static void test_fingerprint_related_order(void **state)
{
	struct orgcheck_findings *list = *state;
	static const char *const forward[] = { "beta", "delta", "gamma" };
	static const char *const backward[] = { "gamma", "beta", "delta" };
	static const char *const fewer[] = { "beta", "delta" };
	static const char *const values[] = { "founded", "1996", NULL };
	char a[17];
	char b[17];
	char c[17];

	add_conflict(list, 3, "m", forward, 3, 10, values);
	add_conflict(list, 3, "m", backward, 3, 10, values);
	add_conflict(list, 3, "m", fewer, 2, 10, values);
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	fingerprint_of(c, list, 2);
	assert_string_equal(a, b);
	/* A related record more or less is another finding. */
	assert_string_not_equal(a, c);
}

/* More related records than fit on the stack: they are sorted in memory
 * of their own, and a fingerprint fails when it cannot get that memory
 * rather than leave them out and collide with another finding's. */
static void test_fingerprint_many_related(void **state)
{
	struct orgcheck_findings *list = *state;
	static const char *const values[] = { "founded", "1996", NULL };
	const char *forward[20];
	const char *backward[20];
	char names[20][8];
	char a[17];
	char b[17];
	char c[17];
	struct orgcheck_error err;
	size_t i;

	for (i = 0; i < 20; i++) {
		snprintf(names[i], sizeof(names[i]), "r%02zu", i);
		forward[i] = names[i];
		backward[19 - i] = names[i];
	}
	add_conflict(list, 3, "m", forward, 20, 10, values);
	add_conflict(list, 3, "m", backward, 20, 10, values);
	add_conflict(list, 3, "m", NULL, 0, 0, values);
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	fingerprint_of(c, list, 2);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);

	orgcheck_error_clear(&err);
	memset(b, 'Z', sizeof(b));
	failalloc_after(0);
	assert_int_equal(orgcheck_finding_fingerprint(b, sizeof(b), &list->items[0], &err), ORGCHECK_ENOMEM);
	failalloc_off();
	assert_int_equal(err.code, ORGCHECK_ENOMEM);
	assert_string_equal(b, "");
	/* Few related records need no memory. */
	failalloc_after(0);
	assert_int_equal(orgcheck_finding_fingerprint(b, sizeof(b), &list->items[2], NULL), 0);
	failalloc_off();
	assert_string_equal(b, c);
}

/* A fingerprint that fails fails what is made of it. */
static void test_fingerprint_failure_propagates(void **state)
{
	struct orgcheck_findings *list = *state;
	const char *related[20];
	struct orgcheck_error err;
	char *text = NULL;
	size_t size = 0;
	FILE *out = NULL;
	size_t i;

	for (i = 0; i < 20; i++)
		related[i] = "beta";
	add_conflict(list, 3, "m", related, 20, 10, NULL);
	out = open_memstream(&text, &size);
	assert_non_null(out);
	orgcheck_error_clear(&err);
	/* The sorted keys are allocated, the fingerprint's records not. */
	failalloc_after(1);
	assert_int_equal(orgcheck_baseline_write(out, list, &err), ORGCHECK_ENOMEM);
	failalloc_off();
	assert_int_equal(err.code, ORGCHECK_ENOMEM);
	fclose(out);
	/* Nothing written: not a baseline without the finding. */
	assert_int_equal(size, 0);
	free(text);
}

static void test_fingerprint_message_without_values(void **state)
{
	struct orgcheck_findings *list = *state;
	char a[17];
	char b[17];
	char c[17];
	char d[17];

	/* Without values the message counts, minus the positions in it. */
	add_conflict(list, 3, "element 'x' on line 3, column 7 is not allowed", NULL, 0, 0, NULL);
	add_conflict(list, 40, "element 'x' on line 40, column 12 is not allowed", NULL, 0, 0, NULL);
	add_conflict(list, 3, "element 'y' on line 3, column 7 is not allowed", NULL, 0, 0, NULL);
	add_conflict(list, 3, "element 'x' on line 3, column 7 is not expected", NULL, 0, 0, NULL);
	assert_int_equal(list->items[0].value_count, 0);
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	fingerprint_of(c, list, 2);
	fingerprint_of(d, list, 3);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_string_not_equal(c, d);
}

static void test_fingerprint_rule_differs(void **state)
{
	struct orgcheck_findings *list = *state;
	char a[17];
	char b[17];

	assert_int_equal(orgcheck_findings_add_rule(list, NULL, orgcheck_catalog_find("OC101"), "r/alpha.xml", 2, 1, "m"), 0);
	assert_int_equal(orgcheck_findings_add_value(list, NULL, "id", "alpha", NULL), 0);
	assert_int_equal(orgcheck_findings_add_rule(list, NULL, orgcheck_catalog_find("OC102"), "r/alpha.xml", 2, 1, "m"), 0);
	assert_int_equal(orgcheck_findings_add_value(list, NULL, "id", "alpha", NULL), 0);
	fingerprint_of(a, list, 0);
	fingerprint_of(b, list, 1);
	assert_string_not_equal(a, b);
}

static void test_set_record(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC001", "a.xml", 0, 0, "before"), 0);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC005", "b.xml", 1, 1, "first"), 0);
	assert_int_equal(orgcheck_findings_add(list, &err, "OC005", "b.xml", 2, 1, "second"), 0);
	assert_int_equal(orgcheck_findings_set_record(list, &err, 2, "own"), 0);
	/* From index 1 on, and only where no record is set yet. */
	assert_int_equal(orgcheck_findings_set_record(list, &err, 1, "b"), 0);
	assert_null(list->items[0].primary.record);
	assert_string_equal(list->items[1].primary.record, "b");
	assert_string_equal(list->items[2].primary.record, "own");

	/* NULL sets nothing; a start past the end does nothing. */
	assert_int_equal(orgcheck_findings_set_record(list, &err, 0, NULL), 0);
	assert_null(list->items[0].primary.record);
	assert_int_equal(orgcheck_findings_set_record(list, &err, 3, "x"), 0);
	assert_int_equal(orgcheck_findings_set_record(list, &err, 99, "x"), 0);
	assert_null(list->items[0].primary.record);
	assert_int_equal(err.code, ORGCHECK_OK);
}

/* Keeps findings whose line is even and marks the kept ones. */
static int keep_even_lines(void *data, struct orgcheck_finding *finding)
{
	unsigned *calls = data;

	(*calls)++;
	if (finding->primary.line % 2 != 0)
		return 0;
	finding->severity = ORGCHECK_SEVERITY_INFO;
	return 1;
}

static int keep_none(void *data, struct orgcheck_finding *finding)
{
	(void)data;
	(void)finding;
	return 0;
}

static void test_retain(void **state)
{
	struct orgcheck_findings *list = *state;
	unsigned calls = 0;
	unsigned long line;

	for (line = 1; line <= 6; line++) {
		assert_int_equal(orgcheck_findings_add(list, NULL, "OC005", "a.xml", line, 1,
						       "line %lu", line), 0);
		assert_int_equal(orgcheck_findings_add_related(list, NULL, "r.xml", "r", line, 2), 0);
	}
	orgcheck_findings_retain(list, keep_even_lines, &calls);
	assert_int_equal(calls, 6);
	assert_int_equal(list->count, 3);
	for (line = 2; line <= 6; line += 2) {
		const struct orgcheck_finding *f = &list->items[line / 2 - 1];

		assert_int_equal(f->primary.line, line);
		assert_int_equal(f->severity, ORGCHECK_SEVERITY_INFO);
		assert_int_equal(f->related_count, 1);
		assert_int_equal(f->related[0].line, line);
	}

	orgcheck_findings_retain(list, keep_none, NULL);
	assert_int_equal(list->count, 0);
	/* Still usable. */
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC001", "b.xml", 0, 0, "again"), 0);
	assert_int_equal(list->count, 1);
}

struct expected {
	const char *path;
	unsigned long line;
	unsigned long column;
	const char *rule;
	const char *message;
};

static void test_sort_order(void **state)
{
	struct orgcheck_findings *list = *state;
	/* Already in the expected order; each neighbour pair differs in exactly
	 * one key, from the most to the least significant. */
	static const struct expected sorted[] = {
		{ "a.xml", 0, 0, "OC001", "whole file" },
		{ "a.xml", 2, 9, "OC005", "z" },
		{ "a.xml", 10, 1, "OC005", "line 10 after line 2 (numeric, not text)" },
		{ "a.xml", 10, 3, "OC002", "column 3" },
		{ "a.xml", 10, 3, "OC005", "a same place, later rule" },
		{ "a.xml", 10, 3, "OC005", "b same place and rule, later message" },
		{ "a.xml", 10, 20, "OC001", "column 20 after column 3" },
		{ "b.xml", 1, 1, "OC001", "b after a" },
		{ "b/a.xml", 1, 1, "OC001", "'/' sorts after '.'" },
		{ "ba.xml", 1, 1, "OC001", "byte order of paths" },
	};
	static const size_t shuffle[] = { 7, 2, 9, 0, 5, 3, 8, 1, 6, 4 };
	const size_t n = sizeof(sorted) / sizeof(sorted[0]);
	size_t i;

	assert_int_equal(sizeof(shuffle) / sizeof(shuffle[0]), n);
	for (i = 0; i < n; i++) {
		const struct expected *e = &sorted[shuffle[i]];

		assert_int_equal(orgcheck_findings_add(list, NULL, e->rule, e->path, e->line,
						       e->column, "%s", e->message), 0);
	}
	/* Related locations travel with their finding. */
	assert_int_equal(orgcheck_findings_add_related(list, NULL, "rel.xml", NULL, 99, 1), 0);

	orgcheck_findings_sort(list);
	assert_int_equal(list->count, n);
	for (i = 0; i < n; i++) {
		const struct orgcheck_finding *f = &list->items[i];

		assert_string_equal(f->primary.path, sorted[i].path);
		assert_int_equal(f->primary.line, sorted[i].line);
		assert_int_equal(f->primary.column, sorted[i].column);
		assert_string_equal(f->rule->id, sorted[i].rule);
		assert_string_equal(f->message, sorted[i].message);
	}
	/* The last one added was sorted[shuffle[n - 1]]. */
	assert_int_equal(list->items[shuffle[n - 1]].related_count, 1);
	assert_string_equal(list->items[shuffle[n - 1]].related[0].path, "rel.xml");

	/* Sorting a sorted list changes nothing. */
	orgcheck_findings_sort(list);
	for (i = 0; i < n; i++)
		assert_string_equal(list->items[i].message, sorted[i].message);
}

static void test_sort_empty_and_single(void **state)
{
	struct orgcheck_findings *list = *state;

	orgcheck_findings_sort(list);
	assert_int_equal(list->count, 0);
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC001", "a.xml", 0, 0, "only"), 0);
	orgcheck_findings_sort(list);
	assert_int_equal(list->count, 1);
	assert_string_equal(list->items[0].message, "only");
}

static void test_count_at_least(void **state)
{
	struct orgcheck_findings *list = *state;

	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_INFO), 0);
	/* Two errors, one warning. */
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC005", "a.xml", 1, 1, "e1"), 0);
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC006", "dir", 0, 0, "w1"), 0);
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC002", "b.xml", 1, 1, "e2"), 0);
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_ERROR), 2);
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_WARNING), 3);
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_INFO), 3);

	/* The finding's own severity counts, not the rule's default. */
	list->items[1].severity = ORGCHECK_SEVERITY_INFO;
	list->items[2].severity = ORGCHECK_SEVERITY_WARNING;
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_ERROR), 1);
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_WARNING), 2);
	assert_int_equal(orgcheck_findings_count_at_least(list, ORGCHECK_SEVERITY_INFO), 3);
}

static void test_take(void **state)
{
	struct orgcheck_findings *dst = *state;
	struct orgcheck_findings src;
	struct orgcheck_error err;
	size_t i;
	char message[32];

	orgcheck_error_clear(&err);
	orgcheck_findings_init(&src);
	assert_int_equal(orgcheck_findings_add(dst, &err, "OC001", "d.xml", 0, 0, "already there"), 0);
	/* More than the initial capacity, so dst has to grow. */
	for (i = 0; i < 40; i++) {
		assert_int_equal(orgcheck_findings_add(&src, &err, "OC005", "s.xml", i + 1, 1,
						       "moved %zu", i), 0);
	}
	assert_int_equal(orgcheck_findings_add_related(&src, &err, "rel.xml", NULL, 5, 6), 0);

	assert_int_equal(orgcheck_findings_take(dst, &src, &err), 0);
	assert_int_equal(src.count, 0);
	assert_null(src.items);
	assert_int_equal(src.capacity, 0);
	assert_int_equal(dst->count, 41);
	assert_string_equal(dst->items[0].message, "already there");
	for (i = 0; i < 40; i++) {
		snprintf(message, sizeof(message), "moved %zu", i);
		assert_string_equal(dst->items[i + 1].message, message);
		assert_int_equal(dst->items[i + 1].primary.line, i + 1);
	}
	assert_int_equal(dst->items[40].related_count, 1);
	assert_string_equal(dst->items[40].related[0].path, "rel.xml");

	/* Taking from an empty list changes nothing. */
	assert_int_equal(orgcheck_findings_take(dst, &src, &err), 0);
	assert_int_equal(dst->count, 41);

	/* src is usable again. */
	assert_int_equal(orgcheck_findings_add(&src, &err, "OC001", "x.xml", 0, 0, "again"), 0);
	assert_int_equal(src.count, 1);
	orgcheck_findings_release(&src);
}

static void test_release(void **state)
{
	struct orgcheck_findings *list = *state;
	struct orgcheck_findings empty;

	orgcheck_findings_release(NULL);
	orgcheck_findings_init(&empty);
	orgcheck_findings_release(&empty);
	assert_int_equal(empty.count, 0);
	assert_null(empty.items);

	assert_int_equal(orgcheck_findings_add(list, NULL, "OC001", "a.xml", 0, 0, "x"), 0);
	assert_int_equal(orgcheck_findings_add_related(list, NULL, "b.xml", NULL, 1, 1), 0);
	orgcheck_findings_release(list);
	assert_int_equal(list->count, 0);
	assert_int_equal(list->capacity, 0);
	assert_null(list->items);
	/* Released twice is harmless, and the list can be used again. */
	orgcheck_findings_release(list);
	assert_int_equal(orgcheck_findings_add(list, NULL, "OC001", "a.xml", 0, 0, "y"), 0);
	assert_int_equal(list->count, 1);
}

static void test_severity_names(void **state)
{
	static const enum orgcheck_severity all[] = {
		ORGCHECK_SEVERITY_INFO, ORGCHECK_SEVERITY_WARNING, ORGCHECK_SEVERITY_ERROR,
	};
	enum orgcheck_severity parsed = ORGCHECK_SEVERITY_INFO;
	size_t i;

	(void)state;
	assert_string_equal(orgcheck_severity_name(ORGCHECK_SEVERITY_INFO), "info");
	assert_string_equal(orgcheck_severity_name(ORGCHECK_SEVERITY_WARNING), "warning");
	assert_string_equal(orgcheck_severity_name(ORGCHECK_SEVERITY_ERROR), "error");
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		parsed = all[(i + 1) % 3];
		assert_int_equal(orgcheck_severity_parse(&parsed, orgcheck_severity_name(all[i])), 0);
		assert_int_equal(parsed, all[i]);
	}
	/* Severities are ordered: count_at_least relies on it. */
	assert_true(ORGCHECK_SEVERITY_INFO < ORGCHECK_SEVERITY_WARNING);
	assert_true(ORGCHECK_SEVERITY_WARNING < ORGCHECK_SEVERITY_ERROR);
}

static void test_severity_parse_rejects(void **state)
{
	static const char *const bad[] = { "fatal", "", "Error", "ERROR", "err", "errors",
					   "warn", " info", "info " };
	enum orgcheck_severity parsed = ORGCHECK_SEVERITY_WARNING;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(orgcheck_severity_parse(&parsed, bad[i]), -1);
		/* A rejected name leaves the output alone. */
		assert_int_equal(parsed, ORGCHECK_SEVERITY_WARNING);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_known_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_copies_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_unknown_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_related, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_ignores_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_values_differ, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_related_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_many_related, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_failure_propagates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_message_without_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_rule_differs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_empty_and_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_at_least, setup, teardown),
		cmocka_unit_test_setup_teardown(test_take, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release, setup, teardown),
		cmocka_unit_test(test_severity_names),
		cmocka_unit_test(test_severity_parse_rejects),
	};

	return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
