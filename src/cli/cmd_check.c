/* orgcheck check: validate records and check them against each other. */
#define _XOPEN_SOURCE 700 /* nftw, to remove the checked-out index */

#include "cli.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <orgcheck/baseline.h>
#include <orgcheck/config.h>
#include <orgcheck/fixes.h>
#include "args.h"
#include "root.h"
#include "emit.h"
#include "git.h"
#include "run.h"
#include "select.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck check [OPTIONS] [PATH...]\n"
	      "\n"
	      "Validates every *.xml record under each PATH (default: records/) against\n"
	      "the record schema, checks the records against each other (references,\n"
	      "links, dates, founders, conflicting claims; see 'orgcheck rules') and\n"
	      "prints one line per problem:\n"
	      "  path:line:column: severity: message [RULE]\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	orgcheck_emit_print_formats(out);
	fputs("\n"
	      "Colour is used only on a terminal, never when NO_COLOR is set and not\n"
	      "empty or TERM is \"dumb\"; --color overrides both.\n"
	      "\n"
	      "To check an edit: 'orgcheck check --only FILE...' or '--changed-since REV'\n"
	      "load the whole corpus but report only findings that touch the changed\n"
	      "records (on them or on the records they link to). '--staged' checks what\n"
	      "is being committed: the corpus as the index holds it, with the staged\n"
	      "changes as the focus (the pre-commit hook's command).\n"
	      "Exit status: 0 no findings at or above --fail-on, 1 findings at or above\n"
	      "it, 2 usage, configuration or I/O error.\n", out);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A file named id.xml in the working tree next to the referring file
 * (dir of path) or in a sibling directory of it (records/people/ for a
 * reference in records/organizations/): written into found. */
static int find_in_tree(char *found, size_t size, const char *path, const char *id)
{
	char dir[PATH_MAX];
	char parent[PATH_MAX];
	char *slash = NULL;
	DIR *d = NULL;
	struct dirent *e = NULL;
	struct stat st;
	int hit = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		*slash = '\0';
	if ((size_t)snprintf(found, size, "%s/%s.xml", dir, id) < size && stat(found, &st) == 0 &&
	    S_ISREG(st.st_mode))
		return 1;
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash == NULL)
		snprintf(parent, sizeof(parent), ".");
	else
		*slash = '\0';
	d = opendir(parent);
	while (d != NULL && !hit && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		hit = (size_t)snprintf(found, size, "%s/%s/%s.xml", parent, e->d_name, id) < size &&
		      stat(found, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (d != NULL)
		closedir(d);
	return hit;
}

/* Says why an OC110 reference matches no record when this run knows: the
 * record's file was deleted in this change (--changed-since, --staged),
 * or, with --staged, it exists in the working tree but is not staged.
 * Returns 0 or -1 (out of memory). */
static int explain_unmatched(struct orgcheck_findings *findings, const struct orgcheck_selection *selection,
			     int staged_only)
{
	struct orgcheck_finding *f = NULL;
	const char *id = NULL;
	const char *gone = NULL;
	const char *what = NULL;
	const char *at = NULL;
	char found[PATH_MAX];
	char *message = NULL;
	size_t i;
	size_t j;
	int n = 0;

	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (f->rule == NULL || strcmp(f->rule->id, "OC110") != 0 || strstr(f->message, "matches no record") == NULL)
			continue;
		id = NULL;
		for (j = 0; j < f->value_count && id == NULL; j++) {
			if (strcmp(f->values[j].name, "reference") == 0)
				id = f->values[j].text;
		}
		if (id == NULL)
			continue;
		gone = orgcheck_selection_gone_path(selection, id);
		if (gone != NULL)
			what = " was deleted in this change: restore it or remove the reference";
		else if (staged_only && f->primary.path != NULL &&
			 find_in_tree(found, sizeof(found), f->primary.path, id)) {
			gone = found[0] == '.' && found[1] == '/' ? found + 2 : found;
			what = " exists in the working tree but is not staged; git add it";
		} else
			continue;
		/* Right after "matches no record", before a did-you-mean. */
		at = strstr(f->message, "matches no record") + strlen("matches no record");
		n = snprintf(NULL, 0, "%.*s; %s%s%s", (int)(at - f->message), f->message, gone, what, at);
		message = n < 0 ? NULL : malloc((size_t)n + 1);
		if (message == NULL)
			return -1;
		snprintf(message, (size_t)n + 1, "%.*s; %s%s%s", (int)(at - f->message), f->message, gone, what, at);
		free(f->message);
		f->message = message;
		message = NULL;
	}
	return 0;
}

