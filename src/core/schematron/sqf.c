/* Schematron Quick Fixes, applied: when an assertion that names fixes
 * fires, each fix's change commands (sqf:add, sqf:delete, sqf:replace,
 * sqf:stringReplace) are evaluated against the validated document, their
 * anchors relative to the rule's context node, and turned into byte edits
 * of the text the document was parsed from (input/nodemap.h gives every
 * node's span). New content is built as libxml2 nodes, in the namespaces
 * in scope where it goes, and serialized by libxml2; a new node is
 * indented like its siblings. What the loader or this file cannot do
 * (see load.c) refuses the fix, with the reason and the schema's line,
 * and the fix has no edits. */
#include "schematron/internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include <orgcheck/fix.h>

#include "input/nodemap.h"

/* stringReplace tries each start and end of a match (libxml2's XSD
 * regular expressions match whole strings only), so a longer text is
 * refused rather than searched in quadratic time. */
#define SQF_MAX_SEARCH 4096

/* A fix refused (not an error: the caller's fix gets the reason). */
#define REFUSED 1

struct applier {
	struct sch_eval *e;
	struct orgcheck_error *err;
	const struct orgcheck_node_map *map;
	const char *text;
	size_t size;
	xmlNodePtr context;
	const struct sqf_op *op;
	struct orgcheck_fix *fix;
	char *refusal;
};

/* New content, built in a document of its own under a wrapper element
 * that declares the namespaces in scope where the content goes. */
struct built {
	xmlDocPtr doc;
	xmlNodePtr wrapper;
	int is_attribute;
	char *name;     /* is_attribute: the qualified name to write */
	char *value;    /* is_attribute: the value */
};

