/* Link rules: links stated on both records, with dates that agree;
 * co-founding dates that fit the founding date (OC120-OC123).
 *
 * The two-sided rules look the inverse of a link up in one hash index of
 * (holder id, kind, target id), built once per run, so they stay linear
 * in records plus links. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

#define NONE ((size_t)-1)

static int same_date(const struct orgcheck_date *a, const struct orgcheck_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* The ORGCHECK_TARGET_* bit of record's kind. */
static unsigned target_bit(const struct orgcheck_record *record)
{
	return record->kind == ORGCHECK_RECORD_PERSON ? ORGCHECK_TARGET_PERSON : ORGCHECK_TARGET_ORGANIZATION;
}

/* A link as messages name it (see orgcheck_vocab_phrase). */
static void link_phrase(char *buf, size_t size, const struct orgcheck_link_kind *kind, const char *other)
{
	orgcheck_vocab_phrase(buf, size, kind, other);
}

/* A link's dates and source: "2016, source X", "from 2014, to 2018,
 * source X", "source X". */
static void link_details(char *buf, size_t size, const struct orgcheck_link *link)
{
	char date[16];
	size_t at = 0;

	buf[0] = '\0';
	if (orgcheck_date_present(&link->date)) {
		orgcheck_date_format(date, sizeof(date), &link->date);
		orgcheck_rule__append(buf, size, &at, "%s, ", date);
	}
	if (orgcheck_date_present(&link->from)) {
		orgcheck_date_format(date, sizeof(date), &link->from);
		orgcheck_rule__append(buf, size, &at, "from %s, ", date);
	}
	if (orgcheck_date_present(&link->to)) {
		orgcheck_date_format(date, sizeof(date), &link->to);
		orgcheck_rule__append(buf, size, &at, "to %s, ", date);
	}
	orgcheck_rule__append(buf, size, &at, "source %s", orgcheck_rule__or_none(link->source));
}

/* Adds the link's dates that are present ("date", "from", "to") as values
 * of the finding just reported, each with the link's source. */
static int link_date_values(struct orgcheck_rule_run *run, const struct orgcheck_link *link)
{
	char date[16];
	int rc = 0;

	if (orgcheck_date_present(&link->date)) {
		orgcheck_date_format(date, sizeof(date), &link->date);
		rc = orgcheck_rule_value(run, "date", date, link->source);
	}
	if (rc == 0 && orgcheck_date_present(&link->from)) {
		orgcheck_date_format(date, sizeof(date), &link->from);
		rc = orgcheck_rule_value(run, "from", date, link->source);
	}
	if (rc == 0 && orgcheck_date_present(&link->to)) {
		orgcheck_date_format(date, sizeof(date), &link->to);
		rc = orgcheck_rule_value(run, "to", date, link->source);
	}
	return rc;
}

/* ---------------------------------------------------------------- link index */

/* One link, chained to the next link with the same key. */
struct link_entry {
	const struct orgcheck_record *holder;
	const struct orgcheck_link *link;
	size_t next;
};

/* A key and its chain of links, in record order and then document order.
 * Records stand for their ids: the first record (by path) with the id,
 * which is what references resolve to, so that the key compares by
 * pointer and links of records sharing an id share a chain. */
struct link_slot {
	const struct orgcheck_record *holder;  /* NULL while the slot is free */
	const struct orgcheck_link_kind *kind;
	const struct orgcheck_record *target;
	size_t head;
	size_t tail;
};

/* Every link of the corpus whose target exists, by (holder id, kind,
 * target id); a link to no record is never looked up. */
struct link_index {
	struct link_slot *slots;
	size_t capacity;      /* a power of two, at least twice the links: never full */
	struct link_entry *entries;
	size_t count;
};

static uint64_t hash_link_key(const struct orgcheck_record *holder, const struct orgcheck_link_kind *kind,
			      const struct orgcheck_record *target)
{
	uint64_t h = (uint64_t)(uintptr_t)holder * 0x9E3779B97F4A7C15u;

	h ^= (uint64_t)(uintptr_t)kind * 0xC2B2AE3D27D4EB4Fu;
	h ^= (uint64_t)(uintptr_t)target * 0x165667B19E3779F9u;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 32;
	return h;
}

