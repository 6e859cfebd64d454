/* Date, claim, name and figure rules: lifetimes in order, dates not in the
 * future, terms not reversed, single-valued claims that agree, name
 * spellings and acronyms that fit, counts that are not negative and agree
 * with each other. Every rule reads one record at a time; facts of one
 * record are grouped by sorting. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

static int is_person(const struct orgcheck_record *record)
{
	return record->kind == ORGCHECK_RECORD_PERSON;
}

static const char *start_field(const struct orgcheck_record *record)
{
	return is_person(record) ? "born" : "founded";
}

static const char *end_field(const struct orgcheck_record *record)
{
	return is_person(record) ? "died" : "dissolved";
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

int orgcheck_rule_dissolved_before_founded(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_claim *end = NULL;
	const struct orgcheck_claim *start = NULL;
	char end_text[ORGCHECK_RULE_DATE_MAX];
	char start_text[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	size_t at = 0;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		/* Against the earliest founding, so sources that disagree on the
		 * founding are the conflicting-claims rule's business. */
		start = record->start_claim;
		if (start == NULL)
			continue;
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
						  orgcheck_rule__record_name(record), end_text, orgcheck_rule__or_none(end->source), start_text,
						  orgcheck_rule__or_none(start->source));
			if (rc == 0)
				rc = orgcheck_rule_value(run, end_field(record), end_text, end->source);
			if (rc == 0)
				rc = orgcheck_rule_value(run, start_field(record), start_text, start->source);
			if (rc == 0)
				rc = orgcheck_rule_relate(run, record, start->pos);
		}
	}
	return rc;
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

	if (limit == NULL || orgcheck_date_compare(&dated->date, &limit->date) != order)
		return 0;
	orgcheck_date_format(date_text, sizeof(date_text), &dated->date);
	orgcheck_date_format(limit_text, sizeof(limit_text), &limit->date);
	rc = orgcheck_rule_report(run, record, dated->pos, "%s (%s%s, source %s) lies %s %s was %s (%s, source %s)",
				  dated->what, attribute_prefix(dated->attribute), date_text,
				  orgcheck_rule__or_none(dated->source), order == ORGCHECK_DATE_BEFORE ? "before" : "after",
				  orgcheck_rule__record_name(record), order == ORGCHECK_DATE_BEFORE ? "founded" : "dissolved",
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
int orgcheck_rule_outside_lifetime(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_claim *dissolved = NULL;
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		if (record->kind != ORGCHECK_RECORD_ORGANIZATION)
			continue;
		founded = record->start_claim;
		dissolved = record->end_claim;
		if (founded == NULL && dissolved == NULL)
			continue;
		for (j = 0; j < record->dated.count && rc == 0; j++) {
			run->operations++;
			rc = check_lifetime(run, record, &record->dated.items[j], founded, ORGCHECK_DATE_BEFORE);
			if (rc == 0)
				rc = check_lifetime(run, record, &record->dated.items[j], dissolved, ORGCHECK_DATE_AFTER);
		}
	}
	return rc;
}

int orgcheck_rule_relationship_before_party(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_date *begins = NULL;
	char begins_text[ORGCHECK_RULE_DATE_MAX];
	char start_text[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
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
			if (founded == NULL || orgcheck_date_compare(begins, &founded->date) != ORGCHECK_DATE_BEFORE)
				continue;
			orgcheck_date_format(begins_text, sizeof(begins_text), begins);
			orgcheck_date_format(start_text, sizeof(start_text), &founded->date);
			rc = orgcheck_rule_report(run, record, link->pos,
						  "%s with %s (%s%s, source %s) starts before %s was %s (%s, source %s)",
						  link->kind->name, other->id,
						  begins == &link->from ? "from " : "", begins_text,
						  orgcheck_rule__or_none(link->source), other->id, is_person(other) ? "born" : "founded",
						  start_text, orgcheck_rule__or_none(founded->source));
			if (rc == 0)
				rc = orgcheck_rule_value(run, "kind", link->kind->name, NULL);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "target", other->id, link->source);
			if (rc == 0)
				rc = orgcheck_rule_value(run, begins == &link->from ? "from" : "date", begins_text,
							 link->source);
			if (rc == 0)
				rc = orgcheck_rule_value(run, start_field(other), start_text, founded->source);
			if (rc == 0)
				rc = orgcheck_rule_relate(run, other, founded->pos);
		}
	}
	return rc;
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
					  word, text, orgcheck_rule__record_name(record), orgcheck_rule__or_none(claim->source), today);
		if (rc == 0)
			rc = orgcheck_rule_value(run, claim->field, text, claim->source);
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
					  dated->what, orgcheck_rule__record_name(record), attribute_prefix(dated->attribute),
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
					  orgcheck_rule__or_none(figure->kind), figure->scope, orgcheck_rule__record_name(record), text,
					  orgcheck_rule__or_none(figure->source), today);
		if (rc == 0)
			rc = orgcheck_rule__figure_values(run, figure);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "as-of", text, figure->source);
	}
	return rc;
}

