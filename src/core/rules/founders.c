/* Founder rules: founders that existed before what they founded, sources
 * that agree on the founders (OC130-OC132). */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* ---------------------------------------------------------------- OC130, OC131 */

/* The claims are the records' start claims (founded or born), whose
 * names are the verbs of the message.
 *
 * "jacie names isct as a founder (source X), but isct was founded in 2000
 * (source Y), after jacie was founded in 1999 (source Z)", or with "says it
 * co-founded" for a co-founding. later is the record that started after
 * earlier; the finding is on record at link, related to other's claim. */
static int report_started_later(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
				const struct orgcheck_link *link, const struct orgcheck_record *other,
				const struct orgcheck_record *later, const struct orgcheck_claim *later_claim,
				const struct orgcheck_record *earlier, const struct orgcheck_claim *earlier_claim)
{
	const struct orgcheck_claim *other_claim = other == later ? later_claim : earlier_claim;
	const struct orgcheck_claim *own_claim = other == later ? earlier_claim : later_claim;
	char other_name[32];
	char own_date[16];
	char other_date[16];
	char stated[1024];
	char later_date[16];
	char earlier_date[16];
	int rc = 0;

	if (orgcheck_rule__is_kind(link, ORGCHECK_LINK_CO_FOUNDED))
		snprintf(stated, sizeof(stated), "%s says it co-founded %s", orgcheck_rule__record_label(record), orgcheck_rule__record_label(other));
	else
		snprintf(stated, sizeof(stated), "%s names %s as a founder", orgcheck_rule__record_label(record), orgcheck_rule__record_label(other));
	orgcheck_date_format(later_date, sizeof(later_date), &later_claim->date);
	orgcheck_date_format(earlier_date, sizeof(earlier_date), &earlier_claim->date);
	rc = orgcheck_rule_report(run, record, link->pos,
				  "%s (source %s), but %s was %s in %s (source %s), after %s was %s in %s (source %s)",
				  stated, orgcheck_rule__or_none(link->source),
				  orgcheck_rule__record_label(later), later_claim->name,
				  later_date, orgcheck_rule__or_none(later_claim->source),
				  orgcheck_rule__record_label(earlier), earlier_claim->name,
				  earlier_date, orgcheck_rule__or_none(earlier_claim->source));
	/* "founded" and "born" for an organization and a person; "founded"
	 * and "other founded" when both are organizations. */
	snprintf(other_name, sizeof(other_name), "%s%s", own_claim->field == other_claim->field ? "other " : "",
		 other_claim->name);
	orgcheck_date_format(own_date, sizeof(own_date), &own_claim->date);
	orgcheck_date_format(other_date, sizeof(other_date), &other_claim->date);
	if (rc == 0)
		rc = orgcheck_rule__link_values(run, link, other->id);
	if (rc == 0)
		rc = orgcheck_rule_value(run, own_claim->name, own_date, own_claim->source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, other_name, other_date, other_claim->source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, other, other_claim->pos);
	return rc;
}

static int visit_founder_founded_later(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_claim *own = NULL;
	const struct orgcheck_claim *theirs = NULL;
	size_t j;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->links.count == 0 ||
	    (own = record->start_claim) == NULL)
		return rc;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		if (!orgcheck_rule__is_kind(link, ORGCHECK_LINK_FOUNDED_BY) &&
		    !orgcheck_rule__is_kind(link, ORGCHECK_LINK_CO_FOUNDED))
			continue;
		other = orgcheck_rule__link_other(run, record, link);
		if (other == NULL || other->kind != ORGCHECK_RECORD_ORGANIZATION ||
		    (theirs = other->start_claim) == NULL)
			continue;
		/* The founder is the other record, or this one when it co-founded. */
		if (orgcheck_rule__is_kind(link, ORGCHECK_LINK_FOUNDED_BY) &&
		    orgcheck_date_compare(&theirs->date, &own->date) == ORGCHECK_DATE_AFTER)
			rc = report_started_later(run, record, link, other, other, theirs, record, own);
		else if (orgcheck_rule__is_kind(link, ORGCHECK_LINK_CO_FOUNDED) &&
			 orgcheck_date_compare(&own->date, &theirs->date) == ORGCHECK_DATE_AFTER)
			rc = report_started_later(run, record, link, other, record, own, other, theirs);
	}
	return rc;
}

static const struct orgcheck_rule_visitor founder_founded_later_visitor = { NULL, visit_founder_founded_later, NULL, 0 };

int orgcheck_rule_founder_founded_later(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &founder_founded_later_visitor);
}

