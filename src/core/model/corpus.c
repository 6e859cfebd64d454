#include "model/corpus.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/hash.h"

/* The tables are compact: a slot holds a 32-bit tag (the hash's high
 * half, so most probes that miss end without a strcmp) and a 32-bit
 * index, so even 100,000 records fill few pages (fresh pages cost a
 * fault each) and probes miss the cache less. */
#define TABLE_MAX ((size_t)UINT32_MAX - 1)

/* The id table: the first record (by path) with each id. The id is in
 * the slot (most are short), so a probe reads one cache line: a lookup
 * that finds its id reads no other memory. */
#define ID_INLINE 24

struct id_slot {
	uint32_t tag;
	uint32_t head;           /* 1 + the first record with the id; 0 when empty */
	char key[ID_INLINE];     /* the id, NUL-terminated when shorter; else its first bytes */
};

/* The name table: its slots point at the distinct names, laid out in slot
 * order, so visiting them all reads one array in order. */
struct name_slot {
	uint32_t tag;
	uint32_t entry;   /* 1 + the index of the name in entries; 0 when empty */
};

struct name_entry {
	const char *key;
	struct orgcheck_name_hit *hits;  /* in path order, within index->hits */
	size_t count;
};

struct orgcheck_index {
	struct id_slot *ids;
	size_t id_capacity;     /* a power of two */
	struct name_slot *names;
	size_t name_capacity;   /* a power of two */
	struct name_entry *entries;
	size_t entry_count;
	struct orgcheck_name_hit *hits;  /* every name's hits, one run per name */
};

static uint64_t hash_string(const char *s)
{
	return orgcheck_fnv1a_string(ORGCHECK_FNV1A_OFFSET, s);
}

/* hash_string(s), and strlen(s) in *length. */
static uint64_t hash_measure(size_t *length, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t hash = ORGCHECK_FNV1A_OFFSET;

	for (; *p != '\0'; p++)
		hash = orgcheck_fnv1a_byte(hash, *p);
	*length = (size_t)(p - (const unsigned char *)s);
	return hash;
}

/* Room for expected keys at most half full: a power of two, at least 16.
 * The name table must keep this size, hash and probing: its slot order is
 * the order orgcheck_corpus_each_name visits the names in. */
static size_t table_capacity(size_t expected)
{
	size_t capacity = 16;

	while (capacity < expected * 2)
		capacity *= 2;
	return capacity;
}

/* Whether slot holds key, of length bytes. */
static int id_slot_holds(const struct id_slot *slot, const struct orgcheck_record *records,
			 const char *key, size_t length)
{
	if (length < ID_INLINE)
		return memcmp(slot->key, key, length + 1) == 0;
	return memcmp(slot->key, key, ID_INLINE) == 0 &&
	       strcmp(records[slot->head - 1].id + ID_INLINE, key + ID_INLINE) == 0;
}

/* The slot of key: the one that holds it, else the empty one where it
 * would go, with the tag it would have in *tag_out. */
static struct id_slot *id_probe(uint32_t *tag_out, const struct orgcheck_index *index,
				const struct orgcheck_record *records, const char *key)
{
	size_t length = 0;
	uint64_t hash = hash_measure(&length, key);
	uint32_t tag = (uint32_t)(hash >> 32);
	size_t mask = index->id_capacity - 1;
	struct id_slot *slot = NULL;
	size_t i;

	for (i = (size_t)hash & mask; (slot = &index->ids[i])->head != 0; i = (i + 1) & mask) {
		if (slot->tag == tag && id_slot_holds(slot, records, key, length))
			break;
	}
	*tag_out = tag;
	return slot;
}

