/* JUnit XML, as Jenkins, GitLab and GitHub test reporters read it, written
 * with libxml2's xmlTextWriter:
 *
 *   <testsuites name="orgcheck" tests failures errors="0">
 *     <testsuite name="OC120 one-sided-link" tests failures errors="0">
 *       <testcase classname="records/organizations/isct.xml" name="OC120 isct">
 *         <failure type="OC120" message="first message">every finding</failure>
 *
 * One suite per rule that ran. A test case per record file and rule would
 * be records x rules cases, nearly all passing; instead a failing case per
 * (record, rule) pair with findings, and one passing case "OC120 (all
 * records)" for a rule with none. A pair whose findings are all below
 * --fail-on passes, its findings in <system-out>: the run passed too.
 * GitLab drops test cases whose names repeat, so names are unique within
 * a suite. */
#include <orgcheck/render.h>

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include <orgcheck/config.h>
#include "output/xmltext.h"

/* libxml2 takes const xmlChar *; BAD_CAST would cast the const away. */
#define XC(s) ((const xmlChar *)(s))

/* The findings of one rule in one file: one failing test case. */
struct junit_case {
	const char *path;
	const char *record;  /* the file's record id, or NULL */
	size_t first;        /* index of its first finding */
	size_t count;        /* how many findings it has */
	int by_path;         /* named after the path, not the record id */
	int fails;           /* a finding at or above --fail-on: a failure, else system-out */
};

/* Scratch space for one suite, sized for every finding. */
struct junit_scratch {
	struct junit_case *cases;
	const char **sorted;  /* paths, then records, sorted for look-ups */
};

/* Collects the test cases of rule into cases (room for every finding);
 * returns their number. The findings are sorted by path, so the findings of one file
 * are consecutive. */
static size_t collect_cases(struct junit_case *cases, const struct orgcheck_findings *findings,
			    const struct orgcheck_rule *rule, int fail_on)
{
	const struct orgcheck_finding *f = NULL;
	size_t n = 0;
	size_t i;

	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (f->rule != rule)
			continue;
		if (n > 0 && strcmp(cases[n - 1].path, f->primary.path) == 0) {
			cases[n - 1].count++;
			cases[n - 1].fails |= (int)f->severity >= fail_on;
			continue;
		}
		cases[n].path = f->primary.path;
		cases[n].record = f->primary.record;
		cases[n].first = i;
		cases[n].count = 1;
		cases[n].by_path = f->primary.record == NULL;
		cases[n].fails = (int)f->severity >= fail_on;
		n++;
	}
	return n;
}

static int compare_strings(const void *pa, const void *pb)
{
	const char *const *a = pa;
	const char *const *b = pb;

	return strcmp(*a, *b);
}

/* Names a case after its path when its record id is unknown, is shared
 * with another case of the suite (duplicate ids, a record split over
 * files) or is spelt like another case's path. Paths are unique within a
 * suite, so the names are too. */
static void choose_names(struct junit_scratch *scratch, size_t n)
{
	const char **sorted = scratch->sorted;
	const char **hit = NULL;
	const char *key = NULL;
	size_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sorted[i] = scratch->cases[i].path;
	qsort(sorted, n, sizeof(*sorted), compare_strings);
	for (i = 0; i < n; i++) {
		key = scratch->cases[i].record;
		if (key != NULL && bsearch(&key, sorted, n, sizeof(*sorted), compare_strings) != NULL)
			scratch->cases[i].by_path = 1;
	}
	for (i = 0; i < n; i++) {
		if (scratch->cases[i].record != NULL)
			sorted[m++] = scratch->cases[i].record;
	}
	qsort(sorted, m, sizeof(*sorted), compare_strings);
	for (i = 0; i < n; i++) {
		key = scratch->cases[i].record;
		if (key == NULL || scratch->cases[i].by_path)
			continue;
		hit = bsearch(&key, sorted, m, sizeof(*sorted), compare_strings);
		/* bsearch finds any of equal keys: look at both neighbours. */
		if (hit != NULL && ((hit > sorted && strcmp(hit[-1], key) == 0) ||
				    (hit + 1 < sorted + m && strcmp(hit[1], key) == 0)))
			scratch->cases[i].by_path = 1;
	}
}

