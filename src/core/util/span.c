#include "util/span.h"

#include <stdlib.h>
#include <string.h>

struct scanner {
	const char *data;
	size_t size;
	size_t at;
	unsigned long line;
	struct orgcheck_spans *spans;
	size_t capacity;
	struct orgcheck_error *err;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A name character, leniently: anything but markup and whitespace, so
 * UTF-8 names pass byte by byte. */
static int is_name(char c)
{
	return c != '\0' && !is_space(c) && c != '>' && c != '/' && c != '=' && c != '<' &&
	       c != '"' && c != '\'';
}

/* Moves to offset to, counting the line breaks passed as libxml2 counts
 * them (a CR not followed by LF is a break too). */
static void advance(struct scanner *s, size_t to)
{
	while (s->at < to) {
		char c = s->data[s->at++];

		if (c == '\n' || (c == '\r' && (s->at >= s->size || s->data[s->at] != '\n')))
			s->line++;
	}
}

static int starts(const struct scanner *s, const char *text)
{
	size_t length = strlen(text);

	return s->size - s->at >= length && memcmp(s->data + s->at, text, length) == 0;
}

static int unclosed(struct scanner *s, const char *what, size_t from)
{
	return orgcheck_error_set(s->err, ORGCHECK_EINVAL, "%s at byte %zu is not closed", what, from);
}

/* Skips past the next occurrence of end. */
static int skip_past(struct scanner *s, const char *end, const char *what)
{
	size_t from = s->at;
	size_t length = strlen(end);
	size_t i;

	for (i = s->at; i + length <= s->size; i++)
		if (memcmp(s->data + i, end, length) == 0) {
			advance(s, i + length);
			return 0;
		}
	return unclosed(s, what, from);
}

/* A markup declaration (<!DOCTYPE ...>), its internal subset with the
 * comments, processing instructions and quoted strings in it. */
static int skip_declaration(struct scanner *s)
{
	size_t from = s->at;
	int depth = 0;
	int rc = 0;

	advance(s, s->at + 2);
	while (s->at < s->size) {
		char c = s->data[s->at];

		if (c == '"' || c == '\'') {
			const char *close = memchr(s->data + s->at + 1, c, s->size - s->at - 1);

			if (close == NULL)
				return unclosed(s, "a quoted string", s->at);
			advance(s, (size_t)(close - s->data) + 1);
		} else if (starts(s, "<!--")) {
			rc = skip_past(s, "-->", "a comment");
			if (rc < 0)
				return rc;
		} else if (starts(s, "<?")) {
			rc = skip_past(s, "?>", "a processing instruction");
			if (rc < 0)
				return rc;
		} else if (c == '[') {
			depth++;
			advance(s, s->at + 1);
		} else if (c == ']') {
			depth--;
			advance(s, s->at + 1);
		} else if (c == '>' && depth <= 0) {
			advance(s, s->at + 1);
			return 0;
		} else {
			advance(s, s->at + 1);
		}
	}
	return unclosed(s, "a declaration", from);
}

static int push(struct scanner *s, const struct orgcheck_span *span)
{
	struct orgcheck_spans *spans = s->spans;
	struct orgcheck_span *items = NULL;
	size_t capacity = 0;

	if (spans->count == s->capacity) {
		capacity = s->capacity ? s->capacity * 2 : 64;
		/* Catch size_t overflow before it wraps. */
		if (capacity > ((size_t)-1) / sizeof(*items))
			return orgcheck_error_nomem(s->err);
		items = realloc(spans->items, capacity * sizeof(*items));
		if (items == NULL)
			return orgcheck_error_nomem(s->err);
		spans->items = items;
		s->capacity = capacity;
	}
	spans->items[spans->count++] = *span;
	return 0;
}

/* A start tag at s->at: its name, then attributes up to '>' or '/>',
 * with quoted values that may hold either. */
static int start_tag(struct scanner *s, size_t *open)
{
	struct orgcheck_span span = { 0 };
	size_t index = s->spans->count;

	span.start = s->at;
	span.line = s->line;
	span.parent = *open;
	span.depth = *open == ORGCHECK_SPAN_NONE ? 0 : s->spans->items[*open].depth + 1;
	advance(s, s->at + 1);
	span.name = s->at;
	while (s->at < s->size && is_name(s->data[s->at]))
		s->at++;
	span.name_length = s->at - span.name;
	if (span.name_length == 0)
		return orgcheck_error_set(s->err, ORGCHECK_EINVAL, "a '<' without a name at byte %zu",
					  span.start);
	while (s->at < s->size) {
		char c = s->data[s->at];

		if (c == '"' || c == '\'') {
			const char *close = memchr(s->data + s->at + 1, c, s->size - s->at - 1);

			if (close == NULL)
				return unclosed(s, "an attribute value", s->at);
			advance(s, (size_t)(close - s->data) + 1);
		} else if (c == '>' || (c == '/' && s->at + 1 < s->size && s->data[s->at + 1] == '>')) {
			span.self_closing = c == '/';
			advance(s, s->at + (c == '/' ? 2 : 1));
			span.start_tag_end = s->at;
			span.tag_line = s->line;
			if (span.self_closing) {
				span.end_tag_start = s->at;
				span.end = s->at;
			} else {
				*open = index;
			}
			return push(s, &span);
		} else if (c == '<') {
			break;
		} else {
			advance(s, s->at + 1);
		}
	}
	return unclosed(s, "a start tag", span.start);
}

static int end_tag(struct scanner *s, size_t *open)
{
	size_t from = s->at;
	size_t name = 0;
	struct orgcheck_span *span = NULL;

	advance(s, s->at + 2);
	name = s->at;
	while (s->at < s->size && is_name(s->data[s->at]))
		s->at++;
	if (*open == ORGCHECK_SPAN_NONE)
		return orgcheck_error_set(s->err, ORGCHECK_EINVAL, "an end tag at byte %zu closes nothing", from);
	span = &s->spans->items[*open];
	if (s->at - name != span->name_length ||
	    memcmp(s->data + name, s->data + span->name, span->name_length) != 0)
		return orgcheck_error_set(s->err, ORGCHECK_EINVAL,
					  "the end tag at byte %zu does not close the element at byte %zu",
					  from, span->start);
	while (s->at < s->size && is_space(s->data[s->at]))
		advance(s, s->at + 1);
	if (s->at >= s->size || s->data[s->at] != '>')
		return unclosed(s, "an end tag", from);
	span->end_tag_start = from;
	advance(s, s->at + 1);
	span->end = s->at;
	*open = span->parent;
	return 0;
}

int orgcheck_spans_scan(struct orgcheck_spans *out, struct orgcheck_error *err,
			const char *data, size_t size)
{
	struct scanner s = { data, size, 0, 1, out, 0, err };
	size_t open = ORGCHECK_SPAN_NONE;
	const char *next = NULL;
	int rc = 0;

	out->items = NULL;
	out->count = 0;
	while (s.at < size) {
		next = memchr(data + s.at, '<', size - s.at);
		if (next == NULL) {
			advance(&s, size);
			break;
		}
		advance(&s, (size_t)(next - data));
		if (starts(&s, "<!--"))
			rc = skip_past(&s, "-->", "a comment");
		else if (starts(&s, "<![CDATA["))
			rc = skip_past(&s, "]]>", "a CDATA section");
		else if (starts(&s, "<?"))
			rc = skip_past(&s, "?>", "a processing instruction");
		else if (starts(&s, "<!"))
			rc = skip_declaration(&s);
		else if (starts(&s, "</"))
			rc = end_tag(&s, &open);
		else
			rc = start_tag(&s, &open);
		if (rc < 0)
			goto done;
	}
	if (open != ORGCHECK_SPAN_NONE)
		rc = unclosed(&s, "the element", out->items[open].start);
done:
	if (rc < 0)
		orgcheck_spans_release(out);
	return rc;
}

void orgcheck_spans_release(struct orgcheck_spans *spans)
{
	if (spans == NULL)
		return;
	free(spans->items);
	spans->items = NULL;
	spans->count = 0;
}

int orgcheck_span_is(const struct orgcheck_span *span, const char *data, const char *qname)
{
	return strlen(qname) == span->name_length &&
	       memcmp(data + span->name, qname, span->name_length) == 0;
}

size_t orgcheck_spans_find(const struct orgcheck_spans *spans, const char *data,
			   unsigned long line, const char *qname)
{
	size_t i;

	for (i = 0; i < spans->count; i++) {
		const struct orgcheck_span *span = &spans->items[i];

		if (span->line <= line && line <= span->tag_line && orgcheck_span_is(span, data, qname))
			return i;
	}
	return ORGCHECK_SPAN_NONE;
}

size_t orgcheck_span_line_start(const char *data, size_t at)
{
	while (at > 0 && data[at - 1] != '\n' && data[at - 1] != '\r')
		at--;
	return at;
}

int orgcheck_span_indent(size_t *out_length, const char *data, const struct orgcheck_span *span)
{
	size_t from = orgcheck_span_line_start(data, span->start);
	size_t i;

	*out_length = 0;
	for (i = from; i < span->start; i++)
		if (data[i] != ' ' && data[i] != '\t')
			return 0;
	*out_length = span->start - from;
	return 1;
}

void orgcheck_span_removal(size_t *out_start, size_t *out_end, const char *data, size_t size,
			   const struct orgcheck_span *span)
{
	size_t indent = 0;
	size_t end = span->end;

	*out_start = span->start;
	*out_end = span->end;
	if (!orgcheck_span_indent(&indent, data, span))
		return;
	while (end < size && (data[end] == ' ' || data[end] == '\t'))
		end++;
	if (end < size && data[end] == '\r')
		end++;
	if (end < size && data[end] == '\n')
		end++;
	else if (end < size && data[end - 1] != '\r')
		return;
	*out_start = span->start - indent;
	*out_end = end;
}

int orgcheck_span_attributes(const char *data, const struct orgcheck_span *span,
			     int (*fn)(void *ctx, const char *name, size_t name_length,
				       const char *value, size_t value_length),
			     void *ctx)
{
	size_t at = span->name + span->name_length;
	size_t end = span->start_tag_end;
	size_t name = 0;
	size_t name_length = 0;
	const char *close = NULL;
	char quote = 0;
	int rc = 0;

	while (at < end) {
		while (at < end && is_space(data[at]))
			at++;
		name = at;
		while (at < end && is_name(data[at]))
			at++;
		name_length = at - name;
		if (name_length == 0)
			break;
		while (at < end && (is_space(data[at]) || data[at] == '='))
			at++;
		if (at >= end || (data[at] != '"' && data[at] != '\''))
			break;
		quote = data[at];
		close = memchr(data + at + 1, quote, end - at - 1);
		if (close == NULL)
			break;
		rc = fn(ctx, data + name, name_length, data + at + 1, (size_t)(close - data) - at - 1);
		if (rc != 0)
			return rc;
		at = (size_t)(close - data) + 1;
	}
	return 0;
}

struct attribute_search {
	const char *data;
	const char *name;
	size_t start;
	size_t end;
};

static int match_attribute(void *ctx, const char *name, size_t name_length, const char *value,
			   size_t value_length)
{
	struct attribute_search *search = ctx;

	if (strlen(search->name) != name_length || memcmp(search->name, name, name_length) != 0)
		return 0;
	search->start = (size_t)(value - search->data);
	search->end = search->start + value_length;
	return 1;
}

int orgcheck_span_attribute(size_t *out_start, size_t *out_end, const char *data,
			    const struct orgcheck_span *span, const char *name)
{
	struct attribute_search search = { data, name, 0, 0 };

	*out_start = 0;
	*out_end = 0;
	if (orgcheck_span_attributes(data, span, match_attribute, &search) != 1)
		return 0;
	*out_start = search.start;
	*out_end = search.end;
	return 1;
}
