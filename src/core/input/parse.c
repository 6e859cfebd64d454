#include <orgcheck/parse.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#include "util/xmlerr.h"

/* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE or HUGE: each
 * would let a record pull in or expand content from outside itself.
 * IGNORE_ENC because the text handed to libxml2 is always UTF-8: this
 * module converts other encodings itself (see to_utf8), so that the shape
 * scan and the parser read the same bytes. COMPACT keeps text shorter
 * than two pointers (dates, counts, codes) inside its node instead of
 * allocating it: nothing changes a parsed record, which is all COMPACT
 * asks. */
#define RECORD_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | \
			      XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT)

struct parse_state {
	const char *path;
	struct orgcheck_findings *findings;
	struct orgcheck_error *err;
	int rc;               /* first ORGCHECK_ENOMEM seen inside a callback */
	int rejected;         /* a finding made the document unusable */
	unsigned errors;      /* parser errors reported so far */
	unsigned dropped;     /* parser errors beyond ORGCHECK_PARSE_MAX_ERRORS */
	int converting;       /* errors libxml2 raises now are conversion failures we report */
	int stylesheet_seen;  /* an <?xml-stylesheet?> was reported */
	xmlParserCtxtPtr ctxt;  /* while parsing, for errors raised without one */
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

/* The column of the "</NAME" that raised a tag mismatch: libxml2 reports
 * where it stopped, after the end tag's ">" (past the end of the line
 * when the tag ends it), so the column is counted back from there in
 * characters. column (the parser's) when the tag is not found. */
static unsigned long end_tag_column(xmlParserCtxtPtr ctxt, const char *name, unsigned long column)
{
	const xmlChar *base = ctxt->input ? ctxt->input->base : NULL;
	const xmlChar *cur = ctxt->input ? ctxt->input->cur : NULL;
	const xmlChar *p = NULL;
	size_t length = strlen(name);
	unsigned long back = 0;

	if (base == NULL || cur == NULL || column == 0)
		return column;
	for (p = cur; p > base; p--) {
		if (p[-1] == '\n')
			return column;
		/* Characters, not bytes: UTF-8 continuation bytes do not count. */
		if ((p[-1] & 0xC0) != 0x80)
			back++;
		if (p[-1] == '<' && p[0] == '/' && strncmp((const char *)p + 1, name, length) == 0 &&
		    (size_t)(cur - p) > length)
			return back < column ? column - back : column;
	}
	return column;
}

static void on_parse_error(void *user_data, orgcheck_xml_error *error)
{
	xmlParserCtxtPtr ctxt = user_data;
	struct parse_state *state = ctxt->_private;
	unsigned long column = 0;
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
	column = error->int2 > 0 ? (unsigned long)error->int2 : 0;
	if (error->code == XML_ERR_DOCUMENT_EMPTY) {
		snprintf(message, sizeof(message), "no XML found: the file holds binary data or text without markup");
	} else if (error->code == XML_ERR_TAG_NAME_MISMATCH && error->str1 != NULL && error->str2 != NULL &&
		   strcmp(error->str2, "unparseable") != 0) {
		/* Say the fix, and point at the end tag rather than past it. */
		snprintf(message, sizeof(message),
			 "ending tag '%s' does not match opening tag '%s' of line %d; write </%s>",
			 error->str2, error->str1, error->int1, error->str1);
		column = end_tag_column(ctxt, error->str2, column);
	} else if (error->code == XML_ERR_TAG_NOT_FINISHED && error->str1 != NULL && error->int1 > 0) {
		/* "premature end of data in tag name line 3": the file ends
		 * inside an element (a truncated file); say which and the fix. */
		snprintf(message, sizeof(message), "the file ends inside <%s> opened on line %d; close it with </%s>",
			 error->str1, error->int1, error->str1);
	} else {
		orgcheck_xmlerr_message(message, sizeof(message), error->message);
	}
	add_finding(state, ORGCHECK_RULE_NOT_WELL_FORMED, (unsigned long)error->line, column, message);
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

/* Eight bytes at a time: the tags of a record are walked for every
 * element, and nearly all their bytes are ASCII other than '<' and
 * line ends. */
#define EVERY_BYTE(b) ((uint64_t)0x0101010101010101u * (uint64_t)(b))

static uint64_t load_word(const xmlChar *p)
{
	uint64_t word = 0;

	memcpy(&word, p, sizeof(word));
	return word;
}

/* Whether one of the bytes of word is zero. */
static int has_zero_byte(uint64_t word)
{
	return ((word - EVERY_BYTE(0x01)) & ~word & EVERY_BYTE(0x80)) != 0;
}

/* The last '<' in [base, end), or NULL. */
static const xmlChar *last_lt(const xmlChar *base, const xmlChar *end)
{
	const xmlChar *p = end;

	while (p - base >= 8 && !has_zero_byte(load_word(p - 8) ^ EVERY_BYTE('<')))
		p -= 8;
	for (; p > base; p--) {
		if (p[-1] == '<')
			return p - 1;
	}
	return NULL;
}

/* The characters (bytes but UTF-8 continuation bytes) and the line feeds
 * in [p, end). */
static void count_chars(unsigned long *chars_out, unsigned long *newlines_out, const xmlChar *p,
			const xmlChar *end)
{
	unsigned long continuation = 0;
	unsigned long newlines = 0;
	uint64_t word = 0;
	size_t i;

	*chars_out = (unsigned long)(end - p);
	for (; end - p >= 8; p += 8) {
		word = load_word(p);
		if ((word & EVERY_BYTE(0x80)) == 0 && !has_zero_byte(word ^ EVERY_BYTE('\n')))
			continue;
		for (i = 0; i < 8; i++) {
			continuation += (p[i] & 0xC0) == 0x80;
			newlines += p[i] == '\n';
		}
	}
	for (; p < end; p++) {
		continuation += (*p & 0xC0) == 0x80;
		newlines += *p == '\n';
	}
	*chars_out -= continuation;
	*newlines_out = newlines;
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
	unsigned long newlines = 0;
	unsigned long column = 1;

	current_position(line_out, column_out, ctxt);
	if (ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL)
		return;
	base = ctxt->input->base;
	lt = last_lt(base, ctxt->input->cur);
	if (lt == NULL)
		return;
	count_chars(&tag_chars, &newlines, lt + 1, ctxt->input->cur);
	line = (unsigned long)ctxt->input->line;
	/* One line back for each line feed in the tag, never before line 1. */
	if (line > newlines)
		line -= newlines;
	else if (line > 1)
		line = 1;
	*line_out = line;
	if (newlines == 0 && ctxt->input->col > 0 && (unsigned long)ctxt->input->col > tag_chars + 1) {
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

/* A stylesheet processing instruction asks whoever opens the record to
 * fetch and run code. orgcheck never does; the record is still read, but
 * the first such instruction of a file is reported, at its "<?". */
static void on_processing_instruction(void *ctx, const xmlChar *target, const xmlChar *data)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *state = ctxt->_private;
	static const char opening[] = "<?xml-stylesheet";
	const size_t length = sizeof(opening) - 1;
	const xmlChar *base = NULL;
	const xmlChar *p = NULL;
	unsigned long line = 0;
	unsigned long column = 0;

	xmlSAX2ProcessingInstruction(ctx, target, data);
	if (state->stylesheet_seen || target == NULL ||
	    !xmlStrEqual(target, (const xmlChar *)"xml-stylesheet"))
		return;
	state->stylesheet_seen = 1;
	current_position(&line, &column, ctxt);
	column = 0;
	if (ctxt->input != NULL && ctxt->input->base != NULL && ctxt->input->cur != NULL) {
		/* Back from the end of the instruction to its opening. */
		base = ctxt->input->base;
		p = ctxt->input->cur;
		while ((size_t)(p - base) >= length && memcmp(p - length, opening, length) != 0) {
			p--;
			if (*p == '\n' && line > 1)
				line--;
		}
		if ((size_t)(p - base) >= length) {
			column = 1;
			for (p -= length; p > base && p[-1] != '\n'; p--) {
				if ((p[-1] & 0xC0) != 0x80)
					column++;
			}
			if (p == base && ctxt->input->consumed > 0)
				column = 0;
		}
	}
	add_finding(state, ORGCHECK_RULE_FORBIDDEN_MARKUP, line, column,
		    "processing instruction <?xml-stylesheet?> is not allowed in a record; "
		    "orgcheck does not load the stylesheet it names");
}

/* libxml2 raises some errors without a parser context (a failed encoding
 * conversion, an I/O error); they would go to stderr. While this module
 * parses they come here instead: during a conversion they are ignored (the
 * conversion's result says what went wrong), afterwards they make the file
 * unreadable like any parser error. */
static void on_stray_error(void *user_data, orgcheck_xml_error *error)
{
	struct parse_state *state = user_data;
	unsigned long line = 0;
	unsigned long column = 0;
	char message[512];

	if (error == NULL || error->level == XML_ERR_WARNING || state->converting)
		return;
	state->rejected = 1;
	if (state->errors >= ORGCHECK_PARSE_MAX_ERRORS) {
		state->dropped++;
		return;
	}
	state->errors++;
	if (state->ctxt != NULL)
		current_position(&line, &column, state->ctxt);
	orgcheck_xmlerr_message(message, sizeof(message), error->message);
	add_finding(state, ORGCHECK_RULE_NOT_WELL_FORMED, line, column, message);
}

/* ---------------------------------------------------------------- encodings */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The encoding the XML declaration at the start of p names, copied into
 * buf; 0 when there is none. A malformed declaration counts as none:
 * libxml2 reports it when it parses the text. */
static int declared_encoding(char *buf, size_t size, const unsigned char *p, size_t n)
{
	size_t i;
	size_t j;
	size_t length = 0;
	unsigned char quote = 0;

	if (n < 6 || memcmp(p, "<?xml", 5) != 0 || !is_space(p[5]))
		return 0;
	for (i = 6; i + 1 < n && !(p[i] == '?' && p[i + 1] == '>'); i++) {
		if (i + 8 > n || memcmp(p + i, "encoding", 8) != 0 || !is_space(p[i - 1]))
			continue;
		j = i + 8;
		while (j < n && is_space(p[j]))
			j++;
		if (j >= n || p[j] != '=')
			return 0;
		j++;
		while (j < n && is_space(p[j]))
			j++;
		if (j >= n || (p[j] != '"' && p[j] != '\''))
			return 0;
		quote = p[j++];
		for (length = 0; j + length < n && p[j + length] != quote; length++) {
			/* EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')* */
			if (!((p[j + length] >= 'A' && p[j + length] <= 'Z') ||
			      (p[j + length] >= 'a' && p[j + length] <= 'z') ||
			      (length > 0 && ((p[j + length] >= '0' && p[j + length] <= '9') ||
					      p[j + length] == '.' || p[j + length] == '_' ||
					      p[j + length] == '-'))))
				return 0;
		}
		if (length == 0 || length >= size || j + length >= n)
			return 0;
		memcpy(buf, p + j, length);
		buf[length] = '\0';
		return 1;
	}
	return 0;
}

static int same_name(const char *a, const char *b)
{
	return xmlStrcasecmp((const xmlChar *)a, (const xmlChar *)b) == 0;
}

/* Line and column (in characters) just after text[0..size). */
static void end_position(unsigned long *line_out, unsigned long *column_out,
			 const unsigned char *text, size_t size)
{
	size_t i;

	*line_out = 1;
	*column_out = 1;
	for (i = 0; i < size; i++) {
		if (text[i] == '\n') {
			(*line_out)++;
			*column_out = 1;
		} else if ((text[i] & 0xC0) != 0x80) {
			(*column_out)++;
		}
	}
}

/* Converts data from the encoding of handler into UTF-8 (malloc'd, NUL
 * terminated, in *out). Returns 1, 0 after a finding naming where the
 * conversion failed, or ORGCHECK_ENOMEM. */
static int transcode(char **out, size_t *out_size, struct parse_state *state,
		     xmlCharEncodingHandlerPtr handler, const unsigned char *data, size_t size)
{
	xmlBufferPtr in = NULL;
	xmlBufferPtr converted = NULL;
	const unsigned char *bad = NULL;
	unsigned long line = 0;
	unsigned long column = 0;
	char bytes[32];
	size_t at = 0;
	size_t i;
	int before = 0;
	int rc = 0;

	*out = NULL;
	*out_size = 0;
	in = xmlBufferCreateSize(size + 1);
	converted = xmlBufferCreateSize(size * 2 + 64);
	if (in == NULL || converted == NULL || xmlBufferAdd(in, data, (int)size) != 0) {
		rc = orgcheck_error_nomem(state->err);
		goto done;
	}
	state->converting = 1;
	while (xmlBufferLength(in) > 0) {
		before = xmlBufferLength(in);
		if (xmlCharEncInFunc(handler, converted, in) == -2 || xmlBufferLength(in) == before)
			break;
	}
	state->converting = 0;
	if (xmlBufferLength(in) > 0) {
		/* Stopped short: an invalid or incomplete character. */
		bad = xmlBufferContent(in);
		for (i = 0; i < 4 && i < (size_t)xmlBufferLength(in); i++)
			at += (size_t)snprintf(bytes + at, sizeof(bytes) - at, "%s0x%02X", i ? " " : "", bad[i]);
		end_position(&line, &column, xmlBufferContent(converted), (size_t)xmlBufferLength(converted));
		rc = orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_NOT_WELL_FORMED,
					   state->path, line, column,
					   "the file is not valid %s: cannot decode the bytes %s",
					   handler->name ? handler->name : "text", bytes);
		state->rejected = 1;
		goto done;
	}
	*out_size = (size_t)xmlBufferLength(converted);
	*out = malloc(*out_size + 1);
	if (*out == NULL) {
		rc = orgcheck_error_nomem(state->err);
		goto done;
	}
	memcpy(*out, xmlBufferContent(converted), *out_size);
	(*out)[*out_size] = '\0';
	rc = 1;

done:
	state->converting = 0;
	xmlBufferFree(in);
	xmlBufferFree(converted);
	return rc;
}

/* The text libxml2 is given: data itself when it is UTF-8 (no byte-order
 * mark of another encoding, no XML declaration naming another encoding),
 * else data converted to UTF-8 here. libxml2 would otherwise convert while
 * it parses, out of reach of the shape scan, and switch converters in the
 * middle of a file when its declaration disagrees with its byte-order
 * mark. *owned receives the converted text (the caller frees it). Returns
 * 1, 0 after a finding, or ORGCHECK_ENOMEM. */
static int to_utf8(const char **text_out, size_t *size_out, char **owned,
		   struct parse_state *state, const char *data, size_t size)
{
	const unsigned char *bytes = (const unsigned char *)data;
	xmlCharEncoding detected = xmlDetectCharEncoding(bytes, size < 4 ? (int)size : 4);
	xmlCharEncodingHandlerPtr handler = NULL;
	char declared[64];
	const char *name = NULL;
	size_t skip = 0;
	int rc = 0;

	*text_out = data;
	*size_out = size;
	*owned = NULL;
	switch (detected) {
	case XML_CHAR_ENCODING_NONE:
	case XML_CHAR_ENCODING_UTF8:
		/* A UTF-8 byte-order mark settles it; libxml2 skips the mark. */
		if (size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
			return 1;
		if (!declared_encoding(declared, sizeof(declared), bytes, size) ||
		    same_name(declared, "UTF-8") || same_name(declared, "UTF8"))
			return 1;
		if (same_name(declared, "UTF-16") || same_name(declared, "UTF16")) {
			state->rejected = 1;
			return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_NOT_WELL_FORMED,
						     state->path, 1, 0,
						     "document labelled UTF-16 but has UTF-8 content");
		}
		name = declared;
		handler = xmlFindCharEncodingHandler(declared);
		break;
	case XML_CHAR_ENCODING_UTF16LE:
		skip = size >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE ? 2 : 0;
		handler = xmlGetCharEncodingHandler(detected);
		break;
	case XML_CHAR_ENCODING_UTF16BE:
		skip = size >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF ? 2 : 0;
		handler = xmlGetCharEncodingHandler(detected);
		break;
	default:
		handler = xmlGetCharEncodingHandler(detected);
		break;
	}
	if (handler == NULL) {
		if (name == NULL)
			name = xmlGetCharEncodingName(detected);
		state->rejected = 1;
		return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_NOT_WELL_FORMED,
					     state->path, 1, 0, "unsupported encoding %s",
					     name ? name : "(a byte order of UCS-4)");
	}
	rc = transcode(owned, size_out, state, handler, bytes + skip, size - skip);
	xmlCharEncCloseFunc(handler);
	if (rc <= 0)
		return rc;
	*text_out = *owned;
	if (*size_out == 0) {
		state->rejected = 1;
		return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_NOT_WELL_FORMED,
					     state->path, 0, 0, "the file holds nothing but a byte-order mark");
	}
	/* The result must read as UTF-8 to libxml2 too, or it would convert
	 * again on its own. */
	detected = xmlDetectCharEncoding((const unsigned char *)*owned, *size_out < 4 ? (int)*size_out : 4);
	if (detected != XML_CHAR_ENCODING_NONE && detected != XML_CHAR_ENCODING_UTF8) {
		state->rejected = 1;
		return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_NOT_WELL_FORMED,
					     state->path, 1, 0,
					     "the file's text, once decoded, starts like another encoding");
	}
	return 1;
}

