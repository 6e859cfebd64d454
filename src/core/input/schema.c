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

/* What a schema says in words about its named simple types, read from
 * the XSD when it is loaded: an <xs:appinfo source="urn:orgcheck:accepted">
 * in a type's annotation gives the forms it accepts, for messages that
 * libxml2 would write as a bare pattern. */
#define ACCEPTED_SOURCE "urn:orgcheck:accepted"

struct type_words {
	char *name;        /* the type's local name: "sourceRef" */
	char *accepted;    /* the appinfo's text, white space collapsed; may be NULL */
	char *next;        /* the base or list item type (local name) to ask when there is none */
	char **patterns;   /* the values of its xs:pattern facets */
	size_t pattern_count;
};

struct schema_words {
	struct type_words *types;
	size_t count;
};

struct orgcheck_schema {
	/* compiled[i] validates root_kinds[i]; rows naming the same file share
	 * one compiled schema, freed once. */
	xmlSchemaPtr compiled[ROOT_KIND_COUNT];
	/* words[i] belongs to compiled[i] and is shared likewise. */
	struct schema_words *words[ROOT_KIND_COUNT];
};

static void words_free(struct schema_words *words)
{
	size_t i;
	size_t j;

	if (words == NULL)
		return;
	for (i = 0; i < words->count; i++) {
		free(words->types[i].name);
		free(words->types[i].accepted);
		free(words->types[i].next);
		for (j = 0; j < words->types[i].pattern_count; j++)
			free(words->types[i].patterns[j]);
		free(words->types[i].patterns);
	}
	free(words->types);
	free(words);
}

static int is_xs(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       xmlStrEqual(node->ns->href, (const xmlChar *)"http://www.w3.org/2001/XMLSchema") &&
	       xmlStrEqual(node->name, (const xmlChar *)name);
}

/* A copy of text with its white space collapsed, or NULL. */
static char *collapsed(const xmlChar *text)
{
	char *copy = malloc(xmlStrlen(text) + 1);
	size_t at = 0;
	const xmlChar *p = NULL;

	if (copy == NULL)
		return NULL;
	for (p = text; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (at > 0 && copy[at - 1] != ' ')
				copy[at++] = ' ';
		} else {
			copy[at++] = (char)*p;
		}
	}
	while (at > 0 && copy[at - 1] == ' ')
		at--;
	copy[at] = '\0';
	return copy;
}

/* The local part of a QName attribute value ("r:sourceRef"), copied. */
static char *local_copy(const xmlChar *qname)
{
	const xmlChar *colon = xmlStrchr(qname, ':');

	return strdup((const char *)(colon ? colon + 1 : qname));
}

/* Reads one named xs:simpleType into words->types[words->count]. */
static int read_type(struct schema_words *words, const xmlNode *type)
{
	struct type_words *entry = &words->types[words->count];
	const xmlNode *part = NULL;
	const xmlNode *facet = NULL;
	xmlChar *value = NULL;
	xmlChar *text = NULL;
	char **grown = NULL;

	memset(entry, 0, sizeof(*entry));
	value = xmlGetProp(type, (const xmlChar *)"name");
	entry->name = value ? strdup((const char *)value) : NULL;
	xmlFree(value);
	words->count++;
	if (entry->name == NULL)
		return -1;
	for (part = type->children; part != NULL; part = part->next) {
		if (is_xs(part, "annotation")) {
			for (facet = part->children; facet != NULL; facet = facet->next) {
				value = is_xs(facet, "appinfo") ? xmlGetProp(facet, (const xmlChar *)"source") : NULL;
				if (value != NULL && xmlStrEqual(value, (const xmlChar *)ACCEPTED_SOURCE) &&
				    entry->accepted == NULL) {
					text = xmlNodeGetContent(facet);
					entry->accepted = text ? collapsed(text) : NULL;
					xmlFree(text);
					if (entry->accepted == NULL) {
						xmlFree(value);
						return -1;
					}
				}
				xmlFree(value);
			}
		} else if (is_xs(part, "restriction") || is_xs(part, "list")) {
			value = xmlGetProp(part, (const xmlChar *)(is_xs(part, "list") ? "itemType" : "base"));
			if (value != NULL) {
				entry->next = local_copy(value);
				xmlFree(value);
				if (entry->next == NULL)
					return -1;
			}
			for (facet = part->children; facet != NULL; facet = facet->next) {
				if (!is_xs(facet, "pattern"))
					continue;
				value = xmlGetProp(facet, (const xmlChar *)"value");
				if (value == NULL)
					continue;
				grown = realloc(entry->patterns, (entry->pattern_count + 1) * sizeof(*grown));
				if (grown != NULL) {
					entry->patterns = grown;
					grown[entry->pattern_count] = strdup((const char *)value);
				}
				xmlFree(value);
				if (grown == NULL || grown[entry->pattern_count] == NULL)
					return -1;
				entry->pattern_count++;
			}
		}
	}
	return 0;
}