/* The slot holding the key, or the free slot where it would go. */
static struct link_slot *link_index_slot(const struct link_index *index,
					 const struct orgcheck_record *holder,
					 const struct orgcheck_link_kind *kind,
					 const struct orgcheck_record *target)
{
	size_t i = (size_t)hash_link_key(holder, kind, target) & (index->capacity - 1);
	struct link_slot *slot = NULL;

	for (;;) {
		slot = &index->slots[i];
		if (slot->holder == NULL ||
		    (slot->holder == holder && slot->kind == kind && slot->target == target))
			return slot;
		i = (i + 1) & (index->capacity - 1);
	}
}

/* Whether the links of holder's id are found by walking holder's own
 * links rather than in the index: an id no other record has, on a record
 * with a few links (every real record). A record with thousands of
 * links would make walking quadratic, and the links of an id several
 * records share are chained across them: those the index holds. Building
 * the index for a few records instead of all keeps it off a warm check's
 * path, which visits a thousand records of 100,000. */
#define LINKS_WALKED 32

static int links_walked(const struct orgcheck_record *holder)
{
	return !holder->id_shared && holder->links.count <= LINKS_WALKED;
}

/* The links with one key (holder id, kind, target id), in record order
 * and then document order: walking holder's links, or along the
 * index's chain. */
struct link_cursor {
	const struct link_index *index;
	const struct orgcheck_record *holder;  /* the record stating the link */
	const struct orgcheck_link *link;      /* NULL past the last */
	const struct orgcheck_link_kind *kind;
	const struct orgcheck_record *target;
	size_t at;                             /* the link (walking), or the entry */
};

/* Moves c to the first of holder's links at or after c->at with its key. */
static void link_cursor_walk(struct link_cursor *c)
{
	const struct orgcheck_link *link = NULL;

	for (c->link = NULL; c->at < c->holder->links.count; c->at++) {
		link = &c->holder->links.items[c->at];
		if (link->kind == c->kind && c->holder->refs.items[link->ref].resolved == c->target) {
			c->link = link;
			return;
		}
	}
}

static void link_cursor_entry(struct link_cursor *c)
{
	c->link = c->at != NONE ? c->index->entries[c->at].link : NULL;
	c->holder = c->at != NONE ? c->index->entries[c->at].holder : NULL;
}

/* The first link with the key; c->link is NULL when there is none.
 * holder and target are records that stand for their ids (first_with_id). */
static void link_cursor_start(struct link_cursor *c, const struct link_index *index,
			      const struct orgcheck_record *holder, const struct orgcheck_link_kind *kind,
			      const struct orgcheck_record *target)
{
	const struct link_slot *slot = NULL;

	memset(c, 0, sizeof(*c));
	c->index = index;
	c->kind = kind;
	c->target = target;
	if (holder == NULL || target == NULL)
		return;
	if (links_walked(holder)) {
		c->holder = holder;
		link_cursor_walk(c);
		return;
	}
	slot = link_index_slot(index, holder, kind, target);
	c->at = slot->holder != NULL ? slot->head : NONE;
	link_cursor_entry(c);
}

static void link_cursor_next(struct link_cursor *c)
{
	if (c->link == NULL)
		return;
	if (c->index == NULL || links_walked(c->holder->first_with_id)) {
		c->at++;
		link_cursor_walk(c);
		return;
	}
	c->at = c->index->entries[c->at].next;
	link_cursor_entry(c);
}

/* Whether link is the first of record's links with its kind and target.
 * The chain of the key may start with the links of another record with
 * the same id (the duplicate-id rule's business), so it is walked to
 * record's first entry. */
static int first_of_its_key(const struct link_index *index, const struct orgcheck_record *record,
			    const struct orgcheck_link *link, const struct orgcheck_record *target)
{
	struct link_cursor c;

	for (link_cursor_start(&c, index, record->first_with_id, link->kind, target); c.link != NULL;
	     link_cursor_next(&c)) {
		if (c.holder == record)
			return c.link == link;
	}
	return 0;
}

