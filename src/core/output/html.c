/* The HTML report: the results document through an XSLT stylesheet.
 *
 * libxml2 and libxslt report errors through process-wide handlers that
 * print to stderr by default. For the length of one render they point at a
 * collector instead, and are put back as they were before returning, so
 * the core still never prints. libxslt's handler and its default security
 * preferences are true globals: two renders must not run at once. */
#include <orgcheck/render.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include <orgcheck/results.h>
#include "output/pages.h"
#include "util/xmlerr.h"

/* A stylesheet is a few tens of kilobytes; the cap only keeps a wrong
 * path (a device, a huge file) from being read whole. */
#define STYLESHEET_MAX_BYTES (16L * 1024 * 1024)

/* NONET: nothing is fetched; no NOENT or DTDLOAD, so no entity or DTD is
 * loaded from elsewhere. NOCDATA merges CDATA sections into text, which is
 * how libxslt reads its own stylesheets. */
#define STYLESHEET_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

/* What libxml2 and libxslt said while one render ran. libxslt's text
 * (its errors, xsl:message output) is kept from the start, where the
 * first error is; libxml2's first error (a parse error, or the XPath
 * error behind a libxslt one) is kept on its own, with its line. */
struct collector {
	char text[1024];
	size_t length;
	char detail[256];       /* libxml2's first error, one line */
	long detail_line;       /* its line, 0 when unknown */
};

/* The process-wide state a render changes, to be put back. */
struct saved_state {
	xmlGenericErrorFunc xml_generic;
	void *xml_generic_context;
	xmlStructuredErrorFunc xml_structured;
	void *xml_structured_context;
	xmlGenericErrorFunc xslt_generic;
	void *xslt_generic_context;
};

static void collector_reset(struct collector *c)
{
	memset(c, 0, sizeof(*c));
}

/* Copies the line of text starting at p (without its newline) into buf
 * and returns the start of the next line. */
static const char *copy_line(char *buf, size_t size, const char *p)
{
	size_t n = strcspn(p, "\n");

	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	p += strcspn(p, "\n");
	return *p == '\n' ? p + 1 : p;
}

