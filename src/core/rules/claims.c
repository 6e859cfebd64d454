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
static const struct orgcheck_rule_pairs conflicting_claims_pairs = {
	sizeof(const struct orgcheck_claim *), claim_count, claim_key, compare_claims,
	same_field, claim_pair, 0
};

static int visit_conflicting_claims(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	return orgcheck_rule__pairs_visit(run, &conflicting_claims_pairs, record, NULL);
}

static const struct orgcheck_rule_visitor conflicting_claims_visitor = {
	orgcheck_rule__pairs_prepare, visit_conflicting_claims, orgcheck_rule__pairs_finish, 0
};

int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &conflicting_claims_visitor);
}

static int visit_name_spellings_differ(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_name *display = NULL;
	const struct orgcheck_name *name = NULL;
	size_t j;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->names.count == 0 ||
	    record->names.items[0].kind != ORGCHECK_NAME_DISPLAY)
		return rc;
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
	return rc;
}

static const struct orgcheck_rule_visitor name_spellings_differ_visitor = { NULL, visit_name_spellings_differ, NULL, 0 };

int orgcheck_rule_name_spellings_differ(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &name_spellings_differ_visitor);
}

/* The most letters of an acronym and code points of a name compared;
 * longer ones are compared on their beginning. */
#define ACRONYM_MAX 32
#define NAME_FOLD_MAX 512
/* A word this long may be a compound ("Wirtschaftsuniversität"): its
 * inner parts may give letters too, at most COMPOUND_PARTS of them, each
 * starting COMPOUND_PART_MIN letters or more after the one before. */
#define COMPOUND_WORD_MIN 10
#define COMPOUND_PARTS 3
#define COMPOUND_PART_MIN 3

/* A name folded into words: code points, each word ended by its length. */
struct folded_words {
	int32_t text[NAME_FOLD_MAX];
	size_t start[NAME_FOLD_MAX / 2 + 1];
	size_t length[NAME_FOLD_MAX / 2 + 1];
	size_t count;
};

static void fold_words(struct folded_words *out, const char *name)
{
	size_t n = orgcheck_fold_letters(out->text, NAME_FOLD_MAX, name, 1);
	size_t i = 0;

	out->count = 0;
	while (i < n) {
		out->start[out->count] = i;
		while (i < n && out->text[i] != ' ')
			i++;
		out->length[out->count] = i - out->start[out->count];
		out->count++;
		i++;
	}
}

/* Marks in next every position of letters (length n) that one part of
 * word (from its letter from on) can reach from position at, parts
 * being the word's beginning and, in a long word, up to parts more
 * inner parts. */
static void word_reach(const int32_t *word, size_t length, size_t from, size_t parts,
		       const int32_t *letters, size_t n, size_t at, char *next)
{
	size_t k;
	size_t j;

	for (k = 0; from + k < length && at + k < n && word[from + k] == letters[at + k]; k++) {
		next[at + k + 1] = 1;
		if (parts == 0 || length < COMPOUND_WORD_MIN || at + k + 1 >= n)
			continue;
		for (j = from + (k + 1 > COMPOUND_PART_MIN ? k + 1 : COMPOUND_PART_MIN); j < length; j++) {
			if (word[j] == letters[at + k + 1])
				word_reach(word, length, j, parts - 1, letters, n, at + k + 1, next);
		}
	}
}

/* Whether the words of name, in order, each skipped or giving its
 * beginning (and in a compound, beginnings of its parts), spell letters
 * (n of them). reach and next have n + 1 slots. */
static int acronym_fits(const int32_t *letters, size_t n, const struct folded_words *name,
			char *reach, char *next)
{
	size_t w;
	size_t at;
	char *swap = NULL;

	memset(reach, 0, n + 1);
	reach[0] = 1;
	for (w = 0; w < name->count && !reach[n]; w++) {
		/* Every word may be skipped: it gives nothing. */
		memcpy(next, reach, n + 1);
		for (at = 0; at < n; at++) {
			if (reach[at])
				word_reach(name->text + name->start[w], name->length[w], 0, COMPOUND_PARTS,
					   letters, n, at, next);
		}
		swap = reach;
		reach = next;
		next = swap;
	}
	return reach[n];
}

