/* The cache of the per-file work: for each record file, what reading it
 * gave (the parse and schema findings, the record's kind and validity,
 * the extracted compact record), so a later run answers an unchanged file
 * without parsing it again.
 *
 * An entry is keyed by the file's path as the check names it and holds
 * the SHA-256 of the bytes it was made from and what stat said of the
 * file then. The whole cache is keyed by everything else the per-file
 * result depends on (the cache format, orgcheck's and libxml2's versions,
 * the bytes of the record schemas): a cache made with anything else is
 * ignored and rebuilt. An entry is used when the file's stat is unchanged
 * and was taken long enough after the file last changed (git's "racy"
 * rule: a change within the clock granularity of the entry could keep the
 * stat), else when the SHA-256 of the bytes read now is the stored one.
 *
 * The cache is 16 shard files (a path's shard from a hash of it), each a
 * header and a sequence of entries, each with its length and checksum: a
 * shard from another version, or an entry that is truncated or corrupt,
 * is ignored (and rewritten). A shard is rewritten whole (a temporary
 * file, then rename) when one of its entries changed, so a run never
 * sees a half-written shard and two runs at once at worst lose each
 * other's new entries. Problems with the cache directory (read-only,
 * full) never stop the check: the first one is kept as a warning and
 * nothing more is written. */
#ifndef ORGCHECK_INPUT_CACHE_H
#define ORGCHECK_INPUT_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "model/model.h"

struct orgcheck_arena;
struct orgcheck_cache;
struct orgcheck_cache_entry;

#define ORGCHECK_CACHE_HASH_SIZE 32

/* What stat says of a file, as far as the cache compares it. */
struct orgcheck_cache_stat {
	uint64_t dev;
	uint64_t ino;
	uint64_t size;
	int64_t mtime_sec;
	int64_t mtime_nsec;
	int64_t ctime_sec;
	int64_t ctime_nsec;
};

/* What reading one file gave, beside its findings and record. */
struct orgcheck_cache_result {
	enum orgcheck_record_kind kind;
	int valid;
	int has_record;  /* a record was extracted (kind is known) */
};

void orgcheck_cache_stat_from(struct orgcheck_cache_stat *out, const struct stat *st);

/* The SHA-256 of size bytes at data into out (ORGCHECK_CACHE_HASH_SIZE),
 * with the digest of cache. */
void orgcheck_cache_hash(unsigned char *out, const struct orgcheck_cache *cache,
			 const void *data, size_t size);

/* Opens the cache in dir, for the files under root (the corpus root; NULL
 * or "." for the current directory) validated against the schemas in
 * schema_dir, and reads its shards. A missing directory is made on the
 * first store, with a .gitignore that ignores it all and a CACHEDIR.TAG;
 * one that cannot be read answers nothing. *out is freed with
 * orgcheck_cache_free; the strings of the records loaded from it live in
 * its data arena, freed with it unless taken (orgcheck_cache_take_data).
 * Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_cache_open(struct orgcheck_cache **out, const char *dir, const char *root,
			const char *schema_dir, struct orgcheck_error *err);

void orgcheck_cache_free(struct orgcheck_cache *cache);

/* The arena holding what the records loaded from the cache point into;
 * the caller owns it from now on and frees it after those records (the
 * corpus adopts it). Call after orgcheck_cache_finish, last but for
 * orgcheck_cache_warning and orgcheck_cache_free. */
struct orgcheck_arena *orgcheck_cache_take_data(struct orgcheck_cache *cache);

/* The name of the file at path in the cache: its path relative to the
 * cache's root (root/records/x.xml is records/x.xml) when that has no
 * ".." component, else NULL: the file is not under the root, the corpus,
 * and is not cached. Borrowed from path. */
const char *orgcheck_cache_key(const struct orgcheck_cache *cache, const char *path);

/* The entry for path (a key, see orgcheck_cache_key), or NULL. Borrowed from the cache. Safe on several
 * threads at once, and beside orgcheck_cache_store. */
const struct orgcheck_cache_entry *orgcheck_cache_find(const struct orgcheck_cache *cache,
							const char *path);

/* 1 when st is the stat stored with entry and the entry is not racy: the
 * file is unchanged without reading it. */
int orgcheck_cache_entry_fresh(const struct orgcheck_cache_entry *entry,
			       const struct orgcheck_cache_stat *st);

/* 1 when entry was made from bytes whose SHA-256 is hash. */
int orgcheck_cache_entry_same(const struct orgcheck_cache_entry *entry, const unsigned char *hash);

/* Copies the hash of the bytes entry was made from into out
 * (ORGCHECK_CACHE_HASH_SIZE bytes); 0 when the entry is unreadable. */
int orgcheck_cache_entry_hash(unsigned char *out, const struct orgcheck_cache_entry *entry);

/* The key of the whole cache (ORGCHECK_CACHE_HASH_SIZE bytes: format,
 * versions, sources, schemas) and its directory. Borrowed. */
const unsigned char *orgcheck_cache_digest(const struct orgcheck_cache *cache);
const char *orgcheck_cache_dir(const struct orgcheck_cache *cache);

/* Loads entry (the result for path): its findings are added to findings
 * (naming path), its record into *record (strings in the cache, arrays in
 * arena; path and file id copied into arena). Returns 1 when loaded, 0
 * when the entry is corrupt (nothing added: the caller reads the file),
 * or ORGCHECK_ENOMEM. */
int orgcheck_cache_entry_load(struct orgcheck_cache_result *out, struct orgcheck_record *record,
			      struct orgcheck_findings *findings, struct orgcheck_arena *arena,
			      const struct orgcheck_cache_entry *entry, const char *path,
			      struct orgcheck_error *err);

/* Stores the result of reading path (named key in the cache, see
 * orgcheck_cache_key): the file had stat st and SHA-256 hash when read
 * at time started (taken before it was opened); findings from index
 * first on are the file's, record is NULL without a record. Safe on
 * several threads at once. Returns 0 or ORGCHECK_ENOMEM (a failure to
 * write is the cache's warning). */
int orgcheck_cache_store(struct orgcheck_cache *cache, const char *key, const char *path,
			 const struct orgcheck_cache_stat *st, time_t started, const unsigned char *hash,
			 const struct orgcheck_cache_result *result,
			 const struct orgcheck_findings *findings, size_t first,
			 const struct orgcheck_record *record, struct orgcheck_error *err);

/* Stores entry again for path (a key) with stat st, read at started, when the
 * file's bytes were found unchanged but its stat (or its racy mark) is
 * not what the entry holds. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_cache_refresh(struct orgcheck_cache *cache, const struct orgcheck_cache_entry *entry,
			   const char *path, const struct orgcheck_cache_stat *st, time_t started,
			   struct orgcheck_error *err);

/* Writes the shards that changed: each gets its new entries and the old
 * ones still current, in a temporary file renamed over the old one.
 * Called once, after every store. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_cache_finish(struct orgcheck_cache *cache, struct orgcheck_error *err);

/* Why the cache could not be read or written, or NULL. Borrowed. */
const char *orgcheck_cache_warning(const struct orgcheck_cache *cache);

#endif