/* ---------------------------------------------------------------- shape */

/* A name for messages: the ASCII name characters after '<' (at most 64). */
static void tag_name(char *buf, size_t size, const unsigned char *p, const unsigned char *end)
{
	size_t n = 0;

	for (p++; p < end && n + 1 < size && n < 64; p++) {
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.' || *p == ':'))
			break;
		buf[n++] = (char)*p;
	}
	buf[n] = '\0';
}

/* Checks the ORGCHECK_PARSE_MAX_* limits on text, the UTF-8 libxml2 will
 * parse, in one pass over its bytes. Each count is an upper bound of what
 * libxml2 would build, whatever the markup means (comments, CDATA,
 * errors), so the scan need not understand XML:
 * - an attribute value always follows '=' and optional white space, and
 *   a start tag ends before the next '<' (attribute values cannot hold
 *   one), so the "=" + quote pairs between one '<' and the next bound
 *   the attributes of any start tag;
 * - every element, comment, processing instruction or CDATA section
 *   starts with a '<' not followed by '/';
 * - every namespace declaration is an attribute named xmlns or xmlns:...
 *   (no entities exist without a DTD).
 * Returns 1 within the limits, else 0 after a finding at the first place
 * beyond one, or ORGCHECK_ENOMEM. This pass follows line and column at
 * every byte, to name that place; check_shape spares real records it. */