static void link_index_release(struct link_index *index)
{
	free(index->slots);
	free(index->entries);
	memset(index, 0, sizeof(*index));
}

/* Indexes every link whose holder has an id that is not walked
 * (links_walked) and whose reference names an existing record. The index borrows the corpus's records. Returns 0 or
 * ORGCHECK_ENOMEM; release the index with link_index_release. */
static int link_index_build(struct link_index *index, struct orgcheck_rule_run *run)
{
	const struct orgcheck_corpus *corpus = run->corpus;
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_record *holder = NULL;
	const struct orgcheck_record *target = NULL;
	const struct orgcheck_link *link = NULL;
	struct link_slot *slot = NULL;
	size_t total = 0;
	size_t i;
	size_t j;

	memset(index, 0, sizeof(*index));
	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		if (record->id != NULL && !links_walked(record->first_with_id))
			total += record->links.count;
	}
	/* Catch size_t overflow of the table size. */
	if (total > ((size_t)-1) / 4 / sizeof(*index->slots))
		return orgcheck_error_nomem(run->err);
	index->capacity = 16;
	while (index->capacity < total * 2)
		index->capacity *= 2;
	index->slots = calloc(index->capacity, sizeof(*index->slots));
	index->entries = malloc((total ? total : 1) * sizeof(*index->entries));
	if (index->slots == NULL || index->entries == NULL) {
		link_index_release(index);
		return orgcheck_error_nomem(run->err);
	}
	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		run->operations++;
		if (record->id == NULL || links_walked(record->first_with_id))
			continue;
		holder = record->first_with_id;
		for (j = 0; j < record->links.count; j++) {
			link = &record->links.items[j];
			target = record->refs.items[link->ref].resolved;
			run->operations++;
			if (target == NULL)
				continue;
			slot = link_index_slot(index, holder, link->kind, target);
			if (slot->holder == NULL) {
				slot->holder = holder;
				slot->kind = link->kind;
				slot->target = target;
				slot->head = index->count;
			} else {
				index->entries[slot->tail].next = index->count;
			}
			slot->tail = index->count;
			index->entries[index->count].holder = record;
			index->entries[index->count].link = link;
			index->entries[index->count].next = NONE;
			index->count++;
		}
	}
	return 0;
}

static int link_index_build_shared(void **out, struct orgcheck_rule_run *run)
{
	struct link_index *index = malloc(sizeof(*index));
	int rc = 0;

	*out = NULL;
	if (index == NULL)
		return orgcheck_error_nomem(run->err);
	rc = link_index_build(index, run);
	if (rc < 0) {
		free(index);
		return rc;
	}
	*out = index;
	return 0;
}

static void link_index_free_shared(void *value)
{
	if (value == NULL)
		return;
	link_index_release(value);
	free(value);
}

/* The link index for run: the one the rules of the run share, else (a
 * rule run on its own) one built into *own, which the caller releases
 * with link_index_release. Returns 0 or ORGCHECK_ENOMEM. */
static int link_index_get(const struct link_index **out, struct link_index *own,
			  struct orgcheck_rule_run *run)
{
	const void *shared = NULL;
	int rc = 0;

	memset(own, 0, sizeof(*own));
	*out = NULL;
	if (run->shared == NULL) {
		rc = link_index_build(own, run);
		if (rc == 0)
			*out = own;
		return rc;
	}
	rc = orgcheck_rule_shared_get(&shared, run, ORGCHECK_RULE_SHARED_LINK_INDEX, link_index_build_shared,
				      link_index_free_shared);
	*out = shared;
	return rc;
}

/* ---------------------------------------------------------------- OC120 */

static int link_exists(const struct link_index *index, const struct orgcheck_record *holder,
		       const struct orgcheck_link_kind *kind, const struct orgcheck_record *target)
{
	struct link_cursor c;

	link_cursor_start(&c, index, holder, kind, target);
	return c.link != NULL;
}

static int is_withdrawn(const struct orgcheck_record *record)
{
	const char *status = orgcheck_rule__status(record);

	return status != NULL && strcmp(status, "withdrawn") == 0;
}

