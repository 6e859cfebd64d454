#include "render.h"

#include <errno.h>
#include <string.h>

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
