/* Compiling a Schematron expression and checking what libxml2 would only
 * notice when (and if) it runs: variables not defined, functions not
 * known, namespace prefixes not declared. */
#include "schematron/internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>
#include <libxslt/functions.h>

#include "util/xmlerr.h"

/* The functions orgcheck adds; at load they only need to exist. */
static void no_function(xmlXPathParserContextPtr ctxt, int nargs)
{
	(void)nargs;
	xmlXPathErr(ctxt, XPATH_UNKNOWN_FUNC_ERROR);
}

int orgcheck_schematron__setup_context(xmlXPathContextPtr ctxt,
				       const struct orgcheck_schematron *schema)
{
	size_t i;

	xsltRegisterAllFunctions(ctxt);
	for (i = 0; i < schema->ns_count; i++) {
		if (xmlXPathRegisterNs(ctxt, (const xmlChar *)schema->ns_prefixes[i],
				       (const xmlChar *)schema->ns_uris[i]) != 0)
			return ORGCHECK_ENOMEM;
	}
	if (xmlXPathRegisterFuncNS(ctxt, (const xmlChar *)"record",
				   (const xmlChar *)ORGCHECK_SCHEMATRON_FUNCTIONS_NS, no_function) != 0 ||
	    xmlXPathRegisterFuncNS(ctxt, (const xmlChar *)"record-path",
				   (const xmlChar *)ORGCHECK_SCHEMATRON_FUNCTIONS_NS, no_function) != 0)
		return ORGCHECK_ENOMEM;
	return 0;
}

static int is_name_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
	return is_name_start(c) || isdigit(c) || c == '-' || c == '.';
}

/* The length of the NCName at p (0 if none). */
static size_t ncname_length(const char *p)
{
	size_t n = 0;

	if (!is_name_start((unsigned char)p[0]))
		return 0;
	while (is_name_char((unsigned char)p[n]))
		n++;
	return n;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static int is_node_type(const char *name, size_t length)
{
	static const char *const types[] = { "comment", "text", "processing-instruction", "node" };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strlen(types[i]) == length && strncmp(types[i], name, length) == 0)
			return 1;
	}
	return 0;
}

static int is_operator(const char *name, size_t length)
{
	return (length == 3 && (strncmp(name, "div", 3) == 0 || strncmp(name, "mod", 3) == 0 ||
				strncmp(name, "and", 3) == 0)) ||
	       (length == 2 && strncmp(name, "or", 2) == 0);
}

static const char *namespace_uri(const struct orgcheck_schematron *schema, const char *prefix,
				 size_t length)
{
	size_t i;

	if (length == 3 && strncmp(prefix, "xml", 3) == 0)
		return "http://www.w3.org/XML/1998/namespace";
	for (i = 0; i < schema->ns_count; i++) {
		if (strlen(schema->ns_prefixes[i]) == length &&
		    strncmp(schema->ns_prefixes[i], prefix, length) == 0)
			return schema->ns_uris[i];
	}
	return NULL;
}

struct scan_problem {
	char message[384];
};

/* Walks the tokens of text outside string literals and reports the first
 * undefined variable, unknown function or undeclared prefix. */
