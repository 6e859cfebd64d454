#define _XOPEN_SOURCE 700 /* realpath, to match document() URIs with records */
/* Schematron findings: each failed assert or successful report becomes a
 * finding of catalogue rule OC170 reported under the assertion's own id,
 * for single documents and across the corpus (where oc:record() and
 * document() reach the corpus's records and nothing else). */
#include <orgcheck/schematron_run.h>

#include "input/nodemap.h"
#include "model/corpus.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/fix.h>
#include <orgcheck/parse.h>

struct hit_sink {
	struct orgcheck_findings *findings;
	const char *path;
	const char *record;       /* the record id findings attach to, or NULL */
	enum orgcheck_severity default_severity;
	/* For Schematron Quick Fixes: the text doc was parsed from (NULL when
	 * unknown) and the map of its nodes, made when a first hit has fixes. */
	xmlDocPtr doc;
	const char *text;
	size_t size;
	struct orgcheck_node_map *map;
	char *map_problem;        /* why the text could not be mapped */
};

/* Evaluates the hit's fixes and gives them to the finding just added: a
 * fix orgcheck cannot make goes with its refusal, so `orgcheck fix`
 * reports it. */
static int add_fixes(struct hit_sink *sink, const struct orgcheck_schematron_hit *hit,
		     struct orgcheck_error *err)
{
	struct orgcheck_schematron_fix *fixes = NULL;
	size_t count = 0;
	size_t i;
	int rc = 0;

	if (sink->text != NULL && sink->map == NULL && sink->map_problem == NULL) {
		struct orgcheck_error problem;

		orgcheck_error_clear(&problem);
		rc = orgcheck_node_map_new(&sink->map, sink->text, sink->size, sink->doc, &problem);
		if (rc == ORGCHECK_ENOMEM)
			return orgcheck_error_nomem(err);
		if (rc < 0) {
			sink->map_problem = strdup(problem.message);
			if (sink->map_problem == NULL)
				return orgcheck_error_nomem(err);
		}
	}
	rc = orgcheck_schematron_hit_fixes(&fixes, &count, hit, sink->map, sink->map_problem, err);
	for (i = 0; rc == 0 && i < count; i++)
		rc = orgcheck_findings_add_fix_last(sink->findings, err, &fixes[i].fix);
	orgcheck_schematron_fixes_free(fixes, count);
	return rc;
}

static int add_hit(void *data, const struct orgcheck_schematron_hit *hit, struct orgcheck_error *err)
{
	struct hit_sink *sink = data;
	struct orgcheck_finding *f = NULL;
	enum orgcheck_severity severity = sink->default_severity;
	unsigned long line = 0;
	unsigned long column = 0;
	size_t index = sink->findings->count;
	int rc = 0;

	orgcheck_parse_node_position(&line, &column, hit->node);
	if (hit->message[0] != '\0')
		rc = orgcheck_findings_add(sink->findings, err, ORGCHECK_RULE_SCHEMATRON, sink->path, line, column,
					   "%s", hit->message);
	else
		rc = orgcheck_findings_add(sink->findings, err, ORGCHECK_RULE_SCHEMATRON, sink->path, line, column,
					   "%s %s", hit->is_report ? "report fired:" : "assertion failed:", hit->test);
	if (rc < 0)
		return rc;
	(void)orgcheck_schematron_role_severity(&severity, hit->role);
	f = &sink->findings->items[index];
	f->severity = severity;
	rc = orgcheck_findings_set_rule_id(sink->findings, err, index, hit->id);
	if (rc == 0 && sink->record != NULL)
		rc = orgcheck_findings_set_record(sink->findings, err, index, sink->record);
	/* Where the assertion is written: the curator's next stop. */
	if (rc == 0)
		rc = orgcheck_findings_add_related(sink->findings, err, hit->schema_path, NULL, hit->schema_line, 0);
	/* The fingerprint is made of these, so it survives edits that only
	 * move lines. */
	if (rc == 0)
		rc = orgcheck_findings_add_value(sink->findings, err, "location", hit->location, NULL);
	if (rc == 0)
		rc = orgcheck_findings_add_value(sink->findings, err, hit->is_report ? "report" : "assert",
						 hit->test, NULL);
	if (rc == 0 && hit->fix_count > 0 && sink->text != NULL)
		rc = add_fixes(sink, hit, err);
	return rc;
}

