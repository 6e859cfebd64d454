/* Shared handling of libxml2's structured errors (internal to the core). */
#ifndef ORGCHECK_XMLERR_H
#define ORGCHECK_XMLERR_H

#include <stddef.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* libxml2 2.12 made the structured error callback take a const pointer;
 * 2.9 (Debian bookworm) does not. One name for both. */
#if LIBXML_VERSION >= 21200
typedef const xmlError orgcheck_xml_error;
#else
typedef xmlError orgcheck_xml_error;
#endif

/* Rewrites a libxml2 message in orgcheck's style into buf: trailing
 * white space and a final period removed, line breaks inside made
 * spaces (a finding is one line), orgcheck's namespaces ("{urn:orgcheck:record:1}")
 * dropped from names, a long list of allowed values shortened, and the
 * first letter lower-cased unless it starts an acronym ("XML"). */
void orgcheck_xmlerr_message(char *buf, size_t size, const char *message);

#endif