static int visit_founder_born_later(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *founder = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_claim *founded = NULL;
	const struct orgcheck_claim *born = NULL;
	size_t j;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->links.count == 0 ||
	    (founded = record->start_claim) == NULL)
		return rc;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		if (!orgcheck_rule__is_kind(link, ORGCHECK_LINK_FOUNDED_BY))
			continue;
		founder = orgcheck_rule__link_other(run, record, link);
		if (founder == NULL || founder->kind != ORGCHECK_RECORD_PERSON ||
		    (born = founder->start_claim) == NULL ||
		    orgcheck_date_compare(&born->date, &founded->date) != ORGCHECK_DATE_AFTER)
			continue;
		rc = report_started_later(run, record, link, founder, founder, born, record, founded);
	}
	return rc;
}

static const struct orgcheck_rule_visitor founder_born_later_visitor = { NULL, visit_founder_born_later, NULL, 0 };

int orgcheck_rule_founder_born_later(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &founder_born_later_visitor);
}

/* ---------------------------------------------------------------- OC132 */

/* One founder as one source names it: a founder claim with the sources
 * "a b" gives two keys. */
struct founder_key {
	const char *source;   /* a token inside the source attribute, not terminated */
	size_t source_length;
	const char *target;
	size_t link;          /* index in the record's links: document order */
};

static int compare_founder_keys(const void *pa, const void *pb)
{
	const struct founder_key *a = pa;
	const struct founder_key *b = pb;
	size_t length = a->source_length < b->source_length ? a->source_length : b->source_length;
	int c = memcmp(a->source, b->source, length);

	if (c == 0)
		c = (a->source_length > b->source_length) - (a->source_length < b->source_length);
	if (c == 0)
		c = strcmp(a->target, b->target);
	if (c == 0)
		c = (a->link > b->link) - (a->link < b->link);
	return c;
}

static int same_source(const struct founder_key *a, const struct founder_key *b)
{
	return a->source_length == b->source_length && memcmp(a->source, b->source, a->source_length) == 0;
}

/* The end of the group of keys (one source) starting at start. */
static size_t source_group_end(const struct founder_key *keys, size_t count, size_t start)
{
	size_t end = start + 1;

	while (end < count && same_source(&keys[start], &keys[end]))
		end++;
	return end;
}

/* Whether two sorted groups name the same set of founders (a founder
 * listed twice by one source counts once). */
static int same_founders(const struct founder_key *keys, size_t a, size_t a_end, size_t b, size_t b_end)
{
	while (a < a_end && b < b_end) {
		if (strcmp(keys[a].target, keys[b].target) != 0)
			return 0;
		while (++a < a_end && strcmp(keys[a].target, keys[a - 1].target) == 0)
			;
		while (++b < b_end && strcmp(keys[b].target, keys[b - 1].target) == 0)
			;
	}
	return a == a_end && b == b_end;
}

/* "ebmt, isct": a group's founders, sorted, each once. */
static void format_founders(char *buf, size_t size, const struct founder_key *keys, size_t start, size_t end)
{
	size_t at = 0;
	size_t i;

	buf[0] = '\0';
	for (i = start; i < end; i++) {
		if (i > start && strcmp(keys[i].target, keys[i - 1].target) == 0)
			continue;
		orgcheck_rule__append(buf, size, &at, "%s%s", i > start ? ", " : "", keys[i].target);
	}
}

/* The first founder claim of a group, in document order. */
static size_t first_link(const struct founder_key *keys, size_t start, size_t end)
{
	size_t first = keys[start].link;
	size_t i;

	for (i = start + 1; i < end; i++) {
		if (keys[i].link < first)
			first = keys[i].link;
	}
	return first;
}

static int report_founder_sets(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			       const struct founder_key *keys, size_t a, size_t a_end, size_t b, size_t b_end)
{
	char a_founders[512];
	char b_founders[512];
	char a_source[512];
	char b_source[512];
	int rc = 0;

	format_founders(a_founders, sizeof(a_founders), keys, a, a_end);
	format_founders(b_founders, sizeof(b_founders), keys, b, b_end);
	rc = orgcheck_rule_report(run, record, record->links.items[first_link(keys, b, b_end)].pos,
				  "sources disagree on the founders of %s: %.*s names %s; %.*s names %s",
				  orgcheck_rule__record_label(record), (int)keys[a].source_length, keys[a].source, a_founders,
				  (int)keys[b].source_length, keys[b].source, b_founders);
	snprintf(a_source, sizeof(a_source), "%.*s", (int)keys[a].source_length, keys[a].source);
	snprintf(b_source, sizeof(b_source), "%.*s", (int)keys[b].source_length, keys[b].source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "founders", a_founders, a_source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "other founders", b_founders, b_source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, record->links.items[first_link(keys, a, a_end)].pos);
	return rc;
}

