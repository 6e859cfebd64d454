#include "check.h"

#include <libxml/parser.h>

#include "discover.h"
#include "parse.h"
#include "schema.h"

void orgcheck_check_result_release(struct orgcheck_check_result *result)
{
	if (result == NULL)
		return;
	orgcheck_findings_release(&result->findings);
	result->files = 0;
	result->organizations = 0;
	result->people = 0;
	result->valid = 0;
}

/* Parses and validates one file; findings go to result. */
static int check_file(struct orgcheck_check_result *result, const struct orgcheck_schema *schema,
		      const char *path, struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	enum orgcheck_record_kind kind = ORGCHECK_RECORD_UNKNOWN;
	int valid = 0;
	int rc = 0;

	rc = orgcheck_parse_file(&doc, &result->findings, path, err);
	if (rc < 0 || doc == NULL)
		goto done;
	rc = orgcheck_schema_validate(&kind, &valid, &result->findings, schema, doc, path, err);
	if (rc < 0)
		goto done;
	if (kind == ORGCHECK_RECORD_ORGANIZATION)
		result->organizations++;
	else if (kind == ORGCHECK_RECORD_PERSON)
		result->people++;
	if (valid)
		result->valid++;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	return rc;
}

int orgcheck_check_run(struct orgcheck_check_result *out,
		       const struct orgcheck_check_options *options,
		       struct orgcheck_error *err)
{
	struct orgcheck_filelist files;
	struct orgcheck_schema *schema = NULL;
	size_t i;
	int rc = 0;

	orgcheck_findings_init(&out->findings);
	out->files = 0;
	out->organizations = 0;
	out->people = 0;
	out->valid = 0;
	orgcheck_filelist_init(&files);
	xmlInitParser();

	rc = orgcheck_schema_load(&schema, options->schema_dir, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_discover_files(&files, &out->findings, options->paths, options->path_count, err);
	if (rc < 0)
		goto done;
	out->files = files.count;
	for (i = 0; i < files.count; i++) {
		rc = check_file(out, schema, files.paths[i], err);
		if (rc < 0)
			goto done;
	}
	orgcheck_findings_sort(&out->findings);

done:
	orgcheck_filelist_release(&files);
	orgcheck_schema_free(schema);
	return rc;
}