static int check_shape_exactly(struct parse_state *state, const unsigned char *text, size_t size)
{
	static const char xmlns[] = "xmlns";
	const unsigned char *tag = NULL;    /* the '<' that starts the current stretch */
	unsigned long line = 1;
	unsigned long column = 0;
	unsigned long tag_line = 1;
	unsigned long tag_column = 1;
	unsigned long tags = 0;
	unsigned long attributes = 0;       /* "=" + quote pairs since tag */
	unsigned long all_attributes = 0;   /* "=" + quote pairs in the file */
	unsigned long namespaces = 0;
	size_t matched = 0;                 /* characters of "xmlns" just seen */
	int after_equals = 0;
	char name[72];
	size_t i;
	unsigned char c = 0;

	for (i = 0; i < size; i++) {
		c = text[i];
		if ((c & 0xC0) != 0x80)
			column++;
		if (c == '<') {
			tag = text + i;
			tag_line = line;
			tag_column = column;
			attributes = 0;
			if (i + 1 < size && text[i + 1] != '/' && ++tags > ORGCHECK_PARSE_MAX_TAGS) {
				state->rejected = 1;
				return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_UNREADABLE,
							     state->path, line, column,
							     "the file has more than %d tags (elements, comments, "
							     "processing instructions), more than a record may have; "
							     "it was not parsed", ORGCHECK_PARSE_MAX_TAGS);
			}
		}
		if (c == '=') {
			after_equals = 1;
		} else if ((c == '"' || c == '\'') && after_equals) {
			after_equals = 0;
			if (++all_attributes > ORGCHECK_PARSE_MAX_ATTRIBUTES) {
				state->rejected = 1;
				return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_UNREADABLE,
							     state->path, line, column,
							     "the file has more than %d attributes, more than a "
							     "record may have; it was not parsed",
							     ORGCHECK_PARSE_MAX_ATTRIBUTES);
			}
			if (++attributes > ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES) {
				name[0] = '\0';
				if (tag != NULL)
					tag_name(name, sizeof(name), tag, text + size);
				state->rejected = 1;
				return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_UNREADABLE,
							     state->path, tag_line, tag_column,
							     "the start tag <%s> has more than %d attributes, more "
							     "than a record may have; the file was not parsed",
							     name[0] ? name : "...", ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES);
			}
		} else if (!is_space(c)) {
			after_equals = 0;
		}
		matched = c == (unsigned char)xmlns[matched] ? matched + 1 : c == 'x' ? 1 : 0;
		if (matched == sizeof(xmlns) - 1) {
			matched = 0;
			if (++namespaces > ORGCHECK_PARSE_MAX_NAMESPACES) {
				state->rejected = 1;
				return orgcheck_findings_add(state->findings, state->err, ORGCHECK_RULE_UNREADABLE,
							     state->path, line, column,
							     "the file has more than %d namespace declarations, more "
							     "than a record may have; it was not parsed",
							     ORGCHECK_PARSE_MAX_NAMESPACES);
			}
		}
		/* Lines as libxml2 counts them: CR LF and a lone CR end one too. */
		if (c == '\n' || (c == '\r' && (i + 1 >= size || text[i + 1] != '\n'))) {
			line++;
			column = 0;
		}
	}
	return 1;
}

