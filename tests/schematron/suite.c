/* Runs Schematron test cases: each file is one <testcase expect="valid|
 * invalid|error" [phase="..."]> holding a schema, the documents (the first
 * is validated, the others are there for document() and @documents) and
 * XPath assertions over the SVRL the validation writes. The format is the
 * one the public Schematron conformance suite uses, so the same driver
 * measures orgcheck against that suite (`make sch-conformance
 * SUITE=DIR`) and runs orgcheck's own cases (tests/schematron/cases).
 *
 * A case passes when the outcome is the expected one and every assertion
 * holds (and, for orgcheck's own error cases, when the error message
 * contains the testcase's @message). Elements are matched by local name, so the suite's namespace
 * versions all read. Usage: suite [-v] [--svrl DIR] FILE|DIR... */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include <orgcheck/schematron.h>

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"

struct options {
	int verbose;
	const char *svrl_dir;
};

struct tally {
	int passed;
	int failed;
	int skipped;
};

/* The documents of one case, read on demand from its directory. */
struct documents {
	char *dir;
	char *paths[64];
	xmlDocPtr docs[64];
	size_t count;
};

static xmlNodePtr child_named(xmlNodePtr parent, const char *local)
{
	xmlNodePtr node = NULL;

	for (node = parent ? parent->children : NULL; node != NULL; node = node->next) {
		if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, local) == 0)
			return node;
	}
	return NULL;
}

/* The schema for the XPath 1.0 binding: one whose queryBinding is xslt
 * or xslt1, else one for any binding (none given); NULL when the case has
 * only schemas for other bindings (it does not apply). */
static void find_schemas(xmlNodePtr node, xmlNodePtr *specific, xmlNodePtr *generic)
{
	xmlNodePtr child = NULL;
	xmlChar *binding = NULL;

	if (node == NULL)
		return;
	if (node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	    strcmp((const char *)node->ns->href, SCH_NS) == 0 && strcmp((const char *)node->name, "schema") == 0) {
		binding = xmlGetNoNsProp(node, (const xmlChar *)"queryBinding");
		if (binding == NULL && *generic == NULL)
			*generic = node;
		else if (binding != NULL && *specific == NULL &&
			 (xmlStrEqual(binding, (const xmlChar *)"xslt") ||
			  xmlStrEqual(binding, (const xmlChar *)"xslt1")))
			*specific = node;
		xmlFree(binding);
		return;
	}
	for (child = node->children; child != NULL; child = child->next)
		find_schemas(child, specific, generic);
}

static xmlNodePtr find_schema(xmlNodePtr schemas)
{
	xmlNodePtr specific = NULL;
	xmlNodePtr generic = NULL;

	find_schemas(schemas, &specific, &generic);
	return specific ? specific : generic;
}

/* Writes the content of holder (an element, or a schema) as a document. */
static int write_document(const char *path, xmlNodePtr content, int whole)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr node = NULL;
	xmlNodePtr copy = NULL;
	int rc = 0;

	if (doc == NULL)
		return -1;
	if (whole) {
		copy = xmlDocCopyNode(content, doc, 1);
		xmlDocSetRootElement(doc, copy);
	} else {
		for (node = content->children; node != NULL; node = node->next) {
			if (node->type == XML_TEXT_NODE)
				continue;
			copy = xmlDocCopyNode(node, doc, 1);
			if (copy != NULL)
				xmlAddChild((xmlNodePtr)doc, copy);
		}
	}
	rc = xmlSaveFileEnc(path, doc, "UTF-8") < 0 ? -1 : 0;
	xmlFreeDoc(doc);
	return rc;
}

static xmlDocPtr read_document(const char *path)
{
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	xmlDocPtr doc = NULL;

	orgcheck_findings_init(&findings);
	orgcheck_error_clear(&err);
	if (orgcheck_parse_file(&doc, &findings, path, &err) < 0)
		doc = NULL;
	if (doc != NULL && doc->URL == NULL)
		doc->URL = xmlStrdup((const xmlChar *)path);
	orgcheck_findings_release(&findings);
	return doc;
}

