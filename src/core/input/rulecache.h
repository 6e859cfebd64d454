/* What the cross-record rules found in the last whole check, kept beside
 * the per-file cache so that the next check runs the rules that look at
 * one record at a time only near what changed (check.c).
 *
 * One file, rewritten whole after each whole check: a header (format,
 * key, length, checksum), then every record of that check in path order
 * (path, hash of its file's bytes, id, file id, a digest of its id and
 * names, the ids its references name) and the findings of those rules, each with the record whose
 * visit made it. A file of another key or format, damaged or cut short
 * is ignored: the check then runs every rule over every record. */
#ifndef ORGCHECK_INPUT_RULECACHE_H
#define ORGCHECK_INPUT_RULECACHE_H

#include <stddef.h>
#include <stdint.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "model/corpus.h"

/* Bytes of a file's SHA-256 kept per record: enough to tell versions apart. */
#define ORGCHECK_RULECACHE_HASH_SIZE 16

struct orgcheck_rulecache_record {
	const char *path;
	const unsigned char *hash;  /* ORGCHECK_RULECACHE_HASH_SIZE bytes */
	const char *id;             /* NULL when it has none */
	const char *file_id;
	uint64_t names;             /* orgcheck_rulecache_names_digest */
	const char **targets;       /* the ids its references name */
	size_t target_count;
	const unsigned char *bytes; /* the record as the file holds it */
	size_t size;
};

struct orgcheck_rulecache {
	unsigned char *data;        /* the file as read: the strings point into it */
	struct orgcheck_rulecache_record *records;  /* in path order */
	size_t record_count;
	const char **target_pool;
	/* The findings, in catalogue order and then record order, and for
	 * each the index of its record in records. */
	struct orgcheck_findings findings;
	size_t *finding_records;
};

/* Reads the file at path made under key. *out is NULL when there is
 * none, it has another key or format, or it is damaged (nothing to
 * reuse, not an error). find_rule gives the rule of an id (NULL: the
 * file is ignored). Returns 0, or ORGCHECK_ENOMEM. */
int orgcheck_rulecache_load(struct orgcheck_rulecache **out, const char *path, uint64_t key,
			    const struct orgcheck_rule *(*find_rule)(const char *id), struct orgcheck_error *err);

void orgcheck_rulecache_free(struct orgcheck_rulecache *cache);

/* A digest of record's kind, id and names (kind, text, folded): what
 * did-you-mean suggestions (OC110) read of every record. */
uint64_t orgcheck_rulecache_names_digest(const struct orgcheck_record *record);

/* Writes the file at path under key, atomically (a temporary file in
 * its directory renamed over it): the records of corpus (in path order)
 * with hashes[i] (ORGCHECK_RULECACHE_HASH_SIZE bytes each) the hash of
 * record i's file, and each finding i of findings whose records[i] is a
 * record index (others are left out). same (NULL: none) may give for a
 * record the last file's record of the same path and hash, written again
 * as it was (its file did not change). Returns 1 when written, 0 when it
 * could not be (the directory is not writable: the next check runs every
 * rule), or ORGCHECK_ENOMEM. */
int orgcheck_rulecache_save(const char *path, uint64_t key, const struct orgcheck_corpus *corpus,
			    const unsigned char *hashes, const struct orgcheck_rulecache_record *const *same,
			    const struct orgcheck_findings *findings, const size_t *records,
			    struct orgcheck_error *err);

#endif
