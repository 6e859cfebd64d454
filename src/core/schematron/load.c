/* Loading a Schematron schema: includes, phases, abstract patterns and
 * rules, variables, and every expression compiled and checked up front,
 * so a mistake in the schema is an error naming its line even when the
 * rule that holds it never fires. */
#include "schematron/internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>
#include <libxml/xpathInternals.h>
#include <libxslt/functions.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltutils.h>

#include <orgcheck/findings.h>
#include <orgcheck/parse.h>

/* Deeper nesting of includes or extends than this is taken for a loop
 * even when no step repeats (it cannot be a real schema). */
#define MAX_NESTING 64

/* An abstract-pattern parameter. */
struct param {
	const char *name;
	const char *value;
};

/* An included subtree and the file it came from, so errors inside it name
 * that file. */
struct origin {
	xmlNodePtr root;
	const char *file;
};

struct loader {
	struct orgcheck_schematron *schema;
	struct orgcheck_error *err;
	xmlDocPtr doc;                /* the schema, includes expanded */
	struct origin *origins;
	size_t origin_count;
	char *chain[MAX_NESTING];     /* includes (or extends) being expanded */
	size_t depth;
	const struct param *params;   /* of the pattern being compiled */
	size_t param_count;
	const char **names;           /* variables visible, innermost last */
	unsigned char *used;          /* used[i]: an expression named names[i] */
	size_t name_count;
	size_t name_capacity;
	xmlNodePtr pattern;           /* the pattern being compiled (for extends) */
	xmlNodePtr *global_nodes;     /* the let element of each global */
};

/* ---------------------------------------------------------------- helpers */

static int is_in(const xmlNode *node, const char *ns, const char *local)
{
	return node != NULL && node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       strcmp((const char *)node->ns->href, ns) == 0 &&
	       (local == NULL || strcmp((const char *)node->name, local) == 0);
}

static int is_sch(const xmlNode *node, const char *local)
{
	return is_in(node, SCH_NS, local);
}

/* A copy of attribute name of node (no namespace), or NULL. */
static char *get_attr(const xmlNode *node, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);
	char *copy = NULL;

	if (value == NULL)
		return NULL;
	copy = strdup((const char *)value);
	xmlFree(value);
	return copy;
}

/* Like get_attr, but a missing attribute is "", and NULL means no memory. */
static int dup_attr(char **out, const xmlNode *node, const char *name, struct orgcheck_error *err)
{
	xmlChar *value = xmlGetNoNsProp(node, (const xmlChar *)name);

	*out = NULL;
	if (value == NULL)
		return 0;
	*out = strdup((const char *)value);
	xmlFree(value);
	return *out ? 0 : orgcheck_error_nomem(err);
}

/* The xml:lang in scope at node (inherited from its ancestors). */
static int dup_lang(char **out, const xmlNode *node, struct orgcheck_error *err)
{
	xmlChar *value = xmlNodeGetLang(node);

	*out = NULL;
	if (value == NULL)
		return 0;
	*out = strdup((const char *)value);
	xmlFree(value);
	return *out ? 0 : orgcheck_error_nomem(err);
}

static const char *node_file(const struct loader *l, const xmlNode *node)
{
	const xmlNode *n = NULL;
	size_t i;

	for (n = node; n != NULL; n = n->parent) {
		for (i = 0; i < l->origin_count; i++) {
			if (l->origins[i].root == n)
				return l->origins[i].file;
		}
	}
	return l->schema->path;
}

/* The line of node's start tag (the parser records where each start tag
 * begins; copies from included files keep libxml2's line). */
static unsigned long node_line(const xmlNode *node)
{
	unsigned long line = 0;
	unsigned long column = 0;

	orgcheck_parse_node_position(&line, &column, node);
	return line;
}

static int fail_at(struct loader *l, const xmlNode *node, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int fail_at(struct loader *l, const xmlNode *node, const char *fmt, ...)
{
	char message[ORGCHECK_ERROR_MESSAGE_MAX / 2];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	return orgcheck_error_set(l->err, ORGCHECK_ESCHEMATRON, "%s:%lu: %s", node_file(l, node),
				  node ? node_line(node) : 0UL, message);
}

/* Interns path in the schema's file list; returns the stored copy. */
static const char *intern_file(struct orgcheck_schematron *schema, const char *path)
{
	char **files = NULL;
	size_t i;

	for (i = 0; i < schema->file_count; i++) {
		if (strcmp(schema->files[i], path) == 0)
			return schema->files[i];
	}
	files = realloc(schema->files, (schema->file_count + 1) * sizeof(*files));
	if (files == NULL)
		return NULL;
	schema->files = files;
	files[schema->file_count] = strdup(path);
	if (files[schema->file_count] == NULL)
		return NULL;
	return files[schema->file_count++];
}

static int keep_doc(struct orgcheck_schematron *schema, xmlDocPtr doc, struct orgcheck_error *err)
{
	xmlDocPtr *docs = realloc(schema->docs, (schema->doc_count + 1) * sizeof(*docs));

	if (docs == NULL)
		return orgcheck_error_nomem(err);
	schema->docs = docs;
	docs[schema->doc_count++] = doc;
	return 0;
}

/* What a schema read (from a file or memory) ends with: the first problem
 * as an error naming the file (and, for an include, the schema line that
 * named it), or the document with its URL set for base URIs. */
static int finish_read(xmlDocPtr *out, int rc, const struct orgcheck_findings *problems,
		       const char *path, const char *named_by, unsigned long named_line,
		       struct orgcheck_error *err)
{
	const struct orgcheck_finding *first = problems->count > 0 ? &problems->items[0] : NULL;

	if (rc == 0 && *out == NULL) {
		if (named_by != NULL)
			rc = orgcheck_error_set(err, ORGCHECK_ESCHEMATRON, "%s:%lu: cannot include '%s': %s",
						named_by, named_line, path,
						first ? first->message : "not well-formed");
		else
			rc = orgcheck_error_set(err, ORGCHECK_ESCHEMATRON, "%s:%lu: %s", path,
						first ? first->primary.line : 0UL,
						first ? first->message : "not well-formed");
	}
	if (rc == 0 && (*out)->URL == NULL) {
		(*out)->URL = xmlStrdup((const xmlChar *)path);
		if ((*out)->URL == NULL)
			rc = orgcheck_error_nomem(err);
	}
	if (rc < 0 && *out != NULL) {
		xmlFreeDoc(*out);
		*out = NULL;
	}
	return rc;
}

/* Reads a schema file with the same safe parser as records. */
static int read_schema_file(xmlDocPtr *out, const char *path, const char *named_by,
			    unsigned long named_line, struct orgcheck_error *err)
{
	struct orgcheck_findings problems;
	int rc = 0;

	*out = NULL;
	orgcheck_findings_init(&problems);
	rc = orgcheck_parse_file(out, &problems, path, err);
	rc = finish_read(out, rc, &problems, path, named_by, named_line, err);
	orgcheck_findings_release(&problems);
	return rc;
}

/* The schema given in memory (path names it, and is the base of its
 * includes). */
static int read_schema_memory(xmlDocPtr *out, const char *path, const char *data, size_t size,
			      struct orgcheck_error *err)
{
	struct orgcheck_findings problems;
	int rc = 0;

	*out = NULL;
	orgcheck_findings_init(&problems);
	rc = orgcheck_parse_memory(out, &problems, path, data, size, err);
	rc = finish_read(out, rc, &problems, path, NULL, 0, err);
	orgcheck_findings_release(&problems);
	return rc;
}

/* ---------------------------------------------------------------- includes */

/* The element a fragment names: xml:id or id equal to it. */
static xmlNodePtr find_fragment(xmlNodePtr node, const char *fragment)
{
	xmlNodePtr child = NULL;
	xmlNodePtr found = NULL;
	xmlChar *id = NULL;
	int match = 0;

	if (node == NULL || node->type != XML_ELEMENT_NODE)
		return NULL;
	id = xmlGetNsProp(node, (const xmlChar *)"id", XML_XML_NAMESPACE);
	if (id == NULL)
		id = xmlGetNoNsProp(node, (const xmlChar *)"id");
	match = id != NULL && strcmp((const char *)id, fragment) == 0;
	xmlFree(id);
	if (match)
		return node;
	for (child = node->children; child != NULL && found == NULL; child = child->next)
		found = find_fragment(child, fragment);
	return found;
}

/* Resolves href against node's base into a local file path and a fragment
 * (malloc'd, fragment NULL when none). Anything but a local file is an
 * error: a schema reaches no network. */
static int resolve_local(struct loader *l, char **path_out, char **fragment_out,
			 const xmlNode *node, const char *href)
{
	xmlChar *base = NULL;
	xmlChar *uri = NULL;
	xmlURIPtr parsed = NULL;
	char *hash = NULL;
	char *copy = NULL;
	int rc = 0;

	*path_out = NULL;
	*fragment_out = NULL;
	copy = strdup(href);
	if (copy == NULL)
		return orgcheck_error_nomem(l->err);
	hash = strchr(copy, '#');
	if (hash != NULL) {
		*hash = '\0';
		if (hash[1] != '\0') {
			*fragment_out = strdup(hash + 1);
			if (*fragment_out == NULL) {
				rc = orgcheck_error_nomem(l->err);
				goto done;
			}
		}
	}
	if (copy[0] == '\0') {
		/* "#id": the same document. */
		*path_out = strdup(node->doc && node->doc->URL ? (const char *)node->doc->URL : "");
		rc = *path_out ? 0 : orgcheck_error_nomem(l->err);
		goto done;
	}
	base = xmlNodeGetBase(node->doc, node);
	uri = xmlBuildURI((const xmlChar *)copy, base);
	parsed = uri ? xmlParseURI((const char *)uri) : NULL;
	if (parsed == NULL || (parsed->scheme != NULL && strcmp(parsed->scheme, "file") != 0) ||
	    (parsed->server != NULL && parsed->server[0] != '\0') || parsed->path == NULL) {
		rc = fail_at(l, node, "'%s' is not a local file (a schema may include only files)", href);
		goto done;
	}
	*path_out = strdup(parsed->path);
	if (*path_out == NULL)
		rc = orgcheck_error_nomem(l->err);

done:
	if (rc < 0) {
		free(*fragment_out);
		*fragment_out = NULL;
	}
	free(copy);
	xmlFree(base);
	xmlFree(uri);
	xmlFreeURI(parsed);
	return rc;
}

/* The element href names (reading its file once), for node. */
static int include_target(struct loader *l, xmlNodePtr *out, const char **file_out,
			  char **key_out, xmlNodePtr node, const char *href)
{
	char *path = NULL;
	char *fragment = NULL;
	char *key = NULL;
	xmlDocPtr doc = NULL;
	xmlDocPtr read = NULL;
	xmlNodePtr target = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	*key_out = NULL;
	rc = resolve_local(l, &path, &fragment, node, href);
	if (rc < 0)
		goto done;
	for (i = 0; i < l->schema->doc_count && doc == NULL; i++) {
		if (l->schema->docs[i]->URL != NULL &&
		    strcmp((const char *)l->schema->docs[i]->URL, path) == 0)
			doc = l->schema->docs[i];
	}
	if (doc == NULL) {
		rc = read_schema_file(&read, path, node_file(l, node), node_line(node), l->err);
		if (rc < 0)
			goto done;
		rc = keep_doc(l->schema, read, l->err);
		if (rc < 0)
			goto done;
		/* Now owned by the schema. */
		doc = read;
		read = NULL;
	}
	target = fragment ? find_fragment(xmlDocGetRootElement(doc), fragment) : xmlDocGetRootElement(doc);
	if (target == NULL) {
		rc = fail_at(l, node, "'%s' names no element", href);
		goto done;
	}
	*file_out = intern_file(l->schema, path);
	key = malloc(strlen(path) + (fragment ? strlen(fragment) : 0) + 2);
	if (*file_out == NULL || key == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}
	sprintf(key, "%s#%s", path, fragment ? fragment : "");
	*out = target;
	*key_out = key;
	key = NULL;

done:
	xmlFreeDoc(read);
	free(key);
	free(path);
	free(fragment);
	return rc;
}

/* Takes key, also on failure: the chain owns it until pop_chain. */
static int push_chain(struct loader *l, const xmlNode *node, char *key, const char *what)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < l->depth && rc == 0; i++) {
		if (strcmp(l->chain[i], key) == 0)
			rc = fail_at(l, node, "%s loop: this leads back to itself", what);
	}
	if (rc == 0 && l->depth == MAX_NESTING)
		rc = fail_at(l, node, "%s nesting too deep", what);
	if (rc < 0)
		goto done;
	/* Now owned by the chain. */
	l->chain[l->depth++] = key;
	key = NULL;