/* What --staged checks instead of the working tree. */
struct staged {
	char tmp[32];             /* the private directory the index is written to */
	int made;
	char root[PATH_MAX + 64]; /* the corpus root in it: TMP/PATH-FROM-THE-TOP/ */
	char records[PATH_MAX + 96];
	char rules[PATH_MAX + 96];
	char shown_rules[PATH_MAX + 96]; /* the rules file as the curator names it */
};

/* Writes the index's tree of the corpus root into a private temporary
 * directory and points paths and the rules at it: what the commit will
 * hold, not the working tree (untracked and unstaged files do not count).
 * The staged changes against HEAD (everything staged before the first
 * commit) go into the selection. Returns 0 or -1 (printed). */
static int prepare_staged(struct staged *staged, struct orgcheck_pathset *changed,
			  struct orgcheck_selection *selection, const struct orgcheck_cli *cli,
			  const struct orgcheck_root *corpus)
{
	size_t root_length = strlen(corpus->root);
	const char *below = "";

	snprintf(staged->tmp, sizeof(staged->tmp), "/tmp/orgcheck-staged-XXXXXX");
	if (mkdtemp(staged->tmp) == NULL) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	staged->made = 1;
	if (orgcheck_git_checkout_index(staged->root, sizeof(staged->root), cli, corpus->root, staged->tmp) < 0 ||
	    orgcheck_git_staged(changed, cli, corpus->root) < 0)
		return -1;
	if (orgcheck_selection_add_pathset(selection, changed) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		return -1;
	}
	/* The records directory below the root, as the working tree has it. */
	if (strcmp(corpus->records, corpus->root) != 0) {
		below = "records";
		if (strcmp(corpus->root, ".") == 0)
			below = corpus->records;
		else if (strncmp(corpus->records, corpus->root, root_length) == 0 &&
			 corpus->records[root_length] == '/')
			below = corpus->records + root_length + 1;
	}
	if ((size_t)snprintf(staged->records, sizeof(staged->records), "%s%s", staged->root, below) >=
	    sizeof(staged->records)) {
		orgcheck_cli_error(cli, "path too long: '%s%s'", staged->root, below);
		return -1;
	}
	if (below[0] == '\0' && strlen(staged->records) > 1)
		staged->records[strlen(staged->records) - 1] = '\0';  /* no trailing '/' */
	/* Nothing staged under it yet: an empty corpus, not an error. */
	if (!orgcheck_root_is_directory(staged->records) && mkdir(staged->records, 0700) != 0) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	/* The rules the commit holds: a rules file not staged does not count. */
	if ((size_t)snprintf(staged->rules, sizeof(staged->rules), "%sorgcheck-rules.xml", staged->root) >=
	    sizeof(staged->rules) || access(staged->rules, F_OK) != 0)
		staged->rules[0] = '\0';
	return 0;
}

/* Makes the findings of the checked-out index read as the curator's
 * files: TMP/PATH/records/... becomes ROOT/records/... Returns 0 or -1
 * (printed). */
