/* Identity rules: unique ids, ids that match file names, possible
 * duplicate records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

static int visit_duplicate_id(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *first = NULL;
	int rc = 0;

	run->operations++;
	/* Only a record with a duplicate id has another first. */
	first = record->first_with_id;
	if (record->id == NULL || first == record)
		return rc;
	rc = orgcheck_rule_report(run, record, record->pos,
				  "id '%s' is already the id of %s (%s); ids must be unique",
				  record->id, first->names.count > 0 ? first->names.items[0].value : first->id,
				  first->path);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "id", record->id, NULL);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, first, first->pos);
	return rc;
}

static const struct orgcheck_rule_visitor duplicate_id_visitor = { NULL, visit_duplicate_id, NULL, 0 };

int orgcheck_rule_duplicate_id(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &duplicate_id_visitor);
}

/* Whether id has the form of a record id (lower-case words joined by
 * single hyphens), so a file can be named after it. */
static int is_record_id(const char *id)
{
	const char *p = id;

	if (*p == '\0' || *p == '-')
		return 0;
	for (; *p != '\0'; p++) {
		if (*p == '-' && (p[1] == '-' || p[1] == '\0'))
			return 0;
		if (!(*p == '-' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return 0;
	}
	return 1;
}

/* A record whose id does not match its file name and could name a file
 * (is_record_id), with the path of the file already named after that id
 * (NULL when none): renaming to it would only move the clash. */
struct misnamed {
	const struct orgcheck_record *record;
	const char *taken;
};

static int id_mismatch(const struct orgcheck_record *record)
{
	return record->id != NULL && record->file_id != NULL && strcmp(record->id, record->file_id) != 0;
}

static int compare_misnamed(const void *pa, const void *pb)
{
	const struct misnamed *a = *(const struct misnamed *const *)pa;
	const struct misnamed *b = *(const struct misnamed *const *)pb;

	return strcmp(a->record->id, b->record->id);
}

/* Fills taken for the n misnamed records (by_id: pointers to them sorted
 * by id) in one pass over the corpus, the first file in corpus order
 * named after each id: a search in the few misnamed ids per file rather
 * than a pass over the corpus per misnamed record. That file is never
 * the record's own, whose name differs from its id. */
static void find_taken(const struct orgcheck_corpus *corpus, struct misnamed **by_id, size_t n)
{
	const struct orgcheck_record *other = NULL;
	size_t low = 0;
	size_t high = 0;
	size_t middle = 0;
	size_t i;

	for (i = 0; i < corpus->count; i++) {
		other = &corpus->records[i];
		if (other->file_id == NULL)
			continue;
		low = 0;
		high = n;
		while (low < high) {
			middle = low + (high - low) / 2;
			if (strcmp(by_id[middle]->record->id, other->file_id) < 0)
				low = middle + 1;
			else
				high = middle;
		}
		for (; low < n && strcmp(by_id[low]->record->id, other->file_id) == 0; low++) {
			if (by_id[low]->taken == NULL)
				by_id[low]->taken = other->path;
		}
	}
}

int orgcheck_rule_id_file_mismatch(struct orgcheck_rule_run *run)
{
	struct misnamed *misnamed = NULL;
	struct misnamed **by_id = NULL;
	const char *taken = NULL;
	const struct orgcheck_record *record = NULL;
	const char *base = NULL;
	size_t count = 0;
	size_t at = 0;
	size_t i;
	int rc = 0;

	for (i = 0; i < run->corpus->count; i++) {
		record = &run->corpus->records[i];
		if (id_mismatch(record) && is_record_id(record->id))
			count++;
	}
	if (count > 0) {
		misnamed = calloc(count, sizeof(*misnamed));
		by_id = calloc(count, sizeof(*by_id));
		if (misnamed == NULL || by_id == NULL) {
			rc = orgcheck_error_nomem(run->err);
			goto done;
		}
		for (i = 0; i < run->corpus->count; i++) {
			record = &run->corpus->records[i];
			if (id_mismatch(record) && is_record_id(record->id)) {
				misnamed[at].record = record;
				by_id[at] = &misnamed[at];
				at++;
			}
		}
		qsort(by_id, count, sizeof(*by_id), compare_misnamed);
		find_taken(run->corpus, by_id, count);
	}
	at = 0;
	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		if (!id_mismatch(record))
			continue;
		base = strrchr(record->path, '/');
		taken = at < count && misnamed[at].record == record ? misnamed[at++].taken : NULL;
		if (taken != NULL)
			rc = orgcheck_rule_report(run, record, record->pos,
						  "record id '%s' does not match the file name '%s'; change the id "
						  "('%s.xml' is %s)",
						  record->id, base ? base + 1 : record->path, record->id, taken);
		else if (is_record_id(record->id))
			rc = orgcheck_rule_report(run, record, record->pos,
						  "record id '%s' does not match the file name '%s'; "
						  "rename the file to '%s.xml' or change the id",
						  record->id, base ? base + 1 : record->path, record->id);
		else
			rc = orgcheck_rule_report(run, record, record->pos,
						  "record id '%s' does not match the file name '%s'; change the id",
						  record->id, base ? base + 1 : record->path);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "id", record->id, NULL);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "file", base ? base + 1 : record->path, NULL);
	}