/* Short words that acronyms leave out, in the languages registries
 * write most, folded (accents stripped). */
static int is_stop_word(const int32_t *word, size_t length)
{
	static const char *const words[] = {
		"a", "an", "and", "at", "for", "in", "of", "on", "the", "to",
		"au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "sur",
		"del", "el", "las", "los", "para", "por", "y", "e", "da", "das", "do", "dos", "na", "no",
		"degli", "dei", "della", "delle", "di", "per",
		"am", "an", "dem", "den", "der", "die", "fur", "im", "und", "zu", "zur",
		"het", "van", "voor", "och", "og", "i", "w", "z", "u", "v", "ve",
	};
	size_t i;
	size_t k;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (k = 0; k < length && words[i][k] != '\0' && word[k] == (int32_t)(unsigned char)words[i][k]; k++)
			;
		if (k == length && words[i][k] == '\0')
			return 1;
	}
	return 0;
}

/* Whether letters (n) are one slip from initials (m): one letter wrong or
 * two neighbours swapped ("ICRB" for "IRCB"). */
static int one_slip(const int32_t *letters, size_t n, const int32_t *initials, size_t m)
{
	size_t first = n;
	size_t differ = 0;
	size_t i;

	if (n != m)
		return 0;
	for (i = 0; i < n; i++) {
		if (letters[i] != initials[i]) {
			if (differ++ == 0)
				first = i;
		}
	}
	if (differ == 1)
		return 1;
	return differ == 2 && first + 1 < n && letters[first] == initials[first + 1] &&
	       letters[first + 1] == initials[first];
}

/* Whether letters (n) look like a slip in the initials of name: of every
 * word, or of every word but stop words. */
static int near_initials(const int32_t *letters, size_t n, const struct folded_words *name)
{
	int32_t all[ACRONYM_MAX];
	int32_t content[ACRONYM_MAX];
	size_t all_count = 0;
	size_t content_count = 0;
	size_t w;

	for (w = 0; w < name->count; w++) {
		const int32_t *word = name->text + name->start[w];

		if (all_count < ACRONYM_MAX)
			all[all_count++] = word[0];
		if (content_count < ACRONYM_MAX && !is_stop_word(word, name->length[w]))
			content[content_count++] = word[0];
	}
	return one_slip(letters, n, all, all_count) || one_slip(letters, n, content, content_count);
}

/* The non-acronym names of record, quoted and joined with ", " into buf,
 * cut between characters when buf is full. */
static void list_names(char *buf, size_t size, const struct orgcheck_record *record)
{
	size_t at = 0;
	size_t i;
	int written = 0;

	buf[0] = '\0';
	for (i = 0; i < record->names.count && at + 1 < size; i++) {
		if (record->names.items[i].kind == ORGCHECK_NAME_ACRONYM || record->names.items[i].value == NULL)
			continue;
		written = snprintf(buf + at, size - at, "%s'%s'", at ? ", " : "", record->names.items[i].value);
		if (written < 0)
			break;
		at += (size_t)written;
	}
	orgcheck_utf8_trim(buf);
}

/* 1 when acronym fits none of record's other names yet is one slip from
 * the initials of one of them (*slip_out: that name), a likely typo; 0
 * otherwise, also when it fits a name (in whichever language) or has
 * fewer than three letters: an acronym of other words, another language
 * or a brand is no mistake. */
