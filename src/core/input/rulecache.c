#include "input/rulecache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "OCRULES3"
#define HEADER_SIZE (8 + 8 + 8 + 8)
/* A file larger than this is not read (a million records make some 150 MB). */
#define MAX_FILE_BYTES (1024UL * 1024 * 1024)

/* Against damage, not forgery (the file is the corpus's own, as the
 * per-file cache is): FNV-1a over eight bytes at a time, the bytes past
 * the last whole eight one by one. Made as the file is written, a chunk
 * at a time (each a multiple of eight bytes but the last). */
#define CHECKSUM_START 0xcbf29ce484222325u

static uint64_t checksum_words(uint64_t h, const unsigned char *p, size_t size)
{
	uint64_t word = 0;
	size_t i = 0;

	for (; i + 8 <= size; i += 8) {
		memcpy(&word, p + i, 8);
		h = (h ^ word) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < size; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

static uint64_t digest_text(uint64_t h, const char *text)
{
	size_t k;

	/* Each text and its end, so that parts cannot trade bytes. */
	for (k = 0; text != NULL && text[k] != '\0'; k++)
		h = (h ^ (unsigned char)text[k]) * 0x100000001b3u;
	return (h ^ 0xffu) * 0x100000001b3u;
}

uint64_t orgcheck_rulecache_names_digest(const struct orgcheck_record *record)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i;

	h = (h ^ (unsigned)record->kind) * 0x100000001b3u;
	h = digest_text(h, record->id);
	for (i = 0; i < record->names.count; i++) {
		h = (h ^ (unsigned)record->names.items[i].kind) * 0x100000001b3u;
		h = digest_text(h, record->names.items[i].value);
		h = digest_text(h, record->names.items[i].folded);
	}
	return h;
}

/* ---------------------------------------------------------------- writing */

/* The file is written as it is made, through a buffer of this size: a
 * million records make some 150 MB, which a buffer of the whole file
 * added to the peak of a warm check. */
#define OUT_CHUNK (1024u * 1024u)

struct out {
	unsigned char *data;
	size_t size;
	size_t capacity;
	int fd;
	uint64_t sum;    /* the checksum of the body written so far */
	uint64_t body;   /* bytes of the body written so far */
	int failed;      /* out of memory */
	int write_failed;
};

static int write_all(int fd, const unsigned char *data, size_t size)
{
	ssize_t n = 0;

	while (size > 0) {
		n = write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		size -= (size_t)n;
	}
	return 0;
}

/* Writes the whole eight-byte words of the buffer (all of it when last)
 * and keeps the rest. */
static void flush(struct out *o, int last)
{
	size_t n = last ? o->size : o->size & ~(size_t)7;

	if (n == 0)
		return;
	o->sum = checksum_words(o->sum, o->data, n);
	o->body += n;
	if (!o->write_failed && write_all(o->fd, o->data, n) < 0)
		o->write_failed = 1;
	memmove(o->data, o->data + n, o->size - n);
	o->size -= n;
}

static void put(struct out *o, const void *data, size_t size)
{
	unsigned char *grown = NULL;
	size_t capacity = o->capacity;

	/* After a failed write the file is not kept: nothing more to make. */
	if (o->failed || o->write_failed || size == 0)
		return;
	if (o->capacity - o->size < size)
		flush(o, 0);
	if (o->capacity - o->size < size) {
		/* One item larger than the buffer. */
		while (capacity - o->size < size)
			capacity *= 2;
		grown = realloc(o->data, capacity);
		if (grown == NULL) {
			o->failed = 1;
			return;
		}
		o->data = grown;
		o->capacity = capacity;
	}
	memcpy(o->data + o->size, data, size);
	o->size += size;
}

static void put_u32(struct out *o, uint32_t value)
{
	put(o, &value, sizeof(value));
}

static void put_u64(struct out *o, uint64_t value)
{
	put(o, &value, sizeof(value));
}

/* Length + 1 (0 for NULL), the bytes and a NUL. */
static void put_str(struct out *o, const char *text)
{
	size_t length = text ? strlen(text) : 0;

	put_u32(o, text ? (uint32_t)(length + 1) : 0);
	if (text != NULL)
		put(o, text, length + 1);
}

static void put_location(struct out *o, const struct orgcheck_location *at)
{
	put_str(o, at->path);
	put_str(o, at->record);
	put_u64(o, at->line);
	put_u64(o, at->column);
}

static void put_finding(struct out *o, const struct orgcheck_finding *f, size_t record)
{
	size_t i;

	put_u32(o, (uint32_t)record);
	put_str(o, f->rule ? f->rule->id : "");
	put_location(o, &f->primary);
	put_str(o, f->message);
	put_u32(o, (uint32_t)f->related_count);
	for (i = 0; i < f->related_count; i++)
		put_location(o, &f->related[i]);
	put_u32(o, (uint32_t)f->value_count);
	for (i = 0; i < f->value_count; i++) {
		put_str(o, f->values[i].name);
		put_str(o, f->values[i].text);
		put_str(o, f->values[i].source);
	}
}

static void put_record(struct out *o, const struct orgcheck_record *record, const unsigned char *hash)
{
	size_t j;

	put_str(o, record->path);
	put(o, hash, ORGCHECK_RULECACHE_HASH_SIZE);
	put_str(o, record->id);
	put_str(o, record->file_id);
	put_u64(o, orgcheck_rulecache_names_digest(record));
	put_u32(o, (uint32_t)record->refs.count);
	for (j = 0; j < record->refs.count; j++)
		put_str(o, record->refs.items[j].target);
}

int orgcheck_rulecache_save(const char *path, uint64_t key, const struct orgcheck_corpus *corpus,
			    const unsigned char *hashes, const struct orgcheck_rulecache_record *const *same,
			    const struct orgcheck_findings *findings, const size_t *records,
			    struct orgcheck_error *err)
{
	static atomic_uint counter;
	struct out o = { NULL, 0, 0, -1, CHECKSUM_START, 0, 0, 0 };
	unsigned char header[HEADER_SIZE];
	char *tmp = NULL;
	size_t kept = 0;
	size_t i;
	int made = 0;
	int rc = 0;

	tmp = malloc(strlen(path) + 64);
	o.data = malloc(OUT_CHUNK);
	if (tmp == NULL || o.data == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	o.capacity = OUT_CHUNK;
	snprintf(tmp, strlen(path) + 64, "%s.%ld.%u.tmp", path, (long)getpid(), atomic_fetch_add(&counter, 1));
	/* Opened first: where nothing can be written, nothing is made. */
	o.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (o.fd < 0)
		goto done;
	made = 1;
	/* The header's place; it is written last, with the body's length
	 * and checksum. */
	memset(header, 0, sizeof(header));
	if (write_all(o.fd, header, sizeof(header)) < 0)
		o.write_failed = 1;
	put_u32(&o, (uint32_t)corpus->count);
	for (i = 0; i < corpus->count; i++) {
		/* An unchanged file's record as the last check wrote it: the
		 * same bytes, read in order, where making them again read the
		 * strings of every record, scattered in memory (the most of a
		 * warm check's save). */
		if (same != NULL && same[i] != NULL)
			put(&o, same[i]->bytes, same[i]->size);
		else
			put_record(&o, &corpus->records[i], hashes + i * ORGCHECK_RULECACHE_HASH_SIZE);
	}
	for (i = 0; i < findings->count; i++)
		kept += records[i] < corpus->count;
	put_u32(&o, (uint32_t)kept);
	for (i = 0; i < findings->count; i++) {
		if (records[i] < corpus->count)
			put_finding(&o, &findings->items[i], records[i]);
	}
	if (o.failed) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	flush(&o, 1);
	memcpy(header, MAGIC, 8);
	memcpy(header + 8, &key, 8);
	memcpy(header + 16, &o.body, 8);
	memcpy(header + 24, &o.sum, 8);
	if (o.write_failed || pwrite(o.fd, header, sizeof(header), 0) != (ssize_t)sizeof(header))
		goto done;
	rc = close(o.fd) == 0 && rename(tmp, path) == 0 ? 1 : 0;
	o.fd = -1;

done:
	if (o.fd >= 0)
		close(o.fd);
	/* Only the file this run made, and only when it was not renamed. */
	if (rc != 1 && made)
		(void)unlink(tmp);
	free(tmp);
	free(o.data);
	return rc;
}

/* ---------------------------------------------------------------- reading */

struct in {
	const unsigned char *p;
	const unsigned char *end;
	int failed;
};

static const unsigned char *take(struct in *r, size_t size)
{
	const unsigned char *at = r->p;

	if (r->failed || (size_t)(r->end - r->p) < size) {
		r->failed = 1;
		return NULL;
	}
	r->p += size;
	return at;
}

static uint32_t get_u32(struct in *r)
{
	const unsigned char *at = take(r, 4);
	uint32_t value = 0;

	if (at != NULL)
		memcpy(&value, at, 4);
	return value;
}

static uint64_t get_u64(struct in *r)
{
	const unsigned char *at = take(r, 8);
	uint64_t value = 0;

	if (at != NULL)
		memcpy(&value, at, 8);
	return value;
}

static const char *get_str(struct in *r)
{
	uint32_t stored = get_u32(r);
	const unsigned char *at = NULL;

	if (stored == 0 || r->failed)
		return NULL;
	at = take(r, stored);
	if (at == NULL || at[stored - 1] != '\0' || memchr(at, '\0', stored - 1) != NULL) {
		r->failed = 1;
		return NULL;
	}
	return (const char *)at;
}

static const char *get_text(struct in *r)
{
	const char *text = get_str(r);

	if (text == NULL)
		r->failed = 1;
	return text ? text : "";
}

/* A count of items taking at least min_bytes each: no more than fit. */
static uint32_t get_count(struct in *r, size_t min_bytes)
{
	uint32_t count = get_u32(r);

	if ((size_t)(r->end - r->p) / min_bytes < count)
		r->failed = 1;
	return r->failed ? 0 : count;
}

static int read_findings(struct orgcheck_rulecache *c, struct in *r,
			 const struct orgcheck_rule *(*find_rule)(const char *id), struct orgcheck_error *err)
{
	const struct orgcheck_rule *rule = NULL;
	const char *path = NULL;
	const char *record = NULL;
	const char *message = NULL;
	unsigned long line = 0;
	unsigned long column = 0;
	uint32_t count = get_count(r, 4 + 4 + 4 * 4 + 16);
	uint32_t n = 0;
	uint32_t i;
	uint32_t k;
	int rc = 0;

	c->finding_records = malloc((count ? count : 1) * sizeof(*c->finding_records));
	if (c->finding_records == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < count && !r->failed && rc == 0; i++) {
		c->finding_records[i] = get_u32(r);
		rule = find_rule(get_text(r));
		path = get_text(r);
		record = get_str(r);
		line = (unsigned long)get_u64(r);
		column = (unsigned long)get_u64(r);
		message = get_text(r);
		if (r->failed || rule == NULL || c->finding_records[i] >= c->record_count) {
			r->failed = 1;
			break;
		}
		rc = orgcheck_findings_add_rule(&c->findings, err, rule, path, line, column, "%s", message);
		if (rc == 0 && record != NULL)
			rc = orgcheck_findings_set_record(&c->findings, err, c->findings.count - 1, record);
		n = get_count(r, 4 + 4 + 16);
		for (k = 0; k < n && rc == 0 && !r->failed; k++) {
			path = get_text(r);
			record = get_str(r);
			line = (unsigned long)get_u64(r);
			column = (unsigned long)get_u64(r);
			if (!r->failed)
				rc = orgcheck_findings_add_related(&c->findings, err, path, record, line, column);
		}
		n = get_count(r, 12);
		for (k = 0; k < n && rc == 0 && !r->failed; k++) {
			const char *name = get_text(r);
			const char *text = get_str(r);
			const char *source = get_str(r);

			if (!r->failed)
				rc = orgcheck_findings_add_value(&c->findings, err, name, text, source);
		}
	}
	return rc;
}

void orgcheck_rulecache_free(struct orgcheck_rulecache *cache)
{
	if (cache == NULL)
		return;
	orgcheck_findings_release(&cache->findings);
	free(cache->finding_records);
	free(cache->records);
	free(cache->target_pool);
	free(cache->data);
	free(cache);
}

static unsigned char *read_file(size_t *size_out, const char *path)
{
	struct stat st;
	unsigned char *data = NULL;
	FILE *f = fopen(path, "rb");

	*size_out = 0;
	if (f == NULL)
		return NULL;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HEADER_SIZE ||
	    (unsigned long long)st.st_size > MAX_FILE_BYTES) {
		fclose(f);
		return NULL;
	}
	data = malloc((size_t)st.st_size);
	if (data != NULL && fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(data);
		data = NULL;
	}
	fclose(f);
	if (data != NULL)
		*size_out = (size_t)st.st_size;
	return data;
}

int orgcheck_rulecache_load(struct orgcheck_rulecache **out, const char *path, uint64_t key,
			    const struct orgcheck_rule *(*find_rule)(const char *id), struct orgcheck_error *err)
{
	struct orgcheck_rulecache *c = NULL;
	struct in r = { NULL, NULL, 0 };
	size_t size = 0;
	size_t targets = 0;
	uint64_t stored_key = 0;
	uint64_t body = 0;
	uint64_t sum = 0;
	uint32_t count = 0;
	uint32_t i;
	uint32_t k;
	int rc = 0;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return orgcheck_error_nomem(err);
	orgcheck_findings_init(&c->findings);
	c->data = read_file(&size, path);
	if (c->data == NULL)
		goto done;
	memcpy(&stored_key, c->data + 8, 8);
	memcpy(&body, c->data + 16, 8);
	memcpy(&sum, c->data + 24, 8);
	if (memcmp(c->data, MAGIC, 8) != 0 || stored_key != key || body != size - HEADER_SIZE ||
	    checksum_words(CHECKSUM_START, c->data + HEADER_SIZE, size - HEADER_SIZE) != sum)
		goto done;
	r.p = c->data + HEADER_SIZE;
	r.end = c->data + size;
	count = get_count(&r, 4 + ORGCHECK_RULECACHE_HASH_SIZE + 12 + 8);
	/* Each target takes at least its 4-byte length: the pool fits. */
	c->records = calloc(count ? count : 1, sizeof(*c->records));
	c->target_pool = malloc(((size_t)(r.end - r.p) / 4 + 1) * sizeof(*c->target_pool));
	if (c->records == NULL || c->target_pool == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0; i < count && !r.failed; i++) {
		struct orgcheck_rulecache_record *record = &c->records[i];

		record->bytes = r.p;
		record->path = get_text(&r);
		record->hash = take(&r, ORGCHECK_RULECACHE_HASH_SIZE);
		record->id = get_str(&r);
		record->file_id = get_text(&r);
		record->names = get_u64(&r);
		record->target_count = get_count(&r, 4);
		record->targets = &c->target_pool[targets];
		for (k = 0; k < record->target_count && !r.failed; k++)
			c->target_pool[targets++] = get_str(&r);
		record->size = (size_t)(r.p - record->bytes);
		/* In path order, or the merge in check.c would miss records. */
		if (i > 0 && !r.failed && strcmp(c->records[i - 1].path, record->path) >= 0)
			r.failed = 1;
	}
	c->record_count = count;
	if (!r.failed)
		rc = read_findings(c, &r, find_rule, err);
	if (rc < 0)
		goto done;
	if (!r.failed && r.p == r.end) {
		*out = c;
		c = NULL;
	}

done:
	orgcheck_rulecache_free(c);
	return rc;
}
