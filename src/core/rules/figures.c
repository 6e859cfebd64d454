/* Figure rules: counts that are not negative and agree with each other
 * (OC160, OC161). Every rule reads one record at a time; figures of one
 * record are grouped by sorting. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* "figure 'members'", or "attendance of event 'first convention'". */
static void figure_what(char *buf, size_t size, const struct orgcheck_figure *figure)
{
	if (figure->scope == NULL)
		snprintf(buf, size, "figure '%s'", orgcheck_rule__or_none(figure->kind));
	else
		snprintf(buf, size, "%s of event '%s'", orgcheck_rule__or_none(figure->kind), figure->scope);
}

static int visit_negative_count(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_figure *figure = NULL;
	char what[ORGCHECK_RULE_LIST_MAX];
	char count[32];
	size_t j;
	int rc = 0;

	for (j = 0; j < record->figures.count && rc == 0; j++) {
		figure = &record->figures.items[j];
		run->operations++;
		if (!figure->value_ok || figure->value >= 0)
			continue;
		figure_what(what, sizeof(what), figure);
		rc = orgcheck_rule_report(run, record, figure->pos,
					  "%s of %s is negative: %lld%s%s%s (source %s)",
					  what, orgcheck_rule__record_label(record), figure->value,
					  figure->as_written ? ", written '" : "",
					  figure->as_written ? figure->as_written : "",
					  figure->as_written ? "'" : "",
					  orgcheck_rule__or_none(figure->source));
		if (rc == 0)
			rc = orgcheck_rule__figure_values(run, figure);
		snprintf(count, sizeof(count), "%lld", figure->value);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "count", count, figure->source);
		if (rc == 0 && figure->as_written != NULL)
			rc = orgcheck_rule_value(run, "as written", figure->as_written, figure->source);
	}
	return rc;
}

static const struct orgcheck_rule_visitor negative_count_visitor = { NULL, visit_negative_count, NULL, 0 };

int orgcheck_rule_negative_count(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &negative_count_visitor);
}

/* A figure, with what it may mean as an interval of counts. */
struct figure_key {
	const struct orgcheck_figure *figure;
	char as_of[ORGCHECK_RULE_DATE_MAX];  /* "" when not given */
	long long low;
	long long high;
};

/* n / 10 rounded up, for n >= 0, without overflow. */
static long long tenth_up(long long n)
{
	return n / 10 + (n % 10 != 0);
}