/* Counts what check_shape_exactly counts, jumping from one '<', '=' or
 * 'x' to the next with memchr instead of following line and column at
 * every byte, and stops as soon as a count passes its limit. Returns 1
 * when text is certainly within every limit, 0 when the exact scan must
 * decide (and name the place). */
static int shape_clearly_within(const unsigned char *text, size_t size)
{
	const unsigned char *end = text + size;
	const unsigned char *p = NULL;
	const unsigned char *lt = NULL;
	const unsigned char *eq = NULL;
	unsigned long count = 0;
	unsigned long in_stretch = 0;

	for (p = text; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
		if (p + 1 < end && p[1] != '/' && ++count > ORGCHECK_PARSE_MAX_TAGS)
			return 0;
	}
	/* "=" + quote pairs, in the file and in each stretch from one '<' to
	 * the next (a pair never spans a '<': only white space may separate
	 * its two characters). */
	count = 0;
	lt = memchr(text, '<', size);
	eq = memchr(text, '=', size);
	while (eq != NULL) {
		if (lt != NULL && lt < eq) {
			in_stretch = 0;
			lt = memchr(lt + 1, '<', (size_t)(end - lt - 1));
			continue;
		}
		/* White space keeps an '=' waiting for its quote; anything else,
		 * another '=' included, ends the wait. */
		for (p = eq + 1; p < end && is_space(*p); p++)
			;
		if (p < end && (*p == '"' || *p == '\'') &&
		    (++in_stretch > ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES || ++count > ORGCHECK_PARSE_MAX_ATTRIBUTES))
			return 0;
		eq = memchr(p, '=', (size_t)(end - p));
	}
	count = 0;
	for (p = text; (p = memchr(p, 'x', (size_t)(end - p))) != NULL; p++) {
		if ((size_t)(end - p) >= 5 && memcmp(p, "xmlns", 5) == 0 &&
		    ++count > ORGCHECK_PARSE_MAX_NAMESPACES)
			return 0;
	}
	return 1;
}