int orgcheck_schematron_add_findings_text(struct orgcheck_findings *findings,
					  const struct orgcheck_schematron *schema, xmlDocPtr doc,
					  const char *path, const char *record,
					  const struct orgcheck_schematron_resolver *resolver,
					  enum orgcheck_severity default_severity, const char *text,
					  size_t size, struct orgcheck_error *err)
{
	struct hit_sink sink;
	size_t failures = 0;
	int rc = 0;

	memset(&sink, 0, sizeof(sink));
	sink.findings = findings;
	sink.path = path;
	sink.record = record;
	sink.default_severity = default_severity;
	sink.doc = doc;
	sink.text = text;
	sink.size = size;
	rc = orgcheck_schematron_validate(&failures, schema, doc, path, resolver, NULL, add_hit, &sink, err);
	orgcheck_node_map_free(sink.map);
	free(sink.map_problem);
	return rc;
}

int orgcheck_schematron_add_findings(struct orgcheck_findings *findings,
				     const struct orgcheck_schematron *schema, xmlDocPtr doc,
				     const char *path, const char *record,
				     const struct orgcheck_schematron_resolver *resolver,
				     enum orgcheck_severity default_severity, xmlDocPtr svrl,
				     struct orgcheck_error *err)
{
	struct hit_sink sink;
	size_t failures = 0;

	if (svrl == NULL)
		return orgcheck_schematron_add_findings_text(findings, schema, doc, path, record, resolver,
							     default_severity, NULL, 0, err);
	memset(&sink, 0, sizeof(sink));
	sink.findings = findings;
	sink.path = path;
	sink.record = record;
	sink.default_severity = default_severity;
	return orgcheck_schematron_validate(&failures, schema, doc, path, resolver, svrl, add_hit, &sink, err);
}

/* ---------------------------------------------------------------- corpus */

/* A record file's real path, so document() finds it by binary search. */
struct real_path {
	char *path;
	size_t record;
};

static int compare_real_paths(const void *a, const void *b)
{
	return strcmp(((const struct real_path *)a)->path, ((const struct real_path *)b)->path);
}

/* The records' documents that a schema reached, parsed once. */
struct corpus_reader {
	const struct orgcheck_corpus *corpus;
	struct orgcheck_parse_context *parser;
	xmlDocPtr *docs;          /* by record index; NULL until read */
	struct real_path *real_paths;  /* sorted by path, for document(); made on first use */
	size_t real_path_count;
	int resolved_paths;
	struct orgcheck_error *err;
	int failed;
};

/* Parses the bytes the check read for record number index (never the
 * file again: see keep_source in check.c). */
static xmlDocPtr read_record(struct corpus_reader *r, size_t index)
{
	const struct orgcheck_record *record = &r->corpus->records[index];
	struct orgcheck_findings ignored;

	if (r->docs[index] != NULL)
		return r->docs[index];
	/* Without its bytes a record is not there for Schematron. */
	if (record->source == NULL)
		return NULL;
	orgcheck_findings_init(&ignored);
	/* These bytes parsed before, so the findings are the check's, which
	 * has them already. */
	if (orgcheck_parse_memory_with(&r->docs[index], &ignored, r->parser, record->path, record->source,
				       record->source_size, r->err) < 0)
		r->failed = 1;
	if (r->docs[index] != NULL && r->docs[index]->URL == NULL)
		r->docs[index]->URL = xmlStrdup((const xmlChar *)r->corpus->records[index].path);
	orgcheck_findings_release(&ignored);
	return r->docs[index];
}

