/* Fuzz target: a Schematron schema and a document, separated by the first
 * NUL byte of the input. The schema is loaded as `orgcheck schematron`
 * loads one (all phases: #DEFAULT, then #ALL) and, when it loads, the
 * document is validated with SVRL and findings both. Includes resolve
 * against a directory that does not exist, so nothing outside the input
 * is read. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include <orgcheck/schematron.h>
#include <orgcheck/schematron_run.h>

#define SCHEMA_PATH "/nonexistent/orgcheck-fuzz/schema.sch"
#define DOCUMENT_PATH "/nonexistent/orgcheck-fuzz/document.xml"

static void run(const char *schema_text, size_t schema_size, xmlDocPtr doc, const char *phase)
{
	struct orgcheck_schematron *schema = NULL;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	xmlDocPtr svrl = NULL;

	orgcheck_error_clear(&err);
	orgcheck_findings_init(&findings);
	if (orgcheck_schematron_load_memory(&schema, SCHEMA_PATH, schema_text, schema_size, phase, &err) < 0)
		return;
	if (doc != NULL && orgcheck_schematron_svrl_new(&svrl, schema, &err) == 0)
		(void)orgcheck_schematron_add_findings(&findings, schema, doc, DOCUMENT_PATH, "document", NULL,
						       ORGCHECK_SEVERITY_WARNING, svrl, &err);
	xmlFreeDoc(svrl);
	orgcheck_findings_release(&findings);
	orgcheck_schematron_free(schema);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t schema_size = nul ? (size_t)(nul - text) : size;
	struct orgcheck_findings problems;
	struct orgcheck_error err;
	xmlDocPtr doc = NULL;

	xmlInitParser();
	orgcheck_findings_init(&problems);
	orgcheck_error_clear(&err);
	if (nul != NULL)
		(void)orgcheck_parse_memory(&doc, &problems, DOCUMENT_PATH, nul + 1, size - schema_size - 1, &err);
	run(text, schema_size, doc, NULL);
	run(text, schema_size, doc, "#ALL");
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
	return 0;
}
