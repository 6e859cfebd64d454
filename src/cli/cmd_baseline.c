/* orgcheck baseline: record the findings a corpus has today, so CI can
 * report only what comes after (check --baseline), and prune the entries
 * that were fixed. */
#include "cli.h"

#include <string.h>

#include <orgcheck/baseline.h>
#include "args.h"
#include "output.h"
#include "run.h"

enum {
	OPT_HELP = 1,
	OPT_OUTPUT,
	OPT_PRUNE
};

static const struct orgcheck_option baseline_options[] = {
	{ OPT_OUTPUT, 'o', "output", "FILE", "the baseline file to write (required; written atomically)" },
	{ OPT_PRUNE, 0, "prune", NULL,
	  "rewrite the existing baseline FILE, dropping the entries whose findings are fixed "
	  "(never adding any)" },
	{ ORGCHECK_OPT_RULES, 0, "rules", "FILE", "the rules configuration, as for check" },
	{ ORGCHECK_OPT_TODAY, 0, "today", "DATE", "take DATE (YYYY-MM-DD) as today, as for check" },
	{ ORGCHECK_OPT_DATA_DIR, 0, "data-dir", "DIR", "read schemas from DIR/schemas" },
	{ ORGCHECK_OPT_JOBS, 'j', "jobs", "N", "read and validate files with N threads, as for check" },
	{ ORGCHECK_OPT_TIMINGS, 0, "timings", NULL,
	  "print how long each stage of the check took (seconds) on standard error" },
	{ OPT_HELP, 'h', "help", NULL, "show this help and exit" },
	{ 0, 0, NULL, NULL, NULL }
};

static void print_help(FILE *out)
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
	orgcheck_args_print_help(out, baseline_options);
}

int orgcheck_cmd_baseline(const struct orgcheck_cli *cli, int argc, char **argv)
{
	static const char *const default_paths[] = { "records" };
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_check_result result;
	struct orgcheck_baseline *existing = NULL;
	struct orgcheck_output output = { 0 };
	struct orgcheck_error err = { 0 };
	const char *output_path = NULL;
	int prune = 0;
	int rc = 0;
	size_t i;
	int status = ORGCHECK_EXIT_ERROR;

	memset(&run, 0, sizeof(run));
	memset(&result, 0, sizeof(result));
	if (orgcheck_args_parse(&args, baseline_options, argc, argv, "baseline", cli->err) < 0) {
		fputs("Try 'orgcheck baseline --help'.\n", cli->err);
		goto done;
	}
	for (i = 0; i < args.option_count; i++) {
		switch (args.options[i].id) {
		case OPT_HELP:
			print_help(cli->out);
			status = fflush(cli->out) == 0 ? ORGCHECK_EXIT_OK : ORGCHECK_EXIT_ERROR;
			goto done;
		case OPT_OUTPUT:
			output_path = args.options[i].value;
			break;
		case OPT_PRUNE:
			prune = 1;
			break;
		default:
			if (orgcheck_run_take_option(&run, cli, args.options[i].id, args.options[i].value) < 0)
				goto done;
			break;
		}
	}
	if (output_path == NULL || strcmp(output_path, "-") == 0) {
		orgcheck_cli_error(cli, "'orgcheck baseline' needs -o FILE");
		goto done;
	}
	if (prune && orgcheck_baseline_load(&existing, output_path, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
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
