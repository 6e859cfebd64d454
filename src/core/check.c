#include <orgcheck/check.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "util/arena.h"
#include "util/path.h"
#include <orgcheck/clock.h>
#include <orgcheck/config.h>
#include "model/corpus.h"
#include "input/cache.h"
#include "input/rulecache.h"
#include "input/discover.h"
#include "input/extract.h"
#include <orgcheck/broken.h>
#include "model/model.h"
#include <orgcheck/parse.h>
#include "rules/rules.h"
#include "input/schema.h"
#include <orgcheck/schematron_run.h>

void orgcheck_check_result_release(struct orgcheck_check_result *result)
{
	if (result == NULL)
		return;
	orgcheck_findings_release(&result->findings);
	result->files = 0;
	result->organizations = 0;
	result->people = 0;
	result->valid = 0;
	result->rule_operations = 0;
	orgcheck_corpus_free(result->corpus);
	result->corpus = NULL;
	result->cache_hits = 0;
	result->cache_stat_hits = 0;
	free(result->cache_warning);
	result->cache_warning = NULL;
}

/* The record id the file should hold (orgcheck_path_record_id) into buf,
 * used to attach file-level findings to a record. */
static void file_record_id(char *buf, size_t size, const char *path)
{
	const char *base = NULL;
	size_t length = orgcheck_path_record_id(&base, path);

	if (length >= size)
		length = size - 1;
	memcpy(buf, base, length);
	buf[length] = '\0';
}

/* ---------------------------------------------------------------- workers */

/* What the workers share: the files, and the next one to take. The list
 * grows while discovery runs on a thread of its own: workers take a file
 * once it is published, or wait for the next one. */
struct pool {
	struct orgcheck_filelist *files;
	pthread_mutex_t lock;  /* guards files and the fields below it */
	pthread_cond_t grown;  /* a file was published, or discovery ended */
	int discovering;
	int discovery_rc;      /* discovery's result, once it ended */
	struct orgcheck_error discovery_err;
	struct orgcheck_findings *discovery_findings;  /* discovery's findings go here */
	double discovery_seconds;  /* how long discovery took */
	const char *const *roots;
	size_t root_count;
	int roots_are_files;
	atomic_size_t next;
	atomic_size_t done;
	atomic_int stop;     /* a worker or discovery failed: take no more files */
	pthread_t discoverer;
	int apart;           /* discovery runs on discoverer, not yet joined */
};

/* Takes the path of file number file into *path_out, waiting while
 * discovery may still publish it. Returns 0 when there is no such file
 * (discovery ended before it). */
static int pool_path(const char **path_out, struct pool *pool, size_t file)
{
	int found = 0;

	pthread_mutex_lock(&pool->lock);
	while (file >= pool->files->count && pool->discovering && !atomic_load(&pool->stop))
		pthread_cond_wait(&pool->grown, &pool->lock);
	found = file < pool->files->count;
	*path_out = found ? pool->files->paths[file] : NULL;
	pthread_mutex_unlock(&pool->lock);
	return found;
}

/* The number of files, as far as discovery has got. */
static size_t pool_count(struct pool *pool)
{
	size_t count = 0;

	pthread_mutex_lock(&pool->lock);
	count = pool->files->count;
	pthread_mutex_unlock(&pool->lock);
	return count;
}

/* Makes every thread take no more files, waking those that wait for
 * discovery to publish one (stored under the lock, so a thread about to
 * wait sees it or gets the wake-up). */
static void pool_stop(struct pool *pool)
{
	pthread_mutex_lock(&pool->lock);
	atomic_store(&pool->stop, 1);
	pthread_cond_broadcast(&pool->grown);
	pthread_mutex_unlock(&pool->lock);
}

/* orgcheck_discover_take_fn: publishes a file found. */
static int pool_take(void *data, char *path, struct orgcheck_error *err)
{
	struct pool *pool = data;
	int rc = 0;

	pthread_mutex_lock(&pool->lock);
	rc = orgcheck_filelist_push(pool->files, path, err);
	pthread_cond_broadcast(&pool->grown);
	pthread_mutex_unlock(&pool->lock);
	return rc;
}

