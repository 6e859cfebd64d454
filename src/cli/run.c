#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <orgcheck/clock.h>
#include <orgcheck/config.h>
#include "cli.h"
#include "datadir.h"

/* Loads the configuration the user chose, else the corpus root's
 * orgcheck-rules.xml, else the shipped default; *out stays NULL (built-in
 * defaults) when none exists. used (may be NULL) says which was read.
 * Returns 0 or -1 after printing the error. */
int orgcheck_cli_load_rules(struct orgcheck_config **out, const struct orgcheck_cli *cli,
			    const char *explicit_path, const char *corpus_rules, const char *data_dir,
			    char *used, size_t used_size)
{
	struct orgcheck_error err = { 0 };
	char schema_dir[PATH_MAX + 16];
	char shipped[PATH_MAX + 32];
	const char *path = explicit_path;

	*out = NULL;
	snprintf(schema_dir, sizeof(schema_dir), "%s/schemas", data_dir);
	if (path == NULL && corpus_rules != NULL && corpus_rules[0] != '\0')
		path = corpus_rules;
	if (used != NULL)
		snprintf(used, used_size, "%s", path ? path : "the shipped rules/default.xml");
	if (path == NULL) {
		snprintf(shipped, sizeof(shipped), "%s/rules/default.xml", data_dir);
		if (access(shipped, F_OK) != 0) {
			if (used != NULL)
				snprintf(used, used_size, "the built-in defaults");
			return 0;
		}
		path = shipped;
	}
	if (orgcheck_config_load(out, path, schema_dir, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	return 0;
}

int orgcheck_run_take_today(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct orgcheck_run_settings *settings = store;

	int year = 0;
	int month = 0;
	int day = 0;
	char end = 0;

	if (orgcheck_date_parse(&settings->today, value) < 0 || settings->today.day == 0) {
		/* A date of the right shape that the calendar does not have. */
		if (sscanf(value, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 && strlen(value) == 10)
		{
			if (month < 1 || month > 12)
				orgcheck_cli_error(cli, "invalid --today '%s': there is no month %02d", value, month);
			else
				orgcheck_cli_error(cli, "invalid --today '%s': that date does not exist "
						   "(%04d-%02d has no day %02d)", value, year, month, day);
		}
		else
			orgcheck_cli_error(cli, "invalid --today '%s': use a date YYYY-MM-DD", value);
		return -1;
	}
	settings->today_given = 1;
	return 0;
}

int orgcheck_run_take_jobs(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct orgcheck_run_settings *settings = store;
	char *end = NULL;
	long jobs = 0;

	jobs = strtol(value, &end, 10);
	if (end == value || *end != '\0' || jobs < 1 || jobs > ORGCHECK_CHECK_MAX_JOBS) {
		orgcheck_cli_error(cli, "invalid --jobs '%s': use a number from 1 to %d", value,
				   ORGCHECK_CHECK_MAX_JOBS);
		return -1;
	}
	settings->jobs = (unsigned)jobs;
	return 0;
}

void orgcheck_run_system_today(struct orgcheck_date *out)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	gmtime_r(&now, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

static int add_schematron(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli,
			  const char *path, const char *phase, enum orgcheck_severity severity)
{
	struct orgcheck_error err = { 0 };
	size_t n = settings->schematron_count;

	if (orgcheck_schematron_load(&settings->schematrons[n], path, phase, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	settings->schematron_entries[n].schema = settings->schematrons[n];
	settings->schematron_entries[n].default_severity = severity;
	settings->schematron_count++;
	return 0;
}

static int load_schematrons(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli)
{
	const struct orgcheck_config_schematron *entry = NULL;
	size_t configured = orgcheck_config_schematron_count(settings->config);
	size_t total = configured + settings->schematron_path_count;
	size_t i;

	if (total == 0)
		return 0;
	settings->schematrons = calloc(total, sizeof(*settings->schematrons));
	settings->schematron_entries = calloc(total, sizeof(*settings->schematron_entries));
	if (settings->schematrons == NULL || settings->schematron_entries == NULL) {
		orgcheck_cli_error(cli, "out of memory");
		return -1;
	}
	for (i = 0; i < configured; i++) {
		entry = orgcheck_config_schematron(settings->config, i);
		if (access(entry->path, R_OK) != 0) {
			/* Say which file asked for it and how its href is read. */
			orgcheck_cli_error(cli, "%s: cannot open the Schematron schema '%s' its <schematron href> "
					   "names (an href is relative to the rules file): %s",
					   orgcheck_config_path(settings->config), entry->path, strerror(errno));
			return -1;
		}
		if (add_schematron(settings, cli, entry->path, entry->phase, entry->severity) < 0)
			return -1;
	}
	for (i = 0; i < settings->schematron_path_count; i++) {
		if (add_schematron(settings, cli, settings->schematron_paths[i], NULL,
				   ORGCHECK_SEVERITY_WARNING) < 0)
			return -1;
	}
	return 0;
}

int orgcheck_run_prepare(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli)
{
	if (orgcheck_datadir_find(settings->data_dir, sizeof(settings->data_dir),
				  settings->data_dir_option) < 0) {
		orgcheck_cli_error(cli, "cannot find orgcheck's schemas (schemas/record.xsd); looked in %s; "
				   "use --data-dir", settings->data_dir);
		return -1;
	}
	snprintf(settings->schema_dir, sizeof(settings->schema_dir), "%s/schemas", settings->data_dir);
	if (orgcheck_cli_load_rules(&settings->config, cli, settings->rules_path, settings->corpus_rules,
				    settings->data_dir, settings->rules_used, sizeof(settings->rules_used)) < 0)
		return -1;
	if (load_schematrons(settings, cli) < 0)
		return -1;
	if (!settings->today_given)
		orgcheck_run_system_today(&settings->today);
	return 0;
}

/* Progress on a terminal: "checked 51,200 of 100,000 files", rewritten in
 * place at most ten times a second, from half a second into the run on
 * (a short run shows nothing), and erased at the end. */
struct progress {
	FILE *stream;
	double start;
	double last;     /* when the line was last written; 0 before the first */
	int shown;
};

/* n with a comma between groups of three digits. */
static void group_digits(char *buf, size_t size, size_t n)
{
	char digits[32];
	size_t length = (size_t)snprintf(digits, sizeof(digits), "%zu", n);
	size_t at = 0;
	size_t i;

	for (i = 0; i < length && at + 2 < size; i++) {
		if (i > 0 && (length - i) % 3 == 0)
			buf[at++] = ',';
		buf[at++] = digits[i];
	}
	buf[at] = '\0';
}

static void show_progress(void *data, size_t done, size_t total)
{
	struct progress *progress = data;
	double now = orgcheck_clock_seconds();
	char done_text[32];
	char total_text[32];

	if (done < total && (now - progress->start < 0.5 || now - progress->last < 0.1))
		return;
	if (done == total) {
		/* The files are read; the rules are quick. Leave no trace. */
		if (progress->shown)
			fputs("\r\033[K", progress->stream);
		progress->shown = 0;
		fflush(progress->stream);
		return;
	}
	group_digits(done_text, sizeof(done_text), done);
	group_digits(total_text, sizeof(total_text), total);
	fprintf(progress->stream, "\rorgcheck: checked %s of %s files\033[K", done_text, total_text);
	fflush(progress->stream);
	progress->last = now;
	progress->shown = 1;
}

void orgcheck_run_options(struct orgcheck_check_options *out, const struct orgcheck_run_settings *settings,
			  const char *const *paths, size_t path_count)
{
	memset(out, 0, sizeof(*out));
	out->paths = paths;
	out->path_count = path_count;
	out->schema_dir = settings->schema_dir;
	out->config = settings->config;
	out->today = settings->today;
	out->jobs = settings->jobs;
	out->schematrons = settings->schematron_entries;
	out->schematron_count = settings->schematron_count;
	out->keep_sources = settings->keep_sources;
}

int orgcheck_run_check(struct orgcheck_check_result *out, const struct orgcheck_run_settings *settings,
		       const struct orgcheck_cli *cli, const char *const *paths, size_t path_count)
{
	struct orgcheck_check_options options;
	struct orgcheck_error err = { 0 };
	struct orgcheck_check_timings timings;
	struct progress progress;
	double start = orgcheck_clock_seconds();

	memset(&timings, 0, sizeof(timings));
	memset(&progress, 0, sizeof(progress));
	orgcheck_run_options(&options, settings, paths, path_count);
	options.cache_dir = settings->cache_dir;
	options.cache_root = settings->cache_root;
	options.focus = settings->focus;
	options.overlays = settings->overlays;
	options.overlay_count = settings->overlay_count;
	options.paths_are_files = settings->paths_are_files;
	if (settings->timings)
		options.timings = &timings;
	if (!settings->quiet && isatty(fileno(cli->err))) {
		progress.stream = cli->err;
		progress.start = orgcheck_clock_seconds();
		options.progress = show_progress;
		options.progress_data = &progress;
	}
	if (orgcheck_check_run(out, &options, &err) < 0) {
		if (progress.shown)
			fputs("\r\033[K", progress.stream);
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	if (settings->timings)
		fprintf(cli->err,
			"orgcheck: timings: %zu files in %.3f s: discover %.3f, read %.3f, index %.3f, "
			"rules %.3f, schematron %.3f, finish %.3f\n",
			out->files, orgcheck_clock_seconds() - start, timings.discover, timings.read, timings.index,
			timings.rules, timings.schematron, timings.finish);
	if (settings->timings && settings->cache_dir != NULL)
		fprintf(cli->err, "orgcheck: cache: %zu of %zu files from the cache, %zu of them not read\n",
			out->cache_hits, out->files, out->cache_stat_hits);
	if (settings->timings)
		fprintf(cli->err, "orgcheck: rules: %zu of %zu records visited%s\n", out->rules_visited,
			out->rules_records, out->rules_reused ? ", the others' findings kept from the last check" : "");
	/* Once per run: the check went on without the cache. */
	if (out->cache_warning != NULL)
		fprintf(cli->err, "orgcheck: warning: %s; the check went on without storing its results\n",
			out->cache_warning);
	return 0;
}

void orgcheck_run_release(struct orgcheck_run_settings *settings)
{
	size_t i;

	orgcheck_config_free(settings->config);
	settings->config = NULL;
	for (i = 0; i < settings->schematron_count; i++)
		orgcheck_schematron_free(settings->schematrons[i]);
	free(settings->schematrons);
	free(settings->schematron_entries);
	settings->schematrons = NULL;
	settings->schematron_entries = NULL;
	settings->schematron_count = 0;
}
