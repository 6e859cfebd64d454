/* Evaluating a compiled Schematron schema over a document, writing SVRL
 * and reporting each failed assert and successful report. */
#include "schematron/internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/functions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>

#include "util/xmlerr.h"

enum global_state { GLOBAL_UNSET = 0, GLOBAL_BUSY, GLOBAL_SET };

struct global_value {
	enum global_state state;
	xmlXPathObjectPtr value;
};

/* One validation. */
struct sch_eval {
	const struct orgcheck_schematron *schema;
	xmlDocPtr doc;             /* the document validated */
	const char *path;
	const struct orgcheck_schematron_resolver *resolver;
	xmlNodePtr svrl_root;      /* NULL when no SVRL is written */
	xmlNsPtr svrl_ns;
	xmlDocPtr scratch;         /* holds messages when no SVRL is written */
	orgcheck_schematron_hit_fn *hit;
	void *hit_data;
	struct orgcheck_error *err;
	struct global_value *globals;
	/* The evaluation context of the document being walked. */
	xsltTransformContextPtr tctxt;
	xmlXPathContextPtr xp;
	xsltSecurityPrefsPtr prefs;   /* shared by every transform context */
	/* The pattern being run (SIZE_MAX: none), the rule being applied and
	 * its variables computed so far. */
	size_t pattern_index;
	const struct sch_rule *rule;
	xmlXPathObjectPtr *rule_values;
	size_t rule_value_count;
	const char *expr_file;     /* where the expression being evaluated is written */
	char xpath_error[384];
	int failed;                /* err was set inside a callback */
	size_t failures;
};

/* ---------------------------------------------------------------- errors */

static void on_xpath_error(void *data, orgcheck_xml_error *error)
{
	struct sch_eval *e = data;

	if (e->xpath_error[0] == '\0' && error != NULL && error->message != NULL)
		orgcheck_xmlerr_message(e->xpath_error, sizeof(e->xpath_error), error->message);
}

static int expr_error(struct sch_eval *e, const struct sch_expr *expr, const char *problem)
{
	if (e->failed)
		return e->err ? e->err->code : ORGCHECK_ESCHEMATRON;
	e->failed = 1;
	return orgcheck_error_set(e->err, ORGCHECK_ESCHEMATRON, "%s:%lu: cannot evaluate \"%s\" on %s: %s",
				  expr->file, expr->line, expr->text, e->path,
				  problem ? problem : e->xpath_error[0] ? e->xpath_error : "evaluation failed");
}

/* Evaluates expr with node as the context (and as current()). The caller
 * frees the result. */
static int eval_expr(xmlXPathObjectPtr *out, struct sch_eval *e, const struct sch_expr *expr,
		     xmlNodePtr node)
{
	xmlNodePtr saved_node = e->xp->node;
	xmlDocPtr saved_doc = e->xp->doc;
	xmlNodePtr saved_current = e->tctxt->node;
	int saved_size = e->xp->contextSize;
	int saved_position = e->xp->proximityPosition;
	const char *saved_file = e->expr_file;

	*out = NULL;
	e->expr_file = expr->file;
	e->xp->node = node;
	e->xp->doc = node->doc;
	e->xp->contextSize = 1;
	e->xp->proximityPosition = 1;
	e->tctxt->node = node;
	e->xpath_error[0] = '\0';
	*out = xmlXPathCompiledEval(expr->compiled, e->xp);
	e->xp->node = saved_node;
	e->xp->doc = saved_doc;
	e->xp->contextSize = saved_size;
	e->xp->proximityPosition = saved_position;
	e->tctxt->node = saved_current;
	e->expr_file = saved_file;
	if (*out == NULL || e->failed) {
		if (*out != NULL) {
			xmlXPathFreeObject(*out);
			*out = NULL;
		}
		return expr_error(e, expr, NULL);
	}
	return 0;
}

int orgcheck_schematron__eval(xmlXPathObjectPtr *out, struct sch_eval *e, const struct sch_expr *expr,
			      xmlNodePtr node)
{
	return eval_expr(out, e, expr, node);
}

struct orgcheck_error *orgcheck_schematron__eval_error(struct sch_eval *e)
{
	return e->err;
}

const char *orgcheck_schematron__eval_path(const struct sch_eval *e)
{
	return e->path;
}

/* ---------------------------------------------------------------- variables */

static int let_value(xmlXPathObjectPtr *out, struct sch_eval *e, const struct sch_let *let,
		     xmlNodePtr node)
{
	*out = NULL;
	if (let->fragment != NULL) {
		*out = xmlXPathNewNodeSet((xmlNodePtr)let->fragment);
		return *out ? 0 : orgcheck_error_nomem(e->err);
	}
	return eval_expr(out, e, &let->value, node);
}

