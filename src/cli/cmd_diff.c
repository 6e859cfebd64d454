/* orgcheck diff: what did an edit introduce? Compares the findings of two
 * states of a corpus by fingerprint. */
#define _XOPEN_SOURCE 700 /* nftw, to remove the extracted revision */

#include "cli.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include <orgcheck/baseline.h>
#include <orgcheck/broken.h>
#include <orgcheck/config.h>
#include <orgcheck/results.h>
#include "args.h"
#include "root.h"
#include "emit.h"
#include "git.h"
#include "output.h"
#include "run.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck diff [OPTIONS] OLD NEW [PATH...]\n"
	      "\n"
	      "Lists the findings an edit introduced and resolved, and counts those it\n"
	      "left unchanged. The findings of a record that cannot be read now, or\n"
	      "that is missing while something still refers to it, are unknown, not\n"
	      "resolved (as check --baseline counts them).\n"
	      "OLD and NEW are each a directory (the corpus is DIR/PATH, PATH default\n"
	      "records), a results document saved with 'check --format xml', or a git\n"
	      "revision (read with git archive into a temporary directory; the working\n"
	      "tree and the index are never touched). Findings are matched by their\n"
	      "fingerprints, which do not depend on line numbers.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	orgcheck_emit_print_formats(out);
	fputs("\n"
	      "Exit status: 0 nothing at or above --fail-on introduced, 1 something was,\n"
	      "2 usage, configuration or I/O error.\n", out);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Checks the corpus TREE/PATH... and makes its paths read PATH/...
 * again, so both sides speak of the same files. */
static int check_tree(struct orgcheck_check_result *out, const struct orgcheck_run_settings *run,
		      const struct orgcheck_cli *cli, const char *tree,
		      const char *const *paths, size_t path_count)
{
	struct orgcheck_error err = { 0 };
	char **joined = calloc(path_count + 1, sizeof(*joined));
	char prefix[4096];
	size_t length = 0;
	size_t i;
	int rc = -1;

	if (joined == NULL) {
		orgcheck_cli_error(cli, "out of memory");
		return -1;
	}
	snprintf(prefix, sizeof(prefix), "%s/", tree);
	for (i = 0; i < path_count; i++) {
		length = strlen(prefix) + strlen(paths[i]) + 1;
		joined[i] = malloc(length);
		if (joined[i] == NULL) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
		snprintf(joined[i], length, "%s%s", prefix, paths[i]);
	}
	if (orgcheck_run_check(out, run, cli, (const char *const *)joined, path_count) < 0)
		goto done;
	orgcheck_findings_strip_prefix(&out->findings, prefix, &err);
	rc = 0;

done:
	for (i = 0; i < path_count; i++)
		free(joined[i]);
	free(joined);
	return rc;
}

/* A directory side that holds no PATH: a directory inside a corpus
 * (diff HEAD . from records/organizations) stands for its corpus root; any
 * other is a records directory, checked as TMP/records (a symbolic link)
 * so its paths read records/... as the other side's do. */
static int check_directory(struct orgcheck_check_result *out, const struct orgcheck_run_settings *run,
			   const struct orgcheck_cli *cli, const char *side)
{
	static const char *const records[] = { "records" };
	struct orgcheck_root root;
	char tmp[] = "/tmp/orgcheck-diff-XXXXXX";
	char link[sizeof(tmp) + 16];
	char target[PATH_MAX];
	int rc = -1;

	orgcheck_root_find(&root, side);
	if (root.found && (orgcheck_root_same(root.records, side) || orgcheck_root_contains(root.records, side)))
		return check_tree(out, run, cli, root.root, records, 1);
	if (realpath(side, target) == NULL || mkdtemp(tmp) == NULL) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	snprintf(link, sizeof(link), "%s/records", tmp);
	if (symlink(target, link) == 0)
		rc = check_tree(out, run, cli, tmp, records, 1);
	else
		orgcheck_cli_error(cli, "cannot make a temporary directory");
	(void)remove(link);
	(void)remove(tmp);
	return rc;
}

