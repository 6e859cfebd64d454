/* Reference rules: targets exist and are of the right kind, labels name
 * the target, no record refers to itself, no entry is listed twice. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/config.h>

#include "rules/rules.h"

#define FOLD_MAX 1024
/* Names of a target compared with a label as written, before folding. */
#define LABEL_FAST_NAMES 8
#define SUGGESTIONS 3

static const char *kind_word(unsigned expected)
{
	return expected == ORGCHECK_TARGET_PERSON ? "person" : "organization";
}

/* Up to SUGGESTIONS closest candidates, best first. */
struct suggestions {
	const char *text[SUGGESTIONS];
	size_t distance[SUGGESTIONS];
	size_t count;
	size_t limit;
};

static void suggest(struct suggestions *s, const char *candidate, size_t distance)
{
	size_t i;
	size_t at = 0;

	if (distance > s->limit)
		return;
	for (i = 0; i < s->count; i++) {
		if (strcmp(s->text[i], candidate) == 0)
			return;
	}
	/* Ties are broken by text, so the choice does not depend on hash order. */
	while (at < s->count && (s->distance[at] < distance ||
				 (s->distance[at] == distance && strcmp(s->text[at], candidate) < 0)))
		at++;
	if (at >= SUGGESTIONS)
		return;
	for (i = (s->count < SUGGESTIONS ? s->count : SUGGESTIONS - 1); i > at; i--) {
		s->text[i] = s->text[i - 1];
		s->distance[i] = s->distance[i - 1];
	}
	s->text[at] = candidate;
	s->distance[at] = distance;
	if (s->count < SUGGESTIONS)
		s->count++;
}

/* What "did you mean" holds an unresolved reference against: each record's
 * id, and each distinct folded name of the corpus, in the order the
 * corpus keeps them, with their lengths and letters. Made once per run,
 * at the first unresolved reference, so that each search reads two dense
 * arrays instead of every record, every slot of the name index and every
 * string, most of which the lengths and letters alone dismiss. */
struct candidate {
	const char *text;    /* NULL for a record without id */
	uint64_t letters;    /* orgcheck_rule_letters(text) */
	uint32_t length;     /* strlen(text): records are at most 16 MiB */
	/* The record whose id is suggested (for a name, the first record
	 * carrying it) and whether it is a person, in one word: 400,000
	 * names and ids make this array the largest thing a run allocates
	 * while the rules run. */
	uint32_t record_and_person;
};

#define CANDIDATE_PERSON 0x80000000u

/* Lengths from this one up share the last bucket of a candidate index. */
#define LENGTH_BUCKETS 128

/* The candidates of one array by kind (0 organizations, 1 people) and
 * length: order[start[k][b]] to order[start[k][b + 1]] are the indices of
 * those of kind k and length b (or more, in the last bucket), in array
 * order; count and length_sum add up each kind. A search that cannot run
 * out of budget pays for reading every length of its kind at once and
 * compares only the candidates within its limit of the wanted length. */
struct candidate_index {
	size_t *order;
	size_t start[2][LENGTH_BUCKETS + 1];
	unsigned long long count[2];
	unsigned long long length_sum[2];
};

struct candidates {
	struct candidate *ids;    /* one per record, in record order */
	struct candidate *names;  /* one per distinct folded name */
	size_t name_count;
	size_t name_capacity;
	struct candidate_index by_id;
	struct candidate_index by_name;
};

static struct orgcheck_rule_text known_text(const char *text)
{
	struct orgcheck_rule_text known;

	known.text = text;
	known.length = strlen(text);
	known.letters = orgcheck_rule_letters(text, known.length);
	return known;
}

static struct orgcheck_rule_text candidate_text(const struct candidate *candidate)
{
	struct orgcheck_rule_text known;

	known.text = candidate->text;
	known.length = candidate->length;
	known.letters = candidate->letters;
	return known;
}

static void set_candidate(struct candidate *candidate, const char *text, size_t record,
			  const struct orgcheck_record *of)
{
	candidate->text = text;
	candidate->length = text ? (uint32_t)strlen(text) : 0;
	candidate->letters = text ? orgcheck_rule_letters(text, candidate->length) : 0;
	candidate->record_and_person = (uint32_t)record |
		(of->kind == ORGCHECK_RECORD_PERSON ? CANDIDATE_PERSON : 0);
}

struct candidate_build {
	struct candidates *candidates;
	const struct orgcheck_corpus *corpus;
};