done:
	free(key);
	return rc;
}

static void pop_chain(struct loader *l)
{
	free(l->chain[--l->depth]);
}

static int expand_includes(struct loader *l, xmlNodePtr node);

static int add_origin(struct loader *l, xmlNodePtr root, const char *file)
{
	struct origin *origins = realloc(l->origins, (l->origin_count + 1) * sizeof(*origins));

	if (origins == NULL)
		return orgcheck_error_nomem(l->err);
	l->origins = origins;
	origins[l->origin_count].root = root;
	origins[l->origin_count].file = file;
	l->origin_count++;
	return 0;
}

/* Replaces one sch:include (or sch:extends with href: the rule's content)
 * by a copy of what it names, then expands inside the copy. */
static int expand_one(struct loader *l, xmlNodePtr include, int extends)
{
	char *href = NULL;
	char *key = NULL;
	const char *file = NULL;
	xmlNodePtr target = NULL;
	xmlNodePtr copy = NULL;
	xmlNodePtr child = NULL;
	xmlNodePtr next = NULL;
	int rc = 0;

	href = get_attr(include, "href");
	if (href == NULL) {
		rc = fail_at(l, include, "%s has no href", extends ? "extends" : "include");
		goto done;
	}
	rc = include_target(l, &target, &file, &key, include, href);
	if (rc < 0)
		goto done;
	rc = push_chain(l, include, key, extends ? "extends" : "include");
	/* Now owned by the chain (or freed by push_chain). */
	key = NULL;
	if (rc < 0)
		goto done;
	if (extends && !is_sch(target, "rule")) {
		rc = fail_at(l, include, "extends href='%s' does not name a rule", href);
		pop_chain(l);
		goto done;
	}
	copy = xmlDocCopyNode(target, l->doc, 1);
	if (copy == NULL) {
		rc = orgcheck_error_nomem(l->err);
		pop_chain(l);
		goto done;
	}
	xmlAddNextSibling(include, copy);
	xmlUnlinkNode(include);
	xmlFreeNode(include);
	include = NULL;
	/* Base URI fixup (as XInclude does): relative references inside the
	 * copy stay relative to the file it came from. */
	xmlNodeSetBase(copy, (const xmlChar *)file);
	rc = add_origin(l, copy, file);
	if (rc == 0)
		rc = expand_includes(l, copy);
	pop_chain(l);
	if (rc == 0 && extends) {
		/* The rule's content takes the place of the extends element. */
		for (child = copy->children; child != NULL; child = next) {
			next = child->next;
			xmlUnlinkNode(child);
			if (child->type != XML_ELEMENT_NODE) {
				/* Moved text would be merged into its neighbour (and
				 * freed); a rule's text is only white space. */
				xmlFreeNode(child);
				continue;
			}
			xmlAddPrevSibling(copy, child);
			xmlNodeSetBase(child, (const xmlChar *)file);
			/* Declarations on the rule go with it: declare what the
			 * moved content uses on the content itself. */
			if (xmlReconciliateNs(l->doc, child) < 0 && rc == 0)
				rc = orgcheck_error_nomem(l->err);
			rc = rc ? rc : add_origin(l, child, file);
		}
		xmlUnlinkNode(copy);
		xmlFreeNode(copy);
	}

done:
	free(href);
	return rc;
}

static int expand_includes(struct loader *l, xmlNodePtr node)
{
	xmlNodePtr child = NULL;
	xmlNodePtr next = NULL;
	int rc = 0;

	for (child = node->children; child != NULL && rc == 0; child = next) {
		next = child->next;
		if (is_sch(child, "include"))
			rc = expand_one(l, child, 0);
		else if (is_sch(child, "extends") && xmlHasProp(child, (const xmlChar *)"href"))
			rc = expand_one(l, child, 1);
		else if (child->type == XML_ELEMENT_NODE)
			rc = expand_includes(l, child);
	}
	return rc;
}

/* ---------------------------------------------------------------- expressions */

/* Puts the current abstract-pattern parameters into text: "$name" (not
 * followed by a name character) becomes the value; longer names first. */
static int substitute(char **out, const struct loader *l, const char *text,
		      struct orgcheck_error *err)
{
	size_t capacity = strlen(text) + 1;
	size_t length = 0;
	size_t best_length = 0;
	const struct param *best = NULL;
	char *buf = NULL;
	char *grown = NULL;
	const char *p = text;
	size_t i;
	int rc = 0;

	*out = NULL;
	buf = malloc(capacity);
	if (buf == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	while (*p != '\0') {
		best = NULL;
		best_length = 0;
		if (*p == '$') {
			for (i = 0; i < l->param_count; i++) {
				size_t n = strlen(l->params[i].name);
				char after = 0;

				if (n <= best_length || strncmp(p + 1, l->params[i].name, n) != 0)
					continue;
				/* Matched n characters, so p[1 + n] is at most the end. */
				after = p[1 + n];
				if (!(isalnum((unsigned char)after) || after == '_' || after == '-' ||
				      after == '.' || after == ':' || (unsigned char)after >= 0x80)) {
					best = &l->params[i];
					best_length = n;
				}
			}
		}
		if (best != NULL) {
			size_t value_length = strlen(best->value);

			if (length + value_length + 1 > capacity) {
				capacity = (length + value_length + 1) * 2;
				grown = realloc(buf, capacity);
				if (grown == NULL) {
					rc = orgcheck_error_nomem(err);
					goto done;
				}
				buf = grown;
			}
			memcpy(buf + length, best->value, value_length);
			length += value_length;
			p += 1 + best_length;
			continue;
		}
		if (length + 2 > capacity) {
			capacity = (length + 2) * 2;
			grown = realloc(buf, capacity);
			if (grown == NULL) {
				rc = orgcheck_error_nomem(err);
				goto done;
			}
			buf = grown;
		}
		buf[length++] = *p++;
	}
	buf[length] = '\0';
	*out = buf;
	buf = NULL;

done:
	free(buf);
	return rc;
}

/* Compiles attribute name of node (after parameters) into out. A missing
 * attribute leaves out->text NULL (required says whether that is an
 * error). */
static int compile_attr(struct loader *l, struct sch_expr *out, xmlNodePtr node,
			const char *name, int required)
{
	char *raw = NULL;
	char *text = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	raw = get_attr(node, name);
	if (raw == NULL) {
		if (required) {
			char what[128];

			snprintf(what, sizeof(what), "%s needs a %s attribute", (const char *)node->name, name);
			rc = fail_at(l, node, "%s", what);
		}
		goto done;
	}
	rc = substitute(&text, l, raw, l->err);
	if (rc < 0)
		goto done;
	rc = orgcheck_schematron__compile(out, l->schema, text, l->names, l->name_count, l->used,
					  node_file(l, node), node_line(node), l->err);

done:
	free(raw);
	free(text);
	return rc;
}

static int push_name(struct loader *l, const char *name)
{
	const char **names = NULL;
	unsigned char *used = NULL;
	size_t capacity = 0;

	if (l->name_count == l->name_capacity) {
		capacity = l->name_capacity ? l->name_capacity * 2 : 32;
		names = realloc(l->names, capacity * sizeof(*names));
		if (names == NULL)
			return orgcheck_error_nomem(l->err);
		l->names = names;
		used = realloc(l->used, capacity);
		if (used == NULL)
			return orgcheck_error_nomem(l->err);
		l->used = used;
		l->name_capacity = capacity;
	}
	l->used[l->name_count] = 0;
	l->names[l->name_count++] = name;
	return 0;
}

/* Makes the global variables an expression of pattern (SIZE_MAX: none)
 * sees the visible names, one per name. */
static int set_global_names(struct loader *l, size_t pattern)
{
	const struct orgcheck_schematron *s = l->schema;
	size_t i;
	int rc = 0;

	l->name_count = 0;
	for (i = 0; i < s->global_count && rc == 0; i++) {
		if (orgcheck_schematron__resolve_global(s, s->globals[i].name, pattern) == i)
			rc = push_name(l, s->globals[i].name);
	}
	return rc;
}

/* A let's content as a document of its own: the tree fragment its value is. */
static int let_fragment(struct loader *l, struct sch_let *let, xmlNodePtr node)
{
	xmlNodePtr root = NULL;
	xmlNodePtr child = NULL;
	xmlNodePtr copy = NULL;
	int rc = 0;

	let->fragment = xmlNewDoc((const xmlChar *)"1.0");
	if (let->fragment == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}
	for (child = node->children; child != NULL; child = child->next) {
		copy = xmlDocCopyNode(child, let->fragment, 1);
		if (copy == NULL || xmlAddChild((xmlNodePtr)let->fragment, copy) == NULL) {
			rc = orgcheck_error_nomem(l->err);
			goto done;
		}
		if (root == NULL && copy->type == XML_ELEMENT_NODE)
			root = copy;
		/* Now owned by the fragment. */
		copy = NULL;
	}

done:
	xmlFreeNode(copy);
	return rc;
}

/* Reads a rule's let: its name must be new in the rule (it may hide a
 * variable of the pattern, phase or schema). */
static int compile_let(struct loader *l, struct sch_let *let, xmlNodePtr node,
		       const struct sch_let *earlier, size_t earlier_count)
{
	size_t i;
	int rc = 0;

	memset(let, 0, sizeof(*let));
	let->scope = SCH_SCOPE_RULE;
	let->file = node_file(l, node);
	let->line = node_line(node);
	let->name = get_attr(node, "name");
	if (let->name == NULL)
		return fail_at(l, node, "let needs a name attribute");
	for (i = 0; i < earlier_count; i++) {
		if (strcmp(earlier[i].name, let->name) == 0)
			return fail_at(l, node, "variable $%s is already defined in this rule (line %lu)",
				       let->name, earlier[i].line);
	}
	if (xmlHasProp(node, (const xmlChar *)"value"))
		rc = compile_attr(l, &let->value, node, "value", 1);
	else
		rc = let_fragment(l, let, node);
	return rc;
}

/* ---------------------------------------------------------------- content */

static int compile_content(struct loader *l, struct sch_content *out, xmlNodePtr parent);

static int add_item(struct loader *l, struct sch_content *content, struct sch_item **item_out)
{
	struct sch_item *items = realloc(content->items, (content->count + 1) * sizeof(*items));

	if (items == NULL)
		return orgcheck_error_nomem(l->err);
	content->items = items;
	*item_out = &items[content->count++];
	memset(*item_out, 0, sizeof(**item_out));
	return 0;
}

static int compile_nested(struct loader *l, struct sch_item *item, xmlNodePtr node)
{
	struct sch_content nested = { NULL, 0 };
	int rc = compile_content(l, &nested, node);

	item->children = nested.items;
	item->child_count = nested.count;
	return rc;
}

/* The mixed content of an assert, report, diagnostic or property. */
static int compile_content(struct loader *l, struct sch_content *out, xmlNodePtr parent)
{
	xmlNodePtr node = NULL;
	struct sch_item *item = NULL;
	int rc = 0;

	for (node = parent->children; node != NULL && rc == 0; node = node->next) {
		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			rc = add_item(l, out, &item);
			if (rc == 0) {
				item->kind = SCH_ITEM_TEXT;
				item->text = strdup(node->content ? (const char *)node->content : "");
				rc = item->text ? 0 : orgcheck_error_nomem(l->err);
			}
		} else if (node->type != XML_ELEMENT_NODE) {
			continue;
		} else if (is_sch(node, "value-of") || is_in(node, SCH_XSL_NS, "value-of")) {
			rc = add_item(l, out, &item);
			if (rc == 0) {
				item->kind = SCH_ITEM_VALUE_OF;
				rc = compile_attr(l, &item->expr, node, "select", 1);
			}
		} else if (is_sch(node, "name")) {
			rc = add_item(l, out, &item);
			if (rc == 0) {
				item->kind = SCH_ITEM_NAME;
				rc = compile_attr(l, &item->expr, node, "path", 0);
			}
		} else if (is_in(node, SCH_XSL_NS, "copy-of")) {
			rc = add_item(l, out, &item);
			if (rc == 0) {
				item->kind = SCH_ITEM_COPY_OF;
				rc = compile_attr(l, &item->expr, node, "select", 1);
			}
		} else if (is_sch(node, "emph") || is_sch(node, "dir") || is_sch(node, "span")) {
			rc = add_item(l, out, &item);
			if (rc < 0)
				break;
			if (is_sch(node, "emph")) {
				item->kind = SCH_ITEM_EMPH;
			} else if (is_sch(node, "dir")) {
				item->kind = SCH_ITEM_DIR;
				rc = dup_attr(&item->text, node, "value", l->err);
			} else {
				item->kind = SCH_ITEM_SPAN;
				rc = dup_attr(&item->text, node, "class", l->err);
			}
			if (rc == 0)
				rc = compile_nested(l, item, node);
		} else {
			/* A foreign element: its text. */
			rc = compile_content(l, out, node);
		}
	}
	return rc;
}

