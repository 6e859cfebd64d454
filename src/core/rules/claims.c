/* Claim rules: single-valued claims that agree, name spellings and
 * acronyms that fit (OC150-OC152). Every rule reads one record at a time;
 * facts of one record are grouped by sorting. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

/* Whether claims of field have one value, so that two values conflict. */
static int single_valued(enum orgcheck_claim_field field)
{
	switch (field) {
	case ORGCHECK_CLAIM_FOUNDED:
	case ORGCHECK_CLAIM_INCORPORATED:
	case ORGCHECK_CLAIM_DISSOLVED:
	case ORGCHECK_CLAIM_BORN:
	case ORGCHECK_CLAIM_DIED:
	case ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY:
	case ORGCHECK_CLAIM_US_TAX_ID:
	case ORGCHECK_CLAIM_LEGAL_STATUS:
	case ORGCHECK_CLAIM_IDENTIFIER:
		return 1;
	/* A status changes, and an organization has many links and domains. */
	case ORGCHECK_CLAIM_STATUS:
	case ORGCHECK_CLAIM_LINK:
	case ORGCHECK_CLAIM_DOMAIN:
		break;
	}
	return 0;
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
	if (a->field == ORGCHECK_CLAIM_LEGAL_STATUS)
		return !same_words(a->value, b->value);
	return strcmp(a->value, b->value) != 0;
}

static int compare_claims(const void *pa, const void *pb)
{
	const struct orgcheck_claim *a = *(const struct orgcheck_claim *const *)pa;
	const struct orgcheck_claim *b = *(const struct orgcheck_claim *const *)pb;
	/* By name, so an identifier's scheme makes a group of its own. */
	int c = strcmp(a->name, b->name);

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
					  word, orgcheck_rule__record_name(record), later_text,
					  orgcheck_rule__or_none(later->source),
					  earlier_text, orgcheck_rule__or_none(earlier->source),
					  earlier->pos.line);
		if (rc == 0)
			rc = orgcheck_rule_value(run, later->name, later_text, later->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, earlier->name, earlier_text, earlier->source);
	} else {
		rc = orgcheck_rule_report(run, record, later->pos,
					  "%s of %s is '%s' (source %s) here but '%s' (source %s) on line %lu",
					  later->name, orgcheck_rule__record_name(record),
					  later->value, orgcheck_rule__or_none(later->source),
					  earlier->value, orgcheck_rule__or_none(earlier->source),
					  earlier->pos.line);
		if (rc == 0)
			rc = orgcheck_rule_value(run, later->name, later->value, later->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, earlier->name, earlier->value, earlier->source);
	}
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, earlier->pos);
	return rc;
}

static size_t claim_count(const struct orgcheck_record *record)
{
	return record->claims.count;
}

/* Keys are pointers to the claims of single-valued fields. */
static int claim_key(void *key, const struct orgcheck_record *record, size_t index, void *data)
{
	const struct orgcheck_claim *claim = &record->claims.items[index];

	(void)data;
	if (!single_valued(claim->field))
		return 0;
	*(const struct orgcheck_claim **)key = claim;
	return 1;
}

static int same_field(const void *pa, const void *pb)
{
	const struct orgcheck_claim *a = *(const struct orgcheck_claim *const *)pa;
	const struct orgcheck_claim *b = *(const struct orgcheck_claim *const *)pb;

	return a->field == b->field && strcmp(a->name, b->name) == 0;
}

static int claim_pair(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
		      const void *later, const void *earlier, void *data)
{
	const struct orgcheck_claim *a = *(const struct orgcheck_claim *const *)later;
	const struct orgcheck_claim *b = *(const struct orgcheck_claim *const *)earlier;
	int rc = 0;

	(void)data;
	if (!claims_conflict(a, b))
		return 0;
	rc = report_conflict(run, record, a, b);
	return rc < 0 ? rc : 1;
}

/* Claims sorted by field and position: each field's claims are a small
 * group, compared pair by pair, O(n log n + n * ORGCHECK_RULES_PAIRWISE_MAX). */
int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run)
{
	static const struct orgcheck_rule_pairs pairs = {
		sizeof(const struct orgcheck_claim *), claim_count, claim_key, compare_claims,
		same_field, claim_pair, 0
	};

	return orgcheck_rule__compare_pairs(run, &pairs, NULL);
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
							  name->value,
							  orgcheck_rule__or_none(name->source),
							  display->value,
							  orgcheck_rule__or_none(display->source),
							  orgcheck_rule__record_name(record));
			else
				rc = orgcheck_rule_report(run, record, name->pos,
							  "source %s spells the name of %s two ways: '%s' and '%s'",
							  orgcheck_rule__or_none(name->source),
							  orgcheck_rule__record_name(record), display->value,
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
						  acronym->value,
						  orgcheck_rule__or_none(acronym->source),
						  orgcheck_rule__record_name(record), names);
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
