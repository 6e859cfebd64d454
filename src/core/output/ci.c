/* Formats for CI systems written as JSON: orgcheck's own JSON document
 * (schemas/results.schema.json), SARIF 2.1.0 for GitHub code scanning and
 * GitLab Code Quality. JUnit is in render_junit.c, GitHub Actions
 * annotations in render_annotations.c.
 *
 * libxml2 has no JSON writer, so this file has the one hand-written
 * encoder: a small pretty-printer over a stream that keeps the commas and
 * indentation right, and a string escaper. */
#include <orgcheck/render.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/config.h>
#include <orgcheck/fix.h>
#include <orgcheck/version.h>
#include "output/xmltext.h"

/* ---------------------------------------------------------------- JSON */

/* Deep enough for SARIF's locations (root, runs, run, results, result,
 * locations, location, physicalLocation, artifactLocation). */
#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;                   /* containers open */
	size_t count[JSON_MAX_DEPTH]; /* members or elements written in each */
	int failed;                  /* nesting deeper than JSON_MAX_DEPTH */
	int nomem;                   /* a fingerprint ran out of memory */
};

static void json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* Writes the first n bytes of s (or all of it, up to its NUL) as the
 * inside of a JSON string: '"' and '\' escaped, newline, return and tab
 * as \n, \r, \t, other control characters as \u00XX, UTF-8 kept as
 * it is. Record text went through the XML parser
 * and is valid UTF-8, but paths come from the file system: a byte that
 * is not UTF-8 becomes U+FFFD so the document stays valid JSON. */
static void json_write_chars(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;
	size_t length = 0;

	while (p < end && *p != '\0') {
		length = orgcheck_xmltext__utf8_length(p);
		if (length == 0 || length > (size_t)(end - p)) {
			fputs("\\ufffd", out);
			p++;
		} else if (length > 1) {
			fwrite(p, 1, length, out);
			p += length;
		} else if (*p == '"' || *p == '\\') {
			fputc('\\', out);
			fputc(*p++, out);
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			fputc('\\', out);
			fputc(*p == '\n' ? 'n' : *p == '\r' ? 'r' : 't', out);
			p++;
		} else if (*p < 0x20) {
			fprintf(out, "\\u%04x", (unsigned)*p++);
		} else {
			fputc(*p++, out);
		}
	}
}

/* Writes s as a JSON string. */
static void json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	json_write_chars(out, s, strlen(s));
	fputc('"', out);
}

static void json_newline(struct json *j)
{
	int i;

	fputc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Starts the next member (key set, inside an object) or element (key
 * NULL, inside an array, or the document itself). */
static void json_next(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			fputc(',', j->out);
		json_newline(j);
	}
	if (key != NULL) {
		json_write_string(j->out, key);
		fputs(": ", j->out);
	}
}

/* Opens an object ('{') or an array ('['). */
static void json_open(struct json *j, const char *key, char bracket)
{
	json_next(j, key);
	fputc(bracket, j->out);
	if (j->depth >= JSON_MAX_DEPTH) {
		j->failed = 1;
		return;
	}
	j->count[j->depth++] = 0;
}

/* Closes what json_open opened; an empty container stays on one line. */
static void json_close(struct json *j, char bracket)
{
	if (j->depth == 0) {
		j->failed = 1;
		return;
	}
	j->depth--;
	if (j->count[j->depth] > 0)
		json_newline(j);
	fputc(bracket, j->out);
}

/* A string member or element; NULL is written as null. */
static void json_string(struct json *j, const char *key, const char *value)
{
	json_next(j, key);
	if (value == NULL)
		fputs("null", j->out);
	else
		json_write_string(j->out, value);
}

static void json_ulong(struct json *j, const char *key, unsigned long value)
{
	json_next(j, key);
	fprintf(j->out, "%lu", value);
}

static void json_bool(struct json *j, const char *key, int value)
{
	json_next(j, key);
	fputs(value ? "true" : "false", j->out);
}

/* Ends the document with a newline and reports a write error. */
static int json_finish(struct json *j, const char *what, struct orgcheck_error *err)
{
	fputc('\n', j->out);
	if (j->nomem)
		return orgcheck_error_nomem(err);
	if (j->failed || j->depth != 0)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "cannot write the %s output: "
					  "unbalanced document", what);
	if (ferror(j->out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the %s output: %s", what,
					  strerror(errno ? errno : EIO));
	return 0;
}

