/* Reading the DOM libxml2 builds (internal to the core). */
#ifndef ORGCHECK_XML_H
#define ORGCHECK_XML_H

#include <libxml/tree.h>

/* The value of node's attribute name (in no namespace), borrowed from the
 * DOM, or NULL when there is none or its value is not plain text. */
const char *orgcheck_xml_attribute(const xmlNode *node, const char *name);

#endif