static void count_name(void *data, const char *folded, const struct orgcheck_name_hit *hits,
		       size_t count)
{
	struct candidates *c = data;

	(void)folded;
	(void)hits;
	(void)count;
	c->name_capacity++;
}

static void add_name(void *data, const char *folded, const struct orgcheck_name_hit *hits,
		     size_t count)
{
	struct candidate_build *build = data;
	struct candidates *c = build->candidates;

	(void)count;
	if (c->name_count < c->name_capacity) {
		set_candidate(&c->names[c->name_count], folded, hits[0].record,
			      &build->corpus->records[hits[0].record]);
		c->name_count++;
	}
}

static void candidates_release(struct candidates *c)
{
	free(c->ids);
	free(c->names);
	free(c->by_id.order);
	free(c->by_name.order);
	memset(c, 0, sizeof(*c));
}

static size_t kind_of(const struct candidate *candidate)
{
	return (candidate->record_and_person & CANDIDATE_PERSON) ? 1 : 0;
}

static size_t bucket_of(const struct candidate *candidate)
{
	return candidate->length < LENGTH_BUCKETS ? candidate->length : LENGTH_BUCKETS - 1;
}

/* Indexes the n candidates of list (those without text left out).
 * Returns 0 or -1. */
static int candidate_index_build(struct candidate_index *index, const struct candidate *list, size_t n)
{
	size_t cursor[2][LENGTH_BUCKETS];
	size_t at = 0;
	size_t i;
	size_t k;
	size_t b;

	memset(index, 0, sizeof(*index));
	memset(cursor, 0, sizeof(cursor));
	index->order = malloc((n ? n : 1) * sizeof(*index->order));
	if (index->order == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (list[i].text == NULL)
			continue;
		cursor[kind_of(&list[i])][bucket_of(&list[i])]++;
		index->count[kind_of(&list[i])]++;
		index->length_sum[kind_of(&list[i])] += list[i].length;
	}
	for (k = 0; k < 2; k++) {
		for (b = 0; b < LENGTH_BUCKETS; b++) {
			index->start[k][b] = at;
			at += cursor[k][b];
			cursor[k][b] = index->start[k][b];
		}
		index->start[k][LENGTH_BUCKETS] = at;
	}
	for (i = 0; i < n; i++) {
		if (list[i].text != NULL)
			index->order[cursor[kind_of(&list[i])][bucket_of(&list[i])]++] = i;
	}
	return 0;
}

/* Fills c for corpus. Returns 0 or ORGCHECK_ENOMEM. */
static int candidates_build(struct candidates *c, const struct orgcheck_corpus *corpus,
			    struct orgcheck_error *err)
{
	struct candidate_build build = { c, corpus };
	size_t i;

	memset(c, 0, sizeof(*c));
	/* Record numbers must fit beside the person bit. */
	if (corpus->count >= CANDIDATE_PERSON)
		return orgcheck_error_nomem(err);
	orgcheck_corpus_each_name(corpus, count_name, c);
	c->ids = malloc((corpus->count ? corpus->count : 1) * sizeof(*c->ids));
	c->names = malloc((c->name_capacity ? c->name_capacity : 1) * sizeof(*c->names));
	if (c->ids == NULL || c->names == NULL) {
		candidates_release(c);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; i < corpus->count; i++)
		set_candidate(&c->ids[i], corpus->records[i].id, i, &corpus->records[i]);
	orgcheck_corpus_each_name(corpus, add_name, &build);
	if (candidate_index_build(&c->by_id, c->ids, corpus->count) < 0 ||
	    candidate_index_build(&c->by_name, c->names, c->name_count) < 0) {
		candidates_release(c);
		return orgcheck_error_nomem(err);
	}
	return 0;
}

/* The id a candidate suggests, or NULL. */
static const char *candidate_id(const struct orgcheck_corpus *corpus, const struct candidate *candidate)
{
	return corpus->records[candidate->record_and_person & ~CANDIDATE_PERSON].id;
}

/* Searches list through its index for candidates of kind person (0 or
 * 1) within found->limit of text, suggesting each candidate's text, or
 * the id it stands for when names. Does nothing and returns 0 when the
 * budget might run out during the search, which must then visit every
 * candidate in order as the budget allows; returns 1 when done. The
 * suggestions and the budget spent are those of the visit in order. */
