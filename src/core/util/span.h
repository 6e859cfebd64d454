/* Byte spans of the elements of a record, read from its bytes.
 *
 * libxml2 gives a node's line, not its byte offset, and a fix must edit
 * the file's bytes, never a re-serialized document. So the bytes are
 * scanned once more, lexically (comments, CDATA, processing instructions,
 * a DOCTYPE and its internal subset, quoted attribute values holding '>'
 * or '/>', self-closing tags), and each element gets the span of its tags.
 * The elements come in document order, the order of a DOM's pre-order
 * walk, so the i-th element of the scan is the i-th of the DOM. The
 * scanner reads ASCII-compatible encodings only (UTF-8, Latin-1 ...). */
#ifndef ORGCHECK_SPAN_H
#define ORGCHECK_SPAN_H

#include <stddef.h>

#include <orgcheck/error.h>

#define ORGCHECK_SPAN_NONE ((size_t)-1)

struct orgcheck_span {
	size_t start;          /* the '<' of the start tag */
	size_t start_tag_end;  /* past the '>' of the start tag */
	size_t end_tag_start;  /* the '<' of the end tag; start_tag_end when self-closing */
	size_t end;            /* past the '>' of the end tag (of the start tag when self-closing) */
	size_t name;           /* where the qualified name starts in the data */
	size_t name_length;
	unsigned long line;      /* 1-based line of the start tag's '<' */
	unsigned long tag_line;  /* line of the start tag's '>': libxml2's node line */
	size_t parent;         /* index of the parent element, ORGCHECK_SPAN_NONE for the root */
	size_t depth;          /* 0 for the root */
	int self_closing;
};

struct orgcheck_spans {
	struct orgcheck_span *items;   /* in document order */
	size_t count;
};

/* Scans the size bytes of data into *out (caller releases it). Returns
 * 0, ORGCHECK_ENOMEM, or ORGCHECK_EINVAL with the byte offset when the
 * tags do not nest or a construct is not closed. */
int orgcheck_spans_scan(struct orgcheck_spans *out, struct orgcheck_error *err,
			const char *data, size_t size);

/* Frees the spans. spans may be NULL. */
void orgcheck_spans_release(struct orgcheck_spans *spans);

/* The index of the first element named qname (prefix included, as
 * written) whose start tag spans line (between its '<' and its '>'), or
 * ORGCHECK_SPAN_NONE. */
size_t orgcheck_spans_find(const struct orgcheck_spans *spans, const char *data,
			   unsigned long line, const char *qname);

/* Whether the element at index has the qualified name qname. */
int orgcheck_span_is(const struct orgcheck_span *span, const char *data, const char *qname);

/* The offset of the start of the line holding byte at. */
size_t orgcheck_span_line_start(const char *data, size_t at);

/* The whitespace that indents the element: sets *out_length to the
 * length of the run of spaces and tabs from the start of its line to its
 * '<' and returns 1, or returns 0 (length 0) when something else stands
 * before it on its line. */
int orgcheck_span_indent(size_t *out_length, const char *data, const struct orgcheck_span *span);

/* The value of the start tag's attribute name (as written, prefix
 * included): sets [*out_start, *out_end) to the bytes between its quotes
 * and returns 1, or returns 0 when the tag has no such attribute. */
int orgcheck_span_attribute(size_t *out_start, size_t *out_end, const char *data,
			    const struct orgcheck_span *span, const char *name);

/* Calls fn for each attribute of the start tag in order, with the bytes
 * of its name and of its value (between the quotes); stops and returns
 * what fn returns when it is not 0. */
int orgcheck_span_attributes(const char *data, const struct orgcheck_span *span,
			     int (*fn)(void *ctx, const char *name, size_t name_length,
				       const char *value, size_t value_length),
			     void *ctx);

/* The bytes to delete to remove the element: its line with its line
 * break when it stands alone on its line(s), else its span. */
void orgcheck_span_removal(size_t *out_start, size_t *out_end, const char *data, size_t size,
			   const struct orgcheck_span *span);

#endif