/* ---------------------------------------------------------------- shared */

/* The position of rule in the catalogue (also its index in SARIF's
 * driver.rules), or orgcheck_catalog_count() when it is not there. */
static size_t rule_index(const struct orgcheck_rule *rule)
{
	size_t index = orgcheck_catalog_index(rule);

	if (index == orgcheck_catalog_count())
		index = orgcheck_catalog_index(orgcheck_catalog_find(rule->id));
	return index;
}

/* path without leading "./": CI systems match paths against the files of
 * the repository, and "./a.xml" is not "a.xml" to them. */
static const char *repository_path(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	return path;
}

/* ---------------------------------------------------------------- json */

/* A location object: a member named key, or an array element (key NULL). */
static void json_location(struct json *j, const char *key, const struct orgcheck_location *loc)
{
	json_open(j, key, '{');
	json_string(j, "path", loc->path);
	json_string(j, "record", loc->record);
	json_ulong(j, "line", loc->line);
	json_ulong(j, "column", loc->column);
	json_close(j, '}');
}

static void json_summary(struct json *j, const struct orgcheck_report *report)
{
	const struct orgcheck_check_result *result = report->result;
	const struct orgcheck_findings *findings = &result->findings;
	static const enum orgcheck_severity severities[] = {
		ORGCHECK_SEVERITY_ERROR, ORGCHECK_SEVERITY_WARNING, ORGCHECK_SEVERITY_INFO
	};
	const struct orgcheck_rule *rule = NULL;
	size_t count = 0;
	size_t n = 0;
	size_t i;
	size_t k;

	json_open(j, "summary", '{');
	json_ulong(j, "files", result->files);
	json_ulong(j, "organizations", result->organizations);
	json_ulong(j, "people", result->people);
	json_ulong(j, "valid", result->valid);
	json_ulong(j, "total", findings->count);
	json_open(j, "bySeverity", '{');
	for (k = 0; k < sizeof(severities) / sizeof(severities[0]); k++) {
		n = 0;
		for (i = 0; i < findings->count; i++)
			n += findings->items[i].severity == severities[k];
		json_ulong(j, orgcheck_severity_name(severities[k]), n);
	}
	json_close(j, '}');
	/* Rules that reported something, by id (few rules, many findings). */
	json_open(j, "byRule", '{');
	count = orgcheck_catalog_count();
	for (k = 0; k < count; k++) {
		rule = orgcheck_catalog_rule(k);
		n = 0;
		for (i = 0; i < findings->count; i++)
			n += findings->items[i].rule == rule;
		if (n > 0)
			json_ulong(j, rule->id, n);
	}
	json_close(j, '}');
	json_close(j, '}');
}