static int search_indexed(struct suggestions *found, struct orgcheck_rule_run *run,
			  const struct candidate *list, const struct candidate_index *index,
			  const struct orgcheck_rule_text *text, size_t person, int names)
{
	const struct candidate *candidate = NULL;
	struct orgcheck_rule_text other;
	unsigned long long count = index->count[person];
	unsigned long long lengths = count * (text->length + 1) + index->length_sum[person];
	/* Every table whole, plus every pair of lengths read. */
	unsigned long long worst = (unsigned long long)(text->length + 1) * (index->length_sum[person] + count) +
		lengths;
	size_t lo = text->length > found->limit ? text->length - found->limit : 0;
	size_t hi = text->length + found->limit;
	size_t distance = 0;
	size_t b;
	size_t at;

	if (worst > run->suggestion_budget)
		return 0;
	run->suggestion_budget -= lengths;
	if (hi >= LENGTH_BUCKETS)
		hi = LENGTH_BUCKETS - 1;
	for (b = lo < LENGTH_BUCKETS ? lo : LENGTH_BUCKETS - 1; b <= hi; b++) {
		for (at = index->start[person][b]; at < index->start[person][b + 1]; at++) {
			candidate = &list[index->order[at]];
			other = candidate_text(candidate);
			distance = orgcheck_rule_suggest_prepaid(run, text, &other, found->limit);
			if (!names)
				suggest(found, candidate->text, distance);
			else if (distance <= found->limit && candidate_id(run->corpus, candidate) != NULL)
				suggest(found, candidate_id(run->corpus, candidate), distance);
		}
	}
	return 1;
}

/* The names part of "did you mean" when search_indexed cannot take it:
 * every name of the kind (person: 0 or CANDIDATE_PERSON), in order, while
 * the budget lasts. */
static void suggest_names_in_order(struct suggestions *found, struct orgcheck_rule_run *run,
				   const struct candidates *candidates, const struct orgcheck_rule_text *label,
				   uint32_t person)
{
	const struct candidate *candidate = NULL;
	struct orgcheck_rule_text text;
	size_t distance = 0;
	size_t i;

	for (i = 0; i < candidates->name_count && run->suggestion_budget > 0; i++) {
		candidate = &candidates->names[i];
		if (person != (candidate->record_and_person & CANDIDATE_PERSON))
			continue;
		text = candidate_text(candidate);
		distance = orgcheck_rule_suggest_known(run, label, &text, found->limit);
		/* Suggest the id, which is what the reference must hold. */
		if (distance <= found->limit && candidate_id(run->corpus, candidate) != NULL)
			suggest(found, candidate_id(run->corpus, candidate), distance);
	}
}

/* Each search of "did you mean" starts with a whole budget. */
static void search_start(struct orgcheck_rule_run *run)
{
	run->suggestion_budget = run->suggestion_limit ? run->suggestion_limit : ORGCHECK_RULES_SUGGESTION_BUDGET;
}

static void search_end(struct orgcheck_rule_run *run)
{
	unsigned long long spent = (run->suggestion_limit ? run->suggestion_limit : ORGCHECK_RULES_SUGGESTION_BUDGET) -
		run->suggestion_budget;

	run->suggestion_spent += spent;
	if (spent > run->suggestion_peak)
		run->suggestion_peak = spent;
}

/* Whether the label as written (folded) fits one of record's names: a
 * suggested id is shown only then, since ids are often random strings
 * and one a letter off means nothing by itself. */
static int label_fits(const struct orgcheck_record *record, const struct orgcheck_rule_text *label)
{
	size_t limit = label->length / 4 > 1 ? label->length / 4 : 1;
	size_t i;

	for (i = 0; i < record->names.count && i < ORGCHECK_RULES_NAMES_MAX; i++) {
		if (orgcheck_rule_edit_distance(label->text, record->names.items[i].folded, limit) <= limit)
			return 1;
	}
	return 0;
}

/* "; did you mean 'a', 'b'?" for an unresolved reference, or "". The
 * suggested ids go into *found; they belong to the corpus.
 *
 * Two searches, each bounded per reference (every reference gets the
 * same budget, so none goes without suggestions because others spent
 * them): the folded label against every name of the corpus, suggesting
 * the id of a record whose name is a near spelling of the label; and the
 * id against every id, kept only when the label also fits that record,
 * or, without a label, when the id is at most a quarter off. */
