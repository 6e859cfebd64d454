#include "input/schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlschemas.h>

#include <orgcheck/parse.h>
#include "util/xmlerr.h"

/* Which schema validates which root element. A new record kind is a new
 * row (and its XSD). */
struct root_kind {
	const char *local_name;
	const char *schema_file;
	enum orgcheck_record_kind kind;
};

static const struct root_kind root_kinds[] = {
	{ "organization", "record.xsd", ORGCHECK_RECORD_ORGANIZATION },
	{ "person", "record.xsd", ORGCHECK_RECORD_PERSON },
};

#define ROOT_KIND_COUNT (sizeof(root_kinds) / sizeof(root_kinds[0]))

struct orgcheck_schema {
	/* compiled[i] validates root_kinds[i]; rows naming the same file share
	 * one compiled schema, freed once. */
	xmlSchemaPtr compiled[ROOT_KIND_COUNT];
};

struct schema_parse_state {
	char first_error[512];
	unsigned long line;
	const char *file;
};

static void on_schema_parse_error(void *user_data, orgcheck_xml_error *error)
{
	struct schema_parse_state *state = user_data;

	if (error == NULL || error->level == XML_ERR_WARNING || state->first_error[0] != '\0')
		return;
	orgcheck_xmlerr_message(state->first_error, sizeof(state->first_error), error->message);
	state->line = (unsigned long)error->line;
}

static int check_well_formed(const char *path, struct orgcheck_error *err)
{
	struct orgcheck_findings problems;
	const struct orgcheck_finding *first = NULL;
	xmlDocPtr doc = NULL;
	int rc = 0;

	orgcheck_findings_init(&problems);
	rc = orgcheck_parse_file(&doc, &problems, path, err);
	if (rc == 0 && doc == NULL) {
		first = problems.count > 0 ? &problems.items[0] : NULL;
		rc = orgcheck_error_set(err, ORGCHECK_ESCHEMA, "cannot load schema '%s', line %lu: %s", path,
					first ? first->primary.line : 0UL,
					first ? first->message : "not well-formed");
	}
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
	return rc;
}

static int compile_schema(xmlSchemaPtr *out, const char *path, struct orgcheck_error *err)
{
	struct schema_parse_state state = { { 0 }, 0, path };
	xmlSchemaParserCtxtPtr parser = NULL;
	xmlSchemaPtr schema = NULL;
	int rc = 0;

	*out = NULL;
	/* libxml2's message for a missing file talks of "external entities". */
	if (access(path, R_OK) != 0) {
		rc = orgcheck_error_set(err, ORGCHECK_ESCHEMA, "cannot read schema '%s': %s", path,
					strerror(errno));
		goto done;
	}
	/* libxml2 would print a well-formedness error of the XSD itself on
	 * stderr; read it once with the quiet parser to report it here. */
	rc = check_well_formed(path, err);
	if (rc < 0)
		goto done;
	parser = xmlSchemaNewParserCtxt(path);
	if (parser == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	xmlSchemaSetParserStructuredErrors(parser, on_schema_parse_error, &state);
	schema = xmlSchemaParse(parser);
	if (schema == NULL) {
		if (state.line > 0)
			rc = orgcheck_error_set(err, ORGCHECK_ESCHEMA, "cannot load schema '%s', line %lu: %s",
						path, state.line, state.first_error);
		else
			rc = orgcheck_error_set(err, ORGCHECK_ESCHEMA, "cannot load schema '%s': %s", path,
						state.first_error[0] ? state.first_error : "unknown error");
		goto done;
	}
	*out = schema;

done:
	if (parser != NULL)
		xmlSchemaFreeParserCtxt(parser);
	return rc;
}

void orgcheck_schema_free(struct orgcheck_schema *schema)
{
	size_t i;
	size_t j;
	int shared = 0;

	if (schema == NULL)
		return;
	for (i = 0; i < ROOT_KIND_COUNT; i++) {
		if (schema->compiled[i] == NULL)
			continue;
		shared = 0;
		for (j = 0; j < i; j++) {
			if (schema->compiled[j] == schema->compiled[i])
				shared = 1;
		}
		if (!shared)
			xmlSchemaFree(schema->compiled[i]);
	}
	free(schema);
}

int orgcheck_schema_load(struct orgcheck_schema **out, const char *schema_dir,
			 struct orgcheck_error *err)
{
	struct orgcheck_schema *schema = NULL;
	char *path = NULL;
	size_t i;
	size_t j;
	size_t length = 0;
	int rc = 0;

	*out = NULL;
	schema = calloc(1, sizeof(*schema));
	if (schema == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0; i < ROOT_KIND_COUNT; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(root_kinds[j].schema_file, root_kinds[i].schema_file) == 0)
				schema->compiled[i] = schema->compiled[j];
		}
		if (schema->compiled[i] != NULL)
			continue;
		length = strlen(schema_dir) + 1 + strlen(root_kinds[i].schema_file) + 1;
		path = malloc(length);
		if (path == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		snprintf(path, length, "%s/%s", schema_dir, root_kinds[i].schema_file);
		rc = compile_schema(&schema->compiled[i], path, err);
		free(path);
		path = NULL;
		if (rc < 0)
			goto done;
	}
	*out = schema;
	schema = NULL;

done:
	orgcheck_schema_free(schema);
	return rc;
}

