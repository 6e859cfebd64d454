/* orgcheck check: validate records. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/check.h"
#include "../core/config.h"
#include "../core/date.h"
#include "../core/render.h"
#include "../core/report.h"
#include "args.h"
#include "datadir.h"
#include "output.h"

enum {
	OPT_HELP = 1,
	OPT_OUTPUT,
	OPT_COLOR,
	OPT_DATA_DIR,
	OPT_QUIET,
	OPT_RULES,
	OPT_FAIL_ON,
	OPT_TODAY,
	OPT_FORMAT,
	OPT_STYLESHEET
};

static const struct orgcheck_option check_options[] = {
	{ OPT_FORMAT, 'f', "format", "FORMAT",
	  "text (default), xml, json, junit, sarif, github, gitlab or html" },
	{ OPT_OUTPUT, 'o', "output", "FILE",
	  "write the report to FILE (atomically) instead of standard output" },
	{ OPT_STYLESHEET, 0, "stylesheet", "FILE",
	  "render --format html with this XSLT stylesheet instead of the bundled one" },
	{ OPT_COLOR, 0, "color", "WHEN",
	  "colour the output: auto (default), always or never" },
	{ OPT_RULES, 0, "rules", "FILE",
	  "read the rules configuration from FILE (default: ./orgcheck-rules.xml if present, "
	  "else the shipped rules/default.xml)" },
	{ OPT_FAIL_ON, 0, "fail-on", "LEVEL",
	  "exit 1 for findings at or above LEVEL: error (default), warning, info or none" },
	{ OPT_TODAY, 0, "today", "DATE",
	  "take DATE (YYYY-MM-DD) as today for the date rules (default: the system date)" },
	{ OPT_DATA_DIR, 0, "data-dir", "DIR",
	  "read schemas from DIR/schemas instead of the installed ones" },
	{ OPT_QUIET, 'q', "quiet", NULL, "do not print the summary line on standard error" },
	{ OPT_HELP, 'h', "help", NULL, "show this help and exit" },
	{ 0, 0, NULL, NULL, NULL }
};

static void print_formats(FILE *out)
{
	const struct orgcheck_format *formats = NULL;
	size_t count = 0;
	size_t i;

	formats = orgcheck_render_formats(&count);
	fputs("\nFormats:\n", out);
	for (i = 0; i < count; i++)
		fprintf(out, "  %-8s %s\n", formats[i].name, formats[i].summary);
}

static void print_help(FILE *out)
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
	orgcheck_args_print_help(out, check_options);
	print_formats(out);
	fputs("\n"
	      "Colour is used only on a terminal, never when NO_COLOR is set and not\n"
	      "empty or TERM is \"dumb\"; --color overrides both.\n"
	      "Exit status: 0 no findings at or above --fail-on, 1 findings at or above\n"
	      "it, 2 usage, configuration or I/O error.\n", out);
}

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

static int parse_color(enum color_mode *out, const char *value)
{
	if (strcmp(value, "auto") == 0)
		*out = COLOR_AUTO;
	else if (strcmp(value, "always") == 0)
		*out = COLOR_ALWAYS;
	else if (strcmp(value, "never") == 0)
		*out = COLOR_NEVER;
	else
		return -1;
	return 0;
}

/* Colour only for a terminal, and never when the environment says no
 * (https://no-color.org, TERM=dumb); an explicit --color wins. */
static int want_color(enum color_mode mode, FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	if (no_color != NULL && no_color[0] != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(stream));
}