/* Whether record holds a link of kind whose target resolves to no record. */
static int has_unresolved(const struct orgcheck_record *record, const struct orgcheck_link_kind *kind)
{
	const struct orgcheck_ref *ref = NULL;
	size_t i;

	for (i = 0; i < record->links.count; i++) {
		ref = &record->refs.items[record->links.items[i].ref];
		if (record->links.items[i].kind == kind && ref->target != NULL && ref->resolved == NULL)
			return 1;
	}
	return 0;
}

/* One date of one kind stated by a link. */
struct dated_link {
	const struct orgcheck_date *date;
	const struct orgcheck_record *holder;
	const struct orgcheck_link *link;
	size_t order;  /* position in its chain: among equal dates the first link wins */
};

struct dated_links {
	struct dated_link *items;
	size_t count;
	size_t capacity;
};

/* What the link rules keep from record to record: the index of links
 * (the engine's shared one, else their own) and the dates being compared. */
struct link_state {
	struct link_index own;
	const struct link_index *index;
	struct dated_links mine;
	struct dated_links theirs;
};

static int prepare_link_state(struct orgcheck_rule_run *run)
{
	struct link_state *state = calloc(1, sizeof(*state));
	int rc = 0;

	if (state == NULL)
		return orgcheck_error_nomem(run->err);
	rc = link_index_get(&state->index, &state->own, run);
	if (rc < 0) {
		free(state);
		return rc;
	}
	run->state = state;
	return 0;
}

static void finish_link_state(struct orgcheck_rule_run *run)
{
	struct link_state *state = run->state;

	if (state == NULL)
		return;
	/* A shared index is the engine's to free. */
	link_index_release(&state->own);
	free(state->mine.items);
	free(state->theirs.items);
	free(state);
}

static int visit_one_sided_link(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct link_index *index = ((const struct link_state *)run->state)->index;
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_link_kind *inverse = NULL;
	char held[512];
	char missing[512];
	char details[512];
	size_t j;
	int rc = 0;

	run->operations++;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		inverse = orgcheck_vocab_inverse(link->kind);
		if (inverse == NULL)
			continue;
		/* A person founder holds no co-founded list: only some
		 * targets are expected to state the inverse. A link listed
		 * twice lacks one inverse: report it at the first. */
		other = orgcheck_rule__link_other(run, record, link);
		if (other == NULL)
			continue;
		/* Most links have their inverse: that lookup goes first,
		 * the statuses below are read only for the others. */
		if ((link->kind->inverse_targets & target_bit(other)) == 0 ||
		    link_exists(index, other, inverse, record->first_with_id))
			continue;
		/* The declared policy (vocab.h): most links from or to a
		 * record that is not active need no back-link; none of a
		 * withdrawn record's (a mistake or a duplicate, whose
		 * successor link points to the record kept) does. */
		if ((!link->kind->inactive_back_link &&
		     (!orgcheck_rule__is_active(record) || !orgcheck_rule__is_active(other))) ||
		    is_withdrawn(record) || is_withdrawn(other))
			continue;
		/* other states the inverse, but to an id that is no
		 * record: a mistyped reference, reported there (OC110);
		 * this link is not the mistake. */
		if (has_unresolved(other, inverse) || !first_of_its_key(index, record, link, other))
			continue;
		link_phrase(held, sizeof(held), link->kind, orgcheck_rule__record_label(other));
		link_phrase(missing, sizeof(missing), inverse, orgcheck_rule__record_label(record));
		link_details(details, sizeof(details), link);
		rc = orgcheck_rule_report(run, record, link->pos, "%s has %s (%s), but %s has no %s",
					  orgcheck_rule__record_label(record), held, details, orgcheck_rule__record_label(other), missing);
		if (rc == 0)
			rc = orgcheck_rule__link_values(run, link, other->id);
		if (rc == 0)
			rc = link_date_values(run, link);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "missing", inverse->name, NULL);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, other, other->pos);
	}
	return rc;
}

static const struct orgcheck_rule_visitor one_sided_link_visitor = {
	prepare_link_state, visit_one_sided_link, finish_link_state, 0
};

int orgcheck_rule_one_sided_link(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &one_sided_link_visitor);
}

