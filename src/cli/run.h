/* What check, baseline and diff share: finding the data directory, the
 * rules configuration and today's date, and running the check. */
#ifndef ORGCHECK_RUN_H
#define ORGCHECK_RUN_H

#include <limits.h>
#include <stddef.h>

#include <orgcheck/check.h>
#include <orgcheck/date.h>
#include <orgcheck/schematron_run.h>

struct orgcheck_cli;
struct orgcheck_config;

struct orgcheck_run_settings {
	/* set by the command from its options (NULL / 0 for the defaults) */
	const char *data_dir_option;
	const char *rules_path;
	const char *corpus_rules;  /* the corpus root's orgcheck-rules.xml (corpus.h), or NULL */
	struct orgcheck_date today;
	int today_given;
	unsigned jobs;    /* -j; 0 for one thread more than the online CPUs */
	int quiet;        /* no progress on standard error */
	int timings;      /* --timings: how long each stage took, on standard error */
	int keep_sources; /* keep the bytes of every record (for fixes) */
	/* The cache directory (--cache-dir, else $ORGCHECK_CACHE_DIR, else
	 * .orgcheck-cache); NULL for none: commands that take no cache
	 * options, and check --no-cache. */
	const char *cache_dir;
	const char *cache_root;  /* the files it covers: those under this directory (NULL: here) */
	/* Files whose bytes are given (check.h), sorted by path; none: the
	 * files as they are. Borrowed. */
	const struct orgcheck_check_overlay *overlays;
	size_t overlay_count;
	int paths_are_files;  /* check.h: the paths are distinct regular files */
	const char *const *schematron_paths;  /* --schematron, in order */
	size_t schematron_path_count;
	/* The files whose findings alone the command reports (check.h), or
	 * NULL for all. */
	const struct orgcheck_check_focus *focus;
	/* filled by orgcheck_run_prepare */
	char data_dir[PATH_MAX];
	char schema_dir[PATH_MAX + 16];
	struct orgcheck_config *config;
	char rules_used[PATH_MAX + 64];  /* which rules were read, for the summary line */
	/* the configuration's Schematron schemas, then --schematron's */
	struct orgcheck_schematron **schematrons;
	struct orgcheck_schematron_entry *schematron_entries;
	size_t schematron_count;
};

/* Option values (orgcheck_option_take_fn, args.h) into the struct
 * orgcheck_run_settings at store: a --today date, a --jobs number from 1
 * to ORGCHECK_CHECK_MAX_JOBS. Each prints and returns -1 if bad. */
int orgcheck_run_take_today(void *store, const struct orgcheck_cli *cli, const char *value);
int orgcheck_run_take_jobs(void *store, const struct orgcheck_cli *cli, const char *value);

/* Finds the data directory, loads the rules configuration and the
 * Schematron schemas (the configuration's and --schematron's) and fixes
 * today. Prints and returns -1 on failure. */
int orgcheck_run_prepare(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli);

/* Runs the check over paths; prints and returns -1 on failure. out is
 * initialised here; release it with orgcheck_check_result_release. A long
 * run shows its progress on standard error when that is a terminal and
 * settings->quiet is not set; with settings->timings, a line there says
 * how long each stage took. */
int orgcheck_run_check(struct orgcheck_check_result *out, const struct orgcheck_run_settings *settings,
		       const struct orgcheck_cli *cli, const char *const *paths, size_t path_count);

/* The options orgcheck_run_check runs the check over paths with, without
 * progress or timings: what a check of the fixed corpus takes again. */
void orgcheck_run_options(struct orgcheck_check_options *out, const struct orgcheck_run_settings *settings,
			  const char *const *paths, size_t path_count);

/* Today's date from the system clock, in UTC. */
void orgcheck_run_system_today(struct orgcheck_date *out);

void orgcheck_run_release(struct orgcheck_run_settings *settings);

#endif