int orgcheck_rule_date_in_future(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	char today[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	int rc = 0;

	if (!orgcheck_date_present(&run->today))
		return 0;
	orgcheck_date_format(today, sizeof(today), &run->today);
	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		rc = future_claims(run, record, today);
		if (rc == 0)
			rc = future_dated(run, record, today);
		if (rc == 0)
			rc = future_attendance(run, record, today);
	}
	return rc;
}

int orgcheck_rule_term_reversed(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_term *term = NULL;
	char from[ORGCHECK_RULE_DATE_MAX];
	char to[ORGCHECK_RULE_DATE_MAX];
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		for (j = 0; j < record->terms.count && rc == 0; j++) {
			term = &record->terms.items[j];
			run->operations++;
			if (orgcheck_date_compare(&term->from, &term->to) != ORGCHECK_DATE_AFTER)
				continue;
			orgcheck_date_format(from, sizeof(from), &term->from);
			orgcheck_date_format(to, sizeof(to), &term->to);
			rc = orgcheck_rule_report(run, record, term->pos,
						  "%s in %s runs from %s to %s (source %s): it ends before it starts",
						  term->what, orgcheck_rule__record_name(record), from, to, orgcheck_rule__or_none(term->source));
			if (rc == 0)
				rc = orgcheck_rule_value(run, "term", term->what, NULL);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "from", from, term->source);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "to", to, term->source);
		}
	}
	return rc;
}

/* The catalogue entries of this group (OC140-OC144). */
static const struct orgcheck_rule dates_rules[] = {
	{ "OC140", "dissolved-before-founded", ORGCHECK_SEVERITY_ERROR,
	  "An organization was dissolved wholly before the earliest founding "
	  "date claimed for it (or a person died before the earliest birth "
	  "date), at the precision given.",
	  orgcheck_rule_dissolved_before_founded },
	{ "OC141", "outside-lifetime", ORGCHECK_SEVERITY_WARNING,
	  "A leader's term, an event, a publication, a founder's date, a "
	  "figure's as-of date or a relationship date lies wholly before the "
	  "earliest founding date or after the latest dissolution date of the "
	  "organization; dates that overlap at the precision given are "
	  "accepted.",
	  orgcheck_rule_outside_lifetime },
	{ "OC142", "relationship-before-party", ORGCHECK_SEVERITY_ERROR,
	  "A relationship starts before the other party existed: a "
	  "partnership, memorandum, collaboration, liaison, membership, "
	  "affiliation, parent/child or advisory link whose date (or start) "
	  "lies wholly before the other organization's earliest founding "
	  "date.",
	  orgcheck_rule_relationship_before_party },
	{ "OC143", "date-in-future", ORGCHECK_SEVERITY_ERROR,
	  "A date lies after today (--today fixes \"today\" for reproducible "
	  "runs).",
	  orgcheck_rule_date_in_future },
	{ "OC144", "term-reversed", ORGCHECK_SEVERITY_ERROR,
	  "A term, relationship or affiliation starts after it ends.",
	  orgcheck_rule_term_reversed },
};

const struct orgcheck_rule *orgcheck_rules_dates(size_t *count_out)
{
	*count_out = sizeof(dates_rules) / sizeof(dates_rules[0]);
	return dates_rules;
}

/* Whether claims of field have one value, so that two values conflict. */
static int single_valued(const char *field)
{
	return orgcheck_rule__date_field_word(field) != NULL || strcmp(field, "headquarters country") == 0 ||
	       strcmp(field, "us-tax-id") == 0 || strcmp(field, "legal status") == 0 ||
	       strncmp(field, "identifier ", 11) == 0;
}

/* The next character of *s, lower-cased, with a run of white space read
 * as one space and none at the end; 0 at the end. */