/* ---------------------------------------------------------------- checks */

/* Whether node's attribute name (no namespace) is value. */
static int attr_equals(const xmlNode *node, const char *name, const char *value)
{
	xmlChar *actual = xmlGetNoNsProp(node, (const xmlChar *)name);
	int equal = actual != NULL && strcmp((const char *)actual, value) == 0;

	xmlFree(actual);
	return equal;
}

/* The first Schematron child local of parent whose attribute attr is value. */
static xmlNodePtr find_child(const xmlNode *parent, const char *local, const char *attr, const char *value)
{
	xmlNodePtr node = NULL;

	for (node = parent ? parent->children : NULL; node != NULL; node = node->next) {
		if (is_sch(node, local) && attr_equals(node, attr, value))
			return node;
	}
	return NULL;
}

/* The schema-level element of kind (diagnostic, property) with this id. */
static xmlNodePtr find_by_id(xmlNodePtr schema_root, const char *container, const char *kind,
			     const char *id)
{
	xmlNodePtr group = NULL;
	xmlNodePtr found = NULL;

	for (group = schema_root->children; group != NULL && found == NULL; group = group->next) {
		if (is_sch(group, container))
			found = find_child(group, kind, "id", id);
	}
	return found;
}

/* The references (diagnostics or properties) an assertion names in attr. */
static int compile_references(struct loader *l, struct sch_reference **out, size_t *count_out,
			      xmlNodePtr check, const char *attr, const char *container,
			      const char *kind)
{
	char *list = get_attr(check, attr);
	char *save = NULL;
	char *token = NULL;
	struct sch_reference *refs = NULL;
	struct sch_reference *ref = NULL;
	xmlNodePtr target = NULL;
	int rc = 0;

	*out = NULL;
	*count_out = 0;
	if (list == NULL)
		return 0;
	for (token = strtok_r(list, " \t\r\n", &save); token != NULL && rc == 0;
	     token = strtok_r(NULL, " \t\r\n", &save)) {
		target = find_by_id(xmlDocGetRootElement(l->doc), container, kind, token);
		if (target == NULL) {
			char what[256];

			snprintf(what, sizeof(what), "%s '%s' is not defined", kind, token);
			rc = fail_at(l, check, "%s", what);
			break;
		}
		refs = realloc(*out, (*count_out + 1) * sizeof(*refs));
		if (refs == NULL) {
			rc = orgcheck_error_nomem(l->err);
			break;
		}
		*out = refs;
		ref = &refs[(*count_out)++];
		memset(ref, 0, sizeof(*ref));
		ref->id = strdup(token);
		rc = ref->id ? 0 : orgcheck_error_nomem(l->err);
		if (rc == 0)
			rc = dup_attr(&ref->role, target, "role", l->err);
		if (rc == 0)
			rc = dup_attr(&ref->scheme, target, "scheme", l->err);
		if (rc == 0)
			rc = dup_lang(&ref->lang, target, l->err);
		if (rc == 0)
			rc = dup_attr(&ref->see, target, "see", l->err);
		if (rc == 0)
			rc = dup_attr(&ref->icon, target, "icon", l->err);
		if (rc == 0)
			rc = dup_attr(&ref->fpi, target, "fpi", l->err);
		if (rc == 0)
			rc = compile_content(l, &ref->content, target);
	}
	free(list);
	return rc;
}

/* ---------------------------------------------------------------- quick fixes */

/* Schematron Quick Fixes are read at load but only `orgcheck fix` needs
 * them: a part of a fix orgcheck does not support (or an expression in
 * it that does not compile) makes that fix refused, with the reason, and
 * leaves the check itself alone. A reference to a fix that does not
 * exist is an error of the schema, like an unknown diagnostic. */

static int is_sqf(const xmlNode *node, const char *local)
{
	return is_in(node, SQF_NS, local);
}

static int refuse(struct loader *l, struct sch_fix *fix, const xmlNode *node, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Gives fix its reason to be refused (the first one found stays). */
static int refuse(struct loader *l, struct sch_fix *fix, const xmlNode *node, const char *fmt, ...)
{
	char message[ORGCHECK_ERROR_MESSAGE_MAX / 2];
	const char *file = node_file(l, node);
	va_list args;
	size_t size = 0;

	if (fix->refusal != NULL)
		return 0;
	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	size = strlen(file) + strlen(message) + 32;
	fix->refusal = malloc(size);
	if (fix->refusal == NULL)
		return orgcheck_error_nomem(l->err);
	snprintf(fix->refusal, size, "%s:%lu: %s", file, node_line(node), message);
	return 0;
}

/* compile_attr for an expression of a fix: one that does not compile
 * (XPath 2.0, say) refuses the fix instead of failing the load. */
static int compile_fix_attr(struct loader *l, struct sch_fix *fix, struct sch_expr *out,
			    xmlNodePtr node, const char *name)
{
	int rc = compile_attr(l, out, node, name, 0);

	if (rc != ORGCHECK_ESCHEMATRON)
		return rc;
	if (fix->refusal == NULL) {
		fix->refusal = strdup(l->err->message);
		if (fix->refusal == NULL)
			return orgcheck_error_nomem(l->err);
	}
	orgcheck_error_clear(l->err);
	return 0;
}

/* The text of node with white space collapsed, or NULL when it has none. */
static char *collapsed_text(const xmlNode *node)
{
	xmlChar *content = xmlNodeGetContent(node);
	char *out = NULL;
	const char *p = NULL;
	size_t at = 0;
	int space = 0;

	if (content == NULL)
		return NULL;
	out = malloc(strlen((const char *)content) + 1);
	for (p = (const char *)content; out != NULL && *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			space = at > 0;
			continue;
		}
		if (space)
			out[at++] = ' ';
		space = 0;
		out[at++] = *p;
	}
	if (out != NULL)
		out[at] = '\0';
	xmlFree(content);
	return out;
}

static int is_blank_text(const xmlNode *node)
{
	const xmlChar *p = NULL;

	if (node->type != XML_TEXT_NODE && node->type != XML_CDATA_SECTION_NODE)
		return 0;
	for (p = node->content; p != NULL && *p != '\0'; p++) {
		if (!isspace(*p))
			return 0;
	}
	return 1;
}

/* The sqf:fix or sqf:group id names among the children of scope (fixes
 * inside groups count too). */
static xmlNodePtr find_fix(const xmlNode *scope, const char *id)
{
	xmlNodePtr node = NULL;
	xmlNodePtr inner = NULL;

	for (node = scope ? scope->children : NULL; node != NULL; node = node->next) {
		if ((is_sqf(node, "fix") || is_sqf(node, "group")) && attr_equals(node, "id", id))
			return node;
		if (!is_sqf(node, "group"))
			continue;
		for (inner = node->children; inner != NULL; inner = inner->next) {
			if (is_sqf(inner, "fix") && attr_equals(inner, "id", id))
				return inner;
		}
	}
	return NULL;
}

static int compile_template(struct loader *l, struct sch_fix *fix, struct sqf_item **items_out,
			    size_t *count_out, xmlNodePtr parent);

