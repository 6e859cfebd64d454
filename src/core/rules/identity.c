/* Identity rules: unique ids, ids that match file names, possible
 * duplicate records. */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

int orgcheck_rule_duplicate_id(struct orgcheck_rule_run *run)
{
	const struct orgcheck_corpus *corpus = run->corpus;
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_record *first = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < corpus->count && rc == 0; i++) {
		record = &corpus->records[i];
		run->operations++;
		/* Only a record with a duplicate id has another first. */
		first = record->first_with_id;
		if (record->id == NULL || first == record)
			continue;
		rc = orgcheck_rule_report(run, record, record->pos,
					  "id '%s' is already the id of %s; ids must be unique",
					  record->id, first->path);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "id", record->id, NULL);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, first, first->pos);
	}
	return rc;
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

/* Another record's file already named after id, or NULL: renaming to
 * it would only move the clash. */
static const char *file_named(const struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			      const char *id)
{
	size_t i;

	for (i = 0; i < run->corpus->count; i++) {
		const struct orgcheck_record *other = &run->corpus->records[i];

		if (other != record && other->file_id != NULL && strcmp(other->file_id, id) == 0)
			return other->path;
	}
	return NULL;
}

int orgcheck_rule_id_file_mismatch(struct orgcheck_rule_run *run)
{
	const char *taken = NULL;
	const struct orgcheck_record *record = NULL;
	const char *base = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < run->corpus->count && rc == 0; i++) {
		record = &run->corpus->records[i];
		run->operations++;
		if (record->id == NULL || record->file_id == NULL || strcmp(record->id, record->file_id) == 0)
			continue;
		base = strrchr(record->path, '/');
		taken = is_record_id(record->id) ? file_named(run, record, record->id) : NULL;
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

struct duplicate_search {
	struct orgcheck_rule_run *run;
	int rc;
};

/* For one folded name: every record after the first that carries it is
 * reported once, against the first. */
static void visit_name(void *data, const char *folded, const struct orgcheck_name_hit *hits,
		       size_t count)
{
	struct duplicate_search *search = data;
	struct orgcheck_rule_run *run = search->run;
	const struct orgcheck_record *first = NULL;
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_name *first_name = NULL;
	const struct orgcheck_name *other_name = NULL;
	size_t previous = (size_t)-1;
	size_t i;

	(void)folded;
	run->operations += count;
	if (search->rc < 0 || count < 2)
		return;
	first = &run->corpus->records[hits[0].record];
	first_name = &first->names.items[hits[0].name];
	previous = hits[0].record;
	for (i = 1; i < count && search->rc == 0; i++) {
		/* One record may carry the name twice (display name and variant). */
		if (hits[i].record == previous || hits[i].record == hits[0].record)
			continue;
		previous = hits[i].record;
		other = &run->corpus->records[hits[i].record];
		other_name = &other->names.items[hits[i].name];
		/* Records sharing an id are the duplicate-id rule's business. */
		if (other->id != NULL && other->first_with_id == first->first_with_id)
			continue;
		search->rc = orgcheck_rule_report(run, other, other_name->pos,
						  "%s '%s' of %s is also the %s '%s' of %s; "
						  "the two records may describe the same %s",
						  name_kind_word(other_name->kind), other_name->value,
						  other->id, name_kind_word(first_name->kind),
						  first_name->value, first->id,
						  other->kind == ORGCHECK_RECORD_PERSON ? "person" : "organization");
		if (search->rc == 0)
			search->rc = orgcheck_rule_value(run, "name", other_name->value, other_name->source);
		if (search->rc == 0)
			search->rc = orgcheck_rule_value(run, "other name", first_name->value,
							 first_name->source);
		if (search->rc == 0)
			search->rc = orgcheck_rule_relate(run, first, first_name->pos);
	}
}

int orgcheck_rule_possible_duplicate(struct orgcheck_rule_run *run)
{
	struct duplicate_search search = { run, 0 };

	orgcheck_corpus_each_name(run->corpus, visit_name, &search);
	return search.rc;
}

/* The catalogue entries of this group (OC101-OC103). */
static const struct orgcheck_rule identity_rules[] = {
	{ "OC101", "duplicate-id", ORGCHECK_SEVERITY_ERROR,
	  "Two or more records have the same id. Ids must be unique across the "
	  "corpus, or references to them are ambiguous; every record but the "
	  "first (by path) is reported, with the first as related location.",
	  orgcheck_rule_duplicate_id },
	{ "OC102", "id-file-mismatch", ORGCHECK_SEVERITY_ERROR,
	  "A record's id differs from its file name (without \".xml\"). The file "
	  "name is how curators find a record, so the two must agree.",
	  orgcheck_rule_id_file_mismatch },
	{ "OC103", "possible-duplicate", ORGCHECK_SEVERITY_WARNING,
	  "Two records share a name, alias or acronym (compared case- and "
	  "punctuation-folded). They may describe the same organization or "
	  "person twice; if they do not, one name is ambiguous.",
	  orgcheck_rule_possible_duplicate },
};

const struct orgcheck_rule *orgcheck_rules_identity(size_t *count_out)
{
	*count_out = sizeof(identity_rules) / sizeof(identity_rules[0]);
	return identity_rules;
}