static int next_folded(const unsigned char **s)
{
	const unsigned char *p = *s;

	if (isspace(*p)) {
		while (isspace(*p))
			p++;
		*s = p;
		return *p == '\0' ? 0 : ' ';
	}
	if (*p == '\0')
		return 0;
	*s = p + 1;
	return tolower(*p);
}

/* a and b equal ignoring case and runs of white space (legal statuses are
 * prose). */
static int same_words(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int c = 0;

	while (isspace(*p))
		p++;
	while (isspace(*q))
		q++;
	do {
		c = next_folded(&p);
		if (c != next_folded(&q))
			return 0;
	} while (c != 0);
	return 1;
}

static int sources_differ(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* Whether a and b, claims of one single-valued field, cannot both be true. */
static int claims_conflict(const struct orgcheck_claim *a, const struct orgcheck_claim *b)
{
	if (!sources_differ(a->source, b->source))
		return 0;
	if (orgcheck_rule__date_field_word(a->field) != NULL)
		return orgcheck_date_disjoint(&a->date, &b->date);
	if (a->value == NULL || b->value == NULL)
		return 0;
	if (strcmp(a->field, "legal status") == 0)
		return !same_words(a->value, b->value);
	return strcmp(a->value, b->value) != 0;
}

static int compare_claims(const void *pa, const void *pb)
{
	const struct orgcheck_claim *a = *(const struct orgcheck_claim *const *)pa;
	const struct orgcheck_claim *b = *(const struct orgcheck_claim *const *)pb;
	int c = strcmp(a->field, b->field);

	return c ? c : orgcheck_rule__compare_pos(a->pos, b->pos);
}

/* later conflicts with earlier: quoted in the message on later. */
static int report_conflict(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			   const struct orgcheck_claim *later, const struct orgcheck_claim *earlier)
{
	const char *word = orgcheck_rule__date_field_word(later->field);
	char later_text[ORGCHECK_RULE_DATE_MAX];
	char earlier_text[ORGCHECK_RULE_DATE_MAX];
	int rc = 0;

	if (word != NULL) {
		orgcheck_date_format(later_text, sizeof(later_text), &later->date);
		orgcheck_date_format(earlier_text, sizeof(earlier_text), &earlier->date);
		rc = orgcheck_rule_report(run, record, later->pos,
					  "%s of %s is %s (source %s) here but %s (source %s) on line %lu",
					  word, orgcheck_rule__record_name(record), later_text, orgcheck_rule__or_none(later->source),
					  earlier_text, orgcheck_rule__or_none(earlier->source), earlier->pos.line);
		if (rc == 0)
			rc = orgcheck_rule_value(run, later->field, later_text, later->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, earlier->field, earlier_text, earlier->source);
	} else {
		rc = orgcheck_rule_report(run, record, later->pos,
					  "%s of %s is '%s' (source %s) here but '%s' (source %s) on line %lu",
					  later->field, orgcheck_rule__record_name(record), later->value, orgcheck_rule__or_none(later->source),
					  earlier->value, orgcheck_rule__or_none(earlier->source), earlier->pos.line);
		if (rc == 0)
			rc = orgcheck_rule_value(run, later->field, later->value, later->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, earlier->field, earlier->value, earlier->source);
	}
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, earlier->pos);
	return rc;
}

/* Claims sorted by field and position: each field's claims are a small
 * group, compared pair by pair, O(n log n + n * ORGCHECK_RULES_PAIRWISE_MAX). */
int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_claim **keys = NULL;
	size_t capacity = 0;
	size_t count = 0;
	size_t first = 0;
	size_t i;
	size_t j;
	size_t k;
	size_t m;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		if (record->claims.count < 2)
			continue;
		if (record->claims.count > capacity) {
			free(keys);
			capacity = record->claims.count;
			keys = malloc(capacity * sizeof(*keys));
			if (keys == NULL)
				return orgcheck_error_nomem(run->err);
		}
		count = 0;
		for (j = 0; j < record->claims.count; j++) {
			run->operations++;
			if (single_valued(record->claims.items[j].field))
				keys[count++] = &record->claims.items[j];
		}
		qsort(keys, count, sizeof(*keys), compare_claims);
		for (first = 0; first < count && rc == 0; first = j) {
			for (j = first + 1; j < count && strcmp(keys[j]->field, keys[first]->field) == 0; j++)
				;
			for (k = first + 1; k < j && rc == 0; k++) {
				/* Beyond the first ORGCHECK_RULES_PAIRWISE_MAX claims of
				 * a field, a claim meets only those, and once. */
				for (m = first; m < k && m < first + ORGCHECK_RULES_PAIRWISE_MAX && rc == 0; m++) {
					if (!claims_conflict(keys[k], keys[m]))
						continue;
					rc = report_conflict(run, record, keys[k], keys[m]);
					if (k >= first + ORGCHECK_RULES_PAIRWISE_MAX)
						break;
				}
			}
		}
	}
	free(keys);
	return rc;
}