/* Checks the ORGCHECK_PARSE_MAX_* limits on text (see
 * check_shape_exactly, which gives the same answer). */
static int check_shape(struct parse_state *state, const unsigned char *text, size_t size)
{
	if (shape_clearly_within(text, size))
		return 1;
	return check_shape_exactly(state, text, size);
}

/* ---------------------------------------------------------------- contexts */

/* Past this many bytes of interned names a context is dropped with its
 * dictionary: names from many files would otherwise pile up in one
 * thread's dictionary, and libxml2 caps a dictionary's size, which a
 * later, innocent file could then reach. Real records share nearly all
 * their names; a corpus of them interns a few kilobytes. */
#define CONTEXT_MAX_DICT_BYTES (1024UL * 1024)

/* The smallest read buffer: larger than nearly every record, so it is
 * allocated once per thread. */
#define CONTEXT_MIN_BUFFER 16384

/* Input buffers larger than this are not kept for the next file. */
#define CONTEXT_MAX_KEPT_INPUT (256UL * 1024)

struct orgcheck_parse_context {
	/* libxml2's parser context, reused while files parse cleanly, with
	 * its dictionary (every record interns the same names) and its
	 * stacks. NULL until needed and after a file that did not parse
	 * cleanly, so no state of a broken parse reaches the next file. */
	xmlParserCtxtPtr ctxt;
	/* libxml2's input buffer of the last file, kept with ctxt: a new one
	 * for each file allocated 8 KiB, and every allocation that large made
	 * malloc sort out the free lists the previous document left. NULL
	 * while a file is parsed (its input owns it) and when not kept. */
	xmlParserInputBufferPtr input;
	char *buffer;     /* the last file read */
	size_t capacity;
	size_t length;    /* its bytes in buffer; 0 when the last read failed */
};