done:
	free(by_id);
	free(misnamed);
	return rc;
}

static const char *name_kind_word(enum orgcheck_name_kind kind)
{
	switch (kind) {
	case ORGCHECK_NAME_DISPLAY:
		return "name";
	case ORGCHECK_NAME_ACRONYM:
		return "acronym";
	case ORGCHECK_NAME_ALIAS:
		return "alias";
	case ORGCHECK_NAME_FORMER:
		return "former name";
	case ORGCHECK_NAME_VARIANT:
		return "variant name";
	case ORGCHECK_NAME_TRANSLATION:
		return "translated name";
	case ORGCHECK_NAME_LABEL:
		return "label";
	}
	return "name";
}

/* Two records that share a name (not an acronym): found per folded name,
 * gathered per pair, so that a pair sharing several names is one
 * finding. */
struct name_pair {
	size_t first;       /* record indices, first < other */
	size_t other;
	size_t first_name;  /* the shared name in each */
	size_t other_name;
	size_t shared;      /* names the pair shares, after merging */
};

struct duplicate_search {
	struct orgcheck_rule_run *run;
	struct name_pair *pairs;
	size_t count;
	size_t capacity;
	int rc;
};

static int add_pair(struct duplicate_search *search, const struct orgcheck_name_hit *first,
		    const struct orgcheck_name_hit *other)
{
	struct name_pair *grown = NULL;
	struct name_pair *pair = NULL;

	if (search->count == search->capacity) {
		search->capacity = search->capacity ? 2 * search->capacity : 64;
		grown = realloc(search->pairs, search->capacity * sizeof(*grown));
		if (grown == NULL)
			return orgcheck_error_nomem(search->run->err);
		search->pairs = grown;
	}
	pair = &search->pairs[search->count++];
	pair->first = first->record;
	pair->other = other->record;
	pair->first_name = first->name;
	pair->other_name = other->name;
	pair->shared = 1;
	return 0;
}

/* For one folded name: each record after the first that carries it
 * (hits are in record order) pairs with the first. An acronym shared is
 * no sign of a duplicate on its own (DOT is the US Treasury's and
 * Victoria's Department of Transport). */
static void visit_name(void *data, const char *folded, const struct orgcheck_name_hit *hits,
		       size_t count)
{
	struct duplicate_search *search = data;
	struct orgcheck_rule_run *run = search->run;
	const struct orgcheck_record *first = NULL;
	const struct orgcheck_record *other = NULL;
	size_t start = 0;
	size_t previous = (size_t)-1;
	size_t i;

	(void)folded;
	run->operations += count;
	if (search->rc < 0 || count < 2)
		return;
	while (start < count &&
	       run->corpus->records[hits[start].record].names.items[hits[start].name].kind == ORGCHECK_NAME_ACRONYM)
		start++;
	if (start >= count)
		return;
	first = &run->corpus->records[hits[start].record];
	previous = hits[start].record;
	for (i = start + 1; i < count && search->rc == 0; i++) {
		other = &run->corpus->records[hits[i].record];
		/* One record may carry the name twice (display name and variant). */
		if (hits[i].record == previous || hits[i].record == hits[start].record ||
		    other->names.items[hits[i].name].kind == ORGCHECK_NAME_ACRONYM)
			continue;
		previous = hits[i].record;
		/* Records sharing an id are the duplicate-id rule's business. */
		if (other->id != NULL && other->first_with_id == first->first_with_id)
			continue;
		search->rc = add_pair(search, &hits[start], &hits[i]);
	}
}