/* The entry of the name folded, or NULL. */
static const struct name_entry *name_lookup(const struct orgcheck_index *index, const char *folded)
{
	const struct name_slot *slot = NULL;
	uint64_t hash = 0;
	uint32_t tag = 0;
	size_t mask = 0;
	size_t i = 0;

	if (index->names == NULL || folded == NULL)
		return NULL;
	hash = hash_string(folded);
	tag = (uint32_t)(hash >> 32);
	mask = index->name_capacity - 1;
	for (i = (size_t)hash & mask; (slot = &index->names[i])->entry != 0; i = (i + 1) & mask) {
		if (slot->tag == tag && strcmp(index->entries[slot->entry - 1].key, folded) == 0)
			return &index->entries[slot->entry - 1];
	}
	return NULL;
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
	free(index->ids);
	free(index->names);
	free(index->entries);
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

int orgcheck_corpus_take(struct orgcheck_corpus *corpus, const struct orgcheck_record *records,
			 size_t count, struct orgcheck_error *err)
{
	if (count > corpus->capacity - corpus->count)
		return orgcheck_error_nomem(err);
	memcpy(corpus->records + corpus->count, records, count * sizeof(*records));
	corpus->count += count;
	return 0;
}

static int compare_records(const void *pa, const void *pb)
{
	const struct orgcheck_record *a = pa;
	const struct orgcheck_record *b = pb;

	return strcmp(a->path, b->path);
}

static const struct orgcheck_record *first_with_id(const struct orgcheck_corpus *corpus,
						  const struct orgcheck_index *index, const char *id)
{
	const struct id_slot *slot = NULL;
	uint32_t tag = 0;

	if (index->ids == NULL || id == NULL)
		return NULL;
	slot = id_probe(&tag, index, corpus->records, id);
	return slot->head != 0 ? &corpus->records[slot->head - 1] : NULL;
}

/* GCC takes a function that only prefetches for one without effects,
 * and drops the calls before it inlines them: prefetching functions are
 * inlined first. */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#define PREFETCHING static inline __attribute__((always_inline))
#else
#define PREFETCH(address) ((void)(address))
#define PREFETCHING static inline
#endif

/* The passes over the records ask for each record's memory this many
 * records ahead: its arrays, then (half as far ahead, once the arrays
 * are in) the strings they point at. A record's arrays and strings lie
 * apart from its neighbours', where no cache has them: waiting for each
 * in turn was most of the time the passes took. */
#define RECORDS_AHEAD 8
/* Of a record's arrays, the first this many cache lines. */
#define LINES_AHEAD 4
/* Of its names or references, the strings of the first this many. */
#define ITEMS_AHEAD 8

PREFETCHING void prefetch_lines(const void *items, size_t size)
{
	const char *at = items;
	size_t i;

	for (i = 0; i < LINES_AHEAD && i * 64 < size; i++)
		PREFETCH(at + i * 64);
}

/* What index_ids reads of record: its claims and names; then its id and
 * display name. */
PREFETCHING void prefetch_id_arrays(const struct orgcheck_record *record)
{
	prefetch_lines(record->claims.items, record->claims.count * sizeof(*record->claims.items));
	prefetch_lines(record->names.items, record->names.count > 0 ? sizeof(*record->names.items) : 0);
}

PREFETCHING void prefetch_id_strings(const struct orgcheck_record *record)
{
	PREFETCH(record->id);
	if (record->names.count > 0)
		PREFETCH(record->names.items[0].value);
}

/* Then (a quarter as far ahead, once the strings are in) the slot the id
 * goes to: hashing it twice costs less than waiting for the slot (so
 * with the names: 0.051 s to 0.042 s for the pass on 100,000 records;
 * keeping the hashes saved nothing more). */
PREFETCHING void prefetch_id_slot(const struct orgcheck_index *index, const struct orgcheck_record *record)
{
	if (record->id != NULL)
		PREFETCH(&index->ids[(size_t)hash_string(record->id) & (index->id_capacity - 1)]);
}

/* What index_names reads of record: its names, their folded forms, the
 * slots those go to. */
PREFETCHING void prefetch_name_arrays(const struct orgcheck_record *record)
{
	prefetch_lines(record->names.items, record->names.count * sizeof(*record->names.items));
}

PREFETCHING void prefetch_name_strings(const struct orgcheck_record *record)
{
	size_t i;

	for (i = 0; i < record->names.count && i < ITEMS_AHEAD; i++)
		PREFETCH(record->names.items[i].folded);
}

PREFETCHING void prefetch_name_slots(const struct orgcheck_index *index, const struct orgcheck_record *record)
{
	const char *folded = NULL;
	size_t i;

	for (i = 0; i < record->names.count && i < ITEMS_AHEAD; i++) {
		folded = record->names.items[i].folded;
		if (folded != NULL)
			PREFETCH(&index->names[(size_t)hash_string(folded) & (index->name_capacity - 1)]);
	}
}

/* What resolve_refs reads of record. */
PREFETCHING void prefetch_ref_arrays(const struct orgcheck_record *record)
{
	prefetch_lines(record->refs.items, record->refs.count * sizeof(*record->refs.items));
}

PREFETCHING void prefetch_ref_strings(const struct orgcheck_record *record)
{
	size_t i;

	for (i = 0; i < record->refs.count && i < ITEMS_AHEAD; i++)
		PREFETCH(record->refs.items[i].target);
}

/* Points every reference of records first to end at its target: one
 * lookup per reference here instead of one per reference in each rule
 * that follows it. Asking for the targets' slots ahead (hashing them
 * twice) cost more than it saved. */
static void resolve_refs(struct orgcheck_corpus *corpus, const struct orgcheck_index *index,
			 size_t first, size_t end)
{
	struct orgcheck_record *record = NULL;
	size_t i;
	size_t j;

	for (i = first; i < end; i++) {
		if (i + RECORDS_AHEAD < end)
			prefetch_ref_arrays(&corpus->records[i + RECORDS_AHEAD]);
		if (i + RECORDS_AHEAD / 2 < end)
			prefetch_ref_strings(&corpus->records[i + RECORDS_AHEAD / 2]);
		record = &corpus->records[i];
		for (j = 0; j < record->refs.count; j++)
			record->refs.items[j].resolved = first_with_id(corpus, index, record->refs.items[j].target);
	}
}

/* The id table: a slot's head is the first record (by path) with its id.
 * Record number i learns that first record too. */
static void add_id(struct orgcheck_index *index, struct orgcheck_corpus *corpus, size_t i)
{
	struct orgcheck_record *record = &corpus->records[i];
	struct id_slot *slot = NULL;
	uint32_t tag = 0;
	size_t length = 0;

	record->first_with_id = NULL;
	record->id_shared = 0;
	if (record->id == NULL)
		return;
	slot = id_probe(&tag, index, corpus->records, record->id);
	if (slot->head != 0)
		corpus->records[slot->head - 1].id_shared = 1;
	if (slot->head == 0) {
		slot->tag = tag;
		slot->head = (uint32_t)i + 1;
		/* Its first bytes when it does not fit. */
		length = strnlen(record->id, ID_INLINE);
		memcpy(slot->key, record->id, length < ID_INLINE ? length + 1 : ID_INLINE);
	}
	record->first_with_id = &corpus->records[slot->head - 1];
}

/* The name table is built in three steps: the names go into the table in
 * record order (add_names), counting the hits of each distinct name; each
 * name gets its run of one array of hits, filled in record order; then
 * the distinct names are laid out in slot order (names_finish). */
struct name_build {
	uint32_t *key_of;   /* per name of the corpus, in order: 1 + its key's number, or 0 */
	const char **keys;  /* the distinct names, in the order met */
	uint32_t *ends;     /* per key: its hits; then where its run ends */
	size_t key_count;
	size_t at;          /* names added */
};

static void name_build_release(struct name_build *build)
{
	free(build->key_of);
	free(build->keys);
	free(build->ends);
	memset(build, 0, sizeof(*build));
}

/* Sizes the name table for name_total names. Returns 0 or -1. */
static int names_begin(struct orgcheck_index *index, struct name_build *build, size_t name_total)
{
	size_t room = name_total ? name_total : 1;

	memset(build, 0, sizeof(*build));
	if (name_total > TABLE_MAX)
		return -1;
	index->name_capacity = table_capacity(name_total);
	index->names = calloc(index->name_capacity, sizeof(*index->names));
	index->entries = malloc(room * sizeof(*index->entries));
	index->hits = malloc(room * sizeof(*index->hits));
	build->key_of = malloc(room * sizeof(*build->key_of));
	build->keys = malloc(room * sizeof(*build->keys));
	build->ends = malloc(room * sizeof(*build->ends));
	if (index->names == NULL || index->entries == NULL || index->hits == NULL ||
	    build->key_of == NULL || build->keys == NULL || build->ends == NULL)
		return -1;
	return 0;
}

static void add_names(struct orgcheck_index *index, struct name_build *build,
		      const struct orgcheck_record *record)
{
	const char *folded = NULL;
	struct name_slot *slot = NULL;
	size_t mask = index->name_capacity - 1;
	uint64_t hash = 0;
	uint32_t tag = 0;
	size_t probe = 0;
	size_t j;

	for (j = 0; j < record->names.count; j++) {
		build->key_of[build->at] = 0;
		folded = record->names.items[j].folded;
		if (folded == NULL || folded[0] == '\0') {
			build->at++;
			continue;
		}
		hash = hash_string(folded);
		tag = (uint32_t)(hash >> 32);
		for (probe = (size_t)hash & mask; (slot = &index->names[probe])->entry != 0;
		     probe = (probe + 1) & mask) {
			if (slot->tag == tag && strcmp(build->keys[slot->entry - 1], folded) == 0)
				break;
		}
		if (slot->entry == 0) {
			build->keys[build->key_count] = folded;
			build->ends[build->key_count] = 0;
			slot->tag = tag;
			slot->entry = (uint32_t)++build->key_count;
		}
		build->ends[slot->entry - 1]++;
		build->key_of[build->at++] = slot->entry;
	}
}

static void names_finish(struct orgcheck_index *index, struct name_build *build,
			 const struct orgcheck_corpus *corpus)
{
	struct name_entry *entry = NULL;
	struct name_slot *slot = NULL;
	uint32_t key = 0;
	uint32_t start = 0;
	size_t count = 0;
	size_t at = 0;
	size_t i;
	size_t j;

	/* Where each run starts; filling a run moves that to where it ends. */
	for (i = 0; i < build->key_count; i++) {
		count = build->ends[i];
		build->ends[i] = (uint32_t)at;
		at += count;
	}
	for (i = 0, at = 0; i < corpus->count; i++) {
		for (j = 0; j < corpus->records[i].names.count; j++, at++) {
			if (build->key_of[at] == 0)
				continue;
			key = build->key_of[at] - 1;
			index->hits[build->ends[key]].record = i;
			index->hits[build->ends[key]].name = j;
			build->ends[key]++;
		}
	}
	for (i = 0; i < index->name_capacity; i++) {
		slot = &index->names[i];
		if (slot->entry == 0)
			continue;
		key = slot->entry - 1;
		start = key > 0 ? build->ends[key - 1] : 0;
		entry = &index->entries[index->entry_count];
		entry->key = build->keys[key];
		entry->hits = index->hits + start;
		entry->count = build->ends[key] - start;
		slot->entry = (uint32_t)++index->entry_count;
	}
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
	size_t id_length = 0;
	size_t cut = 0;
	char *label = NULL;
	char *at = NULL;

	if (id == NULL)
		id = "";
	if (name == NULL || name[0] == '\0') {
		record->label = id;
		return 0;
	}
	/* No longer than a cut name needs: strlen of a long name would read
	 * all of it. */
	length = strnlen(name, LABEL_NAME_MAX + 1);
	keep = length > LABEL_NAME_MAX ? LABEL_NAME_MAX : length;
	while (keep > 0 && keep < length && ((unsigned char)name[keep] & 0xC0) == 0x80)
		keep--;
	cut = keep < length ? 3 : 0;
	id_length = strlen(id);
	label = orgcheck_arena_alloc_chars(corpus->arena, keep + cut + 2 + id_length + 2);
	if (label == NULL)
		return -1;
	/* What snprintf "%.*s%s (%s)" writes, without parsing a format for
	 * each record. */
	at = label;
	memcpy(at, name, keep);
	at += keep;
	memcpy(at, "...", cut);
	at += cut;
	memcpy(at, " (", 2);
	at += 2;
	memcpy(at, id, id_length);
	at += id_length;
	memcpy(at, ")", 2);
	record->label = label;
	return 0;
}

/* The ids, lifetimes and labels of the records. Returns 0 or -1. */
static int index_ids(struct orgcheck_index *index, struct orgcheck_corpus *corpus)
{
	struct orgcheck_record *records = corpus->records;
	size_t i;
	int rc = 0;

	for (i = 0; i < corpus->count && rc == 0; i++) {
		if (i + RECORDS_AHEAD < corpus->count)
			prefetch_id_arrays(&records[i + RECORDS_AHEAD]);
		if (i + RECORDS_AHEAD / 2 < corpus->count)
			prefetch_id_strings(&records[i + RECORDS_AHEAD / 2]);
		if (i + RECORDS_AHEAD / 4 < corpus->count)
			prefetch_id_slot(index, &records[i + RECORDS_AHEAD / 4]);
		orgcheck_record_find_lifetime(&records[i]);
		add_id(index, corpus, i);
		rc = set_label(corpus, &records[i]);
	}
	return rc;
}

/* index_ids and the names' pass of side_run in one pass, for one thread:
 * each record's memory is asked for once (-j 1 on 100,000 records, a
 * quiet machine: index 0.063-0.067 s, 0.068-0.074 s in two passes).
 * Returns 0 or -1. */
static int index_ids_and_names(struct orgcheck_index *index, struct name_build *build,
			       struct orgcheck_corpus *corpus)
{
	struct orgcheck_record *records = corpus->records;
	size_t i;
	int rc = 0;

	for (i = 0; i < corpus->count && rc == 0; i++) {
		if (i + RECORDS_AHEAD < corpus->count) {
			prefetch_id_arrays(&records[i + RECORDS_AHEAD]);
			prefetch_name_arrays(&records[i + RECORDS_AHEAD]);
		}
		if (i + RECORDS_AHEAD / 2 < corpus->count) {
			prefetch_id_strings(&records[i + RECORDS_AHEAD / 2]);
			prefetch_name_strings(&records[i + RECORDS_AHEAD / 2]);
		}
		if (i + RECORDS_AHEAD / 4 < corpus->count) {
			prefetch_id_slot(index, &records[i + RECORDS_AHEAD / 4]);
			prefetch_name_slots(index, &records[i + RECORDS_AHEAD / 4]);
		}
		orgcheck_record_find_lifetime(&records[i]);
		add_id(index, corpus, i);
		add_names(index, build, &records[i]);
		rc = set_label(corpus, &records[i]);
	}
	if (rc == 0)
		names_finish(index, build, corpus);
	return rc;
}

/* What the second thread does: the names, or half the references. */
struct side_job {
	struct orgcheck_index *index;
	struct orgcheck_corpus *corpus;
	struct name_build *build;  /* the names when not NULL, else the references */
	size_t first;              /* of the records whose references */
	pthread_t thread;
	int apart;                 /* on a thread of its own */
};

static void *side_run(void *data)
{
	struct side_job *job = data;
	const struct orgcheck_record *records = job->corpus->records;
	size_t count = job->corpus->count;
	size_t i;

	if (job->build == NULL) {
		resolve_refs(job->corpus, job->index, job->first, count);
		return NULL;
	}
	for (i = 0; i < count; i++) {
		if (i + RECORDS_AHEAD < count)
			prefetch_name_arrays(&records[i + RECORDS_AHEAD]);
		if (i + RECORDS_AHEAD / 2 < count)
			prefetch_name_strings(&records[i + RECORDS_AHEAD / 2]);
		if (i + RECORDS_AHEAD / 4 < count)
			prefetch_name_slots(job->index, &records[i + RECORDS_AHEAD / 4]);
		add_names(job->index, job->build, &records[i]);
	}
	names_finish(job->index, job->build, job->corpus);
	return NULL;
}

/* Starts job on a thread of its own when two may be used, else leaves it
 * to side_finish. */
static void side_start(struct side_job *job, unsigned threads)
{
	job->apart = threads > 1 && pthread_create(&job->thread, NULL, side_run, job) == 0;
}

static void side_finish(struct side_job *job)
{
	if (job->apart)
		pthread_join(job->thread, NULL);
	else
		(void)side_run(job);
}

/* Below this many records the index is built on one thread: starting
 * another would cost more than it saves. */
#define APART_MIN 4096

/* Builds the index of the corpus, whose records are in path order, on up
 * to two threads: the ids, lifetimes and labels on this one while the
 * names are indexed on the other (on one thread, in the same pass), then
 * half the references on each (they need every id). Each pass asks for
 * the memory of the records ahead. Returns 0 or -1. */
static int index_build(struct orgcheck_index *index, struct orgcheck_corpus *corpus, unsigned threads)
{
	struct name_build build;
	struct side_job job;
	size_t name_total = 0;
	size_t half = 0;
	size_t i;
	int rc = 0;

	if (corpus->count < APART_MIN)
		threads = 1;
	for (i = 0; i < corpus->count; i++)
		name_total += corpus->records[i].names.count;
	rc = names_begin(index, &build, name_total);
	if (rc == 0 && corpus->count > TABLE_MAX)
		rc = -1;
	if (rc == 0) {
		index->id_capacity = table_capacity(corpus->count);
		index->ids = calloc(index->id_capacity, sizeof(*index->ids));
		if (index->ids == NULL)
			rc = -1;
	}
	if (rc == 0) {
		memset(&job, 0, sizeof(job));
		job.index = index;
		job.corpus = corpus;
		job.build = &build;
		side_start(&job, threads);
		if (job.apart) {
			rc = index_ids(index, corpus);
			side_finish(&job);
		} else {
			rc = index_ids_and_names(index, &build, corpus);
		}
	}
	if (rc == 0) {
		half = threads > 1 ? corpus->count / 2 : corpus->count;
		job.build = NULL;
		job.first = half;
		side_start(&job, threads);
		resolve_refs(corpus, index, 0, half);
		side_finish(&job);
	}
	name_build_release(&build);
	return rc;
}

int orgcheck_corpus_index(struct orgcheck_corpus *corpus, struct orgcheck_error *err)
{
	return orgcheck_corpus_index_with(corpus, 1, err);
}

int orgcheck_corpus_index_with(struct orgcheck_corpus *corpus, unsigned threads,
			       struct orgcheck_error *err)
{
	struct orgcheck_index *index = NULL;
	size_t i;
	int rc = 0;

	/* Records usually arrive in path order already (the file list is
	 * sorted); checking that is one pass, sorting them again is not. */
	for (i = 1; i < corpus->count; i++) {
		if (compare_records(&corpus->records[i - 1], &corpus->records[i]) > 0) {
			qsort(corpus->records, corpus->count, sizeof(*corpus->records), compare_records);
			break;
		}
	}
	index = calloc(1, sizeof(*index));
	rc = index != NULL ? index_build(index, corpus, threads) : -1;
	if (rc < 0) {
		index_free(index);
		return orgcheck_error_nomem(err);
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
	const struct name_entry *entry = corpus->index ? name_lookup(corpus->index, folded) : NULL;

	*hits_out = entry ? entry->hits : NULL;
	return entry ? entry->count : 0;
}

void orgcheck_corpus_each_name(const struct orgcheck_corpus *corpus,
			       void (*visit)(void *data, const char *folded,
					     const struct orgcheck_name_hit *hits, size_t count),
			       void *data)
{
	const struct orgcheck_index *index = corpus->index;
	size_t i;

	if (index == NULL)
		return;
	for (i = 0; i < index->entry_count; i++)
		visit(data, index->entries[i].key, index->entries[i].hits, index->entries[i].count);
}