static xmlXPathObjectPtr lookup_variable(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
	struct sch_eval *e = data;
	struct global_value *g = NULL;
	size_t i;

	if (ns_uri != NULL)
		return NULL;
	for (i = e->rule_value_count; i > 0; i--) {
		if (strcmp(e->rule->lets[i - 1].name, (const char *)name) == 0)
			return xmlXPathObjectCopy(e->rule_values[i - 1]);
	}
	i = orgcheck_schematron__resolve_global(e->schema, (const char *)name, e->pattern_index);
	if (i == SIZE_MAX)
		return NULL;
	g = &e->globals[i];
	if (g->state == GLOBAL_BUSY) {
		if (!e->failed) {
			e->failed = 1;
			orgcheck_error_set(e->err, ORGCHECK_ESCHEMATRON,
					   "%s:%lu: variable $%s depends on itself", e->schema->globals[i].file,
					   e->schema->globals[i].line, (const char *)name);
		}
		return NULL;
	}
	if (g->state == GLOBAL_UNSET) {
		/* Global variables are computed when first used, with the
		 * document's root as context, so they may refer to each other
		 * in any order. */
		const struct sch_let *let = &e->schema->globals[i];
		const struct sch_rule *rule = e->rule;
		size_t rule_values = e->rule_value_count;
		size_t pattern = e->pattern_index;
		int rc = 0;

		/* In the scope where it is defined: no rule's variables. */
		e->rule_value_count = 0;
		e->rule = NULL;
		e->pattern_index = let->scope == SCH_SCOPE_PATTERN ? let->pattern : SIZE_MAX;
		g->state = GLOBAL_BUSY;
		rc = let_value(&g->value, e, let, (xmlNodePtr)e->doc);
		e->rule = rule;
		e->rule_value_count = rule_values;
		e->pattern_index = pattern;
		if (rc < 0)
			return NULL;
		g->state = GLOBAL_SET;
	}
	return xmlXPathObjectCopy(g->value);
}

/* ---------------------------------------------------------------- functions */

static struct sch_eval *eval_of(xmlXPathParserContextPtr ctxt)
{
	xsltTransformContextPtr tctxt = xsltXPathGetTransformContext(ctxt);

	return tctxt ? tctxt->_private : NULL;
}

/* One of the schema's own files (document('') is the schema itself). */
static xmlDocPtr schema_document(const struct orgcheck_schematron *schema, const char *uri)
{
	size_t i;

	for (i = 0; i < schema->doc_count; i++) {
		if (schema->docs[i]->URL != NULL && strcmp((const char *)schema->docs[i]->URL, uri) == 0)
			return schema->docs[i];
	}
	return NULL;
}

/* document(): the schema's own files and what the resolver hands out;
 * never the network. */
static void fn_document(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct sch_eval *e = eval_of(ctxt);
	xmlXPathObjectPtr arg = NULL;
	xmlNodeSetPtr result = NULL;
	xmlChar *base = NULL;
	xmlChar *text = NULL;
	xmlChar *uri = NULL;
	xmlDocPtr doc = NULL;
	int count = 1;
	int i;

	if (nargs < 1 || nargs > 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 2)
		xmlXPathFreeObject(valuePop(ctxt));
	arg = valuePop(ctxt);
	result = xmlXPathNodeSetCreate(NULL);
	if (arg != NULL && arg->type == XPATH_NODESET)
		count = arg->nodesetval ? arg->nodesetval->nodeNr : 0;
	for (i = 0; i < count && e != NULL && arg != NULL && result != NULL; i++) {
		xmlNodePtr node = arg->type == XPATH_NODESET ? arg->nodesetval->nodeTab[i] : NULL;

		text = node ? xmlXPathCastNodeToString(node) : xmlXPathCastToString(arg);
		/* A string is relative to the schema file the expression is
		 * written in, a node to its document, as in XSLT. */
		base = node ? xmlNodeGetBase(node->doc, node) :
			      xmlStrdup((const xmlChar *)(e->expr_file ? e->expr_file : e->schema->path));
		uri = text ? xmlBuildURI(text, base) : NULL;
		doc = uri ? schema_document(e->schema, (const char *)uri) : NULL;
		if (doc == NULL && uri != NULL && e->resolver != NULL && e->resolver->document != NULL)
			doc = e->resolver->document(e->resolver->data, (const char *)uri);
		if (doc != NULL)
			xmlXPathNodeSetAdd(result, (xmlNodePtr)doc);
		xmlFree(text);
		xmlFree(base);
		xmlFree(uri);
	}
	xmlXPathFreeObject(arg);
	valuePush(ctxt, xmlXPathWrapNodeSet(result));
}

/* oc:record(id): the root element of the record with that id. */
static void fn_record(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct sch_eval *e = eval_of(ctxt);
	xmlChar *id = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root = NULL;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	id = xmlXPathPopString(ctxt);
	if (e != NULL && id != NULL && e->resolver != NULL && e->resolver->record != NULL)
		doc = e->resolver->record(e->resolver->data, (const char *)id, NULL);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlFree(id);
	valuePush(ctxt, xmlXPathNewNodeSet(root));
}

/* oc:record-path(id): the file of the record with that id, or "". */
static void fn_record_path(xmlXPathParserContextPtr ctxt, int nargs)
{
	struct sch_eval *e = eval_of(ctxt);
	const char *path = NULL;
	xmlChar *id = NULL;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	id = xmlXPathPopString(ctxt);
	if (e != NULL && id != NULL && e->resolver != NULL && e->resolver->record != NULL &&
	    e->resolver->record(e->resolver->data, (const char *)id, &path) == NULL)
		path = NULL;
	xmlFree(id);
	valuePush(ctxt, xmlXPathNewString((const xmlChar *)(path ? path : "")));
}