static void did_you_mean(char *buf, size_t size, struct suggestions *found,
			 struct orgcheck_rule_run *run, const struct candidates *candidates,
			 const struct orgcheck_record *holder, const struct orgcheck_ref *ref)
{
	struct suggestions all;
	const struct candidate *candidate = NULL;
	const struct orgcheck_record *other = NULL;
	struct orgcheck_rule_text target = known_text(ref->target);
	struct orgcheck_rule_text label;
	struct orgcheck_rule_text text;
	struct suggestions by_id;
	char folded[FOLD_MAX];
	size_t length = target.length;
	uint32_t person = ref->expected == ORGCHECK_TARGET_PERSON ? CANDIDATE_PERSON : 0;
	size_t i;
	size_t at = 0;

	memset(found, 0, sizeof(*found));
	memset(&by_id, 0, sizeof(by_id));
	label = known_text(orgcheck_fold_name(folded, sizeof(folded), ref->label ? ref->label : ""));
	search_start(run);
	/* With a label a third of the id may be wrong, without one a
	 * quarter, at least one character, but never all of it. */
	by_id.limit = label.length > 0 ? length / 3 : length / 4;
	if (by_id.limit < 1)
		by_id.limit = 1;
	if (by_id.limit >= length)
		by_id.limit = length > 0 ? length - 1 : 0;
	if (search_indexed(&by_id, run, candidates->ids, &candidates->by_id, &target, person ? 1 : 0, 0)) {
		/* Every record counts as visited, as in the loop below. */
		run->operations += run->corpus->count;
	} else {
		for (i = 0; i < run->corpus->count && run->suggestion_budget > 0; i++) {
			candidate = &candidates->ids[i];
			run->operations++;
			if (candidate->text == NULL || person != (candidate->record_and_person & CANDIDATE_PERSON))
				continue;
			text = candidate_text(candidate);
			suggest(&by_id, candidate->text,
				orgcheck_rule_suggest_known(run, &target, &text, by_id.limit));
		}
	}
	search_end(run);
	/* A name a typo or two off the label: one edit per 20 characters, so
	 * a short label must match a name exactly ("Institute of Geology" is
	 * no typo of "Institute of Hydrology"). */
	found->limit = label.length / 20;
	if (label.length >= 4) {
		search_start(run);
		/* Every name counts as visited, also past the budget. */
		run->operations += candidates->name_count;
		if (!search_indexed(found, run, candidates->names, &candidates->by_name, &label, person ? 1 : 0, 1))
			suggest_names_in_order(found, run, candidates, &label, person);
		search_end(run);
	}
	found->limit = by_id.limit;
	for (i = 0; i < by_id.count; i++) {
		other = orgcheck_corpus_find(run->corpus, by_id.text[i]);
		if (label.length > 0 ? (other != NULL && label_fits(other, &label))
				     : by_id.distance[i] * 4 <= length)
			suggest(found, by_id.text[i], by_id.distance[i]);
	}

	/* The record that holds the reference is not what it meant. */
	all = *found;
	found->count = 0;
	for (i = 0; i < all.count; i++) {
		if (holder->id == NULL || strcmp(all.text[i], holder->id) != 0) {
			found->text[found->count] = all.text[i];
			found->distance[found->count++] = all.distance[i];
		}
	}
	buf[0] = '\0';
	if (found->count == 0)
		return;
	at = (size_t)snprintf(buf, size, "; did you mean ");
	for (i = 0; i < found->count && at < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s'%s'", i ? ", " : "", found->text[i]);
	if (at < size)
		snprintf(buf + at, size - at, "?");
}

/* The did-you-mean candidates (every id and name of the corpus): built by
 * the first unresolved reference that needs them, shared by every slice
 * of the records, and never for a corpus whose references all resolve. */
static int build_candidates(void **out, struct orgcheck_rule_run *run)
{
	struct candidates *c = malloc(sizeof(*c));
	int rc = 0;

	*out = NULL;
	if (c == NULL)
		return orgcheck_error_nomem(run->err);
	rc = candidates_build(c, run->corpus, run->err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static void free_candidates(void *value)
{
	if (value != NULL)
		candidates_release(value);
	free(value);
}

/* Without the engine's sharing (a rule run alone) the candidates are the
 * run's own, built once too. */
struct unresolved_state {
	struct candidates own;
	int own_built;
	const struct candidates *candidates;
};

static int prepare_unresolved(struct orgcheck_rule_run *run)
{
	run->state = calloc(1, sizeof(struct unresolved_state));
	return run->state != NULL ? 0 : orgcheck_error_nomem(run->err);
}

static void finish_unresolved(struct orgcheck_rule_run *run)
{
	struct unresolved_state *state = run->state;

	if (state != NULL && state->own_built)
		candidates_release(&state->own);
	free(state);
}

static int get_candidates(const struct candidates **out, struct orgcheck_rule_run *run)
{
	struct unresolved_state *state = run->state;
	const void *shared = NULL;
	int rc = 0;

	if (state->candidates == NULL && run->shared != NULL) {
		rc = orgcheck_rule_shared_get(&shared, run, ORGCHECK_RULE_SHARED_CANDIDATES, build_candidates,
					      free_candidates);
		if (rc < 0)
			return rc;
		state->candidates = shared;
	} else if (state->candidates == NULL) {
		rc = candidates_build(&state->own, run->corpus, run->err);
		if (rc < 0)
			return rc;
		state->own_built = 1;
		state->candidates = &state->own;
	}
	*out = state->candidates;
	return 0;
}

static int visit_unresolved_reference(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_ref *ref = NULL;
	const struct candidates *candidates = NULL;
	struct suggestions found;
	char hint[512];
	size_t j;
	size_t k;
	int rc = 0;

	for (j = 0; j < record->refs.count && rc == 0; j++) {
		ref = &record->refs.items[j];
		run->operations++;
		if (ref->target == NULL || ref->resolved != NULL)
			continue;
		/* A record the configuration knows outside the corpus (OC115). */
		if (orgcheck_config_external(run->config, ref->target) != ORGCHECK_CONFIG_EXTERNAL_NO)
			continue;
		rc = get_candidates(&candidates, run);
		if (rc < 0)
			break;
		did_you_mean(hint, sizeof(hint), &found, run, candidates, record, ref);
		rc = orgcheck_rule_report(run, record, ref->pos,
					  "%s reference '%s' (written '%s', %s, source %s) "
					  "matches no record%s",
					  kind_word(ref->expected), ref->target, ref->label, ref->context,
					  ref->source ? ref->source : "none", hint);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "reference", ref->target, ref->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "label", ref->label, ref->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "context", ref->context, NULL);
		for (k = 0; k < found.count && rc == 0; k++)
			rc = orgcheck_rule_value(run, "suggestion", found.text[k], NULL);
	}
	return rc;
}

static const struct orgcheck_rule_visitor unresolved_reference_visitor = {
	prepare_unresolved, visit_unresolved_reference, finish_unresolved, 1
};

int orgcheck_rule_unresolved_reference(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &unresolved_reference_visitor);
}

static int visit_external_reference(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_ref *ref = NULL;
	size_t j;
	int rc = 0;

	if (run->config == NULL)
		return 0;
	for (j = 0; j < record->refs.count && rc == 0; j++) {
		ref = &record->refs.items[j];
		run->operations++;
		if (ref->target == NULL || ref->resolved != NULL ||
		    orgcheck_config_external(run->config, ref->target) != ORGCHECK_CONFIG_EXTERNAL_INFO)
			continue;
		rc = orgcheck_rule_report(run, record, ref->pos,
					  "%s reference '%s' (written '%s', %s) is to a record outside "
					  "the corpus, as the rules configuration declares",
					  kind_word(ref->expected), ref->target, ref->label, ref->context);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "reference", ref->target, ref->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "context", ref->context, NULL);
	}
	return rc;
}

