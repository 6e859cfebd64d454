#include "model/corpus.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/hash.h"

#define NONE ((size_t)-1)

/* A string-keyed hash table (open addressing) of the ids or of the
 * folded names. */
struct slot {
	const char *key;
	uint64_t hash;   /* of key: most probes that miss end without a strcmp */
	size_t head;     /* ids: the first record with the id */
	size_t count;    /* records with the id, or hits of the name */
	struct orgcheck_name_hit *hits;  /* names: the hits in path order, within index->hits */
};

struct table {
	struct slot *slots;
	size_t capacity;  /* a power of two */
	size_t used;
};

struct orgcheck_index {
	struct table ids;
	struct table names;
	struct orgcheck_name_hit *hits;  /* every name's hits, one run per name */
};

static uint64_t hash_string(const char *s)
{
	return orgcheck_fnv1a_string(ORGCHECK_FNV1A_OFFSET, s);
}

static int table_init(struct table *table, size_t expected)
{
	size_t capacity = 16;

	while (capacity < expected * 2)
		capacity *= 2;
	table->slots = calloc(capacity, sizeof(*table->slots));
	table->capacity = capacity;
	table->used = 0;
	return table->slots == NULL ? -1 : 0;
}

static void table_release(struct table *table)
{
	free(table->slots);
	memset(table, 0, sizeof(*table));
}

static struct slot *table_lookup(const struct table *table, const char *key)
{
	uint64_t hash = 0;
	size_t i = 0;

	if (table->slots == NULL || key == NULL)
		return NULL;
	hash = hash_string(key);
	i = (size_t)hash & (table->capacity - 1);
	while (table->slots[i].key != NULL) {
		if (table->slots[i].hash == hash && strcmp(table->slots[i].key, key) == 0)
			return &table->slots[i];
		i = (i + 1) & (table->capacity - 1);
	}
	return NULL;
}

/* The slot for key, created empty when absent. Tables are sized up front
 * for every key, so they never fill. */
static struct slot *table_upsert(struct table *table, const char *key)
{
	uint64_t hash = hash_string(key);
	size_t i = (size_t)hash & (table->capacity - 1);

	while (table->slots[i].key != NULL) {
		if (table->slots[i].hash == hash && strcmp(table->slots[i].key, key) == 0)
			return &table->slots[i];
		i = (i + 1) & (table->capacity - 1);
	}
	table->slots[i].key = key;
	table->slots[i].hash = hash;
	table->slots[i].head = NONE;
	table->used++;
	return &table->slots[i];
}

int orgcheck_corpus_new(struct orgcheck_corpus **out, struct orgcheck_error *err)
{
	struct orgcheck_corpus *corpus = calloc(1, sizeof(*corpus));

	*out = NULL;
	if (corpus == NULL)
		return orgcheck_error_nomem(err);
	corpus->arena = orgcheck_arena_new();
	if (corpus->arena == NULL) {
		free(corpus);
		return orgcheck_error_nomem(err);
	}
	*out = corpus;
	return 0;
}

static void index_free(struct orgcheck_index *index)
{
	if (index == NULL)
		return;
	table_release(&index->ids);
	table_release(&index->names);
	free(index->hits);
	free(index);
}

void orgcheck_corpus_free(struct orgcheck_corpus *corpus)
{
	size_t i;

	if (corpus == NULL)
		return;
	for (i = 0; i < corpus->count; i++)
		orgcheck_record_release(&corpus->records[i]);
	free(corpus->records);
	index_free(corpus->index);
	orgcheck_arena_free(corpus->arena);
	for (i = 0; i < corpus->adopted_count; i++)
		orgcheck_arena_free(corpus->adopted[i]);
	free(corpus->adopted);
	free(corpus);
}

int orgcheck_corpus_reserve(struct orgcheck_corpus *corpus, size_t count, struct orgcheck_error *err)
{
	struct orgcheck_record *grown = NULL;
	size_t wanted = corpus->count + count;

	/* Catch size_t overflow of the array size. */
	if (count > ((size_t)-1) / 2 / sizeof(*grown) - corpus->count)
		return orgcheck_error_nomem(err);
	if (wanted <= corpus->capacity)
		return 0;
	grown = realloc(corpus->records, wanted * sizeof(*grown));
	if (grown == NULL)
		return orgcheck_error_nomem(err);
	corpus->records = grown;
	corpus->capacity = wanted;
	return 0;
}

