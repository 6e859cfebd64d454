/* The byte span of each node of a record in the text it was parsed
 * from: the text and the tree are walked side by side (see span.h). */
#include "input/nodemap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct span_entry {
	const xmlNode *node;
	struct orgcheck_node_span span;
};

struct orgcheck_node_map {
	const char *text;
	size_t size;
	struct span_entry *slots;   /* open addressing by node pointer */
	size_t capacity;            /* a power of two */
	size_t count;
};

struct walker {
	struct orgcheck_node_map *map;
	const char *t;
	size_t n;
	size_t pos;
	const char *path;
	struct orgcheck_error *err;
};

static size_t hash_node(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 17;
	v *= 0x9E3779B97F4A7C15ULL & UINTPTR_MAX;
	v ^= v >> 29;
	return (size_t)v;
}

static int map_grow(struct orgcheck_node_map *map)
{
	size_t capacity = map->capacity ? map->capacity * 2 : 256;
	struct span_entry *slots = calloc(capacity, sizeof(*slots));
	size_t i;
	size_t slot;

	if (slots == NULL)
		return -1;
	for (i = 0; i < map->capacity; i++) {
		if (map->slots[i].node == NULL)
			continue;
		slot = hash_node(map->slots[i].node) & (capacity - 1);
		while (slots[slot].node != NULL)
			slot = (slot + 1) & (capacity - 1);
		slots[slot] = map->slots[i];
	}
	free(map->slots);
	map->slots = slots;
	map->capacity = capacity;
	return 0;
}

static int put(struct walker *w, const void *node, const struct orgcheck_node_span *span)
{
	struct orgcheck_node_map *map = w->map;
	size_t slot;

	if ((map->count + 1) * 2 > map->capacity && map_grow(map) < 0)
		return orgcheck_error_nomem(w->err);
	slot = hash_node(node) & (map->capacity - 1);
	while (map->slots[slot].node != NULL && map->slots[slot].node != node)
		slot = (slot + 1) & (map->capacity - 1);
	if (map->slots[slot].node == NULL)
		map->count++;
	map->slots[slot].node = node;
	map->slots[slot].span = *span;
	return 0;
}