static const struct orgcheck_rule_visitor external_reference_visitor = { NULL, visit_external_reference, NULL, 0 };

int orgcheck_rule_external_reference(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &external_reference_visitor);
}

static int visit_wrong_target_kind(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *target = NULL;
	const struct orgcheck_ref *ref = NULL;
	size_t j;
	int rc = 0;

	for (j = 0; j < record->refs.count && rc == 0; j++) {
		ref = &record->refs.items[j];
		run->operations++;
		target = ref->resolved;
		if (target == NULL || orgcheck_rule_target(run, record, ref) != NULL)
			continue;
		rc = orgcheck_rule_report(run, record, ref->pos,
					  "%s reference '%s' (%s) points to %s record, %s (%s); "
					  "a reference to %s is written <%s>",
					  kind_word(ref->expected), ref->target, ref->context,
					  target->kind == ORGCHECK_RECORD_PERSON ? "a person" : "an organization",
					  orgcheck_rule__record_label(target), target->path,
					  target->kind == ORGCHECK_RECORD_PERSON ? "a person" : "an organization",
					  target->kind == ORGCHECK_RECORD_PERSON ? "person-ref" : "org-ref");
		if (rc == 0)
			rc = orgcheck_rule_value(run, "reference", ref->target, ref->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "context", ref->context, NULL);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "target kind",
						 target->kind == ORGCHECK_RECORD_PERSON ? "person" : "organization",
						 NULL);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, target, target->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor wrong_target_kind_visitor = { NULL, visit_wrong_target_kind, NULL, 0 };

int orgcheck_rule_wrong_target_kind(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &wrong_target_kind_visitor);
}

