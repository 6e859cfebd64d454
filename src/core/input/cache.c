/* madvise() and MADV_HUGEPAGE. */
#define _DEFAULT_SOURCE

#include "input/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <openssl/evp.h>

#include <orgcheck/rule.h>
#include <orgcheck/version.h>
#include "model/vocab.h"
#include "util/arena.h"
#include "util/path.h"

#ifndef ORGCHECK_CACHE_SOURCES
#define ORGCHECK_CACHE_SOURCES ""
#endif

/* Bumped whenever the layout of an entry or what goes into one changes. */
#define FORMAT_VERSION 5u
/* Few enough that a first run creates few files (creating one cost
 * about a millisecond on ext4 here, more beside recently deleted ones:
 * with 64 shards, a twentieth of a cold run), many enough that an edit
 * rewrites little: 1/16 of the cache, some 3 MB at 100,000 records. */
#define SHARDS 16u
#define SHARD_MAGIC "OCCACHE\n"
#define ENTRY_MAGIC 0x3145434fu  /* "OCE1" */
#define HEADER_SIZE (8 + 4 + 4 + ORGCHECK_CACHE_HASH_SIZE)
#define ENTRY_HEADER_SIZE 16
/* A shard larger than this is not read (a corpus of a million records
 * makes shards of some 55 MB). */
#define MAX_SHARD_BYTES (1024UL * 1024 * 1024)
/* Seconds between a file's last change and the reading that made its
 * entry below which the stat is not trusted: the coarsest timestamps
 * (FAT's) count in 2 seconds. */
#define RACY_SECONDS 2

/* Every field of the model is written and read below, one by one. A
 * field added to the model must be added there too, or a warm run would
 * lose it: these sizes make such a change stop the build here (on LP64)
 * until write_record and read_record know it and FORMAT_VERSION is
 * bumped. What the corpus index sets (first_with_id, label, the
 * lifetime claims, a reference's resolved record) and the kept source
 * bytes are not stored: they are made again on every run. */
#if defined(__LP64__)
_Static_assert(sizeof(struct orgcheck_record) == 312, "a new record field: serialize it");
_Static_assert(sizeof(struct orgcheck_name) == 56, "a new name field: serialize it");
_Static_assert(sizeof(struct orgcheck_claim) == 64, "a new claim field: serialize it");
_Static_assert(sizeof(struct orgcheck_ref) == 64, "a new reference field: serialize it");
_Static_assert(sizeof(struct orgcheck_link) == 80, "a new link field: serialize it");
_Static_assert(sizeof(struct orgcheck_figure) == 80, "a new figure field: serialize it");
_Static_assert(sizeof(struct orgcheck_dated) == 56, "a new dated field: serialize it");
_Static_assert(sizeof(struct orgcheck_term) == 56, "a new term field: serialize it");
_Static_assert(sizeof(struct orgcheck_place) == 56, "a new place field: serialize it");
#endif

struct entry_ref {
	const unsigned char *bytes;  /* the entry, its header first, in a shard's buffer */
	size_t size;
	uint64_t path_hash;
	unsigned shard;
	int superseded;              /* a new entry for its path was written (under the shard lock) */
	/* Loaded in this run: its file was there, so carry_over need not
	 * stat it to know it still exists (some 6,000 stats at 100,000
	 * records, after the workers, on one thread). */
	atomic_int found;
};

struct orgcheck_cache_entry {
	struct entry_ref ref;
};

struct shard {
	unsigned char *data;  /* the shard as read (in the cache's data arena), NULL when absent or unusable */
	size_t size;
	size_t first;         /* its entries in the cache's entries */
	size_t count;
	pthread_mutex_t lock; /* guards the fields below */
	FILE *out;            /* the new shard being written, or NULL */
	char *out_path;
	int failed;
};

struct orgcheck_cache {
	char *dir;
	/* The directory the cache covers (the corpus root), the current one
	 * when NULL; entries are named by paths relative to it. */
	char *root;
	/* The shards as read: the records loaded from the cache point into
	 * them, so whoever keeps those records takes this arena over
	 * (orgcheck_cache_take_data). NULL once taken. */
	struct orgcheck_arena *data;
	EVP_MD *md;           /* SHA-256 */
	unsigned char key[ORGCHECK_CACHE_HASH_SIZE];
	struct shard shards[SHARDS];
	struct orgcheck_cache_entry *entries;
	size_t entry_count;
	uint32_t *table;      /* index + 1 of an entry, 0 for a free slot */
	size_t table_size;    /* a power of two */
	pthread_mutex_t warning_lock;
	char warning[512];
	atomic_int writing_failed;  /* stop writing after the first failure */
	pthread_mutex_t dir_lock;   /* guards dir_made */
	int dir_made;               /* the directory was made (on the first store) */
	atomic_uint temp_counter;
};

/* ---------------------------------------------------------------- bytes */

static uint64_t hash_bytes(const void *data, size_t size)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)size;
	uint64_t word = 0;
	size_t i = 0;

	/* Eight bytes at a time: a checksum against truncation and damage,
	 * not against an adversary (who could write the cache directory). */
	for (; i + 8 <= size; i += 8) {
		memcpy(&word, p + i, 8);
		h = (h ^ word) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < size; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	h ^= h >> 32;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 29;
	return h;
}

void orgcheck_cache_hash(unsigned char *out, const struct orgcheck_cache *cache,
			 const void *data, size_t size)
{
	unsigned int length = 0;

	/* A digest fetched once: OpenSSL 3 looks one up on every call given
	 * EVP_sha256(), which cost more than hashing a record. */
	if (cache->md == NULL || EVP_Digest(data, size, out, &length, cache->md, NULL) != 1)
		memset(out, 0, ORGCHECK_CACHE_HASH_SIZE);
}

