/* orgcheck import ror: write orgcheck records from ROR v2 JSON. */
#include "cli.h"

#include <string.h>

#include <orgcheck/import.h>
#include "args.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck import ror [OPTIONS] INPUT...\n"
	      "\n"
	      "Reads records of the Research Organization Registry (ROR, schema v2,\n"
	      "JSON) and writes one orgcheck record per organization into\n"
	      "DIR/records/organizations/ID.xml, where ID is the last part of the\n"
	      "ROR id. An INPUT is a file of one record, the registry's data dump\n"
	      "(one JSON array of records, read as a stream), or a directory of\n"
	      "*.json files. Every value is kept as written, with the record's ROR\n"
	      "URL as the source of every claim. What the records could not keep is\n"
	      "counted on standard error at the end; a bad input is reported, and the\n"
	      "import goes on with the others.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	fputs("\n"
	      "Exit status: 0 every input imported, 1 some inputs or records rejected,\n"
	      "2 usage error or the records could not be written.\n", out);
}

int orgcheck_cmd_import(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_import_report report = { 0 };
	struct orgcheck_error err = { 0 };
	const char *dir = ".";
	size_t i;
	int rc = 0;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_STRING('o', "output", "DIR", &dir,
				    "write records into DIR/records/organizations/ (default: .)"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	/* "import ror": the registry comes first, then the options. */
	if (argc < 2 || strcmp(argv[1], "ror") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
			print_help(cli->out, options);
			return fflush(cli->out) == 0 ? ORGCHECK_EXIT_OK : ORGCHECK_EXIT_ERROR;
		}
		if (argc < 2)
			orgcheck_cli_error(cli, "import: which registry? 'orgcheck import ror INPUT...'");
		else
			orgcheck_cli_error(cli, "import: '%s' is not a registry orgcheck imports (ror)", argv[1]);
		fputs("Try 'orgcheck import --help'.\n", cli->err);
		return ORGCHECK_EXIT_ERROR;
	}
	if (orgcheck_args_run(&args, &status, cli, options, argc - 1, argv + 1, "import ror", print_help) < 0)
		goto done;
	if (args.operand_count == 0) {
		orgcheck_cli_error(cli, "import ror: no INPUT; name ROR JSON files or directories");
		fputs("Try 'orgcheck import --help'.\n", cli->err);
		goto done;
	}
	rc = orgcheck_import_ror(&report, dir, args.operands, args.operand_count, &err);
	/* What was found before a failure is still worth reading. */
	for (i = 0; i < report.problem_count; i++)
		orgcheck_cli_error(cli, "%s", report.problems[i]);
	for (i = 0; i < report.not_kept_count; i++) {
		if (report.not_kept[i].records > 0)
			fprintf(cli->err, "orgcheck: %zu record%s: %s not kept\n", report.not_kept[i].records,
				report.not_kept[i].records == 1 ? "" : "s", report.not_kept[i].what);
	}
	if (rc < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	fprintf(cli->err, "orgcheck: %zu record%s written into %s/records/organizations from %zu file%s",
		report.records_written, report.records_written == 1 ? "" : "s", dir, report.inputs,
		report.inputs == 1 ? "" : "s");
	if (report.records_rejected > 0 || report.inputs_rejected > 0)
		fprintf(cli->err, "; %zu record%s and %zu file%s rejected", report.records_rejected,
			report.records_rejected == 1 ? "" : "s", report.inputs_rejected,
			report.inputs_rejected == 1 ? "" : "s");
	fputc('\n', cli->err);
	status = report.records_rejected > 0 || report.inputs_rejected > 0 ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;
done:
	orgcheck_import_report_release(&report);
	orgcheck_args_release(&args);
	return status;
}