static int replace_function(xmlXPathContextPtr xp, const char *name, const char *ns,
			    xmlXPathFunction fn)
{
	xmlXPathRegisterFuncNS(xp, (const xmlChar *)name, (const xmlChar *)ns, NULL);
	return xmlXPathRegisterFuncNS(xp, (const xmlChar *)name, (const xmlChar *)ns, fn) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- contexts */

static void close_context(struct sch_eval *e)
{
	xsltDocumentPtr d = NULL;

	if (e->xp != NULL)
		xmlXPathFreeContext(e->xp);
	e->xp = NULL;
	if (e->tctxt != NULL) {
		/* key() on a node of another document registers that document
		 * with the context, which would free it: it is the resolver's. */
		for (d = e->tctxt->docList; d != NULL; d = d->next)
			d->main = 1;
		xsltFreeTransformContext(e->tctxt);
	}
	e->tctxt = NULL;
}

/* Prepares the contexts that evaluate expressions on doc. */
static int open_context(struct sch_eval *e, xmlDocPtr doc)
{
	e->tctxt = xsltNewTransformContext(e->schema->keys, doc);
	e->xp = xmlXPathNewContext(doc);
	if (e->tctxt == NULL || e->xp == NULL)
		goto nomem;
	e->tctxt->_private = e;
	/* key() computes a document's tables when it knows of fewer than
	 * this; libxslt counts them only when it runs a whole transform. */
	e->tctxt->nbKeys = e->schema->key_count;
	if (xsltSetCtxtSecurityPrefs(e->prefs, e->tctxt) != 0)
		goto nomem;
	if (orgcheck_schematron__setup_context(e->xp, e->schema) < 0 ||
	    replace_function(e->xp, "document", NULL, fn_document) < 0 ||
	    replace_function(e->xp, "record", ORGCHECK_SCHEMATRON_FUNCTIONS_NS, fn_record) < 0 ||
	    replace_function(e->xp, "record-path", ORGCHECK_SCHEMATRON_FUNCTIONS_NS, fn_record_path) < 0)
		goto nomem;
	e->xp->extra = e->tctxt;
	e->xp->error = on_xpath_error;
	e->xp->userData = e;
	xmlXPathRegisterVariableLookup(e->xp, lookup_variable, e);
	return 0;

nomem:
	close_context(e);
	return orgcheck_error_nomem(e->err);
}

/* ---------------------------------------------------------------- SVRL */

static xmlNodePtr svrl_add(struct sch_eval *e, xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, e->svrl_ns, (const xmlChar *)name, NULL);
}