static int refuse(struct applier *a, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int refuse(struct applier *a, const char *fmt, ...)
{
	char message[ORGCHECK_ERROR_MESSAGE_MAX / 2];
	size_t size = 0;
	va_list args;

	if (a->refusal != NULL)
		return REFUSED;
	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	size = strlen(a->op->file) + strlen(message) + 32;
	a->refusal = malloc(size);
	if (a->refusal == NULL)
		return orgcheck_error_nomem(a->err);
	snprintf(a->refusal, size, "%s:%lu: %s", a->op->file, a->op->line, message);
	return REFUSED;
}

static int eval_bool(int *out, struct applier *a, const struct sch_expr *expr, xmlNodePtr node)
{
	xmlXPathObjectPtr value = NULL;
	int rc = orgcheck_schematron__eval(&value, a->e, expr, node);

	if (rc < 0)
		return rc;
	*out = xmlXPathCastToBoolean(value);
	xmlXPathFreeObject(value);
	return 0;
}

/* ---------------------------------------------------------------- text */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether only spaces and tabs stand between the start of the line and
 * at; *indent_out gets where they start. */
static int line_indent(size_t *indent_out, const char *text, size_t at)
{
	size_t p = at;

	while (p > 0 && is_blank(text[p - 1]))
		p--;
	*indent_out = p;
	return p == 0 || text[p - 1] == '\n';
}

/* Past the line break that ends the line at at, when only spaces and
 * tabs stand before it; else SIZE_MAX. */
static size_t line_rest(const char *text, size_t size, size_t at)
{
	while (at < size && (is_blank(text[at]) || text[at] == '\r'))
		at++;
	if (at < size && text[at] == '\n')
		return at + 1;
	return at == size ? size : SIZE_MAX;
}

/* A string made of n bytes at p. */
static char *copy_bytes(const char *p, size_t n)
{
	char *out = malloc(n + 1);

	if (out != NULL) {
		memcpy(out, p, n);
		out[n] = '\0';
	}
	return out;
}

/* a, b and c joined (any may be NULL). */
static char *join3(const char *a, const char *b, const char *c)
{
	size_t la = a ? strlen(a) : 0;
	size_t lb = b ? strlen(b) : 0;
	size_t lc = c ? strlen(c) : 0;
	char *out = malloc(la + lb + lc + 1);

	if (out == NULL)
		return NULL;
	memcpy(out, a ? a : "", la);
	memcpy(out + la, b ? b : "", lb);
	memcpy(out + la + lb, c ? c : "", lc);
	out[la + lb + lc] = '\0';
	return out;
}

/* Adds an edit; one that overlaps an edit of an earlier change command
 * of the same fix is dropped, as the SQF draft resolves such conflicts
 * (the first activity element wins). */
static int add_edit(struct applier *a, size_t start, size_t end, const char *text)
{
	int rc = orgcheck_fix_add_edit(a->fix, a->err, start, end, text);

	if (rc == ORGCHECK_EINVAL) {
		orgcheck_error_clear(a->err);
		return 0;
	}
	return rc;
}

/* The indentation of the element at span (its line's leading blanks), or
 * NULL when something else stands before it on its line. */
static char *indent_of(const struct applier *a, const struct orgcheck_node_span *span)
{
	size_t from = 0;

	if (!line_indent(&from, a->text, span->start))
		return NULL;
	return copy_bytes(a->text + from, span->start - from);
}

/* One step of indentation: what node adds to its parent's, else what the
 * node itself has when its parent's is unknown, else two spaces. */
static char *indent_unit(const struct applier *a, const xmlNode *node, const char *indent)
{
	const struct orgcheck_node_span *parent = NULL;
	char *outer = NULL;
	char *unit = NULL;

	if (node->parent != NULL && node->parent->type == XML_ELEMENT_NODE)
		parent = orgcheck_node_span_of(a->map, node->parent);
	if (parent != NULL)
		outer = indent_of(a, parent);
	if (outer != NULL && indent != NULL && strlen(indent) > strlen(outer) &&
	    strncmp(indent, outer, strlen(outer)) == 0)
		unit = strdup(indent + strlen(outer));
	else if (indent != NULL && indent[0] == '\t')
		unit = strdup("\t");
	else
		unit = strdup("  ");
	free(outer);
	return unit;
}

/* ---------------------------------------------------------------- building */

static void built_release(struct built *b)
{
	if (b->doc != NULL)
		xmlFreeDoc(b->doc);
	free(b->name);
	free(b->value);
	memset(b, 0, sizeof(*b));
}

/* Starts b with a wrapper declaring the namespaces in scope at scope. */
static int built_init(struct applier *a, struct built *b, xmlNodePtr scope)
{
	xmlNsPtr *list = NULL;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->doc = xmlNewDoc((const xmlChar *)"1.0");
	b->wrapper = b->doc ? xmlNewDocNode(b->doc, NULL, (const xmlChar *)"wrapper", NULL) : NULL;
	if (b->wrapper == NULL)
		return orgcheck_error_nomem(a->err);
	xmlDocSetRootElement(b->doc, b->wrapper);
	list = scope && scope->type == XML_ELEMENT_NODE ? xmlGetNsList(scope->doc, scope) : NULL;
	for (i = 0; list != NULL && list[i] != NULL; i++) {
		if (xmlNewNs(b->wrapper, list[i]->href, list[i]->prefix) == NULL) {
			xmlFree(list);
			return orgcheck_error_nomem(a->err);
		}
	}
	xmlFree(list);
	return 0;
}

/* The namespace href should have on node (an element just added to the
 * built tree): the one in scope, else a declaration on node. An element
 * in no namespace under a default namespace gets xmlns="". */
static int set_element_ns(struct applier *a, xmlNodePtr node, const xmlChar *href, const xmlChar *prefix)
{
	xmlNsPtr ns = NULL;

	if (href == NULL || href[0] == '\0') {
		ns = xmlSearchNs(node->doc, node, NULL);
		if (ns != NULL && ns->href != NULL && ns->href[0] != '\0' &&
		    xmlNewNs(node, (const xmlChar *)"", NULL) == NULL)
			return orgcheck_error_nomem(a->err);
		xmlSetNs(node, NULL);
		return 0;
	}
	ns = xmlSearchNsByHref(node->doc, node, href);
	if (ns == NULL)
		ns = xmlNewNs(node, href, prefix);
	if (ns == NULL)
		return orgcheck_error_nomem(a->err);
	xmlSetNs(node, ns);
	return 0;
}

/* A prefixed namespace for an attribute in href at node, declared on
 * node when none is in scope. */
static xmlNsPtr attribute_ns(xmlNodePtr node, const xmlChar *href, const xmlChar *prefix)
{
	xmlNsPtr *list = NULL;
	xmlNsPtr found = NULL;
	size_t i;

	/* xml:lang and the like: the xml prefix is bound everywhere. */
	if (xmlStrEqual(href, XML_XML_NAMESPACE))
		return xmlSearchNsByHref(node->doc, node, XML_XML_NAMESPACE);
	list = xmlGetNsList(node->doc, node);
	for (i = 0; list != NULL && list[i] != NULL && found == NULL; i++) {
		if (list[i]->prefix != NULL && xmlStrEqual(list[i]->href, href))
			found = list[i];
	}
	xmlFree(list);
	if (found == NULL)
		found = xmlNewNs(node, href, prefix ? prefix : (const xmlChar *)"ns");
	return found;
}

/* Adds what an XPath result gives to parent: copies of nodes (an
 * attribute becomes an attribute of parent), or the string as text. */
static int add_result(struct applier *a, xmlNodePtr parent, xmlXPathObjectPtr value)
{
	xmlNodeSetPtr set = value->type == XPATH_NODESET ? value->nodesetval : NULL;
	xmlNodePtr copy = NULL;
	xmlNodePtr node = NULL;
	xmlChar *text = NULL;
	int i;

	if (value->type != XPATH_NODESET) {
		text = xmlXPathCastToString(value);
		node = text ? xmlNewDocText(parent->doc, text) : NULL;
		xmlFree(text);
		if (node == NULL || xmlAddChild(parent, node) == NULL)
			return orgcheck_error_nomem(a->err);
		return 0;
	}
	for (i = 0; set != NULL && i < set->nodeNr; i++) {
		node = set->nodeTab[i];
		if (node->type == XML_ATTRIBUTE_NODE) {
			xmlNsPtr ns = node->ns ? attribute_ns(parent, node->ns->href, node->ns->prefix) : NULL;

			text = xmlNodeGetContent(node);
			if ((node->ns != NULL && ns == NULL) ||
			    xmlSetNsProp(parent, ns, node->name, text ? text : (const xmlChar *)"") == NULL) {
				xmlFree(text);
				return orgcheck_error_nomem(a->err);
			}
			xmlFree(text);
			continue;
		}
		if (node->type == XML_NAMESPACE_DECL)
			continue;
		if (node->type == XML_DOCUMENT_NODE) {
			xmlXPathObjectPtr children = xmlXPathNewNodeSet(NULL);
			xmlNodePtr child = NULL;
			int rc = 0;

			if (children == NULL)
				return orgcheck_error_nomem(a->err);
			for (child = node->children; child != NULL; child = child->next)
				xmlXPathNodeSetAdd(children->nodesetval, child);
			rc = add_result(a, parent, children);
			xmlXPathFreeObject(children);
			if (rc < 0)
				return rc;
			continue;
		}
		copy = NULL;
		/* Cloned into the wrapper's scope, so the copy uses the
		 * namespaces declared where it goes instead of new ones. Where
		 * that cannot be (its namespace is the default one, hidden by
		 * an xmlns="" on the way), a plain copy declares its own. */
		if (xmlDOMWrapCloneNode(NULL, node->doc, node, &copy, parent->doc, parent, 1, 0) != 0 ||
		    copy == NULL) {
			if (copy != NULL)
				xmlFreeNode(copy);
			copy = xmlDocCopyNode(node, parent->doc, 1);
		}
		if (copy == NULL)
			return orgcheck_error_nomem(a->err);
		if (xmlAddChild(parent, copy) == NULL) {
			xmlFreeNode(copy);
			return orgcheck_error_nomem(a->err);
		}
	}
	return 0;
}

/* Instantiates the template items at anchor into parent. */
static int instantiate(struct applier *a, xmlNodePtr parent, const struct sqf_item *items, size_t count,
		       xmlNodePtr anchor)
{
	xmlXPathObjectPtr value = NULL;
	xmlNodePtr node = NULL;
	xmlAttrPtr attr = NULL;
	xmlChar *text = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		const struct sqf_item *item = &items[i];

		switch (item->kind) {
		case SQF_ITEM_TEXT:
			node = xmlNewDocText(parent->doc, (const xmlChar *)item->text);
			if (node == NULL || xmlAddChild(parent, node) == NULL)
				rc = orgcheck_error_nomem(a->err);
			break;
		case SQF_ITEM_VALUE_OF:
		case SQF_ITEM_NAME:
			if (item->kind == SQF_ITEM_NAME && item->expr.text == NULL) {
				text = xmlStrdup(anchor->name ? anchor->name : (const xmlChar *)"");
				if (anchor->ns != NULL && anchor->ns->prefix != NULL && anchor->type != XML_PI_NODE) {
					xmlChar *qname = xmlStrdup(anchor->ns->prefix);

					qname = xmlStrcat(qname, (const xmlChar *)":");
					qname = xmlStrcat(qname, text);
					xmlFree(text);
					text = qname;
				}
			} else {
				rc = orgcheck_schematron__eval(&value, a->e, &item->expr, anchor);
				if (rc < 0)
					break;
				text = xmlXPathCastToString(value);
				xmlXPathFreeObject(value);
			}
			node = text ? xmlNewDocText(parent->doc, text) : NULL;
			xmlFree(text);
			if (node == NULL || xmlAddChild(parent, node) == NULL)
				rc = orgcheck_error_nomem(a->err);
			break;
		case SQF_ITEM_COPY_OF:
			rc = orgcheck_schematron__eval(&value, a->e, &item->expr, anchor);
			if (rc == 0)
				rc = add_result(a, parent, value);
			if (value != NULL)
				xmlXPathFreeObject(value);
			value = NULL;
			break;
		case SQF_ITEM_ELEMENT:
			node = xmlNewDocNode(parent->doc, NULL, item->element->name, NULL);
			if (node == NULL || xmlAddChild(parent, node) == NULL) {
				rc = orgcheck_error_nomem(a->err);
				break;
			}
			rc = set_element_ns(a, node, item->element->ns ? item->element->ns->href : NULL,
					    item->element->ns ? item->element->ns->prefix : NULL);
			for (attr = item->element->properties; attr != NULL && rc == 0; attr = attr->next) {
				xmlNsPtr ns = attr->ns ? attribute_ns(node, attr->ns->href, attr->ns->prefix) : NULL;

				text = xmlNodeGetContent((xmlNodePtr)attr);
				if ((attr->ns != NULL && ns == NULL) ||
				    xmlSetNsProp(node, ns, attr->name, text ? text : (const xmlChar *)"") == NULL)
					rc = orgcheck_error_nomem(a->err);
				xmlFree(text);
			}
			if (rc == 0)
				rc = instantiate(a, node, item->children, item->child_count, anchor);
			break;
		}
	}
	return rc;
}