static int compare_pairs(const void *pa, const void *pb)
{
	const struct name_pair *a = pa;
	const struct name_pair *b = pb;

	if (a->other != b->other)
		return a->other < b->other ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	if (a->other_name != b->other_name)
		return a->other_name < b->other_name ? -1 : 1;
	return a->first_name < b->first_name ? -1 : (a->first_name > b->first_name);
}

/* Whether a refers to b (any link or reference, resolved or by id). */
static int refers_to(const struct orgcheck_record *a, const struct orgcheck_record *b)
{
	size_t i;

	for (i = 0; i < a->refs.count; i++) {
		if (a->refs.items[i].resolved == b->first_with_id ||
		    (b->id != NULL && a->refs.items[i].target != NULL && strcmp(a->refs.items[i].target, b->id) == 0))
			return 1;
	}
	return 0;
}

/* The countries record states (headquarters, locations), at most max of
 * them into out; returns how many. */
static size_t countries_of(const char **out, size_t max, const struct orgcheck_record *record)
{
	const struct orgcheck_claim *claim = NULL;
	size_t at = 0;
	size_t n = 0;
	size_t i;

	while (n < max && (claim = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY, &at)) != NULL)
		out[n++] = claim->value;
	for (i = 0; i < record->locations.count && n < max; i++) {
		if (record->locations.items[i].country != NULL)
			out[n++] = record->locations.items[i].country;
	}
	return n;
}

#define COUNTRIES_MAX 8

/* The country both records state, "" when either states none, NULL when
 * they state only different ones. */
static const char *common_country(const struct orgcheck_record *a, const struct orgcheck_record *b)
{
	const char *ca[COUNTRIES_MAX];
	const char *cb[COUNTRIES_MAX];
	size_t na = countries_of(ca, COUNTRIES_MAX, a);
	size_t nb = countries_of(cb, COUNTRIES_MAX, b);
	size_t i;
	size_t j;

	if (na == 0 || nb == 0)
		return "";
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++) {
			if (strcmp(ca[i], cb[j]) == 0)
				return ca[i];
		}
	}
	return NULL;
}

static int report_pair(struct orgcheck_rule_run *run, const struct name_pair *pair)
{
	const struct orgcheck_record *first = &run->corpus->records[pair->first];
	const struct orgcheck_record *other = &run->corpus->records[pair->other];
	const struct orgcheck_name *first_name = &first->names.items[pair->first_name];
	const struct orgcheck_name *other_name = &other->names.items[pair->other_name];
	const char *country = NULL;
	char more[64];
	char why[ORGCHECK_RULE_LIST_MAX];
	int rc = 0;

	/* Linked records (parent and child, predecessor and successor) know
	 * of each other; a record that is no longer active shares the name
	 * of what replaced it. */
	if (refers_to(first, other) || refers_to(other, first) || !orgcheck_rule__is_active(first) ||
	    !orgcheck_rule__is_active(other))
		return 0;
	/* Different countries: a name shared across borders is a common name
	 * ("National Museum"), not a duplicate. */
	country = common_country(first, other);
	if (country == NULL)
		return 0;
	more[0] = '\0';
	if (pair->shared > 1)
		snprintf(more, sizeof(more), " (and %zu more name%s)", pair->shared - 1,
			 pair->shared > 2 ? "s" : "");
	if (other_name->kind == first_name->kind && strcmp(other_name->value, first_name->value) == 0)
		snprintf(why, sizeof(why), "both have the %s '%s'", name_kind_word(other_name->kind),
			 other_name->value);
	else
		snprintf(why, sizeof(why), "the %s '%s' of the first is the %s '%s' of the second",
			 name_kind_word(other_name->kind), other_name->value,
			 name_kind_word(first_name->kind), first_name->value);
	rc = orgcheck_rule_report(run, other, other_name->pos,
				  "%s and %s may describe the same %s: %s%s, %s%s, and neither links to the other",
				  orgcheck_rule__record_label(other),
				  orgcheck_rule__record_label(first),
				  other->kind == ORGCHECK_RECORD_PERSON ? "person" : "organization",
				  why, more, country[0] ? "both in " : "no country stated on one", country);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "name", other_name->value, other_name->source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "other name", first_name->value, first_name->source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, first, first_name->pos);
	return rc;
}