static void svrl_attr(xmlNodePtr node, const char *name, const char *value)
{
	if (node != NULL && value != NULL)
		xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

/* The qualified name of node as the document writes it. */
static char *node_name(const xmlNode *node)
{
	const char *local = NULL;
	const char *prefix = NULL;
	char *name = NULL;

	if (node == NULL)
		return strdup("");
	switch (node->type) {
	case XML_ELEMENT_NODE:
	case XML_ATTRIBUTE_NODE:
	case XML_PI_NODE:
		local = (const char *)node->name;
		if (node->type != XML_PI_NODE && node->ns != NULL && node->ns->prefix != NULL)
			prefix = (const char *)node->ns->prefix;
		break;
	default:
		return strdup("");
	}
	name = malloc((prefix ? strlen(prefix) + 1 : 0) + strlen(local) + 1);
	if (name != NULL)
		sprintf(name, "%s%s%s", prefix ? prefix : "", prefix ? ":" : "", local);
	return name;
}

/* An XPath 1.0 expression that selects node, whatever namespace
 * bindings the reader has: a step names an element without a namespace
 * plainly, one in a namespace by local name and namespace URI. */
static char *node_location(const xmlNode *node)
{
	char *path = NULL;
	char *step = NULL;
	char *joined = NULL;
	const xmlNode *sibling = NULL;
	const char *uri = NULL;
	size_t position = 1;

	path = strdup("");
	while (path != NULL && node != NULL && node->type != XML_DOCUMENT_NODE) {
		position = 1;
		step = NULL;
		uri = node->ns ? (const char *)node->ns->href : "";
		if (node->type == XML_ATTRIBUTE_NODE) {
			step = malloc(strlen((const char *)node->name) + strlen(uri) + 64);
			if (step != NULL && node->ns == NULL)
				sprintf(step, "@%s", (const char *)node->name);
			else if (step != NULL)
				sprintf(step, "@*[local-name()='%s' and namespace-uri()='%s']",
					(const char *)node->name, uri);
		} else {
			const char *test = "node()";

			for (sibling = node->prev; sibling != NULL; sibling = sibling->prev) {
				if (sibling->type != node->type)
					continue;
				if (node->type == XML_ELEMENT_NODE &&
				    (!xmlStrEqual(sibling->name, node->name) ||
				     (sibling->ns == NULL) != (node->ns == NULL) ||
				     (sibling->ns != NULL && !xmlStrEqual(sibling->ns->href, node->ns->href))))
					continue;
				if (node->type == XML_PI_NODE && !xmlStrEqual(sibling->name, node->name))
					continue;
				position++;
			}
			if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
				test = "text()";
			else if (node->type == XML_COMMENT_NODE)
				test = "comment()";
			step = malloc(strlen((const char *)(node->name ? node->name : (const xmlChar *)"")) +
				      strlen(uri) + 96);
			if (step != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL)
				sprintf(step, "%s[%zu]", (const char *)node->name, position);
			else if (step != NULL && node->type == XML_ELEMENT_NODE)
				sprintf(step, "*[local-name()='%s' and namespace-uri()='%s'][%zu]",
					(const char *)node->name, uri, position);
			else if (step != NULL && node->type == XML_PI_NODE)
				sprintf(step, "processing-instruction('%s')[%zu]", (const char *)node->name,
					position);
			else if (step != NULL)
				sprintf(step, "%s[%zu]", test, position);
		}
		if (step == NULL) {
			free(path);
			return NULL;
		}
		joined = malloc(strlen(step) + strlen(path) + 2);
		if (joined != NULL)
			sprintf(joined, "/%s%s", step, path);
		free(step);
		free(path);
		path = joined;
		node = node->parent;
	}
	if (path != NULL && path[0] == '\0') {
		free(path);
		path = strdup("/");
	}
	return path;
}

static int add_text(struct sch_eval *e, xmlNodePtr out, const xmlChar *text)
{
	xmlNodePtr node = NULL;

	if (text == NULL || text[0] == '\0')
		return 0;
	node = xmlNewDocText(out->doc, text);
	if (node == NULL)
		return orgcheck_error_nomem(e->err);
	if (xmlAddChild(out, node) == NULL) {
		xmlFreeNode(node);
		return orgcheck_error_nomem(e->err);
	}
	return 0;
}

/* Copies what expr selects into out (xsl:copy-of). */
static int copy_result(struct sch_eval *e, xmlNodePtr out, xmlXPathObjectPtr value)
{
	xmlNodeSetPtr set = value->type == XPATH_NODESET ? value->nodesetval : NULL;
	xmlChar *text = NULL;
	xmlNodePtr node = NULL;
	xmlNodePtr copy = NULL;
	xmlNodePtr child = NULL;
	xmlNsPtr ns = NULL;
	int i;
	int rc = 0;

	if (value->type != XPATH_NODESET) {
		text = xmlXPathCastToString(value);
		rc = add_text(e, out, text);
		xmlFree(text);
		return rc;
	}
	for (i = 0; set != NULL && i < set->nodeNr && rc == 0; i++) {
		node = set->nodeTab[i];
		if (node->type == XML_ATTRIBUTE_NODE) {
			text = xmlNodeGetContent(node);
			ns = NULL;
			if (node->ns != NULL) {
				ns = xmlSearchNsByHref(out->doc, out, node->ns->href);
				if (ns == NULL)
					ns = xmlNewNs(out, node->ns->href, node->ns->prefix);
			}
			if (xmlSetNsProp(out, ns, node->name, text ? text : (const xmlChar *)"") == NULL)
				rc = orgcheck_error_nomem(e->err);
			xmlFree(text);
			continue;
		}
		if (node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE) {
			for (child = node->children; child != NULL && rc == 0; child = child->next) {
				copy = xmlDocCopyNode(child, out->doc, 1);
				if (copy == NULL || xmlAddChild(out, copy) == NULL)
					rc = orgcheck_error_nomem(e->err);
			}
			continue;
		}
		if (node->type == XML_NAMESPACE_DECL)
			continue;
		copy = xmlDocCopyNode(node, out->doc, 1);
		if (copy == NULL || xmlAddChild(out, copy) == NULL)
			rc = orgcheck_error_nomem(e->err);
	}
	return rc;
}

/* Writes the text of content, evaluated at node, into out. */
static int render(struct sch_eval *e, xmlNodePtr out, const struct sch_item *items, size_t count,
		  xmlNodePtr node)
{
	xmlXPathObjectPtr value = NULL;
	xmlChar *text = NULL;
	xmlNodePtr child = NULL;
	char *name = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		const struct sch_item *item = &items[i];

		switch (item->kind) {
		case SCH_ITEM_TEXT:
			rc = add_text(e, out, (const xmlChar *)item->text);
			break;
		case SCH_ITEM_VALUE_OF:
			rc = eval_expr(&value, e, &item->expr, node);
			if (rc < 0)
				break;
			text = xmlXPathCastToString(value);
			rc = add_text(e, out, text);
			xmlFree(text);
			xmlXPathFreeObject(value);
			break;
		case SCH_ITEM_NAME:
			if (item->expr.text == NULL) {
				name = node_name(node);
			} else {
				rc = eval_expr(&value, e, &item->expr, node);
				if (rc < 0)
					break;
				/* @path "returns a string that is the name of a node"
				 * (ISO 19757-3 5.4.7): its string value. */
				text = xmlXPathCastToString(value);
				name = strdup(text ? (const char *)text : "");
				xmlFree(text);
				xmlXPathFreeObject(value);
			}
			if (name == NULL)
				return orgcheck_error_nomem(e->err);
			rc = add_text(e, out, (const xmlChar *)name);
			free(name);
			break;
		case SCH_ITEM_EMPH:
		case SCH_ITEM_DIR:
		case SCH_ITEM_SPAN:
			child = xmlNewChild(out, e->svrl_ns,
					    (const xmlChar *)(item->kind == SCH_ITEM_EMPH ? "emph" :
							      item->kind == SCH_ITEM_DIR ? "dir" : "span"),
					    NULL);
			if (child == NULL)
				return orgcheck_error_nomem(e->err);
			if (item->kind == SCH_ITEM_DIR)
				svrl_attr(child, "value", item->text);
			else if (item->kind == SCH_ITEM_SPAN)
				svrl_attr(child, "class", item->text);
			rc = render(e, child, item->children, item->child_count, node);
			break;
		case SCH_ITEM_COPY_OF:
			rc = eval_expr(&value, e, &item->expr, node);
			if (rc < 0)
				break;
			rc = copy_result(e, out, value);
			xmlXPathFreeObject(value);
			break;
		}
	}
	return rc;
}

