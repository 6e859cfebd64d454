/* Date rules: lifetimes in order, dates within the lifetime and not in
 * the future, terms not reversed, incorporation not before founding
 * (OC140-OC145). Every rule reads one
 * record at a time. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* One mistake, one finding: a founding (or dissolution) dated after
 * today is reported by OC143 alone; what lies before it (every event,
 * a dissolution, another record's relationship) follows from it and is
 * not reported again. */
static int after_today(const struct orgcheck_rule_run *run, const struct orgcheck_claim *claim)
{
	return claim != NULL && orgcheck_date_compare(&claim->date, &run->today) == ORGCHECK_DATE_AFTER;
}

static int is_person(const struct orgcheck_record *record)
{
	return record->kind == ORGCHECK_RECORD_PERSON;
}

static enum orgcheck_claim_field end_field(const struct orgcheck_record *record)
{
	return is_person(record) ? ORGCHECK_CLAIM_DIED : ORGCHECK_CLAIM_DISSOLVED;
}

/* "from " before a date that is not the fact's own date ("as-of 2020"),
 * "" for a point date. */
static const char *attribute_prefix(const char *attribute)
{
	if (attribute == NULL || strcmp(attribute, "date") == 0)
		return "";
	if (strcmp(attribute, "from") == 0)
		return "from ";
	if (strcmp(attribute, "to") == 0)
		return "to ";
	return "as of ";
}

static int visit_dissolved_before_founded(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_claim *end = NULL;
	const struct orgcheck_claim *start = NULL;
	char end_text[ORGCHECK_RULE_DATE_MAX];
	char start_text[ORGCHECK_RULE_DATE_MAX];
	size_t at = 0;
	int rc = 0;

	run->operations++;
	/* Against the earliest founding, so sources that disagree on the
	 * founding are the conflicting-claims rule's business. */
	start = record->start_claim;
	if (start == NULL || after_today(run, start))
		return rc;
	at = 0;
	while (rc == 0 && (end = orgcheck_record_next_claim(record, end_field(record), &at)) != NULL) {
		run->operations++;
		if (orgcheck_date_compare(&end->date, &start->date) != ORGCHECK_DATE_BEFORE)
			continue;
		orgcheck_date_format(end_text, sizeof(end_text), &end->date);
		orgcheck_date_format(start_text, sizeof(start_text), &start->date);
		rc = orgcheck_rule_report(run, record, end->pos,
					  is_person(record)
					  ? "%s died in %s (source %s) before they were born in %s (source %s)"
					  : "%s was dissolved in %s (source %s) before it was founded in %s (source %s)",
					  orgcheck_rule__record_label(record), end_text,
					  orgcheck_rule__or_none(end->source), start_text,
					  orgcheck_rule__or_none(start->source));
		if (rc == 0)
			rc = orgcheck_rule_value(run, end->name, end_text, end->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, start->name, start_text, start->source);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, record, start->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor dissolved_before_founded_visitor = { NULL, visit_dissolved_before_founded, NULL, 0 };

int orgcheck_rule_dissolved_before_founded(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &dissolved_before_founded_visitor);
}

/* Adds what dated is ("fact") and its date, named by its attribute
 * ("date", "from", "to", "as-of") with its source, as values of the
 * finding just reported. date_text is the date formatted. */
static int dated_values(struct orgcheck_rule_run *run, const struct orgcheck_dated *dated,
			const char *date_text)
{
	int rc = orgcheck_rule_value(run, "fact", dated->what, NULL);

	if (rc == 0)
		rc = orgcheck_rule_value(run, dated->attribute ? dated->attribute : "date", date_text,
					 dated->source);
	return rc;
}

/* Reports dated if it lies on the wrong side (order) of limit, the
 * founding or dissolution claim. */
static int check_lifetime(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			  const struct orgcheck_dated *dated, const struct orgcheck_claim *limit,
			  enum orgcheck_date_order order)
{
	char date_text[ORGCHECK_RULE_DATE_MAX];
	char limit_text[ORGCHECK_RULE_DATE_MAX];
	int rc = 0;

	if (limit == NULL || after_today(run, limit) ||
	    orgcheck_date_compare(&dated->date, &limit->date) != order)
		return 0;
	orgcheck_date_format(date_text, sizeof(date_text), &dated->date);
	orgcheck_date_format(limit_text, sizeof(limit_text), &limit->date);
	rc = orgcheck_rule_report(run, record, dated->pos, "%s (%s%s, source %s) lies %s %s was %s (%s, source %s)",
				  dated->what, attribute_prefix(dated->attribute), date_text,
				  orgcheck_rule__or_none(dated->source),
				  order == ORGCHECK_DATE_BEFORE ? "before" : "after",
				  orgcheck_rule__record_label(record),
				  order == ORGCHECK_DATE_BEFORE ? "founded" : "dissolved",
				  limit_text, orgcheck_rule__or_none(limit->source));
	if (rc == 0)
		rc = dated_values(run, dated, date_text);
	if (rc == 0)
		rc = orgcheck_rule_value(run, order == ORGCHECK_DATE_BEFORE ? "founded" : "dissolved",
					 limit_text, limit->source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, limit->pos);
	return rc;
}

/* Only strict order counts: a founder's "2002" beside a founding in
 * "2002-06" overlaps it and stays quiet. */
static int visit_outside_lifetime(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_claim *dissolved = NULL;
	size_t j;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION)
		return rc;
	founded = record->start_claim;
	dissolved = record->end_claim;
	if (founded == NULL && dissolved == NULL)
		return rc;
	for (j = 0; j < record->dated.count && rc == 0; j++) {
		run->operations++;
		rc = check_lifetime(run, record, &record->dated.items[j], founded, ORGCHECK_DATE_BEFORE);
		if (rc == 0)
			rc = check_lifetime(run, record, &record->dated.items[j], dissolved, ORGCHECK_DATE_AFTER);
	}
	return rc;
}