/* Whether folded matches one of target's names: a lookup in the corpus's
 * name index, whose hits are in record order, so that a record with many
 * names costs no more per reference than one with a few. */
static int names_match(const struct orgcheck_rule_run *run, const struct orgcheck_record *target,
		       const char *folded)
{
	const struct orgcheck_name_hit *hits = NULL;
	size_t wanted = (size_t)(target - run->corpus->records);
	size_t low = 0;
	size_t high = 0;
	size_t middle = 0;

	if (folded[0] == '\0')
		return 0;
	high = orgcheck_corpus_find_name(&hits, run->corpus, folded);
	while (low < high) {
		middle = low + (high - low) / 2;
		if (hits[middle].record < wanted)
			low = middle + 1;
		else
			high = middle;
	}
	return hits != NULL && low < orgcheck_corpus_find_name(&hits, run->corpus, folded) &&
	       hits[low].record == wanted;
}

static int is_honorific(const struct orgcheck_record *target, const char *word, size_t length)
{
	size_t i;

	for (i = 0; i < target->honorifics.count && i < ORGCHECK_RULES_NAMES_MAX; i++) {
		const char *h = target->honorifics.items[i];

		if (h != NULL && strlen(h) == length && strncmp(h, word, length) == 0)
			return 1;
	}
	return 0;
}

/* label without a person's degrees: "Patrick Hanley, PhD" and "Nadim
 * Mahmud MD, PhD" become the bare name. Only the target's own honorifics
 * are removed when there is no comma. */
static void strip_degrees(char *buf, size_t size, const struct orgcheck_record *target,
			  const char *label)
{
	char *comma = NULL;
	char *last_space = NULL;
	size_t length = 0;
	size_t stripped = 0;

	snprintf(buf, size, "%s", label);
	comma = strchr(buf, ',');
	if (comma != NULL)
		*comma = '\0';
	/* A name carries a few degrees, not hundreds. */
	for (stripped = 0; stripped < ORGCHECK_RULES_NAMES_MAX; stripped++) {
		length = strlen(buf);
		while (length > 0 && isspace((unsigned char)buf[length - 1]))
			buf[--length] = '\0';
		last_space = strrchr(buf, ' ');
		if (last_space == NULL || !is_honorific(target, last_space + 1, strlen(last_space + 1)))
			break;
		*last_space = '\0';
	}
}

/* Whether the label a source wrote names target. Understands "Name
 * (ACRONYM)", where either part may match, and degrees after a person's
 * name. */
static int label_matches(const struct orgcheck_rule_run *run, const struct orgcheck_record *target,
			 const char *label)
{
	char folded[FOLD_MAX];
	char part[FOLD_MAX];
	const char *open = NULL;
	size_t length = strlen(label);
	size_t i;

	/* Most labels are one of the target's names as written: equal text
	 * folds equal, so no folding or lookup is needed (the first few names
	 * only, however many a record holds). */
	for (i = 0; i < target->names.count && i < LABEL_FAST_NAMES; i++) {
		const struct orgcheck_name *name = &target->names.items[i];

		if (name->value != NULL && name->folded != NULL && name->folded[0] != '\0' &&
		    strcmp(name->value, label) == 0)
			return 1;
	}
	if (names_match(run, target, orgcheck_fold_name(folded, sizeof(folded), label)))
		return 1;
	open = strrchr(label, '(');
	if (open != NULL && length > 0 && label[length - 1] == ')') {
		snprintf(part, sizeof(part), "%.*s", (int)(open - label), label);
		if (names_match(run, target, orgcheck_fold_name(folded, sizeof(folded), part)))
			return 1;
		snprintf(part, sizeof(part), "%.*s", (int)(label + length - 1 - open - 1), open + 1);
		if (names_match(run, target, orgcheck_fold_name(folded, sizeof(folded), part)))
			return 1;
	}
	if (target->kind == ORGCHECK_RECORD_PERSON) {
		strip_degrees(part, sizeof(part), target, label);
		if (names_match(run, target, orgcheck_fold_name(folded, sizeof(folded), part)))
			return 1;
	}
	return 0;
}

/* The target's name closest to label, for the message; NULL when the
 * run's suggestion budget is spent. Ties go to the earlier name. */