/* The content of op at anchor into parent: its select, else its template. */
static int content_into(struct applier *a, xmlNodePtr parent, xmlNodePtr anchor)
{
	xmlXPathObjectPtr value = NULL;
	int rc = 0;

	if (a->op->select.text == NULL)
		return instantiate(a, parent, a->op->content, a->op->content_count, anchor);
	rc = orgcheck_schematron__eval(&value, a->e, &a->op->select, anchor);
	if (rc == 0)
		rc = add_result(a, parent, value);
	if (value != NULL)
		xmlXPathFreeObject(value);
	return rc;
}

/* The string value of op's content at anchor (for attributes, comments,
 * processing instructions): the values of the nodes it makes, joined by
 * a space. */
static int content_string(char **out, struct applier *a, xmlNodePtr anchor)
{
	struct built scratch;
	xmlNodePtr child = NULL;
	xmlAttrPtr attr = NULL;
	xmlChar *text = NULL;
	char *joined = NULL;
	char *next = NULL;
	int rc = 0;

	*out = NULL;
	rc = built_init(a, &scratch, NULL);
	if (rc == 0)
		rc = content_into(a, scratch.wrapper, anchor);
	if (rc < 0)
		goto done;
	joined = strdup("");
	for (attr = scratch.wrapper->properties; joined != NULL && attr != NULL; attr = attr->next) {
		text = xmlNodeGetContent((xmlNodePtr)attr);
		next = join3(joined, joined[0] ? " " : "", text ? (const char *)text : "");
		xmlFree(text);
		free(joined);
		joined = next;
	}
	for (child = scratch.wrapper->children; joined != NULL && child != NULL; child = child->next) {
		int separate = joined[0] != '\0' && child->type != XML_TEXT_NODE &&
			       (child->prev == NULL || child->prev->type != XML_TEXT_NODE);

		text = xmlNodeGetContent(child);
		next = join3(joined, separate ? " " : "", text ? (const char *)text : "");
		xmlFree(text);
		free(joined);
		joined = next;
	}
	if (joined == NULL) {
		rc = orgcheck_error_nomem(a->err);
		goto done;
	}
	*out = joined;

done:
	built_release(&scratch);
	return rc;
}