static const struct orgcheck_rule_visitor outside_lifetime_visitor = { NULL, visit_outside_lifetime, NULL, 0 };

int orgcheck_rule_outside_lifetime(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &outside_lifetime_visitor);
}

static int visit_relationship_before_party(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_date *begins = NULL;
	char begins_text[ORGCHECK_RULE_DATE_MAX];
	char phrase[512];
	char start_text[ORGCHECK_RULE_DATE_MAX];
	size_t j;
	int rc = 0;

	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		if (!link->kind->starts_relationship)
			continue;
		begins = orgcheck_date_present(&link->date) ? &link->date : &link->from;
		other = orgcheck_rule_target(run, record, &record->refs.items[link->ref]);
		/* Before the holder's own founding is the lifetime rule's business. */
		if (!orgcheck_date_present(begins) || other == NULL || other == record)
			continue;
		founded = other->start_claim;
		if (founded == NULL || after_today(run, founded) || orgcheck_date_compare(begins, &founded->date) != ORGCHECK_DATE_BEFORE)
			continue;
		orgcheck_date_format(begins_text, sizeof(begins_text), begins);
		orgcheck_date_format(start_text, sizeof(start_text), &founded->date);
		orgcheck_vocab_phrase(phrase, sizeof(phrase), link->kind, orgcheck_rule__record_label(other));
		rc = orgcheck_rule_report(run, record, link->pos,
					  "%s (%s%s, source %s) starts before %s was %s (%s, source %s)",
					  phrase,
					  begins == &link->from ? "from " : "", begins_text,
					  orgcheck_rule__or_none(link->source), orgcheck_rule__record_label(other),
					  is_person(other) ? "born" : "founded",
					  start_text, orgcheck_rule__or_none(founded->source));
		if (rc == 0)
			rc = orgcheck_rule_value(run, "kind", link->kind->name, NULL);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "target", other->id, link->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, begins == &link->from ? "from" : "date", begins_text,
						 link->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, founded->name, start_text, founded->source);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, other, founded->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor relationship_before_party_visitor = { NULL, visit_relationship_before_party, NULL, 0 };

int orgcheck_rule_relationship_before_party(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &relationship_before_party_visitor);
}

static int future_claims(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 const char *today)
{
	const struct orgcheck_claim *claim = NULL;
	const char *word = NULL;
	char text[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < record->claims.count && rc == 0; i++) {
		claim = &record->claims.items[i];
		run->operations++;
		word = orgcheck_rule__date_field_word(claim->field);
		if (word == NULL || orgcheck_date_compare(&claim->date, &run->today) != ORGCHECK_DATE_AFTER)
			continue;
		orgcheck_date_format(text, sizeof(text), &claim->date);
		rc = orgcheck_rule_report(run, record, claim->pos,
					  "%s %s of %s (source %s) lies after today (%s)",
					  word, text, orgcheck_rule__record_label(record),
					  orgcheck_rule__or_none(claim->source), today);
		if (rc == 0)
			rc = orgcheck_rule_value(run, claim->name, text, claim->source);
	}
	return rc;
}