static void *discovery_thread(void *data)
{
	struct pool *pool = data;
	double started = orgcheck_clock_seconds();
	int rc = orgcheck_discover_each(pool_take, pool, pool->discovery_findings, pool->roots,
					pool->root_count, pool->roots_are_files, &pool->discovery_err);

	pthread_mutex_lock(&pool->lock);
	pool->discovery_seconds = orgcheck_clock_seconds() - started;
	pool->discovery_rc = rc;
	pool->discovering = 0;
	if (rc < 0)
		atomic_store(&pool->stop, 1);
	pthread_cond_broadcast(&pool->grown);
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

/* The findings of one file: a run of a worker's findings. */
struct file_findings {
	size_t file;
	size_t first;
	size_t count;
};

/* Records a worker keeps, a fixed number to a chunk: a growing array
 * copied every record again as it doubled, and touched twice the memory. */
#define KEPT_CHUNK 1024u

struct kept_chunk {
	struct kept_chunk *next;
	size_t count;
	struct orgcheck_record records[KEPT_CHUNK];
	size_t files[KEPT_CHUNK];  /* the file of each record */
	/* The hash of each record's file (ORGCHECK_RULECACHE_HASH_SIZE
	 * bytes), with a cache; all zero when not known (an overlay's). */
	unsigned char hashes[KEPT_CHUNK * ORGCHECK_RULECACHE_HASH_SIZE];
};

/* One thread's reading of the files it took, in the order it took them,
 * which is the order of the file list. */
struct worker {
	struct pool *pool;
	const struct orgcheck_check_options *options;
	struct orgcheck_parse_context *parser;
	struct orgcheck_schema_validator *validator;
	struct orgcheck_arena *arena;      /* the strings of its records */
	struct orgcheck_arena *sources;    /* their files' bytes, when kept; else NULL */
	struct orgcheck_cache *cache;      /* shared; NULL without a cache */
	size_t cache_hits;                 /* files answered from the cache */
	size_t cache_stat_hits;            /* of those, without reading them */
	struct orgcheck_findings findings;
	struct file_findings *runs;
	size_t run_count;
	size_t run_capacity;
	struct kept_chunk *kept;           /* its records, in file order */
	struct kept_chunk *last_kept;
	size_t record_count;
	/* The next record merge_workers takes. */
	struct kept_chunk *taking;
	size_t taking_at;
	size_t organizations;
	size_t people;
	size_t valid;
	int rc;                            /* first error, for the file failed_file */
	size_t failed_file;
	struct orgcheck_error err;
	pthread_t thread;
	int started;
};

static int worker_keep_record(struct worker *w, struct orgcheck_record *record, size_t file,
			      const unsigned char *hash)
{
	struct kept_chunk *chunk = w->last_kept;
	unsigned char *at = NULL;

	if (chunk == NULL || chunk->count == KEPT_CHUNK) {
		chunk = malloc(sizeof(*chunk));
		if (chunk == NULL)
			return orgcheck_error_nomem(&w->err);
		chunk->next = NULL;
		chunk->count = 0;
		if (w->last_kept != NULL)
			w->last_kept->next = chunk;
		else
			w->kept = chunk;
		w->last_kept = chunk;
	}
	at = chunk->hashes + chunk->count * ORGCHECK_RULECACHE_HASH_SIZE;
	if (hash != NULL)
		memcpy(at, hash, ORGCHECK_RULECACHE_HASH_SIZE);
	else
		memset(at, 0, ORGCHECK_RULECACHE_HASH_SIZE);
	chunk->records[chunk->count] = *record;
	chunk->files[chunk->count] = file;
	chunk->count++;
	w->record_count++;
	/* Now owned by the worker. */
	memset(record, 0, sizeof(*record));
	return 0;
}

static int worker_note_findings(struct worker *w, size_t file, size_t first)
{
	struct file_findings *runs = NULL;
	size_t capacity = 0;

	if (w->findings.count == first)
		return 0;
	if (w->run_count == w->run_capacity) {
		capacity = w->run_capacity ? w->run_capacity * 2 : 64;
		runs = realloc(w->runs, capacity * sizeof(*runs));
		if (runs == NULL)
			return orgcheck_error_nomem(&w->err);
		w->runs = runs;
		w->run_capacity = capacity;
	}
	w->runs[w->run_count].file = file;
	w->runs[w->run_count].first = first;
	w->runs[w->run_count].count = w->findings.count - first;
	w->run_count++;
	return 0;
}

/* Keeps the bytes the parser read for record, for the Schematron pass.
 *
 * Schematron needs whole documents, and any record's (oc:record() and
 * document() reach across the corpus), but only after the corpus is
 * indexed, when the DOMs are long freed. Reading the files again would
 * parse them twice and, if one changed in between, report about two
 * versions of it; so the same bytes are parsed again instead. Bytes
 * rather than DOMs: 10,000 records of the bench corpus take 15 MB as
 * bytes (1.5 KB a record: some 155 MB at 100,000) but 208 MB kept as
 * libxml2 trees, while the pass holds one tree at a time (and those a
 * record's expressions reach). Only when Schematron schemas are given:
 * a check without them keeps no more than before. */
static int keep_source(struct orgcheck_record *record, struct worker *w,
		       const struct orgcheck_check_overlay *overlay)
{
	size_t size = 0;
	const char *text = overlay ? overlay->data : orgcheck_parse_context_text(w->parser, &size);
	char *copy = NULL;

	if (overlay != NULL)
		size = overlay->size;
	/* A record was parsed from them, so there is at least one byte. */
	copy = orgcheck_arena_strndup(w->sources, text ? text : "", size);
	if (copy == NULL)
		return orgcheck_error_nomem(&w->err);
	record->source = copy;
	record->source_size = size;
	return 0;
}

static int compare_overlay(const void *key, const void *item)
{
	const struct orgcheck_check_overlay *overlay = item;

	return strcmp(key, overlay->path);
}

/* The overlay of path, or NULL. */
static const struct orgcheck_check_overlay *find_overlay(const struct orgcheck_check_options *options,
							 const char *path)
{
	if (options == NULL || options->overlay_count == 0)
		return NULL;
	return bsearch(path, options->overlays, options->overlay_count, sizeof(*options->overlays),
		       compare_overlay);
}

/* Answers the file at path from its cache entry: its findings go to the
 * worker, its record into *record, *result what else it gave. Returns 1,
 * 0 when the entry is unusable (the file is read instead), or an error. */
static int load_cached(struct orgcheck_cache_result *result, struct orgcheck_record *record,
		       struct worker *w, const struct orgcheck_cache_entry *entry, const char *path)
{
	int rc = orgcheck_cache_entry_load(result, record, &w->findings, w->arena, entry, path, &w->err);

	if (rc == 1)
		w->cache_hits++;
	return rc;
}

/* Parses, validates and extracts the bytes the worker's parser has just
 * read (path), or overlay's when not NULL: findings go to the worker, the
 * record (of a known kind, even if not schema-valid, so references to it
 * still resolve) into *record, the rest into *result. Only the compact
 * model outlives this call: the DOM is freed here. */
static int read_record(struct orgcheck_cache_result *result, struct orgcheck_record *record,
		       struct worker *w, const struct orgcheck_check_overlay *overlay, const char *path)
{
	xmlDocPtr doc = NULL;
	int rc = 0;

	memset(result, 0, sizeof(*result));
	if (overlay != NULL)
		rc = orgcheck_parse_memory_with(&doc, &w->findings, w->parser, path, overlay->data,
						overlay->size, &w->err);
	else
		rc = orgcheck_parse_context_parse(&doc, &w->findings, w->parser, path, &w->err);
	if (rc < 0 || doc == NULL)
		goto done;
	rc = orgcheck_schema_validate_with(&result->kind, &result->valid, &w->findings, w->validator,
					   doc, path, &w->err);
	if (rc < 0 || result->kind == ORGCHECK_RECORD_UNKNOWN)
		goto done;
	rc = orgcheck_record_extract(record, w->arena, doc, result->kind, path, &w->err);
	if (rc == 0)
		result->has_record = 1;

done:
	/* The DOM is not needed any more: only the compact model stays. */
	if (doc != NULL)
		xmlFreeDoc(doc);
	return rc;
}

/* Checks file number file (found by discovery; an overlay may give its
 * bytes and the name it is checked under): from the cache when it knows
 * the file (by its stat alone when the Schematron pass needs no bytes,
 * else by the hash of the bytes read), else by reading it, storing the
 * result in the cache when there is one. A file read from an overlay is
 * neither answered from the cache nor stored: its bytes are not the
 * file's. Findings go to the worker, the record too. */
static int check_file(struct worker *w, size_t file, const char *found)
{
	const struct orgcheck_check_overlay *overlay = find_overlay(w->options, found);
	const char *path = overlay && overlay->as_path ? overlay->as_path : found;
	struct orgcheck_record record;
	struct orgcheck_cache_result result;
	const struct orgcheck_cache_entry *entry = NULL;
	struct orgcheck_cache_stat cache_stat;
	unsigned char hash[ORGCHECK_CACHE_HASH_SIZE];
	int hashed = 0;  /* hash holds the file's */
	struct stat st;
	size_t first_finding = w->findings.count;
	const char *text = NULL;
	size_t size = 0;
	char file_id[256];
	time_t started = 0;
	/* The file's name in the cache, NULL when it is not cached (nor is
	 * a file read from an overlay: its bytes are not the file's). */
	const char *key = overlay == NULL ? orgcheck_cache_key(w->cache, path) : NULL;
	int cacheable = key != NULL;
	int read = overlay != NULL;
	int cached = 0;
	int rc = 0;

	memset(&record, 0, sizeof(record));
	memset(&result, 0, sizeof(result));
	if (cacheable) {
		entry = orgcheck_cache_find(w->cache, key);
		if (entry != NULL && w->sources == NULL && stat(path, &st) == 0) {
			orgcheck_cache_stat_from(&cache_stat, &st);
			if (orgcheck_cache_entry_fresh(entry, &cache_stat)) {
				rc = cached = load_cached(&result, &record, w, entry, path);
				if (rc < 0)
					goto done;
				if (cached)
					w->cache_stat_hits++;
				hashed = cached && orgcheck_cache_entry_hash(hash, entry);
			}
		}
		/* Before the file is opened: a change after this second is racy. */
		started = time(NULL);
	}
	if (!cached && overlay == NULL) {
		rc = orgcheck_parse_context_read(&read, &st, &w->findings, w->parser, path, &w->err);
		if (rc < 0 || !read)
			goto done;
	}
	if (!cached && cacheable) {
		text = orgcheck_parse_context_text(w->parser, &size);
		orgcheck_cache_hash(hash, w->cache, text ? text : "", size);
		hashed = 1;
		orgcheck_cache_stat_from(&cache_stat, &st);
		if (entry != NULL && orgcheck_cache_entry_same(entry, hash)) {
			rc = cached = load_cached(&result, &record, w, entry, path);
			if (rc < 0)
				goto done;
			if (cached)
				rc = orgcheck_cache_refresh(w->cache, entry, key, &cache_stat, started, &w->err);
			if (rc < 0)
				goto done;
		}
	}
	if (!cached) {
		rc = read_record(&result, &record, w, overlay, path);
		if (rc < 0)
			goto done;
	}
	if (result.kind == ORGCHECK_RECORD_ORGANIZATION)
		w->organizations++;
	else if (result.kind == ORGCHECK_RECORD_PERSON)
		w->people++;
	if (result.valid)
		w->valid++;
	file_record_id(file_id, sizeof(file_id), path);
	rc = orgcheck_findings_set_record(&w->findings, &w->err, first_finding, file_id);
	if (rc < 0)
		goto done;
	if (cacheable && !cached) {
		rc = orgcheck_cache_store(w->cache, key, path, &cache_stat, started, hash, &result,
					  &w->findings, first_finding,
					  result.has_record ? &record : NULL, &w->err);
		if (rc < 0)
			goto done;
	}
	if (result.has_record && w->sources != NULL) {
		rc = keep_source(&record, w, overlay);
		if (rc < 0)
			goto done;
	}
	if (result.has_record)
		rc = worker_keep_record(w, &record, file, hashed ? hash : NULL);

done:
	orgcheck_record_release(&record);
	if (rc == 0 && !read && !cached) {
		/* Not read: the findings say why. */
		file_record_id(file_id, sizeof(file_id), path);
		rc = orgcheck_findings_set_record(&w->findings, &w->err, first_finding, file_id);
	}
	if (rc == 0)
		rc = worker_note_findings(w, file, first_finding);
	return rc;
}

/* Takes files until none is left (or another worker failed). The worker
 * reporting progress is the calling thread's. */
static void run_worker(struct worker *w, const struct orgcheck_check_options *options)
{
	struct pool *pool = w->pool;
	const char *path = NULL;
	size_t file = 0;
	size_t done = 0;
	int rc = 0;

	while (!atomic_load(&pool->stop)) {
		file = atomic_fetch_add(&pool->next, 1);
		if (!pool_path(&path, pool, file))
			break;
		rc = check_file(w, file, path);
		if (rc < 0) {
			w->rc = rc;
			w->failed_file = file;
			pool_stop(pool);
			break;
		}
		done = atomic_fetch_add(&pool->done, 1) + 1;
		if (options != NULL && options->progress != NULL)
			options->progress(options->progress_data, done, pool_count(pool));
	}
}

static void *worker_thread(void *data)
{
	run_worker(data, NULL);
	return NULL;
}

static void worker_release(struct worker *w)
{
	size_t i;

	orgcheck_parse_context_free(w->parser);
	orgcheck_schema_validator_free(w->validator);
	orgcheck_arena_free(w->arena);
	orgcheck_arena_free(w->sources);
	orgcheck_findings_release(&w->findings);
	free(w->runs);
	while (w->kept != NULL) {
		struct kept_chunk *next = w->kept->next;

		/* Those merge_workers took are the corpus's. */
		for (i = w->record_count ? 0 : w->kept->count; i < w->kept->count; i++)
			orgcheck_record_release(&w->kept->records[i]);
		free(w->kept);
		w->kept = next;
	}
	memset(w, 0, sizeof(*w));
}

/* How many threads to use for count files. By default one more than
 * there are CPUs: a thread waiting for a file to be read from disk, for a
 * page fault or for a CPU the host lent elsewhere leaves its CPU to the
 * extra one (on 2 CPUs, 100,000 records: 3.18 s median of five runs with
 * 3 threads, 3.38 s with 2, and a third of the spread). */
static size_t job_count(unsigned jobs, size_t count)
{
	long online = 0;
	size_t n = jobs;

	if (n == 0) {
		online = sysconf(_SC_NPROCESSORS_ONLN);
		n = online > 0 ? (size_t)online + 1 : 1;
	}
	if (n > ORGCHECK_CHECK_MAX_JOBS)
		n = ORGCHECK_CHECK_MAX_JOBS;
	if (n > count)
		n = count;
	return n ? n : 1;
}

/* The worker with the smallest next run of findings, by file: merging
 * the workers' lists this way gives the order of a single-threaded run. */
static struct worker *next_run_in_file_order(struct worker *workers, size_t count, const size_t *at)
{
	struct worker *best = NULL;
	size_t best_file = 0;
	size_t file = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		if (at[i] >= workers[i].run_count)
			continue;
		file = workers[i].runs[at[i]].file;
		if (best == NULL || file < best_file) {
			best = &workers[i];
			best_file = file;
		}
	}
	return best;
}