static int attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *scratch = NULL;
	const char *safe = orgcheck_xmltext__safe(&scratch, value);
	int failed = safe == NULL || xmlTextWriterWriteAttribute(w, XC(name), XC(safe)) < 0;

	free(scratch);
	return failed;
}

static int attribute_size(xmlTextWriterPtr w, const char *name, size_t value)
{
	char text[32];

	snprintf(text, sizeof(text), "%zu", value);
	return attribute(w, name, text);
}

static int text(xmlTextWriterPtr w, const char *value)
{
	char *scratch = NULL;
	const char *safe = orgcheck_xmltext__safe(&scratch, value);
	int failed = safe == NULL || xmlTextWriterWriteString(w, XC(safe)) < 0;

	free(scratch);
	return failed;
}

/* "<rule id> <rest>" into a buffer the caller frees, or NULL. */
static char *join_name(const char *id, const char *rest)
{
	size_t size = strlen(id) + 1 + strlen(rest) + 1;
	char *name = malloc(size);

	if (name != NULL)
		snprintf(name, size, "%s %s", id, rest);
	return name;
}

/* One line per finding: "path:line:column: severity: message". */
static int write_finding_line(xmlTextWriterPtr w, const struct orgcheck_finding *f)
{
	char number[32];
	int failed = 0;

	failed |= text(w, f->primary.path);
	if (f->primary.line > 0) {
		snprintf(number, sizeof(number), ":%lu", f->primary.line);
		failed |= text(w, number);
		if (f->primary.column > 0) {
			snprintf(number, sizeof(number), ":%lu", f->primary.column);
			failed |= text(w, number);
		}
	}
	failed |= text(w, ": ");
	failed |= text(w, orgcheck_severity_name(f->severity));
	failed |= text(w, ": ");
	failed |= text(w, f->message);
	/* A Schematron finding names its assertion (the test case is OC170's). */
	if (f->rule_id != NULL) {
		failed |= text(w, " [");
		failed |= text(w, f->rule_id);
		failed |= text(w, "]");
	}
	failed |= text(w, "\n");
	return failed;
}