/* Builds what op makes at anchor, to go into scope (the element whose
 * namespaces it is written in). */
static int build(struct applier *a, struct built *b, xmlNodePtr anchor, xmlNodePtr scope)
{
	const struct sqf_op *op = a->op;
	enum sqf_node_type type = op->node_type;
	const char *local = op->target_local;
	const xmlChar *uri = (const xmlChar *)op->target_uri;
	xmlNodePtr node = NULL;
	char *value = NULL;
	int rc = 0;

	rc = built_init(a, b, scope);
	if (rc < 0)
		return rc;
	if (type == SQF_NODE_KEEP) {
		type = anchor->type == XML_ELEMENT_NODE ? SQF_NODE_ELEMENT :
		       anchor->type == XML_ATTRIBUTE_NODE ? SQF_NODE_ATTRIBUTE :
		       anchor->type == XML_COMMENT_NODE ? SQF_NODE_COMMENT :
		       anchor->type == XML_PI_NODE ? SQF_NODE_PI : SQF_NODE_NONE;
		if (type == SQF_NODE_NONE)
			return refuse(a, "node-type 'keep' on a node that is no element, attribute, comment "
					 "or processing instruction");
		if (local == NULL) {
			local = (const char *)anchor->name;
			uri = anchor->ns ? anchor->ns->href : NULL;
		}
	}
	switch (type) {
	case SQF_NODE_NONE:
		rc = content_into(a, b->wrapper, anchor);
		if (rc == 0 && b->wrapper->properties != NULL) {
			xmlAttrPtr attr = b->wrapper->properties;

			if (attr->next != NULL || b->wrapper->children != NULL)
				return refuse(a, "new content that mixes attributes with other nodes, or several "
						 "attributes, is not supported");
			b->is_attribute = 1;
			b->name = attr->ns && attr->ns->prefix ?
					  join3((const char *)attr->ns->prefix, ":", (const char *)attr->name) :
					  strdup((const char *)attr->name);
			value = (char *)xmlNodeGetContent((xmlNodePtr)attr);
			b->value = strdup(value ? value : "");
			xmlFree(value);
			if (b->name == NULL || b->value == NULL)
				rc = orgcheck_error_nomem(a->err);
		}
		return rc;
	case SQF_NODE_ELEMENT:
		node = xmlNewDocNode(b->doc, NULL, (const xmlChar *)local, NULL);
		if (node == NULL || xmlAddChild(b->wrapper, node) == NULL)
			return orgcheck_error_nomem(a->err);
		rc = set_element_ns(a, node, uri, NULL);
		if (rc == 0)
			rc = content_into(a, node, anchor);
		return rc;
	case SQF_NODE_ATTRIBUTE:
		if (uri != NULL) {
			xmlNsPtr ns = NULL;
			xmlNsPtr *list = scope ? xmlGetNsList(scope->doc, scope) : NULL;
			size_t i;

			for (i = 0; list != NULL && list[i] != NULL && ns == NULL; i++) {
				if (list[i]->prefix != NULL && xmlStrEqual(list[i]->href, uri))
					ns = list[i];
			}
			xmlFree(list);
			if (ns == NULL && scope != NULL && xmlStrEqual(uri, XML_XML_NAMESPACE))
				ns = xmlSearchNsByHref(scope->doc, scope, XML_XML_NAMESPACE);
			if (ns == NULL)
				return refuse(a, "no prefix is declared in the document for the namespace of "
						 "attribute '%s'", local);
			b->name = join3((const char *)ns->prefix, ":", local);
		} else {
			b->name = strdup(local);
		}
		b->is_attribute = 1;
		if (b->name == NULL)
			return orgcheck_error_nomem(a->err);
		return content_string(&b->value, a, anchor);
	case SQF_NODE_COMMENT:
	case SQF_NODE_PI:
		rc = content_string(&value, a, anchor);
		if (rc < 0)
			return rc;
		if (type == SQF_NODE_COMMENT && (strstr(value, "--") != NULL ||
						 (value[0] && value[strlen(value) - 1] == '-'))) {
			free(value);
			return refuse(a, "a comment cannot hold '--' or end with '-'");
		}
		if (type == SQF_NODE_PI && strstr(value, "?>") != NULL) {
			free(value);
			return refuse(a, "a processing instruction cannot hold '?>'");
		}
		node = type == SQF_NODE_COMMENT ? xmlNewDocComment(b->doc, (const xmlChar *)value) :
						  xmlNewDocPI(b->doc, (const xmlChar *)local, (const xmlChar *)value);
		free(value);
		if (node == NULL || xmlAddChild(b->wrapper, node) == NULL)
			return orgcheck_error_nomem(a->err);
		return 0;
	case SQF_NODE_KEEP:
		break;
	}
	return 0;
}

/* The built nodes serialized by libxml2, joined by separator between two
 * that are not text (NULL: nothing between them). *out is "" when none. */
static int serialize(char **out, struct applier *a, const struct built *b, const char *separator)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlNodePtr node = NULL;
	int rc = 0;

	*out = NULL;
	if (buf == NULL)
		return orgcheck_error_nomem(a->err);
	for (node = b->wrapper->children; node != NULL && rc == 0; node = node->next) {
		if (separator != NULL && node->prev != NULL && node->type != XML_TEXT_NODE &&
		    node->prev->type != XML_TEXT_NODE)
			xmlBufferCCat(buf, separator);
		if (xmlNodeDump(buf, b->doc, node, 0, 0) < 0)
			rc = orgcheck_error_nomem(a->err);
	}
	if (rc == 0) {
		*out = strdup((const char *)xmlBufferContent(buf));
		if (*out == NULL)
			rc = orgcheck_error_nomem(a->err);
	}
	xmlBufferFree(buf);
	return rc;
}

