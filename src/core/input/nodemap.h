/* Where each node of a parsed record stands in the bytes it was parsed
 * from, so an edit can change those bytes alone and keep the rest of the
 * file (indentation, comments, attribute order, quotes, character
 * references) as it is.
 *
 * libxml2 keeps no byte offsets in its tree, so the map walks the text
 * and the tree side by side: every start tag, attribute, end tag, text
 * run, comment, processing instruction and CDATA section of the text is
 * matched with its node, and a text that does not match the tree (a
 * document not parsed from these bytes) is refused rather than guessed
 * at. */
#ifndef ORGCHECK_INPUT_NODEMAP_H
#define ORGCHECK_INPUT_NODEMAP_H

#include <stddef.h>

#include <libxml/tree.h>

#include <orgcheck/error.h>

/* Offsets into the text, end exclusive. For an element, [start, end)
 * runs from its '<' to the '>' of its end tag (or of "/>"); inner_start
 * is just after the start tag's '>' and inner_end at its end tag's "</"
 * (both equal end for an empty-element tag); name_end just after the
 * name in the start tag; attr_end just after the last attribute (or the
 * name). For an attribute, [start, end) runs from its name to its
 * closing quote, and [inner_start, inner_end) is the value between the
 * quotes (quote is ' or "). For text, CDATA, comments and processing
 * instructions [start, end) is the whole of it and [inner_start,
 * inner_end) its content as written (without "<![CDATA[" and "]]>"). */
struct orgcheck_node_span {
	size_t start;
	size_t end;
	size_t inner_start;
	size_t inner_end;
	size_t name_end;
	size_t attr_end;
	char quote;
	unsigned char self_closing;
};

struct orgcheck_node_map;

/* Maps doc, parsed from the size bytes at text (UTF-8: a document in
 * another encoding was converted before it was parsed, so its offsets
 * would be the converted text's), into *out, which the caller frees with
 * orgcheck_node_map_free. The map borrows text and doc: both must
 * outlive it. A text that does not match the tree is ORGCHECK_EINVAL
 * with the place in err. */
int orgcheck_node_map_new(struct orgcheck_node_map **out, const char *text, size_t size, xmlDocPtr doc,
			  struct orgcheck_error *err);

void orgcheck_node_map_free(struct orgcheck_node_map *map);

/* The span of node (an element, attribute, text, CDATA, comment or
 * processing instruction of the mapped document), or NULL. Borrowed from
 * the map. */
const struct orgcheck_node_span *orgcheck_node_span_of(const struct orgcheck_node_map *map, const xmlNode *node);

/* The text the map was made from. */
const char *orgcheck_node_map_text(const struct orgcheck_node_map *map, size_t *size_out);

/* How the content of a text node or attribute value as written maps to
 * its value: *out receives value_length + 1 offsets into the text, the
 * i-th where the written form of the value's i-th byte starts (the last
 * is the end), with character and entity references, line ends and, in
 * attributes, normalised white space undone. The caller frees *out.
 * ORGCHECK_EINVAL when the written form does not give the value. */
int orgcheck_node_value_offsets(size_t **out, const struct orgcheck_node_map *map, const xmlNode *node,
				const char *value, size_t value_length, struct orgcheck_error *err);

#endif