static int fail(struct walker *w, const char *what)
{
	return orgcheck_error_set(w->err, ORGCHECK_EINVAL, "%s: byte %zu: %s", w->path, w->pos, what);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int starts(const struct walker *w, const char *s)
{
	size_t length = strlen(s);

	return w->n - w->pos >= length && memcmp(w->t + w->pos, s, length) == 0;
}

/* The offset of s at or after from, or n. */
static size_t find(const struct walker *w, size_t from, const char *s)
{
	size_t length = strlen(s);
	size_t i;

	for (i = from; i + length <= w->n; i++) {
		if (memcmp(w->t + i, s, length) == 0)
			return i;
	}
	return w->n;
}

/* Whether the name written at [start, end) is the qualified name of node. */
static int same_name(const struct walker *w, size_t start, size_t end, const xmlNode *node)
{
	const char *prefix = node->ns && node->ns->prefix ? (const char *)node->ns->prefix : NULL;
	size_t prefix_length = prefix ? strlen(prefix) + 1 : 0;
	size_t local_length = strlen((const char *)node->name);

	if (end - start != prefix_length + local_length)
		return 0;
	if (prefix != NULL && (memcmp(w->t + start, prefix, prefix_length - 1) != 0 ||
			       w->t[start + prefix_length - 1] != ':'))
		return 0;
	return memcmp(w->t + start + prefix_length, node->name, local_length) == 0;
}

static int walk_children(struct walker *w, xmlNodePtr parent, int top, size_t *end_tag_out);

/* Whether text, after any byte-order mark, is UTF-8 by its XML
 * declaration (none, or encoding UTF-8 or US-ASCII). */
static int is_utf8(const char *text, size_t size)
{
	const char *end = NULL;
	const char *at = NULL;
	char quote = 0;
	size_t length = 0;

	if (size >= 2 && ((unsigned char)text[0] == 0xFE || (unsigned char)text[0] == 0xFF || text[0] == '\0' ||
			  text[1] == '\0'))
		return 0;
	if (size < 6 || memcmp(text, "<?xml", 5) != 0)
		return 1;
	end = memchr(text, '>', size);
	if (end == NULL)
		return 1;
	for (at = text; at + 8 < end; at++) {
		if (memcmp(at, "encoding", 8) == 0)
			break;
	}
	if (at + 8 >= end)
		return 1;
	at += 8;
	while (at < end && (*at == ' ' || *at == '=' || *at == '\t' || *at == '\r' || *at == '\n'))
		at++;
	if (at >= end || (*at != '"' && *at != '\''))
		return 0;
	quote = *at++;
	while (at + length < end && at[length] != quote)
		length++;
	return (length == 5 && strncasecmp(at, "utf-8", 5) == 0) ||
	       (length == 8 && strncasecmp(at, "us-ascii", 8) == 0) ||
	       (length == 5 && strncasecmp(at, "ascii", 5) == 0);
}

/* Reads the markup of one delimited kind ("<!--" ... "-->") as node. */
static int walk_delimited(struct walker *w, xmlNodePtr *child, xmlElementType type, const char *open,
			  const char *close)
{
	struct orgcheck_node_span span;
	size_t close_at = find(w, w->pos + strlen(open), close);

	if (close_at == w->n)
		return fail(w, "unterminated markup");
	memset(&span, 0, sizeof(span));
	span.start = w->pos;
	span.inner_start = w->pos + strlen(open);
	span.inner_end = close_at;
	span.end = close_at + strlen(close);
	w->pos = span.end;
	if (*child == NULL || (*child)->type != type)
		return fail(w, "the text does not match the tree");
	if (put(w, *child, &span) < 0)
		return ORGCHECK_ENOMEM;
	*child = (*child)->next;
	return 0;
}

static int walk_element(struct walker *w, xmlNodePtr element)
{
	struct orgcheck_node_span span;
	struct orgcheck_node_span attr_span;
	xmlAttrPtr attr = element->properties;
	size_t name_start = 0;
	size_t value_end = 0;
	size_t end_tag = 0;
	int rc = 0;

	memset(&span, 0, sizeof(span));
	span.start = w->pos;
	name_start = ++w->pos;
	while (w->pos < w->n && !is_space(w->t[w->pos]) && w->t[w->pos] != '/' && w->t[w->pos] != '>')
		w->pos++;
	if (!same_name(w, name_start, w->pos, element))
		return fail(w, "an element of the text does not match the tree");
	span.name_end = span.attr_end = w->pos;
	for (;;) {
		while (w->pos < w->n && is_space(w->t[w->pos]))
			w->pos++;
		if (w->pos >= w->n)
			return fail(w, "unterminated start tag");
		if (starts(w, "/>")) {
			w->pos += 2;
			span.self_closing = 1;
			break;
		}
		if (w->t[w->pos] == '>') {
			w->pos++;
			break;
		}
		memset(&attr_span, 0, sizeof(attr_span));
		attr_span.start = w->pos;
		while (w->pos < w->n && !is_space(w->t[w->pos]) && w->t[w->pos] != '=')
			w->pos++;
		attr_span.name_end = w->pos;
		while (w->pos < w->n && is_space(w->t[w->pos]))
			w->pos++;
		if (w->pos >= w->n || w->t[w->pos] != '=')
			return fail(w, "an attribute without a value");
		w->pos++;
		while (w->pos < w->n && is_space(w->t[w->pos]))
			w->pos++;
		if (w->pos >= w->n || (w->t[w->pos] != '"' && w->t[w->pos] != '\''))
			return fail(w, "an attribute value without quotes");
		attr_span.quote = w->t[w->pos];
		attr_span.inner_start = w->pos + 1;
		for (value_end = attr_span.inner_start; value_end < w->n && w->t[value_end] != attr_span.quote;
		     value_end++)
			;
		if (value_end >= w->n)
			return fail(w, "an unterminated attribute value");
		attr_span.inner_end = value_end;
		attr_span.end = attr_span.attr_end = value_end + 1;
		w->pos = attr_span.end;
		span.attr_end = w->pos;
		/* Namespace declarations are not attributes in the tree. */
		if ((attr_span.name_end - attr_span.start == 5 && memcmp(w->t + attr_span.start, "xmlns", 5) == 0) ||
		    (attr_span.name_end - attr_span.start > 6 && memcmp(w->t + attr_span.start, "xmlns:", 6) == 0))
			continue;
		if (attr == NULL || !same_name(w, attr_span.start, attr_span.name_end, (const xmlNode *)attr))
			return fail(w, "an attribute of the text does not match the tree");
		if (put(w, attr, &attr_span) < 0)
			return ORGCHECK_ENOMEM;
		attr = attr->next;
	}
	if (attr != NULL)
		return fail(w, "an attribute of the tree is not in the text");
	span.inner_start = w->pos;
	if (span.self_closing) {
		span.inner_end = span.end = w->pos;
	} else {
		rc = walk_children(w, element, 0, &end_tag);
		if (rc < 0)
			return rc;
		span.inner_end = end_tag;
		span.end = w->pos;
		if (!same_name(w, end_tag + 2, find(w, end_tag, ">"), element)) {
			/* An end tag may have white space before its '>'. */
			size_t e = find(w, end_tag, ">");

			while (e > end_tag + 2 && is_space(w->t[e - 1]))
				e--;
			if (!same_name(w, end_tag + 2, e, element))
				return fail(w, "an end tag does not match its start tag");
		}
	}
	return put(w, element, &span);
}

/* Walks the content of parent up to its end tag (whose "</" offset goes
 * to *end_tag_out), or, at the top, to the end of the text. */
static int walk_children(struct walker *w, xmlNodePtr parent, int top, size_t *end_tag_out)
{
	xmlNodePtr child = parent->children;
	struct orgcheck_node_span span;
	size_t start = 0;
	size_t close_at = 0;
	int blank = 0;
	int rc = 0;

	while (rc == 0) {
		if (w->pos >= w->n) {
			if (!top)
				return fail(w, "the text ends inside an element");
			return child == NULL ? 0 : fail(w, "the tree has more than the text");
		}
		if (w->t[w->pos] != '<') {
			start = w->pos;
			blank = 1;
			while (w->pos < w->n && w->t[w->pos] != '<') {
				if (!is_space(w->t[w->pos]))
					blank = 0;
				w->pos++;
			}
			if (top) {
				if (!blank)
					return fail(w, "text outside the root element");
				continue;
			}
			if (child != NULL && child->type == XML_TEXT_NODE) {
				memset(&span, 0, sizeof(span));
				span.start = span.inner_start = start;
				span.end = span.inner_end = w->pos;
				rc = put(w, child, &span);
				child = child->next;
			} else if (!blank) {
				return fail(w, "text of the text is not in the tree");
			}
			continue;
		}
		if (starts(w, "<!--")) {
			rc = walk_delimited(w, &child, XML_COMMENT_NODE, "<!--", "-->");
		} else if (starts(w, "<![CDATA[")) {
			rc = walk_delimited(w, &child, XML_CDATA_SECTION_NODE, "<![CDATA[", "]]>");
		} else if (starts(w, "<?")) {
			if (top && w->pos + 5 < w->n && memcmp(w->t + w->pos, "<?xml", 5) == 0 &&
			    is_space(w->t[w->pos + 5])) {
				/* The XML declaration is no node. */
				close_at = find(w, w->pos, "?>");
				if (close_at == w->n)
					return fail(w, "unterminated XML declaration");
				w->pos = close_at + 2;
				continue;
			}
			rc = walk_delimited(w, &child, XML_PI_NODE, "<?", "?>");
		} else if (starts(w, "<!")) {
			return fail(w, "a document type declaration");
		} else if (starts(w, "</")) {
			if (top)
				return fail(w, "an end tag outside the root element");
			if (child != NULL)
				return fail(w, "the tree has more than the text");
			*end_tag_out = w->pos;
			close_at = find(w, w->pos, ">");
			if (close_at == w->n)
				return fail(w, "unterminated end tag");
			w->pos = close_at + 1;
			return 0;
		} else {
			if (child == NULL || child->type != XML_ELEMENT_NODE)
				return fail(w, "an element of the text is not in the tree");
			rc = walk_element(w, child);
			child = child->next;
		}
	}
	return rc;
}

int orgcheck_node_map_new(struct orgcheck_node_map **out, const char *text, size_t size, xmlDocPtr doc,
			  struct orgcheck_error *err)
{
	struct orgcheck_node_map *map = NULL;
	struct walker w;
	int rc = 0;

	*out = NULL;
	map = calloc(1, sizeof(*map));
	if (map == NULL)
		return orgcheck_error_nomem(err);
	map->text = text;
	map->size = size;
	memset(&w, 0, sizeof(w));
	w.map = map;
	w.t = text;
	w.n = size;
	w.err = err;
	w.path = doc->URL ? (const char *)doc->URL : "document";
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		w.pos = 3;
	/* Offsets into text must be those of the UTF-8 the tree holds, and
	 * new content is written in UTF-8. */
	if (!is_utf8(text + w.pos, size - w.pos))
		rc = fail(&w, "the file is not in UTF-8");
	else
		rc = walk_children(&w, (xmlNodePtr)doc, 1, NULL);
	if (rc < 0) {
		orgcheck_node_map_free(map);
		return rc;
	}
	*out = map;
	return 0;
}

void orgcheck_node_map_free(struct orgcheck_node_map *map)
{
	if (map == NULL)
		return;
	free(map->slots);
	free(map);
}

const struct orgcheck_node_span *orgcheck_node_span_of(const struct orgcheck_node_map *map, const xmlNode *node)
{
	size_t slot;

	if (map == NULL || map->capacity == 0 || node == NULL)
		return NULL;
	slot = hash_node(node) & (map->capacity - 1);
	while (map->slots[slot].node != NULL) {
		if (map->slots[slot].node == node)
			return &map->slots[slot].span;
		slot = (slot + 1) & (map->capacity - 1);
	}
	return NULL;
}

const char *orgcheck_node_map_text(const struct orgcheck_node_map *map, size_t *size_out)
{
	*size_out = map->size;
	return map->text;
}

/* The UTF-8 form of code point c into buf; its length (0: not a char). */
static size_t utf8_encode(char *buf, unsigned long c)
{
	if (c < 0x80) {
		buf[0] = (char)c;
		return c == 0 ? 0 : 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xC0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xE0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	if (c < 0x110000) {
		buf[0] = (char)(0xF0 | (c >> 18));
		buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[3] = (char)(0x80 | (c & 0x3F));
		return 4;
	}
	return 0;
}

/* The value the reference at t[p] (after '&', up to ';' at semi) stands for. */
static size_t decode_reference(char *buf, const char *ref, size_t length)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' } };
	unsigned long c = 0;
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (strlen(named[i].name) == length && memcmp(ref, named[i].name, length) == 0) {
			buf[0] = named[i].c;
			return 1;
		}
	}
	if (length < 2 || ref[0] != '#')
		return 0;
	if (ref[1] == 'x') {
		for (i = 2; i < length; i++) {
			char d = ref[i];

			if (c > 0x10FFFF)
				return 0;
			c = c * 16 + (unsigned long)(d >= '0' && d <= '9' ? d - '0' :
						     d >= 'a' && d <= 'f' ? d - 'a' + 10 :
						     d >= 'A' && d <= 'F' ? d - 'A' + 10 : 99);
			if ((d < '0' || d > '9') && (d < 'a' || d > 'f') && (d < 'A' || d > 'F'))
				return 0;
		}
		return length > 2 ? utf8_encode(buf, c) : 0;
	}
	for (i = 1; i < length; i++) {
		if (ref[i] < '0' || ref[i] > '9' || c > 0x10FFFF)
			return 0;
		c = c * 10 + (unsigned long)(ref[i] - '0');
	}
	return utf8_encode(buf, c);
}

