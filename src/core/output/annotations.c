/* GitHub Actions annotations: one workflow command per finding,
 *   ::error file=F,line=L,col=C,title=T::MESSAGE
 * (::warning for warnings, ::notice for info), then a summary line. */
#include <orgcheck/render.h>

#include <errno.h>
#include <string.h>

/* GitHub shows this many annotations of each level per step and drops
 * the rest silently; orgcheck stops there and says how many it left out. */
#define ANNOTATIONS_PER_LEVEL 10

/* Writes text as a workflow command's data: '%', CR and LF escaped. As a
 * property value (property set) also ':' and ',', which would end it. */
static void write_escaped(FILE *out, const char *text, int property)
{
	const char *p = NULL;

	for (p = text; *p != '\0'; p++) {
		switch (*p) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*p, out);
			break;
		}
	}
}

/* The command for a severity, and the plural noun of its summary. */
static const char *command_name(enum orgcheck_severity severity)
{
	switch (severity) {
	case ORGCHECK_SEVERITY_ERROR:
		return "error";
	case ORGCHECK_SEVERITY_WARNING:
		return "warning";
	case ORGCHECK_SEVERITY_INFO:
		return "notice";
	}
	return "notice";
}

static void write_annotation(FILE *out, const struct orgcheck_finding *f)
{
	const char *path = f->primary.path;

	/* GitHub matches file= against the repository's files: ".//records"
	 * must not become the absolute "/records" (as ci.c's repository_path). */
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	fprintf(out, "::%s file=", command_name(f->severity));
	write_escaped(out, path, 1);
	if (f->primary.line > 0) {
		fprintf(out, ",line=%lu", f->primary.line);
		if (f->primary.column > 0)
			fprintf(out, ",col=%lu", f->primary.column);
	}
	fputs(",title=", out);
	write_escaped(out, orgcheck_finding_rule_id(f), 1);
	fputc(' ', out);
	write_escaped(out, f->rule->name, 1);
	fputs("::", out);
	write_escaped(out, f->message, 0);
	fputc('\n', out);
}

int orgcheck_render_format_github(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	static const enum orgcheck_severity levels[] = {
		ORGCHECK_SEVERITY_ERROR, ORGCHECK_SEVERITY_WARNING, ORGCHECK_SEVERITY_INFO
	};
	const struct orgcheck_findings *findings = &report->result->findings;
	const struct orgcheck_finding *f = NULL;
	size_t seen[3] = { 0, 0, 0 };
	size_t left_out = 0;
	size_t i;
	size_t k;

	int pass = 0;

	/* Causes first, then the rest: each level's first ten are kept. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < findings->count; i++) {
			f = &findings->items[i];
			if ((unsigned)f->severity > ORGCHECK_SEVERITY_ERROR)
				return orgcheck_error_set(err, ORGCHECK_EINVAL, "finding with an unknown severity");
			if (orgcheck_finding_is_cause(f) != (pass == 0))
				continue;
			if (seen[f->severity]++ < ANNOTATIONS_PER_LEVEL)
				write_annotation(out, f);
		}
	}
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
		if (seen[levels[k]] <= ANNOTATIONS_PER_LEVEL)
			continue;
		left_out = seen[levels[k]] - ANNOTATIONS_PER_LEVEL;
		fprintf(out, "::%s title=orgcheck::%zu more %s%s not shown; ", command_name(levels[k]), left_out,
			command_name(levels[k]), left_out == 1 ? "" : "s");
		fputs("see the full report: ", out);
		if (options != NULL && options->full_report != NULL)
			write_escaped(out, options->full_report, 0);
		else
			fputs("orgcheck check --format text (or html)", out);
		fputc('\n', out);
	}
	fprintf(out, "orgcheck: %zu error%s, %zu warning%s, %zu info\n",
		seen[ORGCHECK_SEVERITY_ERROR], seen[ORGCHECK_SEVERITY_ERROR] == 1 ? "" : "s",
		seen[ORGCHECK_SEVERITY_WARNING], seen[ORGCHECK_SEVERITY_WARNING] == 1 ? "" : "s",
		seen[ORGCHECK_SEVERITY_INFO]);
	if (ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the annotations: %s",
					  strerror(errno ? errno : EIO));
	return 0;
}