int orgcheck_rule_possible_duplicate(struct orgcheck_rule_run *run)
{
	struct duplicate_search search = { run, NULL, 0, 0, 0 };
	size_t i;
	size_t j;
	int rc = 0;

	orgcheck_corpus_each_name(run->corpus, visit_name, &search);
	rc = search.rc;
	if (rc == 0 && search.count > 1)
		qsort(search.pairs, search.count, sizeof(*search.pairs), compare_pairs);
	for (i = 0; i < search.count && rc == 0; i = j) {
		for (j = i + 1; j < search.count && search.pairs[j].first == search.pairs[i].first &&
				search.pairs[j].other == search.pairs[i].other; j++)
			search.pairs[i].shared++;
		run->operations++;
		rc = report_pair(run, &search.pairs[i]);
	}
	free(search.pairs);
	return rc;
}

/* ---------------------------------------------------------------- OC104 */

/* One identifier claim: its scheme (the claim's name, "identifier isni",
 * "us-tax-id") and its value without the spaces, hyphens and case that
 * schemes write differently ("0000 0001 2165 7675", "q42"). */
struct identifier_key {
	const char *scheme;
	char value[64];
	size_t record;
	size_t claim;
};

static int compare_identifiers(const void *pa, const void *pb)
{
	const struct identifier_key *a = pa;
	const struct identifier_key *b = pb;
	int c = strcmp(a->scheme, b->scheme);

	if (c == 0)
		c = strcmp(a->value, b->value);
	if (c == 0)
		c = a->record < b->record ? -1 : (a->record > b->record);
	if (c == 0)
		c = a->claim < b->claim ? -1 : (a->claim > b->claim);
	return c;
}

/* Fills key->value from value; returns 0 when nothing is left or the
 * value does not fit (then it is not compared). */
static int identifier_value(char *out, size_t size, const char *value)
{
	size_t at = 0;
	const char *p = NULL;

	for (p = value; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (at + 1 >= size)
			return 0;
		out[at++] = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
	}
	out[at] = '\0';
	return at > 0;
}

int orgcheck_rule_duplicate_identifier(struct orgcheck_rule_run *run)
{
	const struct orgcheck_corpus *corpus = run->corpus;
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_record *first = NULL;
	const struct orgcheck_claim *claim = NULL;
	const struct orgcheck_claim *first_claim = NULL;
	struct identifier_key *keys = NULL;
	struct identifier_key *grown = NULL;
	size_t count = 0;
	size_t capacity = 0;
	size_t i;
	size_t j;
	size_t k;
	int rc = 0;

	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		run->operations++;
		/* Duplicate ids are OC101's: each id counts once. */
		if (record->id != NULL && record->first_with_id != record)
			continue;
		for (j = 0; j < record->claims.count; j++) {
			claim = &record->claims.items[j];
			if ((claim->field != ORGCHECK_CLAIM_IDENTIFIER && claim->field != ORGCHECK_CLAIM_US_TAX_ID) ||
			    claim->value == NULL)
				continue;
			if (count == capacity) {
				capacity = capacity ? 2 * capacity : 256;
				grown = realloc(keys, capacity * sizeof(*grown));
				if (grown == NULL) {
					rc = orgcheck_error_nomem(run->err);
					goto done;
				}
				keys = grown;
			}
			if (!identifier_value(keys[count].value, sizeof(keys[count].value), claim->value))
				continue;
			keys[count].scheme = claim->name;
			keys[count].record = i;
			keys[count].claim = j;
			count++;
		}
	}
	if (count > 1)
		qsort(keys, count, sizeof(*keys), compare_identifiers);
	for (i = 0; i < count && rc == 0; i = j) {
		for (j = i + 1; j < count && strcmp(keys[j].scheme, keys[i].scheme) == 0 &&
				strcmp(keys[j].value, keys[i].value) == 0; j++)
			;
		first = &corpus->records[keys[i].record];
		first_claim = &first->claims.items[keys[i].claim];
		for (k = i + 1; k < j && rc == 0; k++) {
			run->operations++;
			/* The same identifier twice in one record is not two records. */
			if (keys[k].record == keys[k - 1].record)
				continue;
			record = &corpus->records[keys[k].record];
			claim = &record->claims.items[keys[k].claim];
			rc = orgcheck_rule_report(run, record, claim->pos,
						  "%s has %s '%s', which %s has too; an identifier names one "
						  "record: the two are duplicates, or one identifier is wrong",
						  orgcheck_rule__record_label(record),
						  claim->name, claim->value,
						  orgcheck_rule__record_label(first));
			if (rc == 0)
				rc = orgcheck_rule_value(run, "scheme", claim->name, NULL);
			if (rc == 0)
				rc = orgcheck_rule_value(run, "identifier", claim->value, claim->source);
			if (rc == 0)
				rc = orgcheck_rule_relate(run, first, first_claim->pos);
		}
	}