void orgcheck_cache_stat_from(struct orgcheck_cache_stat *out, const struct stat *st)
{
	memset(out, 0, sizeof(*out));
	out->dev = (uint64_t)st->st_dev;
	out->ino = (uint64_t)st->st_ino;
	out->size = (uint64_t)st->st_size;
	out->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	out->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
	out->ctime_sec = (int64_t)st->st_ctim.tv_sec;
	out->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

/* The strings of an entry are written once each: a later copy is the
 * number of the first (a record names the same source for every fact,
 * and a name's folded form is often the name), which made entries about
 * half as large. Only the first STRINGS_MAX distinct strings are
 * numbered; the writer and the reader count them alike. */
#define STRINGS_MAX 1024u
#define STRING_SLOTS 2048u  /* a power of two, twice STRINGS_MAX */

/* Bytes of an entry held in the buffer itself: most entries fit, so
 * storing one allocates nothing. */
#define BUF_INLINE 8192u

/* A growing buffer of serialized bytes; failed after an allocation failed. */
struct buf {
	unsigned char *data;  /* inline, or in the heap once larger */
	size_t length;
	size_t capacity;
	int failed;
	unsigned char inline_data[BUF_INLINE];
	/* The numbered strings: where each one's bytes are in data, and a
	 * hash table of their numbers + 1 (0 for a free slot). */
	unsigned count;
	uint32_t offsets[STRINGS_MAX];
	uint32_t lengths[STRINGS_MAX];
	uint16_t slots[STRING_SLOTS];
};

static void buf_release(struct buf *b)
{
	if (b->data != b->inline_data)
		free(b->data);
	b->data = b->inline_data;
}

static void buf_init(struct buf *b)
{
	b->data = b->inline_data;
	b->length = 0;
	b->capacity = sizeof(b->inline_data);
	b->failed = 0;
	b->count = 0;
	memset(b->slots, 0, sizeof(b->slots));
}

/* Marks b failed; it takes no more bytes (no room is left). */
static int buf_fail(struct buf *b)
{
	b->failed = 1;
	b->capacity = b->length;
	return -1;
}

/* Makes room for size more bytes; 0, or -1 with b failed. */
static int grow(struct buf *b, size_t size)
{
	unsigned char *grown = NULL;
	size_t capacity = b->capacity;

	if (b->failed)
		return -1;
	while (capacity - b->length < size) {
		if (capacity > SIZE_MAX / 2)
			return buf_fail(b);
		capacity *= 2;
	}
	grown = b->data == b->inline_data ? malloc(capacity) : realloc(b->data, capacity);
	if (grown == NULL)
		return buf_fail(b);
	if (b->data == b->inline_data)
		memcpy(grown, b->data, b->length);
	b->data = grown;
	b->capacity = capacity;
	return 0;
}

static void put(struct buf *b, const void *data, size_t size)
{
	/* A failed buffer has no room left (see buf_fail). */
	if (size > b->capacity - b->length && grow(b, size) < 0)
		return;
	memcpy(b->data + b->length, data, size);
	b->length += size;
}

static void put_u8(struct buf *b, unsigned value)
{
	unsigned char c = (unsigned char)value;

	put(b, &c, 1);
}

/* Numbers are LEB128 varints: lines, columns, dates and counts are
 * small, and fixed-width numbers made up most of an entry. */
static void put_u64(struct buf *b, uint64_t value)
{
	unsigned char *at = NULL;

	if (b->capacity - b->length < 10 && grow(b, 10) < 0)
		return;
	/* Written in place: most numbers are a byte or two. */
	at = b->data + b->length;
	while (value >= 0x80) {
		*at++ = (unsigned char)(value | 0x80);
		value >>= 7;
	}
	*at++ = (unsigned char)value;
	b->length = (size_t)(at - b->data);
}

static void put_u32(struct buf *b, uint32_t value)
{
	put_u64(b, value);
}

static void put_fixed64(struct buf *b, uint64_t value)
{
	put(b, &value, 8);
}

static uint64_t hash_bytes(const void *data, size_t size);

/* A string: 0 for NULL; (its length + 1) * 2, then its bytes and a NUL,
 * the first time; its number * 2 + 1 after that. */
static void put_str(struct buf *b, const char *text)
{
	size_t length = text ? strlen(text) : 0;
	size_t slot = 0;
	unsigned index = 0;
	size_t at = 0;

	if (text == NULL) {
		put_u64(b, 0);
		return;
	}
	slot = (size_t)hash_bytes(text, length) & (STRING_SLOTS - 1);
	while (b->slots[slot] != 0) {
		index = b->slots[slot] - 1u;
		if (b->lengths[index] == length && memcmp(b->data + b->offsets[index], text, length) == 0) {
			put_u64(b, ((uint64_t)index << 1) | 1u);
			return;
		}
		slot = (slot + 1) & (STRING_SLOTS - 1);
	}
	put_u64(b, ((uint64_t)length + 1) << 1);
	at = b->length;
	put(b, text, length + 1);
	if (!b->failed && b->count < STRINGS_MAX && at <= UINT32_MAX && length <= UINT32_MAX) {
		b->offsets[b->count] = (uint32_t)at;
		b->lengths[b->count] = (uint32_t)length;
		b->slots[slot] = (uint16_t)(b->count + 1);
		b->count++;
	}
}

static void put_pos(struct buf *b, const struct orgcheck_pos *pos)
{
	put_u64(b, pos->line);
	put_u64(b, pos->column);
}

static void put_date(struct buf *b, const struct orgcheck_date *date)
{
	put_u32(b, (uint32_t)date->year);
	put_u32(b, (uint32_t)date->month);
	put_u32(b, (uint32_t)date->day);
}

/* Reads what put wrote, every length checked against the end. */
struct reader {
	const unsigned char *p;
	const unsigned char *end;
	int failed;
	unsigned count;                    /* the numbered strings read so far */
	const char *strings[STRINGS_MAX];  /* not initialised past count */
};

static void reader_init(struct reader *r, const unsigned char *p, const unsigned char *end)
{
	r->p = p;
	r->end = end;
	r->failed = 0;
	r->count = 0;
}

static const unsigned char *take(struct reader *r, size_t size)
{
	const unsigned char *at = r->p;

	if (r->failed || (size_t)(r->end - r->p) < size) {
		r->failed = 1;
		return NULL;
	}
	r->p += size;
	return at;
}

static unsigned get_u8(struct reader *r)
{
	const unsigned char *at = take(r, 1);

	return at ? *at : 0;
}

static uint64_t get_u64_long(struct reader *r)
{
	uint64_t value = 0;
	unsigned shift = 0;
	unsigned byte = 0;

	do {
		if (r->failed || r->p == r->end || shift > 63) {
			r->failed = 1;
			return 0;
		}
		byte = *r->p++;
		value |= (uint64_t)(byte & 0x7f) << shift;
		shift += 7;
	} while (byte & 0x80);
	return value;
}

static inline uint64_t get_u64(struct reader *r)
{
	/* Most numbers are one byte. */
	if (!r->failed && r->p != r->end && *r->p < 0x80)
		return *r->p++;
	return get_u64_long(r);
}

static uint32_t get_u32(struct reader *r)
{
	uint64_t value = get_u64(r);

	if (value > UINT32_MAX) {
		r->failed = 1;
		return 0;
	}
	return (uint32_t)value;
}

static uint64_t get_fixed64(struct reader *r)
{
	const unsigned char *at = take(r, 8);
	uint64_t value = 0;

	if (at != NULL)
		memcpy(&value, at, 8);
	return value;
}

/* A string in the entry (NUL-terminated there), or NULL. */
static const char *get_str(struct reader *r)
{
	uint64_t stored = get_u64(r);
	const unsigned char *at = NULL;
	size_t length = 0;

	if (stored == 0 || r->failed)
		return NULL;
	if (stored & 1u) {
		if ((stored >> 1) >= r->count) {
			r->failed = 1;
			return NULL;
		}
		return r->strings[stored >> 1];
	}
	stored >>= 1;
	if (stored == 0 || stored - 1 >= (uint64_t)(r->end - r->p)) {
		r->failed = 1;
		return NULL;
	}
	length = (size_t)(stored - 1);
	/* An entry passed its checksum before its strings are read: the NUL
	 * at the end is all memory safety needs. */
	at = take(r, length + 1);
	if (at == NULL || at[length] != '\0') {
		r->failed = 1;
		return NULL;
	}
	if (r->count < STRINGS_MAX)
		r->strings[r->count++] = (const char *)at;
	return (const char *)at;
}

/* A string that must be there. */
static const char *get_text(struct reader *r)
{
	const char *text = get_str(r);

	if (text == NULL)
		r->failed = 1;
	return text ? text : "";
}

static void get_pos(struct reader *r, struct orgcheck_pos *pos)
{
	pos->line = (unsigned long)get_u64(r);
	pos->column = (unsigned long)get_u64(r);
}

static void get_date(struct reader *r, struct orgcheck_date *date)
{
	date->year = (int)get_u32(r);
	date->month = (int)get_u32(r);
	date->day = (int)get_u32(r);
}

/* ---------------------------------------------------------------- key */

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the bytes of every *.xsd file in schema_dir, by name, to ctx.
 * Returns 0, or -1 when one cannot be read (no cache then: its key would
 * not say what validated the records). */
static int hash_schemas(EVP_MD_CTX *ctx, const char *schema_dir)
{
	DIR *dir = opendir(schema_dir);
	struct dirent *de = NULL;
	char **names = NULL;
	char **grown = NULL;
	size_t count = 0;
	size_t capacity = 0;
	size_t length = 0;
	char path[4096];
	char chunk[65536];
	size_t got = 0;
	FILE *f = NULL;
	size_t i;
	int rc = -1;

	if (dir == NULL)
		return -1;
	while ((de = readdir(dir)) != NULL) {
		length = strlen(de->d_name);
		if (length < 5 || strcmp(de->d_name + length - 4, ".xsd") != 0)
			continue;
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 8;
			grown = realloc(names, capacity * sizeof(*names));
			if (grown == NULL)
				goto done;
			names = grown;
		}
		names[count] = strdup(de->d_name);
		if (names[count] == NULL)
			goto done;
		count++;
	}
	if (count > 0)
		qsort(names, count, sizeof(*names), compare_names);
	for (i = 0; i < count; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", schema_dir, names[i]) >= sizeof(path))
			goto done;
		f = fopen(path, "rb");
		if (f == NULL)
			goto done;
		EVP_DigestUpdate(ctx, names[i], strlen(names[i]) + 1);
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			EVP_DigestUpdate(ctx, chunk, got);
		if (ferror(f))
			goto done;
		fclose(f);
		f = NULL;
	}
	rc = 0;

done:
	if (f != NULL)
		fclose(f);
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	closedir(dir);
	return rc;
}