int orgcheck_rule_name_spellings_differ(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_name *display = NULL;
	const struct orgcheck_name *name = NULL;
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->names.count == 0 ||
		    record->names.items[0].kind != ORGCHECK_NAME_DISPLAY)
			continue;
		display = &record->names.items[0];
		for (j = 1; j < record->names.count && rc == 0; j++) {
			name = &record->names.items[j];
			run->operations++;
			if (name->kind != ORGCHECK_NAME_VARIANT)
				continue;
			/* One source writing "The X" in a heading and "X" in its text,
			 * or "&" for "and", is typography, not a second spelling. */
			if (!sources_differ(name->source, display->source) && name->folded != NULL &&
			    display->folded != NULL && strcmp(name->folded, display->folded) == 0)
				continue;
			if (sources_differ(name->source, display->source))
				rc = orgcheck_rule_report(run, record, name->pos,
							  "'%s' (source %s) and '%s' (source %s) spell the name of %s differently",
							  name->value, orgcheck_rule__or_none(name->source), display->value,
							  orgcheck_rule__or_none(display->source), orgcheck_rule__record_name(record));
			else
				rc = orgcheck_rule_report(run, record, name->pos,
							  "source %s spells the name of %s two ways: '%s' and '%s'",
							  orgcheck_rule__or_none(name->source), orgcheck_rule__record_name(record), display->value,
							  name->value);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "variant", name->value, name->source);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "name", display->value, display->source);
			if (rc == 0)
				rc = orgcheck_rule_relate(run, record, display->pos);
		}
	}
	return rc;
}

/* Letters and digits: what acronyms and the words of names are made of
 * (bytes of non-ASCII UTF-8 count as letters). */
static int is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

static char lower(unsigned char c)
{
	return (char)(c < 0x80 ? tolower(c) : c);
}

/* Whether each word of name can give a prefix of itself (perhaps empty),
 * in order, so that together they spell letters (length n). reach[p]
 * says whether the words so far can spell letters[0..p); reach and next
 * have n + 1 slots. O(words x n x word length). */
static int acronym_fits(const char *letters, size_t n, const char *name, char *reach, char *next)
{
	const unsigned char *p = (const unsigned char *)name;
	const unsigned char *word = NULL;
	size_t length = 0;
	size_t at;
	size_t k;
	char *swap = NULL;

	memset(reach, 0, n + 1);
	reach[0] = 1;
	for (;;) {
		while (*p != '\0' && !is_word_byte(*p))
			p++;
		if (*p == '\0')
			break;
		word = p;
		while (is_word_byte(*p))
			p++;
		length = (size_t)(p - word);
		/* Every word may be skipped: it gives the empty prefix. */
		memcpy(next, reach, n + 1);
		for (at = 0; at < n; at++) {
			if (!reach[at])
				continue;
			for (k = 0; k < length && at + k < n && lower(word[k]) == letters[at + k]; k++)
				next[at + k + 1] = 1;
		}
		swap = reach;
		reach = next;
		next = swap;
	}
	return reach[n];
}

/* The non-acronym names of record, quoted and joined with ", " into buf. */
static void list_names(char *buf, size_t size, const struct orgcheck_record *record)
{
	size_t at = 0;
	size_t i;
	int written = 0;

	buf[0] = '\0';
	for (i = 0; i < record->names.count && at < size; i++) {
		if (record->names.items[i].kind == ORGCHECK_NAME_ACRONYM || record->names.items[i].value == NULL)
			continue;
		written = snprintf(buf + at, size - at, "%s'%s'", at ? ", " : "", record->names.items[i].value);
		if (written < 0)
			return;
		at += (size_t)written;
	}
}

/* Whether acronym fits one of record's other names; -1 when out of
 * memory, and 1 (fits: stay silent) when the acronym has no letters. */