static void json_rules(struct json *j, const struct orgcheck_config *config)
{
	const struct orgcheck_rule *rule = NULL;
	size_t count = 0;
	size_t i;

	count = orgcheck_catalog_count();
	json_open(j, "rules", '[');
	for (i = 0; i < count; i++) {
		rule = orgcheck_catalog_rule(i);
		json_open(j, NULL, '{');
		json_string(j, "id", rule->id);
		json_string(j, "name", rule->name);
		json_string(j, "severity",
			    orgcheck_severity_name(orgcheck_config_severity(config, rule)));
		json_string(j, "defaultSeverity", orgcheck_severity_name(rule->severity));
		json_bool(j, "enabled", orgcheck_config_enabled(config, rule));
		json_string(j, "description", rule->description);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* A fix (<orgcheck/fix.h>): its edits as byte offsets in its file. */
static void json_fix(struct json *j, const struct orgcheck_fix *fix)
{
	size_t i;

	json_open(j, NULL, '{');
	json_string(j, "safety", orgcheck_fix_safety_name(fix->safety));
	json_string(j, "description", fix->description);
	json_string(j, "path", fix->path);
	json_string(j, "newPath", fix->new_path);
	json_open(j, "edits", '[');
	for (i = 0; i < fix->edit_count; i++) {
		json_open(j, NULL, '{');
		json_ulong(j, "start", (unsigned long)fix->edits[i].start);
		json_ulong(j, "end", (unsigned long)fix->edits[i].end);
		json_string(j, "text", fix->edits[i].text);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_string(j, "patch", fix->patch);
	json_close(j, '}');
}

static void json_finding(struct json *j, const struct orgcheck_finding *f)
{
	char fingerprint[32];
	size_t made = 0;
	size_t i;

	if (orgcheck_finding_fingerprint(fingerprint, sizeof(fingerprint), f, NULL) < 0)
		j->nomem = 1;
	json_open(j, NULL, '{');
	json_string(j, "rule", orgcheck_finding_rule_id(f));
	json_string(j, "severity", orgcheck_severity_name(f->severity));
	json_string(j, "fingerprint", fingerprint);
	json_string(j, "baselineState",
		    f->state != ORGCHECK_STATE_NONE ? orgcheck_baseline_state_name(f->state) : NULL);
	json_location(j, "location", &f->primary);
	json_open(j, "related", '[');
	for (i = 0; i < f->related_count; i++)
		json_location(j, NULL, &f->related[i]);
	json_close(j, ']');
	json_string(j, "message", f->message);
	json_open(j, "values", '[');
	for (i = 0; i < f->value_count; i++) {
		json_open(j, NULL, '{');
		json_string(j, "name", f->values[i].name);
		json_string(j, "text", f->values[i].text);
		json_string(j, "source", f->values[i].source);
		json_close(j, '}');
	}
	json_close(j, ']');
	/* Only a finding with fixes has the member: the others read as before.
	 * A fix that cannot be made (a refused Schematron Quick Fix) is for
	 * `orgcheck fix` to list, not a fix to offer. */
	for (made = 0, i = 0; i < f->fix_count; i++)
		made += f->fixes[i].refusal == NULL;
	if (made > 0) {
		json_open(j, "fixes", '[');
		for (i = 0; i < f->fix_count; i++) {
			if (f->fixes[i].refusal == NULL)
				json_fix(j, &f->fixes[i]);
		}
		json_close(j, ']');
	}
	json_close(j, '}');
}

int orgcheck_render_format_json(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	const struct orgcheck_findings *findings = &report->result->findings;
	char today[16];
	struct json j;
	size_t i;

	(void)options;
	orgcheck_date_format(today, sizeof(today), &report->today);
	json_init(&j, out);
	json_open(&j, NULL, '{');
	json_open(&j, "tool", '{');
	json_string(&j, "name", "orgcheck");
	json_string(&j, "version", ORGCHECK_VERSION);
	json_close(&j, '}');
	json_open(&j, "run", '{');
	json_string(&j, "today", today);
	json_string(&j, "failOn", orgcheck_report_fail_on_name(report->fail_on));
	json_string(&j, "rulesFile", report->rules_file);
	json_bool(&j, "failed", report->failed);
	json_close(&j, '}');
	json_summary(&j, report);
	json_rules(&j, report->config);
	json_open(&j, "findings", '[');
	for (i = 0; i < findings->count; i++)
		json_finding(&j, &findings->items[i]);
	json_close(&j, ']');
	json_close(&j, '}');
	return json_finish(&j, "JSON", err);
}

/* ---------------------------------------------------------------- sarif */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define ORGCHECK_INFORMATION_URI "https://github.com/orgcheck/orgcheck"

/* SARIF's levels: info is a note. */
static const char *sarif_level(enum orgcheck_severity severity)
{
	switch (severity) {
	case ORGCHECK_SEVERITY_ERROR:
		return "error";
	case ORGCHECK_SEVERITY_WARNING:
		return "warning";
	case ORGCHECK_SEVERITY_INFO:
		return "note";
	}
	return "none";
}

/* Writes path as a URI reference: every byte but RFC 3986's unreserved
 * characters and '/' percent-encoded (so a space, or a ':' that would
 * read as a scheme, cannot change its meaning). A relative path stays
 * relative, to be resolved against %SRCROOT%; an absolute one becomes a
 * file: URI. */
static void json_uri(struct json *j, const char *key, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	json_next(j, key);
	fputc('"', j->out);
	if (*p == '/')
		fputs("file://", j->out);
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
			fputc(*p, j->out);
		} else {
			fputc('%', j->out);
			fputc(hex[*p >> 4], j->out);
			fputc(hex[*p & 0x0f], j->out);
		}
	}
	fputc('"', j->out);
}

/* {"text": ...} under key, from the first n bytes of text and a suffix. */
static void sarif_message(struct json *j, const char *key, const char *text, size_t n,
			  const char *suffix)
{
	json_open(j, key, '{');
	json_next(j, "text");
	fputc('"', j->out);
	json_write_chars(j->out, text, n);
	if (suffix != NULL)
		json_write_chars(j->out, suffix, strlen(suffix));
	fputc('"', j->out);
	json_close(j, '}');
}

/* The length of the first sentence of a description: up to the first
 * period followed by a space, or all of it. */
static size_t first_sentence_length(const char *text)
{
	const char *end = strstr(text, ". ");

	return end != NULL ? (size_t)(end - text) + 1 : strlen(text);
}

static void sarif_physical_location(struct json *j, const struct orgcheck_location *loc)
{
	const char *path = repository_path(loc->path);

	json_open(j, "physicalLocation", '{');
	json_open(j, "artifactLocation", '{');
	json_uri(j, "uri", path);
	if (path[0] != '/')
		json_string(j, "uriBaseId", "%SRCROOT%");
	json_close(j, '}');
	/* GitHub needs a line: a finding about a whole file is on line 1. */
	json_open(j, "region", '{');
	json_ulong(j, "startLine", loc->line > 0 ? loc->line : 1);
	if (loc->line > 0 && loc->column > 0)
		json_ulong(j, "startColumn", loc->column);
	json_close(j, '}');
	json_close(j, '}');
}

/* The rules of driver.rules: the whole catalogue in id order, so a
 * result's ruleIndex is the rule's place in it. defaultConfiguration
 * carries the severity and state in force for this run (the
 * configuration's, else the catalogue's), which is what GitHub shows. */
static void sarif_rules(struct json *j, const struct orgcheck_config *config)
{
	const struct orgcheck_rule *rule = NULL;
	const char *description = NULL;
	char how[160];
	size_t count = 0;
	size_t i;

	count = orgcheck_catalog_count();
	json_open(j, "rules", '[');
	for (i = 0; i < count; i++) {
		rule = orgcheck_catalog_rule(i);
		description = rule->description;
		snprintf(how, sizeof(how), "\n\nTurn off or change severity in orgcheck-rules.xml: "
			 "<rule id=\"%s\" enabled=\"false\"/> or <rule id=\"%s\" severity=\"info\"/>.",
			 rule->id, rule->id);
		json_open(j, NULL, '{');
		json_string(j, "id", rule->id);
		json_string(j, "name", rule->name);
		sarif_message(j, "shortDescription", description, first_sentence_length(description), NULL);
		sarif_message(j, "fullDescription", description, strlen(description), NULL);
		sarif_message(j, "help", description, strlen(description), how);
		json_open(j, "defaultConfiguration", '{');
		json_bool(j, "enabled", orgcheck_config_enabled(config, rule));
		json_string(j, "level", sarif_level(orgcheck_config_severity(config, rule)));
		json_close(j, '}');
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* The messages of related locations: the record's id follows. */
#define RELATED_RECORD "related record "
#define RELATED_LOCATION "related location"

/* SARIF's fixes: each edit a replacement of a byte region. A rename has
 * no edit and SARIF no way to say it (an artifactChange needs a
 * replacement): it is left to orgcheck fix and the other formats. */
static void sarif_fixes(struct json *j, const struct orgcheck_finding *f)
{
	const char *path = NULL;
	size_t shown = 0;
	size_t i;
	size_t k;

	for (i = 0; i < f->fix_count; i++)
		shown += f->fixes[i].edit_count > 0;
	if (shown == 0)
		return;
	json_open(j, "fixes", '[');
	for (i = 0; i < f->fix_count; i++) {
		const struct orgcheck_fix *fix = &f->fixes[i];

		if (fix->edit_count == 0)
			continue;
		path = repository_path(fix->path);
		json_open(j, NULL, '{');
		sarif_message(j, "description", fix->description, strlen(fix->description), NULL);
		json_open(j, "artifactChanges", '[');
		json_open(j, NULL, '{');
		json_open(j, "artifactLocation", '{');
		json_uri(j, "uri", path);
		if (path[0] != '/')
			json_string(j, "uriBaseId", "%SRCROOT%");
		json_close(j, '}');
		json_open(j, "replacements", '[');
		for (k = 0; k < fix->edit_count; k++) {
			json_open(j, NULL, '{');
			json_open(j, "deletedRegion", '{');
			json_ulong(j, "byteOffset", (unsigned long)fix->edits[k].start);
			json_ulong(j, "byteLength", (unsigned long)(fix->edits[k].end - fix->edits[k].start));
			json_close(j, '}');
			if (fix->edits[k].text[0] != '\0') {
				json_open(j, "insertedContent", '{');
				json_string(j, "text", fix->edits[k].text);
				json_close(j, '}');
			}
			json_close(j, '}');
		}
		json_close(j, ']');
		json_close(j, '}');
		json_close(j, ']');
		json_open(j, "properties", '{');
		json_string(j, "safety", orgcheck_fix_safety_name(fix->safety));
		json_close(j, '}');
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void sarif_result(struct json *j, const struct orgcheck_finding *f, size_t index)
{
	const struct orgcheck_location *related = NULL;
	char fingerprint[32];
	size_t i;

	if (orgcheck_finding_fingerprint(fingerprint, sizeof(fingerprint), f, NULL) < 0)
		j->nomem = 1;
	json_open(j, NULL, '{');
	/* A Schematron assertion's id is a child of OC170's in SARIF's
	 * hierarchical rule ids, so ruleIndex still names a rule descriptor. */
	if (f->rule_id != NULL) {
		char hierarchical[160];

		snprintf(hierarchical, sizeof(hierarchical), "%s/%s", f->rule->id, f->rule_id);
		json_string(j, "ruleId", hierarchical);
	} else {
		json_string(j, "ruleId", f->rule->id);
	}
	json_ulong(j, "ruleIndex", index);
	json_string(j, "level", sarif_level(f->severity));
	/* Against a baseline or an earlier revision: new, unchanged, absent. */
	if (f->state != ORGCHECK_STATE_NONE)
		json_string(j, "baselineState", orgcheck_baseline_state_name(f->state));
	sarif_message(j, "message", f->message, strlen(f->message), NULL);
	json_open(j, "locations", '[');
	json_open(j, NULL, '{');
	sarif_physical_location(j, &f->primary);
	json_close(j, '}');
	json_close(j, ']');
	if (f->related_count > 0) {
		json_open(j, "relatedLocations", '[');
		for (i = 0; i < f->related_count; i++) {
			related = &f->related[i];
			json_open(j, NULL, '{');
			json_ulong(j, "id", i + 1);
			sarif_physical_location(j, related);
			if (related->record != NULL)
				sarif_message(j, "message", RELATED_RECORD, strlen(RELATED_RECORD),
					      related->record);
			else
				sarif_message(j, "message", RELATED_LOCATION, strlen(RELATED_LOCATION), NULL);
			json_close(j, '}');
		}
		json_close(j, ']');
	}
	json_open(j, "partialFingerprints", '{');
	json_string(j, "orgcheckFingerprint/v1", fingerprint);
	json_close(j, '}');
	sarif_fixes(j, f);
	json_close(j, '}');
}

int orgcheck_render_format_sarif(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	const struct orgcheck_findings *findings = &report->result->findings;
	const struct orgcheck_finding *f = NULL;
	size_t count = 0;
	size_t index = 0;
	struct json j;
	size_t i;

	(void)options;
	count = orgcheck_catalog_count();
	for (i = 0; i < findings->count; i++) {
		if (rule_index(findings->items[i].rule) == count)
			return orgcheck_error_set(err, ORGCHECK_EINVAL, "finding of rule %s, "
						  "which is not in the catalogue",
						  findings->items[i].rule->id);
	}
	json_init(&j, out);
	json_open(&j, NULL, '{');
	json_string(&j, "$schema", SARIF_SCHEMA);
	json_string(&j, "version", "2.1.0");
	json_open(&j, "runs", '[');
	json_open(&j, NULL, '{');
	json_open(&j, "tool", '{');
	json_open(&j, "driver", '{');
	json_string(&j, "name", "orgcheck");
	json_string(&j, "version", ORGCHECK_VERSION);
	json_string(&j, "informationUri", ORGCHECK_INFORMATION_URI);
	sarif_rules(&j, report->config);
	json_close(&j, '}');
	json_close(&j, '}');
	json_open(&j, "results", '[');
	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		index = rule_index(f->rule);
		sarif_result(&j, f, index);
	}
	json_close(&j, ']');
	json_close(&j, '}');
	json_close(&j, ']');
	json_close(&j, '}');
	return json_finish(&j, "SARIF", err);
}

/* ---------------------------------------------------------------- gitlab */

/* GitLab Code Quality severities: info, minor, major, critical, blocker. */
static const char *gitlab_severity(enum orgcheck_severity severity)
{
	switch (severity) {
	case ORGCHECK_SEVERITY_ERROR:
		return "major";
	case ORGCHECK_SEVERITY_WARNING:
		return "minor";
	case ORGCHECK_SEVERITY_INFO:
		return "info";
	}
	return "info";
}

struct gitlab_fingerprint {
	char text[32];
	size_t index;       /* of the finding */
	size_t occurrence;  /* 1 for the first finding with this text, 2, ... */
};

static int compare_by_text(const void *pa, const void *pb)
{
	const struct gitlab_fingerprint *a = pa;
	const struct gitlab_fingerprint *b = pb;
	int c = strcmp(a->text, b->text);

	if (c != 0)
		return c;
	return (a->index > b->index) - (a->index < b->index);
}

static int compare_by_index(const void *pa, const void *pb)
{
	const struct gitlab_fingerprint *a = pa;
	const struct gitlab_fingerprint *b = pb;

	return (a->index > b->index) - (a->index < b->index);
}

/* GitLab keeps one entry per fingerprint, and two findings may share one
 * (the same fact stated twice in a record): the second gets "-2", the
 * third "-3", in the order of the findings. The caller frees *out. */
static int gitlab_fingerprints(struct gitlab_fingerprint **out, const struct orgcheck_findings *findings,
			       struct orgcheck_error *err)
{
	struct gitlab_fingerprint *prints = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (findings->count == 0)
		return 0;
	prints = calloc(findings->count, sizeof(*prints));
	if (prints == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < findings->count; i++) {
		rc = orgcheck_finding_fingerprint(prints[i].text, sizeof(prints[i].text), &findings->items[i],
						  err);
		if (rc < 0)
			goto done;
		prints[i].index = i;
	}
	qsort(prints, findings->count, sizeof(*prints), compare_by_text);
	for (i = 0; i < findings->count; i++) {
		prints[i].occurrence = 1;
		if (i > 0 && strcmp(prints[i].text, prints[i - 1].text) == 0)
			prints[i].occurrence = prints[i - 1].occurrence + 1;
	}
	qsort(prints, findings->count, sizeof(*prints), compare_by_index);
	*out = prints;
	prints = NULL;

done:
	free(prints);
	return rc;
}

int orgcheck_render_format_gitlab(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	const struct orgcheck_findings *findings = &report->result->findings;
	const struct orgcheck_finding *f = NULL;
	struct gitlab_fingerprint *prints = NULL;
	char fingerprint[64];
	struct json j;
	size_t i;
	int rc = 0;

	(void)options;
	rc = gitlab_fingerprints(&prints, findings, err);
	if (rc < 0)
		return rc;
	json_init(&j, out);
	json_open(&j, NULL, '[');
	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (prints[i].occurrence > 1)
			snprintf(fingerprint, sizeof(fingerprint), "%s-%zu", prints[i].text,
				 prints[i].occurrence);
		else
			snprintf(fingerprint, sizeof(fingerprint), "%s", prints[i].text);
		json_open(&j, NULL, '{');
		json_string(&j, "description", f->message);
		json_string(&j, "check_name", orgcheck_finding_rule_id(f));
		json_string(&j, "fingerprint", fingerprint);
		json_string(&j, "severity", gitlab_severity(f->severity));
		json_open(&j, "location", '{');
		json_string(&j, "path", repository_path(f->primary.path));
		json_open(&j, "lines", '{');
		json_ulong(&j, "begin", f->primary.line > 0 ? f->primary.line : 1);
		json_close(&j, '}');
		json_close(&j, '}');
		json_close(&j, '}');
	}
	json_close(&j, ']');
	free(prints);
	return json_finish(&j, "GitLab Code Quality", err);
}