/* The text of an svrl:text, white space collapsed: the finding's message. */
static char *plain_text(const xmlNode *text_node)
{
	xmlChar *content = xmlNodeGetContent(text_node);
	char *out = NULL;
	const char *p = NULL;
	size_t at = 0;
	int space = 0;

	out = malloc(content ? strlen((const char *)content) + 1 : 1);
	if (out == NULL) {
		xmlFree(content);
		return NULL;
	}
	for (p = content ? (const char *)content : ""; *p != '\0'; p++) {
		if (isspace((unsigned char)*p)) {
			space = at > 0;
			continue;
		}
		if (space)
			out[at++] = ' ';
		space = 0;
		out[at++] = *p;
	}
	out[at] = '\0';
	xmlFree(content);
	return out;
}

static int add_references(struct sch_eval *e, xmlNodePtr out, const struct sch_reference *refs,
			  size_t count, int properties, xmlNodePtr node)
{
	xmlNodePtr ref = NULL;
	xmlNodePtr text = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		ref = svrl_add(e, out, properties ? "property-reference" : "diagnostic-reference");
		if (ref == NULL)
			return orgcheck_error_nomem(e->err);
		if (properties) {
			svrl_attr(ref, "property", refs[i].id);
			svrl_attr(ref, "role", refs[i].role);
			svrl_attr(ref, "scheme", refs[i].scheme);
		} else {
			svrl_attr(ref, "diagnostic", refs[i].id);
		}
		text = svrl_add(e, ref, "text");
		if (text == NULL)
			return orgcheck_error_nomem(e->err);
		if (refs[i].lang != NULL)
			xmlNodeSetLang(text, (const xmlChar *)refs[i].lang);
		svrl_attr(text, "see", refs[i].see);
		svrl_attr(text, "icon", refs[i].icon);
		svrl_attr(text, "fpi", refs[i].fpi);
		rc = render(e, text, refs[i].content.items, refs[i].content.count, node);
	}
	return rc;
}

/* Records a failed assert or successful report at node. */
static int fire(struct sch_eval *e, const struct sch_rule *rule, const struct sch_check *check,
		xmlNodePtr node, xmlNodePtr parent)
{
	struct orgcheck_schematron_hit hit;
	struct orgcheck_schematron_fixing fixing;
	xmlNodePtr out = NULL;
	xmlNodePtr text = NULL;
	xmlXPathObjectPtr subject = NULL;
	char *location = NULL;
	char *subject_location = NULL;
	char *message = NULL;
	int rc = 0;

	e->failures++;
	location = node_location(node);
	if (location == NULL)
		return orgcheck_error_nomem(e->err);
	if (check->subject.text != NULL || rule->subject.text != NULL) {
		rc = eval_expr(&subject, e, check->subject.text ? &check->subject : &rule->subject, node);
		if (rc < 0)
			goto done;
		if (subject->type == XPATH_NODESET && subject->nodesetval != NULL &&
		    subject->nodesetval->nodeNr > 0) {
			xmlXPathNodeSetSort(subject->nodesetval);
			subject_location = node_location(subject->nodesetval->nodeTab[0]);
		}
	}
	out = xmlNewDocNode(parent->doc, e->svrl_ns,
			    (const xmlChar *)(check->is_report ? "successful-report" : "failed-assert"), NULL);
	if (out == NULL || xmlAddChild(parent, out) == NULL) {
		xmlFreeNode(out);
		rc = orgcheck_error_nomem(e->err);
		goto done;
	}
	svrl_attr(out, "test", check->test.text);
	svrl_attr(out, "location", location);
	svrl_attr(out, "subject", subject_location);
	svrl_attr(out, "id", check->id);
	svrl_attr(out, "role", check->role);
	svrl_attr(out, "flag", check->flag);
	svrl_attr(out, "severity", check->severity);
	svrl_attr(out, "see", check->see);
	svrl_attr(out, "icon", check->icon);
	svrl_attr(out, "fpi", check->fpi);
	if (check->lang != NULL)
		xmlNodeSetLang(out, (const xmlChar *)check->lang);
	rc = add_references(e, out, check->diagnostics, check->diagnostic_count, 0, node);
	if (rc == 0)
		rc = add_references(e, out, check->properties, check->property_count, 1, node);
	if (rc < 0)
		goto done;
	text = svrl_add(e, out, "text");
	if (text == NULL) {
		rc = orgcheck_error_nomem(e->err);
		goto done;
	}
	rc = render(e, text, check->content.items, check->content.count, node);
	if (rc < 0)
		goto done;
	if (e->hit != NULL) {
		message = plain_text(text);
		if (message == NULL) {
			rc = orgcheck_error_nomem(e->err);
			goto done;
		}
		hit.id = check->plain_id;
		hit.role = check->role ? check->role : rule->role;
		hit.flag = check->flag ? check->flag : rule->flag;
		hit.is_report = check->is_report;
		hit.test = check->test.text;
		hit.message = message;
		hit.location = location;
		hit.node = node;
		hit.schema_path = check->test.file;
		hit.schema_line = check->test.line;
		hit.fix_count = check->fix_count;
		fixing.eval = e;
		fixing.check = check;
		fixing.node = node;
		hit.fixing = &fixing;
		rc = e->hit(e->hit_data, &hit, e->err);
	}

done:
	if (subject != NULL)
		xmlXPathFreeObject(subject);
	free(location);
	free(subject_location);
	free(message);
	return rc;
}

/* ---------------------------------------------------------------- walking */

/* A set of nodes, each with the first rule that matched it. */
struct matches {
	const xmlNode **nodes;
	size_t *rules;
	size_t capacity;   /* a power of two */
	size_t count;
};