done:
	free(keys);
	return rc;
}

/* ---------------------------------------------------------------- OC105 */

static int visit_repeated_name(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_name *name = NULL;
	const struct orgcheck_name *earlier = NULL;
	size_t n = 0;
	size_t j;
	size_t k;
	int rc = 0;

	run->operations++;
	n = record->names.count < ORGCHECK_RULES_NAMES_MAX ? record->names.count : ORGCHECK_RULES_NAMES_MAX;
	for (j = 1; j < n && rc == 0; j++) {
		name = &record->names.items[j];
		run->operations += j;
		if (name->value == NULL || name->value[0] == '\0')
			continue;
		/* The first earlier name of another kind spelt the same (not
		 * folded: "The X" and "X", "&" and "and" are variants a
		 * registry keeps on purpose); one written twice in one kind
		 * is not this. A name
		 * given several kinds in one entry (ROR's "also") is one name. */
		earlier = NULL;
		for (k = 0; k < j && earlier == NULL; k++) {
			if (record->names.items[k].kind != name->kind &&
			    strcmp(record->names.items[k].value, name->value) == 0)
				earlier = &record->names.items[k];
		}
		if (earlier == NULL)
			continue;
		rc = orgcheck_rule_report(run, record, name->pos,
					  "%s lists '%s' as its %s and again as its %s; one name "
					  "in one kind is enough",
					  orgcheck_rule__record_label(record),
					  name->value, name_kind_word(earlier->kind), name_kind_word(name->kind));
		if (rc == 0)
			rc = orgcheck_rule_value(run, "name", name->value, name->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "kind", name_kind_word(name->kind), NULL);
	}
	return rc;
}

static const struct orgcheck_rule_visitor repeated_name_visitor = { NULL, visit_repeated_name, NULL, 0 };

int orgcheck_rule_repeated_name(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &repeated_name_visitor);
}

/* The catalogue entries of this group (OC101-OC105). */
static const struct orgcheck_rule identity_rules[] = {
	{ "OC101", "duplicate-id", ORGCHECK_SEVERITY_ERROR,
	  "Two or more records have the same id. Ids must be unique across the "
	  "corpus, or references to them are ambiguous; every record but the "
	  "first (by path) is reported, with the first as related location.",
	  orgcheck_rule_duplicate_id, &duplicate_id_visitor },
	{ "OC102", "id-file-mismatch", ORGCHECK_SEVERITY_ERROR,
	  "A record's id differs from its file name (without \".xml\"). The file "
	  "name is how curators find a record, so the two must agree.",
	  orgcheck_rule_id_file_mismatch, NULL },
	{ "OC103", "possible-duplicate", ORGCHECK_SEVERITY_WARNING,
	  "Two records share a name, alias, label or variant (compared case- "
	  "and punctuation-folded), are both active, state the same country "
	  "or one states none, and neither links to the other. They may "
	  "describe the same organization or person twice. One finding per "
	  "pair, however many names they share; an acronym shared is not "
	  "enough (many organizations share one), nor a name shared by records "
	  "in different countries or linked to each other (parent and child, "
	  "predecessor and successor).",
	  orgcheck_rule_possible_duplicate, NULL },
	{ "OC104", "duplicate-identifier", ORGCHECK_SEVERITY_ERROR,
	  "Two records state the same external identifier in one scheme (the "
	  "same Wikidata id, ISNI, GRID, Crossref funder id, US tax id, ...; "
	  "compared without spaces, hyphens and case). An identifier names "
	  "one organization: the records are duplicates or one identifier is "
	  "wrong. Every record after the first (by path) is reported, with "
	  "the first as related location.",
	  orgcheck_rule_duplicate_identifier, NULL },
	{ "OC105", "repeated-name", ORGCHECK_SEVERITY_INFO,
	  "A record lists the same name, spelt the same, in two "
	  "kinds, as its display name and again as an alias, say. A name given "
	  "several kinds in one entry (the also attribute, as ROR gives a name "
	  "several types) is one name, not a repetition.",
	  orgcheck_rule_repeated_name, &repeated_name_visitor },
};

const struct orgcheck_rule *orgcheck_rules_identity(size_t *count_out)
{
	*count_out = sizeof(identity_rules) / sizeof(identity_rules[0]);
	return identity_rules;
}
