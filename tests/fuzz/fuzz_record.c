/* Fuzz target: loading one record, as `orgcheck check` does for each
 * file: safe parse (encodings, shape limits, DOCTYPE, positions), schema
 * validation, extraction of the compact model, indexing. */
#include "fuzz.h"

#include <stdlib.h>

#include <libxml/parser.h>

#include "model/corpus.h"
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "input/extract.h"
#include <orgcheck/parse.h>
#include "input/schema.h"

/* Compiled once and kept for the life of the process, like the check
 * pipeline keeps it for a run. */
static struct orgcheck_schema *record_schema(void)
{
	static struct orgcheck_schema *schema = NULL;
	struct orgcheck_error err = { 0 };

	if (schema == NULL) {
		xmlInitParser();
		if (orgcheck_schema_load(&schema, ORGCHECK_SOURCE_DIR "/schemas", &err) < 0)
			abort();
	}
	return schema;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct orgcheck_schema *schema = record_schema();
	struct orgcheck_findings findings;
	struct orgcheck_error err = { 0 };
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_record record;
	enum orgcheck_record_kind kind = ORGCHECK_RECORD_UNKNOWN;
	xmlDocPtr doc = NULL;
	char fingerprint[32];
	size_t i;
	int valid = 0;

	orgcheck_findings_init(&findings);
	if (orgcheck_parse_memory(&doc, &findings, "records/organizations/fuzz.xml", (const char *)data,
				  size, &err) < 0 || doc == NULL)
		goto done;
	if (orgcheck_schema_validate(&kind, &valid, &findings, schema, doc, "fuzz.xml", &err) < 0 ||
	    kind == ORGCHECK_RECORD_UNKNOWN)
		goto done;
	if (orgcheck_corpus_new(&corpus, &err) < 0)
		goto done;
	if (orgcheck_record_extract(&record, corpus->arena, doc, kind, "records/organizations/fuzz.xml",
				    &err) < 0)
		goto done;
	xmlFreeDoc(doc);
	doc = NULL;
	if (orgcheck_corpus_add(corpus, &record, &err) < 0) {
		orgcheck_record_release(&record);
		goto done;
	}
	(void)orgcheck_corpus_index(corpus, &err);

done:
	/* Findings quote the file: sorting and fingerprinting read them all. */
	orgcheck_findings_sort(&findings);
	for (i = 0; i < findings.count; i++)
		(void)orgcheck_finding_fingerprint(fingerprint, sizeof(fingerprint), &findings.items[i], NULL);
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_corpus_free(corpus);
	orgcheck_findings_release(&findings);
	return 0;
}