/* The words of the XSD doc's top-level named simple types. */
static int read_words(struct schema_words **out, xmlDocPtr doc, struct orgcheck_error *err)
{
	struct schema_words *words = calloc(1, sizeof(*words));
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *node = NULL;
	size_t count = 0;

	*out = NULL;
	if (words == NULL)
		return orgcheck_error_nomem(err);
	for (node = root ? root->children : NULL; node != NULL; node = node->next)
		count += is_xs(node, "simpleType");
	words->types = calloc(count + 1, sizeof(*words->types));
	if (words->types == NULL) {
		words_free(words);
		return orgcheck_error_nomem(err);
	}
	for (node = root ? root->children : NULL; node != NULL; node = node->next) {
		if (is_xs(node, "simpleType") && xmlHasProp(node, (const xmlChar *)"name") &&
		    read_type(words, node) < 0) {
			words_free(words);
			return orgcheck_error_nomem(err);
		}
	}
	*out = words;
	return 0;
}

static const struct type_words *find_type(const struct schema_words *words, const char *name, size_t length)
{
	size_t i;

	for (i = 0; words != NULL && i < words->count; i++) {
		if (strlen(words->types[i].name) == length && strncmp(words->types[i].name, name, length) == 0)
			return &words->types[i];
	}
	return NULL;
}

/* The type itself when it has words, else the first base or item type
 * down its chain that has (sources -> sourceRefList -> sourceRef). */
static const struct type_words *worded(const struct schema_words *words, const struct type_words *type)
{
	size_t steps = 0;

	while (type != NULL && type->accepted == NULL && type->next != NULL && steps++ < 16)
		type = find_type(words, type->next, strlen(type->next));
	return type != NULL && type->accepted != NULL ? type : NULL;
}

static const struct type_words *type_of_pattern(const struct schema_words *words, const char *pattern,
						size_t length)
{
	size_t i;
	size_t j;

	for (i = 0; words != NULL && i < words->count; i++) {
		for (j = 0; j < words->types[i].pattern_count; j++) {
			if (strlen(words->types[i].patterns[j]) == length &&
			    strncmp(words->types[i].patterns[j], pattern, length) == 0)
				return worded(words, &words->types[i]);
		}
	}
	return NULL;
}

/* Rewrites message (already in orgcheck's style) in words when it is one
 * of libxml2's for a value its type does not accept:
 *   CONTEXT: [facet 'pattern'] The value 'V' is not accepted by the pattern 'P'
 *   CONTEXT: 'V' is not a valid value of the list type 'T'   (or atomic, union)
 * becomes "CONTEXT: 'V' is not a valid TYPE; accepted: WORDS". Returns the
 * length of CONTEXT when it did, 0 when the message is not one of those
 * or the type has no words. */
static size_t reword(char *message, size_t size, const struct schema_words *words)
{
	static const char facet[] = ": [facet 'pattern'] The value '";
	static const char by_pattern[] = "' is not accepted by the pattern '";
	static const char valid[] = "' is not a valid value of the ";
	const struct type_words *type = NULL;
	const char *context_end = NULL;
	const char *value = NULL;
	const char *value_end = NULL;
	const char *name = NULL;
	const char *end = message + strlen(message);
	char rewritten[1024];

	if (words == NULL || end == message || end[-1] != '\'')
		return 0;
	if ((context_end = strstr(message, facet)) != NULL) {
		value = context_end + strlen(facet);
		value_end = strstr(value, by_pattern);
		if (value_end == NULL)
			return 0;
		name = value_end + strlen(by_pattern);
		type = type_of_pattern(words, name, (size_t)(end - 1 - name));
	} else if ((context_end = strstr(message, ": '")) != NULL && (value_end = strstr(message, valid)) != NULL) {
		value = context_end + 3;
		/* "list type 'T'", "union type 'T'", "atomic type 'T'" */
		name = strstr(value_end + strlen(valid), " type '");
		if (name == NULL)
			return 0;
		name += strlen(" type '");
		type = find_type(words, name, (size_t)(end - 1 - name));
		type = type ? worded(words, type) : NULL;
	}
	if (type == NULL || value_end < value)
		return 0;
	snprintf(rewritten, sizeof(rewritten), "%.*s: '%.*s' is not a valid %s; accepted: %s",
		 (int)(context_end - message), message, (int)(value_end - value), value, type->name,
		 type->accepted);
	snprintf(message, size, "%s", rewritten);
	return (size_t)(context_end - message);
}

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

