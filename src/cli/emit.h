/* Writing a report, shared by check and diff: the format table, colour,
 * the stylesheet, the atomic output file, the summary line. */
#ifndef ORGCHECK_EMIT_H
#define ORGCHECK_EMIT_H

#include <orgcheck/render.h>
#include <orgcheck/report.h>

struct orgcheck_cli;

enum orgcheck_color_mode { ORGCHECK_COLOR_AUTO, ORGCHECK_COLOR_ALWAYS, ORGCHECK_COLOR_NEVER };

struct orgcheck_emit_settings {
	const struct orgcheck_format *format;  /* default: text */
	const char *output_path;               /* NULL: standard output */
	const char *stylesheet;                /* NULL: DATA_DIR/reports/report.xsl */
	const char *link_template;             /* NULL: the stylesheet's default */
	enum orgcheck_color_mode color;
	int quiet;
	/* Ends the summary line: which corpus and rules the check used
	 * ("corpus ., rules orgcheck-rules.xml"); NULL for nothing. */
	const char *context;
	/* text: the source line and a caret under each finding: 0 only on a
	 * terminal, 1 always (--excerpt), 2 never (--no-excerpt) */
	int excerpt;
};

/* Option values (orgcheck_option_take_fn, args.h): --format and --color
 * into the struct orgcheck_emit_settings at store, --fail-on into the int
 * at store. Each prints the error and returns -1 when value is bad. */
int orgcheck_emit_take_format(void *store, const struct orgcheck_cli *cli, const char *value);
int orgcheck_emit_take_color(void *store, const struct orgcheck_cli *cli, const char *value);
int orgcheck_emit_take_fail_on(void *store, const struct orgcheck_cli *cli, const char *value);

/* The names of the formats, from the render table, as --help and the
 * error for a bad --format say them: first (e.g. "svrl (default), ")
 * then "text, xml, ... or html", with " (default)" after default_name
 * (NULL for none). */
void orgcheck_emit_format_names(char *buf, size_t size, const char *first, const char *default_name);

/* Writes report as settings say (atomically to a file), then the summary
 * line on standard error unless quiet. Returns 0, or -1 after printing. */
int orgcheck_emit(const struct orgcheck_cli *cli, const struct orgcheck_emit_settings *settings,
		  const struct orgcheck_report *report, const char *data_dir);

/* Whether findings has anything at or above fail_on (marked new, when
 * new_only). */
int orgcheck_emit_failed(const struct orgcheck_findings *findings, int fail_on, int new_only);

/* The formats, for --help. */
void orgcheck_emit_print_formats(FILE *out);

#endif