/* The value escaped for an attribute written between quote characters,
 * by libxml2; REFUSED when it holds the quote character ' (libxml2
 * escapes only "). */
static int attribute_text(char **out, struct applier *a, const char *value, char quote)
{
	xmlBufferPtr buf = NULL;

	*out = NULL;
	if (quote == '\'' && strchr(value, '\'') != NULL)
		return refuse(a, "a value with ' in an attribute quoted with ' is not supported");
	buf = xmlBufferCreate();
	if (buf == NULL)
		return orgcheck_error_nomem(a->err);
	xmlAttrSerializeTxtContent(buf, NULL, NULL, (const xmlChar *)value);
	*out = strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return *out ? 0 : orgcheck_error_nomem(a->err);
}

/* name="value" as an attribute is written. */
static int attribute_markup(char **out, struct applier *a, const struct built *b)
{
	char *escaped = NULL;
	char *head = NULL;
	int rc = attribute_text(&escaped, a, b->value, '"');

	*out = NULL;
	if (rc != 0)
		return rc;
	head = join3(b->name, "=\"", escaped);
	*out = head ? join3(head, "\"", NULL) : NULL;
	free(head);
	free(escaped);
	return *out ? 0 : orgcheck_error_nomem(a->err);
}

/* ---------------------------------------------------------------- operations */

static const struct orgcheck_node_span *span_or_refuse(struct applier *a, const xmlNode *node, int *rc)
{
	const struct orgcheck_node_span *span = orgcheck_node_span_of(a->map, node);

	*rc = span ? 0 : refuse(a, "@match selects a node orgcheck cannot find in the file's text");
	return span;
}

static int op_delete(struct applier *a, xmlNodePtr anchor)
{
	const struct orgcheck_node_span *span = NULL;
	size_t start = 0;
	size_t end = 0;
	size_t from = 0;
	int rc = 0;

	if (anchor == xmlDocGetRootElement(anchor->doc))
		return refuse(a, "deleting the root element is not supported");
	span = span_or_refuse(a, anchor, &rc);
	if (rc != 0)
		return rc;
	start = span->start;
	end = span->end;
	if (anchor->type == XML_ATTRIBUTE_NODE) {
		/* The attribute and the white space before it. */
		while (start > 0 && (a->text[start - 1] == ' ' || a->text[start - 1] == '\t' ||
				     a->text[start - 1] == '\n' || a->text[start - 1] == '\r'))
			start--;
	} else if (line_indent(&from, a->text, start) && line_rest(a->text, a->size, end) != SIZE_MAX) {
		/* A node alone on its line goes with its line. */
		start = from;
		end = line_rest(a->text, a->size, end);
	}
	return add_edit(a, start, end, "");
}

/* Sets attribute b on element: its value when it has one of that name,
 * else a new attribute after the last. */
static int set_attribute(struct applier *a, xmlNodePtr element, const struct built *b)
{
	const struct orgcheck_node_span *span = NULL;
	const char *colon = strchr(b->name, ':');
	xmlAttrPtr existing = NULL;
	char *text = NULL;
	char *markup = NULL;
	int rc = 0;

	if (element->type != XML_ELEMENT_NODE)
		return refuse(a, "an attribute can only be added to an element");
	if (colon != NULL) {
		char *prefix = copy_bytes(b->name, (size_t)(colon - b->name));
		xmlNsPtr ns = prefix ? xmlSearchNs(element->doc, element, (const xmlChar *)prefix) : NULL;

		free(prefix);
		existing = ns ? xmlHasNsProp(element, (const xmlChar *)colon + 1, ns->href) : NULL;
	} else {
		existing = xmlHasNsProp(element, (const xmlChar *)b->name, NULL);
	}
	if (existing != NULL) {
		span = span_or_refuse(a, (const xmlNode *)existing, &rc);
		if (rc == 0)
			rc = attribute_text(&text, a, b->value, span->quote);
		if (rc == 0)
			rc = add_edit(a, span->inner_start, span->inner_end, text);
		free(text);
		return rc;
	}
	span = span_or_refuse(a, element, &rc);
	if (rc == 0)
		rc = attribute_markup(&markup, a, b);
	if (rc == 0) {
		text = join3(" ", markup, NULL);
		rc = text ? add_edit(a, span->attr_end, span->attr_end, text) : orgcheck_error_nomem(a->err);
	}
	free(text);
	free(markup);
	return rc;
}

/* The first (or last) child of element that is not white space alone. */
static xmlNodePtr content_child(xmlNodePtr element, int last)
{
	xmlNodePtr child = last ? element->last : element->children;

	while (child != NULL && child->type == XML_TEXT_NODE && xmlIsBlankNode(child))
		child = last ? child->prev : child->next;
	return child;
}

