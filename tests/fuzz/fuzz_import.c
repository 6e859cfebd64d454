/* Fuzz target: one ROR v2 JSON record into an orgcheck record, as
 * `orgcheck import ror` converts each: whatever the input, the import
 * rejects it or writes well-formed XML whose root is an organization. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include <orgcheck/error.h>
#include <orgcheck/import.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct orgcheck_import_report report;
	struct orgcheck_error err = { 0 };
	xmlDocPtr doc = NULL;
	xmlNodePtr root = NULL;
	char *xml = NULL;
	char *id = NULL;

	memset(&report, 0, sizeof(report));
	if (orgcheck_import_ror_convert(&xml, &id, &report, (const char *)data, size, "fuzz.json", &err) < 0)
		goto done;
	if (xml == NULL) {
		/* Rejected: with a reason. */
		if (report.problem_count != 1 || report.records_rejected != 1)
			abort();
		goto done;
	}
	doc = xmlReadMemory(xml, (int)strlen(xml), "fuzz.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOENT);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || !xmlStrEqual(root->name, (const xmlChar *)"organization") ||
	    strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(id) || id[0] == '\0')
		abort();
done:
	xmlFreeDoc(doc);
	free(xml);
	free(id);
	orgcheck_import_report_release(&report);
	return 0;
}