static int add_template_item(struct loader *l, struct sqf_item **items, size_t *count,
			     struct sqf_item **item_out)
{
	struct sqf_item *grown = realloc(*items, (*count + 1) * sizeof(*grown));

	if (grown == NULL)
		return orgcheck_error_nomem(l->err);
	*items = grown;
	*item_out = &grown[(*count)++];
	memset(*item_out, 0, sizeof(**item_out));
	return 0;
}

/* The content of an activity element, as the template of new nodes:
 * literal elements and text, sch:value-of, sch:name and sqf:copy-of.
 * White space alone between elements is dropped, as XSLT does. */
static int compile_template(struct loader *l, struct sch_fix *fix, struct sqf_item **items_out,
			    size_t *count_out, xmlNodePtr parent)
{
	xmlNodePtr node = NULL;
	xmlAttrPtr attr = NULL;
	struct sqf_item *item = NULL;
	int rc = 0;

	for (node = parent->children; node != NULL && rc == 0 && fix->refusal == NULL; node = node->next) {
		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			if (is_blank_text(node))
				continue;
			rc = add_template_item(l, items_out, count_out, &item);
			if (rc == 0) {
				item->kind = SQF_ITEM_TEXT;
				item->text = strdup(node->content ? (const char *)node->content : "");
				rc = item->text ? 0 : orgcheck_error_nomem(l->err);
			}
		} else if (node->type != XML_ELEMENT_NODE) {
			continue;
		} else if (is_sch(node, "value-of") || is_sch(node, "name") || is_sqf(node, "copy-of")) {
			rc = add_template_item(l, items_out, count_out, &item);
			if (rc < 0)
				break;
			item->kind = is_sch(node, "value-of") ? SQF_ITEM_VALUE_OF :
				     is_sch(node, "name") ? SQF_ITEM_NAME : SQF_ITEM_COPY_OF;
			rc = compile_fix_attr(l, fix, &item->expr, node, is_sch(node, "name") ? "path" : "select");
			if (rc == 0 && item->kind == SQF_ITEM_VALUE_OF && item->expr.text == NULL)
				rc = refuse(l, fix, node, "sch:value-of needs a select attribute");
			if (rc == 0 && item->kind == SQF_ITEM_COPY_OF && item->expr.text == NULL)
				rc = orgcheck_schematron__compile(&item->expr, l->schema, "node()", l->names,
								  l->name_count, l->used, node_file(l, node),
								  node_line(node), l->err);
		} else if (is_in(node, SCH_XSL_NS, NULL) || is_sch(node, NULL) || is_sqf(node, NULL)) {
			rc = refuse(l, fix, node, "%s:%s in the content of a change command is not supported",
				    is_in(node, SCH_XSL_NS, NULL) ? "xsl" : is_sch(node, NULL) ? "sch" : "sqf",
				    (const char *)node->name);
		} else {
			for (attr = node->properties; attr != NULL && rc == 0; attr = attr->next) {
				xmlChar *value = xmlNodeGetContent((xmlNodePtr)attr);

				if (value != NULL && strchr((const char *)value, '{') != NULL)
					rc = refuse(l, fix, node,
						    "attribute value templates ({...} in @%s) are not supported",
						    (const char *)attr->name);
				xmlFree(value);
			}
			if (rc == 0)
				rc = add_template_item(l, items_out, count_out, &item);
			if (rc < 0)
				break;
			item->kind = SQF_ITEM_ELEMENT;
			item->element = node;
			rc = compile_template(l, fix, &item->children, &item->child_count, node);
		}
	}
	return rc;
}

/* Splits regex into its top-level branches ("a|b"), each compiled as an
 * XSD regular expression (libxml2's xmlRegexp) with a leading ^ and a
 * trailing $ taken as anchors. */
static int compile_regex(struct loader *l, struct sch_fix *fix, struct sqf_op *op, xmlNodePtr node)
{
	const char *regex = op->regex_text;
	size_t length = strlen(regex);
	size_t start = 0;
	size_t i = 0;
	int depth = 0;
	int bracket = 0;
	int rc = 0;

	for (i = 0; i <= length && rc == 0 && fix->refusal == NULL; i++) {
		char c = regex[i];

		if (c == '\\' && i + 1 < length) {
			i++;
			continue;
		}
		if (bracket > 0) {
			if (c == '[')
				bracket++;
			else if (c == ']')
				bracket--;
			if (c != '\0')
				continue;
		}
		if (c == '[') {
			bracket++;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		if ((c == '^' && i != start) || (c == '$' && i + 1 != length && regex[i + 1] != '|')) {
			rc = refuse(l, fix, node, "regex '%s': ^ and $ are supported only at the start and end "
				    "of an alternative", regex);
			break;
		}
		if ((c == '^' || c == '$') && depth > 0) {
			rc = refuse(l, fix, node, "regex '%s': ^ and $ are supported only outside parentheses",
				    regex);
			break;
		}
		if (c != '\0' && !(c == '|' && depth == 0))
			continue;
		/* One branch: regex[start, i). */
		{
			size_t s = start;
			size_t e = i;
			char *text = NULL;
			void *grown = NULL;
			size_t n = op->branch_count;

			grown = realloc(op->regex, (n + 1) * sizeof(*op->regex));
			if (grown != NULL)
				op->regex = grown;
			grown = grown ? realloc(op->prefix, (n + 1) * sizeof(*op->prefix)) : NULL;
			if (grown != NULL)
				op->prefix = grown;
			grown = grown ? realloc(op->contains, (n + 1) * sizeof(*op->contains)) : NULL;
			if (grown != NULL)
				op->contains = grown;
			grown = grown ? realloc(op->anchored_start, n + 1) : NULL;
			if (grown != NULL)
				op->anchored_start = grown;
			grown = grown ? realloc(op->anchored_end, n + 1) : NULL;
			if (grown == NULL)
				return orgcheck_error_nomem(l->err);
			op->anchored_end = grown;
			op->anchored_start[n] = s < e && regex[s] == '^';
			if (op->anchored_start[n])
				s++;
			op->anchored_end[n] = e > s && regex[e - 1] == '$' && (e - 1 == s || regex[e - 2] != '\\');
			if (op->anchored_end[n])
				e--;
			text = malloc(e - s + 1);
			if (text == NULL)
				return orgcheck_error_nomem(l->err);
			memcpy(text, regex + s, e - s);
			text[e - s] = '\0';
			op->regex[n] = xmlRegexpCompile((const xmlChar *)text);
			op->prefix[n] = NULL;
			op->contains[n] = NULL;
			if (op->regex[n] != NULL) {
				/* xmlRegexp matches whole strings: these two tell cheaply
				 * whether a match starts at a place, or is anywhere. */
				char *wrapped = malloc(2 * strlen(text) + 32);

				if (wrapped == NULL) {
					free(text);
					return orgcheck_error_nomem(l->err);
				}
				sprintf(wrapped, "(%s)%s", text, op->anchored_end[n] ? "" : "[\\s\\S]*");
				op->prefix[n] = xmlRegexpCompile((const xmlChar *)wrapped);
				sprintf(wrapped, "[\\s\\S]*(%s)%s", text, op->anchored_end[n] ? "" : "[\\s\\S]*");
				op->contains[n] = xmlRegexpCompile((const xmlChar *)wrapped);
				free(wrapped);
			}
			free(text);
			if (op->regex[n] == NULL)
				return refuse(l, fix, node, "regex '%s' is not an XSD regular expression (orgcheck "
					      "reads stringReplace/@regex with libxml2's XSD regular expressions)",
					      regex);
			op->branch_count++;
		}
		start = i + 1;
	}
	return rc;
}

/* Resolves @target (a QName) with the namespaces in scope at the activity
 * element: an unprefixed element name takes the default namespace, as
 * xsl:element does, an unprefixed attribute none. */
static int compile_target(struct loader *l, struct sch_fix *fix, struct sqf_op *op, xmlNodePtr node,
			  const char *target)
{
	const char *colon = strchr(target, ':');
	char *prefix = NULL;
	xmlNsPtr ns = NULL;
	int rc = 0;

	if (strchr(target, '{') != NULL)
		return refuse(l, fix, node, "an attribute value template in @target ('%s') is not supported",
			      target);
	if (colon != NULL) {
		prefix = strndup(target, (size_t)(colon - target));
		if (prefix == NULL)
			return orgcheck_error_nomem(l->err);
	}
	if (colon != NULL || op->node_type == SQF_NODE_ELEMENT || op->node_type == SQF_NODE_KEEP)
		ns = xmlSearchNs(node->doc, node, (const xmlChar *)prefix);
	if (colon != NULL && ns == NULL) {
		rc = refuse(l, fix, node, "the prefix of target '%s' is not declared", target);
		goto done;
	}
	op->target_local = strdup(colon ? colon + 1 : target);
	if (op->target_local == NULL || (ns != NULL && (op->target_uri = strdup((const char *)ns->href)) == NULL))
		rc = orgcheck_error_nomem(l->err);

done:
	free(prefix);
	return rc;
}

static int compile_op(struct loader *l, struct sch_fix *fix, struct sqf_op *op, xmlNodePtr node)
{
	static const struct {
		const char *name;
		enum sqf_node_type type;
	} node_types[] = {
		{ "element", SQF_NODE_ELEMENT }, { "attribute", SQF_NODE_ATTRIBUTE },
		{ "comment", SQF_NODE_COMMENT }, { "processing-instruction", SQF_NODE_PI },
		{ "pi", SQF_NODE_PI },           { "keep", SQF_NODE_KEEP },
	};
	static const char *const positions[] = { "first-child", "last-child", "before", "after" };
	char *value = NULL;
	xmlNodePtr child = NULL;
	size_t i;
	int rc = 0;

	memset(op, 0, sizeof(*op));
	op->kind = is_sqf(node, "add") ? SQF_ADD : is_sqf(node, "delete") ? SQF_DELETE :
		   is_sqf(node, "replace") ? SQF_REPLACE : SQF_STRING_REPLACE;
	op->file = node_file(l, node);
	op->line = node_line(node);
	rc = compile_fix_attr(l, fix, &op->match, node, "match");
	if (rc == 0)
		rc = compile_fix_attr(l, fix, &op->use_when, node, "use-when");
	if (rc < 0 || fix->refusal != NULL || op->kind == SQF_DELETE)
		goto done;
	value = get_attr(node, "node-type");
	if (value != NULL) {
		for (i = 0; i < sizeof(node_types) / sizeof(node_types[0]); i++) {
			if (strcmp(value, node_types[i].name) == 0)
				op->node_type = node_types[i].type;
		}
		if (op->node_type == SQF_NODE_NONE || op->kind == SQF_STRING_REPLACE) {
			rc = refuse(l, fix, node, "node-type '%s' is not supported here", value);
			goto done;
		}
	}
	free(value);
	value = get_attr(node, "target");
	if (value != NULL && op->node_type == SQF_NODE_NONE) {
		rc = refuse(l, fix, node, "@target needs a @node-type");
		goto done;
	}
	if (value == NULL && op->node_type != SQF_NODE_NONE && op->node_type != SQF_NODE_COMMENT &&
	    op->node_type != SQF_NODE_KEEP) {
		rc = refuse(l, fix, node, "node-type '%s' needs a @target",
			    op->node_type == SQF_NODE_ELEMENT ? "element" :
			    op->node_type == SQF_NODE_ATTRIBUTE ? "attribute" : "processing-instruction");
		goto done;
	}
	if (value != NULL)
		rc = compile_target(l, fix, op, node, value);
	free(value);
	value = NULL;
	if (rc < 0 || fix->refusal != NULL)
		goto done;
	value = get_attr(node, "position");
	if (value != NULL) {
		for (i = 0; i < sizeof(positions) / sizeof(positions[0]); i++) {
			if (strcmp(value, positions[i]) == 0)
				break;
		}
		if (i == sizeof(positions) / sizeof(positions[0]) || op->kind != SQF_ADD) {
			rc = refuse(l, fix, node, "position '%s' is not supported here", value);
			goto done;
		}
		op->position = (enum sqf_position)i;
	}
	free(value);
	value = NULL;
	if (op->kind == SQF_STRING_REPLACE) {
		op->regex_text = get_attr(node, "regex");
		value = get_attr(node, "flags");
		if (op->regex_text == NULL)
			rc = refuse(l, fix, node, "sqf:stringReplace needs a @regex");
		else if (strchr(op->regex_text, '{') != NULL)
			rc = refuse(l, fix, node, "an attribute value template in @regex is not supported");
		else if (value != NULL && value[0] != '\0')
			rc = refuse(l, fix, node, "regex flags ('%s') are not supported", value);
		else
			rc = compile_regex(l, fix, op, node);
		if (rc < 0 || fix->refusal != NULL)
			goto done;
	}
	rc = compile_fix_attr(l, fix, &op->select, node, "select");
	if (rc < 0 || fix->refusal != NULL)
		goto done;
	for (child = node->children; child != NULL && op->select.text != NULL; child = child->next) {
		if (child->type == XML_ELEMENT_NODE || (child->type == XML_TEXT_NODE && !is_blank_text(child))) {
			rc = refuse(l, fix, node, "a change command has either @select or content, not both");
			goto done;
		}
	}
	rc = compile_template(l, fix, &op->content, &op->content_count, node);

done:
	free(value);
	return rc;
}

/* Compiles the sqf:fix at node into fix. */
static int compile_fix(struct loader *l, struct sch_fix *fix, xmlNodePtr node)
{
	xmlNodePtr child = NULL;
	xmlNodePtr part = NULL;
	void *grown = NULL;
	int rc = 0;

	memset(fix, 0, sizeof(*fix));
	fix->file = node_file(l, node);
	fix->line = node_line(node);
	rc = dup_attr(&fix->id, node, "id", l->err);
	if (rc == 0)
		rc = dup_attr(&fix->role, node, "role", l->err);
	if (rc == 0)
		rc = compile_fix_attr(l, fix, &fix->use_when, node, "use-when");
	/* SQF fixes change what records claim, so they are review fixes
	 * unless the schema's author vouches for one. */
	{
		xmlChar *safety = xmlGetNsProp(node, (const xmlChar *)"safety",
					       (const xmlChar *)ORGCHECK_SCHEMATRON_FUNCTIONS_NS);

		fix->safe = safety != NULL && strcmp((const char *)safety, "safe") == 0;
		if (rc == 0 && safety != NULL && !fix->safe && strcmp((const char *)safety, "review") != 0)
			rc = refuse(l, fix, node, "orgcheck:safety is 'safe' or 'review', not '%s'",
				    (const char *)safety);
		xmlFree(safety);
	}
	if (rc == 0 && xmlHasProp(node, (const xmlChar *)"use-for-each"))
		rc = refuse(l, fix, node, "use-for-each (one fix per item) is not supported");
	for (child = node->children; child != NULL && rc == 0 && fix->refusal == NULL; child = child->next) {
		if (child->type != XML_ELEMENT_NODE)
			continue;
		if (is_sqf(child, "description")) {
			for (part = child->children; part != NULL && rc == 0; part = part->next) {
				char *text = NULL;
				char *joined = NULL;

				if (!is_sqf(part, "title") && !is_sqf(part, "p"))
					continue;
				text = collapsed_text(part);
				if (text == NULL)
					continue;
				if (is_sqf(part, "title")) {
					free(fix->title);
					fix->title = text;
					continue;
				}
				if (fix->description == NULL) {
					fix->description = text;
					continue;
				}
				joined = malloc(strlen(fix->description) + strlen(text) + 2);
				if (joined == NULL) {
					free(text);
					rc = orgcheck_error_nomem(l->err);
					break;
				}
				sprintf(joined, "%s %s", fix->description, text);
				free(text);
				free(fix->description);
				fix->description = joined;
			}
		} else if (is_sqf(child, "add") || is_sqf(child, "delete") || is_sqf(child, "replace") ||
			   is_sqf(child, "stringReplace")) {
			grown = realloc(fix->ops, (fix->op_count + 1) * sizeof(*fix->ops));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(l->err);
				break;
			}
			fix->ops = grown;
			rc = compile_op(l, fix, &fix->ops[fix->op_count++], child);
		} else if (is_sqf(child, "user-entry")) {
			rc = refuse(l, fix, child, "sqf:user-entry is not supported (orgcheck fix asks nothing; "
				    "fix '%s' needs a value typed in)", fix->id ? fix->id : "");
		} else if (is_sqf(child, "call-fix") || is_sqf(child, "param")) {
			rc = refuse(l, fix, child, "sqf:%s is not supported", (const char *)child->name);
		} else {
			rc = refuse(l, fix, child, "%s%s%s in sqf:fix is not supported",
				    child->ns && child->ns->prefix ? (const char *)child->ns->prefix : "",
				    child->ns && child->ns->prefix ? ":" : "", (const char *)child->name);
		}
	}
	if (rc == 0 && fix->op_count == 0 && fix->refusal == NULL)
		rc = refuse(l, fix, node, "fix '%s' has no change command", fix->id ? fix->id : "");
	return rc;
}