/* Inserts the built nodes as the first or last child of element. */
static int insert_child(struct applier *a, xmlNodePtr element, const struct built *b, int last)
{
	const struct orgcheck_node_span *span = NULL;
	const struct orgcheck_node_span *child_span = NULL;
	xmlNodePtr child = content_child(element, last);
	char *indent = NULL;
	char *unit = NULL;
	char *separator = NULL;
	char *nodes = NULL;
	char *inner = NULL;
	char *text = NULL;
	char *tail = NULL;
	size_t start = 0;
	int rc = 0;

	span = span_or_refuse(a, element, &rc);
	if (rc != 0)
		return rc;
	if (child != NULL) {
		child_span = span_or_refuse(a, child, &rc);
		if (rc != 0)
			return rc;
		indent = indent_of(a, child_span);
		separator = indent ? join3("\n", indent, NULL) : NULL;
		rc = serialize(&nodes, a, b, separator);
		if (rc < 0)
			goto done;
		if (indent == NULL)
			rc = add_edit(a, last ? span->inner_end : span->inner_start,
				      last ? span->inner_end : span->inner_start, nodes);
		else if (last)
			text = join3(separator, nodes, NULL);
		else
			text = join3(nodes, separator, NULL);
		if (indent != NULL)
			rc = text ? add_edit(a, last ? child_span->end : child_span->start,
					     last ? child_span->end : child_span->start, text) :
				    orgcheck_error_nomem(a->err);
		goto done;
	}
	/* No content yet: the new nodes on lines of their own, one step in. */
	indent = indent_of(a, span);
	if (indent != NULL) {
		unit = indent_unit(a, element, indent);
		separator = unit ? join3("\n", indent, unit) : NULL;
		if (separator == NULL) {
			rc = orgcheck_error_nomem(a->err);
			goto done;
		}
	}
	rc = serialize(&nodes, a, b, separator);
	if (rc < 0)
		goto done;
	if (indent != NULL) {
		tail = join3("\n", indent, NULL);
		inner = tail ? join3(separator, nodes, tail) : NULL;
	} else {
		inner = strdup(nodes);
	}
	if (inner == NULL) {
		rc = orgcheck_error_nomem(a->err);
		goto done;
	}
	if (!span->self_closing) {
		rc = add_edit(a, span->inner_start, span->inner_end, inner);
		goto done;
	}
	/* <x/> becomes <x>...</x>. */
	start = span->end - 2;
	while (start > span->attr_end && (a->text[start - 1] == ' ' || a->text[start - 1] == '\t' ||
					  a->text[start - 1] == '\n' || a->text[start - 1] == '\r'))
		start--;
	free(tail);
	tail = join3("</", NULL, NULL);
	text = tail ? join3(">", inner, tail) : NULL;
	free(tail);
	tail = NULL;
	if (text != NULL) {
		char *name = copy_bytes(a->text + span->start + 1, span->name_end - span->start - 1);

		tail = name ? join3(text, name, ">") : NULL;
		free(name);
	}
	rc = tail ? add_edit(a, start, span->end, tail) : orgcheck_error_nomem(a->err);

done:
	free(indent);
	free(unit);
	free(separator);
	free(nodes);
	free(inner);
	free(text);
	free(tail);
	return rc;
}

/* Inserts the built nodes before or after node. */
static int insert_beside(struct applier *a, xmlNodePtr node, const struct built *b, int after)
{
	const struct orgcheck_node_span *span = NULL;
	char *indent = NULL;
	char *separator = NULL;
	char *nodes = NULL;
	char *text = NULL;
	int rc = 0;

	if (node == xmlDocGetRootElement(node->doc))
		return refuse(a, "adding beside the root element is not supported");
	span = span_or_refuse(a, node, &rc);
	if (rc != 0)
		return rc;
	indent = indent_of(a, span);
	separator = indent ? join3("\n", indent, NULL) : NULL;
	if (indent != NULL && separator == NULL)
		rc = orgcheck_error_nomem(a->err);
	if (rc == 0)
		rc = serialize(&nodes, a, b, separator);
	if (rc < 0)
		goto done;
	if (after)
		text = join3(separator, nodes, NULL);
	else
		text = join3(nodes, separator, NULL);
	rc = text ? add_edit(a, after ? span->end : span->start, after ? span->end : span->start, text) :
		    orgcheck_error_nomem(a->err);

done:
	free(indent);
	free(separator);
	free(nodes);
	free(text);
	return rc;
}

static int op_add(struct applier *a, xmlNodePtr anchor)
{
	struct built b;
	xmlNodePtr element = anchor->type == XML_ATTRIBUTE_NODE ? anchor->parent : anchor;
	enum sqf_position position = a->op->position;
	int into = 0;
	int rc = 0;

	into = element->type == XML_ELEMENT_NODE &&
	       (position == SQF_FIRST_CHILD || position == SQF_LAST_CHILD);
	rc = build(a, &b, anchor, into || a->op->node_type == SQF_NODE_ATTRIBUTE ? element : element->parent);
	if (rc != 0)
		goto done;
	if (b.is_attribute) {
		rc = set_attribute(a, element, &b);
		goto done;
	}
	if (b.wrapper->children == NULL)
		goto done;
	if (into)
		rc = insert_child(a, element, &b, position == SQF_LAST_CHILD);
	else
		rc = insert_beside(a, element, &b, position != SQF_BEFORE);

done:
	built_release(&b);
	return rc;
}