/* The same for the next record a worker kept (from its taking cursor). */
static struct worker *next_record_in_file_order(struct worker *workers, size_t count)
{
	struct worker *best = NULL;
	size_t best_file = 0;
	size_t file = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		const struct kept_chunk *chunk = workers[i].taking;

		if (chunk == NULL)
			continue;
		file = chunk->files[workers[i].taking_at];
		if (best == NULL || file < best_file) {
			best = &workers[i];
			best_file = file;
		}
	}
	return best;
}

/* Moves the workers' findings, records and arenas into findings and
 * corpus, in file order, and adds up their counts. */
static int merge_workers(struct orgcheck_check_result *out, struct orgcheck_corpus *corpus,
			 unsigned char **hashes_out, struct worker *workers, size_t count,
			 struct orgcheck_error *err)
{
	unsigned char *hashes = NULL;
	size_t taken = 0;
	struct worker *w = NULL;
	size_t *at = NULL;
	size_t total = 0;
	size_t i;
	int rc = 0;

	at = calloc(count, sizeof(*at));
	if (at == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < count; i++) {
		out->organizations += workers[i].organizations;
		out->people += workers[i].people;
		out->valid += workers[i].valid;
		out->cache_hits += workers[i].cache_hits;
		out->cache_stat_hits += workers[i].cache_stat_hits;
		total += workers[i].record_count;
	}
	while (rc == 0 && (w = next_run_in_file_order(workers, count, at)) != NULL) {
		const struct file_findings *run = &w->runs[at[w - workers]++];

		for (i = 0; i < run->count && rc == 0; i++)
			rc = orgcheck_findings_take_one(&out->findings, &w->findings, run->first + i, err);
	}
	for (i = 0; i < count; i++) {
		workers[i].taking = workers[i].kept != NULL && workers[i].kept->count > 0 ? workers[i].kept : NULL;
		workers[i].taking_at = 0;
	}
	if (rc == 0)
		rc = orgcheck_corpus_reserve(corpus, total, err);
	/* The hash of each record's file, in the order the corpus gets them. */
	if (rc == 0) {
		hashes = malloc((total ? total : 1) * ORGCHECK_RULECACHE_HASH_SIZE);
		if (hashes == NULL)
			rc = orgcheck_error_nomem(err);
	}
	/* With room for all, no take fails: every record moves, or none. */
	while (rc == 0 && (w = next_record_in_file_order(workers, count)) != NULL) {
		struct kept_chunk *chunk = w->taking;

		taken = w->taking_at++;
		memcpy(hashes + corpus->count * ORGCHECK_RULECACHE_HASH_SIZE,
		       chunk->hashes + taken * ORGCHECK_RULECACHE_HASH_SIZE, ORGCHECK_RULECACHE_HASH_SIZE);
		rc = orgcheck_corpus_take(corpus, &chunk->records[taken], 1, err);
		if (w->taking_at == chunk->count) {
			w->taking = chunk->next != NULL && chunk->next->count > 0 ? chunk->next : NULL;
			w->taking_at = 0;
		}
	}
	for (i = 0; i < count && rc == 0; i++) {
		/* Now owned by the corpus. */
		workers[i].record_count = 0;
	}
	if (rc == 0) {
		*hashes_out = hashes;
		hashes = NULL;
	}
	free(hashes);
	for (i = 0; i < count && rc == 0; i++) {
		rc = orgcheck_corpus_adopt_arena(corpus, workers[i].arena, err);
		/* Now owned by the corpus, even on error. */
		workers[i].arena = NULL;
		if (rc == 0 && workers[i].sources != NULL) {
			rc = orgcheck_corpus_adopt_arena(corpus, workers[i].sources, err);
			workers[i].sources = NULL;
		}
	}
	free(at);
	return rc;
}