static int scan(struct scan_problem *problem, const struct orgcheck_schematron *schema,
		xmlXPathContextPtr probe, const char *text, const char *const *names,
		size_t name_count, unsigned char *used)
{
	const char *p = text;
	const char *prefix = NULL;
	size_t prefix_length = 0;
	const char *local = NULL;
	size_t local_length = 0;
	const char *after = NULL;
	const char *uri = NULL;
	char name[256];
	size_t i;
	int found = 0;

	while (*p != '\0') {
		if (*p == '"' || *p == '\'') {
			const char *end = strchr(p + 1, *p);

			if (end == NULL)
				return 0;  /* the compiler says what is wrong */
			p = end + 1;
			continue;
		}
		if (*p == '$') {
			const char *start = skip_space(p + 1);
			size_t n = ncname_length(start);

			if (n > 0 && start[n] == ':' && ncname_length(start + n + 1) > 0)
				n += 1 + ncname_length(start + n + 1);
			found = 0;
			for (i = name_count; i > 0 && !found; i--) {
				found = strlen(names[i - 1]) == n && strncmp(names[i - 1], start, n) == 0;
				if (found && used != NULL)
					used[i - 1] = 1;
			}
			if (!found) {
				snprintf(problem->message, sizeof(problem->message),
					 "variable $%.*s is not defined", (int)(n < 200 ? n : 200), start);
				return -1;
			}
			p = start + n;
			continue;
		}
		if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
			while (isdigit((unsigned char)*p) || *p == '.')
				p++;
			continue;
		}
		if (!is_name_start((unsigned char)*p)) {
			p++;
			continue;
		}
		prefix = NULL;
		prefix_length = 0;
		local = p;
		local_length = ncname_length(p);
		p += local_length;
		if (p[0] == ':' && p[1] != ':') {
			prefix = local;
			prefix_length = local_length;
			if (p[1] == '*') {
				local = p + 1;
				local_length = 1;
			} else {
				local = p + 1;
				local_length = ncname_length(local);
			}
			p = local + local_length;
		}
		after = skip_space(p);
		if (after[0] == ':' && after[1] == ':')
			continue;  /* an axis */
		uri = NULL;
		if (prefix != NULL) {
			uri = namespace_uri(schema, prefix, prefix_length);
			if (uri == NULL) {
				snprintf(problem->message, sizeof(problem->message),
					 "namespace prefix '%.*s' is not declared (add <sch:ns prefix=\"%.*s\" uri=\"...\"/>)",
					 (int)(prefix_length < 100 ? prefix_length : 100), prefix,
					 (int)(prefix_length < 100 ? prefix_length : 100), prefix);
				return -1;
			}
		}
		if (after[0] != '(' || local_length == 0 || (prefix == NULL && is_node_type(local, local_length)))
			continue;
		/* "2 div (1)": an operator, since no function has these names. */
		if (prefix == NULL && is_operator(local, local_length))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(local_length < 200 ? local_length : 200), local);
		if (xmlXPathFunctionLookupNS(probe, (const xmlChar *)name, (const xmlChar *)uri) == NULL) {
			snprintf(problem->message, sizeof(problem->message), "unknown function %.*s%s%s()",
				 (int)(prefix_length < 100 ? prefix_length : 100), prefix ? prefix : "",
				 prefix ? ":" : "", name);
			return -1;
		}
	}
	return 0;
}

struct compile_errors {
	char first[384];
};

static void on_xpath_error(void *data, orgcheck_xml_error *error)
{
	struct compile_errors *errors = data;

	if (errors->first[0] == '\0' && error != NULL && error->message != NULL)
		orgcheck_xmlerr_message(errors->first, sizeof(errors->first), error->message);
}

size_t orgcheck_schematron__resolve_global(const struct orgcheck_schematron *schema, const char *name,
					   size_t pattern)
{
	size_t best = SIZE_MAX;
	int best_rank = 0;
	size_t definers = 0;
	size_t only = SIZE_MAX;
	size_t phase_definers = 0;
	size_t only_phase = SIZE_MAX;
	size_t i;

	for (i = 0; i < schema->global_count; i++) {
		const struct sch_let *let = &schema->globals[i];
		int rank = 0;

		if (strcmp(let->name, name) != 0)
			continue;
		if (let->scope == SCH_SCOPE_PATTERN && let->pattern == pattern)
			rank = 4;
		else if (let->scope == SCH_SCOPE_PHASE) {
			phase_definers++;
			only_phase = i;
			continue;
		} else if (let->scope == SCH_SCOPE_SCHEMA)
			rank = 2;
		else {
			definers++;
			only = i;
		}
		if (rank > best_rank) {
			best = i;
			best_rank = rank;
		}
	}
	/* A phase's variable wins over the schema's; under #ALL only when one
	 * phase alone defines it. */
	if (best_rank < 4 && phase_definers == 1)
		return only_phase;
	/* Another pattern's variable is global only when it alone defines it. */
	if (best == SIZE_MAX && definers == 1)
		best = only;
	return best;
}

int orgcheck_schematron__compile(struct sch_expr *out, const struct orgcheck_schematron *schema,
				 const char *text, const char *const *names, size_t name_count,
				 unsigned char *used, const char *file, unsigned long line,
				 struct orgcheck_error *err)
{
	struct scan_problem problem;
	struct compile_errors errors;
	xmlXPathContextPtr probe = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&errors, 0, sizeof(errors));
	out->file = file;
	out->line = line;
	out->text = strdup(text);
	probe = xmlXPathNewContext(NULL);
	if (out->text == NULL || probe == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = orgcheck_schematron__setup_context(probe, schema);
	if (rc < 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	probe->error = on_xpath_error;
	probe->userData = &errors;
	if (scan(&problem, schema, probe, text, names, name_count, used) < 0) {
		rc = orgcheck_error_set(err, ORGCHECK_ESCHEMATRON, "%s:%lu: %s in \"%s\"", file, line,
					problem.message, text);
		goto done;
	}
	out->compiled = xmlXPathCtxtCompile(probe, (const xmlChar *)text);
	if (out->compiled == NULL)
		rc = orgcheck_error_set(err, ORGCHECK_ESCHEMATRON, "%s:%lu: invalid XPath expression \"%s\": %s",
					file, line, text, errors.first[0] ? errors.first : "syntax error");

done:
	if (probe != NULL)
		xmlXPathFreeContext(probe);
	return rc;
}