static long long add_saturating(long long a, long long b)
{
	return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

/* The counts a figure (value >= 0) may stand for, by its qualifier:
 * "nearly n" is 90% of n up to n, "about n" within 10% of n. */
static void figure_interval(struct figure_key *key)
{
	long long n = key->figure->value;

	key->low = n;
	key->high = n;
	switch (key->figure->qualifier) {
	case ORGCHECK_QUALIFIER_EXACT:
		break;
	case ORGCHECK_QUALIFIER_OVER:
		key->low = add_saturating(n, 1);
		key->high = LLONG_MAX;
		break;
	case ORGCHECK_QUALIFIER_AT_LEAST:
		key->high = LLONG_MAX;
		break;
	case ORGCHECK_QUALIFIER_NEARLY:
		key->low = n - n / 10;  /* ceil(0.9 n) */
		break;
	case ORGCHECK_QUALIFIER_ABOUT:
		key->low = n - tenth_up(n);  /* floor(0.9 n) */
		key->high = add_saturating(n, tenth_up(n));  /* ceil(1.1 n) */
		break;
	case ORGCHECK_QUALIFIER_UNDER:
		key->low = 0;
		key->high = n - 1;
		break;
	}
}

static int compare_nullable(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Same kind, same scope, same as-of date at the same precision. */
static int compare_figure_groups(const struct figure_key *a, const struct figure_key *b)
{
	int c = compare_nullable(a->figure->kind, b->figure->kind);

	if (c == 0)
		c = compare_nullable(a->figure->scope, b->figure->scope);
	if (c == 0)
		c = strcmp(a->as_of, b->as_of);
	return c;
}

static int compare_figure_keys(const void *pa, const void *pb)
{
	const struct figure_key *a = pa;
	const struct figure_key *b = pb;
	int c = compare_figure_groups(a, b);

	return c ? c : orgcheck_rule__compare_pos(a->figure->pos, b->figure->pos);
}

static const char *qualifier_word(enum orgcheck_qualifier qualifier)
{
	switch (qualifier) {
	case ORGCHECK_QUALIFIER_EXACT:
		return "";
	case ORGCHECK_QUALIFIER_OVER:
		return "over ";
	case ORGCHECK_QUALIFIER_AT_LEAST:
		return "at least ";
	case ORGCHECK_QUALIFIER_NEARLY:
		return "nearly ";
	case ORGCHECK_QUALIFIER_ABOUT:
		return "about ";
	case ORGCHECK_QUALIFIER_UNDER:
		return "under ";
	}
	return "";
}

/* The figure as its source wrote it, or its qualifier and value. */
static void figure_text(char *buf, size_t size, const struct orgcheck_figure *figure)
{
	if (figure->as_written != NULL)
		snprintf(buf, size, "%s", figure->as_written);
	else
		snprintf(buf, size, "%s%lld", qualifier_word(figure->qualifier), figure->value);
}

static int report_disagreement(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			       const struct figure_key *later, const struct figure_key *earlier)
{
	char what[ORGCHECK_RULE_LIST_MAX];
	char later_text[ORGCHECK_RULE_LIST_MAX];
	char earlier_text[ORGCHECK_RULE_LIST_MAX];
	int rc = 0;

	figure_what(what, sizeof(what), later->figure);
	figure_text(later_text, sizeof(later_text), later->figure);
	figure_text(earlier_text, sizeof(earlier_text), earlier->figure);
	rc = orgcheck_rule_report(run, record, later->figure->pos,
				  "%s of %s%s%s%s is '%s' (source %s) here but '%s' (source %s) on line %lu; "
				  "both cannot be true",
				  what, orgcheck_rule__record_label(record),
				  later->as_of[0] ? " (as of " : "", later->as_of,
				  later->as_of[0] ? ")" : "", later_text,
				  orgcheck_rule__or_none(later->figure->source),
				  earlier_text, orgcheck_rule__or_none(earlier->figure->source),
				  earlier->figure->pos.line);
	if (rc == 0)
		rc = orgcheck_rule__figure_values(run, later->figure);
	if (rc == 0 && later->as_of[0] != '\0')
		rc = orgcheck_rule_value(run, "as-of", later->as_of, NULL);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "count", later_text, later->figure->source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "count", earlier_text, earlier->figure->source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, earlier->figure->pos);
	return rc;
}

static size_t figure_count(const struct orgcheck_record *record)
{
	return record->figures.count;
}

static int key_figure(void *key, const struct orgcheck_record *record, size_t index, void *data)
{
	const struct orgcheck_figure *figure = &record->figures.items[index];
	struct figure_key *k = key;

	(void)data;
	/* Negative counts are the negative-count rule's business. */
	if (!figure->value_ok || figure->value < 0)
		return 0;
	k->figure = figure;
	k->as_of[0] = '\0';
	if (orgcheck_date_present(&figure->as_of))
		orgcheck_date_format(k->as_of, sizeof(k->as_of), &figure->as_of);
	figure_interval(k);
	return 1;
}

static int same_figure_group(const void *a, const void *b)
{
	return compare_figure_groups(a, b) == 0;
}

static int figure_pair(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
		       const void *later, const void *earlier, void *data)
{
	const struct figure_key *a = later;
	const struct figure_key *b = earlier;
	int rc = 0;

	(void)data;
	if (a->low <= b->high && b->low <= a->high)
		return 0;
	rc = report_disagreement(run, record, a, b);
	return rc < 0 ? rc : 1;
}

/* Figures sorted by kind, scope, as-of date and position: each group is
 * compared pair by pair as claims are (every pair among the first figures
 * of a group, each later one against those, once). Figures for different
 * dates may differ. */
static const struct orgcheck_rule_pairs figures_disagree_pairs = {
	sizeof(struct figure_key), figure_count, key_figure, compare_figure_keys,
	same_figure_group, figure_pair, 0
};

static int visit_figures_disagree(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	return orgcheck_rule__pairs_visit(run, &figures_disagree_pairs, record, NULL);
}

static const struct orgcheck_rule_visitor figures_disagree_visitor = {
	orgcheck_rule__pairs_prepare, visit_figures_disagree, orgcheck_rule__pairs_finish, 0
};

int orgcheck_rule_figures_disagree(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &figures_disagree_visitor);
}

/* The catalogue entries of this group (OC160-OC161). */
static const struct orgcheck_rule figures_rules[] = {
	{ "OC160", "negative-count", ORGCHECK_SEVERITY_ERROR,
	  "A count (members, employees, committees, countries, attendance) is "
	  "negative.",
	  orgcheck_rule_negative_count, &negative_count_visitor },
	{ "OC161", "figures-disagree", ORGCHECK_SEVERITY_WARNING,
	  "Two claims about the same figure (same kind, same event for "
	  "attendance, same as-of date at the same precision, or both without "
	  "one) cannot both be true given their qualifiers (\"nearly n\" is "
	  "90-100% of n, \"about n\" within 10%): \"over 2300\" and \"2,350\" "
	  "agree, \"over 2300\" and \"1,900\" do not.",
	  orgcheck_rule_figures_disagree, &figures_disagree_visitor },
};

const struct orgcheck_rule *orgcheck_rules_figures(size_t *count_out)
{
	*count_out = sizeof(figures_rules) / sizeof(figures_rules[0]);
	return figures_rules;
}
