/* The corpus: every extracted record, indexed by id and by name.
 *
 * Lookups are hash lookups, so rules stay linear in records plus links. */
#ifndef ORGCHECK_CORPUS_H
#define ORGCHECK_CORPUS_H

#include <stddef.h>

#include <orgcheck/error.h>
#include "model/model.h"

struct orgcheck_arena;

/* One record that carries a (folded) name. */
struct orgcheck_name_hit {
	size_t record;  /* index into corpus->records */
	size_t name;    /* index into that record's names */
};

struct orgcheck_corpus {
	struct orgcheck_arena *arena;   /* strings of the records added */
	struct orgcheck_arena **adopted;  /* arenas taken over from others (one per */
	size_t adopted_count;             /* thread that extracted records), freed with it */
	struct orgcheck_record *records;
	size_t count;
	size_t capacity;
	struct orgcheck_index *index;   /* built by orgcheck_corpus_index */
};

/* A new, empty corpus; the caller frees it with orgcheck_corpus_free. */
int orgcheck_corpus_new(struct orgcheck_corpus **out, struct orgcheck_error *err);

void orgcheck_corpus_free(struct orgcheck_corpus *corpus);

/* Makes room for count more records, so adding them allocates nothing. */
int orgcheck_corpus_reserve(struct orgcheck_corpus *corpus, size_t count, struct orgcheck_error *err);

/* The corpus takes over arena (which holds the strings of records added
 * to it) and frees it with itself, also on error. */
int orgcheck_corpus_adopt_arena(struct orgcheck_corpus *corpus, struct orgcheck_arena *arena,
				struct orgcheck_error *err);

/* Appends a record; the corpus takes over its arrays (record is zeroed). */
int orgcheck_corpus_add(struct orgcheck_corpus *corpus, struct orgcheck_record *record,
			struct orgcheck_error *err);

/* Appends count records, taking them over as they are: the caller must
 * forget them (neither release nor zero them, which is what saves the
 * time). Room must be reserved (orgcheck_corpus_reserve): returns 0, or
 * ORGCHECK_ENOMEM and takes none when there is not enough. */
int orgcheck_corpus_take(struct orgcheck_corpus *corpus, const struct orgcheck_record *records,
			 size_t count, struct orgcheck_error *err);

/* Sorts the records by path and builds the indexes; resolves every
 * reference (orgcheck_ref.resolved). Call once, after the last
 * orgcheck_corpus_add. */
int orgcheck_corpus_index(struct orgcheck_corpus *corpus, struct orgcheck_error *err);

/* The same on up to threads threads (the index is the same for any
 * number). */
int orgcheck_corpus_index_with(struct orgcheck_corpus *corpus, unsigned threads,
			       struct orgcheck_error *err);

/* The first record (by path) with this id, or NULL. */
const struct orgcheck_record *orgcheck_corpus_find(const struct orgcheck_corpus *corpus,
						   const char *id);

/* The records holding a name whose folded form is folded: *hits_out points
 * at an array owned by the corpus (valid until it is freed), and the count
 * is returned. */
size_t orgcheck_corpus_find_name(const struct orgcheck_name_hit **hits_out,
				 const struct orgcheck_corpus *corpus, const char *folded);

/* Every distinct folded name, for "did you mean" searches: calls visit for
 * each with its hits. Linear in the names of the corpus. */
void orgcheck_corpus_each_name(const struct orgcheck_corpus *corpus,
			       void (*visit)(void *data, const char *folded,
					     const struct orgcheck_name_hit *hits, size_t count),
			       void *data);

#endif