static const struct orgcheck_name *closest_name(struct orgcheck_rule_run *run,
						const struct orgcheck_record *target, const char *label)
{
	char folded[FOLD_MAX];
	const struct orgcheck_name *best = NULL;
	size_t best_distance = FOLD_MAX + 1;
	size_t distance = 0;
	size_t i;

	orgcheck_fold_name(folded, sizeof(folded), label);
	for (i = 0; i < target->names.count && best_distance > 0 && run->suggestion_budget > 0; i++) {
		if (target->names.items[i].folded == NULL)
			continue;
		/* Only a strictly closer name can win, so the search may stop
		 * one short of the best distance so far. */
		distance = orgcheck_rule_suggest_distance(run, folded, target->names.items[i].folded,
							  best_distance - 1);
		if (distance < best_distance) {
			best_distance = distance;
			best = &target->names.items[i];
		}
	}
	return best;
}

static int visit_label_mismatch(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *target = NULL;
	const struct orgcheck_ref *ref = NULL;
	const struct orgcheck_name *closest = NULL;
	size_t j;
	int rc = 0;

	for (j = 0; j < record->refs.count && rc == 0; j++) {
		ref = &record->refs.items[j];
		run->operations++;
		target = orgcheck_rule_target(run, record, ref);
		if (target == NULL || ref->label == NULL || target->names.count == 0 ||
		    label_matches(run, target, ref->label))
			continue;
		closest = closest_name(run, target, ref->label);
		if (closest != NULL)
			rc = orgcheck_rule_report(run, record, ref->pos,
						  "'%s' (%s, source %s) is not a name of %s; "
						  "the closest is '%s' (source %s)",
						  ref->label, ref->context, ref->source ? ref->source : "none",
						  target->id, closest->value ? closest->value : "",
						  closest->source ? closest->source : "none");
		else
			rc = orgcheck_rule_report(run, record, ref->pos,
						  "'%s' (%s, source %s) is not a name of %s",
						  ref->label, ref->context, ref->source ? ref->source : "none",
						  target->id);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "label", ref->label, ref->source);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "context", ref->context, NULL);
		if (rc == 0 && closest != NULL)
			rc = orgcheck_rule_value(run, "closest name", closest->value, closest->source);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, target, closest ? closest->pos : target->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor label_mismatch_visitor = { NULL, visit_label_mismatch, NULL, 0 };

int orgcheck_rule_label_mismatch(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &label_mismatch_visitor);
}

static int visit_self_reference(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_ref *ref = NULL;
	size_t j;
	int rc = 0;

	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		ref = &record->refs.items[link->ref];
		run->operations++;
		if (record->id == NULL || ref->target == NULL || strcmp(ref->target, record->id) != 0)
			continue;
		rc = orgcheck_rule_report(run, record, link->pos,
					  "%s names itself as %s ('%s', source %s)",
					  orgcheck_rule__record_label(record), link->kind->name, ref->label,
					  link->source ? link->source : "none");
		if (rc == 0)
			rc = orgcheck_rule_value(run, "kind", link->kind->name, NULL);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "label", ref->label, link->source);
	}
	return rc;
}

static const struct orgcheck_rule_visitor self_reference_visitor = { NULL, visit_self_reference, NULL, 0 };

int orgcheck_rule_self_reference(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &self_reference_visitor);
}

struct link_key {
	const struct orgcheck_link *link;
	const char *target;
	const char *source;
};

static int compare_link_keys(const void *pa, const void *pb)
{
	const struct link_key *a = pa;
	const struct link_key *b = pb;
	int c = strcmp(a->link->kind->name, b->link->kind->name);

	if (c == 0)
		c = strcmp(a->target, b->target);
	if (c == 0)
		c = strcmp(a->source, b->source);
	if (c == 0)
		c = (a->link->pos.line > b->link->pos.line) - (a->link->pos.line < b->link->pos.line);
	return c;
}

static size_t link_count(const struct orgcheck_record *record)
{
	return record->links.count;
}

/* Keys are the links whose reference names a target. */
static int link_key(void *key, const struct orgcheck_record *record, size_t index, void *data)
{
	const struct orgcheck_link *link = &record->links.items[index];
	const char *target = record->refs.items[link->ref].target;
	struct link_key *k = key;

	(void)data;
	if (target == NULL)
		return 0;
	k->link = link;
	k->target = target;
	k->source = link->source ? link->source : "";
	return 1;
}

