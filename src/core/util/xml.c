#include "util/xml.h"

const char *orgcheck_xml_attribute(const xmlNode *node, const char *name)
{
	const xmlAttr *attr = NULL;

	for (attr = node->properties; attr != NULL; attr = attr->next) {
		/* The first byte rules out most attributes without a call. */
		if (attr->ns == NULL && attr->name != NULL && attr->name[0] == (xmlChar)name[0] &&
		    xmlStrEqual(attr->name, (const xmlChar *)name) &&
		    attr->children != NULL && attr->children->type == XML_TEXT_NODE)
			return (const char *)attr->children->content;
	}
	return NULL;
}