static int op_replace(struct applier *a, xmlNodePtr anchor)
{
	const struct orgcheck_node_span *span = NULL;
	struct built b;
	char *indent = NULL;
	char *separator = NULL;
	char *text = NULL;
	int rc = 0;

	rc = build(a, &b, anchor, anchor->type == XML_ATTRIBUTE_NODE ? anchor->parent : anchor->parent);
	if (rc != 0)
		goto done;
	if (anchor->type == XML_ATTRIBUTE_NODE) {
		if (!b.is_attribute) {
			rc = b.wrapper->children == NULL ? op_delete(a, anchor) :
				refuse(a, "an attribute can only be replaced by an attribute");
			goto done;
		}
		span = span_or_refuse(a, anchor, &rc);
		if (rc == 0)
			rc = attribute_markup(&text, a, &b);
		if (rc == 0)
			rc = add_edit(a, span->start, span->end, text);
		goto done;
	}
	if (b.is_attribute) {
		rc = refuse(a, "only an attribute can be replaced by an attribute");
		goto done;
	}
	if (b.wrapper->children == NULL) {
		rc = op_delete(a, anchor);
		goto done;
	}
	if (anchor == xmlDocGetRootElement(anchor->doc) &&
	    (b.wrapper->children != b.wrapper->last || b.wrapper->children->type != XML_ELEMENT_NODE)) {
		rc = refuse(a, "the root element can only be replaced by one element");
		goto done;
	}
	span = span_or_refuse(a, anchor, &rc);
	if (rc != 0)
		goto done;
	indent = indent_of(a, span);
	separator = indent ? join3("\n", indent, NULL) : NULL;
	rc = serialize(&text, a, &b, separator);
	if (rc == 0)
		rc = add_edit(a, span->start, span->end, text);

done:
	free(indent);
	free(separator);
	free(text);
	built_release(&b);
	return rc;
}

static int is_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The leftmost match in value at or after from (the longest for that
 * start; at one start the first alternative that matches wins). */
static int regex_search(const struct sqf_op *op, const char *value, size_t length, size_t from,
			size_t *start_out, size_t *end_out, char *scratch)
{
	size_t s = 0;
	size_t e = 0;
	size_t b = 0;

	/* No branch matches anywhere after from: nothing to try. */
	for (b = 0; b < op->branch_count; b++) {
		if (op->contains[b] == NULL || (op->anchored_start[b] && from != 0 ? 0 :
						xmlRegexpExec(op->contains[b], (const xmlChar *)value + from) != 0))
			break;
	}
	if (b == op->branch_count)
		return 0;
	for (s = from; s <= length; s++) {
		if (s < length && is_continuation(value[s]))
			continue;
		for (b = 0; b < op->branch_count; b++) {
			if (op->anchored_start[b] && s != 0)
				continue;
			/* No match of this branch starts here. */
			if (op->prefix[b] != NULL && xmlRegexpExec(op->prefix[b], (const xmlChar *)value + s) == 0)
				continue;
			for (e = length + 1; e-- > s;) {
				if (e < length && is_continuation(value[e]))
					continue;
				memcpy(scratch, value + s, e - s);
				scratch[e - s] = '\0';
				if (xmlRegexpExec(op->regex[b], (const xmlChar *)scratch) == 1) {
					*start_out = s;
					*end_out = e;
					return 1;
				}
				if (op->anchored_end[b])
					break;
			}
		}
	}
	return 0;
}

static int op_string_replace(struct applier *a, xmlNodePtr anchor)
{
	const struct orgcheck_node_span *span = NULL;
	struct built b;
	xmlChar *value = NULL;
	size_t *offsets = NULL;
	char *scratch = NULL;
	char *replacement = NULL;
	size_t length = 0;
	size_t at = 0;
	size_t start = 0;
	size_t end = 0;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	if (anchor->type != XML_TEXT_NODE && anchor->type != XML_ATTRIBUTE_NODE)
		return refuse(a, "sqf:stringReplace needs a text node or an attribute as its anchor "
				 "(match=\"text()\")");
	span = span_or_refuse(a, anchor, &rc);
	if (rc != 0)
		return rc;
	value = xmlNodeGetContent(anchor);
	length = value ? strlen((const char *)value) : 0;
	if (length > SQF_MAX_SEARCH) {
		rc = refuse(a, "sqf:stringReplace on a text of more than %d bytes is not supported",
			    SQF_MAX_SEARCH);
		goto done;
	}
	rc = orgcheck_node_value_offsets(&offsets, a->map, anchor, value ? (const char *)value : "", length,
					 a->err);
	if (rc == ORGCHECK_EINVAL) {
		orgcheck_error_clear(a->err);
		rc = refuse(a, "the text of the anchor as written does not give its value");
	}
	if (rc != 0)
		goto done;
	scratch = malloc(length + 1);
	if (scratch == NULL) {
		rc = orgcheck_error_nomem(a->err);
		goto done;
	}
	/* The new content is the same for every match: its context is the
	 * anchor (XPath 1.0 has no string items to make a match the context). */
	rc = build(a, &b, anchor, anchor->parent);
	if (rc != 0)
		goto done;
	if (anchor->type == XML_ATTRIBUTE_NODE || b.is_attribute) {
		char *string = NULL;

		if (b.is_attribute || (b.wrapper->children != NULL &&
				       (b.wrapper->children != b.wrapper->last ||
					b.wrapper->children->type != XML_TEXT_NODE))) {
			rc = refuse(a, "only text can replace a part of an attribute value");
			goto done;
		}
		string = b.wrapper->children ? (char *)xmlNodeGetContent(b.wrapper->children) : NULL;
		rc = attribute_text(&replacement, a, string ? string : "", span->quote);
		xmlFree(string);
	} else {
		rc = serialize(&replacement, a, &b, NULL);
	}
	if (rc != 0)
		goto done;
	while (at <= length && regex_search(a->op, (const char *)value, length, at, &start, &end, scratch)) {
		if (end == start) {
			rc = refuse(a, "regex '%s' matches the empty string", a->op->regex_text);
			goto done;
		}
		rc = add_edit(a, offsets[start], offsets[end], replacement);
		if (rc < 0)
			goto done;
		at = end;
	}

done:
	built_release(&b);
	xmlFree(value);
	free(offsets);
	free(scratch);
	free(replacement);
	return rc;
}