static int fits_some_name(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			  const char *acronym)
{
	size_t size = strlen(acronym) + 1;
	char *letters = NULL;
	char *reach = NULL;
	char *next = NULL;
	size_t n = 0;
	size_t i;
	int fits = 0;

	letters = malloc(size);
	reach = malloc(size);
	next = malloc(size);
	if (letters == NULL || reach == NULL || next == NULL) {
		fits = -1;
		goto done;
	}
	for (i = 0; acronym[i] != '\0'; i++) {
		if (is_word_byte((unsigned char)acronym[i]))
			letters[n++] = lower((unsigned char)acronym[i]);
	}
	fits = n == 0;
	for (i = 0; i < record->names.count && i < ORGCHECK_RULES_NAMES_MAX && !fits; i++) {
		const struct orgcheck_name *name = &record->names.items[i];

		run->operations++;
		if (name->kind != ORGCHECK_NAME_ACRONYM && name->value != NULL)
			fits = acronym_fits(letters, n, name->value, reach, next);
	}

done:
	free(letters);
	free(reach);
	free(next);
	return fits;
}

int orgcheck_rule_acronym_mismatch(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_name *acronym = NULL;
	char names[ORGCHECK_RULE_LIST_MAX];
	size_t i;
	size_t j;
	size_t k;
	int fits = 0;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->names.count == 0)
			continue;
		for (j = 0; j < record->names.count && rc == 0; j++) {
			acronym = &record->names.items[j];
			if (acronym->kind != ORGCHECK_NAME_ACRONYM || acronym->value == NULL)
				continue;
			fits = fits_some_name(run, record, acronym->value);
			if (fits < 0)
				return orgcheck_error_nomem(run->err);
			if (fits)
				continue;
			list_names(names, sizeof(names), record);
			rc = orgcheck_rule_report(run, record, acronym->pos,
						  "acronym '%s' (source %s) does not fit any name of %s: %s",
						  acronym->value, orgcheck_rule__or_none(acronym->source), orgcheck_rule__record_name(record), names);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "acronym", acronym->value, acronym->source);
			for (k = 0; k < record->names.count && k < ORGCHECK_RULES_NAMES_MAX && rc == 0; k++) {
				const struct orgcheck_name *name = &record->names.items[k];

				if (name->kind != ORGCHECK_NAME_ACRONYM && name->value != NULL)
					rc = orgcheck_rule_value(run, "name", name->value, name->source);
			}
			if (rc == 0)
				rc = orgcheck_rule_relate(run, record, record->names.items[0].pos);
		}
	}
	return rc;
}

/* The catalogue entries of this group (OC150-OC152). */
static const struct orgcheck_rule claims_rules[] = {
	{ "OC150", "conflicting-claims", ORGCHECK_SEVERITY_WARNING,
	  "One fact that has a single value (a founding, incorporation or "
	  "dissolution date, a birth or death date, a headquarters country, a "
	  "US tax id, an identifier in another scheme, a legal status) is "
	  "stated with different values by claims with different sources; "
	  "both values and both sources are quoted. Dates conflict only when "
	  "they cannot be the same at the precision given; legal statuses are "
	  "compared ignoring case and spacing.",
	  orgcheck_rule_conflicting_claims },
	{ "OC151", "name-spellings-differ", ORGCHECK_SEVERITY_WARNING,
	  "Sources spell an organization's name differently: the record keeps "
	  "a variant spelling beside its display name, from another source, or "
	  "from the same source spelling the name two ways (not counting case, "
	  "punctuation, \"&\" for \"and\" or a leading \"The\").",
	  orgcheck_rule_name_spellings_differ },
	{ "OC152", "acronym-mismatch", ORGCHECK_SEVERITY_INFO,
	  "An acronym does not fit any of the record's names: its letters and "
	  "digits cannot be spelled by taking a leading part (possibly none) "
	  "of each of the name's words in order. Often harmless (an acronym "
	  "from another language), sometimes a sign that the name or the "
	  "acronym is wrong.",
	  orgcheck_rule_acronym_mismatch },
};

const struct orgcheck_rule *orgcheck_rules_claims(size_t *count_out)
{
	*count_out = sizeof(claims_rules) / sizeof(claims_rules[0]);
	return claims_rules;
}

/* "figure 'members'", or "attendance of event 'first convention'". */
static void figure_what(char *buf, size_t size, const struct orgcheck_figure *figure)
{
	if (figure->scope == NULL)
		snprintf(buf, size, "figure '%s'", orgcheck_rule__or_none(figure->kind));
	else
		snprintf(buf, size, "%s of event '%s'", orgcheck_rule__or_none(figure->kind), figure->scope);
}

