#include "parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "xmlerr.h"

/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE: each
 * would let a record pull in or expand content from outside itself. */
#define RECORD_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES)

struct parse_state {
	const char *path;
	struct orgcheck_findings *findings;
	struct orgcheck_error *err;
	int rc;               /* first ORGCHECK_ENOMEM seen inside a callback */
	int rejected;         /* a finding made the document unusable */
	unsigned errors;      /* parser errors reported so far */
	unsigned dropped;     /* parser errors beyond ORGCHECK_PARSE_MAX_ERRORS */
};

/* Element positions are kept in node->_private, which libxml2 leaves to
 * applications: line in the high half, column in the low half. */
#if UINTPTR_MAX >= 0xFFFFFFFFFFFFFFFFu
#define POSITION_SHIFT 32
#else
#define POSITION_SHIFT 16
#endif
#define POSITION_MASK ((((uintptr_t)1) << POSITION_SHIFT) - 1)

static void *encode_position(unsigned long line, unsigned long column)
{
	uintptr_t l = line > POSITION_MASK ? POSITION_MASK : (uintptr_t)line;
	uintptr_t c = column > POSITION_MASK ? POSITION_MASK : (uintptr_t)column;

	return (void *)((l << POSITION_SHIFT) | c);
}

void orgcheck_parse_node_position(unsigned long *line_out, unsigned long *column_out,
				  const xmlNode *node)
{
	uintptr_t packed = 0;

	*line_out = 0;
	*column_out = 0;
	while (node != NULL && node->type != XML_ELEMENT_NODE)
		node = node->parent;
	if (node == NULL)
		return;
	packed = (uintptr_t)node->_private;
	if (packed == 0) {
		*line_out = (unsigned long)xmlGetLineNo(node);
		return;
	}
	*line_out = (unsigned long)(packed >> POSITION_SHIFT);
	*column_out = (unsigned long)(packed & POSITION_MASK);
}

static void add_finding(struct parse_state *state, const char *rule_id,
			unsigned long line, unsigned long column, const char *message)
{
	int rc = 0;

	if (state->rc < 0)
		return;
	rc = orgcheck_findings_add(state->findings, state->err, rule_id, state->path,
				   line, column, "%s", message);
	if (rc < 0)
		state->rc = rc;
}

static void on_parse_error(void *user_data, orgcheck_xml_error *error)
{
	xmlParserCtxtPtr ctxt = user_data;
	struct parse_state *state = ctxt->_private;
	char message[512];

	if (error == NULL || error->level == XML_ERR_WARNING)
		return;
	/* Stopping the parser at a DOCTYPE raises no message; anything after it
	 * would only repeat the forbidden-markup finding. */
	if (error->code == XML_ERR_USER_STOP)
		return;
	state->rejected = 1;
	if (state->errors >= ORGCHECK_PARSE_MAX_ERRORS) {
		state->dropped++;
		return;
	}
	state->errors++;
	/* libxml2 calls a file with no markup at all (binary data, text)
	 * "empty"; empty files never reach the parser. */
	if (error->code == XML_ERR_DOCUMENT_EMPTY)
		snprintf(message, sizeof(message), "no XML found: the file holds binary data or text without markup");
	else
		orgcheck_xmlerr_message(message, sizeof(message), error->message);
	add_finding(state, ORGCHECK_RULE_NOT_WELL_FORMED, (unsigned long)error->line,
		    error->int2 > 0 ? (unsigned long)error->int2 : 0, message);
}

/* Where the parser is now, for findings raised from SAX callbacks. */
static void current_position(unsigned long *line_out, unsigned long *column_out,
			     xmlParserCtxtPtr ctxt)
{
	*line_out = ctxt->input ? (unsigned long)ctxt->input->line : 0;
	*column_out = ctxt->input && ctxt->input->col > 0 ? (unsigned long)ctxt->input->col : 0;
}

static void on_internal_subset(void *ctx, const xmlChar *name,
			       const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *state = ctxt->_private;
	unsigned long line = 0;
	unsigned long column = 0;
	char message[256];

	(void)external_id;
	(void)system_id;
	current_position(&line, &column, ctxt);
	snprintf(message, sizeof(message),
		 "document type declaration <!DOCTYPE %.64s> is not allowed in a record; "
		 "the file was not read further",
		 name ? (const char *)name : "");
	add_finding(state, ORGCHECK_RULE_FORBIDDEN_MARKUP, line, column, message);
	state->rejected = 1;
	xmlStopParser(ctxt);
}

/* External entities and subsets are never fetched, even if a DOCTYPE got
 * past on_internal_subset. */
