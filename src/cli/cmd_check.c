/* orgcheck check: validate records and check them against each other. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <orgcheck/baseline.h>
#include <orgcheck/config.h>
#include "args.h"
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
	      "records (on them or on the records they link to).\n"
	      "Exit status: 0 no findings at or above --fail-on, 1 findings at or above\n"
	      "it, 2 usage, configuration or I/O error.\n", out);
}

int orgcheck_cmd_check(const struct orgcheck_cli *cli, int argc, char **argv)
{
	static const char *const default_paths[] = { "records" };
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_emit_settings emit;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_selection selection;
	struct orgcheck_pathset changed = { NULL, 0 };
	struct orgcheck_baseline *baseline = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_option_list corpus = { NULL, 0 };
	struct orgcheck_option_list schematrons = { NULL, 0 };
	const char *changed_since = NULL;
	const char *baseline_path = NULL;
	const char *cache_dir = NULL;
	const char *cache_env = getenv("ORGCHECK_CACHE_DIR");
	int no_cache = 0;
	const char *const *paths = default_paths;
	size_t path_count = 1;
	int fail_on = ORGCHECK_SEVERITY_ERROR;
	int only = 0;
	int quiet = 0;
	char formats[256];
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_CALL('f', "format", "FORMAT", &emit, orgcheck_emit_take_format, formats),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &emit.output_path,
				    "write the report to FILE (atomically) instead of standard output"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &emit.stylesheet,
				    "render --format html with this XSLT stylesheet instead of the bundled one"),
		ORGCHECK_OPT_CALL(0, "color", "WHEN", &emit, orgcheck_emit_take_color,
				  "colour the output: auto (default), always or never"),
		ORGCHECK_OPT_FLAG(0, "only", &only,
				  "the PATHs are changed record files: check the whole corpus (--corpus) but "
				  "report only findings that touch them"),
		ORGCHECK_OPT_LIST(0, "corpus", "DIR", &corpus,
				  "with --only: the corpus to load (default: records; may be repeated)"),
		ORGCHECK_OPT_STRING(0, "changed-since", "REV", &changed_since,
				    "report only findings that touch record files changed since git revision REV "
				    "(committed, staged, unstaged or untracked)"),
		ORGCHECK_OPT_STRING(0, "baseline", "FILE", &baseline_path,
				    "report only findings beyond those in the baseline FILE (see 'orgcheck baseline'), "
				    "and the baseline entries that were fixed"),
		ORGCHECK_OPT_LIST(0, "schematron", "FILE", &schematrons,
				  "also run the ISO Schematron schema FILE over every record (may be repeated; "
				  "see 'orgcheck schematron --help')"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path,
				    "read the rules configuration from FILE (default: ./orgcheck-rules.xml if present, "
				    "else the shipped rules/default.xml)"),
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
				    "else .orgcheck-cache); only files under the current directory are cached"),
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
	orgcheck_selection_init(&selection);
	orgcheck_emit_format_names(formats, sizeof(formats), "", "text");
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "check", print_help) < 0)
		goto done;
	emit.quiet = quiet;
	run.quiet = quiet;
	run.schematron_paths = schematrons.values;
	run.schematron_path_count = schematrons.count;
	if (cache_dir != NULL && cache_dir[0] == '\0') {
		orgcheck_cli_error(cli, "--cache-dir needs a directory");
		goto done;
	}
	if (cache_dir == NULL)
		cache_dir = cache_env != NULL && cache_env[0] != '\0' ? cache_env : ".orgcheck-cache";
	run.cache_dir = no_cache ? NULL : cache_dir;
	if (only && changed_since != NULL) {
		orgcheck_cli_error(cli, "--only and --changed-since cannot be combined");
		goto done;
	}
	if (corpus.count > 0 && !only) {
		orgcheck_cli_error(cli, "--corpus goes with --only; without it the PATHs are the corpus");
		goto done;
	}
	if (only) {
		/* The operands are the changed files; the corpus is --corpus. */
		if (args.operand_count == 0) {
			orgcheck_cli_error(cli, "--only needs the changed record files as PATH arguments");
			goto done;
		}
		if (orgcheck_selection_add(&selection, args.operands, args.operand_count) < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
		if (corpus.count > 0) {
			paths = corpus.values;
			path_count = corpus.count;
		}
	} else if (args.operand_count > 0) {
		paths = args.operands;
		path_count = args.operand_count;
	}
	if (changed_since != NULL) {
		if (orgcheck_git_changed_since(&changed, cli, changed_since) < 0)
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
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	if (orgcheck_run_check(&result, &run, cli, paths, path_count) < 0)
		goto done;
	if (baseline != NULL && orgcheck_baseline_apply(baseline, &result.findings, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (only || changed_since != NULL)
		orgcheck_selection_filter(&selection, &result.findings);

	memset(&report, 0, sizeof(report));
	report.result = &result;
	report.config = run.config;
	report.rules_file = run.config ? orgcheck_config_path(run.config) : NULL;
	report.today = run.today;
	report.fail_on = fail_on;
	report.failed = orgcheck_emit_failed(&result.findings, fail_on, 0);
	if (orgcheck_emit(cli, &emit, &report, run.data_dir) < 0)
		goto done;
	status = report.failed ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	orgcheck_check_result_release(&result);
	orgcheck_baseline_free(baseline);
	orgcheck_selection_release(&selection);
	orgcheck_pathset_release(&changed);
	orgcheck_option_list_release(&corpus);
	orgcheck_run_release(&run);
	orgcheck_option_list_release(&schematrons);
	orgcheck_args_release(&args);
	return status;
}