int orgcheck_corpus_adopt_arena(struct orgcheck_corpus *corpus, struct orgcheck_arena *arena,
				struct orgcheck_error *err)
{
	struct orgcheck_arena **grown = NULL;

	if (arena == NULL)
		return 0;
	grown = realloc(corpus->adopted, (corpus->adopted_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		orgcheck_arena_free(arena);
		return orgcheck_error_nomem(err);
	}
	corpus->adopted = grown;
	corpus->adopted[corpus->adopted_count++] = arena;
	return 0;
}

int orgcheck_corpus_add(struct orgcheck_corpus *corpus, struct orgcheck_record *record,
			struct orgcheck_error *err)
{
	struct orgcheck_record *grown = NULL;
	size_t capacity = 0;

	if (corpus->count == corpus->capacity) {
		capacity = corpus->capacity ? corpus->capacity * 2 : 64;
		grown = realloc(corpus->records, capacity * sizeof(*grown));
		if (grown == NULL)
			return orgcheck_error_nomem(err);
		corpus->records = grown;
		corpus->capacity = capacity;
	}
	corpus->records[corpus->count++] = *record;
	/* Now owned by the corpus. */
	memset(record, 0, sizeof(*record));
	return 0;
}

static int compare_records(const void *pa, const void *pb)
{
	const struct orgcheck_record *a = pa;
	const struct orgcheck_record *b = pb;

	return strcmp(a->path, b->path);
}

static int records_sorted(const struct orgcheck_corpus *corpus)
{
	size_t i;

	for (i = 1; i < corpus->count; i++) {
		if (compare_records(&corpus->records[i - 1], &corpus->records[i]) > 0)
			return 0;
	}
	return 1;
}

static const struct orgcheck_record *first_with_id(const struct orgcheck_corpus *corpus,
						  const struct orgcheck_index *index, const char *id)
{
	const struct slot *slot = table_lookup(&index->ids, id);

	return slot != NULL && slot->count > 0 ? &corpus->records[slot->head] : NULL;
}

/* Points every reference at its target: one lookup per reference here
 * instead of one per reference in each rule that follows it. */
static void resolve_refs(struct orgcheck_corpus *corpus, const struct orgcheck_index *index)
{
	struct orgcheck_record *record = NULL;
	size_t i;
	size_t j;

	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		for (j = 0; j < record->refs.count; j++)
			record->refs.items[j].resolved = first_with_id(corpus, index, record->refs.items[j].target);
	}
}

/* The id table: a slot's head is the first record (by path) with its id.
 * Each record learns that first record too. Returns 0 or -1. */
static int index_ids(struct orgcheck_index *index, struct orgcheck_corpus *corpus)
{
	struct orgcheck_record *record = NULL;
	struct slot *slot = NULL;
	size_t i;

	if (table_init(&index->ids, corpus->count) < 0)
		return -1;
	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		orgcheck_record_find_lifetime(record);
		record->first_with_id = NULL;
		if (record->id == NULL)
			continue;
		slot = table_upsert(&index->ids, record->id);
		if (slot->count++ == 0)
			slot->head = i;
		record->first_with_id = &corpus->records[slot->head];
	}
	return 0;
}

/* The name table, with each name's hits in path order: the names are
 * counted into their slots, each slot gets its run of one array of hits,
 * and a second pass in record order fills the runs. Returns 0 or -1. */
static int index_names(struct orgcheck_index *index, const struct orgcheck_corpus *corpus)
{
	const struct orgcheck_record *record = NULL;
	struct slot *slot = NULL;
	size_t *slot_of = NULL;   /* per name of the corpus, in order: its slot */
	size_t name_total = 0;
	size_t at = 0;
	size_t i;
	size_t j;

	for (i = 0; i < corpus->count; i++)
		name_total += corpus->records[i].names.count;
	if (table_init(&index->names, name_total) < 0)
		return -1;
	slot_of = malloc((name_total ? name_total : 1) * sizeof(*slot_of));
	index->hits = malloc((name_total ? name_total : 1) * sizeof(*index->hits));
	if (slot_of == NULL || index->hits == NULL) {
		free(slot_of);
		return -1;
	}
	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		for (j = 0; j < record->names.count; j++, at++) {
			slot_of[at] = NONE;
			if (record->names.items[j].folded == NULL || record->names.items[j].folded[0] == '\0')
				continue;
			slot = table_upsert(&index->names, record->names.items[j].folded);
			slot->count++;
			slot_of[at] = (size_t)(slot - index->names.slots);
		}
	}
	/* Each slot's run; count is refilled as the run is. */
	for (i = 0, at = 0; i < index->names.capacity; i++) {
		slot = &index->names.slots[i];
		if (slot->key == NULL)
			continue;
		slot->hits = index->hits + at;
		at += slot->count;
		slot->count = 0;
	}
	for (i = 0, at = 0; i < corpus->count; i++) {
		for (j = 0; j < corpus->records[i].names.count; j++, at++) {
			if (slot_of[at] == NONE)
				continue;
			slot = &index->names.slots[slot_of[at]];
			slot->hits[slot->count].record = i;
			slot->hits[slot->count].name = j;
			slot->count++;
		}
	}
	free(slot_of);
	return 0;
}