static int map_staged(struct staged *staged, struct orgcheck_findings *findings, const struct orgcheck_cli *cli,
		      const struct orgcheck_root *corpus, char *rules_used, size_t rules_used_size)
{
	struct orgcheck_error err = { 0 };
	char root[PATH_MAX + 2];
	size_t length = strlen(staged->root);

	snprintf(root, sizeof(root), "%s/", corpus->root);
	if (orgcheck_findings_strip_prefix(findings, staged->root, &err) < 0 ||
	    (strcmp(corpus->root, ".") != 0 && orgcheck_findings_prefix_paths(findings, root, &err) < 0)) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	if (strncmp(rules_used, staged->root, length) == 0) {
		if ((size_t)snprintf(staged->shown_rules, sizeof(staged->shown_rules), "%s%s",
				     strcmp(corpus->root, ".") != 0 ? root : "", rules_used + length) >=
		    sizeof(staged->shown_rules))
			staged->shown_rules[0] = '\0';
		else if ((size_t)snprintf(rules_used, rules_used_size, "%s (staged)", staged->shown_rules) >=
			 rules_used_size)
			rules_used[0] = '\0';
	}
	return 0;
}

int orgcheck_cmd_check(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_emit_settings emit;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_selection selection;
	struct orgcheck_pathset changed = { NULL, 0 };
	struct orgcheck_baseline *baseline = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_root where;
	const char *corpus_dir = NULL;
	const char **owned_paths = NULL;
	char context[2 * PATH_MAX + 128];
	char cache_default[PATH_MAX + 32];
	struct orgcheck_option_list schematrons = { NULL, 0 };
	const char *changed_since = NULL;
	const char *baseline_path = NULL;
	const char *const *paths = NULL;
	size_t path_count = 0;
	const char *cache_dir = NULL;
	const char *cache_env = getenv("ORGCHECK_CACHE_DIR");
	int no_cache = 0;
	int fail_on = ORGCHECK_SEVERITY_ERROR;
	int only = 0;
	int staged_only = 0;
	struct staged staged;
	struct orgcheck_corpus *staged_corpus = NULL;
	int excerpt_on = 0;
	int excerpt_off = 0;
	int focus = 0;
	struct orgcheck_check_focus check_focus;
	char **focus_ids = NULL;
	int has_focus = 0;
	size_t i;
	int quiet = 0;
	char formats[256];
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_CALL('f', "format", "FORMAT", &emit, orgcheck_emit_take_format, formats),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &emit.output_path,
				    "write the report to FILE (atomically) instead of standard output; with "
				    "--format html, DIR/ writes it as pages (DIR/index.html, a page per group of "
				    "findings and per record)"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &emit.stylesheet,
				    "render --format html with this XSLT stylesheet instead of the bundled one"),
		ORGCHECK_OPT_STRING(0, "link-template", "TEMPLATE", &emit.link_template,
				    "in --format html, link each location to TEMPLATE with {path} and {line} "
				    "replaced (default: {path}, a link relative to the report)"),
		ORGCHECK_OPT_CALL(0, "color", "WHEN", &emit, orgcheck_emit_take_color,
				  "colour the output: auto (default), always or never"),
		ORGCHECK_OPT_FLAG(0, "excerpt", &excerpt_on,
				  "text: under each finding, its source line with a caret under the column "
				  "(the default on a terminal)"),
		ORGCHECK_OPT_FLAG(0, "no-excerpt", &excerpt_off, "text: no source lines under the findings"),
		ORGCHECK_OPT_FLAG(0, "only", &only,
				  "every PATH, directories too, is a changed record file: check the whole corpus "
				  "but report only findings that touch them (record files named are always so)"),
		ORGCHECK_OPT_STRING(0, "corpus", "DIR", &corpus_dir,
				    "the corpus root (a directory holding records/, or a records directory); "
				    "default: the nearest directory up from here holding orgcheck-rules.xml or records/"),
		ORGCHECK_OPT_STRING(0, "changed-since", "REV", &changed_since,
				    "report only findings that touch record files changed since git revision REV "
				    "(committed, staged, unstaged or untracked)"),
		ORGCHECK_OPT_FLAG(0, "staged", &staged_only,
				  "check what is being committed: the corpus as the git index holds it (written "
				  "to a private temporary directory; untracked and unstaged files do not count), "
				  "reporting the findings that touch the staged changes"),
		ORGCHECK_OPT_STRING(0, "baseline", "FILE", &baseline_path,
				    "report only findings beyond those in the baseline FILE (see 'orgcheck baseline'), "
				    "and the baseline entries that were fixed"),
		ORGCHECK_OPT_LIST(0, "schematron", "FILE", &schematrons,
				  "also run the ISO Schematron schema FILE over every record (may be repeated; "
				  "see 'orgcheck schematron --help')"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path,
				    "read the rules configuration from FILE (default: the corpus root's orgcheck-rules.xml "
				    "if present, else the shipped rules/default.xml)"),
		ORGCHECK_OPT_CALL(0, "fail-on", "LEVEL", &fail_on, orgcheck_emit_take_fail_on,
				  "exit 1 for findings at or above LEVEL: error (default), warning, info or none"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "take DATE (YYYY-MM-DD) as today for the date rules (default: the system date)"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option,
				    "read schemas from DIR/schemas instead of the installed ones"),
		ORGCHECK_OPT_CALL('j', "jobs", "N", &run, orgcheck_run_take_jobs,
				  "use N threads (default: one more than the CPUs); the report is the same for any N"),
		ORGCHECK_OPT_STRING(0, "cache-dir", "DIR", &cache_dir,
				    "keep the cache of the per-file work in DIR (default: $ORGCHECK_CACHE_DIR, "
				    "else .orgcheck-cache in the corpus root); only files under the corpus root "
				    "are cached"),
		ORGCHECK_OPT_FLAG(0, "no-cache", &no_cache,
				  "neither read nor write the cache; the report is the same either way"),
		ORGCHECK_OPT_FLAG(0, "timings", &run.timings,
				  "print how long each stage of the check took (seconds) on standard error"),
		ORGCHECK_OPT_FLAG('q', "quiet", &quiet,
				  "do not print the summary line (nor, on a terminal, the progress) on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&run, 0, sizeof(run));
	memset(&emit, 0, sizeof(emit));
	memset(&result, 0, sizeof(result));
	memset(&staged, 0, sizeof(staged));
	orgcheck_selection_init(&selection);
	memset(&check_focus, 0, sizeof(check_focus));
	orgcheck_emit_format_names(formats, sizeof(formats), "", "text");
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "check", print_help) < 0)
		goto done;
	emit.quiet = quiet;
	emit.excerpt = excerpt_off ? 2 : excerpt_on ? 1 : 0;
	run.quiet = quiet;
	run.schematron_paths = schematrons.values;
	run.schematron_path_count = schematrons.count;
	if (cache_dir != NULL && cache_dir[0] == '\0') {
		orgcheck_cli_error(cli, "--cache-dir needs a directory");
		goto done;
	}
	if (only && changed_since != NULL) {
		orgcheck_cli_error(cli, "--only and --changed-since cannot be combined");
		goto done;
	}
	if (staged_only && (only || changed_since != NULL || args.operand_count > 0)) {
		orgcheck_cli_error(cli, "--staged checks the whole corpus as staged: it takes no PATH, --only "
				   "or --changed-since");
		goto done;
	}
	if (orgcheck_selection_find_corpus(&where, cli, corpus_dir, &args) < 0)
		goto done;
	run.corpus_rules = where.rules;
	if (staged_only && !where.found) {
		orgcheck_cli_error(cli, "--staged: no corpus root here (a directory holding orgcheck-rules.xml "
				   "or records/); use --corpus DIR");
		goto done;
	}
	/* The cache lives in the corpus root unless told otherwise. */
	if (cache_dir == NULL && cache_env != NULL && cache_env[0] != '\0')
		cache_dir = cache_env;
	if (cache_dir == NULL && where.found && strcmp(where.root, ".") != 0) {
		snprintf(cache_default, sizeof(cache_default), "%s/.orgcheck-cache", where.root);
		cache_dir = cache_default;
	}
	if (cache_dir == NULL)
		cache_dir = ".orgcheck-cache";
	run.cache_dir = no_cache ? NULL : cache_dir;
	run.cache_root = where.found ? where.root : NULL;
	if (only && args.operand_count == 0) {
		orgcheck_cli_error(cli, "--only needs the changed record files as PATH arguments");
		goto done;
	}
	if (orgcheck_selection_choose_paths(&owned_paths, &path_count, &selection, &focus, &where, &args, only) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	paths = owned_paths;
	if (staged_only) {
		if (prepare_staged(&staged, &changed, &selection, cli, &where) < 0)
			goto done;
		owned_paths[0] = staged.records;
		path_count = 1;
		run.corpus_rules = staged.rules;
		focus = 1;
		/* The staged files are named below the index's copy of the root,
		 * as the working tree's are below the root: they share entries,
		 * answered by the hash of their bytes (their stat is new). */
		run.cache_root = staged.root;
	}
	if (changed_since != NULL) {
		if (orgcheck_git_changed_since(&changed, cli, changed_since, where.found ? where.root : ".") < 0)
			goto done;
		if (orgcheck_selection_add_pathset(&selection, &changed) < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
	}
	if (baseline_path != NULL && orgcheck_baseline_load(&baseline, baseline_path, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (focus || changed_since != NULL) {
		/* Only these findings are reported: the rules may skip the rest. */
		has_focus = orgcheck_selection_focus(&check_focus, &focus_ids, &selection);
		if (has_focus < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
		if (has_focus)
			run.focus = &check_focus;
	}
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	if (orgcheck_run_check(&result, &run, cli, paths, path_count) < 0)
		goto done;
	/* The fixes orgcheck knows go with their findings into the formats
	 * that carry them (json, sarif, xml, html); not with --staged, where
	 * their bytes and paths would be the temporary tree's. */
	if (!staged_only && orgcheck_fixes_compute(&result, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (staged_only) {
		if (map_staged(&staged, &result.findings, cli, &where, run.rules_used, sizeof(run.rules_used)) < 0)
			goto done;
		/* Its records' paths are the temporary tree's: no records section. */
		staged_corpus = result.corpus;
		result.corpus = NULL;
	}
	if (baseline != NULL && orgcheck_baseline_apply(baseline, &result.findings, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if ((staged_only || changed_since != NULL) &&
	    explain_unmatched(&result.findings, &selection, staged_only) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	if (focus || changed_since != NULL)
		orgcheck_selection_filter(&selection, &result.findings);
	orgcheck_root_describe(context, sizeof(context), &where, run.rules_used);
	emit.context = context;

	memset(&report, 0, sizeof(report));
	report.result = &result;
	report.config = run.config;
	report.rules_file = run.config ? orgcheck_config_path(run.config) : NULL;
	if (staged.shown_rules[0] != '\0')
		report.rules_file = staged.shown_rules;
	report.today = run.today;
	report.fail_on = fail_on;
	report.failed = orgcheck_emit_failed(&result.findings, fail_on, 0);
	if (orgcheck_emit(cli, &emit, &report, run.data_dir) < 0)
		goto done;
	status = report.failed ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	if (staged_corpus != NULL)
		result.corpus = staged_corpus;
	orgcheck_check_result_release(&result);
	if (staged.made)
		(void)nftw(staged.tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	orgcheck_baseline_free(baseline);
	for (i = 0; focus_ids != NULL && i < selection.count; i++)
		free(focus_ids[i]);
	free(focus_ids);
	orgcheck_selection_release(&selection);
	orgcheck_pathset_release(&changed);
	free(owned_paths);
	orgcheck_run_release(&run);
	orgcheck_option_list_release(&schematrons);
	orgcheck_args_release(&args);
	return status;
}