static int acronym_slips(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 const char *acronym, const struct orgcheck_name **slip_out)
{
	struct folded_words words;
	int32_t letters[ACRONYM_MAX];
	char reach[ACRONYM_MAX + 1];
	char next[ACRONYM_MAX + 1];
	size_t n = orgcheck_fold_letters(letters, ACRONYM_MAX, acronym, 0);
	size_t i;
	const struct orgcheck_name *slip = NULL;

	*slip_out = NULL;
	if (n < 3)
		return 0;
	for (i = 0; i < record->names.count && i < ORGCHECK_RULES_NAMES_MAX; i++) {
		const struct orgcheck_name *name = &record->names.items[i];

		run->operations++;
		if (name->kind == ORGCHECK_NAME_ACRONYM || name->value == NULL)
			continue;
		fold_words(&words, name->value);
		if (acronym_fits(letters, n, &words, reach, next))
			return 0;
		if (slip == NULL && near_initials(letters, n, &words))
			slip = name;
	}
	*slip_out = slip;
	return slip != NULL;
}

static int visit_acronym_mismatch(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_name *acronym = NULL;
	const struct orgcheck_name *slip = NULL;
	char names[ORGCHECK_RULE_LIST_MAX];
	size_t j;
	size_t k;
	int rc = 0;

	run->operations++;
	if (record->kind != ORGCHECK_RECORD_ORGANIZATION || record->names.count == 0)
		return rc;
	for (j = 0; j < record->names.count && rc == 0; j++) {
		acronym = &record->names.items[j];
		if (acronym->kind != ORGCHECK_NAME_ACRONYM || acronym->value == NULL)
			continue;
		if (!acronym_slips(run, record, acronym->value, &slip))
			continue;
		list_names(names, sizeof(names), record);
		rc = orgcheck_rule_report(run, record, acronym->pos,
					  "acronym '%s' (source %s) does not fit any name of %s and looks like a slip (one letter wrong, or two swapped) of the initials of '%s': %s",
					  acronym->value,
					  orgcheck_rule__or_none(acronym->source),
					  orgcheck_rule__record_name(record), slip->value, names);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "acronym", acronym->value, acronym->source);
		for (k = 0; k < record->names.count && k < ORGCHECK_RULES_NAMES_MAX && rc == 0; k++) {
			const struct orgcheck_name *name = &record->names.items[k];

			if (name->kind != ORGCHECK_NAME_ACRONYM && name->value != NULL)
				rc = orgcheck_rule_value(run, "name", name->value, name->source);
		}
		if (rc == 0)
			rc = orgcheck_rule_relate(run, record, slip->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor acronym_mismatch_visitor = { NULL, visit_acronym_mismatch, NULL, 0 };

int orgcheck_rule_acronym_mismatch(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &acronym_mismatch_visitor);
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
	  orgcheck_rule_conflicting_claims, &conflicting_claims_visitor },
	{ "OC151", "name-spellings-differ", ORGCHECK_SEVERITY_WARNING,
	  "Sources spell an organization's name differently: the record keeps "
	  "a variant spelling beside its display name, from another source, or "
	  "from the same source spelling the name two ways (not counting case, "
	  "punctuation, \"&\" for \"and\" or a leading \"The\").",
	  orgcheck_rule_name_spellings_differ, &name_spellings_differ_visitor },
	{ "OC152", "acronym-mismatch", ORGCHECK_SEVERITY_INFO,
	  "An acronym looks mistyped: it fits none of the record's names (in "
	  "any language), yet it is one letter wrong or two letters swapped "
	  "from the initials of one of them (of every word, or of every word "
	  "but short words such as \"of\", \"de\", \"für\"). An acronym "
	  "fits a name when its letters can be taken, in order, from the "
	  "beginnings of the name's words (any word may be skipped; a long "
	  "compound word may also give the beginnings of its parts, as "
	  "\"WU\" for \"Wirtschaftsuniversität Wien\"). Names are compared "
	  "folded: case, accents, compatibility forms and punctuation of any "
	  "script aside. Acronyms of other words, of another language or of a "
	  "brand are not reported.",
	  orgcheck_rule_acronym_mismatch, &acronym_mismatch_visitor },
};

const struct orgcheck_rule *orgcheck_rules_claims(size_t *count_out)
{
	*count_out = sizeof(claims_rules) / sizeof(claims_rules[0]);
	return claims_rules;
}