/* The key of the whole cache: everything besides a file's bytes that the
 * per-file result depends on. */
static int make_key(unsigned char *out, const char *schema_dir)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const struct orgcheck_link_kind *kinds = NULL;
	size_t kind_count = 0;
	uint32_t format = FORMAT_VERSION;
	uint32_t one = 1;
	size_t sizes[4];
	unsigned int length = 0;
	size_t i;
	int rc = -1;

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		goto done;
	EVP_DigestUpdate(ctx, &format, sizeof(format));
	/* Byte order and the sizes of what the entries hold. */
	EVP_DigestUpdate(ctx, &one, sizeof(one));
	sizes[0] = sizeof(struct orgcheck_record);
	sizes[1] = sizeof(struct orgcheck_finding);
	sizes[2] = sizeof(long);
	sizes[3] = sizeof(struct orgcheck_figure) + sizeof(struct orgcheck_place) + sizeof(struct orgcheck_name);
	EVP_DigestUpdate(ctx, sizes, sizeof(sizes));
	EVP_DigestUpdate(ctx, ORGCHECK_VERSION, sizeof(ORGCHECK_VERSION));
	/* A checksum of the sources of the per-file work (the Makefile's),
	 * for builds between versions. */
	EVP_DigestUpdate(ctx, ORGCHECK_CACHE_SOURCES, sizeof(ORGCHECK_CACHE_SOURCES));
	/* libxml2 writes the messages of parse and schema findings. */
	EVP_DigestUpdate(ctx, xmlParserVersion, strlen(xmlParserVersion) + 1);
	kinds = orgcheck_vocab_kinds(&kind_count);
	for (i = 0; i < kind_count; i++)
		EVP_DigestUpdate(ctx, kinds[i].name, strlen(kinds[i].name) + 1);
	if (hash_schemas(ctx, schema_dir) < 0)
		goto done;
	if (EVP_DigestFinal_ex(ctx, out, &length) != 1)
		goto done;
	rc = 0;

done:
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* ---------------------------------------------------------------- warnings */

/* Keeps "<text> '<what>'[: <errnum's message>]" as the warning, unless
 * there is one already. */
static void set_warning(struct orgcheck_cache *cache, const char *text, const char *what, int errnum)
{
	pthread_mutex_lock(&cache->warning_lock);
	if (cache->warning[0] == '\0') {
		snprintf(cache->warning, sizeof(cache->warning), "%s '%s'", text, what);
		if (errnum != 0) {
			size_t length = strlen(cache->warning);

			snprintf(cache->warning + length, sizeof(cache->warning) - length, ": %s",
				 strerror(errnum));
		}
	}
	pthread_mutex_unlock(&cache->warning_lock);
}

static void write_failed(struct orgcheck_cache *cache, int errnum)
{
	atomic_store(&cache->writing_failed, 1);
	set_warning(cache, "cannot write the cache in", cache->dir, errnum);
}

const char *orgcheck_cache_warning(const struct orgcheck_cache *cache)
{
	return cache != NULL && cache->warning[0] != '\0' ? cache->warning : NULL;
}

/* ---------------------------------------------------------------- open */

static unsigned shard_of(uint64_t path_hash)
{
	return (unsigned)(path_hash >> 60) % SHARDS;
}

/* Makes dir and its missing parents; a new cache directory gets a
 * .gitignore ignoring everything in it and a CACHEDIR.TAG. */
static int make_dir(const char *dir)
{
	static const char tag[] = "Signature: 8a477f597d28d172789f06886806bc55\n"
		"# This file marks orgcheck's cache; see https://bford.info/cachedir/\n";
	char path[4096];
	size_t length = strlen(dir);
	size_t i;
	FILE *f = NULL;

	if (length == 0 || length + 32 >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, length + 1);
	for (i = 1; i <= length; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		path[i] = i < length ? '/' : '\0';
	}
	snprintf(path, sizeof(path), "%s/.gitignore", dir);
	if (access(path, F_OK) != 0) {
		f = fopen(path, "w");
		if (f == NULL)
			return -1;
		fputs("# orgcheck's cache: nothing in it belongs in git\n*\n", f);
		if (fclose(f) != 0)
			return -1;
		snprintf(path, sizeof(path), "%s/CACHEDIR.TAG", dir);
		f = fopen(path, "w");
		if (f != NULL) {
			fputs(tag, f);
			fclose(f);
		}
	}
	return 0;
}