static int add_fix(struct loader *l, struct sch_check *check, xmlNodePtr node)
{
	struct sch_fix *grown = realloc(check->fixes, (check->fix_count + 1) * sizeof(*grown));

	if (grown == NULL)
		return orgcheck_error_nomem(l->err);
	check->fixes = grown;
	return compile_fix(l, &check->fixes[check->fix_count++], node);
}

/* The fixes @sqf:fix of an assertion names: local ones (in its rule)
 * first, then global ones (in the schema's sqf:fixes); a group stands
 * for its fixes. */
static int compile_fixes(struct loader *l, struct sch_check *check, xmlNodePtr node)
{
	xmlChar *list = xmlGetNsProp(node, (const xmlChar *)"fix", (const xmlChar *)SQF_NS);
	xmlNodePtr root = xmlDocGetRootElement(l->doc);
	xmlNodePtr found = NULL;
	xmlNodePtr group = NULL;
	xmlNodePtr inner = NULL;
	char *save = NULL;
	char *token = NULL;
	int rc = 0;

	if (list == NULL)
		return 0;
	for (token = strtok_r((char *)list, " \t\r\n", &save); token != NULL && rc == 0;
	     token = strtok_r(NULL, " \t\r\n", &save)) {
		found = find_fix(node->parent, token);
		for (group = root->children; found == NULL && group != NULL; group = group->next) {
			if (is_sqf(group, "fixes"))
				found = find_fix(group, token);
		}
		if (found == NULL) {
			char what[256];

			snprintf(what, sizeof(what), "sqf:fix '%s' is not defined", token);
			rc = fail_at(l, node, "%s", what);
			break;
		}
		if (is_sqf(found, "fix")) {
			rc = add_fix(l, check, found);
			continue;
		}
		for (inner = found->children; inner != NULL && rc == 0; inner = inner->next) {
			if (is_sqf(inner, "fix"))
				rc = add_fix(l, check, inner);
		}
	}
	xmlFree(list);
	return rc;
}

static int compile_check(struct loader *l, struct sch_check *check, xmlNodePtr node,
			 const struct sch_rule *rule, const char *pattern_id)
{
	const char *plain = NULL;
	int rc = 0;

	memset(check, 0, sizeof(*check));
	check->is_report = is_sch(node, "report");
	rc = compile_attr(l, &check->test, node, "test", 1);
	if (rc == 0)
		rc = compile_attr(l, &check->subject, node, "subject", 0);
	if (rc == 0)
		rc = dup_attr(&check->id, node, "id", l->err);
	if (rc == 0)
		rc = dup_attr(&check->role, node, "role", l->err);
	if (rc == 0)
		rc = dup_attr(&check->flag, node, "flag", l->err);
	if (rc == 0)
		rc = dup_attr(&check->severity, node, "severity", l->err);
	if (rc == 0)
		rc = dup_attr(&check->see, node, "see", l->err);
	if (rc == 0)
		rc = dup_attr(&check->icon, node, "icon", l->err);
	if (rc == 0)
		rc = dup_attr(&check->fpi, node, "fpi", l->err);
	if (rc == 0)
		rc = dup_lang(&check->lang, node, l->err);
	if (rc == 0)
		rc = compile_content(l, &check->content, node);
	if (rc == 0)
		rc = compile_references(l, &check->diagnostics, &check->diagnostic_count, node,
					"diagnostics", "diagnostics", "diagnostic");
	if (rc == 0)
		rc = compile_references(l, &check->properties, &check->property_count, node,
					"properties", "properties", "property");
	if (rc == 0)
		rc = compile_fixes(l, check, node);
	if (rc < 0)
		return rc;
	plain = check->id ? check->id : rule->id ? rule->id : pattern_id ? pattern_id : "schematron";
	check->plain_id = strdup(plain);
	return check->plain_id ? 0 : orgcheck_error_nomem(l->err);
}

/* ---------------------------------------------------------------- rules */

/* The XPath that selects every node an XSLT pattern matches: each
 * alternative is a location path that may start anywhere, so it is
 * prefixed with "//" unless it is absolute or starts with id() or key(). */
static char *context_to_xpath(const char *pattern)
{
	size_t length = strlen(pattern);
	size_t capacity = length * 2 + 16;
	char *out = malloc(capacity);
	size_t at = 0;
	size_t start = 0;
	size_t i = 0;
	int depth = 0;
	char quote = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i <= length; i++) {
		char c = pattern[i];

		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'') {
			quote = c;
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && depth > 0)
			depth--;
		if (c != '\0' && !(c == '|' && depth == 0))
			continue;
		/* One alternative: pattern[start, i). */
		{
			size_t s = start;
			size_t e = i;

			while (s < e && isspace((unsigned char)pattern[s]))
				s++;
			while (e > s && isspace((unsigned char)pattern[e - 1]))
				e--;
			if (at > 0)
				out[at++] = '|';
			if (!(pattern[s] == '/' || strncmp(pattern + s, "id(", 3) == 0 ||
			      strncmp(pattern + s, "key(", 4) == 0 || pattern[s] == '$' || pattern[s] == '(')) {
				out[at++] = '/';
				out[at++] = '/';
			}
			memcpy(out + at, pattern + s, e - s);
			at += e - s;
		}
		start = i + 1;
	}
	out[at] = '\0';
	return out;
}