static int check_well_formed(struct schema_words **words_out, const char *path, struct orgcheck_error *err)
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
	if (rc == 0 && doc != NULL)
		rc = read_words(words_out, doc, err);
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
	return rc;
}

static int compile_schema(xmlSchemaPtr *out, struct schema_words **words_out, const char *path,
			  struct orgcheck_error *err)
{
	struct schema_parse_state state = { { 0 }, 0, path };
	xmlSchemaParserCtxtPtr parser = NULL;
	xmlSchemaPtr schema = NULL;
	int rc = 0;

	*out = NULL;
	*words_out = NULL;
	/* libxml2's message for a missing file talks of "external entities". */
	if (access(path, R_OK) != 0) {
		rc = orgcheck_error_set(err, ORGCHECK_ESCHEMA, "cannot read schema '%s': %s", path,
					strerror(errno));
		goto done;
	}
	/* libxml2 would print a well-formedness error of the XSD itself on
	 * stderr; read it once with the quiet parser to report it here, and
	 * take the words of its types on the way. */
	rc = check_well_formed(words_out, path, err);
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
	if (rc < 0) {
		words_free(*words_out);
		*words_out = NULL;
	}
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
		if (!shared) {
			xmlSchemaFree(schema->compiled[i]);
			words_free(schema->words[i]);
		}
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
			if (strcmp(root_kinds[j].schema_file, root_kinds[i].schema_file) == 0) {
				schema->compiled[i] = schema->compiled[j];
				schema->words[i] = schema->words[j];
			}
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
		rc = compile_schema(&schema->compiled[i], &schema->words[i], path, err);
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
	const struct schema_words *words;
	const char *path;
	int rc;
	unsigned reported;
	unsigned dropped;
	/* Where the last value reworded was ("element 'founded', attribute
	 * 'source'" on its node): libxml2 reports a bad item of a list twice
	 * (its pattern, then the list), one cause. */
	const void *reworded_node;
	char reworded_context[256];
};

static void on_validation_error(void *user_data, orgcheck_xml_error *error)
{
	struct validation_state *state = user_data;
	unsigned long line = 0;
	unsigned long column = 0;
	char message[1024];
	size_t context_length = 0;
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
	context_length = reword(message, sizeof(message), state->words);
	if (context_length > 0) {
		if (state->reworded_node == error->node && strlen(state->reworded_context) == context_length &&
		    strncmp(state->reworded_context, message, context_length) == 0) {
			state->reported--;
			return;
		}
		state->reworded_node = error->node;
		snprintf(state->reworded_context, sizeof(state->reworded_context), "%.*s", (int)context_length,
			 message);
	}
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
		       xmlSchemaValidCtxtPtr validator, const struct schema_words *words, xmlDocPtr doc,
		       const char *path, struct orgcheck_error *err)
{
	struct validation_state state = { 0 };
	int result = 0;
	int rc = 0;

	*valid_out = 0;
	state.findings = findings;
	state.err = err;
	state.words = words;
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
			 const struct schema_words *words, xmlDocPtr doc, const char *path,
			 struct orgcheck_error *err)
{
	xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(compiled);
	int rc = 0;

	*valid_out = 0;
	if (validator == NULL)
		return orgcheck_error_nomem(err);
	rc = validate_in(valid_out, findings, validator, words, doc, path, err);
	xmlSchemaFreeValidCtxt(validator);
	return rc;
}

struct orgcheck_schema_validator {
	/* contexts[i] validates root_kinds[i]; rows sharing a compiled schema
	 * share a context. */
	xmlSchemaValidCtxtPtr contexts[ROOT_KIND_COUNT];
	const struct schema_words *words[ROOT_KIND_COUNT];  /* the schema's */
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
		validator->words[i] = schema->words[i];
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
	return validate_with(valid_out, findings, schema->compiled[index], schema->words[index], doc, path, err);
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
	return validate_in(valid_out, findings, validator->contexts[index], validator->words[index], doc, path,
			   err);
}

int orgcheck_schema_validate_file(int *valid_out, struct orgcheck_findings *findings,
				  const char *xsd_path, xmlDocPtr doc, const char *path,
				  struct orgcheck_error *err)
{
	xmlSchemaPtr compiled = NULL;
	struct schema_words *words = NULL;
	int rc = 0;

	*valid_out = 0;
	rc = compile_schema(&compiled, &words, xsd_path, err);
	if (rc < 0)
		return rc;
	rc = validate_with(valid_out, findings, compiled, words, doc, path, err);
	xmlSchemaFree(compiled);
	words_free(words);
	return rc;
}