/* A display name longer than this (bytes) is cut in labels, on a
 * character boundary. */
#define LABEL_NAME_MAX 160

/* Sets record->label: "Display Name (id)". Returns 0 or -1. */
static int set_label(struct orgcheck_corpus *corpus, struct orgcheck_record *record)
{
	const char *id = record->id ? record->id : record->file_id;
	const char *name = record->names.count > 0 ? record->names.items[0].value : NULL;
	size_t keep = 0;
	size_t length = 0;
	size_t size = 0;
	char *label = NULL;

	if (id == NULL)
		id = "";
	if (name == NULL || name[0] == '\0') {
		record->label = id;
		return 0;
	}
	length = strlen(name);
	keep = length > LABEL_NAME_MAX ? LABEL_NAME_MAX : length;
	while (keep > 0 && keep < length && ((unsigned char)name[keep] & 0xC0) == 0x80)
		keep--;
	size = keep + 3 + strlen(id) + 3 + 1;
	label = orgcheck_arena_alloc(corpus->arena, size);
	if (label == NULL)
		return -1;
	snprintf(label, size, "%.*s%s (%s)", (int)keep, name, keep < length ? "..." : "", id);
	record->label = label;
	return 0;
}

int orgcheck_corpus_index(struct orgcheck_corpus *corpus, struct orgcheck_error *err)
{
	size_t i;

	struct orgcheck_index *index = NULL;

	/* Records usually arrive in path order already (the file list is
	 * sorted); checking that is one pass, sorting them again is not. */
	if (!records_sorted(corpus))
		qsort(corpus->records, corpus->count, sizeof(*corpus->records), compare_records);
	/* Indexing the names on a thread of their own while this one indexes
	 * the ids made both three times slower: they read the same records
	 * and allocate large tables at once (measured with check --timings
	 * on 100,000 records: 0.19 s on two threads, 0.14 s on one). */
	index = calloc(1, sizeof(*index));
	if (index == NULL || index_ids(index, corpus) < 0 || index_names(index, corpus) < 0) {
		index_free(index);
		return orgcheck_error_nomem(err);
	}
	resolve_refs(corpus, index);
	for (i = 0; i < corpus->count; i++) {
		if (set_label(corpus, &corpus->records[i]) < 0) {
			index_free(index);
			return orgcheck_error_nomem(err);
		}
	}
	index_free(corpus->index);
	corpus->index = index;
	return 0;
}

const struct orgcheck_record *orgcheck_corpus_find(const struct orgcheck_corpus *corpus,
						   const char *id)
{
	return corpus->index != NULL ? first_with_id(corpus, corpus->index, id) : NULL;
}

size_t orgcheck_corpus_find_name(const struct orgcheck_name_hit **hits_out,
				 const struct orgcheck_corpus *corpus, const char *folded)
{
	const struct slot *slot = corpus->index ? table_lookup(&corpus->index->names, folded) : NULL;

	*hits_out = slot ? slot->hits : NULL;
	return slot ? slot->count : 0;
}

void orgcheck_corpus_each_name(const struct orgcheck_corpus *corpus,
			       void (*visit)(void *data, const char *folded,
					     const struct orgcheck_name_hit *hits, size_t count),
			       void *data)
{
	const struct table *names = NULL;
	size_t i;

	if (corpus->index == NULL)
		return;
	names = &corpus->index->names;
	for (i = 0; i < names->capacity; i++) {
		if (names->slots[i].key != NULL)
			visit(data, names->slots[i].key, names->slots[i].hits, names->slots[i].count);
	}
}