static xmlDocPtr resolve_document(void *data, const char *uri)
{
	struct documents *d = data;
	const char *path = uri;
	size_t i;

	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	for (i = 0; i < d->count; i++) {
		if (strcmp(d->paths[i], path) == 0) {
			if (d->docs[i] == NULL)
				d->docs[i] = read_document(d->paths[i]);
			return d->docs[i];
		}
	}
	return NULL;
}

static xmlDocPtr resolve_record(void *data, const char *id, const char **path_out)
{
	struct documents *d = data;
	xmlChar *value = NULL;
	size_t i;
	int match = 0;

	for (i = 0; i < d->count; i++) {
		if (d->docs[i] == NULL)
			d->docs[i] = read_document(d->paths[i]);
		if (d->docs[i] == NULL || xmlDocGetRootElement(d->docs[i]) == NULL)
			continue;
		value = xmlGetNoNsProp(xmlDocGetRootElement(d->docs[i]), (const xmlChar *)"id");
		match = value != NULL && strcmp((const char *)value, id) == 0;
		xmlFree(value);
		if (match) {
			if (path_out != NULL)
				*path_out = d->paths[i];
			return d->docs[i];
		}
	}
	return NULL;
}

/* Creates the directories of path below its first skip characters. */
static void make_parents(char *path, size_t skip)
{
	char *slash = NULL;

	for (slash = strchr(path + skip + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *entry = NULL;
	struct stat st;
	char path[4096];

	while (d != NULL && (entry = readdir(d)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(path);
		else
			unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

/* Runs one case; returns 1 passed, 0 failed, -1 skipped. */
static int run_case(const char *file, const struct options *options)
{
	struct documents docs;
	struct orgcheck_schematron_resolver resolver = { resolve_document, resolve_record, NULL };
	struct orgcheck_schematron *schema = NULL;
	struct orgcheck_error err;
	xmlDocPtr testcase = NULL;
	xmlDocPtr svrl = NULL;
	xmlNodePtr root = NULL;
	xmlNodePtr node = NULL;
	xmlNodePtr sch = NULL;
	xmlXPathContextPtr xp = NULL;
	xmlXPathObjectPtr value = NULL;
	xmlChar *expect = NULL;
	xmlChar *phase = NULL;
	xmlChar *features = NULL;
	xmlChar *message = NULL;
	xmlChar *filename = NULL;
	xmlChar *assertion = NULL;
	char template[] = "/tmp/orgcheck-sch-XXXXXX";
	char schema_path[4096];
	char reason[2048] = "";
	const char *outcome = NULL;
	size_t failures = 0;
	size_t i;
	int passed = 0;
	int skipped = 0;
	int pass = 0;
	int rc = 0;

	memset(&docs, 0, sizeof(docs));
	resolver.data = &docs;
	orgcheck_error_clear(&err);
	testcase = xmlReadFile(file, NULL, XML_PARSE_NONET);
	root = xmlDocGetRootElement(testcase);
	if (root == NULL || strcmp((const char *)root->name, "testcase") != 0) {
		snprintf(reason, sizeof(reason), "not a test case");
		goto done;
	}
	expect = xmlGetNoNsProp(root, (const xmlChar *)"expect");
	phase = xmlGetNoNsProp(root, (const xmlChar *)"phase");
	if (phase == NULL && child_named(root, "schemas") != NULL)
		phase = xmlGetNoNsProp(child_named(root, "schemas"), (const xmlChar *)"phase");
	/* Cases that need an XSLT 2.0 processor do not apply. */
	features = xmlGetNoNsProp(root, (const xmlChar *)"features");
	if (features != NULL && (strstr((const char *)features, "xslt2") != NULL ||
				 strstr((const char *)features, "xslt3") != NULL)) {
		skipped = 1;
		goto done;
	}
	sch = find_schema(child_named(root, "schemas"));
	if (sch == NULL && expect != NULL) {
		/* Only for XSLT 2.0 or later: not applicable to XPath 1.0. */
		skipped = 1;
		goto done;
	}
	if (expect == NULL) {
		snprintf(reason, sizeof(reason), "no expect attribute");
		goto done;
	}
	docs.dir = mkdtemp(template);
	if (docs.dir == NULL) {
		snprintf(reason, sizeof(reason), "mkdtemp: %s", strerror(errno));
		goto done;
	}
	/* The validated document comes first: <primary>, else the first
	 * <document>; <secondary> ones and the other <document>s follow. */
	for (pass = 0; pass < 2; pass++) {
	for (node = child_named(root, "documents") ? child_named(root, "documents")->children : NULL;
	     node != NULL && docs.count < 64; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (pass == 0 && strcmp((const char *)node->name, "primary") != 0)
			continue;
		if (pass == 1 && strcmp((const char *)node->name, "document") != 0 &&
		    strcmp((const char *)node->name, "secondary") != 0)
			continue;
		filename = xmlGetNoNsProp(node, (const xmlChar *)"filename");
		docs.paths[docs.count] = malloc(strlen(docs.dir) + strlen(filename ? (char *)filename : "x") + 2);
		sprintf(docs.paths[docs.count], "%s/%s", docs.dir, filename ? (char *)filename : "x");
		xmlFree(filename);
		make_parents(docs.paths[docs.count], strlen(docs.dir));
		if (write_document(docs.paths[docs.count], node, 0) < 0) {
			snprintf(reason, sizeof(reason), "cannot write %s", docs.paths[docs.count]);
			goto done;
		}
		docs.count++;
	}
	}
	snprintf(schema_path, sizeof(schema_path), "%s/schema.sch", docs.dir);
	if (docs.count == 0 || write_document(schema_path, sch, 1) < 0) {
		snprintf(reason, sizeof(reason), "no document, or cannot write the schema");
		goto done;
	}

	rc = orgcheck_schematron_load(&schema, schema_path, phase ? (const char *)phase : NULL, &err);
	if (rc == 0) {
		docs.docs[0] = read_document(docs.paths[0]);
		if (docs.docs[0] == NULL) {
			snprintf(reason, sizeof(reason), "cannot read the document");
			goto done;
		}
		rc = orgcheck_schematron_svrl_new(&svrl, schema, &err);
	}
	if (rc == 0)
		rc = orgcheck_schematron_validate(&failures, schema, docs.docs[0], docs.paths[0], &resolver,
						  svrl, NULL, NULL, &err);
	if (options->svrl_dir != NULL && svrl != NULL) {
		char out[4096];
		const char *base = strrchr(file, '/');

		snprintf(out, sizeof(out), "%s/%s", options->svrl_dir, base ? base + 1 : file);
		xmlSaveFormatFileEnc(out, svrl, "UTF-8", 1);
	}
	outcome = rc < 0 ? "error" : failures > 0 ? "invalid" : "valid";
	if (options->verbose && rc < 0)
		fprintf(stderr, "  %s: %s\n", file, err.message);
	message = xmlGetNoNsProp(root, (const xmlChar *)"message");
	if (rc < 0 && message != NULL && strstr(err.message, (const char *)message) == NULL) {
		snprintf(reason, sizeof(reason), "the error does not say '%s': %s", (const char *)message,
			 err.message);
		goto done;
	}
	if (strcmp(outcome, (const char *)expect) != 0) {
		snprintf(reason, sizeof(reason), "expected %s, got %s%s%s", (const char *)expect, outcome,
			 rc < 0 ? ": " : "", rc < 0 ? err.message : "");
		goto done;
	}
	if (svrl != NULL) {
		xp = xmlXPathNewContext(svrl);
		xmlXPathRegisterNs(xp, (const xmlChar *)"svrl", (const xmlChar *)ORGCHECK_SVRL_NS);
		xmlXPathRegisterNs(xp, (const xmlChar *)"sch", (const xmlChar *)SCH_NS);
	}
	node = child_named(root, "assertions");
	for (node = node ? node->children : NULL; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE || strcmp((const char *)node->name, "assertion") != 0)
			continue;
		assertion = xmlGetNoNsProp(node, (const xmlChar *)"assert");
		if (assertion == NULL)
			continue;
		if (xp == NULL) {
			snprintf(reason, sizeof(reason), "no SVRL to check '%s' on", (const char *)assertion);
			xmlFree(assertion);
			goto done;
		}
		xp->node = (xmlNodePtr)svrl;
		value = xmlXPathEvalExpression(assertion, xp);
		if (value == NULL || !xmlXPathCastToBoolean(value)) {
			snprintf(reason, sizeof(reason), "assertion does not hold: %s", (const char *)assertion);
			xmlXPathFreeObject(value);
			xmlFree(assertion);
			goto done;
		}
		xmlXPathFreeObject(value);
		xmlFree(assertion);
	}
	passed = 1;

done:
	if (!passed || options->verbose)
		printf("%s %s%s%s\n", passed ? "PASS" : skipped ? "SKIP" : "FAIL", file,
		       reason[0] ? ": " : "", reason);
	if (xp != NULL)
		xmlXPathFreeContext(xp);
	if (svrl != NULL)
		xmlFreeDoc(svrl);
	orgcheck_schematron_free(schema);
	for (i = 0; i < docs.count; i++) {
		if (docs.docs[i] != NULL)
			xmlFreeDoc(docs.docs[i]);
		free(docs.paths[i]);
	}
	if (docs.dir != NULL)
		remove_tree(docs.dir);
	xmlFree(expect);
	xmlFree(phase);
	xmlFree(features);
	xmlFree(message);
	if (testcase != NULL)
		xmlFreeDoc(testcase);
	return skipped ? -1 : passed;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path, const struct options *options, struct tally *tally)
{
	struct stat st;
	DIR *dir = NULL;
	struct dirent *entry = NULL;
	char **names = NULL;
	size_t count = 0;
	size_t i;
	char child[4096];
	int result = 0;

	if (stat(path, &st) != 0) {
		printf("FAIL %s: %s\n", path, strerror(errno));
		tally->failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		result = run_case(path, options);
		if (result > 0)
			tally->passed++;
		else if (result == 0)
			tally->failed++;
		else
			tally->skipped++;
		return;
	}
	dir = opendir(path);
	while (dir != NULL && (entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		names[count++] = strdup(entry->d_name);
	}
	if (dir != NULL)
		closedir(dir);
	qsort(names, count, sizeof(*names), compare_names);
	for (i = 0; i < count; i++) {
		snprintf(child, sizeof(child), "%s/%s", path, names[i]);
		if (stat(child, &st) == 0 && (S_ISDIR(st.st_mode) ||
					      (strlen(names[i]) > 4 &&
					       strcmp(names[i] + strlen(names[i]) - 4, ".xml") == 0)))
			run_path(child, options, tally);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct options options = { 0, NULL };
	struct tally tally = { 0, 0, 0 };
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			options.verbose = 1;
		else if (strcmp(argv[i], "--svrl") == 0 && i + 1 < argc)
			options.svrl_dir = argv[++i];
		else {
			fprintf(stderr, "usage: suite [-v] [--svrl DIR] FILE|DIR...\n");
			return 2;
		}
	}
	if (i == argc) {
		fprintf(stderr, "usage: suite [-v] [--svrl DIR] FILE|DIR...\n");
		return 2;
	}
	for (; i < argc; i++)
		run_path(argv[i], &options, &tally);
	printf("schematron cases: %d passed, %d failed (of %d); %d only for other query bindings\n",
	       tally.passed, tally.failed, tally.passed + tally.failed, tally.skipped);
	xmlCleanupParser();
	return tally.failed > 0 ? 1 : 0;
}