/* Readies pool for the files found under options' paths (into files,
 * discovery's findings into findings) and starts finding them on a thread
 * of its own, so that the listing of the directories goes on while the
 * schemas are compiled and the cache is opened. Returns 0 or
 * ORGCHECK_ENOMEM (pool untouched but for being zeroed). */
static int pool_start(struct pool *pool, struct orgcheck_filelist *files,
		      struct orgcheck_findings *findings, const struct orgcheck_check_options *options,
		      struct orgcheck_error *err)
{
	memset(pool, 0, sizeof(*pool));
	pool->files = files;
	pool->discovery_findings = findings;
	pool->roots = options->paths;
	pool->root_count = options->path_count;
	pool->roots_are_files = options->paths_are_files;
	pool->discovering = 1;
	atomic_init(&pool->next, 0);
	atomic_init(&pool->done, 0);
	atomic_init(&pool->stop, 0);
	if (pthread_mutex_init(&pool->lock, NULL) != 0)
		return orgcheck_error_nomem(err);
	if (pthread_cond_init(&pool->grown, NULL) != 0) {
		pthread_mutex_destroy(&pool->lock);
		return orgcheck_error_nomem(err);
	}
	/* Without a thread to spare, read_files finds all files before it
	 * reads any. */
	pool->apart = pthread_create(&pool->discoverer, NULL, discovery_thread, pool) == 0;
	return 0;
}

/* Waits for discovery to end. */
static void pool_join(struct pool *pool)
{
	if (pool->apart)
		pthread_join(pool->discoverer, NULL);
	pool->apart = 0;
}

/* Ends what pool_start started (discovery runs to its end: files and
 * findings are its until then). */
static void pool_end(struct pool *pool)
{
	pool_join(pool);
	pthread_cond_destroy(&pool->grown);
	pthread_mutex_destroy(&pool->lock);
}

/* Reads the files pool finds with as many workers as there are jobs, the
 * calling thread the first; the workers start on the first files while
 * discovery lists the rest. *discover_seconds gets how long discovery
 * took. */