/* ---------------------------------------------------------------- OC123 */

static int visit_link_to_withdrawn(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_link_kind *const *kinds = run->state;
	const struct orgcheck_link_kind *parent = kinds[0];
	const struct orgcheck_link_kind *child = kinds[1];
	const struct orgcheck_link_kind *related = kinds[2];
	char held[512];
	size_t j;
	int rc = 0;

	run->operations++;
	if (!orgcheck_rule__is_active(record))
		return rc;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		if (link->kind != parent && link->kind != child && link->kind != related)
			continue;
		other = orgcheck_rule__link_other(run, record, link);
		if (other == NULL || !is_withdrawn(other))
			continue;
		link_phrase(held, sizeof(held), link->kind, orgcheck_rule__record_label(other));
		rc = orgcheck_rule_report(run, record, link->pos,
					  "active record %s has %s, a withdrawn record; move the link "
					  "to the record that replaced it, or remove it",
					  orgcheck_rule__record_label(record), held);
		if (rc == 0)
			rc = orgcheck_rule__link_values(run, link, other->id);
		if (rc == 0)
			rc = orgcheck_rule_value(run, "status", "withdrawn", NULL);
		if (rc == 0)
			rc = orgcheck_rule_relate(run, other, other->pos);
	}
	return rc;
}

/* Kinds are rows of the vocabulary table, compared by address: looked
 * up once, not for every record. */
static int prepare_link_to_withdrawn(struct orgcheck_rule_run *run)
{
	const struct orgcheck_link_kind **kinds = calloc(3, sizeof(*kinds));

	if (kinds == NULL)
		return orgcheck_error_nomem(run->err);
	kinds[0] = orgcheck_vocab_find("parent");
	kinds[1] = orgcheck_vocab_find("child");
	kinds[2] = orgcheck_vocab_find("related");
	run->state = kinds;
	return 0;
}

static void finish_link_to_withdrawn(struct orgcheck_rule_run *run)
{
	free(run->state);
}

static const struct orgcheck_rule_visitor link_to_withdrawn_visitor = {
	prepare_link_to_withdrawn, visit_link_to_withdrawn, finish_link_to_withdrawn, 0
};

int orgcheck_rule_link_to_withdrawn(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &link_to_withdrawn_visitor);
}

/* ---------------------------------------------------------------- OC121 */


static const struct orgcheck_date *link_date(const struct orgcheck_link *link, unsigned which)
{
	if (which == ORGCHECK_LINK_FROM)
		return &link->from;
	if (which == ORGCHECK_LINK_TO)
		return &link->to;
	return &link->date;
}