static void collector_set_detail(struct collector *c, const char *message, long line)
{
	if (c->detail[0] != '\0' || message == NULL)
		return;
	while (*message == '\n' || *message == ' ')
		message++;
	copy_line(c->detail, sizeof(c->detail), message);
	c->detail_line = line;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void on_xslt_error(void *context, const char *format, ...)
{
	struct collector *c = context;
	size_t room = sizeof(c->text) - 1 - c->length;
	va_list ap;
	int n = 0;

	if (room == 0)
		return;
	va_start(ap, format);
	n = vsnprintf(c->text + c->length, room + 1, format, ap);
	va_end(ap);
	if (n > 0)
		c->length += (size_t)n < room ? (size_t)n : room;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void on_xml_generic_error(void *context, const char *format, ...)
{
	char message[256];
	va_list ap;

	va_start(ap, format);
	vsnprintf(message, sizeof(message), format, ap);
	va_end(ap);
	collector_set_detail(context, message, 0);
}

static void on_xml_structured_error(void *context, orgcheck_xml_error *error)
{
	if (error == NULL || error->level == XML_ERR_WARNING)
		return;
	collector_set_detail(context, error->message, error->line);
}

/* libxslt opens each error with a line of context, then the message:
 * "runtime error: file F line N element E", "compilation error: ...", or
 * a bare "error" when it knows no place. Returns what follows the kind
 * (the place, possibly empty), or NULL for another line. */
static const char *error_context(const char *line)
{
	static const char *const kinds[] = { "runtime error", "compilation error", "error" };
	size_t n = 0;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		n = strlen(kinds[i]);
		if (strncmp(line, kinds[i], n) != 0)
			continue;
		if (line[n] == ':' && line[n + 1] == ' ')
			return line + n + 2;
		if (line[n] == '\n' || line[n] == '\0')
			return line + n;
	}
	return NULL;
}

/* libxml2 and libxslt start some messages with the name of a function
 * ("xsltParseStylesheetProcess : document is not a stylesheet",
 * "xmlXPathCompOpEval: function foo not found"). */
static const char *skip_function_name(const char *message)
{
	size_t n = strcspn(message, " :");

	if (strncmp(message, "xslt", 4) != 0 && strncmp(message, "xml", 3) != 0)
		return message;
	if (message[n] == ' ' && message[n + 1] == ':')
		n++;
	if (message[n] != ':')
		return message;
	n++;
	while (message[n] == ' ')
		n++;
	return message + n;
}

/* Describes the first error in one line, in orgcheck's style:
 * "line 11 (document): file write for x.html refused". Where libxml2
 * had an error of its own (a parse error, the XPath error behind a
 * failed expression), its message explains best. */
static void collector_describe(char *buf, size_t size, const struct collector *c)
{
	const char *p = c->text;
	const char *place = NULL;
	const char *found = NULL;
	const char *element = NULL;
	char first[512];
	char message[400];
	char detail[200];
	char text[640];
	char where[160];
	long line = 0;

	first[0] = '\0';
	where[0] = '\0';
	/* The first libxslt error: its context line, then its message. */
	while (*p != '\0' && (place = error_context(p)) == NULL)
		p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
	if (place != NULL) {
		copy_line(where, sizeof(where), place);
		found = strstr(where, " line ");
		if (found != NULL || strncmp(where, "line ", 5) == 0)
			line = strtol(found ? found + 6 : where + 5, NULL, 10);
		element = strstr(where, " element ");
		if (element != NULL)
			element += 9;
		copy_line(first, sizeof(first), copy_line(first, sizeof(first), p));
	} else {
		/* No error from libxslt: the last thing it said (a terminating
		 * xsl:message), if anything. */
		for (p = c->text; *p != '\0'; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
			if (*p != '\n')
				copy_line(first, sizeof(first), p);
		}
	}
	orgcheck_xmlerr_message(message, sizeof(message),
				first[0] ? skip_function_name(first) : "no reason given");
	if (c->detail[0] != '\0') {
		orgcheck_xmlerr_message(detail, sizeof(detail), skip_function_name(c->detail));
		if (line == 0)
			line = c->detail_line;
		/* libxslt says which expression failed, libxml2 says why. */
		if (first[0] != '\0' && place != NULL)
			snprintf(text, sizeof(text), "%s (%s)", message, detail);
		else
			snprintf(text, sizeof(text), "%s", detail);
	} else {
		snprintf(text, sizeof(text), "%s", message);
	}
	if (line > 0 && element != NULL)
		snprintf(buf, size, "line %ld (%s): %s", line, element, text);
	else if (line > 0)
		snprintf(buf, size, "line %ld: %s", line, text);
	else
		snprintf(buf, size, "%s", text);
}

static void redirect_errors(struct saved_state *saved, struct collector *c)
{
	saved->xml_generic = xmlGenericError;
	saved->xml_generic_context = xmlGenericErrorContext;
	saved->xml_structured = xmlStructuredError;
	saved->xml_structured_context = xmlStructuredErrorContext;
	saved->xslt_generic = xsltGenericError;
	saved->xslt_generic_context = xsltGenericErrorContext;
	xmlSetGenericErrorFunc(c, on_xml_generic_error);
	xmlSetStructuredErrorFunc(c, on_xml_structured_error);
	xsltSetGenericErrorFunc(c, on_xslt_error);
}

static void restore_errors(const struct saved_state *saved)
{
	xmlSetGenericErrorFunc(saved->xml_generic_context, saved->xml_generic);
	xmlSetStructuredErrorFunc(saved->xml_structured_context, saved->xml_structured);
	xsltSetGenericErrorFunc(saved->xslt_generic_context, saved->xslt_generic);
}

/* ------------------------------------------------- findings by rule */

/* The extension function the bundled report uses when it is there (see
 * function-available in report.xsl): oc:findings-with-rule(RULES) is
 * /o:results/o:findings/o:finding[@rule = RULES], the findings whose
 * rule equals RULES (a string, or any string value of a node-set), in
 * document order. The stylesheet asked that once per rule and per
 * catalogue entry, each time reading every finding: with 10,000 findings
 * a fifth of a render. Here one pass over the findings files each under
 * its rule, on the first call. */
#define EXTENSION_NS "urn:orgcheck:xslt:1"
#define RESULTS_NS "urn:orgcheck:results:1"

struct findings_by_rule {
	xmlDocPtr results;
	const char *pages_dir;  /* with pages: the one directory xsl:document may write in */
	xmlHashTablePtr sets;  /* rule -> xmlNodeSetPtr of findings, NULL until first used */
	int failed;            /* out of memory while filing */
};

static int is_results_element(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	       xmlStrEqual(node->ns->href, (const xmlChar *)RESULTS_NS) &&
	       xmlStrEqual(node->name, (const xmlChar *)name);
}

static void free_node_set(void *payload, const xmlChar *name)
{
	(void)name;
	xmlXPathFreeNodeSet(payload);
}

/* Files each o:finding child of each o:findings child of the o:results
 * root under the value of its rule attribute (no namespace). Returns 0,
 * or -1 when out of memory. */
static int file_findings(struct findings_by_rule *index)
{
	const xmlNode *root = xmlDocGetRootElement(index->results);
	const xmlNode *list = NULL;
	xmlNode *finding = NULL;
	xmlNodeSetPtr set = NULL;
	xmlChar *rule = NULL;

	index->sets = xmlHashCreate(64);
	if (index->sets == NULL)
		return -1;
	if (root == NULL || !is_results_element(root, "results"))
		return 0;
	for (list = root->children; list != NULL; list = list->next) {
		if (!is_results_element(list, "findings"))
			continue;
		for (finding = list->children; finding != NULL; finding = finding->next) {
			if (!is_results_element(finding, "finding"))
				continue;
			rule = xmlGetNoNsProp(finding, (const xmlChar *)"rule");
			if (rule == NULL)
				continue;
			set = xmlHashLookup(index->sets, rule);
			if (set == NULL) {
				set = xmlXPathNodeSetCreate(NULL);
				if (set == NULL || xmlHashAddEntry(index->sets, rule, set) != 0) {
					xmlXPathFreeNodeSet(set);
					xmlFree(rule);
					return -1;
				}
			}
			xmlFree(rule);
			/* In document order, each finding once. */
			if (xmlXPathNodeSetAddUnique(set, finding) != 0)
				return -1;
		}
	}
	return 0;
}

/* Adds the findings filed under rule to result. Returns 0 or -1. */
static int add_findings_with(xmlNodeSetPtr *result, struct findings_by_rule *index, const xmlChar *rule)
{
	xmlNodeSetPtr set = rule ? xmlHashLookup(index->sets, rule) : NULL;
	xmlNodeSetPtr merged = NULL;

	if (set == NULL)
		return 0;
	merged = xmlXPathNodeSetMerge(*result, set);
	if (merged == NULL)
		return -1;
	*result = merged;
	return 0;
}

static void findings_with_rule(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr transform = xsltXPathGetTransformContext(ctxt);
	struct findings_by_rule *index = transform ? transform->_private : NULL;
	xmlXPathObjectPtr arg = NULL;
	xmlNodeSetPtr result = NULL;
	xmlChar *value = NULL;
	int rc = 0;
	int i;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (index == NULL) {
		xmlXPathSetError(ctxt, XPATH_UNKNOWN_FUNC_ERROR);
		return;
	}
	if (index->sets == NULL && file_findings(index) < 0)
		index->failed = 1;
	arg = valuePop(ctxt);
	result = xmlXPathNodeSetCreate(NULL);
	if (arg == NULL || result == NULL || index->failed) {
		rc = -1;
	} else if (arg->type == XPATH_NODESET || arg->type == XPATH_XSLT_TREE) {
		for (i = 0; arg->nodesetval != NULL && i < arg->nodesetval->nodeNr && rc == 0; i++) {
			value = xmlXPathCastNodeToString(arg->nodesetval->nodeTab[i]);
			rc = value ? add_findings_with(&result, index, value) : -1;
			xmlFree(value);
		}
		/* Findings of several rules: merged sets are not in order. */
		if (rc == 0 && arg->nodesetval != NULL && arg->nodesetval->nodeNr > 1)
			xmlXPathNodeSetSort(result);
	} else {
		value = xmlXPathCastToString(arg);
		rc = value ? add_findings_with(&result, index, value) : -1;
		xmlFree(value);
	}
	xmlXPathFreeObject(arg);
	if (rc < 0) {
		xmlXPathFreeNodeSet(result);
		xmlXPathSetError(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(ctxt, xmlXPathWrapNodeSet(result));
}

/* With pages, xsl:document may write files directly in the staging
 * directory of the report's pages (resolved against STAGING/index.html,
 * so an href "x.html" is "STAGING/x.html") and nowhere else: no
 * subdirectory, no "..", no hidden name, no other path. Returns 1 to
 * allow, 0 to refuse. */
static int check_page_write(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	const struct findings_by_rule *index = ctxt ? ctxt->_private : NULL;
	const char *dir = index ? index->pages_dir : NULL;
	size_t n = dir ? strlen(dir) : 0;
	const char *name = NULL;

	(void)sec;
	if (dir == NULL || value == NULL || strncmp(value, dir, n) != 0 || value[n] != '/')
		return 0;
	name = value + n + 1;
	return orgcheck_pages__valid_name(name);
}

/* Security preferences: everything forbidden but, when allow_file_read,
 * reading local files, and when allow_pages, writing the pages of the
 * report (check_page_write). Returns NULL when out of memory. */
static xsltSecurityPrefsPtr new_prefs(int allow_file_read, int allow_pages)
{
	static const xsltSecurityOption forbidden[] = {
		XSLT_SECPREF_WRITE_FILE, XSLT_SECPREF_CREATE_DIRECTORY,
		XSLT_SECPREF_WRITE_NETWORK, XSLT_SECPREF_READ_NETWORK, XSLT_SECPREF_READ_FILE
	};
	size_t count = sizeof(forbidden) / sizeof(forbidden[0]) - (allow_file_read ? 1 : 0);
	xsltSecurityPrefsPtr prefs = xsltNewSecurityPrefs();
	size_t i;

	if (prefs == NULL)
		return NULL;
	for (i = 0; i < count; i++) {
		if (xsltSetSecurityPrefs(prefs, forbidden[i],
					 allow_pages && forbidden[i] == XSLT_SECPREF_WRITE_FILE ? check_page_write
												: xsltSecurityForbid) != 0) {
			xsltFreeSecurityPrefs(prefs);
			return NULL;
		}
	}
	return prefs;
}

/* Reads the file at path into a new buffer (*out, *size_out). Returns 0,
 * or a negative error naming path. */
static int read_stylesheet(char **out, size_t *size_out, const char *path, struct orgcheck_error *err)
{
	struct stat st;
	FILE *f = NULL;
	char *data = NULL;
	off_t size = 0;
	int rc = 0;

	*out = NULL;
	*size_out = 0;
	f = fopen(path, "rb");
	if (f == NULL)
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot read stylesheet '%s': %s", path,
					  strerror(errno));
	if (fstat(fileno(f), &st) != 0) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot read stylesheet '%s': %s", path,
					strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot read stylesheet '%s': not a regular file",
					path);
		goto done;
	}
	size = st.st_size;
	if (size == 0 || size > STYLESHEET_MAX_BYTES) {
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "cannot use stylesheet '%s': %s", path,
					size == 0 ? "the file is empty" : "the file is too large");
		goto done;
	}
	data = malloc((size_t)size);
	if (data == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	if (fread(data, 1, (size_t)size, f) != (size_t)size) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot read stylesheet '%s'", path);
		goto done;
	}
	*out = data;
	*size_out = (size_t)size;
	data = NULL;