int orgcheck_parse_context_new(struct orgcheck_parse_context **out, struct orgcheck_error *err)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? orgcheck_error_nomem(err) : 0;
}

static void context_release(struct orgcheck_parse_context *context)
{
	if (context->ctxt != NULL)
		xmlFreeParserCtxt(context->ctxt);
	context->ctxt = NULL;
	if (context->input != NULL)
		xmlFreeParserInputBuffer(context->input);
	context->input = NULL;
	free(context->buffer);
	context->buffer = NULL;
	context->capacity = 0;
	context->length = 0;
}

void orgcheck_parse_context_free(struct orgcheck_parse_context *context)
{
	if (context == NULL)
		return;
	context_release(context);
	free(context);
}

/* Makes context->buffer hold at least size bytes and a NUL; its content
 * is not kept. Returns 0 or ORGCHECK_ENOMEM. */
static int reserve_buffer(struct orgcheck_parse_context *context, size_t size,
			  struct orgcheck_error *err)
{
	size_t capacity = context->capacity ? context->capacity : CONTEXT_MIN_BUFFER;

	if (context->buffer != NULL && size < context->capacity)
		return 0;
	/* size is at most ORGCHECK_PARSE_MAX_BYTES: doubling cannot overflow. */
	while (capacity <= size)
		capacity *= 2;
	free(context->buffer);
	context->capacity = 0;
	context->buffer = malloc(capacity);
	if (context->buffer == NULL)
		return orgcheck_error_nomem(err);
	context->capacity = capacity;
	return 0;
}