static int compare_dated_links(const void *pa, const void *pb)
{
	const struct dated_link *a = pa;
	const struct dated_link *b = pb;

	if (a->date->year != b->date->year)
		return a->date->year < b->date->year ? -1 : 1;
	if (a->date->month != b->date->month)
		return a->date->month < b->date->month ? -1 : 1;
	if (a->date->day != b->date->day)
		return a->date->day < b->date->day ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* The distinct dates of one kind (which) stated by the links from first
 * on, each with the first link that states it. A record that lists the
 * same link twice with the same date thus counts the date once. */
static int distinct_dates(struct dated_links *out, struct orgcheck_rule_run *run,
			  const struct link_cursor *first, unsigned which)
{
	struct link_cursor c = *first;
	struct dated_link *grown = NULL;
	size_t capacity = 0;
	size_t kept = 0;
	size_t i;

	out->count = 0;
	for (; c.link != NULL; link_cursor_next(&c)) {
		run->operations++;
		if (!orgcheck_date_present(link_date(c.link, which)))
			continue;
		if (out->count == out->capacity) {
			capacity = out->capacity ? out->capacity * 2 : 8;
			grown = realloc(out->items, capacity * sizeof(*grown));
			if (grown == NULL)
				return orgcheck_error_nomem(run->err);
			out->items = grown;
			out->capacity = capacity;
		}
		out->items[out->count].date = link_date(c.link, which);
		out->items[out->count].holder = c.holder;
		out->items[out->count].link = c.link;
		out->items[out->count].order = out->count;
		out->count++;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_dated_links);
	for (i = 0; i < out->count; i++) {
		if (kept > 0 && same_date(out->items[kept - 1].date, out->items[i].date))
			continue;
		out->items[kept++] = out->items[i];
	}
	out->count = kept;
	return 0;
}

static const struct {
	unsigned which;
	const char *what;   /* prefix in the message */
	const char *name;   /* the value's name for this record's date */
	const char *other;  /* and for the other record's */
} agreeing_dates[] = {
	{ ORGCHECK_LINK_DATE, "", "date", "other date" },
	{ ORGCHECK_LINK_FROM, "the start of ", "from", "other from" },
	{ ORGCHECK_LINK_TO, "the end of ", "to", "other to" },
};

static int report_dates_disagree(struct orgcheck_rule_run *run, const struct dated_link *mine,
				 const struct dated_link *theirs, size_t which)
{
	const char *what = agreeing_dates[which].what;
	char my_link[512];
	char their_link[512];
	char my_date[16];
	char their_date[16];
	int rc = 0;

	link_phrase(my_link, sizeof(my_link), mine->link->kind, orgcheck_rule__record_label(theirs->holder));
	link_phrase(their_link, sizeof(their_link), theirs->link->kind, orgcheck_rule__record_label(mine->holder));
	orgcheck_date_format(my_date, sizeof(my_date), mine->date);
	orgcheck_date_format(their_date, sizeof(their_date), theirs->date);
	rc = orgcheck_rule_report(run, mine->holder, mine->link->pos,
				  "%s dates %sits %s %s (source %s), but %s dates %sits %s %s (source %s)",
				  orgcheck_rule__record_label(mine->holder), what, my_link, my_date,
				  orgcheck_rule__or_none(mine->link->source),
				  orgcheck_rule__record_label(theirs->holder), what, their_link, their_date,
				  orgcheck_rule__or_none(theirs->link->source));
	if (rc == 0)
		rc = orgcheck_rule__link_values(run, mine->link, theirs->holder->id);
	if (rc == 0)
		rc = orgcheck_rule_value(run, agreeing_dates[which].name, my_date, mine->link->source);
	if (rc == 0)
		rc = orgcheck_rule_value(run, agreeing_dates[which].other, their_date, theirs->link->source);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, theirs->holder, theirs->link->pos);
	return rc;
}

static int visit_link_dates_disagree(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	struct link_state *state = run->state;
	const struct link_index *index = state->index;
	const struct orgcheck_record *other = NULL;
	const struct orgcheck_link *link = NULL;
	const struct orgcheck_link_kind *inverse = NULL;
	struct link_cursor mine;
	struct link_cursor theirs;
	size_t j;
	size_t k;
	size_t a;
	size_t b;
	int rc = 0;

	run->operations++;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		inverse = orgcheck_vocab_inverse(link->kind);
		other = (inverse != NULL && link->kind->agreeing_dates != 0)
			? orgcheck_rule__link_other(run, record, link) : NULL;
		/* Each pair of records once, from the one whose id sorts
		 * first; each group of equal links once, at its first. */
		if (other == NULL || (link->kind->inverse_targets & target_bit(other)) == 0 ||
		    strcmp(record->id, other->id) >= 0)
			continue;
		link_cursor_start(&mine, index, record->first_with_id, link->kind, other);
		link_cursor_start(&theirs, index, other, inverse, record->first_with_id);
		/* The chain is one group, even across records sharing an id. */
		if (mine.link != link || theirs.link == NULL)
			continue;
		for (k = 0; k < sizeof(agreeing_dates) / sizeof(agreeing_dates[0]) && rc == 0; k++) {
			if ((link->kind->agreeing_dates & agreeing_dates[k].which) == 0)
				continue;
			rc = distinct_dates(&state->mine, run, &mine, agreeing_dates[k].which);
			if (rc == 0)
				rc = distinct_dates(&state->theirs, run, &theirs, agreeing_dates[k].which);
			for (a = 0; a < state->mine.count && rc == 0; a++) {
				for (b = 0; b < state->theirs.count && rc == 0; b++) {
					run->operations++;
					if (orgcheck_date_disjoint(state->mine.items[a].date, state->theirs.items[b].date))
						rc = report_dates_disagree(run, &state->mine.items[a], &state->theirs.items[b], k);
				}
			}
		}
	}
	return rc;
}