/* Appends one key per source token of the founder claim at index link.
 * Returns 0 or ORGCHECK_ENOMEM. */
static int add_founder_keys(struct founder_key **keys, size_t *count, size_t *capacity,
			    struct orgcheck_rule_run *run, const char *target, const char *source,
			    size_t link)
{
	struct founder_key *grown = NULL;
	const char *p = source;
	size_t length = 0;
	size_t wanted = 0;

	while (*p != '\0') {
		while (isspace((unsigned char)*p))
			p++;
		for (length = 0; p[length] != '\0' && !isspace((unsigned char)p[length]); length++)
			;
		if (length == 0)
			break;
		if (*count == *capacity) {
			wanted = *capacity ? *capacity * 2 : 16;
			grown = realloc(*keys, wanted * sizeof(*grown));
			if (grown == NULL)
				return orgcheck_error_nomem(run->err);
			*keys = grown;
			*capacity = wanted;
		}
		(*keys)[*count].source = p;
		(*keys)[*count].source_length = length;
		(*keys)[*count].target = target;
		(*keys)[*count].link = link;
		(*count)++;
		p += length;
	}
	return 0;
}

/* The founders each source names, compared by sorting one record's founder
 * claims by source and target: O(n log n) for n founder claims. */
int orgcheck_rule_founder_sets_differ(struct orgcheck_rule_run *run)
{
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_ref *ref = NULL;
	struct founder_key *keys = NULL;
	size_t capacity = 0;
	size_t count = 0;
	size_t first_end = 0;
	size_t start = 0;
	size_t end = 0;
	size_t i;
	size_t j;
	int resolved = 0;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		count = 0;
		resolved = 1;
		for (j = 0; j < record->links.count && rc == 0 && resolved; j++) {
			link = &record->links.items[j];
			ref = &record->refs.items[link->ref];
			run->operations++;
			if (!orgcheck_rule__is_kind(link, ORGCHECK_LINK_FOUNDED_BY) || link->source == NULL)
				continue;
			/* A founder id that names no record would make the sets
			 * differ by a typo; the reference rules report it first. */
			resolved = ref->target != NULL && orgcheck_rule_target(run, record, ref) != NULL;
			if (resolved)
				rc = add_founder_keys(&keys, &count, &capacity, run, ref->target, link->source, j);
		}
		if (rc < 0 || !resolved || count < 2 || record->id == NULL)
			continue;
		qsort(keys, count, sizeof(*keys), compare_founder_keys);
		first_end = source_group_end(keys, count, 0);
		for (start = first_end; start < count && rc == 0; start = end) {
			end = source_group_end(keys, count, start);
			if (same_founders(keys, 0, first_end, start, end))
				continue;
			rc = report_founder_sets(run, record, keys, 0, first_end, start, end);
			/* Once per record. */
			break;
		}
	}
	free(keys);
	return rc;
}

/* The catalogue entries of this group (OC130-OC132). */
static const struct orgcheck_rule founders_rules[] = {
	{ "OC130", "founder-founded-later", ORGCHECK_SEVERITY_ERROR,
	  "A founding organization was itself founded after the organization "
	  "it founded (stated by a founder on the founded record, or by a "
	  "co-founding on the founder's record; each record that states it "
	  "gets a finding).",
	  orgcheck_rule_founder_founded_later, &founder_founded_later_visitor },
	{ "OC131", "founder-born-later", ORGCHECK_SEVERITY_ERROR,
	  "A founding person was born after the organization they founded was "
	  "founded.",
	  orgcheck_rule_founder_born_later, &founder_born_later_visitor },
	{ "OC132", "founder-sets-differ", ORGCHECK_SEVERITY_WARNING,
	  "Different sources name different sets of founders for one "
	  "organization (a founder claim with several sources counts for "
	  "each); every source is compared with the first by name, and the "
	  "first difference is reported, with both sets and their sources. "
	  "Silent when a founder reference does not resolve.",
	  orgcheck_rule_founder_sets_differ, NULL },
};

const struct orgcheck_rule *orgcheck_rules_founders(size_t *count_out)
{
	*count_out = sizeof(founders_rules) / sizeof(founders_rules[0]);
	return founders_rules;
}
