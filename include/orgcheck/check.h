/* The check pipeline: discover files (on a thread of its own, the workers
 * reading each file as soon as it is found), parse each safely, validate
 * it against its schema, extract its facts and free the DOM, then run the
 * cross-record rules over the indexed corpus, apply the configuration and
 * sort the findings. */
#ifndef ORGCHECK_CHECK_H
#define ORGCHECK_CHECK_H

#include <stddef.h>

#include <orgcheck/date.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/report.h>

struct orgcheck_config;
struct orgcheck_schematron_entry;

/* The most threads a check uses, whatever jobs asks for: more gain
 * nothing on one corpus and only cost memory. */
#define ORGCHECK_CHECK_MAX_JOBS 256

/* Told how many of the files found have been read so far (done of total).
 * Called only on the thread that called orgcheck_check_run, after each
 * file that thread reads and once when all are read; it must not call
 * back into orgcheck. */
typedef void orgcheck_check_progress_fn(void *data, size_t done, size_t total);

/* How long each stage of a check took, in seconds of wall-clock time:
 * where a slow run spends its time. */
struct orgcheck_check_timings {
	double discover;    /* finding the record files, while the first are read */
	double read;        /* reading, validating and extracting them (every thread) */
	double index;       /* indexing the records by id and name */
	double rules;       /* the cross-record rules */
	double schematron;  /* the Schematron schemas */
	double finish;      /* applying the configuration, sorting the findings */
};

/* A file read from memory instead of from disk, and perhaps under
 * another name: how fixed files are checked before they are written. */
struct orgcheck_check_overlay {
	const char *path;     /* the file as discovery finds it */
	const char *as_path;  /* the name it is checked under (a renamed file), or NULL for path */
	const char *data;     /* its bytes in place of the file's */
	size_t size;
};

/* The record files a caller will report the findings of, and no others
 * (check --only, --staged, --changed-since): only findings whose file,
 * related files or reference touch them. The rules that look at one
 * record at a time then visit only the records such findings can come
 * from, not the whole corpus; the findings that touch the focus are
 * exactly those of a full run, the others are incomplete. */
struct orgcheck_check_focus {
	/* The record id (file name without ".xml") of every file in focus,
	 * those that no longer exist included, sorted (strcmp). */
	const char *const *file_ids;
	size_t file_id_count;
	/* How many of them no longer exist (deleted in the change). */
	size_t gone_count;
	/* Whether path (a discovered record file) is one of the files. */
	int (*selects)(const void *data, const char *path);
	const void *data;
};

struct orgcheck_check_options {
	const char *const *paths;  /* files and directories to check */
	size_t path_count;
	/* 1 when every path names a distinct regular file (the files of git's
	 * index, as check --staged names them): they are taken without a
	 * stat() each (the cache stats them anyway), and a path that is no
	 * readable file is reported when it is read. */
	int paths_are_files;
	const char *schema_dir;    /* directory holding record.xsd */
	/* Rules configuration; NULL for the defaults. Only read: the run keeps
	 * its own state (which exceptions matched), so one configuration may
	 * serve several runs, one after another or at once. */
	const struct orgcheck_config *config;
	struct orgcheck_date today;      /* "now" for date rules; required */
	/* Threads that read, validate and extract files, and run the rules
	 * (0: one more than the online CPUs; at most ORGCHECK_CHECK_MAX_JOBS).
	 * The result is the same for every count. */
	unsigned jobs;
	/* Schematron schemas run over every record after the rules. A run
	 * with any must not overlap a Schematron load or an HTML render on
	 * another thread: libxslt reports key() errors through its
	 * process-wide handler, which those set (see schematron.h). */
	const struct orgcheck_schematron_entry *schematrons;
	size_t schematron_count;
	/* The cache of the per-file work (see README, "The cache"): a
	 * directory, created when missing; NULL for none. Only files under
	 * cache_root (the corpus root; NULL for the current directory) are
	 * cached. The findings are the same with and without it. */
	const char *cache_dir;
	const char *cache_root;
	orgcheck_check_progress_fn *progress;  /* NULL for none */
	void *progress_data;
	struct orgcheck_check_timings *timings;  /* NULL for none; filled by a run that succeeds */
	/* Files whose bytes are given, sorted by path (strcmp); none for a
	 * check of the files as they are. Borrowed for the run. */
	const struct orgcheck_check_overlay *overlays;
	size_t overlay_count;
	/* Keep every record's bytes (record->source) also without Schematron
	 * schemas: the fixes are computed on the very bytes the check read. */
	int keep_sources;
	/* What the caller will report the findings of, or NULL for all. */
	const struct orgcheck_check_focus *focus;
};


/* Runs the check. out is initialised here and owned by the caller, who
 * releases it with orgcheck_check_result_release (also after an error).
 * Problems in the records are findings; the return value is negative only
 * when the tool itself cannot go on (a path that does not exist, a broken
 * schema, no memory). */
int orgcheck_check_run(struct orgcheck_check_result *out,
		       const struct orgcheck_check_options *options,
		       struct orgcheck_error *err);

void orgcheck_check_result_release(struct orgcheck_check_result *result);

#endif