/* One side of the comparison: a directory (a tree root or a records
 * directory), a results document or a git revision (its tree below the
 * corpus root from, "." when there is none). */
static int load_side(struct orgcheck_check_result *out, const struct orgcheck_run_settings *run,
		     const struct orgcheck_cli *cli, const char *side, const char *from,
		     const char *const *paths, size_t path_count)
{
	struct orgcheck_error err = { 0 };
	char tmp[] = "/tmp/orgcheck-diff-XXXXXX";
	char held[PATH_MAX + 16];
	xmlDocPtr doc = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	orgcheck_findings_init(&out->findings);
	if (is_directory(side)) {
		snprintf(held, sizeof(held), "%s/%s", side, paths[0]);
		if (path_count > 1 || access(held, F_OK) == 0)
			return check_tree(out, run, cli, side, paths, path_count);
		return check_directory(out, run, cli, side);
	}
	if (is_regular_file(side)) {
		if (orgcheck_cli_load_results(&doc, cli, side, run->data_dir) < 0)
			return -1;
		rc = orgcheck_results_read(&out->findings, doc, &err);
		xmlFreeDoc(doc);
		if (rc < 0)
			orgcheck_cli_error(cli, "%s: %s", side, err.message);
		return rc < 0 ? -1 : 0;
	}
	if (mkdtemp(tmp) == NULL) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	if (orgcheck_git_extract(cli, side, from, tmp) == 0)
		rc = check_tree(out, run, cli, tmp, paths, path_count);
	(void)nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

/* Whether a side reads as the corpus the curator stands in, so that its
 * findings' paths (records/...) are that corpus's: a revision of it, a
 * results document saved from it, or a directory inside it. */
static int side_of_corpus(const char *side, const struct orgcheck_root *where)
{
	struct orgcheck_root root;

	if (!is_directory(side))
		return 1;
	orgcheck_root_find(&root, side);
	return root.found && orgcheck_root_same(root.root, where->root);
}

/* A shallow view of the findings in one state, for the text sections. */
static void print_section(FILE *out, const struct orgcheck_findings *all, enum orgcheck_baseline_state state,
			  const char *title, int color)
{
	struct orgcheck_findings view;
	struct orgcheck_error err = { 0 };
	size_t i;

	orgcheck_findings_init(&view);
	view.items = malloc((all->count + 1) * sizeof(*view.items));
	if (view.items == NULL)
		return;
	for (i = 0; i < all->count; i++) {
		if (all->items[i].state == state)
			view.items[view.count++] = all->items[i];
	}
	if (view.count > 0) {
		fprintf(out, "%s:\n", title);
		(void)orgcheck_render_text(out, &view, color, &err);
	}
	/* The items belong to all; only the array is ours. */
	free(view.items);
}

static size_t count_state(const struct orgcheck_findings *findings, enum orgcheck_baseline_state state)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < findings->count; i++)
		n += findings->items[i].state == state;
	return n;
}

/* Text: the counts, then the introduced and resolved findings, and the
 * unchanged ones only when asked for (they are the backlog, not the
 * edit). */
static int write_text(const struct orgcheck_cli *cli, const struct orgcheck_emit_settings *emit,
		      const struct orgcheck_findings *findings, size_t unknown, int show_unchanged)
{
	struct orgcheck_output output = { 0 };
	int color = emit->color == ORGCHECK_COLOR_ALWAYS ||
		    (emit->color == ORGCHECK_COLOR_AUTO && emit->output_path == NULL &&
		     isatty(fileno(cli->out)) && getenv("NO_COLOR") == NULL);

	if (orgcheck_output_open(&output, emit->output_path, cli->out, cli->err) < 0)
		return -1;
	fprintf(output.stream, "introduced: %zu, resolved: %zu, unchanged: %zu",
		count_state(findings, ORGCHECK_STATE_NEW), count_state(findings, ORGCHECK_STATE_ABSENT),
		count_state(findings, ORGCHECK_STATE_UNCHANGED));
	if (unknown > 0)
		fprintf(output.stream, ", unknown: %zu", unknown);
	fputc('\n', output.stream);
	print_section(output.stream, findings, ORGCHECK_STATE_NEW, "introduced", color);
	print_section(output.stream, findings, ORGCHECK_STATE_ABSENT, "resolved", color);
	if (show_unchanged)
		print_section(output.stream, findings, ORGCHECK_STATE_UNCHANGED, "unchanged", color);
	return orgcheck_output_commit(&output, cli->err);
}

