#include "render.h"

#include <errno.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "config.h"

/* libxml2 takes const xmlChar *; BAD_CAST would cast the const away. */
#define XC(s) ((const xmlChar *)(s))

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

int orgcheck_render_text(FILE *out, const struct orgcheck_findings *findings, int color,
			 struct orgcheck_error *err)
{
	size_t i;
	size_t j;
	const struct orgcheck_finding *f = NULL;

	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		write_location(out, &f->primary, color);
		fprintf(out, " %s%s:%s %s [%s]\n", color ? severity_color(f->severity) : "",
			orgcheck_severity_name(f->severity), color ? SGR_RESET : "", f->message,
			f->rule->id);
		for (j = 0; j < f->related_count; j++) {
			write_location(out, &f->related[j], color);
			fprintf(out, " %snote:%s related to the finding above [%s]\n",
				color ? "\033[1;36m" : "", color ? SGR_RESET : "", f->rule->id);
		}
	}
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
	const struct orgcheck_rule *rules = NULL;
	size_t count = 0;
	size_t i;

	rules = orgcheck_catalog_rules(&count);
	for (i = 0; i < count; i++) {
		fprintf(out, "%s  %-26s %s%s\n", rules[i].id, rules[i].name,
			orgcheck_severity_name(orgcheck_config_severity(config, &rules[i])),
			orgcheck_config_enabled(config, &rules[i]) ? "" : " (disabled)");
		write_wrapped(out, rules[i].description, 7, 72);
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
	const struct orgcheck_rule *rules = NULL;
	xmlOutputBufferPtr buffer = NULL;
	xmlTextWriterPtr writer = NULL;
	size_t count = 0;
	size_t i;
	int failed = 0;

	buffer = xmlOutputBufferCreateFile(out, NULL);
	if (buffer == NULL)
		return orgcheck_error_nomem(err);
	writer = xmlNewTextWriter(buffer);
	if (writer == NULL) {
		xmlOutputBufferClose(buffer);
		return orgcheck_error_nomem(err);
	}
	/* Now owned by the writer. */
	buffer = NULL;
	xmlTextWriterSetIndent(writer, 1);
	xmlTextWriterSetIndentString(writer, XC("  "));
	rules = orgcheck_catalog_rules(&count);
	failed |= xmlTextWriterStartDocument(writer, "1.0", "UTF-8", NULL) < 0;
	failed |= xmlTextWriterStartElementNS(writer, NULL, XC("catalog"),
					      XC("urn:orgcheck:results:1")) < 0;
	for (i = 0; i < count && !failed; i++) {
		failed |= xmlTextWriterStartElement(writer, XC("rule")) < 0;
		failed |= xmlTextWriterWriteAttribute(writer, XC("id"), XC(rules[i].id)) < 0;
		failed |= xmlTextWriterWriteAttribute(writer, XC("name"), XC(rules[i].name)) < 0;
		failed |= xmlTextWriterWriteAttribute(writer, XC("severity"),
			XC(orgcheck_severity_name(orgcheck_config_severity(config, &rules[i])))) < 0;
		failed |= xmlTextWriterWriteAttribute(writer, XC("default-severity"),
			XC(orgcheck_severity_name(rules[i].severity))) < 0;
		failed |= xmlTextWriterWriteAttribute(writer, XC("enabled"),
			XC(orgcheck_config_enabled(config, &rules[i]) ? "true" : "false")) < 0;
		failed |= xmlTextWriterWriteElement(writer, XC("description"),
						    XC(rules[i].description)) < 0;
		failed |= xmlTextWriterEndElement(writer) < 0;
	}
	failed |= xmlTextWriterEndDocument(writer) < 0;
	failed |= xmlTextWriterFlush(writer) < 0;
	xmlFreeTextWriter(writer);
	if (failed || ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the rule catalogue");
	return 0;
}