/* The libxml2 context for the next file: the kept one, reset, or a new
 * one with orgcheck's handlers. NULL when out of memory. */
static xmlParserCtxtPtr take_parser(struct orgcheck_parse_context *context)
{
	xmlParserCtxtPtr ctxt = context->ctxt;

	if (ctxt != NULL) {
		xmlCtxtReset(ctxt);
		return ctxt;
	}
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return NULL;
	ctxt->sax->serror = on_parse_error;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->externalSubset = on_external_subset;
	ctxt->sax->resolveEntity = on_resolve_entity;
	ctxt->sax->startElementNs = on_start_element;
	ctxt->sax->processingInstruction = on_processing_instruction;
	/* Errors go to serror only, never to the default stderr printer. */
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	context->ctxt = ctxt;
	return ctxt;
}

/* Gives ctxt the size bytes of text to parse, named path, in the input
 * buffer context kept or in a new one. libxml2 copies the text: 2.9.14
 * stops early in a static buffer (xmlParserInputBufferCreateStatic)
 * whenever it would read ahead past its end. Returns 0, or -1 when out of
 * memory. */
static int push_text(struct orgcheck_parse_context *context, xmlParserCtxtPtr ctxt, const char *text,
		     size_t size, const char *path)
{
	xmlParserInputBufferPtr buffer = context->input;
	xmlParserInputPtr input = NULL;

	/* Owned by the input from here on. */
	context->input = NULL;
	if (buffer != NULL) {
		/* Emptied and filled as xmlParserInputBufferCreateMem fills a
		 * new one; it keeps the reader that makes the end of the text
		 * its end. */
		xmlBufShrink(buffer->buffer, xmlBufUse(buffer->buffer));
		if (xmlParserInputBufferPush(buffer, (int)size, text) != (int)size) {
			xmlFreeParserInputBuffer(buffer);
			return -1;
		}
	} else {
		buffer = xmlParserInputBufferCreateMem(text, (int)size, XML_CHAR_ENCODING_NONE);
		if (buffer == NULL)
			return -1;
	}
	input = xmlNewIOInputStream(ctxt, buffer, XML_CHAR_ENCODING_NONE);
	if (input == NULL) {
		xmlFreeParserInputBuffer(buffer);
		return -1;
	}
	input->filename = (const char *)xmlStrdup((const xmlChar *)path);
	/* inputPush frees input when it fails. */
	return inputPush(ctxt, input) < 0 ? -1 : 0;
}

/* Parses size bytes at data, named path, with context. */
static int parse_text(xmlDocPtr *out, struct orgcheck_findings *findings,
		      struct orgcheck_parse_context *context, const char *path,
		      const char *data, size_t size, struct orgcheck_error *err)
{
	struct parse_state state = { 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlParserInputPtr input = NULL;
	xmlDocPtr doc = NULL;
	xmlStructuredErrorFunc saved_handler = xmlStructuredError;
	void *saved_context = xmlStructuredErrorContext;
	const char *text = NULL;
	size_t text_size = 0;
	char *converted = NULL;
	char message[128];
	int clean = 0;
	int rc = 0;

	*out = NULL;
	state.path = path;
	state.findings = findings;
	state.err = err;
	xmlSetStructuredErrorFunc(&state, on_stray_error);

	if (size == 0) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_NOT_WELL_FORMED, path, 0, 0,
					   "the file is empty");
		goto done;
	}
	if (size > ORGCHECK_PARSE_MAX_BYTES) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "the file has %zu bytes, more than the %lu a record may have",
					   size, ORGCHECK_PARSE_MAX_BYTES);
		goto done;
	}
	rc = to_utf8(&text, &text_size, &converted, &state, data, size);
	if (rc <= 0)
		goto done;
	if (text_size > (size_t)INT32_MAX) {
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, path, 0, 0,
					   "the file is too large to parse");
		goto done;
	}
	rc = check_shape(&state, (const unsigned char *)text, text_size);
	if (rc <= 0)
		goto done;
	rc = 0;
	ctxt = take_parser(context);
	if (ctxt == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	ctxt->_private = &state;
	state.ctxt = ctxt;
	xmlCtxtUseOptions(ctxt, RECORD_PARSE_OPTIONS);
	if (push_text(context, ctxt, text, text_size, path) < 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}

	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	clean = ctxt->wellFormed && state.errors == 0 && !state.rejected;

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
		if (!clean || rc < 0 || xmlDictGetUsage(ctxt->dict) > CONTEXT_MAX_DICT_BYTES) {
			xmlFreeParserCtxt(ctxt);
			context->ctxt = NULL;
		} else if ((input = inputPop(ctxt)) != NULL) {
			/* The next file gets an input of its own, in this one's
			 * buffer unless it is large or failed. */
			if (input->buf != NULL && input->buf->error == 0 && text_size <= CONTEXT_MAX_KEPT_INPUT) {
				context->input = input->buf;
				input->buf = NULL;
			}
			xmlFreeInputStream(input);
		}
	}
	free(converted);
	xmlSetStructuredErrorFunc(saved_context, saved_handler);
	return rc;
}