static size_t hash_pointer(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 17;
	v *= 0x9E3779B97F4A7C15ULL & UINTPTR_MAX;
	v ^= v >> 29;
	return (size_t)v;
}

static int matches_grow(struct matches *m)
{
	struct matches bigger;
	size_t i;
	size_t slot;

	bigger.capacity = m->capacity ? m->capacity * 2 : 64;
	bigger.count = m->count;
	bigger.nodes = calloc(bigger.capacity, sizeof(*bigger.nodes));
	bigger.rules = calloc(bigger.capacity, sizeof(*bigger.rules));
	if (bigger.nodes == NULL || bigger.rules == NULL) {
		free(bigger.nodes);
		free(bigger.rules);
		return -1;
	}
	for (i = 0; i < m->capacity; i++) {
		if (m->nodes[i] == NULL)
			continue;
		slot = hash_pointer(m->nodes[i]) & (bigger.capacity - 1);
		while (bigger.nodes[slot] != NULL)
			slot = (slot + 1) & (bigger.capacity - 1);
		bigger.nodes[slot] = m->nodes[i];
		bigger.rules[slot] = m->rules[i];
	}
	free(m->nodes);
	free(m->rules);
	*m = bigger;
	return 0;
}

/* Adds node for rule unless an earlier rule has it; 1 when added. */
static int matches_add(struct matches *m, const xmlNode *node, size_t rule)
{
	size_t slot;

	if ((m->count + 1) * 2 > m->capacity && matches_grow(m) < 0)
		return -1;
	slot = hash_pointer(node) & (m->capacity - 1);
	while (m->nodes[slot] != NULL) {
		if (m->nodes[slot] == node)
			return 0;
		slot = (slot + 1) & (m->capacity - 1);
	}
	m->nodes[slot] = node;
	m->rules[slot] = rule;
	m->count++;
	return 1;
}

static size_t matches_rule(const struct matches *m, const xmlNode *node)
{
	size_t slot = hash_pointer(node) & (m->capacity - 1);

	while (m->nodes[slot] != node)
		slot = (slot + 1) & (m->capacity - 1);
	return m->rules[slot];
}

static void rule_scope_clear(struct sch_eval *e)
{
	size_t i;

	for (i = 0; i < e->rule_value_count; i++)
		xmlXPathFreeObject(e->rule_values[i]);
	free(e->rule_values);
	e->rule_values = NULL;
	e->rule_value_count = 0;
	e->rule = NULL;
}

/* Applies rule at node: its variables, then its asserts and reports. */
static int apply_rule(struct sch_eval *e, const struct sch_rule *rule,
		      xmlNodePtr node, const char *document_uri)
{
	xmlNodePtr fired = NULL;
	xmlXPathObjectPtr value = NULL;
	size_t i;
	int holds = 0;
	int rc = 0;

	if (e->svrl_root != NULL) {
		fired = svrl_add(e, e->svrl_root, "fired-rule");
		if (fired == NULL)
			return orgcheck_error_nomem(e->err);
		svrl_attr(fired, "context", rule->context_text);
		svrl_attr(fired, "id", rule->id);
		svrl_attr(fired, "role", rule->role);
		svrl_attr(fired, "flag", rule->flag);
		svrl_attr(fired, "document", document_uri);
	}
	e->rule = rule;
	if (rule->let_count > 0) {
		e->rule_values = calloc(rule->let_count, sizeof(*e->rule_values));
		if (e->rule_values == NULL)
			return orgcheck_error_nomem(e->err);
	}
	for (i = 0; i < rule->let_count && rc == 0; i++) {
		rc = let_value(&value, e, &rule->lets[i], node);
		if (rc == 0)
			e->rule_values[e->rule_value_count++] = value;
	}
	for (i = 0; i < rule->check_count && rc == 0; i++) {
		const struct sch_check *check = &rule->checks[i];

		rc = eval_expr(&value, e, &check->test, node);
		if (rc < 0)
			break;
		holds = xmlXPathCastToBoolean(value);
		xmlXPathFreeObject(value);
		if (holds == check->is_report)
			rc = fire(e, rule, check, node, e->svrl_root ? e->svrl_root : xmlDocGetRootElement(e->scratch));
		if (rc == 0 && e->svrl_root == NULL) {
			/* Without SVRL, the message was only needed for the hit. */
			xmlNodePtr last = xmlGetLastChild(xmlDocGetRootElement(e->scratch));

			if (last != NULL) {
				xmlUnlinkNode(last);
				xmlFreeNode(last);
			}
		}
	}
	rule_scope_clear(e);
	return rc;
}

/* Runs pattern over doc (the one validated, or a subordinate one). */
static int walk(struct sch_eval *e, const struct sch_pattern *pattern, xmlDocPtr doc,
		const char *document_uri)
{
	struct matches m;
	xmlNodeSetPtr order = NULL;
	xmlXPathObjectPtr selected = NULL;
	xmlNodeSetPtr set = NULL;
	size_t r;
	int i;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	order = xmlXPathNodeSetCreate(NULL);
	if (order == NULL)
		return orgcheck_error_nomem(e->err);
	for (r = 0; r < pattern->rule_count && rc == 0; r++) {
		rc = eval_expr(&selected, e, &pattern->rules[r].context, (xmlNodePtr)doc);
		if (rc < 0)
			break;
		if (selected->type != XPATH_NODESET) {
			rc = expr_error(e, &pattern->rules[r].context, "a rule context must select nodes");
			xmlXPathFreeObject(selected);
			break;
		}
		set = selected->nodesetval;
		for (i = 0; set != NULL && i < set->nodeNr && rc == 0; i++) {
			int added = matches_add(&m, set->nodeTab[i], r);

			if (added < 0 || (added == 1 && xmlXPathNodeSetAdd(order, set->nodeTab[i]) < 0))
				rc = orgcheck_error_nomem(e->err);
		}
		xmlXPathFreeObject(selected);
	}
	if (rc == 0)
		xmlXPathNodeSetSort(order);
	for (i = 0; rc == 0 && i < order->nodeNr; i++)
		rc = apply_rule(e, &pattern->rules[matches_rule(&m, order->nodeTab[i])],
				order->nodeTab[i], document_uri);
	xmlXPathFreeNodeSet(order);
	free(m.nodes);
	free(m.rules);
	return rc;
}

