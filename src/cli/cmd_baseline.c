/* orgcheck baseline: record the findings a corpus has today, so CI can
 * report only what comes after (check --baseline), and prune the entries
 * that were fixed. */
#include "cli.h"

#include <string.h>

#include <orgcheck/baseline.h>
#include "args.h"
#include "root.h"
#include "output.h"
#include "run.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck baseline [OPTIONS] -o FILE [PATH...]\n"
	      "\n"
	      "Writes the fingerprints of every finding in the corpus under each PATH\n"
	      "(default: records/), with their counts, sorted: adopt orgcheck on an\n"
	      "existing corpus, then 'orgcheck check --baseline FILE' reports only new\n"
	      "findings and the entries that were fixed. With --prune the baseline\n"
	      "only shrinks.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
}

int orgcheck_cmd_baseline(const struct orgcheck_cli *cli, int argc, char **argv)
{
	static const char *const default_paths[] = { "records" };
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_root where;
	struct orgcheck_check_result result;
	struct orgcheck_baseline *existing = NULL;
	struct orgcheck_output output = { 0 };
	struct orgcheck_error err = { 0 };
	const char *output_path = NULL;
	int prune = 0;
	int rc = 0;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_STRING('o', "output", "FILE", &output_path,
				    "the baseline file to write (required; written atomically)"),
		ORGCHECK_OPT_FLAG(0, "prune", &prune,
				  "rewrite the existing baseline FILE, dropping the entries whose findings are fixed "
				  "(never adding any)"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path, "the rules configuration, as for check"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "take DATE (YYYY-MM-DD) as today, as for check"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option, "read schemas from DIR/schemas"),
		ORGCHECK_OPT_CALL('j', "jobs", "N", &run, orgcheck_run_take_jobs,
				  "read and validate files with N threads, as for check"),
		ORGCHECK_OPT_FLAG(0, "timings", &run.timings,
				  "print how long each stage of the check took (seconds) on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&run, 0, sizeof(run));
	memset(&result, 0, sizeof(result));
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "baseline", print_help) < 0)
		goto done;
	if (output_path == NULL || strcmp(output_path, "-") == 0) {
		orgcheck_cli_error(cli, "'orgcheck baseline' needs -o FILE");
		goto done;
	}
	if (prune && orgcheck_baseline_load(&existing, output_path, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	orgcheck_root_find(&where, ".");
	run.corpus_rules = where.rules;
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	if (orgcheck_run_check(&result, &run, cli, args.operand_count > 0 ? args.operands : default_paths,
			       args.operand_count > 0 ? args.operand_count : 1) < 0)
		goto done;
	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		goto done;
	if (prune)
		rc = orgcheck_baseline_write_pruned(output.stream, existing, &result.findings, &err);
	else
		rc = orgcheck_baseline_write(output.stream, &result.findings, &err);
	if (rc < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		orgcheck_output_abort(&output);
		goto done;
	}
	if (orgcheck_output_commit(&output, cli->err) < 0)
		goto done;
	status = ORGCHECK_EXIT_OK;

done:
	orgcheck_baseline_free(existing);
	orgcheck_check_result_release(&result);
	orgcheck_run_release(&run);
	orgcheck_args_release(&args);
	return status;
}