int orgcheck_rule_negative_count(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_figure *figure = NULL;
	char what[ORGCHECK_RULE_LIST_MAX];
	char count[32];
	size_t i;
	size_t j;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		for (j = 0; j < record->figures.count && rc == 0; j++) {
			figure = &record->figures.items[j];
			run->operations++;
			if (!figure->value_ok || figure->value >= 0)
				continue;
			figure_what(what, sizeof(what), figure);
			rc = orgcheck_rule_report(run, record, figure->pos,
						  "%s of %s is negative: %lld%s%s%s (source %s)",
						  what, orgcheck_rule__record_name(record), figure->value,
						  figure->as_written ? ", written '" : "",
						  figure->as_written ? figure->as_written : "",
						  figure->as_written ? "'" : "", orgcheck_rule__or_none(figure->source));
			if (rc == 0)
				rc = orgcheck_rule__figure_values(run, figure);
			snprintf(count, sizeof(count), "%lld", figure->value);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "count", count, figure->source);
			if (rc == 0 && figure->as_written != NULL)
				rc = orgcheck_rule_value(run, "as written", figure->as_written, figure->source);
		}
	}
	return rc;
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
				  what, orgcheck_rule__record_name(record), later->as_of[0] ? " (as of " : "", later->as_of,
				  later->as_of[0] ? ")" : "", later_text, orgcheck_rule__or_none(later->figure->source),
				  earlier_text, orgcheck_rule__or_none(earlier->figure->source), earlier->figure->pos.line);
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

/* Figures sorted by kind, scope, as-of date and position: each group is
 * compared pair by pair. Figures for different dates may differ. */
int orgcheck_rule_figures_disagree(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_figure *figure = NULL;
	struct figure_key *keys = NULL;
	size_t capacity = 0;
	size_t count = 0;
	size_t first = 0;
	size_t i;
	size_t j;
	size_t k;
	size_t m;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		if (record->figures.count < 2)
			continue;
		if (record->figures.count > capacity) {
			free(keys);
			capacity = record->figures.count;
			keys = malloc(capacity * sizeof(*keys));
			if (keys == NULL)
				return orgcheck_error_nomem(run->err);
		}
		count = 0;
		for (j = 0; j < record->figures.count; j++) {
			figure = &record->figures.items[j];
			run->operations++;
			/* Negative counts are the negative-count rule's business. */
			if (!figure->value_ok || figure->value < 0)
				continue;
			keys[count].figure = figure;
			keys[count].as_of[0] = '\0';
			if (orgcheck_date_present(&figure->as_of))
				orgcheck_date_format(keys[count].as_of, sizeof(keys[count].as_of), &figure->as_of);
			figure_interval(&keys[count]);
			count++;
		}
		qsort(keys, count, sizeof(*keys), compare_figure_keys);
		for (first = 0; first < count && rc == 0; first = j) {
			for (j = first + 1; j < count && compare_figure_groups(&keys[j], &keys[first]) == 0; j++)
				;
			for (k = first + 1; k < j && rc == 0; k++) {
				/* As for claims: every pair among the first figures of a
				 * group, each later one against those, once. */
				for (m = first; m < k && m < first + ORGCHECK_RULES_PAIRWISE_MAX && rc == 0; m++) {
					if (keys[k].low <= keys[m].high && keys[m].low <= keys[k].high)
						continue;
					rc = report_disagreement(run, record, &keys[k], &keys[m]);
					if (k >= first + ORGCHECK_RULES_PAIRWISE_MAX)
						break;
				}
			}
		}
	}
	free(keys);
	return rc;
}

/* The catalogue entries of this group (OC160-OC161). */
static const struct orgcheck_rule figures_rules[] = {
	{ "OC160", "negative-count", ORGCHECK_SEVERITY_ERROR,
	  "A count (members, employees, committees, countries, attendance) is "
	  "negative.",
	  orgcheck_rule_negative_count },
	{ "OC161", "figures-disagree", ORGCHECK_SEVERITY_WARNING,
	  "Two claims about the same figure (same kind, same event for "
	  "attendance, same as-of date at the same precision, or both without "
	  "one) cannot both be true given their qualifiers (\"nearly n\" is "
	  "90-100% of n, \"about n\" within 10%): \"over 2300\" and \"2,350\" "
	  "agree, \"over 2300\" and \"1,900\" do not.",
	  orgcheck_rule_figures_disagree },
};

const struct orgcheck_rule *orgcheck_rules_figures(size_t *count_out)
{
	*count_out = sizeof(figures_rules) / sizeof(figures_rules[0]);
	return figures_rules;
}
