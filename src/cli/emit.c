#include "emit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"

void orgcheck_emit_format_names(char *buf, size_t size, const char *first, const char *default_name)
{
	const struct orgcheck_format *formats = NULL;
	size_t count = 0;
	size_t length = 0;
	size_t i;

	formats = orgcheck_render_formats(&count);
	length = (size_t)snprintf(buf, size, "%s", first);
	for (i = 0; i < count && length < size; i++) {
		length += (size_t)snprintf(buf + length, size - length, "%s%s%s",
					   i == 0 ? "" : i + 1 == count ? " or " : ", ", formats[i].name,
					   default_name && strcmp(formats[i].name, default_name) == 0 ?
						   " (default)" : "");
	}
}

int orgcheck_emit_take_format(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct orgcheck_emit_settings *settings = store;
	char names[256];

	settings->format = orgcheck_render_find_format(value);
	if (settings->format != NULL)
		return 0;
	orgcheck_emit_format_names(names, sizeof(names), "", NULL);
	orgcheck_cli_error(cli, "invalid --format '%s': use %s", value, names);
	return -1;
}

int orgcheck_emit_take_color(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct orgcheck_emit_settings *settings = store;

	if (strcmp(value, "auto") == 0)
		settings->color = ORGCHECK_COLOR_AUTO;
	else if (strcmp(value, "always") == 0)
		settings->color = ORGCHECK_COLOR_ALWAYS;
	else if (strcmp(value, "never") == 0)
		settings->color = ORGCHECK_COLOR_NEVER;
	else {
		orgcheck_cli_error(cli, "invalid --color '%s': use auto, always or never", value);
		return -1;
	}
	return 0;
}

int orgcheck_emit_take_fail_on(void *store, const struct orgcheck_cli *cli, const char *value)
{
	int *out = store;
	enum orgcheck_severity severity = ORGCHECK_SEVERITY_ERROR;

	if (strcmp(value, "none") == 0) {
		*out = ORGCHECK_FAIL_ON_NONE;
		return 0;
	}
	if (orgcheck_severity_parse(&severity, value) == 0) {
		*out = (int)severity;
		return 0;
	}
	orgcheck_cli_error(cli, "invalid --fail-on '%s': use error, warning, info or none", value);
	return -1;
}

/* Colour only for a terminal, and never when the environment says no
 * (https://no-color.org, TERM=dumb); an explicit --color wins. */
static int want_color(enum orgcheck_color_mode mode, FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (mode != ORGCHECK_COLOR_AUTO)
		return mode == ORGCHECK_COLOR_ALWAYS;
	if (no_color != NULL && no_color[0] != '\0')
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(fileno(stream));
}

static void print_summary(const struct orgcheck_cli *cli, const struct orgcheck_check_result *result,
			  const char *context)
{
	size_t errors = orgcheck_findings_count_at_least(&result->findings, ORGCHECK_SEVERITY_ERROR);
	size_t warnings = orgcheck_findings_count_at_least(&result->findings, ORGCHECK_SEVERITY_WARNING) - errors;
	size_t infos = result->findings.count - errors - warnings;
	size_t records = result->organizations + result->people;
	/* The files that gave no record (cannot be read, not well-formed, an
	 * unknown root), so the counts add up. */
	size_t unreadable = result->files > records ? result->files - records : 0;
	char rest[64] = "";

	if (unreadable > 0)
		snprintf(rest, sizeof(rest), ", %zu unreadable", unreadable);
	fprintf(cli->err,
		"orgcheck: %zu file%s checked (%zu organization%s, %zu %s%s): "
		"%zu error%s, %zu warning%s, %zu info%s%s\n",
		result->files, result->files == 1 ? "" : "s",
		result->organizations, result->organizations == 1 ? "" : "s",
		result->people, result->people == 1 ? "person" : "people", rest,
		errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", infos,
		context ? "; " : "", context ? context : "");
}

/* In GitHub Actions, the run whose log and artifacts hold the full
 * report (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID);
 * else NULL. */
static const char *full_report_address(char *buf, size_t size)
{
	const char *server = getenv("GITHUB_SERVER_URL");
	const char *repository = getenv("GITHUB_REPOSITORY");
	const char *run = getenv("GITHUB_RUN_ID");

	if (server == NULL || repository == NULL || run == NULL || !server[0] || !repository[0] || !run[0])
		return NULL;
	if (snprintf(buf, size, "the log and artifacts of %s/%s/actions/runs/%s", server, repository, run) >=
	    (int)size)
		return NULL;
	return buf;
}

int orgcheck_emit(const struct orgcheck_cli *cli, const struct orgcheck_emit_settings *settings,
		  const struct orgcheck_report *report, const char *data_dir)
{
	const struct orgcheck_format *format = settings->format ? settings->format
								: orgcheck_render_find_format("text");
	struct orgcheck_output output = { 0 };
	struct orgcheck_render_options render = { 0 };
	struct orgcheck_error err = { 0 };
	char stylesheet[PATH_MAX + 32];
	char pages_dir[PATH_MAX];
	char index[PATH_MAX];
	const char *output_path = settings->output_path;
	int pages = 0;
	char address[1024];

	if (settings->stylesheet != NULL)
		snprintf(stylesheet, sizeof(stylesheet), "%s", settings->stylesheet);
	else
		snprintf(stylesheet, sizeof(stylesheet), "%s/reports/report.xsl", data_dir);
	render.stylesheet = stylesheet;
	render.full_report = full_report_address(address, sizeof(address));
	render.link_template = settings->link_template;
	if (format->render == orgcheck_render_format_html) {
		pages = orgcheck_output_pages(pages_dir, index, sizeof(index), output_path, cli->err);
		if (pages < 0)
			return -1;
		if (pages) {
			render.pages_dir = pages_dir;
			output_path = index;
		}
	}
	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		return -1;
	render.color = strcmp(format->name, "text") == 0 && want_color(settings->color, output.stream);
	render.excerpt = strcmp(format->name, "text") == 0 &&
			 (settings->excerpt == 1 || (settings->excerpt == 0 && isatty(fileno(output.stream))));
	if (format->render == orgcheck_render_format_html)
		orgcheck_cli_prepare_large_tree();
	if (format->render(output.stream, report, &render, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		orgcheck_output_abort(&output);
		return -1;
	}
	if (orgcheck_output_commit(&output, cli->err) < 0)
		return -1;
	if (!settings->quiet)
		print_summary(cli, report->result, settings->context);
	return 0;
}

int orgcheck_emit_failed(const struct orgcheck_findings *findings, int fail_on, int new_only)
{
	size_t i;

	if (fail_on >= ORGCHECK_FAIL_ON_NONE)
		return 0;
	for (i = 0; i < findings->count; i++) {
		if ((int)findings->items[i].severity >= fail_on &&
		    (!new_only || findings->items[i].state == ORGCHECK_STATE_NEW))
			return 1;
	}
	return 0;
}

void orgcheck_emit_print_formats(FILE *out)
{
	const struct orgcheck_format *formats = NULL;
	size_t count = 0;
	size_t i;

	formats = orgcheck_render_formats(&count);
	fputs("\nFormats:\n", out);
	for (i = 0; i < count; i++)
		fprintf(out, "  %-8s %s\n", formats[i].name, formats[i].summary);
}