int orgcheck_node_value_offsets(size_t **out, const struct orgcheck_node_map *map, const xmlNode *node,
				const char *value, size_t value_length, struct orgcheck_error *err)
{
	const struct orgcheck_node_span *span = orgcheck_node_span_of(map, node);
	int attribute = node->type == XML_ATTRIBUTE_NODE;
	int cdata = node->type == XML_CDATA_SECTION_NODE;
	size_t *offsets = NULL;
	const char *t = map->text;
	size_t p = 0;
	size_t i = 0;
	size_t j = 0;
	size_t k = 0;
	char buf[4];

	*out = NULL;
	if (span == NULL)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "the node is not in the text");
	offsets = malloc((value_length + 1) * sizeof(*offsets));
	if (offsets == NULL)
		return orgcheck_error_nomem(err);
	for (p = span->inner_start; p < span->inner_end;) {
		size_t from = p;

		k = 1;
		if (cdata) {
			buf[0] = t[p++];
		} else if (t[p] == '&') {
			size_t semi = p + 1;

			while (semi < span->inner_end && t[semi] != ';')
				semi++;
			k = semi < span->inner_end ? decode_reference(buf, t + p + 1, semi - p - 1) : 0;
			if (k == 0)
				goto mismatch;
			p = semi + 1;
		} else if (t[p] == '\r') {
			buf[0] = attribute ? ' ' : '\n';
			p += p + 1 < span->inner_end && t[p + 1] == '\n' ? 2 : 1;
		} else if (attribute && (t[p] == '\n' || t[p] == '\t')) {
			buf[0] = ' ';
			p++;
		} else {
			buf[0] = t[p++];
		}
		for (j = 0; j < k; j++) {
			if (i >= value_length || value[i] != buf[j])
				goto mismatch;
			offsets[i++] = from;
		}
	}
	if (i != value_length)
		goto mismatch;
	offsets[value_length] = span->inner_end;
	*out = offsets;
	return 0;

mismatch:
	free(offsets);
	return orgcheck_error_set(err, ORGCHECK_EINVAL, "the text as written does not give its value");
}
