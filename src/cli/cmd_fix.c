/* orgcheck fix: the fixes orgcheck knows for the findings of a check,
 * printed as a patch or written. The core computes, checks and writes
 * them; this prints. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <orgcheck/fixes.h>
#include "args.h"
#include "root.h"
#include "git.h"
#include "run.h"
#include "select.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck fix [OPTIONS] [PATH...]\n"
	      "\n"
	      "Checks the corpus under each PATH (default: the corpus root's records/)\n"
	      "and mends the findings orgcheck knows a fix for. Safe fixes change\n"
	      "nothing a source said:\n"
	      "  OC114  remove an entry that repeats another (same target, kind,\n"
	      "         dates and source; their content alike)\n"
	      "Review fixes add or change a claim, and are applied only with\n"
	      "--review-fixes:\n"
	      "  OC120  add the missing back-link of a one-sided link on the partner's\n"
	      "         record: the inverse kind, the same dates and source\n"
	      "  OC110  replace a reference id by the single record suggested for it\n"
	      "  OC102  rename the file to the id its record states (never to a name\n"
	      "         that is taken)\n"
	      "  OC114  remove a repeated entry that says more than the first\n"
	      "Each fix edits only the bytes it must. Before anything is shown or\n"
	      "written the corpus is checked again with the fixed files in place: a fix\n"
	      "that would make a record invalid, add a finding or leave its own is\n"
	      "dropped with the reason. Every fix is listed on standard error with what\n"
	      "it asserts.\n"
	      "\n"
	      "Without --write the fixes are printed as a unified diff in git's format\n"
	      "(paths relative to the corpus root, or to the current directory above\n"
	      "it; 'git apply' takes it). With --write each changed file is replaced\n"
	      "atomically; a file that changed since it was read is left alone.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	fputs("\n"
	      "A record file or a directory inside the corpus named (every PATH with\n"
	      "--only), or --changed-since REV,\n"
	      "is the focus, as for check: the whole corpus is checked and fixed\n"
	      "against, but only the findings that touch those files are mended.\n"
	      "\n"
	      "Exit status, as ruff's --fix-only has it: 0 done, whether or not\n"
	      "anything needed a fix (with --exit-non-zero-on-fix: 1 when a fix is in\n"
	      "the patch or written); 2 usage, configuration or I/O error, or a file\n"
	      "left alone by --write.\n", out);
}

static void list_fixes(const struct orgcheck_cli *cli, const struct orgcheck_fix_plan *plan, int write)
{
	size_t i;

	for (i = 0; i < plan->note_count; i++) {
		const struct orgcheck_fix_note *note = &plan->notes[i];
		const char *state = NULL;

		if (note->kept)
			state = write ? "applied" : "in the patch";
		else if (note->reason != NULL)
			state = "dropped";
		else
			state = "not applied (--review-fixes)";
		fprintf(cli->err, "orgcheck: %s fix %s: %s:%lu [%s]: %s", orgcheck_fix_safety_name(note->safety),
			state, note->finding_path, note->line, note->rule_id, note->description);
		if (note->reason != NULL)
			fprintf(cli->err, "; %s", note->reason);
		fputc('\n', cli->err);
	}
}

int orgcheck_cmd_fix(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_check_result result;
	struct orgcheck_check_options options;
	struct orgcheck_fix_plan plan;
	struct orgcheck_error err = { 0 };
	struct orgcheck_root where;
	struct orgcheck_option_list schematrons = { NULL, 0 };
	struct orgcheck_selection selection;
	struct orgcheck_pathset changed = { NULL, 0 };
	const char *corpus_dir = NULL;
	const char *changed_since = NULL;
	const char **paths = NULL;
	size_t path_count = 0;
	char *patch = NULL;
	size_t patch_size = 0;
	char *messages = NULL;
	char cwd[PATH_MAX + 1];
	size_t written = 0;
	size_t kept = 0;
	size_t review_left = 0;
	size_t i;
	int write = 0;
	int review = 0;
	int quiet = 0;
	int only = 0;
	int focus = 0;
	int fail_on_fix = 0;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option option_table[] = {
		ORGCHECK_OPT_FLAG(0, "write", &write,
				  "write the fixes into the files (atomically) instead of printing the patch"),
		ORGCHECK_OPT_FLAG(0, "review-fixes", &review,
				  "also the review fixes, which add or change a claim (shown and listed always; "
				  "in the patch and written only with this)"),
		ORGCHECK_OPT_FLAG(0, "only", &only,
				  "every PATH, directories too, is a changed record file: check the whole corpus "
				  "but fix only findings that touch them (record files named are always so)"),
		ORGCHECK_OPT_STRING(0, "changed-since", "REV", &changed_since,
				    "fix only findings that touch record files changed since git revision REV "
				    "(committed, staged, unstaged or untracked)"),
		ORGCHECK_OPT_STRING(0, "corpus", "DIR", &corpus_dir,
				    "the corpus root, as for check (default: the nearest one up from here)"),
		ORGCHECK_OPT_LIST(0, "schematron", "FILE", &schematrons,
				  "also run the ISO Schematron schema FILE, as for check (its Quick Fixes count as "
				  "fixes)"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path, "the rules configuration, as for check"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "take DATE (YYYY-MM-DD) as today, as for check"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option, "read schemas from DIR/schemas"),
		ORGCHECK_OPT_CALL('j', "jobs", "N", &run, orgcheck_run_take_jobs,
				  "read and validate files with N threads, as for check"),
		ORGCHECK_OPT_FLAG(0, "exit-non-zero-on-fix", &fail_on_fix,
				  "exit 1 when a fix is in the patch or written (for CI: fixes are pending)"),
		ORGCHECK_OPT_FLAG('q', "quiet", &quiet, "list no fixes and print no summary on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&run, 0, sizeof(run));
	memset(&result, 0, sizeof(result));
	memset(&plan, 0, sizeof(plan));
	orgcheck_selection_init(&selection);
	if (orgcheck_args_run(&args, &status, cli, option_table, argc, argv, "fix", print_help) < 0)
		goto done;
	status = ORGCHECK_EXIT_ERROR;
	if (only && changed_since != NULL) {
		orgcheck_cli_error(cli, "--only and --changed-since cannot be combined");
		goto done;
	}
	if (only && args.operand_count == 0) {
		orgcheck_cli_error(cli, "--only needs the changed record files as PATH arguments");
		goto done;
	}
	if (orgcheck_selection_find_corpus(&where, cli, corpus_dir, &args) < 0)
		goto done;
	run.corpus_rules = where.rules;
	run.quiet = quiet;
	run.keep_sources = 1;
	run.schematron_paths = schematrons.values;
	run.schematron_path_count = schematrons.count;
	/* As check chooses what to check and report: a record file named
	 * is fixed in the context of the whole corpus. */
	if (orgcheck_selection_choose_paths(&paths, &path_count, &selection, &focus, &where, &args, only) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	if (changed_since != NULL) {
		if (orgcheck_git_changed_since(&changed, cli, changed_since, where.found ? where.root : ".") < 0)
			goto done;
		if (orgcheck_selection_add_pathset(&selection, &changed) < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
	}
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	if (orgcheck_run_check(&result, &run, cli, paths, path_count) < 0)
		goto done;
	if (orgcheck_fixes_compute(&result, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	/* Only the findings the selection touches are mended; all of them
	 * stay, for the check of the fixed corpus to compare with. */
	if (focus || changed_since != NULL)
		orgcheck_selection_drop_fixes(&selection, &result.findings);
	orgcheck_run_options(&options, &run, (const char *const *)paths, path_count);
	options.keep_sources = 0;
	if (orgcheck_fixes_plan(&plan, &result, &options, review, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (!quiet)
		list_fixes(cli, &plan, write);
	for (i = 0; i < plan.note_count; i++) {
		kept += plan.notes[i].kept;
		review_left += !plan.notes[i].kept && plan.notes[i].reason == NULL;
	}
	if (write) {
		if (orgcheck_fixes_write(&written, &messages, &plan, &err) < 0) {
			orgcheck_cli_error(cli, "%s", err.message);
			goto done;
		}
		if (messages != NULL)
			fprintf(cli->err, "%s", messages);
		if (!quiet) {
			fprintf(cli->err, "orgcheck: %zu fix%s, %zu file%s written", kept, kept == 1 ? "" : "es",
				written, written == 1 ? "" : "s");
			if (review_left > 0)
				fprintf(cli->err, "; %zu review fix%s not applied (--review-fixes)", review_left,
					review_left == 1 ? "" : "es");
			fputc('\n', cli->err);
		}
		status = messages != NULL             ? ORGCHECK_EXIT_ERROR
			 : fail_on_fix && written > 0 ? ORGCHECK_EXIT_FINDINGS
						      : ORGCHECK_EXIT_OK;
		goto done;
	}
	/* Paths relative to the corpus root when orgcheck runs below it
	 * (../../records/x.xml reads records/x.xml: git apply takes no
	 * "..", and inside a repository resolves paths from its top);
	 * else relative to the current directory, absolute ones under it
	 * too. */
	if (where.found && strcmp(where.root, ".") != 0 && where.root[0] != '/')
		snprintf(cwd, sizeof(cwd), "%s/", where.root);
	else if (getcwd(cwd, sizeof(cwd) - 1) != NULL)
		strcat(cwd, "/");
	else
		cwd[0] = '\0';
	if (orgcheck_fixes_diff(&patch, &patch_size, &plan, cwd, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	fwrite(patch, 1, patch_size, cli->out);
	if (!quiet) {
		fprintf(cli->err, "orgcheck: %zu fix%s in the patch (%u check%s of the fixed corpus)", kept,
			kept == 1 ? "" : "es", plan.rechecks, plan.rechecks == 1 ? "" : "s");
		if (review_left > 0)
			fprintf(cli->err, "; %zu review fix%s not in it (--review-fixes)", review_left,
				review_left == 1 ? "" : "es");
		fputc('\n', cli->err);
	}
	status = fflush(cli->out) != 0		 ? ORGCHECK_EXIT_ERROR
		 : fail_on_fix && patch_size > 0 ? ORGCHECK_EXIT_FINDINGS
						 : ORGCHECK_EXIT_OK;

done:
	free(patch);
	free(messages);
	orgcheck_fix_plan_release(&plan);
	orgcheck_check_result_release(&result);
	orgcheck_run_release(&run);
	orgcheck_option_list_release(&schematrons);
	orgcheck_selection_release(&selection);
	orgcheck_pathset_release(&changed);
	free(paths);
	orgcheck_args_release(&args);
	return status;
}