static const struct orgcheck_rule_visitor link_dates_disagree_visitor = {
	prepare_link_state, visit_link_dates_disagree, finish_link_state, 0
};

int orgcheck_rule_link_dates_disagree(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &link_dates_disagree_visitor);
}

/* ---------------------------------------------------------------- OC122 */

/* When every founded claim of record that has a date is disjoint from
 * date, and there is one: the first of them, with the claims written into
 * buf ("1996 (source Y) or 1995 (source Z)"). NULL otherwise. */
static const struct orgcheck_claim *founding_disagrees(char *buf, size_t size,
						       const struct orgcheck_record *record,
						       const struct orgcheck_date *date)
{
	const struct orgcheck_claim *claim = NULL;
	const struct orgcheck_claim *first = NULL;
	char text[16];
	size_t cursor = 0;
	size_t at = 0;

	buf[0] = '\0';
	while ((claim = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_FOUNDED, &cursor)) != NULL) {
		if (!orgcheck_date_present(&claim->date))
			continue;
		if (!orgcheck_date_disjoint(&claim->date, date))
			return NULL;
		orgcheck_date_format(text, sizeof(text), &claim->date);
		orgcheck_rule__append(buf, size, &at, "%s%s (source %s)", first ? " or " : "", text,
				      orgcheck_rule__or_none(claim->source));
		if (first == NULL)
			first = claim;
	}
	return first;
}

/* Adds every dated founded claim of record as a "founded" value with its
 * source: the claims founding_disagrees quoted. */
static int founded_values(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_claim *claim = NULL;
	char text[16];
	size_t cursor = 0;
	int rc = 0;

	while (rc == 0 && (claim = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_FOUNDED, &cursor)) != NULL) {
		if (!orgcheck_date_present(&claim->date))
			continue;
		orgcheck_date_format(text, sizeof(text), &claim->date);
		rc = orgcheck_rule_value(run, claim->name, text, claim->source);
	}
	return rc;
}

/* record co-founded another organization on a date its founding denies. */
static int check_co_founding_date(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
				  const struct orgcheck_link *link)
{
	const struct orgcheck_record *other = orgcheck_rule__link_other(run, record, link);
	const struct orgcheck_claim *founded = NULL;
	char claims[1024];
	char date[16];
	int rc = 0;

	if (other == NULL || other->kind != ORGCHECK_RECORD_ORGANIZATION)
		return 0;
	founded = founding_disagrees(claims, sizeof(claims), other, &link->date);
	if (founded == NULL)
		return 0;
	orgcheck_date_format(date, sizeof(date), &link->date);
	rc = orgcheck_rule_report(run, record, link->pos,
				  "%s says it co-founded %s in %s (source %s), but %s was founded in %s",
				  orgcheck_rule__record_label(record), orgcheck_rule__record_label(other), date, orgcheck_rule__or_none(link->source),
				  orgcheck_rule__record_label(other), claims);
	if (rc == 0)
		rc = orgcheck_rule__link_values(run, link, other->id);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "date", date, link->source);
	if (rc == 0)
		rc = founded_values(run, other);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, other, founded->pos);
	return rc;
}

/* record dates its founding by a founder on a date its own founded
 * claims deny. The founder itself plays no part, so it need not resolve. */
static int check_founder_date(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			      const struct orgcheck_link *link)
{
	const char *founder = record->refs.items[link->ref].target;
	const struct orgcheck_claim *founded = NULL;
	char claims[1024];
	char date[16];
	int rc = 0;

	if (founder == NULL || record->id == NULL)
		return 0;
	founded = founding_disagrees(claims, sizeof(claims), record, &link->date);
	if (founded == NULL)
		return 0;
	orgcheck_date_format(date, sizeof(date), &link->date);
	rc = orgcheck_rule_report(run, record, link->pos,
				  "%s says %s founded it in %s (source %s), but %s was founded in %s",
				  orgcheck_rule__record_label(record), founder, date, orgcheck_rule__or_none(link->source),
				  orgcheck_rule__record_label(record), claims);
	if (rc == 0)
		rc = orgcheck_rule__link_values(run, link, founder);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "date", date, link->source);
	if (rc == 0)
		rc = founded_values(run, record);
	if (rc == 0)
		rc = orgcheck_rule_relate(run, record, founded->pos);
	return rc;
}

