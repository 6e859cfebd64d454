/* orgcheck rules: list the rule catalogue. */
#include "cli.h"

#include <limits.h>
#include <string.h>

#include <orgcheck/config.h>
#include <orgcheck/render.h>
#include "args.h"
#include "root.h"
#include "datadir.h"
#include "output.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck rules [OPTIONS]\n"
	      "\n"
	      "Lists every rule: id, name, severity in force and description.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
}

int orgcheck_cmd_rules(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_config *config = NULL;
	struct orgcheck_output output = { 0 };
	struct orgcheck_error err = { 0 };
	struct orgcheck_root corpus;
	const char *format = "text";
	const char *rules_path = NULL;
	const char *data_dir_option = NULL;
	const char *output_path = NULL;
	char data_dir[PATH_MAX];
	int rc = 0;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_STRING(0, "format", "FORMAT", &format, "text (default) or xml"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &rules_path,
				    "show severities and enabled rules as configured in FILE"),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &output_path,
				    "write to FILE (atomically) instead of standard output"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &data_dir_option, "read schemas from DIR/schemas"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "rules", print_help) < 0)
		goto done;
	if (strcmp(format, "text") != 0 && strcmp(format, "xml") != 0) {
		orgcheck_cli_error(cli, "invalid --format '%s': use text or xml", format);
		goto done;
	}
	if (args.operand_count > 0) {
		orgcheck_cli_error(cli, "'orgcheck rules' takes no arguments; see 'orgcheck rules --help'");
		goto done;
	}
	if (orgcheck_datadir_find(data_dir, sizeof(data_dir), data_dir_option) < 0) {
		orgcheck_cli_error(cli, "cannot find orgcheck's schemas; looked in %s; use --data-dir", data_dir);
		goto done;
	}
	orgcheck_root_find(&corpus, ".");
	if (orgcheck_cli_load_rules(&config, cli, rules_path, corpus.rules, data_dir, NULL, 0) < 0)
		goto done;
	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		goto done;
	if (strcmp(format, "xml") == 0)
		rc = orgcheck_render_catalog_xml(output.stream, config, &err);
	else
		rc = orgcheck_render_catalog_text(output.stream, config, &err);
	if (rc < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		orgcheck_output_abort(&output);
		goto done;
	}
	if (orgcheck_output_commit(&output, cli->err) < 0)
		goto done;
	status = ORGCHECK_EXIT_OK;

done:
	orgcheck_config_free(config);
	orgcheck_args_release(&args);
	return status;
}