static int keep_new(void *data, struct orgcheck_finding *finding)
{
	(void)data;
	return finding->state == ORGCHECK_STATE_NEW;
}

/* SARIF: only what is there now (new, unchanged); a resolved result
 * with its old line numbers would open an alert at the wrong place. */
static int keep_present(void *data, struct orgcheck_finding *finding)
{
	(void)data;
	return finding->state != ORGCHECK_STATE_ABSENT;
}

struct unknown_state {
	const struct orgcheck_broken *broken;
	size_t dropped;
	const char *example;   /* a broken file, for the message */
	const unsigned char *missing; /* per finding, in order: its record is missing */
	size_t at;             /* the finding keep_known is called for */
	size_t missing_dropped;
	char *missing_example; /* "record 'baa' is missing while PATH:LINE still refers to it" */
};

/* Marks, per finding of compared, the resolved ones whose record is
 * missing while a present OC110 still refers to it (a record deleted in
 * this change): unknown, not resolved, as check --baseline says (OC191).
 * Keeps the first explanation. Returns 0 or -1 (out of memory). */
static int mark_missing(unsigned char **out, char **example, const struct orgcheck_findings *compared,
			const struct orgcheck_broken *broken, const char *prefix)
{
	const struct orgcheck_finding *f = NULL;
	const struct orgcheck_finding *ref = NULL;
	const char *id = NULL;
	unsigned char *missing = NULL;
	size_t i;
	int n = 0;

	*out = NULL;
	*example = NULL;
	missing = calloc(compared->count + 1, 1);
	if (missing == NULL)
		return -1;
	for (i = 0; i < compared->count; i++) {
		f = &compared->items[i];
		/* A broken record is there, only unreadable: keep_known says so. */
		if (f->state != ORGCHECK_STATE_ABSENT || orgcheck_broken_touches(broken, f) != NULL ||
		    orgcheck_broken_in_text(broken, f->message) != NULL)
			continue;
		ref = orgcheck_broken_missing_reference(&id, compared, f);
		if (ref == NULL)
			continue;
		missing[i] = 1;
		if (*example != NULL)
			continue;
		n = snprintf(NULL, 0, "record '%s' is missing while %s%s:%lu still refers to it", id, prefix,
			     ref->primary.path, ref->primary.line);
		*example = n < 0 ? NULL : malloc((size_t)n + 1);
		if (*example == NULL) {
			free(missing);
			return -1;
		}
		snprintf(*example, (size_t)n + 1, "record '%s' is missing while %s%s:%lu still refers to it", id,
			 prefix, ref->primary.path, ref->primary.line);
	}
	*out = missing;
	return 0;
}

/* A finding that is gone because its record cannot be read now is not
 * resolved: nobody knows. */
static int keep_known(void *data, struct orgcheck_finding *finding)
{
	struct unknown_state *state = data;
	const char *path = NULL;
	size_t at = state->at++;

	if (finding->state != ORGCHECK_STATE_ABSENT)
		return 1;
	if (state->missing != NULL && state->missing[at]) {
		state->missing_dropped++;
		return 0;
	}
	path = orgcheck_broken_touches(state->broken, finding);
	if (path == NULL)
		path = orgcheck_broken_in_text(state->broken, finding->message);
	if (path == NULL)
		return 1;
	state->dropped++;
	if (state->example == NULL)
		state->example = path;
	return 0;
}