static int future_dated(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			const char *today)
{
	const struct orgcheck_dated *dated = NULL;
	char text[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < record->dated.count && rc == 0; i++) {
		dated = &record->dated.items[i];
		run->operations++;
		if (orgcheck_date_compare(&dated->date, &run->today) != ORGCHECK_DATE_AFTER)
			continue;
		orgcheck_date_format(text, sizeof(text), &dated->date);
		rc = orgcheck_rule_report(run, record, dated->pos,
					  "%s of %s (%s%s, source %s) lies after today (%s)",
					  dated->what, orgcheck_rule__record_label(record),
					  attribute_prefix(dated->attribute),
					  text, orgcheck_rule__or_none(dated->source), today);
		if (rc == 0)
			rc = dated_values(run, dated, text);
	}
	return rc;
}

/* The as-of dates of an event's attendance: the as-of date of a figure
 * in <figures> is already a dated fact, an attendance's (scope set) is not. */
static int future_attendance(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			     const char *today)
{
	const struct orgcheck_figure *figure = NULL;
	char text[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	int rc = 0;

	for (i = 0; i < record->figures.count && rc == 0; i++) {
		figure = &record->figures.items[i];
		run->operations++;
		if (figure->scope == NULL ||
		    orgcheck_date_compare(&figure->as_of, &run->today) != ORGCHECK_DATE_AFTER)
			continue;
		orgcheck_date_format(text, sizeof(text), &figure->as_of);
		rc = orgcheck_rule_report(run, record, figure->pos,
					  "%s of event '%s' of %s (as of %s, source %s) lies after today (%s)",
					  orgcheck_rule__or_none(figure->kind), figure->scope,
					  orgcheck_rule__record_label(record), text,
					  orgcheck_rule__or_none(figure->source), today);
		if (rc == 0)
			rc = orgcheck_rule__figure_values(run, figure);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "as-of", text, figure->source);
	}
	return rc;
}

/* Today as the messages write it, formatted once; no state when no
 * today is set (nothing is then in the future). */
static int prepare_date_in_future(struct orgcheck_rule_run *run)
{
	char *today = NULL;

	if (!orgcheck_date_present(&run->today))
		return 0;
	today = malloc(ORGCHECK_RULE_DATE_MAX);
	if (today == NULL)
		return orgcheck_error_nomem(run->err);
	orgcheck_date_format(today, ORGCHECK_RULE_DATE_MAX, &run->today);
	run->state = today;
	return 0;
}

static void finish_date_in_future(struct orgcheck_rule_run *run)
{
	free(run->state);
}

static int visit_date_in_future(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const char *today = run->state;
	int rc = 0;

	if (today == NULL)
		return 0;
	rc = future_claims(run, record, today);
	if (rc == 0)
		rc = future_dated(run, record, today);
	if (rc == 0)
		rc = future_attendance(run, record, today);
	return rc;
}

static const struct orgcheck_rule_visitor date_in_future_visitor = {
	prepare_date_in_future, visit_date_in_future, finish_date_in_future, 0
};

int orgcheck_rule_date_in_future(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &date_in_future_visitor);
}

static int visit_term_reversed(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_term *term = NULL;
	char from[ORGCHECK_RULE_DATE_MAX];
	char to[ORGCHECK_RULE_DATE_MAX];
	size_t j;
	int rc = 0;

	for (j = 0; j < record->terms.count && rc == 0; j++) {
		term = &record->terms.items[j];
		run->operations++;
		if (orgcheck_date_compare(&term->from, &term->to) != ORGCHECK_DATE_AFTER)
			continue;
		orgcheck_date_format(from, sizeof(from), &term->from);
		orgcheck_date_format(to, sizeof(to), &term->to);
		rc = orgcheck_rule_report(run, record, term->pos,
					  "%s in %s runs from %s to %s (source %s): it ends before it starts",
					  term->what, orgcheck_rule__record_label(record),
					  from, to, orgcheck_rule__or_none(term->source));
		if (rc == 0)
			rc = orgcheck_rule_value(run, "term", term->what, NULL);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "from", from, term->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "to", to, term->source);
	}
	return rc;
}

static const struct orgcheck_rule_visitor term_reversed_visitor = { NULL, visit_term_reversed, NULL, 0 };

int orgcheck_rule_term_reversed(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &term_reversed_visitor);
}