struct validation_state {
	struct orgcheck_findings *findings;
	struct orgcheck_error *err;
	const char *path;
	int rc;
	unsigned reported;
	unsigned dropped;
};

static void on_validation_error(void *user_data, orgcheck_xml_error *error)
{
	struct validation_state *state = user_data;
	unsigned long line = 0;
	unsigned long column = 0;
	char message[1024];
	int rc = 0;

	if (error == NULL || error->level == XML_ERR_WARNING || state->rc < 0)
		return;
	if (state->reported >= ORGCHECK_SCHEMA_MAX_ERRORS) {
		state->dropped++;
		return;
	}
	state->reported++;
	if (error->node != NULL)
		orgcheck_parse_node_position(&line, &column, (const xmlNode *)error->node);
	if (line == 0)
		line = (unsigned long)(error->line > 0 ? error->line : 0);
	orgcheck_xmlerr_message(message, sizeof(message), error->message);
	rc = orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_SCHEMA_INVALID,
				   state->path, line, column, "%s", message);
	if (rc < 0)
		state->rc = rc;
}

static const struct root_kind *find_root_kind(size_t *index_out, const xmlNode *root)
{
	size_t i;

	for (i = 0; i < ROOT_KIND_COUNT; i++) {
		if (xmlStrEqual(root->name, (const xmlChar *)root_kinds[i].local_name)) {
			*index_out = i;
			return &root_kinds[i];
		}
	}
	return NULL;
}

/* Explains why root is not a record root. */
static int report_unknown_root(struct orgcheck_findings *findings, const xmlNode *root,
			       const char *path, struct orgcheck_error *err)
{
	unsigned long line = 0;
	unsigned long column = 0;
	const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
	size_t index = 0;
	const struct root_kind *known = find_root_kind(&index, root);

	orgcheck_parse_node_position(&line, &column, root);
	if (known != NULL && ns == NULL)
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNKNOWN_RECORD_KIND, path,
					     line, column,
					     "root element <%s> has no namespace; records use xmlns=\"%s\"",
					     (const char *)root->name, ORGCHECK_RECORD_NS);
	if (ns != NULL && strncmp(ns, "urn:orgcheck:record:", 20) == 0 && strcmp(ns, ORGCHECK_RECORD_NS) != 0)
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNKNOWN_RECORD_KIND, path,
					     line, column,
					     "record model '%.100s' is not supported; this orgcheck reads '%s'",
					     ns, ORGCHECK_RECORD_NS);
	return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNKNOWN_RECORD_KIND, path, line, column,
				     "root element <%.100s>%s%.200s%s is not a record; expected <organization> "
				     "or <person> in namespace %s",
				     (const char *)root->name, ns ? " in namespace '" : " without a namespace",
				     ns ? ns : "", ns ? "'" : "", ORGCHECK_RECORD_NS);
}

/* Validates doc with validator (a context of the schema for its root);
 * every violation is a finding on path. The context is left ready for the
 * next document. */
static int validate_in(int *valid_out, struct orgcheck_findings *findings,
		       xmlSchemaValidCtxtPtr validator, xmlDocPtr doc, const char *path,
		       struct orgcheck_error *err)
{
	struct validation_state state = { 0 };
	int result = 0;
	int rc = 0;

	*valid_out = 0;
	state.findings = findings;
	state.err = err;
	state.path = path;
	xmlSchemaSetValidStructuredErrors(validator, on_validation_error, &state);
	result = xmlSchemaValidateDoc(validator, doc);
	/* The context outlives this call; so must not its error data. */
	xmlSchemaSetValidStructuredErrors(validator, NULL, NULL);
	if (state.rc < 0)
		return state.rc;
	if (state.dropped > 0) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_SCHEMA_INVALID, path, 0, 0,
					   "%u more schema errors in this file not shown", state.dropped);
		if (rc < 0)
			return rc;
	}
	if (result < 0) {
		/* An internal validator failure, not a fault of the document. */
		return orgcheck_error_set(err, ORGCHECK_ESCHEMA, "%s: the schema validator failed internally",
					  path);
	}
	if (result > 0 && state.reported == 0) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_SCHEMA_INVALID, path, 0, 0,
					   "the document does not follow its schema");
		if (rc < 0)
			return rc;
	}
	*valid_out = result == 0;
	return 0;
}