/* Runs op of the fix at the context node. */
static int run_op(struct applier *a)
{
	const struct sqf_op *op = a->op;
	xmlXPathObjectPtr anchors = NULL;
	xmlNodeSetPtr set = NULL;
	xmlNodePtr node = NULL;
	int holds = 1;
	int i;
	int rc = 0;

	if (op->use_when.text != NULL) {
		rc = eval_bool(&holds, a, &op->use_when, a->context);
		if (rc < 0 || !holds)
			return rc;
	}
	if (op->match.text == NULL) {
		anchors = xmlXPathNewNodeSet(a->context);
		if (anchors == NULL)
			return orgcheck_error_nomem(a->err);
	} else {
		rc = orgcheck_schematron__eval(&anchors, a->e, &op->match, a->context);
		if (rc < 0)
			return rc;
		if (anchors->type != XPATH_NODESET) {
			xmlXPathFreeObject(anchors);
			return refuse(a, "@match must select nodes");
		}
	}
	set = anchors->nodesetval;
	for (i = 0; set != NULL && i < set->nodeNr && rc == 0; i++) {
		node = set->nodeTab[i];
		if (node->doc != a->context->doc) {
			rc = refuse(a, "@match selects a node of another document");
			break;
		}
		if (node->type == XML_NAMESPACE_DECL || node->type == XML_DOCUMENT_NODE) {
			rc = refuse(a, "@match selects a namespace or the document node");
			break;
		}
		switch (op->kind) {
		case SQF_DELETE:
			rc = op_delete(a, node);
			break;
		case SQF_ADD:
			rc = op_add(a, node);
			break;
		case SQF_REPLACE:
			rc = op_replace(a, node);
			break;
		case SQF_STRING_REPLACE:
			rc = op_string_replace(a, node);
			break;
		}
	}
	xmlXPathFreeObject(anchors);
	return rc;
}

void orgcheck_schematron_fixes_free(struct orgcheck_schematron_fix *fixes, size_t count)
{
	size_t i;

	for (i = 0; fixes != NULL && i < count; i++) {
		free(fixes[i].id);
		free(fixes[i].title);
		orgcheck_fix_release(&fixes[i].fix);
	}
	free(fixes);
}

int orgcheck_schematron_hit_fixes(struct orgcheck_schematron_fix **out, size_t *count_out,
				  const struct orgcheck_schematron_hit *hit,
				  const struct orgcheck_node_map *map, const char *unmapped,
				  struct orgcheck_error *err)
{
	const struct orgcheck_schematron_fixing *fixing = hit->fixing;
	const struct sch_check *check = fixing ? fixing->check : NULL;
	struct orgcheck_schematron_fix *fixes = NULL;
	struct applier a;
	struct sqf_op none;   /* stands for the sqf:fix in refusals about it as a whole */
	size_t count = 0;
	size_t i;
	size_t j;
	int holds = 1;
	int rc = 0;

	*out = NULL;
	*count_out = 0;
	if (check == NULL || check->fix_count == 0)
		return 0;
	memset(&a, 0, sizeof(a));
	fixes = calloc(check->fix_count, sizeof(*fixes));
	if (fixes == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < check->fix_count && rc == 0; i++) {
		const struct sch_fix *fix = &check->fixes[i];
		struct orgcheck_schematron_fix *result = &fixes[count];
		const char *description = fix->title ? fix->title : fix->description ? fix->description : fix->id;

		memset(&a, 0, sizeof(a));
		a.e = fixing->eval;
		a.err = err;
		a.map = map;
		a.context = fixing->node;
		if (fix->use_when.text != NULL) {
			memset(&none, 0, sizeof(none));
			none.file = fix->file;
			none.line = fix->line;
			a.op = &none;
			rc = eval_bool(&holds, &a, &fix->use_when, fixing->node);
			if (rc < 0 || !holds)
				continue;
		}
		count++;
		result->id = strdup(fix->id ? fix->id : "");
		result->title = fix->title ? strdup(fix->title) : NULL;
		if (result->id == NULL || (fix->title != NULL && result->title == NULL)) {
			rc = orgcheck_error_nomem(err);
			break;
		}
		rc = orgcheck_fix_init(&result->fix, err, fix->safe ? ORGCHECK_FIX_SAFE : ORGCHECK_FIX_REVIEW,
				       orgcheck_schematron__eval_path(fixing->eval), description);
		if (rc < 0)
			break;
		if (fix->refusal != NULL) {
			rc = orgcheck_fix_set_refusal(&result->fix, err, fix->refusal);
			continue;
		}
		memset(&none, 0, sizeof(none));
		none.file = fix->file;
		none.line = fix->line;
		if (map == NULL) {
			a.op = &none;
			rc = refuse(&a, "fix '%s' cannot be made: %s", fix->id ? fix->id : "",
				    unmapped ? unmapped : "the file's text is not at hand");
		} else {
			a.text = orgcheck_node_map_text(map, &a.size);
			a.fix = &result->fix;
			for (j = 0; j < fix->op_count && rc == 0 && a.refusal == NULL; j++) {
				a.op = &fix->ops[j];
				rc = run_op(&a);
			}
			if (rc == 0 && a.refusal == NULL && result->fix.edit_count == 0) {
				a.op = &none;
				rc = refuse(&a, "fix '%s' finds nothing to change here", fix->id ? fix->id : "");
			}
		}
		if (rc == REFUSED)
			rc = 0;
		if (rc == 0 && a.refusal != NULL)
			rc = orgcheck_fix_set_refusal(&result->fix, err, a.refusal);
		free(a.refusal);
		a.refusal = NULL;
	}
	if (rc < 0) {
		free(a.refusal);
		orgcheck_schematron_fixes_free(fixes, count);
		return rc;
	}
	*out = fixes;
	*count_out = count;
	return 0;
}