static int read_files(struct orgcheck_check_result *out, struct orgcheck_corpus *corpus,
		      unsigned char **hashes_out, struct pool *pool, const struct orgcheck_schema *schema,
		      struct orgcheck_cache *cache, const struct orgcheck_check_options *options,
		      double *discover_seconds, struct orgcheck_error *err)
{
	struct orgcheck_filelist *files = pool->files;
	struct worker *workers = NULL;
	struct worker *failed = NULL;
	size_t count = job_count(options->jobs, (size_t)-1);
	size_t i;
	int rc = 0;

	workers = calloc(count, sizeof(*workers));
	if (workers == NULL)
		rc = orgcheck_error_nomem(err);
	for (i = 0; i < count && rc == 0; i++) {
		workers[i].pool = pool;
		workers[i].options = options;
		workers[i].cache = cache;
		workers[i].arena = orgcheck_arena_new();
		if (workers[i].arena == NULL)
			rc = orgcheck_error_nomem(err);
		if (rc == 0)
			rc = orgcheck_parse_context_new(&workers[i].parser, err);
		if (rc == 0)
			rc = orgcheck_schema_validator_new(&workers[i].validator, schema, err);
		if (rc == 0 && (options->schematron_count > 0 || options->keep_sources)) {
			workers[i].sources = orgcheck_arena_new();
			if (workers[i].sources == NULL)
				rc = orgcheck_error_nomem(err);
		}
	}
	if (rc < 0)
		goto done;
	if (!pool->apart && pool->discovering) {
		/* No thread to spare: all files are found before any is read. */
		(void)discovery_thread(pool);
	}
	for (i = 1; i < count; i++) {
		if (pthread_create(&workers[i].thread, NULL, worker_thread, &workers[i]) != 0) {
			/* Fewer threads read the files; the result is the same. */
			break;
		}
		workers[i].started = 1;
	}
	run_worker(&workers[0], options);
	for (i = 1; i < count; i++) {
		if (workers[i].started)
			pthread_join(workers[i].thread, NULL);
	}
	pool_join(pool);
	*discover_seconds = pool->discovery_seconds;
	out->files = files->count;
	if (pool->discovery_rc < 0) {
		/* A path the user named cannot be read: nothing is reported. */
		*err = pool->discovery_err;
		rc = pool->discovery_rc;
		goto done;
	}
	/* The error of the first failing file, as a single thread reports it. */
	for (i = 0; i < count; i++) {
		if (workers[i].rc < 0 && (failed == NULL || workers[i].failed_file < failed->failed_file))
			failed = &workers[i];
	}
	if (failed != NULL) {
		*err = failed->err;
		rc = failed->rc;
		goto done;
	}
	if (options->progress != NULL)
		options->progress(options->progress_data, files->count, files->count);
	rc = merge_workers(out, corpus, hashes_out, workers, count, err);

done:
	for (i = 0; workers != NULL && i < count; i++)
		worker_release(&workers[i]);
	free(workers);
	return rc;
}

/* ---------------------------------------------------------------- run */


/* Adds the time since *mark to *stage and moves the mark to now. */
static void stage_done(double *stage, double *mark)
{
	double now = orgcheck_clock_seconds();

	*stage += now - *mark;
	*mark = now;
}

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether path (as checked) is a file of focus: its name first (most
 * files are not), then the caller's test. */
static int in_focus(const struct orgcheck_check_focus *focus, const char *path)
{
	const char *base = NULL;
	size_t length = orgcheck_path_record_id(&base, path);
	char id[256];

	if (focus->file_id_count == 0 || length >= sizeof(id))
		return 0;
	memcpy(id, base, length);
	id[length] = '\0';
	base = id;
	return bsearch(&base, focus->file_ids, focus->file_id_count, sizeof(*focus->file_ids), compare_ids) != NULL &&
	       focus->selects(focus->data, path);
}

/* The records the visiting rules need to visit for the findings that
 * touch options->focus: *visit (NULL: all of them) and *visit_count.
 * All of them when some file in focus is not a discovered record file
 * (the rules configuration, a baseline: their findings need every
 * record's), or when the neighbours are many anyway. */
static int focus_visits(size_t **visit, size_t *visit_count, const struct orgcheck_corpus *corpus,
			const struct orgcheck_filelist *files, const struct orgcheck_check_options *options,
			struct orgcheck_error *err)
{
	const struct orgcheck_check_focus *focus = options->focus;
	const struct orgcheck_check_overlay *overlay = NULL;
	size_t *records = NULL;
	size_t matched = 0;
	size_t count = 0;
	size_t i;
	int rc = 0;

	*visit = NULL;
	*visit_count = 0;
	if (focus == NULL || focus->selects == NULL)
		return 0;
	for (i = 0; i < files->count; i++) {
		overlay = find_overlay(options, files->paths[i]);
		matched += in_focus(focus, overlay && overlay->as_path ? overlay->as_path : files->paths[i]);
	}
	if (matched + focus->gone_count < focus->file_id_count)
		return 0;
	records = malloc((corpus->count ? corpus->count : 1) * sizeof(*records));
	if (records == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < corpus->count; i++) {
		if (in_focus(focus, corpus->records[i].path))
			records[count++] = i;
	}
	rc = orgcheck_rules_neighbours(visit, visit_count, corpus, records, count, focus->file_ids,
				       focus->file_id_count, err);
	free(records);
	/* Beyond a quarter of the corpus, picking costs more than it saves. */
	if (rc == 0 && *visit_count > corpus->count / 4) {
		free(*visit);
		*visit = NULL;
		*visit_count = 0;
	}
	return rc;
}

/* ---------------------------------------------------------------- reusing the rules' findings */

/* Puts hashes (made in the order the records were added, whose paths
 * were before) in the order of the indexed corpus, which sorts records by
 * path when they did not come in that order. */
static int align_hashes(unsigned char *hashes, const char **before, const struct orgcheck_corpus *corpus,
			struct orgcheck_error *err)
{
	const size_t size = ORGCHECK_RULECACHE_HASH_SIZE;
	unsigned char *sorted = NULL;
	size_t i;
	size_t low = 0;
	size_t high = 0;
	size_t mid = 0;