done:
	free(data);
	fclose(f);
	return rc;
}

/* Parses and compiles the stylesheet at path. xsl:import and xsl:include
 * may read local files while it compiles, never the network. */
static int load_stylesheet(xsltStylesheetPtr *out, const char *path, struct collector *c,
			   struct orgcheck_error *err)
{
	xmlExternalEntityLoader saved_loader = NULL;
	xsltSecurityPrefsPtr saved_prefs = NULL;
	xsltSecurityPrefsPtr parse_prefs = NULL;
	xsltStylesheetPtr style = NULL;
	xmlDocPtr doc = NULL;
	char reason[ORGCHECK_ERROR_MESSAGE_MAX];
	char *data = NULL;
	size_t size = 0;
	int rc = 0;

	*out = NULL;
	rc = read_stylesheet(&data, &size, path, err);
	if (rc < 0)
		return rc;
	parse_prefs = new_prefs(1, 0);
	if (parse_prefs == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	doc = xmlReadMemory(data, (int)size, path, NULL, STYLESHEET_PARSE_OPTIONS);
	if (doc == NULL) {
		collector_describe(reason, sizeof(reason), c);
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL,
					"cannot use stylesheet '%s': not well-formed XML: %s", path, reason);
		goto done;
	}
	/* Imports are loaded under the default preferences and entity loader,
	 * not the transform context's: both refuse the network while we
	 * compile. */
	saved_loader = xmlGetExternalEntityLoader();
	saved_prefs = xsltGetDefaultSecurityPrefs();
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	xsltSetDefaultSecurityPrefs(parse_prefs);
	style = xsltParseStylesheetDoc(doc);
	xsltSetDefaultSecurityPrefs(saved_prefs);
	xmlSetExternalEntityLoader(saved_loader);
	if (style == NULL) {
		/* libxslt leaves the document to us when it fails. */
		collector_describe(reason, sizeof(reason), c);
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "cannot use stylesheet '%s': %s", path,
					reason);
		goto done;
	}
	/* Now owned by the stylesheet */
	doc = NULL;
	*out = style;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (parse_prefs != NULL)
		xsltFreeSecurityPrefs(parse_prefs);
	free(data);
	return rc;
}