/* The documents a pattern's @documents names (resolved against the
 * validated document), or just the validated one. */
static int pattern_documents(struct sch_eval *e, const struct sch_pattern *pattern, xmlDocPtr **docs_out,
			     size_t *count_out)
{
	xmlXPathObjectPtr value = NULL;
	xmlDocPtr *docs = NULL;
	xmlDocPtr doc = NULL;
	xmlChar *text = NULL;
	xmlChar *uri = NULL;
	size_t count = 0;
	int n = 1;
	int i;
	int rc = 0;

	*docs_out = NULL;
	*count_out = 0;
	if (pattern->documents.text == NULL) {
		docs = malloc(sizeof(*docs));
		if (docs == NULL)
			return orgcheck_error_nomem(e->err);
		docs[0] = e->doc;
		*docs_out = docs;
		*count_out = 1;
		return 0;
	}
	rc = eval_expr(&value, e, &pattern->documents, (xmlNodePtr)e->doc);
	if (rc < 0)
		return rc;
	if (value->type == XPATH_NODESET)
		n = value->nodesetval ? value->nodesetval->nodeNr : 0;
	docs = calloc(n > 0 ? (size_t)n : 1, sizeof(*docs));
	if (docs == NULL) {
		xmlXPathFreeObject(value);
		return orgcheck_error_nomem(e->err);
	}
	for (i = 0; i < n && rc == 0; i++) {
		text = value->type == XPATH_NODESET ? xmlXPathCastNodeToString(value->nodesetval->nodeTab[i]) :
						      xmlXPathCastToString(value);
		uri = text ? xmlBuildURI(text, e->doc->URL) : NULL;
		doc = uri && e->resolver && e->resolver->document ?
			      e->resolver->document(e->resolver->data, (const char *)uri) : NULL;
		if (doc == NULL)
			rc = expr_error(e, &pattern->documents, "a document it names cannot be read");
		else
			docs[count++] = doc;
		xmlFree(text);
		xmlFree(uri);
	}
	xmlXPathFreeObject(value);
	if (rc < 0) {
		free(docs);
		return rc;
	}
	*docs_out = docs;
	*count_out = count;
	return 0;
}

static int run_pattern(struct sch_eval *e, const struct sch_pattern *pattern)
{
	xmlDocPtr *docs = NULL;
	xmlNodePtr active = NULL;
	size_t count = 0;
	size_t length = 0;
	char *list = NULL;
	size_t i;
	int rc = 0;

	rc = pattern_documents(e, pattern, &docs, &count);
	if (rc < 0)
		return rc;
	if (e->svrl_root != NULL) {
		active = svrl_add(e, e->svrl_root, "active-pattern");
		if (active == NULL) {
			free(docs);
			return orgcheck_error_nomem(e->err);
		}
		svrl_attr(active, "id", pattern->id);
		svrl_attr(active, "name", pattern->name);
		svrl_attr(active, "role", pattern->role);
		for (i = 0; i < count; i++)
			length += strlen(docs[i]->URL ? (const char *)docs[i]->URL : "") + 1;
		list = calloc(length + 1, 1);
		for (i = 0; list != NULL && i < count; i++) {
			if (i > 0)
				strcat(list, " ");
			strcat(list, docs[i]->URL ? (const char *)docs[i]->URL : "");
		}
		svrl_attr(active, "documents", list);
		free(list);
	}
	for (i = 0; i < count && rc == 0; i++) {
		if (docs[i] != e->doc) {
			/* A subordinate document is walked with contexts of its own;
			 * global variables stay those of the validated document. */
			xsltTransformContextPtr tctxt = e->tctxt;
			xmlXPathContextPtr xp = e->xp;

			e->tctxt = NULL;
			e->xp = NULL;
			rc = open_context(e, docs[i]);
			if (rc == 0)
				rc = walk(e, pattern, docs[i], (const char *)docs[i]->URL);
			close_context(e);
			e->tctxt = tctxt;
			e->xp = xp;
		} else {
			rc = walk(e, pattern, docs[i], (const char *)docs[i]->URL);
		}
	}
	free(docs);
	return rc;
}