static int same_entry(const void *pa, const void *pb)
{
	const struct link_key *a = pa;
	const struct link_key *b = pb;

	return strcmp(a->link->kind->name, b->link->kind->name) == 0 && strcmp(a->target, b->target) == 0 &&
	       strcmp(a->source, b->source) == 0;
}

/* later is a second entry of what earlier lists. */
static int report_duplicate(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			    const void *later, const void *earlier, void *data)
{
	const struct link_key *again = later;
	const struct link_key *first = earlier;
	int rc = 0;

	(void)data;
	rc = orgcheck_rule_report(run, record, again->link->pos,
				  "%s lists %s '%s' twice (source %s); the first entry is on line %lu",
				  orgcheck_rule__record_label(record), again->link->kind->name, again->target,
				  again->source[0] ? again->source : "none",
				  first->link->pos.line);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "kind", again->link->kind->name, NULL);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "target", again->target, again->link->source);
	/* The source is part of what is listed twice, so it is a value of its
	 * own: two duplicates that differ only by source are two findings
	 * with two fingerprints. */
	if (rc == 0)
		rc = orgcheck_rule_value(run, "source", again->source[0] ? again->source : "none", NULL);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, first->link->pos);
	return rc < 0 ? rc : 1;
}

/* Duplicates show up as neighbours once the links are sorted by kind,
 * target and source: O(n log n) for a record with n links. */
static const struct orgcheck_rule_pairs duplicate_entry_pairs = {
	sizeof(struct link_key), link_count, link_key, compare_link_keys,
	same_entry, report_duplicate, 1
};

static int visit_duplicate_entry(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	return orgcheck_rule__pairs_visit(run, &duplicate_entry_pairs, record, NULL);
}

static const struct orgcheck_rule_visitor duplicate_entry_visitor = {
	orgcheck_rule__pairs_prepare, visit_duplicate_entry, orgcheck_rule__pairs_finish, 0
};

int orgcheck_rule_duplicate_entry(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &duplicate_entry_visitor);
}

/* The catalogue entries of this group (OC110-OC115). */
static const struct orgcheck_rule references_rules[] = {
	{ "OC110", "unresolved-reference", ORGCHECK_SEVERITY_ERROR,
	  "A reference names a record id that no record has, and the rules "
	  "configuration does not declare it outside the corpus (<external>). "
	  "The message suggests records whose name is a near spelling of the "
	  "reference's label, and near ids only when the label also fits the "
	  "record (or, without a label, when the id is at most a quarter off): "
	  "ids are often random strings. Nothing rather than noise.",
	  orgcheck_rule_unresolved_reference, &unresolved_reference_visitor },
	{ "OC111", "wrong-target-kind", ORGCHECK_SEVERITY_ERROR,
	  "An <org-ref> points to a person record, or a <person-ref> to an "
	  "organization record.",
	  orgcheck_rule_wrong_target_kind, &wrong_target_kind_visitor },
	{ "OC112", "label-mismatch", ORGCHECK_SEVERITY_WARNING,
	  "The label a source wrote for a reference matches none of the "
	  "target's names, aliases or acronyms (case- and punctuation-folded; "
	  "\"Name (ACRONYM)\" and a person's degrees after a comma are "
	  "understood). Either the source misspells the name or the reference "
	  "points to the wrong record; the closest known name is suggested.",
	  orgcheck_rule_label_mismatch, &label_mismatch_visitor },
	{ "OC113", "self-reference", ORGCHECK_SEVERITY_ERROR,
	  "A record names itself as its founder, partner, parent or other "
	  "relation.",
	  orgcheck_rule_self_reference, &self_reference_visitor },
	{ "OC114", "duplicate-entry", ORGCHECK_SEVERITY_WARNING,
	  "The same target is listed twice under one kind of relationship in "
	  "one record (two partnerships with the same organization, the same "
	  "founder twice from one source).",
	  orgcheck_rule_duplicate_entry, &duplicate_entry_visitor },
	{ "OC115", "external-reference", ORGCHECK_SEVERITY_INFO,
	  "A reference to a record outside the corpus, as an <external> entry "
	  "of the rules configuration declares it (an id pattern or a list of "
	  "ids); with report=\"none\" it is not reported.",
	  orgcheck_rule_external_reference, &external_reference_visitor },
};

const struct orgcheck_rule *orgcheck_rules_references(size_t *count_out)
{
	*count_out = sizeof(references_rules) / sizeof(references_rules[0]);
	return references_rules;
}