int orgcheck_parse_memory(xmlDocPtr *out, struct orgcheck_findings *findings,
			  const char *path, const char *data, size_t size,
			  struct orgcheck_error *err)
{
	struct orgcheck_parse_context context = { NULL, NULL, NULL, 0, 0 };
	int rc = parse_text(out, findings, &context, path, data, size, err);

	context_release(&context);
	return rc;
}

/* Reads a whole regular file of at most ORGCHECK_PARSE_MAX_BYTES into
 * context->buffer. Returns 1 with *size_out set (the buffer holds a NUL
 * after the bytes), 0 after adding a finding, or a negative error code. */
static int read_record_file(size_t *size_out, struct stat *stat_out,
			    struct orgcheck_parse_context *context,
			    struct orgcheck_findings *findings, const char *path,
			    struct orgcheck_error *err)
{
	int fd = -1;
	struct stat st;
	size_t size = 0;
	size_t got = 0;
	ssize_t n = 0;
	int rc = 0;

	*size_out = 0;
	context->length = 0;
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
	rc = reserve_buffer(context, size, err);
	if (rc < 0)
		goto done;
	while (got < size) {
		n = read(fd, context->buffer + got, size - got);
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
	context->buffer[got] = '\0';
	context->length = got;
	*size_out = got;
	if (stat_out != NULL)
		*stat_out = st;
	rc = 1;

done:
	if (fd >= 0)
		close(fd);
	return rc;
}

int orgcheck_parse_file_with(xmlDocPtr *out, struct orgcheck_findings *findings,
			     struct orgcheck_parse_context *context, const char *path,
			     struct orgcheck_error *err)
{
	size_t size = 0;
	int rc = 0;

	*out = NULL;
	rc = read_record_file(&size, NULL, context, findings, path, err);
	if (rc <= 0)
		return rc;
	return parse_text(out, findings, context, path, context->buffer, size, err);
}

int orgcheck_parse_context_read(int *read_out, struct stat *stat_out,
				struct orgcheck_findings *findings,
				struct orgcheck_parse_context *context, const char *path,
				struct orgcheck_error *err)
{
	size_t size = 0;
	int rc = read_record_file(&size, stat_out, context, findings, path, err);

	*read_out = rc == 1;
	return rc < 0 ? rc : 0;
}

int orgcheck_parse_context_parse(xmlDocPtr *out, struct orgcheck_findings *findings,
				 struct orgcheck_parse_context *context, const char *path,
				 struct orgcheck_error *err)
{
	*out = NULL;
	return parse_text(out, findings, context, path, context->buffer, context->length, err);
}

int orgcheck_parse_memory_with(xmlDocPtr *out, struct orgcheck_findings *findings,
			       struct orgcheck_parse_context *context, const char *path,
			       const char *data, size_t size, struct orgcheck_error *err)
{
	return parse_text(out, findings, context, path, data, size, err);
}

const char *orgcheck_parse_context_text(const struct orgcheck_parse_context *context, size_t *size_out)
{
	*size_out = context->length;
	return context->length > 0 ? context->buffer : NULL;
}

int orgcheck_parse_file(xmlDocPtr *out, struct orgcheck_findings *findings,
			const char *path, struct orgcheck_error *err)
{
	struct orgcheck_parse_context context = { NULL, NULL, NULL, 0, 0 };
	int rc = orgcheck_parse_file_with(out, findings, &context, path, err);

	context_release(&context);
	return rc;
}