/* Every incorporation wholly before the latest founding claimed: a
 * body is usually founded, then incorporated; the other way round, one of
 * the two dates is probably not the organization's start (a
 * predecessor's incorporation, a later relaunch). Against the latest
 * founding, so claims that disagree on the founding do not each give a
 * finding of their own here: they are the conflicting-claims rule's. */
static int visit_incorporated_before_founded(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_claim *latest = NULL;
	const struct orgcheck_claim *incorporated = NULL;
	char founded_text[ORGCHECK_RULE_DATE_MAX];
	char incorporated_text[ORGCHECK_RULE_DATE_MAX];
	size_t at = 0;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION)
		return rc;
	latest = NULL;
	at = 0;
	while ((founded = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_FOUNDED, &at)) != NULL) {
		run->operations++;
		if (latest == NULL ||
		    orgcheck_date_compare(&founded->date, &latest->date) == ORGCHECK_DATE_AFTER)
			latest = founded;
	}
	if (latest == NULL)
		return rc;
	at = 0;
	while (rc == 0 &&
	       (incorporated = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_INCORPORATED, &at)) != NULL) {
		run->operations++;
		if (orgcheck_date_compare(&incorporated->date, &latest->date) != ORGCHECK_DATE_BEFORE)
			continue;
		orgcheck_date_format(incorporated_text, sizeof(incorporated_text), &incorporated->date);
		orgcheck_date_format(founded_text, sizeof(founded_text), &latest->date);
		rc = orgcheck_rule_report(run, record, incorporated->pos,
					  "%s was incorporated on %s (source %s), before it was founded in %s (source %s): one of the two is probably not its start",
					  orgcheck_rule__record_name(record), incorporated_text,
					  orgcheck_rule__or_none(incorporated->source), founded_text,
					  orgcheck_rule__or_none(latest->source));
		if (rc == 0)
			rc = orgcheck_rule_value(run, "incorporated", incorporated_text, incorporated->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "founded", founded_text, latest->source);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, record, latest->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor incorporated_before_founded_visitor = { NULL, visit_incorporated_before_founded, NULL, 0 };

int orgcheck_rule_incorporated_before_founded(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &incorporated_before_founded_visitor);
}

/* The catalogue entries of this group (OC140-OC145). */
static const struct orgcheck_rule dates_rules[] = {
	{ "OC140", "dissolved-before-founded", ORGCHECK_SEVERITY_ERROR,
	  "An organization was dissolved wholly before the earliest founding "
	  "date claimed for it (or a person died before the earliest birth "
	  "date), at the precision given.",
	  orgcheck_rule_dissolved_before_founded, &dissolved_before_founded_visitor },
	{ "OC141", "outside-lifetime", ORGCHECK_SEVERITY_WARNING,
	  "A leader's term, an event, a publication, a founder's date, a "
	  "figure's as-of date or a relationship date lies wholly before the "
	  "earliest founding date or after the latest dissolution date of the "
	  "organization; dates that overlap at the precision given are "
	  "accepted.",
	  orgcheck_rule_outside_lifetime, &outside_lifetime_visitor },
	{ "OC142", "relationship-before-party", ORGCHECK_SEVERITY_ERROR,
	  "A relationship starts before the other party existed: a "
	  "partnership, memorandum, collaboration, liaison, membership, "
	  "affiliation, parent/child or advisory link whose date (or start) "
	  "lies wholly before the other organization's earliest founding "
	  "date.",
	  orgcheck_rule_relationship_before_party, &relationship_before_party_visitor },
	{ "OC143", "date-in-future", ORGCHECK_SEVERITY_ERROR,
	  "A date lies after today (--today fixes \"today\" for reproducible "
	  "runs).",
	  orgcheck_rule_date_in_future, &date_in_future_visitor },
	{ "OC144", "term-reversed", ORGCHECK_SEVERITY_ERROR,
	  "A term, relationship or affiliation starts after it ends.",
	  orgcheck_rule_term_reversed, &term_reversed_visitor },
	{ "OC145", "incorporated-before-founded", ORGCHECK_SEVERITY_INFO,
	  "An organization's incorporation date lies wholly before its "
	  "(latest) founding date, at the precision given, whether one source "
	  "claims both or two do: one of the two dates is probably not the "
	  "organization's start.",
	  orgcheck_rule_incorporated_before_founded, &incorporated_before_founded_visitor },
};

const struct orgcheck_rule *orgcheck_rules_dates(size_t *count_out)
{
	*count_out = sizeof(dates_rules) / sizeof(dates_rules[0]);
	return dates_rules;
}
