/* Fuzz target: the cross-record rules over a small corpus decoded from
 * the input. The input is up to 8 records separated by NUL bytes; each is
 * parsed and extracted as `orgcheck check` does (a record of a known kind
 * is extracted even when it is not schema-valid, so schema validation is
 * left to fuzz_record and only the root decides the kind). Then the
 * corpus is indexed, every rule runs with a fixed today, the default
 * configuration is applied, and the findings are rendered in the formats
 * that do not need libxslt. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <orgcheck/check.h>
#include <orgcheck/config.h>
#include "model/corpus.h"
#include <orgcheck/findings.h>
#include "input/extract.h"
#include <orgcheck/parse.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "rules/rules.h"
#include "input/schema.h"

#define MAX_RECORDS 8

static FILE *sink(void)
{
	static FILE *null = NULL;

	if (null == NULL) {
		xmlInitParser();
		null = fopen("/dev/null", "w");
		if (null == NULL)
			abort();
	}
	return null;
}

/* The kind the check pipeline would find from the root element. */
static enum orgcheck_record_kind root_kind(xmlDocPtr doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);

	if (root == NULL || root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, (const xmlChar *)ORGCHECK_RECORD_NS))
		return ORGCHECK_RECORD_UNKNOWN;
	if (xmlStrEqual(root->name, (const xmlChar *)"organization"))
		return ORGCHECK_RECORD_ORGANIZATION;
	if (xmlStrEqual(root->name, (const xmlChar *)"person"))
		return ORGCHECK_RECORD_PERSON;
	return ORGCHECK_RECORD_UNKNOWN;
}

/* Parses and extracts one chunk as records/rN.xml into corpus. */
static int add_chunk(struct orgcheck_check_result *result, struct orgcheck_corpus *corpus,
		     const char *data, size_t size, size_t n, struct orgcheck_error *err)
{
	static const char *const paths[MAX_RECORDS] = {
		"records/organizations/a.xml", "records/organizations/b.xml",
		"records/organizations/c.xml", "records/organizations/d.xml",
		"records/people/p.xml", "records/people/q.xml",
		"records/organizations/a2.xml", "records/x.xml",
	};
	struct orgcheck_record record;
	enum orgcheck_record_kind kind = ORGCHECK_RECORD_UNKNOWN;
	xmlDocPtr doc = NULL;
	int rc = 0;

	result->files++;
	rc = orgcheck_parse_memory(&doc, &result->findings, paths[n], data, size, err);
	if (rc < 0 || doc == NULL)
		return rc;
	kind = root_kind(doc);
	if (kind != ORGCHECK_RECORD_UNKNOWN)
		rc = orgcheck_record_extract(&record, corpus->arena, doc, kind, paths[n], err);
	xmlFreeDoc(doc);
	if (rc < 0 || kind == ORGCHECK_RECORD_UNKNOWN)
		return rc;
	if (kind == ORGCHECK_RECORD_ORGANIZATION)
		result->organizations++;
	else
		result->people++;
	rc = orgcheck_corpus_add(corpus, &record, err);
	if (rc < 0)
		orgcheck_record_release(&record);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = { "text", "xml", "json", "junit", "sarif", "github", "gitlab" };
	const char *text = (const char *)data;
	struct orgcheck_check_result result;
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_config *config = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_date today = { 2026, 11, 21 };
	struct orgcheck_report report;
	struct orgcheck_render_options render = { 0 };
	const struct orgcheck_format *format = NULL;
	FILE *out = sink();
	unsigned long long operations = 0;
	size_t start = 0;
	size_t end = 0;
	size_t n = 0;
	size_t i;

	memset(&result, 0, sizeof(result));
	orgcheck_findings_init(&result.findings);
	if (orgcheck_corpus_new(&corpus, &err) < 0 || orgcheck_config_new(&config, &err) < 0)
		goto done;
	for (start = 0; start <= size && n < MAX_RECORDS; start = end + 1, n++) {
		for (end = start; end < size && text[end] != '\0'; end++)
			;
		if (add_chunk(&result, corpus, text + start, end - start, n, &err) < 0)
			goto done;
	}
	if (orgcheck_corpus_index(corpus, &err) < 0 ||
	    orgcheck_rules_run(&result.findings, &operations, corpus, config, &today, &err) < 0 ||
	    orgcheck_config_apply(config, &result.findings, corpus, &err) < 0)
		goto done;
	orgcheck_findings_sort(&result.findings);
	memset(&report, 0, sizeof(report));
	report.result = &result;
	report.today = today;
	report.fail_on = ORGCHECK_SEVERITY_ERROR;
	report.failed = orgcheck_findings_count_at_least(&result.findings, ORGCHECK_SEVERITY_ERROR) > 0;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		format = orgcheck_render_find_format(formats[i]);
		if (format != NULL)
			(void)format->render(out, &report, &render, &err);
	}
	fflush(out);

done:
	orgcheck_config_free(config);
	orgcheck_corpus_free(corpus);
	orgcheck_check_result_release(&result);
	return 0;
}