static xmlDocPtr resolve_record(void *data, const char *id, const char **path_out)
{
	struct corpus_reader *r = data;
	const struct orgcheck_record *record = orgcheck_corpus_find(r->corpus, id);
	xmlDocPtr doc = NULL;

	if (record == NULL)
		return NULL;
	doc = read_record(r, (size_t)(record - r->corpus->records));
	if (doc != NULL && path_out != NULL)
		*path_out = record->path;
	return doc;
}

/* document(uri): a record of the corpus when uri is one of its files
 * (compared by real path), else nothing. */
static xmlDocPtr resolve_document(void *data, const char *uri)
{
	struct corpus_reader *r = data;
	char wanted[PATH_MAX];
	const char *path = uri;
	struct real_path key = { NULL, 0 };
	const struct real_path *found = NULL;
	size_t i;

	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	if (strstr(path, "://") != NULL || realpath(path, wanted) == NULL)
		return NULL;
	if (!r->resolved_paths) {
		r->resolved_paths = 1;
		for (i = 0; i < r->corpus->count; i++) {
			r->real_paths[r->real_path_count].path = realpath(r->corpus->records[i].path, NULL);
			r->real_paths[r->real_path_count].record = i;
			if (r->real_paths[r->real_path_count].path != NULL)
				r->real_path_count++;
		}
		qsort(r->real_paths, r->real_path_count, sizeof(*r->real_paths), compare_real_paths);
	}
	key.path = wanted;
	found = bsearch(&key, r->real_paths, r->real_path_count, sizeof(*r->real_paths), compare_real_paths);
	if (found != NULL)
		return read_record(r, found->record);
	return NULL;
}

int orgcheck_schematron_check_corpus(struct orgcheck_findings *findings,
				     const struct orgcheck_corpus *corpus,
				     const struct orgcheck_schematron_entry *entries, size_t entry_count,
				     struct orgcheck_error *err)
{
	struct corpus_reader reader;
	struct orgcheck_schematron_resolver resolver = { resolve_document, resolve_record, NULL };
	xmlDocPtr doc = NULL;
	size_t i;
	size_t s;
	int rc = 0;

	if (entry_count == 0 || corpus->count == 0)
		return 0;
	memset(&reader, 0, sizeof(reader));
	reader.corpus = corpus;
	reader.err = err;
	reader.docs = calloc(corpus->count, sizeof(*reader.docs));
	reader.real_paths = calloc(corpus->count, sizeof(*reader.real_paths));
	if (reader.docs == NULL || reader.real_paths == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = orgcheck_parse_context_new(&reader.parser, err);
	if (rc < 0)
		goto done;
	resolver.data = &reader;
	for (i = 0; i < corpus->count && rc == 0; i++) {
		doc = read_record(&reader, i);
		if (reader.failed) {
			rc = err->code < 0 ? err->code : ORGCHECK_EIO;
			break;
		}
		for (s = 0; s < entry_count && rc == 0 && doc != NULL; s++)
			rc = orgcheck_schematron_add_findings_text(
				findings, entries[s].schema, doc, corpus->records[i].path, corpus->records[i].file_id,
				&resolver, entries[s].default_severity, corpus->records[i].source,
				corpus->records[i].source_size, err);
		/* A record no other schema run reached is not needed again. */
		if (reader.docs[i] != NULL) {
			xmlFreeDoc(reader.docs[i]);
			reader.docs[i] = NULL;
		}
	}

done:
	for (i = 0; reader.docs != NULL && i < corpus->count; i++) {
		if (reader.docs[i] != NULL)
			xmlFreeDoc(reader.docs[i]);
	}
	for (i = 0; i < reader.real_path_count; i++)
		free(reader.real_paths[i].path);
	free(reader.docs);
	free(reader.real_paths);
	orgcheck_parse_context_free(reader.parser);
	return rc;
}