int orgcheck_cmd_diff(const struct orgcheck_cli *cli, int argc, char **argv)
{
	static const char *const default_paths[] = { "records" };
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_root where;
	struct orgcheck_emit_settings emit;
	struct orgcheck_check_result before;
	struct orgcheck_check_result after;
	struct orgcheck_check_result compared;
	struct orgcheck_report report;
	struct orgcheck_error err = { 0 };
	struct orgcheck_broken broken = { NULL, NULL, 0 };
	struct unknown_state unknown = { NULL, 0, NULL, NULL, 0, 0, NULL };
	unsigned char *missing = NULL;
	size_t introduced = 0;
	size_t resolved = 0;
	size_t unchanged = 0;
	int show_unchanged = 0;
	const char *const *paths = default_paths;
	size_t path_count = 1;
	int fail_on = ORGCHECK_SEVERITY_ERROR;
	const char *from = NULL;
	char display_prefix[PATH_MAX + 2] = "";
	char example[2 * PATH_MAX + 2];
	int quiet = 0;
	int text = 0;
	char formats[256];
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_CALL('f', "format", "FORMAT", &emit, orgcheck_emit_take_format, formats),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &emit.output_path,
				    "write the report to FILE (atomically)"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &emit.stylesheet,
				    "render --format html with this XSLT stylesheet"),
		ORGCHECK_OPT_STRING(0, "link-template", "TEMPLATE", &emit.link_template,
				    "in --format html, link each location to TEMPLATE with {path} and {line} "
				    "replaced (default: {path}, a link relative to the report)"),
		ORGCHECK_OPT_CALL(0, "color", "WHEN", &emit, orgcheck_emit_take_color,
				  "colour the text output: auto (default), always or never"),
		ORGCHECK_OPT_FLAG(0, "show-unchanged", &show_unchanged,
				  "text: also list the unchanged findings (by default only their count)"),
		ORGCHECK_OPT_CALL(0, "fail-on", "LEVEL", &fail_on, orgcheck_emit_take_fail_on,
				  "exit 1 when a finding at or above LEVEL was introduced: error (default), "
				  "warning, info or none"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path,
				    "the rules configuration for both sides, as for check"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "take DATE (YYYY-MM-DD) as today, as for check"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option, "read schemas from DIR/schemas"),
		ORGCHECK_OPT_CALL('j', "jobs", "N", &run, orgcheck_run_take_jobs,
				  "read and validate files with N threads, as for check"),
		ORGCHECK_OPT_FLAG(0, "timings", &run.timings,
				  "print how long each stage of the check took (seconds) on standard error"),
		ORGCHECK_OPT_FLAG('q', "quiet", &quiet,
				  "do not print the summary line (nor, on a terminal, the progress) on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&run, 0, sizeof(run));
	memset(&emit, 0, sizeof(emit));
	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	memset(&compared, 0, sizeof(compared));
	orgcheck_emit_format_names(formats, sizeof(formats), "", "text");
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "diff", print_help) < 0)
		goto done;
	emit.quiet = quiet;
	run.quiet = quiet;
	if (args.operand_count < 2) {
		orgcheck_cli_error(cli, "'orgcheck diff' needs OLD and NEW; see 'orgcheck diff --help'");
		goto done;
	}
	if (args.operand_count > 2) {
		paths = args.operands + 2;
		path_count = args.operand_count - 2;
	}
	orgcheck_root_find(&where, ".");
	run.corpus_rules = where.rules;
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	from = where.found ? where.root : ".";
	if (load_side(&before, &run, cli, args.operands[0], from, paths, path_count) < 0 ||
	    load_side(&after, &run, cli, args.operands[1], from, paths, path_count) < 0)
		goto done;
	compared = after;
	/* No records section: the corpus's paths still carry the tree they
	 * were read from (a temporary directory for a revision), and absent
	 * findings are about records of the other side. */
	compared.corpus = NULL;
	orgcheck_findings_init(&compared.findings);
	/* The records broken now, from the new side alone (one broken only
	 * before and fixed now is resolved as usual). */
	if (orgcheck_broken_collect(&broken, &after.findings, &err) < 0 ||
	    orgcheck_findings_diff(&compared.findings, &before.findings, &after.findings, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	unknown.broken = &broken;
	/* Compared as records/..., shown relative to here as check shows
	 * them (../../records/... from records/organizations). */
	if (where.found && strcmp(where.root, ".") != 0 && side_of_corpus(args.operands[0], &where) &&
	    side_of_corpus(args.operands[1], &where))
		snprintf(display_prefix, sizeof(display_prefix), "%s/", where.root);
	if (mark_missing(&missing, &unknown.missing_example, &compared.findings, &broken, display_prefix) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	/* keep_known is called once per finding, in order. */
	unknown.missing = missing;
	orgcheck_findings_retain(&compared.findings, keep_known, &unknown);
	if (display_prefix[0] != '\0') {
		if (orgcheck_findings_prefix_paths(&compared.findings, display_prefix, &err) < 0) {
			orgcheck_cli_error(cli, "%s", err.message);
			goto done;
		}
	}
	introduced = count_state(&compared.findings, ORGCHECK_STATE_NEW);
	resolved = count_state(&compared.findings, ORGCHECK_STATE_ABSENT);
	unchanged = count_state(&compared.findings, ORGCHECK_STATE_UNCHANGED);

	memset(&report, 0, sizeof(report));
	report.result = &compared;
	report.config = run.config;
	report.rules_file = run.config ? orgcheck_config_path(run.config) : NULL;
	report.today = run.today;
	report.fail_on = fail_on;
	report.failed = orgcheck_emit_failed(&compared.findings, fail_on, 1);
	quiet = emit.quiet;
	text = emit.format == NULL || strcmp(emit.format->name, "text") == 0;
	if (text) {
		if (write_text(cli, &emit, &compared.findings, unknown.dropped + unknown.missing_dropped,
			       show_unchanged) < 0)
			goto done;
	} else {
		/* Annotations, JUnit and Code Quality are about what to fix now:
		 * only the introduced findings. The other formats carry all three
		 * states (baseline-state, SARIF baselineState). */
		if (strcmp(emit.format->name, "github") == 0 || strcmp(emit.format->name, "gitlab") == 0 ||
		    strcmp(emit.format->name, "junit") == 0)
			orgcheck_findings_retain(&compared.findings, keep_new, NULL);
		else if (strcmp(emit.format->name, "sarif") == 0)
			orgcheck_findings_retain(&compared.findings, keep_present, NULL);
		emit.quiet = 1;
		if (orgcheck_emit(cli, &emit, &report, run.data_dir) < 0)
			goto done;
	}
	/* The same counts whatever the format (some carry fewer states); the
	 * text report on standard output opens with them already. */
	if (!quiet && !text) {
		fprintf(cli->err, "orgcheck: %zu introduced, %zu resolved, %zu unchanged", introduced, resolved,
			unchanged);
		if (unknown.dropped + unknown.missing_dropped > 0)
			fprintf(cli->err, ", %zu unknown", unknown.dropped + unknown.missing_dropped);
		fputc('\n', cli->err);
	}
	if (unknown.missing_dropped > 0)
		fprintf(cli->err,
			"orgcheck: %zu earlier finding%s %s unknown, not resolved: %s; restore the record or "
			"remove the references\n",
			unknown.missing_dropped, unknown.missing_dropped == 1 ? "" : "s",
			unknown.missing_dropped == 1 ? "is" : "are", unknown.missing_example);
	if (unknown.dropped > 0) {
		snprintf(example, sizeof(example), "%s%s", display_prefix, unknown.example);
		fprintf(cli->err,
			"orgcheck: %zu earlier finding%s of records that cannot be read now (such as %s) %s "
			"unknown, not resolved\n",
			unknown.dropped, unknown.dropped == 1 ? "" : "s", example,
			unknown.dropped == 1 ? "is" : "are");
	}
	status = report.failed ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	orgcheck_broken_release(&broken);
	free(missing);
	free(unknown.missing_example);
	orgcheck_findings_release(&compared.findings);
	orgcheck_check_result_release(&before);
	orgcheck_check_result_release(&after);
	orgcheck_run_release(&run);
	orgcheck_args_release(&args);
	return status;
}