static int visit_cofounding_date_mismatch(struct orgcheck_rule_run *run, const struct orgcheck_record *record)
{
	const struct orgcheck_link *link = NULL;
	size_t j;
	int rc = 0;

	run->operations++;
	for (j = 0; j < record->links.count && rc == 0; j++) {
		link = &record->links.items[j];
		run->operations++;
		if (!orgcheck_date_present(&link->date))
			continue;
		if (orgcheck_rule__is_kind(link, ORGCHECK_LINK_CO_FOUNDED))
			rc = check_co_founding_date(run, record, link);
		else if (orgcheck_rule__is_kind(link, ORGCHECK_LINK_FOUNDED_BY))
			rc = check_founder_date(run, record, link);
	}
	return rc;
}

static const struct orgcheck_rule_visitor cofounding_date_mismatch_visitor = { NULL, visit_cofounding_date_mismatch, NULL, 0 };

int orgcheck_rule_cofounding_date_mismatch(struct orgcheck_rule_run *run)
{
	return orgcheck_rule_visit_all(run, &cofounding_date_mismatch_visitor);
}

/* The catalogue entries of this group (OC120-OC123). */
static const struct orgcheck_rule links_rules[] = {
	{ "OC120", "one-sided-link", ORGCHECK_SEVERITY_WARNING,
	  "A link whose kind is symmetric (partnership, memorandum, "
	  "collaboration, liaison, related) or has an inverse (member-of and "
	  "has-member, parent and child, co-founded and founded-by, ...) is "
	  "stated on one record but not on the other. The finding is on the "
	  "record that holds the link, with the other record as related "
	  "location. A person named as founder is not expected to list the "
	  "co-founding; references to missing records or to the record itself "
	  "are left to OC110 and OC113; a link listed twice is reported once. "
	  "A link from or to a record whose status is not active needs no "
	  "back-link, except predecessor, successor and founding links, as "
	  "the vocabulary declares per kind (registries do not link active "
	  "records back to inactive ones); no link from or to a withdrawn "
	  "record needs one (a duplicate's successor link points to the "
	  "record kept, which does not name it). A link whose partner states "
	  "the inverse to an id that is no record is left to OC110.",
	  orgcheck_rule_one_sided_link, &one_sided_link_visitor },
	{ "OC121", "link-dates-disagree", ORGCHECK_SEVERITY_WARNING,
	  "Both records state a link and a date for it (the year of a "
	  "memorandum, the start of a membership) and the dates cannot be the "
	  "same at the precision given. Each disagreement is reported once, "
	  "on the record whose id sorts first, with the other record's link "
	  "as related location.",
	  orgcheck_rule_link_dates_disagree, &link_dates_disagree_visitor },
	{ "OC122", "cofounding-date-mismatch", ORGCHECK_SEVERITY_WARNING,
	  "A founder says it co-founded an organization on a date that none "
	  "of that organization's founding dates allows, or an organization "
	  "dates a founder's founding on a date that none of its own founding "
	  "dates allows. Silent when no founding date is stated.",
	  orgcheck_rule_cofounding_date_mismatch, &cofounding_date_mismatch_visitor },
	{ "OC123", "link-to-withdrawn", ORGCHECK_SEVERITY_WARNING,
	  "An active record (or one without status) keeps a parent, child or "
	  "related link to a withdrawn record. Withdrawn records were mistakes "
	  "or duplicates: the link belongs on the record that replaced it.",
	  orgcheck_rule_link_to_withdrawn, &link_to_withdrawn_visitor },
};

const struct orgcheck_rule *orgcheck_rules_links(size_t *count_out)
{
	*count_out = sizeof(links_rules) / sizeof(links_rules[0]);
	return links_rules;
}