static int compile_rule(struct loader *l, struct sch_rule *rule, xmlNodePtr node,
			const char *pattern_id);

/* The abstract rule id names in the pattern being compiled (or in a
 * schema-level sch:rules container). */
static xmlNodePtr find_abstract_rule(const struct loader *l, const char *id)
{
	xmlNodePtr container = NULL;
	xmlNodePtr node = NULL;

	for (node = xmlDocGetRootElement(l->doc)->children; node != NULL; node = node->next) {
		if (is_sch(node, "rules"))
			container = node;
	}
	node = find_child(l->pattern, "rule", "id", id);
	if (node == NULL)
		node = find_child(container, "rule", "id", id);
	return node != NULL && attr_equals(node, "abstract", "true") ? node : NULL;
}

/* Adds the lets and checks of node's content (following extends) to rule. */
static int compile_rule_body(struct loader *l, struct sch_rule *rule, xmlNodePtr node,
			     const char *pattern_id)
{
	xmlNodePtr child = NULL;
	xmlNodePtr target = NULL;
	char *id = NULL;
	char *key = NULL;
	void *grown = NULL;
	int rc = 0;

	for (child = node->children; child != NULL && rc == 0; child = child->next) {
		if (is_sch(child, "let")) {
			grown = realloc(rule->lets, (rule->let_count + 1) * sizeof(*rule->lets));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(l->err);
				goto done;
			}
			rule->lets = grown;
			rc = compile_let(l, &rule->lets[rule->let_count], child, rule->lets, rule->let_count);
			rule->let_count++;
			if (rc == 0)
				rc = push_name(l, rule->lets[rule->let_count - 1].name);
		} else if (is_sch(child, "assert") || is_sch(child, "report")) {
			grown = realloc(rule->checks, (rule->check_count + 1) * sizeof(*rule->checks));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(l->err);
				goto done;
			}
			rule->checks = grown;
			rc = compile_check(l, &rule->checks[rule->check_count], child, rule, pattern_id);
			rule->check_count++;
		} else if (is_sch(child, "extends")) {
			id = get_attr(child, "rule");
			if (id == NULL) {
				rc = fail_at(l, child, "extends needs a rule or href attribute");
				goto done;
			}
			target = find_abstract_rule(l, id);
			if (target == NULL) {
				rc = fail_at(l, child, "no abstract rule '%s' in this pattern", id);
				goto done;
			}
			key = malloc(strlen(id) + 8);
			if (key == NULL) {
				rc = orgcheck_error_nomem(l->err);
				goto done;
			}
			sprintf(key, "rule:%s", id);
			free(id);
			id = NULL;
			rc = push_chain(l, child, key, "extends");
			/* Now owned by the chain (or freed by push_chain). */
			key = NULL;
			if (rc < 0)
				goto done;
			rc = compile_rule_body(l, rule, target, pattern_id);
			pop_chain(l);
		}
	}

done:
	free(id);
	free(key);
	return rc;
}

/* An error about a rule context quotes the selection it became; quote the
 * context as the schema writes it instead. */
static void show_context_as_written(struct orgcheck_error *err, const char *xpath, const char *context)
{
	char quoted[ORGCHECK_ERROR_MESSAGE_MAX];
	char rewritten[ORGCHECK_ERROR_MESSAGE_MAX];
	const char *at = NULL;

	snprintf(quoted, sizeof(quoted), "\"%s\"", xpath);
	at = strstr(err->message, quoted);
	if (at == NULL)
		return;
	snprintf(rewritten, sizeof(rewritten), "%.*s\"%s\"%s", (int)(at - err->message), err->message,
		 context, at + strlen(quoted));
	memcpy(err->message, rewritten, sizeof(err->message));
}

static int compile_rule(struct loader *l, struct sch_rule *rule, xmlNodePtr node,
			const char *pattern_id)
{
	size_t names_before = l->name_count;
	char *raw = NULL;
	char *xpath = NULL;
	int rc = 0;

	memset(rule, 0, sizeof(*rule));
	rule->file = node_file(l, node);
	rule->line = node_line(node);
	rc = dup_attr(&rule->id, node, "id", l->err);
	if (rc == 0)
		rc = dup_attr(&rule->role, node, "role", l->err);
	if (rc == 0)
		rc = dup_attr(&rule->flag, node, "flag", l->err);
	if (rc < 0)
		goto done;
	raw = get_attr(node, "context");
	if (raw == NULL) {
		rc = fail_at(l, node, "a rule that is not abstract needs a context attribute");
		goto done;
	}
	rc = substitute(&rule->context_text, l, raw, l->err);
	if (rc < 0)
		goto done;
	xpath = context_to_xpath(rule->context_text);
	if (xpath == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}
	rc = orgcheck_schematron__compile(&rule->context, l->schema, xpath, l->names, l->name_count,
					  l->used, rule->file, rule->line, l->err);
	if (rc == ORGCHECK_ESCHEMATRON)
		show_context_as_written(l->err, xpath, rule->context_text);
	if (rc == 0)
		rc = compile_attr(l, &rule->subject, node, "subject", 0);
	if (rc == 0)
		rc = compile_rule_body(l, rule, node, pattern_id);

done:
	l->name_count = names_before;
	free(raw);
	free(xpath);
	return rc;
}

/* ---------------------------------------------------------------- patterns */

static int is_true_attr(const xmlNode *node, const char *name)
{
	return attr_equals(node, name, "true");
}

static xmlNodePtr find_abstract_pattern(const struct loader *l, const char *id)
{
	xmlNodePtr node = NULL;

	for (node = xmlDocGetRootElement(l->doc)->children; node != NULL; node = node->next) {
		if (is_sch(node, "pattern") && is_true_attr(node, "abstract") && attr_equals(node, "id", id))
			return node;
	}
	return NULL;
}

static char *title_text(xmlNodePtr node)
{
	xmlNodePtr child = NULL;
	xmlChar *content = NULL;
	char *copy = NULL;

	for (child = node->children; child != NULL; child = child->next) {
		if (is_sch(child, "title")) {
			content = xmlNodeGetContent(child);
			copy = content ? strdup((const char *)content) : NULL;
			xmlFree(content);
			return copy;
		}
	}
	return NULL;
}

static int compile_global_values(struct loader *l, xmlNodePtr *nodes, int patterns, size_t pattern);
static int check_pattern_shadowing(struct loader *l, size_t pattern, size_t global_names);

/* Compiles a concrete pattern; an instance of an abstract pattern takes
 * the abstract one's rules with its parameters put in. */
static int compile_pattern(struct loader *l, struct sch_pattern *pattern, xmlNodePtr node,
			   size_t index)
{
	struct param *params = NULL;
	size_t param_count = 0;
	xmlNodePtr body = node;
	xmlNodePtr child = NULL;
	char *is_a = get_attr(node, "is-a");
	xmlAttrPtr name_attr = NULL;
	xmlAttrPtr value_attr = NULL;
	size_t global_names = 0;
	void *grown = NULL;
	int rc = 0;

	memset(pattern, 0, sizeof(*pattern));
	rc = dup_attr(&pattern->id, node, "id", l->err);
	if (rc == 0)
		rc = dup_attr(&pattern->role, node, "role", l->err);
	if (rc < 0)
		goto done;
	pattern->name = title_text(node);
	if (is_a != NULL) {
		body = find_abstract_pattern(l, is_a);
		if (body == NULL) {
			rc = fail_at(l, node, "no abstract pattern '%s'", is_a);
			goto done;
		}
		for (child = node->children; child != NULL; child = child->next) {
			if (!is_sch(child, "param"))
				continue;
			grown = realloc(params, (param_count + 1) * sizeof(*params));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(l->err);
				goto done;
			}
			params = grown;
			name_attr = xmlHasProp(child, (const xmlChar *)"name");
			value_attr = xmlHasProp(child, (const xmlChar *)"value");
			if (name_attr == NULL || value_attr == NULL || name_attr->children == NULL ||
			    value_attr->children == NULL) {
				rc = fail_at(l, child, "param needs name and value attributes");
				goto done;
			}
			/* The attribute nodes' text lives as long as the schema. */
			params[param_count].name = (const char *)name_attr->children->content;
			params[param_count].value = (const char *)value_attr->children->content;
			param_count++;
		}
		if (pattern->name == NULL)
			pattern->name = title_text(body);
	}
	l->params = params;
	l->param_count = param_count;
	l->pattern = body;
	/* The pattern's variables (with its parameters put in), then the
	 * names its expressions see. */
	rc = compile_global_values(l, l->global_nodes, 1, index);
	if (rc == 0)
		rc = set_global_names(l, index);
	global_names = l->name_count;
	if (rc == 0)
		rc = compile_attr(l, &pattern->documents, node, "documents", 0);
	if (rc == 0 && pattern->documents.text == NULL && body != node)
		rc = compile_attr(l, &pattern->documents, body, "documents", 0);
	for (child = body->children; child != NULL && rc == 0; child = child->next) {
		if (!is_sch(child, "rule") || is_true_attr(child, "abstract"))
			continue;
		grown = realloc(pattern->rules, (pattern->rule_count + 1) * sizeof(*pattern->rules));
		if (grown == NULL) {
			rc = orgcheck_error_nomem(l->err);
			break;
		}
		pattern->rules = grown;
		rc = compile_rule(l, &pattern->rules[pattern->rule_count], child, pattern->id);
		pattern->rule_count++;
	}
	l->params = NULL;
	l->param_count = 0;
	l->pattern = NULL;
	if (rc == 0)
		rc = check_pattern_shadowing(l, index, global_names);

done:
	free(is_a);
	free(params);
	return rc;
}

/* ---------------------------------------------------------------- schema */

/* Declares a schema, phase or pattern variable: its name now, its value
 * once every name is known (they may refer to each other in any order).
 * A name may be defined once per schema, phase or pattern; a narrower
 * scope hides a wider one. */
