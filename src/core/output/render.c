#include <orgcheck/render.h>

#include <errno.h>
#include <string.h>

#include <orgcheck/config.h>
#include <orgcheck/results.h>

static const struct orgcheck_format formats[] = {
	{ "text", orgcheck_render_format_text, "path:line:column: severity: message [RULE] (default)" },
	{ "xml", orgcheck_render_format_xml, "the results document (schemas/results.xsd)" },
	{ "json", orgcheck_render_format_json, "one JSON document (schemas/results.schema.json)" },
	{ "junit", orgcheck_render_format_junit, "JUnit XML: a test case per record and rule" },
	{ "sarif", orgcheck_render_format_sarif, "SARIF 2.1.0, for GitHub code scanning" },
	{ "github", orgcheck_render_format_github, "GitHub Actions annotations (::error file=...)" },
	{ "gitlab", orgcheck_render_format_gitlab, "GitLab Code Quality JSON" },
	{ "html", orgcheck_render_format_html, "the HTML discrepancy report (XSLT)" },
};

const struct orgcheck_format *orgcheck_render_formats(size_t *count_out)
{
	*count_out = sizeof(formats) / sizeof(formats[0]);
	return formats;
}

const struct orgcheck_format *orgcheck_render_find_format(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	}
	return NULL;
}

int orgcheck_render_format_text(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	return orgcheck_render_text_excerpt(out, &report->result->findings, options->color, options->excerpt, err);
}

int orgcheck_render_format_xml(FILE *out, const struct orgcheck_report *report,
			       const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)options;
	return orgcheck_results_write(out, report, err);
}

#define SGR_BOLD "\033[1m"
#define SGR_RESET "\033[0m"

static const char *severity_color(enum orgcheck_severity severity)
{
	switch (severity) {
	case ORGCHECK_SEVERITY_ERROR:
		return "\033[1;31m";
	case ORGCHECK_SEVERITY_WARNING:
		return "\033[1;35m";
	case ORGCHECK_SEVERITY_INFO:
		return "\033[1;36m";
	}
	return "";
}

/* "path:line:col:" leaving out what is unknown (0). */
static void write_location(FILE *out, const struct orgcheck_location *loc, int color)
{
	if (color)
		fputs(SGR_BOLD, out);
	fputs(loc->path, out);
	if (loc->line > 0) {
		fprintf(out, ":%lu", loc->line);
		if (loc->column > 0)
			fprintf(out, ":%lu", loc->column);
	}
	fputc(':', out);
	if (color)
		fputs(SGR_RESET, out);
}

/* The file excerpts come from: one file read whole at a time (the
 * findings are sorted by path, so each is read once). */
struct excerpt_file {
	char *path;
	char *text;
	size_t size;
};

/* Larger files (hostile ones) get no excerpt. */
#define EXCERPT_MAX_FILE (16u << 20)
#define EXCERPT_MAX_LINE 240

static void excerpt_file_release(struct excerpt_file *file)
{
	free(file->path);
	free(file->text);
	file->path = NULL;
	file->text = NULL;
	file->size = 0;
}

/* Makes file hold path's text; 0, or -1 when it cannot be read. */
static int excerpt_load(struct excerpt_file *file, const char *path)
{
	FILE *in = NULL;
	char *text = NULL;
	size_t size = 0;
	size_t n = 0;

	if (file->path != NULL && strcmp(file->path, path) == 0)
		return file->text != NULL ? 0 : -1;
	excerpt_file_release(file);
	file->path = strdup(path);
	if (file->path == NULL)
		return -1;
	in = fopen(path, "rb");
	if (in == NULL)
		return -1;
	text = malloc(EXCERPT_MAX_FILE + 1);
	if (text != NULL) {
		while ((n = fread(text + size, 1, EXCERPT_MAX_FILE + 1 - size, in)) > 0)
			size += n;
	}
	fclose(in);
	if (text == NULL || size > EXCERPT_MAX_FILE) {
		free(text);
		return -1;
	}
	file->text = text;
	file->size = size;
	return 0;
}