	for (i = 0; i < corpus->count && corpus->records[i].path == before[i]; i++)
		;
	if (i == corpus->count)
		return 0;
	/* The records' paths are distinct: each is found once. */
	sorted = malloc((corpus->count ? corpus->count : 1) * size);
	if (sorted == NULL)
		return orgcheck_error_nomem(err);
	/* Each hash goes where its path now stands, found by bisection. */
	for (i = 0; i < corpus->count; i++) {
		low = 0;
		high = corpus->count;
		while (low < high) {
			mid = low + (high - low) / 2;
			if (strcmp(corpus->records[mid].path, before[i]) < 0)
				low = mid + 1;
			else
				high = mid;
		}
		memcpy(sorted + low * size, hashes + i * size, size);
	}
	memcpy(hashes, sorted, corpus->count * size);
	free(sorted);
	return 0;
}

/* What keys the rules' findings of one run for the next: the per-file
 * cache's key (formats, versions, sources, schemas), what the rules read
 * of the configuration, and today. */
static uint64_t rules_key(const struct orgcheck_cache *cache, const struct orgcheck_config *config,
			  const struct orgcheck_date *today)
{
	const unsigned char *digest = orgcheck_cache_digest(cache);
	uint64_t h = orgcheck_config_rules_digest(config);
	int parts[3] = { today->year, today->month, today->day };
	size_t i;

	for (i = 0; i < ORGCHECK_CACHE_HASH_SIZE; i++) {
		h ^= digest[i];
		h *= 0x100000001b3u;
	}
	for (i = 0; i < sizeof(parts); i++) {
		h ^= ((const unsigned char *)parts)[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static const unsigned char zero_hash[ORGCHECK_RULECACHE_HASH_SIZE];

/* The change since the last whole check: where each of its records is
 * now (old_to_new, NONE when deleted or changed), which records are new
 * or changed (changed), and the ids of the old versions of those (keys:
 * their ids, file ids and the ids they named). */
struct rules_change {
	size_t *old_to_new;
	size_t *changed;
	size_t changed_count;
	const char **keys;
	size_t key_count;
	size_t gone;      /* old records deleted or changed */
	int names_kept;   /* no record added or deleted, none changed its id or names */
};

#define NONE ((size_t)-1)

static void rules_change_release(struct rules_change *change)
{
	free(change->old_to_new);
	free(change->changed);
	free(change->keys);
	memset(change, 0, sizeof(*change));
}

static int add_key(struct rules_change *change, size_t *capacity, const char *key)
{
	const char **grown = NULL;

	if (key == NULL)
		return 0;
	/* keys NULL: the first key (gcc's analyser loses that count and
	 * capacity start at 0 together). */
	if (change->keys == NULL || change->key_count == *capacity) {
		*capacity = change->keys != NULL ? *capacity * 2 : 64;
		grown = realloc(change->keys, *capacity * sizeof(*grown));
		if (grown == NULL)
			return -1;
		change->keys = grown;
	}
	change->keys[change->key_count++] = key;
	return 0;
}

static int old_record_keys(struct rules_change *change, size_t *capacity, const struct orgcheck_rulecache_record *old)
{
	size_t k;

	if (add_key(change, capacity, old->id) < 0 || add_key(change, capacity, old->file_id) < 0)
		return -1;
	for (k = 0; k < old->target_count; k++) {
		if (add_key(change, capacity, old->targets[k]) < 0)
			return -1;
	}
	return 0;
}

/* Walks the old records and the corpus, both in path order. */
static int find_change(struct rules_change *change, const struct orgcheck_rulecache *old,
		       const struct orgcheck_corpus *corpus, const unsigned char *hashes, struct orgcheck_error *err)
{
	const size_t size = ORGCHECK_RULECACHE_HASH_SIZE;
	size_t capacity = 0;
	size_t i = 0;
	size_t j = 0;
	int c = 0;

	memset(change, 0, sizeof(*change));
	change->names_kept = 1;
	change->old_to_new = malloc((old->record_count ? old->record_count : 1) * sizeof(*change->old_to_new));
	change->changed = malloc((corpus->count ? corpus->count : 1) * sizeof(*change->changed));
	if (change->old_to_new == NULL || change->changed == NULL)
		return orgcheck_error_nomem(err);
	while (i < old->record_count || j < corpus->count) {
		c = i == old->record_count ? 1 : j == corpus->count ? -1
		    : strcmp(old->records[i].path, corpus->records[j].path);
		if (c == 0 && memcmp(old->records[i].hash, hashes + j * size, size) == 0 &&
		    memcmp(hashes + j * size, zero_hash, size) != 0) {
			change->old_to_new[i++] = j++;
			continue;
		}
		if (c != 0 || old->records[i].names != orgcheck_rulecache_names_digest(&corpus->records[j]))
			change->names_kept = 0;
		if (c <= 0) {
			change->old_to_new[i] = NONE;
			change->gone++;
			if (old_record_keys(change, &capacity, &old->records[i]) < 0)
				return orgcheck_error_nomem(err);
			i++;
		}
		if (c >= 0)
			change->changed[change->changed_count++] = j++;
	}
	return 0;
}

/* For each record whose file did not change since the last check, that
 * check's record of it in the rules file (NULL for the others): the save
 * writes those bytes again rather than making them from the corpus.
 * NULL when out of memory: the save makes every record. */
static const struct orgcheck_rulecache_record **unchanged_records(const struct orgcheck_rulecache *old,
								  const struct rules_change *change,
								  const struct orgcheck_corpus *corpus)
{
	const struct orgcheck_rulecache_record **same = NULL;
	size_t i;

	if (old == NULL || change->old_to_new == NULL)
		return NULL;
	same = calloc(corpus->count ? corpus->count : 1, sizeof(*same));
	for (i = 0; same != NULL && i < old->record_count; i++) {
		if (change->old_to_new[i] != NONE)
			same[change->old_to_new[i]] = &old->records[i];
	}
	return same;
}

/* Sorts a list of ids for orgcheck_rules_neighbours: it bsearches them. */
static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Beyond this share of the corpus changed or near a change, running
 * every rule costs less than picking. */
#define REUSE_MOST_CHANGED 8

/* The records the local visiting rules must visit again: those near a
 * change, two steps out (a rule on a record reads the records it names,
 * and whether what those name exists); NULL (all of them) when there is
 * no earlier run to reuse or too much changed. */
static int reuse_visits(size_t **visit, size_t *visit_count, const struct rules_change *change,
			const struct orgcheck_corpus *corpus, struct orgcheck_error *err)
{
	size_t *near = NULL;
	size_t near_count = 0;
	int rc = 0;

	*visit = NULL;
	*visit_count = 0;
	if ((change->changed_count + change->gone) * REUSE_MOST_CHANGED > corpus->count)
		return 0;
	if (change->key_count > 1)
		qsort(change->keys, change->key_count, sizeof(*change->keys), compare_keys);
	rc = orgcheck_rules_neighbours(&near, &near_count, corpus, change->changed, change->changed_count,
				       change->keys, change->key_count, err);
	if (rc == 0 && near_count * REUSE_MOST_CHANGED <= corpus->count)
		rc = orgcheck_rules_neighbours(visit, visit_count, corpus, near, near_count, change->keys,
					       change->key_count, err);
	free(near);
	if (rc == 0 && *visit != NULL && *visit_count * REUSE_MOST_CHANGED > corpus->count) {
		free(*visit);
		*visit = NULL;
		*visit_count = 0;
	}
	return rc;
}

static int is_visitor(const struct orgcheck_rule *rule)
{
	return rule != NULL && rule->visitor != NULL;
}

/* Whether old finding o can stand for this run: its rule visits records
 * one at a time near them, and its record is unchanged and not visited
 * again. */
static int reusable(const struct orgcheck_rulecache *old, size_t o, const struct rules_change *change,
		    const unsigned char *revisited)
{
	const struct orgcheck_rule *rule = old->findings.items[o].rule;
	size_t record = change->old_to_new[old->finding_records[o]];

	return is_visitor(rule) && (!rule->visitor->reads_all || change->names_kept) && record != NONE &&
	       !revisited[record];
}

/* Joins fresh (the rules' findings of this run, with visited) and the
 * old findings of the local visiting rules for the records not visited
 * again, into merged (with *merged_visited), in the order of a run of
 * every rule over every record: catalogue order, then record order (a
 * record visited again has no old findings, one not visited no fresh
 * ones). */
static int merge_reused(struct orgcheck_findings *merged, size_t **merged_visited, struct orgcheck_findings *fresh,
			const size_t *visited, struct orgcheck_rulecache *old, const struct rules_change *change,
			const unsigned char *revisited, struct orgcheck_error *err)
{
	const size_t *old_to_new = change->old_to_new;
	const struct orgcheck_rule *rule = NULL;
	size_t *tags = NULL;
	size_t count = 0;
	size_t f = 0;
	size_t o = 0;
	size_t r;
	int has_fresh = 0;
	int has_old = 0;
	int rc = 0;

	*merged_visited = NULL;
	tags = malloc((fresh->count + old->findings.count + 1) * sizeof(*tags));
	if (tags == NULL)
		return orgcheck_error_nomem(err);
	for (r = 0; (rule = orgcheck_catalog_rule(r)) != NULL && rc == 0; r++) {
		while (rc == 0) {
			while (o < old->findings.count && old->findings.items[o].rule == rule &&
			       !reusable(old, o, change, revisited))
				o++;
			has_fresh = f < fresh->count && fresh->items[f].rule == rule;
			has_old = o < old->findings.count && old->findings.items[o].rule == rule;
			if (!has_fresh && !has_old)
				break;
			if (has_old && (!has_fresh || old_to_new[old->finding_records[o]] < visited[f])) {
				tags[count++] = old_to_new[old->finding_records[o]];
				rc = orgcheck_findings_take_one(merged, &old->findings, o++, err);
			} else {
				tags[count++] = visited[f];
				rc = orgcheck_findings_take_one(merged, fresh, f++, err);
			}
		}
	}
	if (rc == 0) {
		*merged_visited = tags;
		tags = NULL;
	}
	free(tags);
	return rc;
}

/* The cross-record rules. With a focus, the visiting rules visit only
 * what it needs; with a cache, a whole check keeps the findings of the
 * local visiting rules (rulecache.h) and the next one visits again only
 * the records near what changed, reusing the rest. */
static int run_cross_record_rules(struct orgcheck_check_result *out, const struct orgcheck_corpus *corpus,
				  const struct orgcheck_config *config, const struct orgcheck_filelist *files,
				  const struct orgcheck_check_options *options, struct orgcheck_cache *cache,
				  const unsigned char *hashes, struct orgcheck_error *err)
{
	unsigned jobs = (unsigned)job_count(options->jobs, (size_t)-1);
	struct orgcheck_rulecache *old = NULL;
	struct rules_change change;
	struct orgcheck_findings fresh;
	struct orgcheck_findings merged;
	unsigned char *revisited = NULL;
	size_t *visit = NULL;
	size_t visit_count = 0;
	size_t *visited = NULL;
	size_t *merged_visited = NULL;
	const struct orgcheck_rulecache_record **same = NULL;
	char *path = NULL;
	uint64_t key = 0;
	size_t i;
	int rc = 0;

	memset(&change, 0, sizeof(change));
	orgcheck_findings_init(&fresh);
	orgcheck_findings_init(&merged);
	out->rules_visited = corpus->count;
	out->rules_records = corpus->count;
	out->rules_reused = 0;
	if (options->focus != NULL || cache == NULL || options->overlay_count > 0 || hashes == NULL) {
		rc = focus_visits(&visit, &visit_count, corpus, files, options, err);
		if (rc == 0 && visit != NULL)
			out->rules_visited = visit_count;
		if (rc == 0)
			rc = orgcheck_rules_run_some(&out->findings, &out->rule_operations, corpus, config,
						     &options->today, jobs, visit, visit != NULL ? visit_count : 0,
						     err);
		goto done;
	}
	key = rules_key(cache, config, &options->today);
	path = malloc(strlen(orgcheck_cache_dir(cache)) + sizeof("/rules"));
	if (path == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	sprintf(path, "%s/rules", orgcheck_cache_dir(cache));
	rc = orgcheck_rulecache_load(&old, path, key, orgcheck_catalog_find, err);
	if (rc == 0 && old != NULL)
		rc = find_change(&change, old, corpus, hashes, err);
	if (rc == 0 && old != NULL)
		rc = reuse_visits(&visit, &visit_count, &change, corpus, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_rules_run_tagged(&fresh, &visited, &out->rule_operations, corpus, config, &options->today,
				       jobs, visit, visit != NULL ? visit_count : 0, visit != NULL && change.names_kept,
				       err);
	if (rc < 0)
		goto done;
	if (visit != NULL) {
		out->rules_visited = visit_count;
		out->rules_reused = 1;
		revisited = calloc(corpus->count ? corpus->count : 1, 1);
		if (revisited == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		for (i = 0; i < visit_count; i++)
			revisited[visit[i]] = 1;
		rc = merge_reused(&merged, &merged_visited, &fresh, visited, old, &change, revisited, err);
		if (rc < 0)
			goto done;
	} else {
		merged = fresh;
		orgcheck_findings_init(&fresh);
		merged_visited = visited;
		visited = NULL;
	}
	/* Only the visiting rules' findings are kept for the next run. */
	for (i = 0; i < merged.count; i++) {
		if (!is_visitor(merged.items[i].rule))
			merged_visited[i] = NONE;
	}
	for (i = 0; i < corpus->count && memcmp(hashes + i * ORGCHECK_RULECACHE_HASH_SIZE, zero_hash,
						 ORGCHECK_RULECACHE_HASH_SIZE) != 0; i++)
		;
	/* A record whose file's hash is unknown cannot be matched next time;
	 * nothing changed, nothing to write. */
	if (i == corpus->count && (old == NULL || change.changed_count > 0 || change.gone > 0)) {
		same = unchanged_records(old, &change, corpus);
		rc = orgcheck_rulecache_save(path, key, corpus, hashes, same, &merged, merged_visited, err);
		if (rc < 0)
			goto done;
	}
	rc = orgcheck_findings_take(&out->findings, &merged, err);

done:
	rules_change_release(&change);
	orgcheck_rulecache_free(old);
	orgcheck_findings_release(&fresh);
	orgcheck_findings_release(&merged);
	free(revisited);
	free(visit);
	free(visited);
	free(merged_visited);
	free(same);
	free(path);
	return rc < 0 ? rc : 0;
}

int orgcheck_check_run(struct orgcheck_check_result *out,
		       const struct orgcheck_check_options *options,
		       struct orgcheck_error *err)
{
	struct orgcheck_filelist files;
	struct orgcheck_schema *schema = NULL;
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_config *defaults = NULL;
	struct orgcheck_cache *cache = NULL;
	unsigned char *hashes = NULL;
	const char **before = NULL;
	size_t i;
	const struct orgcheck_config *config = options->config;
	struct orgcheck_check_timings timings;
	struct orgcheck_broken broken = { NULL, NULL, 0 };
	struct pool pool;
	int pool_started = 0;
	double mark = orgcheck_clock_seconds();
	int rc = 0;

	orgcheck_findings_init(&out->findings);
	out->files = 0;
	out->organizations = 0;
	out->people = 0;
	out->valid = 0;
	out->rule_operations = 0;
	out->corpus = NULL;
	out->cache_hits = 0;
	out->cache_stat_hits = 0;
	out->rules_visited = 0;
	out->rules_records = 0;
	out->rules_reused = 0;
	out->cache_warning = NULL;
	orgcheck_filelist_init(&files);
	memset(&timings, 0, sizeof(timings));
	/* Once, on this thread, before any worker starts. */
	xmlInitParser();
	rc = pool_start(&pool, &files, &out->findings, options, err);
	if (rc < 0)
		goto done;
	pool_started = 1;

	if (config == NULL) {
		rc = orgcheck_config_new(&defaults, err);
		if (rc < 0)
			goto done;
		config = defaults;
	}
	rc = orgcheck_corpus_new(&corpus, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_schema_load(&schema, options->schema_dir, err);
	if (rc < 0)
		goto done;
	/* Compiling the schema counts as reading. */
	stage_done(&timings.read, &mark);
	if (options->cache_dir != NULL) {
		rc = orgcheck_cache_open(&cache, options->cache_dir, options->cache_root, options->schema_dir,
					 err);
		if (rc < 0)
			goto done;
	}
	rc = read_files(out, corpus, &hashes, &pool, schema, cache, options, &timings.discover, err);
	if (rc < 0)
		goto done;
	if (cache != NULL) {
		rc = orgcheck_cache_finish(cache, err);
		if (rc < 0)
			goto done;
		/* The records loaded from the cache point into its data, and the
		 * corpus outlives this run (the result keeps it). */
		rc = orgcheck_corpus_adopt_arena(corpus, orgcheck_cache_take_data(cache), err);
		if (rc < 0)
			goto done;
		if (orgcheck_cache_warning(cache) != NULL) {
			out->cache_warning = strdup(orgcheck_cache_warning(cache));
			if (out->cache_warning == NULL) {
				rc = orgcheck_error_nomem(err);
				goto done;
			}
		}
	}
	stage_done(&timings.read, &mark);
	/* The index sorts the records by path when they did not come so. */
	before = malloc((corpus->count ? corpus->count : 1) * sizeof(*before));
	if (before == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0; i < corpus->count; i++)
		before[i] = corpus->records[i].path;
	rc = orgcheck_corpus_index_with(corpus, (unsigned)job_count(options->jobs, (size_t)-1), err);
	if (rc == 0)
		rc = align_hashes(hashes, before, corpus, err);
	if (rc < 0)
		goto done;
	stage_done(&timings.index, &mark);
	rc = run_cross_record_rules(out, corpus, config, &files, options, cache, hashes, err);
	if (rc < 0)
		goto done;
	stage_done(&timings.rules, &mark);
	rc = orgcheck_schematron_check_corpus(&out->findings, corpus, options->schematrons,
					      options->schematron_count, err);
	if (rc < 0)
		goto done;
	stage_done(&timings.schematron, &mark);
	/* A broken record is still there: references to it get one finding. */
	rc = orgcheck_broken_collect(&broken, &out->findings, err);
	if (rc == 0)
		rc = orgcheck_broken_fold_references(&out->findings, &broken, err);
	orgcheck_broken_release(&broken);
	if (rc < 0)
		goto done;
	rc = orgcheck_config_apply(config, &out->findings, corpus, err);
	if (rc < 0)
		goto done;
	orgcheck_findings_sort(&out->findings);
	stage_done(&timings.finish, &mark);
	if (options->timings != NULL)
		*options->timings = timings;
	/* Now owned by the result */
	out->corpus = corpus;
	corpus = NULL;

done:
	/* Discovery writes files and the findings until it ends. */
	if (pool_started)
		pool_end(&pool);
	free(before);
	free(hashes);
	orgcheck_filelist_release(&files);
	orgcheck_schema_free(schema);
	/* After the corpus: unless the corpus took it, records loaded from
	 * the cache point into its data. */
	orgcheck_corpus_free(corpus);
	orgcheck_cache_free(cache);
	orgcheck_config_free(defaults);
	return rc;
}