static int add_global(struct loader *l, xmlNodePtr node, enum sch_scope scope, size_t pattern,
		      xmlNodePtr **nodes_out)
{
	struct orgcheck_schematron *s = l->schema;
	struct sch_let *lets = realloc(s->globals, (s->global_count + 1) * sizeof(*lets));
	xmlNodePtr *nodes = NULL;
	struct sch_let *let = NULL;
	size_t i;

	if (lets == NULL)
		return orgcheck_error_nomem(l->err);
	s->globals = lets;
	nodes = realloc(*nodes_out, (s->global_count + 1) * sizeof(*nodes));
	if (nodes == NULL)
		return orgcheck_error_nomem(l->err);
	*nodes_out = nodes;
	let = &lets[s->global_count];
	memset(let, 0, sizeof(*let));
	nodes[s->global_count] = node;
	s->global_count++;
	let->scope = scope;
	let->pattern = pattern;
	let->file = node_file(l, node);
	let->line = node_line(node);
	let->name = get_attr(node, "name");
	if (let->name == NULL)
		return fail_at(l, node, "let needs a name attribute");
	for (i = 0; i + 1 < s->global_count; i++) {
		if (lets[i].scope == scope && (scope == SCH_SCOPE_SCHEMA || lets[i].pattern == pattern) &&
		    strcmp(lets[i].name, let->name) == 0)
			return fail_at(l, node, "variable $%s is already defined in this %s (line %lu)",
				       let->name, scope == SCH_SCOPE_SCHEMA ? "schema" :
				       scope == SCH_SCOPE_PHASE ? "phase" : "pattern", lets[i].line);
	}
	return 0;
}

/* Compiles the values of the globals of scope (and pattern), with the
 * names visible there. */
static int compile_global_values(struct loader *l, xmlNodePtr *nodes, int patterns, size_t pattern)
{
	struct orgcheck_schematron *s = l->schema;
	size_t i;
	int rc = 0;

	rc = set_global_names(l, patterns ? pattern : SIZE_MAX);
	for (i = 0; i < s->global_count && rc == 0; i++) {
		if ((s->globals[i].scope == SCH_SCOPE_PATTERN) != patterns ||
		    (patterns && s->globals[i].pattern != pattern))
			continue;
		if (xmlHasProp(nodes[i], (const xmlChar *)"value"))
			rc = compile_attr(l, &s->globals[i].value, nodes[i], "value", 1);
		else
			rc = let_fragment(l, &s->globals[i], nodes[i]);
	}
	return rc;
}

/* A pattern variable named like a schema or phase variable hides it in
 * its pattern; when nothing in the pattern uses it, it can only be a
 * second definition of that global: an error. */
static int check_pattern_shadowing(struct loader *l, size_t pattern, size_t global_names)
{
	const struct orgcheck_schematron *s = l->schema;
	size_t i;
	size_t j;
	size_t k;

	for (i = 0; i < s->global_count; i++) {
		if (s->globals[i].scope != SCH_SCOPE_PATTERN || s->globals[i].pattern != pattern)
			continue;
		for (j = 0; j < s->global_count; j++) {
			if (s->globals[j].scope == SCH_SCOPE_PATTERN ||
			    strcmp(s->globals[j].name, s->globals[i].name) != 0)
				continue;
			for (k = 0; k < global_names; k++) {
				if (strcmp(l->names[k], s->globals[i].name) == 0 && l->used[k])
					break;
			}
			if (k == global_names)
				return orgcheck_error_set(l->err, ORGCHECK_ESCHEMATRON,
							  "%s:%lu: variable $%s is already defined globally (%s:%lu), "
							  "and this pattern does not use its own definition",
							  s->globals[i].file, s->globals[i].line, s->globals[i].name,
							  s->globals[j].file, s->globals[j].line);
		}
	}
	return 0;
}

static int phase_activates(xmlNodePtr phase, const char *pattern_id)
{
	return pattern_id != NULL && find_child(phase, "active", "pattern", pattern_id) != NULL;
}

static int collect_namespaces(struct loader *l, xmlNodePtr root)
{
	struct orgcheck_schematron *s = l->schema;
	xmlNodePtr node = NULL;
	void *grown = NULL;
	char *prefix = NULL;
	char *uri = NULL;
	int rc = 0;

	for (node = root->children; node != NULL; node = node->next) {
		if (!is_sch(node, "ns"))
			continue;
		prefix = get_attr(node, "prefix");
		uri = get_attr(node, "uri");
		if (prefix == NULL || uri == NULL) {
			rc = fail_at(l, node, "ns needs prefix and uri attributes");
			goto done;
		}
		grown = realloc(s->ns_prefixes, (s->ns_count + 1) * sizeof(char *));
		if (grown != NULL) {
			s->ns_prefixes = grown;
			grown = realloc(s->ns_uris, (s->ns_count + 1) * sizeof(char *));
			if (grown != NULL)
				s->ns_uris = grown;
		}
		if (grown == NULL) {
			rc = orgcheck_error_nomem(l->err);
			goto done;
		}
		s->ns_prefixes[s->ns_count] = prefix;
		s->ns_uris[s->ns_count] = uri;
		s->ns_count++;
		/* Now owned by the schema. */
		prefix = NULL;
		uri = NULL;
	}

done:
	free(prefix);
	free(uri);
	return rc;
}

static int collect_paragraphs(struct loader *l, xmlNodePtr root)
{
	struct orgcheck_schematron *s = l->schema;
	xmlNodePtr node = NULL;
	xmlNodePtr *grown = NULL;

	for (node = root->children; node != NULL; node = node->next) {
		if (!is_sch(node, "p"))
			continue;
		grown = realloc(s->paragraphs, (s->paragraph_count + 1) * sizeof(*grown));
		if (grown == NULL)
			return orgcheck_error_nomem(l->err);
		s->paragraphs = grown;
		/* The schema's documents live as long as it does. */
		grown[s->paragraph_count++] = node;
	}
	return 0;
}

/* The room for the first libxslt message about the keys: the buffer and
 * the writer share it. */
#define XSLT_ERROR_MAX 256

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void on_xslt_error(void *data, const char *fmt, ...)
{
	char *first = data;
	va_list args;

	if (first[0] != '\0')
		return;
	va_start(args, fmt);
	vsnprintf(first, XSLT_ERROR_MAX, fmt, args);
	va_end(args);
}

/* Compiles doc with libxslt, its first error message into first_error.
 * libxslt reports compile errors only through its process-wide generic
 * handler: the caller's is put back afterwards, not libxslt's default
 * printer, so an application's own handler survives a schema load (see
 * schematron.h on running loads at the same time). */
static xsltStylesheetPtr compile_keys(xmlDocPtr doc, char *first_error)
{
	xmlGenericErrorFunc saved_handler = xsltGenericError;
	void *saved_context = xsltGenericErrorContext;
	xsltStylesheetPtr keys = NULL;

	xsltSetGenericErrorFunc(first_error, on_xslt_error);
	keys = xsltParseStylesheetDoc(doc);
	xsltSetGenericErrorFunc(saved_context, saved_handler);
	return keys;
}

/* The xsl:key elements of the schema, as a stylesheet libxslt compiles
 * (every transform context needs one, keys or not). */
static int build_keys(struct loader *l, xmlNodePtr root)
{
	struct orgcheck_schematron *s = l->schema;
	char first_error[XSLT_ERROR_MAX] = "";
	xmlDocPtr doc = NULL;
	xmlNodePtr sheet = NULL;
	xmlNodePtr key = NULL;
	xmlNodePtr node = NULL;
	xmlNsPtr xsl = NULL;
	xmlNodePtr first_key = NULL;
	size_t i;
	int rc = 0;

	doc = xmlNewDoc((const xmlChar *)"1.0");
	sheet = doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)"stylesheet", NULL) : NULL;
	if (sheet == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}
	xmlDocSetRootElement(doc, sheet);
	xsl = xmlNewNs(sheet, (const xmlChar *)SCH_XSL_NS, (const xmlChar *)"xsl");
	xmlSetNs(sheet, xsl);
	xmlSetProp(sheet, (const xmlChar *)"version", (const xmlChar *)"1.0");
	for (i = 0; i < s->ns_count; i++) {
		if (strcmp(s->ns_prefixes[i], "xsl") != 0)
			xmlNewNs(sheet, (const xmlChar *)s->ns_uris[i], (const xmlChar *)s->ns_prefixes[i]);
	}
	for (node = root->children; node != NULL; node = node->next) {
		if (!is_in(node, SCH_XSL_NS, "key"))
			continue;
		if (first_key == NULL)
			first_key = node;
		s->key_count++;
		key = xmlNewChild(sheet, xsl, (const xmlChar *)"key", NULL);
		if (key == NULL) {
			rc = orgcheck_error_nomem(l->err);
			goto done;
		}
		if (xmlHasProp(node, (const xmlChar *)"use") == NULL) {
			rc = fail_at(l, node, "xsl:key needs a use attribute (element content is XSLT 2.0)");
			goto done;
		}
		xmlSetProp(key, (const xmlChar *)"name", xmlHasProp(node, (const xmlChar *)"name") ?
				     xmlHasProp(node, (const xmlChar *)"name")->children->content :
				     (const xmlChar *)"");
		xmlSetProp(key, (const xmlChar *)"match", xmlHasProp(node, (const xmlChar *)"match") ?
				     xmlHasProp(node, (const xmlChar *)"match")->children->content :
				     (const xmlChar *)"");
		xmlSetProp(key, (const xmlChar *)"use",
			   xmlHasProp(node, (const xmlChar *)"use")->children->content);
	}
	s->keys = compile_keys(doc, first_error);
	if (s->keys != NULL)
		doc = NULL;  /* now owned by the stylesheet */
	if (s->keys == NULL || s->keys->errors > 0 || first_error[0] != '\0')
		rc = orgcheck_error_set(l->err, ORGCHECK_ESCHEMATRON, "%s:%lu: xsl:key: %s",
					first_key ? node_file(l, first_key) : s->path,
					first_key ? node_line(first_key) : 0UL,
					first_error[0] ? first_error : "cannot be compiled");

done:
	xmlFreeDoc(doc);
	return rc;
}

static int check_query_binding(struct loader *l, xmlNodePtr root)
{
	char *binding = get_attr(root, "queryBinding");
	int rc = 0;

	if (binding != NULL && strcmp(binding, "xslt") != 0 && strcmp(binding, "xslt1") != 0 &&
	    strcmp(binding, "xpath") != 0)
		rc = fail_at(l, root, "query binding '%s' is not supported (only XPath 1.0: xslt, xslt1)",
			     binding);
	free(binding);
	return rc;
}

