/* Safe parsing of untrusted record files.
 *
 * Records come from contributors, so the parser loads nothing but the file
 * itself: no network, no external entities, no DTD (a document type
 * declaration stops the parse and is a finding), no XInclude, libxml2's
 * size limits on. Every element remembers the line and column of its
 * start tag, so findings can point at it. */
#ifndef ORGCHECK_PARSE_H
#define ORGCHECK_PARSE_H

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

/* Files larger than this are not parsed (a finding says so). Real records
 * are a few kilobytes; the limit keeps one hostile file from costing the
 * whole run its memory. */
#define ORGCHECK_PARSE_MAX_BYTES (16UL * 1024 * 1024)

/* The most parser errors reported for one file; libxml2 stops at the first
 * fatal one, but namespace errors can repeat for every element. */
#define ORGCHECK_PARSE_MAX_ERRORS 20

/* Limits on the shape of one record, checked by a linear scan of the text
 * before libxml2 sees it (a finding names the first place beyond one).
 * Real records stay far below them: the largest bundled record has about
 * 450 tags and no element with more than 6 attributes.
 *
 * Attributes on one element: libxml2 2.9.14 costs time quadratic in them
 * (each attribute is compared with every earlier one, and appended at the
 * end of a linked list it walks): 100,000 attributes took 150 seconds. */
#define ORGCHECK_PARSE_MAX_TAG_ATTRIBUTES 1000
/* Attributes in one file: each is a node, and the cost above is paid per
 * attribute, so 16 MiB of elements with 1000 attributes each took 4
 * seconds and 540 MB. */
#define ORGCHECK_PARSE_MAX_ATTRIBUTES 200000
/* Tags (elements, comments, processing instructions) in one file: each
 * becomes a node of some 120 bytes, so 16 MiB of "<a/>" held 880 MB. */
#define ORGCHECK_PARSE_MAX_TAGS 100000
/* Namespace declarations in one file: libxml2 looks every prefix up by
 * walking the declarations in scope, so many declarations times many
 * elements is quadratic too. */
#define ORGCHECK_PARSE_MAX_NAMESPACES 1000

/* Parses the file at path. On success *out receives the document, which
 * the caller frees with xmlFreeDoc. When the file cannot be read or is not
 * well-formed, findings (naming path) are added to findings, *out is NULL
 * and 0 is returned. Returns ORGCHECK_ENOMEM on allocation failure.
 *
 * A file in another encoding than UTF-8 (a byte-order mark, or the
 * encoding its XML declaration names) is converted to UTF-8 first, so the
 * shape limits above are checked on the very text libxml2 parses. An
 * <?xml-stylesheet?> processing instruction is a forbidden-markup finding;
 * the record is still read. */
int orgcheck_parse_file(xmlDocPtr *out, struct orgcheck_findings *findings,
			const char *path, struct orgcheck_error *err);

/* A parser for one thread: libxml2's parser context and dictionary, and
 * a read buffer, reused from one file to the next. The caller frees *out
 * with orgcheck_parse_context_free. Returns 0 or ORGCHECK_ENOMEM. */
struct orgcheck_parse_context;

int orgcheck_parse_context_new(struct orgcheck_parse_context **out, struct orgcheck_error *err);

void orgcheck_parse_context_free(struct orgcheck_parse_context *context);

/* orgcheck_parse_file with a context of this thread. A document it
 * returns may use the context's dictionary; libxml2 counts references to
 * it, so the document may outlive the context. */
int orgcheck_parse_file_with(xmlDocPtr *out, struct orgcheck_findings *findings,
			     struct orgcheck_parse_context *context, const char *path,
			     struct orgcheck_error *err);

/* orgcheck_parse_file_with in two steps, for a caller that looks at the
 * bytes before parsing them (the cache, input/cache.h): reads the file
 * into the context, setting *read_out to 1 and *stat_out to what fstat
 * said of it, or to 0 after a finding (cannot be read, too large, not a
 * regular file); then parses what was read. Both return 0 or
 * ORGCHECK_ENOMEM. */
struct stat;

int orgcheck_parse_context_read(int *read_out, struct stat *stat_out,
				struct orgcheck_findings *findings,
				struct orgcheck_parse_context *context, const char *path,
				struct orgcheck_error *err);

int orgcheck_parse_context_parse(xmlDocPtr *out, struct orgcheck_findings *findings,
				 struct orgcheck_parse_context *context, const char *path,
				 struct orgcheck_error *err);

/* Parses an in-memory document the same way; path names it in findings. */
int orgcheck_parse_memory(xmlDocPtr *out, struct orgcheck_findings *findings,
			  const char *path, const char *data, size_t size,
			  struct orgcheck_error *err);

/* orgcheck_parse_memory with a context of this thread, as
 * orgcheck_parse_file_with. */
int orgcheck_parse_memory_with(xmlDocPtr *out, struct orgcheck_findings *findings,
			       struct orgcheck_parse_context *context, const char *path,
			       const char *data, size_t size, struct orgcheck_error *err);

/* The bytes of the file the last orgcheck_parse_file_with call read with
 * context, as read (before any conversion to UTF-8), or NULL (and 0)
 * when it read none. *size_out gets their number. Borrowed: they live
 * until the context's next parse or its end. */
const char *orgcheck_parse_context_text(const struct orgcheck_parse_context *context, size_t *size_out);

/* The line and column of the start tag of an element parsed by this
 * module (of its parent element for other nodes). Both are 0 when unknown. */
void orgcheck_parse_node_position(unsigned long *line_out, unsigned long *column_out,
				  const xmlNode *node);

#endif