static void print_summary(const struct orgcheck_cli *cli, const struct orgcheck_check_result *result)
{
	size_t errors = orgcheck_findings_count_at_least(&result->findings, ORGCHECK_SEVERITY_ERROR);
	size_t warnings = orgcheck_findings_count_at_least(&result->findings, ORGCHECK_SEVERITY_WARNING) - errors;
	size_t infos = result->findings.count - errors - warnings;

	fprintf(cli->err,
		"orgcheck: %zu file%s checked (%zu organization%s, %zu %s): "
		"%zu error%s, %zu warning%s, %zu info\n",
		result->files, result->files == 1 ? "" : "s",
		result->organizations, result->organizations == 1 ? "" : "s",
		result->people, result->people == 1 ? "person" : "people",
		errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", infos);
}

/* The severity at which findings fail the run; none is above every one. */
#define FAIL_ON_NONE ORGCHECK_FAIL_ON_NONE

static int parse_fail_on(int *out, const char *value)
{
	enum orgcheck_severity severity = ORGCHECK_SEVERITY_ERROR;

	if (strcmp(value, "none") == 0) {
		*out = FAIL_ON_NONE;
		return 0;
	}
	if (orgcheck_severity_parse(&severity, value) < 0)
		return -1;
	*out = (int)severity;
	return 0;
}

/* Today's date from the system clock, in UTC. */
static void system_today(struct orgcheck_date *out)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	gmtime_r(&now, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

/* Loads the configuration the user chose, else ./orgcheck-rules.xml,
 * else the shipped default; *out stays NULL (built-in defaults) when none
 * exists. Returns 0 or -1 after printing the error. */
int orgcheck_cli_load_rules(struct orgcheck_config **out, const struct orgcheck_cli *cli,
			    const char *explicit_path, const char *data_dir)
{
	struct orgcheck_error err = { 0 };
	char schema_dir[PATH_MAX + 16];
	char shipped[PATH_MAX + 32];
	const char *path = explicit_path;

	*out = NULL;
	snprintf(schema_dir, sizeof(schema_dir), "%s/schemas", data_dir);
	if (path == NULL && access("orgcheck-rules.xml", F_OK) == 0)
		path = "orgcheck-rules.xml";
	if (path == NULL) {
		snprintf(shipped, sizeof(shipped), "%s/rules/default.xml", data_dir);
		if (access(shipped, F_OK) != 0)
			return 0;
		path = shipped;
	}
	if (orgcheck_config_load(out, path, schema_dir, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	return 0;
}

int orgcheck_cmd_check(const struct orgcheck_cli *cli, int argc, char **argv)
{
	static const char *const default_paths[] = { "records" };
	struct orgcheck_args args = { 0 };
	struct orgcheck_check_options options = { 0 };
	struct orgcheck_check_result result = { 0 };
	struct orgcheck_output output = { 0 };
	struct orgcheck_error err = { 0 };
	enum color_mode color = COLOR_AUTO;
	const char *output_path = NULL;
	const char *data_dir_option = NULL;
	const char *rules_path = NULL;
	const char *stylesheet_option = NULL;
	const struct orgcheck_format *format = orgcheck_render_find_format("text");
	struct orgcheck_config *config = NULL;
	struct orgcheck_report report;
	struct orgcheck_render_options render = { 0, NULL };
	char stylesheet[PATH_MAX + 32];
	int fail_on = ORGCHECK_SEVERITY_ERROR;
	int today_given = 0;
	char data_dir[PATH_MAX];
	char schema_dir[PATH_MAX + 16];
	int quiet = 0;
	size_t i;
	int status = ORGCHECK_EXIT_ERROR;

	if (orgcheck_args_parse(&args, check_options, argc, argv, "check", cli->err) < 0) {
		fputs("Try 'orgcheck check --help'.\n", cli->err);
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
		case OPT_COLOR:
			if (parse_color(&color, args.options[i].value) < 0) {
				orgcheck_cli_error(cli, "invalid --color '%s': use auto, always or never",
						   args.options[i].value);
				goto done;
			}
			break;
		case OPT_DATA_DIR:
			data_dir_option = args.options[i].value;
			break;
		case OPT_QUIET:
			quiet = 1;
			break;
		case OPT_RULES:
			rules_path = args.options[i].value;
			break;
		case OPT_FORMAT:
			format = orgcheck_render_find_format(args.options[i].value);
			if (format == NULL) {
				orgcheck_cli_error(cli, "invalid --format '%s': use text, xml, json, junit, "
						   "sarif, github, gitlab or html", args.options[i].value);
				goto done;
			}
			break;
		case OPT_STYLESHEET:
			stylesheet_option = args.options[i].value;
			break;
		case OPT_FAIL_ON:
			if (parse_fail_on(&fail_on, args.options[i].value) < 0) {
				orgcheck_cli_error(cli, "invalid --fail-on '%s': use error, warning, info or none",
						   args.options[i].value);
				goto done;
			}
			break;
		case OPT_TODAY:
			if (orgcheck_date_parse(&options.today, args.options[i].value) < 0 ||
			    options.today.day == 0) {
				orgcheck_cli_error(cli, "invalid --today '%s': use a date YYYY-MM-DD",
						   args.options[i].value);
				goto done;
			}
			today_given = 1;
			break;
		default:
			break;
		}
	}

	if (orgcheck_datadir_find(data_dir, sizeof(data_dir), data_dir_option) < 0) {
		orgcheck_cli_error(cli, "cannot find orgcheck's schemas (schemas/record.xsd); looked in %s; "
				   "use --data-dir", data_dir);
		goto done;
	}
	snprintf(schema_dir, sizeof(schema_dir), "%s/schemas", data_dir);
	if (orgcheck_cli_load_rules(&config, cli, rules_path, data_dir) < 0)
		goto done;
	if (!today_given)
		system_today(&options.today);
	options.config = config;
	options.paths = args.operand_count > 0 ? args.operands : default_paths;
	options.path_count = args.operand_count > 0 ? args.operand_count : 1;
	options.schema_dir = schema_dir;

	if (orgcheck_check_run(&result, &options, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	memset(&report, 0, sizeof(report));
	report.result = &result;
	report.config = config;
	report.rules_file = config ? orgcheck_config_path(config) : NULL;
	report.today = options.today;
	report.fail_on = fail_on;
	report.failed = fail_on != FAIL_ON_NONE &&
		orgcheck_findings_count_at_least(&result.findings, (enum orgcheck_severity)fail_on) > 0;
	if (stylesheet_option != NULL)
		snprintf(stylesheet, sizeof(stylesheet), "%s", stylesheet_option);
	else
		snprintf(stylesheet, sizeof(stylesheet), "%s/reports/report.xsl", data_dir);
	render.stylesheet = stylesheet;

	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		goto done;
	render.color = strcmp(format->name, "text") == 0 && want_color(color, output.stream);
	if (format->render(output.stream, &report, &render, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		orgcheck_output_abort(&output);
		goto done;
	}
	if (orgcheck_output_commit(&output, cli->err) < 0)
		goto done;
	if (!quiet)
		print_summary(cli, &result);
	status = report.failed ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	orgcheck_config_free(config);
	orgcheck_check_result_release(&result);
	orgcheck_args_release(&args);
	return status;
}