/* Reads all of fd from offset into data (size bytes). Returns the bytes read. */
static size_t read_all(int fd, unsigned char *data, size_t size)
{
	size_t got = 0;
	ssize_t n = 0;

	while (got < size) {
		n = read(fd, data + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/* Opens shard number index when it exists and is of this key: its
 * descriptor, read past the header (into header), and its size. Returns
 * -1 without. */
static int open_shard(size_t *size_out, unsigned char *header, struct orgcheck_cache *cache,
		      unsigned index)
{
	char path[4200];
	struct stat st;
	uint32_t version = 0;
	int fd = -1;

	*size_out = 0;
	snprintf(path, sizeof(path), "%s/records-%02x", cache->dir, index);
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HEADER_SIZE ||
	    (unsigned long long)st.st_size > MAX_SHARD_BYTES)
		goto fail;
	/* The header first: a shard of another key costs no allocation. */
	if (read_all(fd, header, HEADER_SIZE) != HEADER_SIZE || memcmp(header, SHARD_MAGIC, 8) != 0 ||
	    memcmp(header + 16, cache->key, ORGCHECK_CACHE_HASH_SIZE) != 0)
		goto fail;
	memcpy(&version, header + 8, 4);
	if (version != FORMAT_VERSION)
		goto fail;
	*size_out = (size_t)st.st_size;
	return fd;

fail:
	close(fd);
	return -1;
}

/* Huge pages for the shards' buffer when they are read, not mapped:
 * faulting in some 80 MB (100,000 records) a 4 KB page at a time took
 * 0.15-0.25 s here, in 2 MB pages 0.07 s, on the one thread that opens
 * the cache before any file is read. */
#define HUGE_PAGE (2UL * 1024 * 1024)

/* Maps shard fd (size bytes) read-only into the cache's data arena, which
 * unmaps it when freed; NULL when it cannot (the shard is read instead).
 * A mapping costs neither the zeroed memory nor the copy of a read: the
 * page cache's pages are the shard (a warm run on 100,000 records spent a
 * sixth of its processor time zeroing and filling the buffer). orgcheck
 * never changes a shard in place (a new one is renamed over it), so what
 * is mapped stays what was checked, for as long as the records point
 * into it. Another program writing into a shard or cutting it short in
 * the middle of a check would change or pull away pages already
 * checked: the cache guards against damage, not against that. */
static unsigned char *map_shard(struct orgcheck_cache *cache, int fd, size_t size)
{
	void *addr = MAP_FAILED;
	struct stat st;
	int flags = MAP_PRIVATE;

#if defined(MAP_POPULATE)
	/* Every page is read: mapped at once, not one fault each. */
	flags |= MAP_POPULATE;
#endif
	addr = mmap(NULL, size, PROT_READ, flags, fd, 0);
	if (addr == MAP_FAILED)
		return NULL;
	/* Cut short since it was opened: read instead, so that no page past
	 * its end is touched. */
	if (fstat(fd, &st) != 0 || (unsigned long long)st.st_size < (unsigned long long)size)
		goto fail;
	if (orgcheck_arena_keep_mapping(cache->data, addr, size) < 0)
		goto fail;
	return addr;

fail:
	(void)munmap(addr, size);
	return NULL;
}

/* Reads the shards of this key into memory: each mapped, or, where that
 * fails, read into one buffer in the cache's data arena. */
static void read_shards(struct orgcheck_cache *cache)
{
	int fds[SHARDS];
	size_t sizes[SHARDS];
	unsigned char headers[SHARDS][HEADER_SIZE];
	size_t total = 0;
	size_t extra = 0;
	size_t at = 0;
	unsigned char *data = NULL;
	unsigned i;

	for (i = 0; i < SHARDS; i++) {
		struct shard *shard = &cache->shards[i];

		fds[i] = open_shard(&sizes[i], headers[i], cache, i);
		if (fds[i] < 0)
			continue;
		shard->data = map_shard(cache, fds[i], sizes[i]);
		if (shard->data != NULL) {
			shard->size = sizes[i];
			close(fds[i]);
			fds[i] = -1;
			continue;
		}
		/* Each shard's start aligned as the arena aligns. */
		total += (sizes[i] + 15u) & ~(size_t)15u;
	}
	if (total == 0)
		goto done;
#if defined(MADV_HUGEPAGE)
	/* Room to start at a huge page. */
	if (total >= HUGE_PAGE)
		extra = HUGE_PAGE;
#endif
	data = orgcheck_arena_alloc(cache->data, total + extra);
	if (data == NULL)
		goto done;
#if defined(MADV_HUGEPAGE)
	if (extra > 0) {
		/* Fresh from the system (an arena block of its own), not
		 * touched yet: advised before the first fault. The huge pages
		 * wholly inside the allocation; a failure only costs the small
		 * pages. */
		uintptr_t start = ((uintptr_t)data + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		size_t room = total + extra - (size_t)(start - (uintptr_t)data);

		data = (unsigned char *)start;
		(void)madvise(data, room & ~(size_t)(HUGE_PAGE - 1), MADV_HUGEPAGE);
	}
#endif
	for (i = 0; i < SHARDS; i++) {
		struct shard *shard = &cache->shards[i];

		if (fds[i] < 0)
			continue;
		memcpy(data + at, headers[i], HEADER_SIZE);
		shard->data = data + at;
		shard->size = HEADER_SIZE + read_all(fds[i], data + at + HEADER_SIZE, sizes[i] - HEADER_SIZE);
		at += (sizes[i] + 15u) & ~(size_t)15u;
	}

done:
	for (i = 0; i < SHARDS; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
}

/* The fewest bytes an entry's body takes: its path (its length, at least
 * a byte, and the NUL), the stat (7 x 8 bytes), the racy flag and the
 * hash. A shorter one is corrupt. */
#define MIN_ENTRY_BODY (3 + 7 * 8 + 1 + ORGCHECK_CACHE_HASH_SIZE)
/* A first guess of a shard's bytes per entry, for the room of the
 * entries' array: real ones take some 800 (100,000 records, 88 MB). */
#define GUESS_ENTRY_BYTES 512u

/* Room for one more entry in the cache's entries (*capacity of them),
 * doubled when full. Returns 0 or -1 (out of memory). */
static int reserve_entry(struct orgcheck_cache *cache, size_t *capacity)
{
	struct orgcheck_cache_entry *grown = NULL;
	size_t wanted = *capacity > 0 ? *capacity * 2 : 1024;

	if (cache->entry_count < *capacity)
		return 0;
	grown = realloc(cache->entries, wanted * sizeof(*grown));
	if (grown == NULL)
		return -1;
	cache->entries = grown;
	*capacity = wanted;
	return 0;
}

/* Appends the entries of shard to the cache's entries: each header, its
 * length within the shard, and its path. Stops at the first that is not
 * whole (a truncated shard keeps the entries before the cut). Returns 0
 * or -1 (out of memory). */
static int read_entries(struct orgcheck_cache *cache, size_t *capacity, const struct shard *shard,
			unsigned index)
{
	const unsigned char *p = shard->data + HEADER_SIZE;
	const unsigned char *end = shard->data + shard->size;
	uint32_t size = 0;
	uint32_t magic = 0;
	struct reader r;
	const char *path = NULL;
	uint64_t path_hash = 0;

	while (end - p >= ENTRY_HEADER_SIZE) {
		struct entry_ref *ref = NULL;

		memcpy(&size, p, 4);
		memcpy(&magic, p + 4, 4);
		if (magic != ENTRY_MAGIC || size < MIN_ENTRY_BODY || (size_t)(end - p) - ENTRY_HEADER_SIZE < size)
			break;
		reader_init(&r, p + ENTRY_HEADER_SIZE, p + ENTRY_HEADER_SIZE + size);
		path = get_str(&r);
		if (path == NULL)
			break;
		path_hash = hash_bytes(path, strlen(path));
		/* An entry in a shard not its own would outlive its replacement. */
		if (shard_of(path_hash) != index)
			break;
		if (reserve_entry(cache, capacity) < 0)
			return -1;
		ref = &cache->entries[cache->entry_count++].ref;
		ref->bytes = p;
		ref->size = ENTRY_HEADER_SIZE + (size_t)size;
		ref->path_hash = path_hash;
		ref->shard = index;
		ref->superseded = 0;
		atomic_init(&ref->found, 0);
		p += ENTRY_HEADER_SIZE + (size_t)size;
	}
	return 0;
}

/* The entry's path, its first string (never a number: nothing comes
 * before it). */
static const char *entry_path(const struct entry_ref *ref)
{
	struct reader r;

	reader_init(&r, ref->bytes + ENTRY_HEADER_SIZE, ref->bytes + ref->size);
	return get_str(&r);
}

static int build_index(struct orgcheck_cache *cache, struct orgcheck_error *err)
{
	size_t total = 0;
	size_t capacity = 0;
	size_t at = 0;
	size_t slot = 0;
	unsigned i;
	size_t j;

	/* One walk over the shards, into room guessed from their size (no
	 * count first: that was a second walk over every entry), then the
	 * table for the entries there are. */
	for (i = 0; i < SHARDS; i++) {
		if (cache->shards[i].data != NULL)
			total += cache->shards[i].size / GUESS_ENTRY_BYTES + 1;
	}
	if (total == 0)
		return 0;
	capacity = total;
	cache->entries = malloc(capacity * sizeof(*cache->entries));
	if (cache->entries == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < SHARDS; i++) {
		cache->shards[i].first = cache->entry_count;
		if (cache->shards[i].data != NULL && read_entries(cache, &capacity, &cache->shards[i], i) < 0)
			return orgcheck_error_nomem(err);
		cache->shards[i].count = cache->entry_count - cache->shards[i].first;
	}
	at = cache->entry_count;
	/* The table holds an entry's index in 32 bits. */
	if (at == 0 || at >= UINT32_MAX / 4) {
		cache->entry_count = 0;
		for (i = 0; i < SHARDS; i++)
			cache->shards[i].count = 0;
		return 0;
	}
	cache->table_size = 16;
	while (cache->table_size < at * 2)
		cache->table_size *= 2;
	cache->table = calloc(cache->table_size, sizeof(*cache->table));
	if (cache->table == NULL)
		return orgcheck_error_nomem(err);
	for (j = 0; j < at; j++) {
		const struct entry_ref *ref = &cache->entries[j].ref;

		slot = (size_t)ref->path_hash & (cache->table_size - 1);
		while (cache->table[slot] != 0) {
			const struct entry_ref *other = &cache->entries[cache->table[slot] - 1].ref;

			/* A later entry for the same path wins; the paths are read
			 * only when their hashes are the same. */
			if (other->path_hash == ref->path_hash && strcmp(entry_path(other), entry_path(ref)) == 0)
				break;
			slot = (slot + 1) & (cache->table_size - 1);
		}
		if (cache->table[slot] != 0)
			cache->entries[cache->table[slot] - 1].ref.superseded = 1;
		cache->table[slot] = (uint32_t)(j + 1);
	}
	return 0;
}

int orgcheck_cache_open(struct orgcheck_cache **out, const char *dir, const char *root,
			const char *schema_dir, struct orgcheck_error *err)
{
	struct orgcheck_cache *cache = NULL;
	unsigned i;
	int rc = 0;

	*out = NULL;
	cache = calloc(1, sizeof(*cache));
	if (cache == NULL)
		return orgcheck_error_nomem(err);
	pthread_mutex_init(&cache->warning_lock, NULL);
	pthread_mutex_init(&cache->dir_lock, NULL);
	for (i = 0; i < SHARDS; i++)
		pthread_mutex_init(&cache->shards[i].lock, NULL);
	atomic_init(&cache->writing_failed, 0);
	atomic_init(&cache->temp_counter, 0);
	cache->dir = strdup(dir);
	if (root != NULL && strcmp(root, ".") != 0)
		cache->root = strdup(root);
	cache->data = orgcheck_arena_new();
	cache->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (cache->dir == NULL || cache->data == NULL || (root != NULL && strcmp(root, ".") != 0 && cache->root == NULL)) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	if (cache->md == NULL || make_key(cache->key, schema_dir) < 0) {
		/* Nothing can be trusted nor stored: the cache answers nothing. */
		atomic_store(&cache->writing_failed, 1);
		set_warning(cache, "cannot read for the cache key the schemas in", schema_dir, errno);
		goto done;
	}
	read_shards(cache);
	rc = build_index(cache, err);

done:
	if (rc < 0) {
		orgcheck_cache_free(cache);
		return rc;
	}
	*out = cache;
	return 0;
}

void orgcheck_cache_free(struct orgcheck_cache *cache)
{
	unsigned i;

	if (cache == NULL)
		return;
	for (i = 0; i < SHARDS; i++) {
		struct shard *shard = &cache->shards[i];

		if (shard->out != NULL) {
			fclose(shard->out);
			unlink(shard->out_path);
		}
		free(shard->out_path);
		pthread_mutex_destroy(&shard->lock);
	}
	pthread_mutex_destroy(&cache->warning_lock);
	pthread_mutex_destroy(&cache->dir_lock);
	free(cache->entries);
	free(cache->table);
	free(cache->dir);
	free(cache->root);
	orgcheck_arena_free(cache->data);
	EVP_MD_free(cache->md);
	free(cache);
}

struct orgcheck_arena *orgcheck_cache_take_data(struct orgcheck_cache *cache)
{
	struct orgcheck_arena *data = NULL;

	if (cache == NULL)
		return NULL;
	data = cache->data;
	/* Now owned by the caller. */
	cache->data = NULL;
	return data;
}

/* ---------------------------------------------------------------- lookup */

/* Whether path is relative and has no ".." component. */
static int covers(const char *path)
{
	const char *p = path;

	if (path[0] == '/' || path[0] == '\0')
		return 0;
	while (*p != '\0') {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return 0;
		p = strchr(p, '/');
		if (p == NULL)
			break;
		p++;
	}
	return 1;
}

const char *orgcheck_cache_key(const struct orgcheck_cache *cache, const char *path)
{
	const char *rest = path;
	size_t length = 0;

	if (cache == NULL)
		return NULL;
	if (cache->root != NULL) {
		length = strlen(cache->root);
		while (length > 1 && cache->root[length - 1] == '/')
			length--;
		if (length == 1 && cache->root[0] == '/')
			length = 0;
		if (strncmp(path, cache->root, length) != 0 || path[length] != '/')
			return NULL;
		rest = path + length + 1;
		while (rest[0] == '/')
			rest++;
	}
	while (rest[0] == '.' && rest[1] == '/') {
		rest += 2;
		while (rest[0] == '/')
			rest++;
	}
	return covers(rest) ? rest : NULL;
}

const struct orgcheck_cache_entry *orgcheck_cache_find(const struct orgcheck_cache *cache,
							const char *path)
{
	uint64_t h = 0;
	size_t slot = 0;
	const struct orgcheck_cache_entry *entry = NULL;
	const char *stored = NULL;

	if (cache == NULL || cache->table == NULL)
		return NULL;
	h = hash_bytes(path, strlen(path));
	slot = (size_t)h & (cache->table_size - 1);
	while (cache->table[slot] != 0) {
		entry = &cache->entries[cache->table[slot] - 1];
		if (entry->ref.path_hash == h) {
			stored = entry_path(&entry->ref);
			if (stored != NULL && strcmp(stored, path) == 0)
				return entry;
		}
		slot = (slot + 1) & (cache->table_size - 1);
	}
	return NULL;
}

/* What every entry starts with after its path. */
struct entry_head {
	struct orgcheck_cache_stat stat;
	int racy;
	const unsigned char *hash;
	struct reader rest;  /* the result */
};

/* Reads the entry's head, after its checksum when verify is set (the
 * stat and hash may be read without: nothing is used before the entry is
 * loaded, which verifies it). Returns 0 when corrupt. */
static int read_head(struct entry_head *out, const struct orgcheck_cache_entry *entry, int verify)
{
	const unsigned char *body = entry->ref.bytes + ENTRY_HEADER_SIZE;
	size_t size = entry->ref.size - ENTRY_HEADER_SIZE;
	uint64_t checksum = 0;
	struct reader *r = &out->rest;

	memcpy(&checksum, entry->ref.bytes + 8, 8);
	if (verify && hash_bytes(body, size) != checksum)
		return 0;
	/* Read in place: the rest goes on with the strings numbered so far. */
	reader_init(r, body, body + size);
	(void)get_str(r);
	out->stat.dev = get_fixed64(r);
	out->stat.ino = get_fixed64(r);
	out->stat.size = get_fixed64(r);
	out->stat.mtime_sec = (int64_t)get_fixed64(r);
	out->stat.mtime_nsec = (int64_t)get_fixed64(r);
	out->stat.ctime_sec = (int64_t)get_fixed64(r);
	out->stat.ctime_nsec = (int64_t)get_fixed64(r);
	out->racy = (int)get_u8(r);
	out->hash = take(r, ORGCHECK_CACHE_HASH_SIZE);
	return !r->failed;
}

static int same_stat(const struct orgcheck_cache_stat *a, const struct orgcheck_cache_stat *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec &&
	       a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec;
}

int orgcheck_cache_entry_fresh(const struct orgcheck_cache_entry *entry,
			       const struct orgcheck_cache_stat *st)
{
	struct entry_head head;

	return read_head(&head, entry, 0) && !head.racy && same_stat(&head.stat, st);
}

int orgcheck_cache_entry_hash(unsigned char *out, const struct orgcheck_cache_entry *entry)
{
	struct entry_head head;

	if (!read_head(&head, entry, 0))
		return 0;
	memcpy(out, head.hash, ORGCHECK_CACHE_HASH_SIZE);
	return 1;
}

const unsigned char *orgcheck_cache_digest(const struct orgcheck_cache *cache)
{
	return cache->key;
}

const char *orgcheck_cache_dir(const struct orgcheck_cache *cache)
{
	return cache->dir;
}

int orgcheck_cache_entry_same(const struct orgcheck_cache_entry *entry, const unsigned char *hash)
{
	struct entry_head head;

	return read_head(&head, entry, 0) && memcmp(head.hash, hash, ORGCHECK_CACHE_HASH_SIZE) == 0;
}

/* ---------------------------------------------------------------- load */

static void read_findings(struct reader *r, struct orgcheck_findings *out, const char *path,
			  int *nomem, struct orgcheck_error *err)
{
	uint32_t count = get_u32(r);
	uint32_t i;
	uint32_t j;
	uint32_t n;

	for (i = 0; i < count && !r->failed && !*nomem; i++) {
		const char *rule_id = get_text(r);
		unsigned severity = get_u8(r);
		unsigned own_path = get_u8(r);
		const char *other_path = own_path ? NULL : get_text(r);
		const char *record = get_str(r);
		unsigned long line = (unsigned long)get_u64(r);
		unsigned long column = (unsigned long)get_u64(r);
		const char *message = get_text(r);
		const char *own_rule_id = get_str(r);
		struct orgcheck_finding *finding = NULL;

		if (r->failed || orgcheck_rule_pipeline_find(rule_id) == NULL ||
		    severity > ORGCHECK_SEVERITY_ERROR) {
			r->failed = 1;
			return;
		}
		if (orgcheck_findings_add(out, err, rule_id, own_path ? path : other_path, line, column,
					  "%s", message) < 0) {
			*nomem = 1;
			return;
		}
		finding = &out->items[out->count - 1];
		finding->severity = (enum orgcheck_severity)severity;
		if (record != NULL && (finding->primary.record = strdup(record)) == NULL) {
			*nomem = 1;
			return;
		}
		if (own_rule_id != NULL &&
		    orgcheck_findings_set_rule_id(out, err, out->count - 1, own_rule_id) < 0) {
			*nomem = 1;
			return;
		}
		n = get_u32(r);
		for (j = 0; j < n && !r->failed; j++) {
			const char *rpath = get_text(r);
			const char *rrecord = get_str(r);
			unsigned long rline = (unsigned long)get_u64(r);
			unsigned long rcolumn = (unsigned long)get_u64(r);

			if (!r->failed &&
			    orgcheck_findings_add_related(out, err, rpath, rrecord, rline, rcolumn) < 0) {
				*nomem = 1;
				return;
			}
		}
		n = get_u32(r);
		for (j = 0; j < n && !r->failed; j++) {
			const char *name = get_text(r);
			const char *text = get_text(r);
			const char *source = get_str(r);

			if (!r->failed && orgcheck_findings_add_value(out, err, name, text, source) < 0) {
				*nomem = 1;
				return;
			}
		}
	}
}

/* An array of count items of item_size in arena, or NULL (with *nomem
 * set when the arena failed; r failed when count cannot be right). */
static void *get_array(struct reader *r, struct orgcheck_arena *arena, size_t *count_out,
		       size_t item_size, size_t min_bytes, int *nomem)
{
	uint32_t count = get_u32(r);
	void *items = NULL;

	*count_out = 0;
	if (r->failed || count == 0)
		return NULL;
	/* Each item takes at least min_bytes of the entry: a corrupt count
	 * cannot make a huge allocation. */
	if ((size_t)(r->end - r->p) / min_bytes < count) {
		r->failed = 1;
		return NULL;
	}
	items = orgcheck_arena_alloc(arena, (size_t)count * item_size);
	if (items == NULL) {
		*nomem = 1;
		return NULL;
	}
	memset(items, 0, (size_t)count * item_size);
	*count_out = count;
	return items;
}

/* A claim's name: the field's own, shared, when it is that (an
 * identifier's or a link's names its scheme or kind). */
static const char *claim_name(enum orgcheck_claim_field field, const char *name)
{
	const char *own = orgcheck_claim_field_name(field);

	return own != NULL && strcmp(own, name) == 0 ? own : name;
}

static void read_record(struct reader *r, struct orgcheck_record *out, struct orgcheck_arena *arena,
			int *nomem)
{
	const struct orgcheck_link_kind *kinds = NULL;
	size_t kind_count = 0;
	uint32_t kind = 0;
	size_t i;

	kinds = orgcheck_vocab_kinds(&kind_count);
	out->id = get_str(r);
	get_pos(r, &out->pos);

	out->names.items = get_array(r, arena, &out->names.count, sizeof(*out->names.items), 8, nomem);
	for (i = 0; i < out->names.count && !r->failed; i++) {
		struct orgcheck_name *name = &out->names.items[i];

		name->value = get_text(r);
		name->folded = get_text(r);
		name->kind = (enum orgcheck_name_kind)get_u8(r);
		name->lang = get_str(r);
		name->source = get_str(r);
		get_pos(r, &name->pos);
		if (name->kind > ORGCHECK_NAME_LABEL)
			r->failed = 1;
	}
	out->claims.items = get_array(r, arena, &out->claims.count, sizeof(*out->claims.items), 9, nomem);
	for (i = 0; i < out->claims.count && !r->failed; i++) {
		struct orgcheck_claim *claim = &out->claims.items[i];

		claim->field = (enum orgcheck_claim_field)get_u32(r);
		if (claim->field > ORGCHECK_CLAIM_DOMAIN) {
			r->failed = 1;
			break;
		}
		claim->name = claim_name(claim->field, get_text(r));
		claim->value = get_str(r);
		get_date(r, &claim->date);
		claim->source = get_str(r);
		get_pos(r, &claim->pos);
	}
	out->refs.items = get_array(r, arena, &out->refs.count, sizeof(*out->refs.items), 8, nomem);
	for (i = 0; i < out->refs.count && !r->failed; i++) {
		struct orgcheck_ref *ref = &out->refs.items[i];

		ref->target = get_text(r);
		ref->label = get_str(r);
		ref->expected = get_u32(r);
		ref->context = get_str(r);
		ref->source = get_str(r);
		get_pos(r, &ref->pos);
	}
	out->links.items = get_array(r, arena, &out->links.count, sizeof(*out->links.items), 14, nomem);
	for (i = 0; i < out->links.count && !r->failed; i++) {
		struct orgcheck_link *link = &out->links.items[i];

		kind = get_u32(r);
		if (kind >= kind_count) {
			r->failed = 1;
			break;
		}
		link->kind = &kinds[kind];
		link->ref = (size_t)get_u64(r);
		if (link->ref >= out->refs.count)
			r->failed = 1;
		get_date(r, &link->date);
		get_date(r, &link->from);
		get_date(r, &link->to);
		link->source = get_str(r);
		get_pos(r, &link->pos);
	}
	out->figures.items = get_array(r, arena, &out->figures.count, sizeof(*out->figures.items), 13,
				       nomem);
	for (i = 0; i < out->figures.count && !r->failed; i++) {
		struct orgcheck_figure *figure = &out->figures.items[i];

		figure->kind = get_text(r);
		figure->scope = get_str(r);
		figure->value = (long long)get_u64(r);
		figure->value_ok = (int)get_u8(r);
		figure->qualifier = (enum orgcheck_qualifier)get_u8(r);
		figure->as_written = get_str(r);
		get_date(r, &figure->as_of);
		figure->source = get_str(r);
		get_pos(r, &figure->pos);
		if (figure->qualifier > ORGCHECK_QUALIFIER_UNDER)
			r->failed = 1;
	}
	out->dated.items = get_array(r, arena, &out->dated.count, sizeof(*out->dated.items), 9, nomem);
	for (i = 0; i < out->dated.count && !r->failed; i++) {
		struct orgcheck_dated *dated = &out->dated.items[i];

		dated->what = get_text(r);
		dated->attribute = get_str(r);
		get_date(r, &dated->date);
		dated->source = get_str(r);
		get_pos(r, &dated->pos);
	}
	out->terms.items = get_array(r, arena, &out->terms.count, sizeof(*out->terms.items), 11, nomem);
	for (i = 0; i < out->terms.count && !r->failed; i++) {
		struct orgcheck_term *term = &out->terms.items[i];

		term->what = get_text(r);
		get_date(r, &term->from);
		get_date(r, &term->to);
		term->source = get_str(r);
		get_pos(r, &term->pos);
	}
	out->honorifics.items = (const char **)get_array(r, arena, &out->honorifics.count,
							 sizeof(*out->honorifics.items), 2, nomem);
	for (i = 0; i < out->honorifics.count && !r->failed; i++)
		out->honorifics.items[i] = get_text(r);
	out->locations.items = get_array(r, arena, &out->locations.count, sizeof(*out->locations.items), 7,
					 nomem);
	for (i = 0; i < out->locations.count && !r->failed; i++) {
		struct orgcheck_place *place = &out->locations.items[i];

		place->country = get_str(r);
		place->region_code = get_str(r);
		place->city = get_str(r);
		place->geonames_id = get_str(r);
		place->source = get_str(r);
		get_pos(r, &place->pos);
	}
}

/* The file name of path without directory and ".xml", in arena, as
 * extract.c makes it. */
static const char *file_id(struct orgcheck_arena *arena, const char *path)
{
	const char *base = NULL;
	size_t length = orgcheck_path_record_id(&base, path);

	return orgcheck_arena_strndup(arena, base, length);
}

int orgcheck_cache_entry_load(struct orgcheck_cache_result *out, struct orgcheck_record *record,
			      struct orgcheck_findings *findings, struct orgcheck_arena *arena,
			      const struct orgcheck_cache_entry *entry, const char *path,
			      struct orgcheck_error *err)
{
	struct entry_head head;
	struct orgcheck_findings loaded;
	struct reader *r = &head.rest;
	int nomem = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(record, 0, sizeof(*record));
	orgcheck_findings_init(&loaded);
	if (!read_head(&head, entry, 1))
		return 0;
	out->kind = (enum orgcheck_record_kind)get_u8(r);
	out->valid = (int)get_u8(r);
	out->has_record = (int)get_u8(r);
	if (out->kind > ORGCHECK_RECORD_PERSON || out->has_record != (out->kind != ORGCHECK_RECORD_UNKNOWN))
		r->failed = 1;
	read_findings(r, &loaded, path, &nomem, err);
	if (out->has_record && !r->failed && !nomem) {
		record->kind = out->kind;
		record->path = orgcheck_arena_strdup(arena, path);
		record->file_id = file_id(arena, path);
		if (record->path == NULL || record->file_id == NULL)
			nomem = 1;
		else
			read_record(r, record, arena, &nomem);
	}
	if (r->p != r->end)
		r->failed = 1;
	if (nomem) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	if (r->failed) {
		rc = 0;
		goto done;
	}
	rc = orgcheck_findings_take(findings, &loaded, err);
	if (rc == 0) {
		/* The one field a load writes, atomic: loads run on several
		 * threads. */
		atomic_store_explicit(&((struct orgcheck_cache_entry *)(uintptr_t)entry)->ref.found, 1,
				      memory_order_relaxed);
		rc = 1;
	}

done:
	if (rc != 1) {
		memset(record, 0, sizeof(*record));
		memset(out, 0, sizeof(*out));
	}
	orgcheck_findings_release(&loaded);
	return rc;
}

/* ---------------------------------------------------------------- store */

static void write_findings(struct buf *b, const struct orgcheck_findings *findings, size_t first,
			   const char *path)
{
	size_t i;
	size_t j;

	put_u32(b, (uint32_t)(findings->count - first));
	for (i = first; i < findings->count; i++) {
		const struct orgcheck_finding *f = &findings->items[i];
		int own_path = f->primary.path != NULL && strcmp(f->primary.path, path) == 0;

		put_str(b, f->rule->id);
		put_u8(b, (unsigned)f->severity);
		put_u8(b, (unsigned)own_path);
		if (!own_path)
			put_str(b, f->primary.path ? f->primary.path : "");
		put_str(b, f->primary.record);
		put_u64(b, f->primary.line);
		put_u64(b, f->primary.column);
		put_str(b, f->message);
		put_str(b, f->rule_id);
		put_u32(b, (uint32_t)f->related_count);
		for (j = 0; j < f->related_count; j++) {
			put_str(b, f->related[j].path ? f->related[j].path : "");
			put_str(b, f->related[j].record);
			put_u64(b, f->related[j].line);
			put_u64(b, f->related[j].column);
		}
		put_u32(b, (uint32_t)f->value_count);
		for (j = 0; j < f->value_count; j++) {
			put_str(b, f->values[j].name ? f->values[j].name : "");
			put_str(b, f->values[j].text ? f->values[j].text : "");
			put_str(b, f->values[j].source);
		}
	}
}

static void write_record(struct buf *b, const struct orgcheck_record *rec)
{
	const struct orgcheck_link_kind *kinds = NULL;
	size_t kind_count = 0;
	size_t i;

	kinds = orgcheck_vocab_kinds(&kind_count);
	put_str(b, rec->id);
	put_pos(b, &rec->pos);
	put_u32(b, (uint32_t)rec->names.count);
	for (i = 0; i < rec->names.count; i++) {
		const struct orgcheck_name *name = &rec->names.items[i];

		put_str(b, name->value ? name->value : "");
		put_str(b, name->folded ? name->folded : "");
		put_u8(b, (unsigned)name->kind);
		put_str(b, name->lang);
		put_str(b, name->source);
		put_pos(b, &name->pos);
	}
	put_u32(b, (uint32_t)rec->claims.count);
	for (i = 0; i < rec->claims.count; i++) {
		const struct orgcheck_claim *claim = &rec->claims.items[i];

		put_u32(b, (uint32_t)claim->field);
		put_str(b, claim->name ? claim->name : "");
		put_str(b, claim->value);
		put_date(b, &claim->date);
		put_str(b, claim->source);
		put_pos(b, &claim->pos);
	}
	put_u32(b, (uint32_t)rec->refs.count);
	for (i = 0; i < rec->refs.count; i++) {
		const struct orgcheck_ref *ref = &rec->refs.items[i];

		put_str(b, ref->target ? ref->target : "");
		put_str(b, ref->label);
		put_u32(b, ref->expected);
		put_str(b, ref->context);
		put_str(b, ref->source);
		put_pos(b, &ref->pos);
	}
	put_u32(b, (uint32_t)rec->links.count);
	for (i = 0; i < rec->links.count; i++) {
		const struct orgcheck_link *link = &rec->links.items[i];
		size_t kind = link->kind != NULL ? (size_t)(link->kind - kinds) : kind_count;

		/* A kind outside the table cannot be stored: the entry would
		 * not load, and the file is read again next time. */
		put_u32(b, kind < kind_count ? (uint32_t)kind : UINT32_MAX);
		put_u64(b, link->ref);
		put_date(b, &link->date);
		put_date(b, &link->from);
		put_date(b, &link->to);
		put_str(b, link->source);
		put_pos(b, &link->pos);
	}
	put_u32(b, (uint32_t)rec->figures.count);
	for (i = 0; i < rec->figures.count; i++) {
		const struct orgcheck_figure *figure = &rec->figures.items[i];

		put_str(b, figure->kind ? figure->kind : "");
		put_str(b, figure->scope);
		put_u64(b, (uint64_t)figure->value);
		put_u8(b, (unsigned)figure->value_ok);
		put_u8(b, (unsigned)figure->qualifier);
		put_str(b, figure->as_written);
		put_date(b, &figure->as_of);
		put_str(b, figure->source);
		put_pos(b, &figure->pos);
	}
	put_u32(b, (uint32_t)rec->dated.count);
	for (i = 0; i < rec->dated.count; i++) {
		const struct orgcheck_dated *dated = &rec->dated.items[i];

		put_str(b, dated->what ? dated->what : "");
		put_str(b, dated->attribute);
		put_date(b, &dated->date);
		put_str(b, dated->source);
		put_pos(b, &dated->pos);
	}
	put_u32(b, (uint32_t)rec->terms.count);
	for (i = 0; i < rec->terms.count; i++) {
		const struct orgcheck_term *term = &rec->terms.items[i];

		put_str(b, term->what ? term->what : "");
		put_date(b, &term->from);
		put_date(b, &term->to);
		put_str(b, term->source);
		put_pos(b, &term->pos);
	}
	put_u32(b, (uint32_t)rec->honorifics.count);
	for (i = 0; i < rec->honorifics.count; i++)
		put_str(b, rec->honorifics.items[i] ? rec->honorifics.items[i] : "");
	put_u32(b, (uint32_t)rec->locations.count);
	for (i = 0; i < rec->locations.count; i++) {
		const struct orgcheck_place *place = &rec->locations.items[i];

		put_str(b, place->country);
		put_str(b, place->region_code);
		put_str(b, place->city);
		put_str(b, place->geonames_id);
		put_str(b, place->source);
		put_pos(b, &place->pos);
	}
}

/* The entry's header and head into b, its body's size and checksum left
 * to finish_entry. */
static void start_entry(struct buf *b, const char *path, const struct orgcheck_cache_stat *st,
			time_t started, const unsigned char *hash)
{
	unsigned char header[ENTRY_HEADER_SIZE];
	int racy = st->mtime_sec + RACY_SECONDS >= (int64_t)started ||
		   st->ctime_sec + RACY_SECONDS >= (int64_t)started;

	buf_init(b);
	memset(header, 0, sizeof(header));
	put(b, header, sizeof(header));
	put_str(b, path);
	put_fixed64(b, st->dev);
	put_fixed64(b, st->ino);
	put_fixed64(b, st->size);
	put_fixed64(b, (uint64_t)st->mtime_sec);
	put_fixed64(b, (uint64_t)st->mtime_nsec);
	put_fixed64(b, (uint64_t)st->ctime_sec);
	put_fixed64(b, (uint64_t)st->ctime_nsec);
	put_u8(b, (unsigned)racy);
	put(b, hash, ORGCHECK_CACHE_HASH_SIZE);
}

static void finish_entry(struct buf *b)
{
	uint32_t size = 0;
	uint32_t magic = ENTRY_MAGIC;
	uint64_t checksum = 0;

	if (b->failed)
		return;
	if (b->length - ENTRY_HEADER_SIZE >= UINT32_MAX) {
		b->failed = 1;
		return;
	}
	size = (uint32_t)(b->length - ENTRY_HEADER_SIZE);
	checksum = hash_bytes(b->data + ENTRY_HEADER_SIZE, size);
	memcpy(b->data, &size, 4);
	memcpy(b->data + 4, &magic, 4);
	memcpy(b->data + 8, &checksum, 8);
}

/* Opens the shard's new file (the lock held). Returns 0 or -1 (the
 * warning set). */
static int open_shard_out(struct orgcheck_cache *cache, struct shard *shard, unsigned index)
{
	unsigned char header[HEADER_SIZE];
	uint32_t version = FORMAT_VERSION;
	size_t length = strlen(cache->dir) + 64;
	int fd = -1;
	int made = 0;

	/* The directory is made on the first store: a run that caches nothing
	 * (only files outside the current directory) leaves nothing behind. */
	pthread_mutex_lock(&cache->dir_lock);
	if (!cache->dir_made)
		cache->dir_made = make_dir(cache->dir) == 0 ? 1 : -errno;
	made = cache->dir_made;
	pthread_mutex_unlock(&cache->dir_lock);
	if (made < 0) {
		shard->failed = 1;
		write_failed(cache, -made);
		return -1;
	}
	shard->out_path = malloc(length);
	if (shard->out_path == NULL) {
		shard->failed = 1;
		write_failed(cache, ENOMEM);
		return -1;
	}
	/* Named for this process and this run: concurrent runs never share one. */
	snprintf(shard->out_path, length, "%s/records-%02x.tmp-%ld-%u", cache->dir, index,
		 (long)getpid(), atomic_fetch_add(&cache->temp_counter, 1));
	fd = open(shard->out_path, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC, 0666);
	if (fd >= 0)
		shard->out = fdopen(fd, "wb");
	if (shard->out == NULL) {
		if (fd >= 0) {
			close(fd);
			unlink(shard->out_path);
		}
		shard->failed = 1;
		write_failed(cache, errno);
		return -1;
	}
	memcpy(header, SHARD_MAGIC, 8);
	memcpy(header + 8, &version, 4);
	memset(header + 12, 0, 4);
	memcpy(header + 16, cache->key, ORGCHECK_CACHE_HASH_SIZE);
	if (fwrite(header, 1, sizeof(header), shard->out) != sizeof(header)) {
		shard->failed = 1;
		write_failed(cache, errno);
		return -1;
	}
	return 0;
}

/* Appends the entry in b to the shard of path; the old entry for path is
 * not carried over. */
static void append_entry(struct orgcheck_cache *cache, const char *path, const struct buf *b)
{
	uint64_t h = hash_bytes(path, strlen(path));
	unsigned index = shard_of(h);
	struct shard *shard = &cache->shards[index];
	const struct orgcheck_cache_entry *old = NULL;

	pthread_mutex_lock(&shard->lock);
	if (!shard->failed && !atomic_load(&cache->writing_failed) &&
	    (shard->out != NULL || open_shard_out(cache, shard, index) == 0)) {
		if (fwrite(b->data, 1, b->length, shard->out) != b->length) {
			shard->failed = 1;
			write_failed(cache, errno);
		}
	}
	old = orgcheck_cache_find(cache, path);
	if (old != NULL)
		((struct orgcheck_cache_entry *)(uintptr_t)old)->ref.superseded = 1;
	pthread_mutex_unlock(&shard->lock);
}

int orgcheck_cache_store(struct orgcheck_cache *cache, const char *key, const char *path,
			 const struct orgcheck_cache_stat *st, time_t started, const unsigned char *hash,
			 const struct orgcheck_cache_result *result,
			 const struct orgcheck_findings *findings, size_t first,
			 const struct orgcheck_record *record, struct orgcheck_error *err)
{
	struct buf b;
	size_t i;

	if (atomic_load(&cache->writing_failed))
		return 0;
	/* Fixes are not stored (the pipeline's own findings have none): a
	 * file whose findings carry one is read again next time. */
	for (i = first; i < findings->count; i++) {
		if (findings->items[i].fix_count > 0)
			return 0;
	}
	start_entry(&b, key, st, started, hash);
	put_u8(&b, (unsigned)result->kind);
	put_u8(&b, (unsigned)(result->valid != 0));
	put_u8(&b, (unsigned)(record != NULL));
	write_findings(&b, findings, first, path);
	if (record != NULL)
		write_record(&b, record);
	finish_entry(&b);
	if (b.failed) {
		buf_release(&b);
		return orgcheck_error_nomem(err);
	}
	append_entry(cache, key, &b);
	buf_release(&b);
	return 0;
}

int orgcheck_cache_refresh(struct orgcheck_cache *cache, const struct orgcheck_cache_entry *entry,
			   const char *path, const struct orgcheck_cache_stat *st, time_t started,
			   struct orgcheck_error *err)
{
	struct entry_head head;
	struct buf b;
	int racy = st->mtime_sec + RACY_SECONDS >= (int64_t)started ||
		   st->ctime_sec + RACY_SECONDS >= (int64_t)started;

	if (atomic_load(&cache->writing_failed) || !read_head(&head, entry, 1))
		return 0;
	if (same_stat(&head.stat, st) && head.racy == racy)
		return 0;
	start_entry(&b, path, st, started, head.hash);
	put(&b, head.rest.p, (size_t)(head.rest.end - head.rest.p));
	finish_entry(&b);
	if (b.failed) {
		buf_release(&b);
		return orgcheck_error_nomem(err);
	}
	append_entry(cache, path, &b);
	buf_release(&b);
	return 0;
}

/* Copies the old entries of a shard that are still current into its new
 * file: those not replaced in this run whose file still exists. */
static void carry_over(struct orgcheck_cache *cache, struct shard *shard, unsigned index)
{
	size_t i;
	struct stat st;
	struct entry_head head;
	const char *path = NULL;
	char full[8192];

	(void)index;
	for (i = shard->first; i < shard->first + shard->count && !shard->failed; i++) {
		const struct orgcheck_cache_entry *entry = &cache->entries[i];

		if (entry->ref.superseded || !read_head(&head, entry, 1))
			continue;
		if (atomic_load_explicit(&entry->ref.found, memory_order_relaxed)) {
			if (fwrite(entry->ref.bytes, 1, entry->ref.size, shard->out) != entry->ref.size) {
				shard->failed = 1;
				write_failed(cache, errno);
			}
			continue;
		}
		path = entry_path(&entry->ref);
		if (path == NULL)
			continue;
		/* Entries are named relative to the root. */
		if (cache->root != NULL) {
			if ((size_t)snprintf(full, sizeof(full), "%s/%s", cache->root, path) >= sizeof(full))
				continue;
			path = full;
		}
		if (stat(path, &st) != 0 && errno == ENOENT)
			continue;
		if (fwrite(entry->ref.bytes, 1, entry->ref.size, shard->out) != entry->ref.size) {
			shard->failed = 1;
			write_failed(cache, errno);
		}
	}
}

int orgcheck_cache_finish(struct orgcheck_cache *cache, struct orgcheck_error *err)
{
	char final[4200];
	unsigned i;
	int failed = 0;

	(void)err;
	for (i = 0; i < SHARDS; i++) {
		struct shard *shard = &cache->shards[i];

		if (shard->out == NULL)
			continue;
		if (!shard->failed)
			carry_over(cache, shard, i);
		failed = shard->failed;
		if (fflush(shard->out) != 0 || ferror(shard->out)) {
			if (!failed)
				write_failed(cache, errno);
			failed = 1;
		}
		if (fclose(shard->out) != 0 && !failed) {
			write_failed(cache, errno);
			failed = 1;
		}
		shard->out = NULL;
		snprintf(final, sizeof(final), "%s/records-%02x", cache->dir, i);
		if (!failed && rename(shard->out_path, final) != 0) {
			write_failed(cache, errno);
			failed = 1;
		}
		if (failed)
			unlink(shard->out_path);
	}
	return 0;
}