static int load(struct loader *l, const char *path, const char *data, size_t size, const char *phase)
{
	struct orgcheck_schematron *s = l->schema;
	xmlDocPtr doc = NULL;
	xmlNodePtr root = NULL;
	xmlNodePtr node = NULL;
	xmlNodePtr phase_node = NULL;
	char *default_phase = NULL;
	xmlNodePtr *global_nodes = NULL;
	size_t concrete = 0;
	size_t phases = 0;
	const char *want = phase;
	void *grown = NULL;
	int rc = 0;

	s->path = strdup(path);
	if (s->path == NULL || intern_file(s, path) == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}
	if (data != NULL)
		rc = read_schema_memory(&doc, path, data, size, l->err);
	else
		rc = read_schema_file(&doc, path, NULL, 0, l->err);
	if (rc < 0)
		goto done;
	rc = keep_doc(s, doc, l->err);
	if (rc < 0)
		goto done;
	/* Now owned by the schema. */
	l->doc = doc;
	doc = NULL;
	root = xmlDocGetRootElement(l->doc);
	if (!is_sch(root, "schema")) {
		rc = fail_at(l, root, "the root is not a Schematron schema (sch:schema in %s)", SCH_NS);
		goto done;
	}
	rc = check_query_binding(l, root);
	if (rc == 0)
		rc = expand_includes(l, root);
	if (rc < 0)
		goto done;
	s->title = title_text(root);
	rc = dup_attr(&s->schema_version, root, "schemaVersion", l->err);
	if (rc == 0)
		rc = collect_namespaces(l, root);
	if (rc == 0)
		rc = collect_paragraphs(l, root);
	if (rc == 0)
		rc = build_keys(l, root);
	if (rc < 0)
		goto done;

	/* The phase in force. */
	default_phase = get_attr(root, "defaultPhase");
	if (want == NULL || strcmp(want, "#DEFAULT") == 0)
		want = default_phase ? default_phase : "#ALL";
	if (strcmp(want, "#ALL") != 0) {
		phase_node = find_child(root, "phase", "id", want);
		if (phase_node == NULL) {
			rc = phase == NULL || strcmp(phase, "#DEFAULT") == 0 ?
				     fail_at(l, root, "defaultPhase '%s' is not defined", want) :
				     orgcheck_error_set(l->err, ORGCHECK_ESCHEMATRON,
							"%s: no phase '%s' in this schema", path, want);
			goto done;
		}
		/* An sch:active naming no pattern activates nothing (the
		 * conformance suite expects no error). */
	}
	s->phase = strdup(want);
	if (s->phase == NULL) {
		rc = orgcheck_error_nomem(l->err);
		goto done;
	}

	/* Variables outside rules: the schema's, the phase's, and each
	 * pattern's, which hides the others in its pattern and is global
	 * when no other scope defines the name (see resolve_global). */
	for (node = root->children; node != NULL && rc == 0; node = node->next) {
		if (is_sch(node, "let"))
			rc = add_global(l, node, SCH_SCOPE_SCHEMA, SIZE_MAX, &global_nodes);
	}
	for (node = phase_node ? phase_node->children : NULL; node != NULL && rc == 0; node = node->next) {
		if (is_sch(node, "let"))
			rc = add_global(l, node, SCH_SCOPE_PHASE, 0, &global_nodes);
	}
	/* With #ALL no phase is in force, but a variable that one phase alone
	 * defines is still known (an expression of a pattern may use it). */
	for (node = phase_node ? NULL : root->children; node != NULL && rc == 0; node = node->next) {
		xmlNodePtr let = NULL;

		if (!is_sch(node, "phase"))
			continue;
		for (let = node->children; let != NULL && rc == 0; let = let->next) {
			if (is_sch(let, "let"))
				rc = add_global(l, let, SCH_SCOPE_PHASE, phases, &global_nodes);
		}
		phases++;
	}
	for (node = root->children; node != NULL && rc == 0; node = node->next) {
		xmlNodePtr body = node;
		xmlNodePtr let = NULL;
		char *is_a = NULL;

		if (!is_sch(node, "pattern") || is_true_attr(node, "abstract"))
			continue;
		is_a = get_attr(node, "is-a");
		if (is_a != NULL)
			body = find_abstract_pattern(l, is_a);
		free(is_a);
		for (let = body ? body->children : NULL; let != NULL && rc == 0; let = let->next) {
			if (is_sch(let, "let"))
				rc = add_global(l, let, SCH_SCOPE_PATTERN, concrete, &global_nodes);
		}
		concrete++;
	}
	if (rc == 0)
		rc = compile_global_values(l, global_nodes, 0, 0);
	/* Now owned by the loader. */
	l->global_nodes = global_nodes;
	global_nodes = NULL;
	if (rc < 0)
		goto done;

	for (node = root->children; node != NULL && rc == 0; node = node->next) {
		struct sch_pattern *pattern = NULL;

		if (!is_sch(node, "pattern") || is_true_attr(node, "abstract"))
			continue;
		grown = realloc(s->patterns, (s->pattern_count + 1) * sizeof(*s->patterns));
		if (grown == NULL) {
			rc = orgcheck_error_nomem(l->err);
			goto done;
		}
		s->patterns = grown;
		pattern = &s->patterns[s->pattern_count];
		rc = compile_pattern(l, pattern, node, s->pattern_count);
		s->pattern_count++;
		if (rc == 0)
			pattern->active = phase_node == NULL || phase_activates(phase_node, pattern->id);
	}

done:
	xmlFreeDoc(doc);
	free(default_phase);
	free(global_nodes);
	return rc;
}

static int load_schema(struct orgcheck_schematron **out, const char *path, const char *data,
		       size_t size, const char *phase, struct orgcheck_error *err)
{
	struct loader l;
	int rc = 0;

	*out = NULL;
	memset(&l, 0, sizeof(l));
	l.err = err;
	l.schema = calloc(1, sizeof(*l.schema));
	if (l.schema == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	xmlInitParser();
	rc = load(&l, path, data, size, phase);
	if (rc < 0)
		goto done;
	*out = l.schema;
	l.schema = NULL;

done:
	while (l.depth > 0)
		pop_chain(&l);
	free(l.origins);
	free(l.names);
	free(l.used);
	free(l.global_nodes);
	orgcheck_schematron_free(l.schema);
	return rc;
}

int orgcheck_schematron_load(struct orgcheck_schematron **out, const char *path,
			     const char *phase, struct orgcheck_error *err)
{
	return load_schema(out, path, NULL, 0, phase, err);
}

int orgcheck_schematron_load_memory(struct orgcheck_schematron **out, const char *path,
				    const char *data, size_t size, const char *phase,
				    struct orgcheck_error *err)
{
	return load_schema(out, path, data, size, phase, err);
}

/* ---------------------------------------------------------------- free */

void orgcheck_schematron__expr_release(struct sch_expr *expr)
{
	free(expr->text);
	if (expr->compiled != NULL)
		xmlXPathFreeCompExpr(expr->compiled);
	memset(expr, 0, sizeof(*expr));
}

static void items_free(struct sch_item *items, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(items[i].text);
		orgcheck_schematron__expr_release(&items[i].expr);
		items_free(items[i].children, items[i].child_count);
	}
	free(items);
}

static void sqf_items_free(struct sqf_item *items, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(items[i].text);
		orgcheck_schematron__expr_release(&items[i].expr);
		sqf_items_free(items[i].children, items[i].child_count);
	}
	free(items);
}

void orgcheck_schematron__fixes_free(struct sch_fix *fixes, size_t count)
{
	size_t i;
	size_t j;
	size_t b;

	for (i = 0; i < count; i++) {
		for (j = 0; j < fixes[i].op_count; j++) {
			struct sqf_op *op = &fixes[i].ops[j];

			orgcheck_schematron__expr_release(&op->match);
			orgcheck_schematron__expr_release(&op->use_when);
			orgcheck_schematron__expr_release(&op->select);
			free(op->target_local);
			free(op->target_uri);
			sqf_items_free(op->content, op->content_count);
			for (b = 0; b < op->branch_count; b++) {
				xmlRegFreeRegexp(op->regex[b]);
				if (op->prefix[b] != NULL)
					xmlRegFreeRegexp(op->prefix[b]);
				if (op->contains[b] != NULL)
					xmlRegFreeRegexp(op->contains[b]);
			}
			free(op->regex);
			free(op->prefix);
			free(op->contains);
			free(op->anchored_start);
			free(op->anchored_end);
			free(op->regex_text);
		}
		free(fixes[i].ops);
		free(fixes[i].id);
		free(fixes[i].title);
		free(fixes[i].description);
		free(fixes[i].role);
		free(fixes[i].refusal);
		orgcheck_schematron__expr_release(&fixes[i].use_when);
	}
	free(fixes);
}

static void references_free(struct sch_reference *refs, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(refs[i].id);
		free(refs[i].role);
		free(refs[i].scheme);
		free(refs[i].lang);
		free(refs[i].see);
		free(refs[i].icon);
		free(refs[i].fpi);
		items_free(refs[i].content.items, refs[i].content.count);
	}
	free(refs);
}

static void lets_free(struct sch_let *lets, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(lets[i].name);
		orgcheck_schematron__expr_release(&lets[i].value);
		if (lets[i].fragment != NULL)
			xmlFreeDoc(lets[i].fragment);
	}
	free(lets);
}

static void rule_free(struct sch_rule *rule)
{
	size_t i;

	free(rule->id);
	free(rule->role);
	free(rule->flag);
	free(rule->context_text);
	orgcheck_schematron__expr_release(&rule->context);
	orgcheck_schematron__expr_release(&rule->subject);
	lets_free(rule->lets, rule->let_count);
	for (i = 0; i < rule->check_count; i++) {
		struct sch_check *c = &rule->checks[i];

		orgcheck_schematron__expr_release(&c->test);
		orgcheck_schematron__expr_release(&c->subject);
		free(c->id);
		free(c->role);
		free(c->flag);
		free(c->severity);
		free(c->see);
		free(c->icon);
		free(c->fpi);
		free(c->lang);
		free(c->plain_id);
		items_free(c->content.items, c->content.count);
		references_free(c->diagnostics, c->diagnostic_count);
		references_free(c->properties, c->property_count);
		orgcheck_schematron__fixes_free(c->fixes, c->fix_count);
	}
	free(rule->checks);
}

void orgcheck_schematron_free(struct orgcheck_schematron *schema)
{
	size_t i;
	size_t j;

	if (schema == NULL)
		return;
	for (i = 0; i < schema->pattern_count; i++) {
		free(schema->patterns[i].id);
		free(schema->patterns[i].name);
		free(schema->patterns[i].role);
		orgcheck_schematron__expr_release(&schema->patterns[i].documents);
		for (j = 0; j < schema->patterns[i].rule_count; j++)
			rule_free(&schema->patterns[i].rules[j]);
		free(schema->patterns[i].rules);
	}
	free(schema->patterns);
	lets_free(schema->globals, schema->global_count);
	for (i = 0; i < schema->ns_count; i++) {
		free(schema->ns_prefixes[i]);
		free(schema->ns_uris[i]);
	}
	free(schema->ns_prefixes);
	free(schema->ns_uris);
	free(schema->paragraphs);
	if (schema->keys != NULL)
		xsltFreeStylesheet(schema->keys);
	for (i = 0; i < schema->doc_count; i++)
		xmlFreeDoc(schema->docs[i]);
	free(schema->docs);
	for (i = 0; i < schema->file_count; i++)
		free(schema->files[i]);
	free(schema->files);
	free(schema->path);
	free(schema->title);
	free(schema->schema_version);
	free(schema->phase);
	free(schema);
}

const char *orgcheck_schematron_phase(const struct orgcheck_schematron *schema)
{
	return schema->phase;
}

const char *orgcheck_schematron_title(const struct orgcheck_schematron *schema)
{
	return schema->title;
}