int orgcheck_schematron_svrl_new(xmlDocPtr *out, const struct orgcheck_schematron *schema,
				 struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root = NULL;
	xmlNodePtr node = NULL;
	xmlNsPtr ns = NULL;
	size_t i;

	*out = NULL;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	root = doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)"schematron-output", NULL) : NULL;
	if (root == NULL)
		goto nomem;
	xmlDocSetRootElement(doc, root);
	ns = xmlNewNs(root, (const xmlChar *)ORGCHECK_SVRL_NS, (const xmlChar *)"svrl");
	if (ns == NULL)
		goto nomem;
	xmlSetNs(root, ns);
	svrl_attr(root, "title", schema->title);
	svrl_attr(root, "schemaVersion", schema->schema_version);
	svrl_attr(root, "phase", schema->phase);
	for (i = 0; i < schema->paragraph_count; i++) {
		static const char *const copied[] = { "icon", "see", "fpi", "class", "id" };
		xmlChar *text = xmlNodeGetContent(schema->paragraphs[i]);
		xmlChar *lang = xmlNodeGetLang(schema->paragraphs[i]);
		size_t a;

		node = xmlNewTextChild(root, ns, (const xmlChar *)"text", text ? text : (const xmlChar *)"");
		xmlFree(text);
		if (node != NULL && lang != NULL)
			xmlNodeSetLang(node, lang);
		xmlFree(lang);
		if (node == NULL)
			goto nomem;
		for (a = 0; a < sizeof(copied) / sizeof(copied[0]); a++) {
			xmlChar *value = xmlGetNoNsProp(schema->paragraphs[i], (const xmlChar *)copied[a]);

			if (value != NULL)
				xmlSetProp(node, (const xmlChar *)copied[a], value);
			xmlFree(value);
		}
	}
	for (i = 0; i < schema->ns_count; i++) {
		node = xmlNewChild(root, ns, (const xmlChar *)"ns-prefix-in-attribute-values", NULL);
		if (node == NULL)
			goto nomem;
		svrl_attr(node, "uri", schema->ns_uris[i]);
		svrl_attr(node, "prefix", schema->ns_prefixes[i]);
	}
	*out = doc;
	return 0;

nomem:
	xmlFreeDoc(doc);
	return orgcheck_error_nomem(err);
}

int orgcheck_schematron_validate(size_t *failures_out, const struct orgcheck_schematron *schema,
				 xmlDocPtr doc, const char *path,
				 const struct orgcheck_schematron_resolver *resolver,
				 xmlDocPtr svrl, orgcheck_schematron_hit_fn *hit, void *hit_data,
				 struct orgcheck_error *err)
{
	struct sch_eval e;
	xmlNodePtr scratch_root = NULL;
	size_t i;
	int rc = 0;

	*failures_out = 0;
	memset(&e, 0, sizeof(e));
	e.schema = schema;
	e.doc = doc;
	e.path = path;
	e.resolver = resolver;
	e.hit = hit;
	e.hit_data = hit_data;
	e.err = err;
	e.pattern_index = SIZE_MAX;
	if (svrl != NULL) {
		e.svrl_root = xmlDocGetRootElement(svrl);
		e.svrl_ns = e.svrl_root ? e.svrl_root->ns : NULL;
	} else {
		e.scratch = xmlNewDoc((const xmlChar *)"1.0");
		scratch_root = e.scratch ? xmlNewDocNode(e.scratch, NULL, (const xmlChar *)"scratch", NULL) : NULL;
		if (scratch_root == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		xmlDocSetRootElement(e.scratch, scratch_root);
		e.svrl_ns = xmlNewNs(scratch_root, (const xmlChar *)ORGCHECK_SVRL_NS, (const xmlChar *)"svrl");
	}
	if (doc->URL == NULL)
		doc->URL = xmlStrdup((const xmlChar *)path);
	e.globals = calloc(schema->global_count ? schema->global_count : 1, sizeof(*e.globals));
	if (e.globals == NULL || doc->URL == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Nothing that runs may read or write files or reach the network;
	 * document() is orgcheck's own and asks the resolver. */
	e.prefs = xsltNewSecurityPrefs();
	if (e.prefs == NULL ||
	    xsltSetSecurityPrefs(e.prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(e.prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(e.prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(e.prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(e.prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Cheap document-order comparisons for sorting what rules match. */
	xmlXPathOrderDocElems(doc);
	rc = open_context(&e, doc);
	for (i = 0; i < schema->pattern_count && rc == 0; i++) {
		e.pattern_index = i;
		if (schema->patterns[i].active)
			rc = run_pattern(&e, &schema->patterns[i]);
	}
	*failures_out = e.failures;

done:
	close_context(&e);
	rule_scope_clear(&e);
	for (i = 0; e.globals != NULL && i < schema->global_count; i++) {
		if (e.globals[i].value != NULL)
			xmlXPathFreeObject(e.globals[i].value);
	}
	free(e.globals);
	if (e.scratch != NULL)
		xmlFreeDoc(e.scratch);
	if (e.prefs != NULL)
		xsltFreeSecurityPrefs(e.prefs);
	return rc;
}

int orgcheck_schematron_role_severity(enum orgcheck_severity *out, const char *role)
{
	static const struct {
		const char *role;
		enum orgcheck_severity severity;
	} roles[] = {
		{ "error", ORGCHECK_SEVERITY_ERROR },   { "fatal", ORGCHECK_SEVERITY_ERROR },
		{ "critical", ORGCHECK_SEVERITY_ERROR }, { "warning", ORGCHECK_SEVERITY_WARNING },
		{ "warn", ORGCHECK_SEVERITY_WARNING },  { "info", ORGCHECK_SEVERITY_INFO },
		{ "information", ORGCHECK_SEVERITY_INFO }, { "note", ORGCHECK_SEVERITY_INFO },
	};
	size_t i;

	if (role == NULL)
		return -1;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcasecmp(roles[i].role, role) == 0) {
			*out = roles[i].severity;
			return 0;
		}
	}
	return -1;
}