static int write_case(xmlTextWriterPtr w, const struct orgcheck_findings *findings,
		      const struct orgcheck_rule *rule, const struct junit_case *c, int *nomem)
{
	const struct orgcheck_finding *f = NULL;
	char *name = NULL;
	size_t written = 0;
	size_t i;
	int failed = 0;

	name = join_name(rule->id, c->by_path ? c->path : c->record);
	if (name == NULL) {
		*nomem = 1;
		return 1;
	}
	failed |= xmlTextWriterStartElement(w, XC("testcase")) < 0;
	failed |= attribute(w, "classname", c->path);
	failed |= attribute(w, "name", name);
	/* Below --fail-on a finding does not fail the run, so it does not
	 * fail the test: the case passes and says what it found. */
	if (c->fails) {
		failed |= xmlTextWriterStartElement(w, XC("failure")) < 0;
		failed |= attribute(w, "type", rule->id);
		failed |= attribute(w, "message", findings->items[c->first].message);
	} else {
		failed |= xmlTextWriterStartElement(w, XC("system-out")) < 0;
	}
	for (i = c->first; i < findings->count && written < c->count && !failed; i++) {
		f = &findings->items[i];
		if (f->rule != rule || strcmp(f->primary.path, c->path) != 0)
			continue;
		failed |= write_finding_line(w, f);
		written++;
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	failed |= xmlTextWriterEndElement(w) < 0;
	free(name);
	return failed;
}

static size_t count_failing(const struct junit_case *cases, size_t n)
{
	size_t failing = 0;
	size_t i;

	for (i = 0; i < n; i++)
		failing += cases[i].fails != 0;
	return failing;
}

static int write_suite(xmlTextWriterPtr w, const struct orgcheck_findings *findings,
		       const struct orgcheck_rule *rule, int fail_on, struct junit_scratch *scratch, int *nomem)
{
	char *name = NULL;
	size_t n = 0;
	size_t i;
	int failed = 0;

	n = collect_cases(scratch->cases, findings, rule, fail_on);
	choose_names(scratch, n);
	name = join_name(rule->id, rule->name);
	if (name == NULL) {
		*nomem = 1;
		return 1;
	}
	failed |= xmlTextWriterStartElement(w, XC("testsuite")) < 0;
	failed |= attribute(w, "name", name);
	failed |= attribute_size(w, "tests", n > 0 ? n : 1);
	failed |= attribute_size(w, "failures", count_failing(scratch->cases, n));
	failed |= attribute(w, "errors", "0");
	free(name);
	if (n == 0) {
		name = join_name(rule->id, "(all records)");
		if (name == NULL) {
			*nomem = 1;
			return 1;
		}
		failed |= xmlTextWriterStartElement(w, XC("testcase")) < 0;
		failed |= attribute(w, "classname", "orgcheck");
		failed |= attribute(w, "name", name);
		failed |= xmlTextWriterEndElement(w) < 0;
		free(name);
	}
	for (i = 0; i < n && !failed; i++)
		failed |= write_case(w, findings, rule, &scratch->cases[i], nomem);
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

static int write_junit(xmlTextWriterPtr w, const struct orgcheck_report *report,
		       struct junit_scratch *scratch, int *nomem)
{
	const struct orgcheck_findings *findings = &report->result->findings;
	const struct orgcheck_rule *rule = NULL;
	size_t count = 0;
	size_t tests = 0;
	size_t failures = 0;
	size_t n = 0;
	size_t i;
	int failed = 0;

	count = orgcheck_catalog_count();
	for (i = 0; i < count; i++) {
		rule = orgcheck_catalog_rule(i);
		if (!orgcheck_config_enabled(report->config, rule))
			continue;
		n = collect_cases(scratch->cases, findings, rule, report->fail_on);
		tests += n > 0 ? n : 1;
		failures += count_failing(scratch->cases, n);
	}
	failed |= xmlTextWriterSetIndent(w, 1) < 0;
	failed |= xmlTextWriterSetIndentString(w, XC("  ")) < 0;
	failed |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	failed |= xmlTextWriterStartElement(w, XC("testsuites")) < 0;
	failed |= attribute(w, "name", "orgcheck");
	failed |= attribute_size(w, "tests", tests);
	failed |= attribute_size(w, "failures", failures);
	failed |= attribute(w, "errors", "0");
	for (i = 0; i < count && !failed; i++) {
		rule = orgcheck_catalog_rule(i);
		if (orgcheck_config_enabled(report->config, rule))
			failed |= write_suite(w, findings, rule, report->fail_on, scratch, nomem);
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	failed |= xmlTextWriterEndDocument(w) < 0;
	return failed;
}

int orgcheck_render_format_junit(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	size_t slots = report->result->findings.count > 0 ? report->result->findings.count : 1;
	struct junit_scratch scratch = { NULL, NULL };
	xmlOutputBufferPtr buffer = NULL;
	xmlTextWriterPtr w = NULL;
	int nomem = 0;
	int failed = 0;
	int rc = 0;

	(void)options;
	scratch.cases = calloc(slots, sizeof(*scratch.cases));
	scratch.sorted = calloc(slots, sizeof(*scratch.sorted));
	if (scratch.cases == NULL || scratch.sorted == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	buffer = xmlOutputBufferCreateFile(out, NULL);
	if (buffer == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	w = xmlNewTextWriter(buffer);
	if (w == NULL) {
		xmlOutputBufferClose(buffer);
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	failed = write_junit(w, report, &scratch, &nomem);
	failed |= xmlTextWriterFlush(w) < 0;
	/* Frees the buffer too. */
	xmlFreeTextWriter(w);
	if (nomem)
		rc = orgcheck_error_nomem(err);
	else if (failed || ferror(out))
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the JUnit output");

done:
	free(scratch.cases);
	free(scratch.sorted);
	return rc;
}