/* Validates doc with compiled, in a context made for this call. */
static int validate_with(int *valid_out, struct orgcheck_findings *findings, xmlSchemaPtr compiled,
			 xmlDocPtr doc, const char *path, struct orgcheck_error *err)
{
	xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(compiled);
	int rc = 0;

	*valid_out = 0;
	if (validator == NULL)
		return orgcheck_error_nomem(err);
	rc = validate_in(valid_out, findings, validator, doc, path, err);
	xmlSchemaFreeValidCtxt(validator);
	return rc;
}

struct orgcheck_schema_validator {
	/* contexts[i] validates root_kinds[i]; rows sharing a compiled schema
	 * share a context. */
	xmlSchemaValidCtxtPtr contexts[ROOT_KIND_COUNT];
};

void orgcheck_schema_validator_free(struct orgcheck_schema_validator *validator)
{
	size_t i;
	size_t j;
	int shared = 0;

	if (validator == NULL)
		return;
	for (i = 0; i < ROOT_KIND_COUNT; i++) {
		shared = 0;
		for (j = 0; j < i; j++) {
			if (validator->contexts[j] == validator->contexts[i])
				shared = 1;
		}
		if (!shared && validator->contexts[i] != NULL)
			xmlSchemaFreeValidCtxt(validator->contexts[i]);
	}
	free(validator);
}

int orgcheck_schema_validator_new(struct orgcheck_schema_validator **out,
				  const struct orgcheck_schema *schema, struct orgcheck_error *err)
{
	struct orgcheck_schema_validator *validator = calloc(1, sizeof(*validator));
	size_t i;
	size_t j;

	*out = NULL;
	if (validator == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < ROOT_KIND_COUNT; i++) {
		for (j = 0; j < i; j++) {
			if (schema->compiled[j] == schema->compiled[i])
				validator->contexts[i] = validator->contexts[j];
		}
		if (validator->contexts[i] != NULL)
			continue;
		validator->contexts[i] = xmlSchemaNewValidCtxt(schema->compiled[i]);
		if (validator->contexts[i] == NULL) {
			orgcheck_schema_validator_free(validator);
			return orgcheck_error_nomem(err);
		}
	}
	*out = validator;
	return 0;
}

/* The kind of doc's root: *index_out the row of root_kinds when it is a
 * record root. Returns 1 for a record, else what reporting why not did
 * (0 or a negative error code). */
static int record_root(size_t *index_out, enum orgcheck_record_kind *kind_out,
		       struct orgcheck_findings *findings, xmlDocPtr doc, const char *path,
		       struct orgcheck_error *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	const struct root_kind *kind = NULL;

	*kind_out = ORGCHECK_RECORD_UNKNOWN;
	if (root == NULL)
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNKNOWN_RECORD_KIND, path,
					     0, 0, "the document has no root element");
	kind = find_root_kind(index_out, root);
	if (kind == NULL || root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, (const xmlChar *)ORGCHECK_RECORD_NS))
		return report_unknown_root(findings, root, path, err);
	*kind_out = kind->kind;
	return 1;
}

int orgcheck_schema_validate(enum orgcheck_record_kind *kind_out, int *valid_out,
			     struct orgcheck_findings *findings,
			     const struct orgcheck_schema *schema, xmlDocPtr doc,
			     const char *path, struct orgcheck_error *err)
{
	size_t index = 0;
	int rc = 0;

	*valid_out = 0;
	rc = record_root(&index, kind_out, findings, doc, path, err);
	if (rc <= 0)
		return rc;
	return validate_with(valid_out, findings, schema->compiled[index], doc, path, err);
}

int orgcheck_schema_validate_with(enum orgcheck_record_kind *kind_out, int *valid_out,
				  struct orgcheck_findings *findings,
				  struct orgcheck_schema_validator *validator, xmlDocPtr doc,
				  const char *path, struct orgcheck_error *err)
{
	size_t index = 0;
	int rc = 0;

	*valid_out = 0;
	rc = record_root(&index, kind_out, findings, doc, path, err);
	if (rc <= 0)
		return rc;
	return validate_in(valid_out, findings, validator->contexts[index], doc, path, err);
}

int orgcheck_schema_validate_file(int *valid_out, struct orgcheck_findings *findings,
				  const char *xsd_path, xmlDocPtr doc, const char *path,
				  struct orgcheck_error *err)
{
	xmlSchemaPtr compiled = NULL;
	int rc = 0;

	*valid_out = 0;
	rc = compile_schema(&compiled, xsd_path, err);
	if (rc < 0)
		return rc;
	rc = validate_with(valid_out, findings, compiled, doc, path, err);
	xmlSchemaFree(compiled);
	return rc;
}
