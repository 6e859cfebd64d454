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

#include "error.h"
#include "findings.h"

/* Files larger than this are not parsed (a finding says so). Real records
 * are a few kilobytes; the limit keeps one hostile file from costing the
 * whole run its memory. */
#define ORGCHECK_PARSE_MAX_BYTES (16UL * 1024 * 1024)

/* The most parser errors reported for one file; libxml2 stops at the first
 * fatal one, but namespace errors can repeat for every element. */
#define ORGCHECK_PARSE_MAX_ERRORS 20

/* Parses the file at path. On success *out receives the document, which
 * the caller frees with xmlFreeDoc. When the file cannot be read or is not
 * well-formed, findings (naming path) are added to findings, *out is NULL
 * and 0 is returned. Returns ORGCHECK_ENOMEM on allocation failure. */
int orgcheck_parse_file(xmlDocPtr *out, struct orgcheck_findings *findings,
			const char *path, struct orgcheck_error *err);

/* Parses an in-memory document the same way; path names it in findings. */
int orgcheck_parse_memory(xmlDocPtr *out, struct orgcheck_findings *findings,
			  const char *path, const char *data, size_t size,
			  struct orgcheck_error *err);

/* The line and column of the start tag of an element parsed by this
 * module (of its parent element for other nodes). Both are 0 when unknown. */
void orgcheck_parse_node_position(unsigned long *line_out, unsigned long *column_out,
				  const xmlNode *node);

#endif