int orgcheck_render_html_doc(FILE *out, xmlDocPtr results, const char *stylesheet_path,
			     const char *link_template, const char *pages_dir, struct orgcheck_error *err)
{
	struct collector collector;
	struct saved_state saved;
	struct findings_by_rule by_rule = { NULL, NULL, NULL, 0 };
	struct orgcheck_pages pages = { NULL, NULL };
	char *index_path = NULL;
	xsltStylesheetPtr style = NULL;
	xsltTransformContextPtr ctxt = NULL;
	xsltSecurityPrefsPtr prefs = NULL;
	xmlDocPtr result = NULL;
	char reason[ORGCHECK_ERROR_MESSAGE_MAX];
	int failed = 0;
	int rc = 0;

	if (stylesheet_path == NULL)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "no stylesheet for the HTML report");
	collector_reset(&collector);
	memset(&saved, 0, sizeof(saved));
	redirect_errors(&saved, &collector);

	rc = load_stylesheet(&style, stylesheet_path, &collector, err);
	if (rc < 0)
		goto done;
	prefs = new_prefs(0, pages_dir != NULL);
	ctxt = prefs ? xsltNewTransformContext(style, results) : NULL;
	if (ctxt == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	if (xsltSetCtxtSecurityPrefs(prefs, ctxt) != 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	xsltSetTransformErrorFunc(ctxt, &collector, on_xslt_error);
	by_rule.results = results;
	ctxt->_private = &by_rule;
	if (pages_dir != NULL) {
		/* The pages go to a staging directory first, moved into
		 * pages_dir when all are written (pages.h); xsl:document
		 * resolves its href against the output file, so the index
		 * is named there too. */
		rc = orgcheck_pages_begin(&pages, pages_dir, err);
		if (rc < 0)
			goto done;
		by_rule.pages_dir = pages.staging;
		index_path = malloc(strlen(pages.staging) + sizeof("/index.html"));
		if (index_path == NULL || xsltQuoteOneUserParam(ctxt, (const xmlChar *)"pages",
								 (const xmlChar *)"yes") != 0) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		sprintf(index_path, "%s/index.html", pages.staging);
	}
	if (xsltRegisterExtFunction(ctxt, (const xmlChar *)"findings-with-rule",
				    (const xmlChar *)EXTENSION_NS, findings_with_rule) != 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* As a string, quoted by libxslt: never read as an expression. */
	if (link_template != NULL &&
	    xsltQuoteOneUserParam(ctxt, (const xmlChar *)"link-template", (const xmlChar *)link_template) != 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Whatever the stylesheet said before it ran (compilation warnings)
	 * is not the reason for a failure at run time. */
	collector_reset(&collector);
	result = xsltApplyStylesheetUser(style, results, NULL, index_path, NULL, ctxt);
	/* Any runtime error (a refused read or write included) leaves the
	 * context in an error state even when a partial result came back. */
	if (result == NULL || ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED) {
		collector_describe(reason, sizeof(reason), &collector);
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "stylesheet '%s' failed: %s",
					stylesheet_path, reason);
		goto done;
	}
	failed = xsltSaveResultToFile(out, result, style) < 0;
	failed |= fflush(out) != 0 || ferror(out);
	if (failed) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the HTML report");
		goto done;
	}
	if (pages_dir != NULL)
		rc = orgcheck_pages_commit(&pages, "index.html", err);

done:
	if (result != NULL)
		xmlFreeDoc(result);
	if (ctxt != NULL)
		xsltFreeTransformContext(ctxt);
	if (by_rule.sets != NULL)
		xmlHashFree(by_rule.sets, free_node_set);
	if (prefs != NULL)
		xsltFreeSecurityPrefs(prefs);
	if (style != NULL)
		xsltFreeStylesheet(style);
	free(index_path);
	orgcheck_pages_release(&pages);
	restore_errors(&saved);
	return rc;
}

int orgcheck_render_format_html(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	int rc = orgcheck_results_build(&doc, report, err);

	if (rc < 0)
		return rc;
	rc = orgcheck_render_html_doc(out, doc, options->stylesheet, options->link_template,
				      options->pages_dir, err);
	xmlFreeDoc(doc);
	return rc;
}