static xmlParserInputPtr on_resolve_entity(void *ctx, const xmlChar *public_id,
					   const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

static void on_external_subset(void *ctx, const xmlChar *name,
			       const xmlChar *external_id, const xmlChar *system_id)
{
	(void)ctx;
	(void)name;
	(void)external_id;
	(void)system_id;
}

/* The start tag's '<' lies before the parser's position (attribute values
 * cannot contain '<'), so walking back to it gives the tag's own line and
 * column, not those of its end. libxml2 keeps only part of a long line in
 * its buffer, so the column comes from the parser's own column count,
 * less the characters of the tag, whenever the tag sits on one line. */
static void start_tag_position(unsigned long *line_out, unsigned long *column_out,
			       xmlParserCtxtPtr ctxt)
{
	const xmlChar *base = NULL;
	const xmlChar *p = NULL;
	const xmlChar *lt = NULL;
	unsigned long line = 0;
	unsigned long tag_chars = 0;
	unsigned long column = 1;
	int newline_in_tag = 0;

	current_position(line_out, column_out, ctxt);
	if (ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL)
		return;
	base = ctxt->input->base;
	p = ctxt->input->cur;
	line = (unsigned long)ctxt->input->line;
	while (p > base && p[-1] != '<') {
		p--;
		/* Count characters, not bytes: skip UTF-8 continuation bytes. */
		if ((*p & 0xC0) != 0x80)
			tag_chars++;
		if (*p == '\n') {
			newline_in_tag = 1;
			if (line > 1)
				line--;
		}
	}
	if (p == base)
		return;
	lt = p - 1;
	*line_out = line;
	if (!newline_in_tag && ctxt->input->col > 0 && (unsigned long)ctxt->input->col > tag_chars + 1) {
		*column_out = (unsigned long)ctxt->input->col - tag_chars - 1;
		return;
	}
	for (p = lt; p > base && p[-1] != '\n'; p--) {
		if ((p[-1] & 0xC0) != 0x80)
			column++;
	}
	/* At the buffer's start but not the document's (libxml2 dropped what
	 * it consumed): the column is unknown. */
	*column_out = p == base && ctxt->input->consumed > 0 ? 0 : column;
}

static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNodePtr before = ctxt->node;
	unsigned long line = 0;
	unsigned long column = 0;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
	if (ctxt->node == NULL || ctxt->node == before)
		return;
	start_tag_position(&line, &column, ctxt);
	ctxt->node->_private = encode_position(line, column);
}

int orgcheck_parse_memory(xmlDocPtr *out, struct orgcheck_findings *findings,
			  const char *path, const char *data, size_t size,
			  struct orgcheck_error *err)
{
	struct parse_state state = { 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	char message[128];
	int rc = 0;

	*out = NULL;
	state.path = path;
	state.findings = findings;
	state.err = err;

	if (size == 0) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_NOT_WELL_FORMED, path, 0, 0,
					   "the file is empty");
		goto done;
	}
	if (size > (size_t)INT32_MAX) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "the file is too large to parse");
		goto done;
	}
	ctxt = xmlCreateMemoryParserCtxt(data, (int)size);
	if (ctxt == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	xmlCtxtUseOptions(ctxt, RECORD_PARSE_OPTIONS);
	ctxt->_private = &state;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->externalSubset = on_external_subset;
	ctxt->sax->resolveEntity = on_resolve_entity;
	ctxt->sax->startElementNs = on_start_element;
	/* Errors go to serror only, never to the default stderr printer. */
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	if (ctxt->input != NULL && ctxt->input->filename == NULL)
		ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)path);

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;

	if (state.rc < 0) {
		rc = state.rc;
		goto done;
	}
	if (state.dropped > 0) {
		snprintf(message, sizeof(message), "%u more parser errors not shown", state.dropped);
		add_finding(&state, ORGCHECK_RULE_NOT_WELL_FORMED, 0, 0, message);
		if (state.rc < 0) {
			rc = state.rc;
			goto done;
		}
	}
	if (!state.rejected && (!ctxt->wellFormed || doc == NULL)) {
		/* libxml2 failed without a message we could attribute. */
		add_finding(&state, ORGCHECK_RULE_NOT_WELL_FORMED, 0, 0,
			    "the file is not well-formed XML");
		state.rejected = 1;
		if (state.rc < 0) {
			rc = state.rc;
			goto done;
		}
	}
	if (state.rejected)
		goto done;
	*out = doc;
	/* Now owned by the caller. */
	doc = NULL;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctxt != NULL) {
		ctxt->_private = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	return rc;
}

/* Reads a whole regular file of at most ORGCHECK_PARSE_MAX_BYTES. Returns 1
 * with *data_out / *size_out set, 0 after adding a finding, or a negative
 * error code. */
static int read_record_file(char **data_out, size_t *size_out, struct orgcheck_findings *findings,
			    const char *path, struct orgcheck_error *err)
{
	int fd = -1;
	struct stat st;
	char *data = NULL;
	size_t size = 0;
	size_t got = 0;
	ssize_t n = 0;
	int rc = 0;

	*data_out = NULL;
	*size_out = 0;
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "cannot open file: %s", strerror(errno));
		goto done;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "not a regular file");
		goto done;
	}
	if ((unsigned long long)st.st_size > ORGCHECK_PARSE_MAX_BYTES) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "the file has %lld bytes, more than the %lu a record may have",
					   (long long)st.st_size, ORGCHECK_PARSE_MAX_BYTES);
		goto done;
	}
	size = (size_t)st.st_size;
	data = malloc(size + 1);
	if (data == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	while (got < size) {
		n = read(fd, data + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
						   "cannot read file: %s", strerror(errno));
			goto done;
		}
		if (n == 0)
			break; /* the file shrank while we read it */
		got += (size_t)n;
	}
	data[got] = '\0';
	*data_out = data;
	*size_out = got;
	data = NULL;
	rc = 1;

done:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}

int orgcheck_parse_file(xmlDocPtr *out, struct orgcheck_findings *findings,
			const char *path, struct orgcheck_error *err)
{
	char *data = NULL;
	size_t size = 0;
	int rc = 0;

	*out = NULL;
	rc = read_record_file(&data, &size, findings, path, err);
	if (rc <= 0)
		goto done;
	rc = orgcheck_parse_memory(out, findings, path, data, size, err);

done:
	free(data);
	return rc;
}
