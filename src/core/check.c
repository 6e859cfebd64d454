#include "check.h"

#include <string.h>

#include <libxml/parser.h>

#include "config.h"
#include "corpus.h"
#include "discover.h"
#include "model.h"
#include "parse.h"
#include "rules.h"
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
	result->rule_operations = 0;
}

/* The file name of path without directory and ".xml": the record id the
 * file should hold, used to attach file-level findings to a record. */
static void file_record_id(char *buf, size_t size, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t length = 0;

	base = base ? base + 1 : path;
	length = strlen(base);
	if (length > 4 && strcmp(base + length - 4, ".xml") == 0)
		length -= 4;
	if (length >= size)
		length = size - 1;
	memcpy(buf, base, length);
	buf[length] = '\0';
}

/* Parses, validates and extracts one file; findings go to result, the
 * record (of a known kind, even if not schema-valid, so references to it
 * still resolve) to corpus. */
static int check_file(struct orgcheck_check_result *result, struct orgcheck_corpus *corpus,
		      const struct orgcheck_schema *schema, const char *path,
		      struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	struct orgcheck_record record;
	enum orgcheck_record_kind kind = ORGCHECK_RECORD_UNKNOWN;
	size_t first_finding = result->findings.count;
	char file_id[256];
	int valid = 0;
	int rc = 0;

	memset(&record, 0, sizeof(record));
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
	if (kind == ORGCHECK_RECORD_UNKNOWN)
		goto done;
	rc = orgcheck_record_extract(&record, corpus->arena, doc, kind, path, err);
	if (rc < 0)
		goto done;
	/* The DOM is not needed any more: only the compact model stays. */
	xmlFreeDoc(doc);
	doc = NULL;
	rc = orgcheck_corpus_add(corpus, &record, err);

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_record_release(&record);
	if (rc == 0) {
		file_record_id(file_id, sizeof(file_id), path);
		rc = orgcheck_findings_set_record(&result->findings, err, first_finding, file_id);
	}
	return rc;
}

int orgcheck_check_run(struct orgcheck_check_result *out,
		       const struct orgcheck_check_options *options,
		       struct orgcheck_error *err)
{
	struct orgcheck_filelist files;
	struct orgcheck_schema *schema = NULL;
	struct orgcheck_corpus *corpus = NULL;
	struct orgcheck_config *defaults = NULL;
	struct orgcheck_config *config = options->config;
	size_t i;
	int rc = 0;

	orgcheck_findings_init(&out->findings);
	out->files = 0;
	out->organizations = 0;
	out->people = 0;
	out->valid = 0;
	out->rule_operations = 0;
	orgcheck_filelist_init(&files);
	xmlInitParser();

	if (config == NULL) {
		rc = orgcheck_config_new(&defaults, err);
		if (rc < 0)
			goto done;
		config = defaults;
	}
	rc = orgcheck_corpus_new(&corpus, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_schema_load(&schema, options->schema_dir, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_discover_files(&files, &out->findings, options->paths, options->path_count, err);
	if (rc < 0)
		goto done;
	out->files = files.count;
	for (i = 0; i < files.count; i++) {
		rc = check_file(out, corpus, schema, files.paths[i], err);
		if (rc < 0)
			goto done;
	}
	rc = orgcheck_corpus_index(corpus, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_rules_run(&out->findings, &out->rule_operations, corpus, config,
				&options->today, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_config_apply(config, &out->findings, err);
	if (rc < 0)
		goto done;
	orgcheck_findings_sort(&out->findings);

done:
	orgcheck_filelist_release(&files);
	orgcheck_schema_free(schema);
	orgcheck_corpus_free(corpus);
	orgcheck_config_free(defaults);
	return rc;
}