/* "  12 | the line" and "     |     ^" for line and column of path. */
static void write_excerpt(FILE *out, struct excerpt_file *file, const struct orgcheck_location *loc, int color)
{
	const char *p = NULL;
	const char *end = NULL;
	const char *start = NULL;
	unsigned long line = 1;
	size_t length = 0;
	size_t i;
	int width = 0;

	if (loc->line == 0 || excerpt_load(file, loc->path) < 0)
		return;
	p = file->text;
	end = file->text + file->size;
	while (p < end && line < loc->line) {
		if (*p++ == '\n')
			line++;
	}
	if (line != loc->line || p >= end)
		return;
	start = p;
	while (p < end && *p != '\n' && *p != '\r')
		p++;
	length = (size_t)(p - start);
	if (length > EXCERPT_MAX_LINE)
		length = EXCERPT_MAX_LINE;
	width = fprintf(out, "%6lu | ", loc->line) - 2;
	for (i = 0; i < length; i++)
		fputc(start[i] == '\0' ? ' ' : start[i], out);
	fprintf(out, "%s\n", length < (size_t)(p - start) ? " ..." : "");
	if (loc->column == 0 || loc->column - 1 > length)
		return;
	fprintf(out, "%*s| ", width, "");
	/* Under the column: tabs stay tabs, a multi-byte character one place. */
	for (i = 0; i + 1 < loc->column; i++) {
		if (start[i] == '\t')
			fputc('\t', out);
		else if (((unsigned char)start[i] & 0xC0) != 0x80)
			fputc(' ', out);
	}
	fprintf(out, "%s^%s\n", color ? "\033[1;32m" : "", color ? SGR_RESET : "");
}

int orgcheck_render_text(FILE *out, const struct orgcheck_findings *findings, int color,
			 struct orgcheck_error *err)
{
	return orgcheck_render_text_excerpt(out, findings, color, 0, err);
}

int orgcheck_render_text_excerpt(FILE *out, const struct orgcheck_findings *findings, int color, int excerpt,
				 struct orgcheck_error *err)
{
	struct excerpt_file file = { NULL, NULL, 0 };
	size_t i;
	size_t j;
	const struct orgcheck_finding *f = NULL;

	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		write_location(out, &f->primary, color);
		fprintf(out, " %s%s:%s %s [%s]\n", color ? severity_color(f->severity) : "",
			orgcheck_severity_name(f->severity), color ? SGR_RESET : "", f->message,
			orgcheck_finding_rule_id(f));
		if (excerpt)
			write_excerpt(out, &file, &f->primary, color);
		for (j = 0; j < f->related_count; j++) {
			write_location(out, &f->related[j], color);
			fprintf(out, " %snote:%s related to the finding above [%s]\n",
				color ? "\033[1;36m" : "", color ? SGR_RESET : "", orgcheck_finding_rule_id(f));
		}
	}
	excerpt_file_release(&file);
	if (ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the findings: %s",
					  strerror(errno ? errno : EIO));
	return 0;
}

/* Writes text wrapped at width columns, each line indented by indent. */
static void write_wrapped(FILE *out, const char *text, size_t indent, size_t width)
{
	const char *p = text;
	const char *word_end = NULL;
	size_t column = 0;
	size_t length = 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		word_end = strchr(p, ' ');
		length = word_end ? (size_t)(word_end - p) : strlen(p);
		if (column == 0) {
			fprintf(out, "%*s", (int)indent, "");
			column = indent;
		} else if (column + 1 + length > width) {
			fprintf(out, "\n%*s", (int)indent, "");
			column = indent;
		} else {
			fputc(' ', out);
			column++;
		}
		fwrite(p, 1, length, out);
		column += length;
		p += length;
	}
	if (column > 0)
		fputc('\n', out);
}

int orgcheck_render_catalog_text(FILE *out, const struct orgcheck_config *config,
				 struct orgcheck_error *err)
{
	const struct orgcheck_rule *rule = NULL;
	size_t count = 0;
	size_t i;

	count = orgcheck_catalog_count();
	for (i = 0; i < count; i++) {
		rule = orgcheck_catalog_rule(i);
		fprintf(out, "%s  %-26s %s%s\n", rule->id, rule->name,
			orgcheck_severity_name(orgcheck_config_severity(config, rule)),
			orgcheck_config_enabled(config, rule) ? "" : " (disabled)");
		write_wrapped(out, rule->description, 7, 72);
		if (i + 1 < count)
			fputc('\n', out);
	}
	if (ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the rule catalogue: %s",
					  strerror(errno ? errno : EIO));
	return 0;
}

int orgcheck_render_catalog_xml(FILE *out, const struct orgcheck_config *config,
				struct orgcheck_error *err)
{
	return orgcheck_results_write_catalog(out, config, err);
}
