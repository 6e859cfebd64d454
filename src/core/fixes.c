/* The built-in fixes (OC114, OC120, OC110, OC102), and planning, checking
 * again, writing and showing them.
 *
 * A fix is made on the bytes of the file: the elements it touches are
 * found by their line and name in those bytes (util/span.h), the text it
 * inserts is indented like the siblings it joins, and nothing else of the
 * file is rewritten. */
#include <orgcheck/fixes.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/corpus.h"
#include "model/model.h"
#include "model/vocab.h"
#include "util/span.h"

/* ---------------------------------------------------------------- text */

struct text {
	char *data;
	size_t length;
	size_t capacity;
	int failed;
};

static void text_add(struct text *t, const char *bytes, size_t length)
{
	char *grown = NULL;
	size_t capacity = 0;

	if (t->failed)
		return;
	if (t->length + length + 1 > t->capacity) {
		capacity = t->capacity ? t->capacity : 256;
		while (capacity < t->length + length + 1) {
			/* Catch size_t overflow before it wraps. */
			if (capacity > ((size_t)-1) / 2) {
				t->failed = 1;
				return;
			}
			capacity *= 2;
		}
		grown = realloc(t->data, capacity);
		if (grown == NULL) {
			t->failed = 1;
			return;
		}
		t->data = grown;
		t->capacity = capacity;
	}
	memcpy(t->data + t->length, bytes, length);
	t->length += length;
	t->data[t->length] = '\0';
}

static void text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

/* Text for an attribute value or element content, with the characters
 * XML gives a meaning escaped. */
static void text_escaped(struct text *t, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '&')
			text_str(t, "&amp;");
		else if (*s == '<')
			text_str(t, "&lt;");
		else if (*s == '>')
			text_str(t, "&gt;");
		else if (*s == '"')
			text_str(t, "&quot;");
		else
			text_add(t, s, 1);
	}
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void text_printf(struct text *t, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int length = 0;

	va_start(ap, fmt);
	length = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (length < 0) {
		t->failed = 1;
		return;
	}
	/* Descriptions are short; a longer one is cut, not lost. */
	text_add(t, buf, (size_t)length < sizeof(buf) ? (size_t)length : sizeof(buf) - 1);
}

/* ---------------------------------------------------------------- files */

/* A file the fixes look at: its bytes and the spans of its elements. */
struct source {
	const char *path;
	const char *data;
	size_t size;
	char *owned;          /* data when read here */
	struct orgcheck_spans spans;
	int usable;           /* 0: no fix is made on it */
	char prefix[64];      /* the root's namespace prefix with its ':', or "" */
	const char *newline;  /* "\n" or "\r\n", as the file writes them */
};

/* The sources read so far, by the index of their record in the corpus. */
struct sources {
	const struct orgcheck_corpus *corpus;
	struct source **by_record;
};

static void sources_release(struct sources *all)
{
	size_t i;

	for (i = 0; all->by_record != NULL && i < all->corpus->count; i++) {
		if (all->by_record[i] == NULL)
			continue;
		free(all->by_record[i]->owned);
		orgcheck_spans_release(&all->by_record[i]->spans);
		free(all->by_record[i]);
	}
	free(all->by_record);
	all->by_record = NULL;
}

/* Reads the whole file at path into *out (NUL-terminated). Returns 0, -1
 * when it cannot be read, or ORGCHECK_ENOMEM. */
static int read_whole(char **out, size_t *size, const char *path)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	char *grown = NULL;
	size_t length = 0;
	size_t capacity = 0;
	size_t got = 0;

	*out = NULL;
	*size = 0;
	if (file == NULL)
		return -1;
	for (;;) {
		if (length + 4096 + 1 > capacity) {
			capacity = capacity ? capacity * 2 : 8192;
			grown = realloc(data, capacity);
			if (grown == NULL) {
				free(data);
				fclose(file);
				return ORGCHECK_ENOMEM;
			}
			data = grown;
		}
		got = fread(data + length, 1, 4096, file);
		length += got;
		if (got < 4096)
			break;
	}
	if (ferror(file)) {
		free(data);
		fclose(file);
		return -1;
	}
	fclose(file);
	data[length] = '\0';
	*out = data;
	*size = length;
	return 0;
}

/* Whether the bytes are UTF-8 by their declaration: no byte-order mark
 * of UTF-16 or UTF-32, no NUL, no encoding declared but UTF-8 or ASCII.
 * Only then is the text a fix inserts (UTF-8) right, and tags ASCII. */
static int is_utf8_file(const char *data, size_t size)
{
	const char *decl_end = NULL;
	const char *encoding = NULL;
	char name[32];
	size_t n = 0;
	char quote = 0;

	if (memchr(data, '\0', size) != NULL)
		return 0;
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		size -= 3;
	}
	if (size < 5 || memcmp(data, "<?xml", 5) != 0)
		return 1;
	decl_end = memchr(data, '>', size);
	if (decl_end == NULL)
		return 0;
	for (encoding = data; encoding + 8 < decl_end; encoding++)
		if (memcmp(encoding, "encoding", 8) == 0)
			break;
	if (encoding + 8 >= decl_end)
		return 1;
	encoding += 8;
	while (encoding < decl_end && (*encoding == ' ' || *encoding == '=' || *encoding == '\t'))
		encoding++;
	if (encoding >= decl_end || (*encoding != '"' && *encoding != '\''))
		return 0;
	quote = *encoding++;
	while (encoding < decl_end && *encoding != quote && n + 1 < sizeof(name))
		name[n++] = *encoding++;
	name[n] = '\0';
	return strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "US-ASCII") == 0 ||
	       strcasecmp(name, "ASCII") == 0;
}

static int compare_record_path(const void *key, const void *item)
{
	const struct orgcheck_record *record = item;

	return strcmp(key, record->path);
}

/* The record read from path, or NULL. The corpus's records are sorted by
 * path (orgcheck_corpus_index). */
static const struct orgcheck_record *record_at(const struct orgcheck_corpus *corpus, const char *path)
{
	if (corpus == NULL || path == NULL)
		return NULL;
	return bsearch(path, corpus->records, corpus->count, sizeof(*corpus->records), compare_record_path);
}

/* The source of record (found or read and scanned once), or NULL when out
 * of memory. A source that cannot serve fixes has usable 0. */
static struct source *source_of(struct sources *all, const struct orgcheck_record *record, int *failed)
{
	struct source *s = NULL;
	struct orgcheck_error ignored = { 0 };
	const struct orgcheck_span *root = NULL;
	const char *nl = NULL;
	size_t index = (size_t)(record - all->corpus->records);
	size_t i;
	int rc = 0;

	if (all->by_record == NULL) {
		all->by_record = calloc(all->corpus->count + 1, sizeof(*all->by_record));
		if (all->by_record == NULL) {
			*failed = 1;
			return NULL;
		}
	}
	if (all->by_record[index] != NULL)
		return all->by_record[index];
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		*failed = 1;
		return NULL;
	}
	all->by_record[index] = s;
	s->path = record->path;
	s->newline = "\n";
	if (record->source != NULL) {
		s->data = record->source;
		s->size = record->source_size;
	} else {
		rc = read_whole(&s->owned, &s->size, record->path);
		if (rc == ORGCHECK_ENOMEM) {
			*failed = 1;
			return NULL;
		}
		if (rc < 0)
			return s;
		s->data = s->owned;
	}
	if (!is_utf8_file(s->data, s->size))
		return s;
	rc = orgcheck_spans_scan(&s->spans, &ignored, s->data, s->size);
	if (rc == ORGCHECK_ENOMEM) {
		*failed = 1;
		return NULL;
	}
	if (rc < 0 || s->spans.count == 0)
		return s;
	root = &s->spans.items[0];
	for (i = 0; i < root->name_length && i + 1 < sizeof(s->prefix); i++)
		if (s->data[root->name + i] == ':') {
			memcpy(s->prefix, s->data + root->name, i + 1);
			s->prefix[i + 1] = '\0';
			break;
		}
	nl = memchr(s->data, '\n', s->size);
	if (nl != NULL && nl > s->data && nl[-1] == '\r')
		s->newline = "\r\n";
	s->usable = 1;
	return s;
}

/* The index of the element local (prefixed as the root is) whose start
 * tag holds line, or ORGCHECK_SPAN_NONE. */
static size_t element_at(const struct source *s, unsigned long line, const char *local)
{
	char name[128];

	snprintf(name, sizeof(name), "%s%s", s->prefix, local);
	return orgcheck_spans_find(&s->spans, s->data, line, name);
}

static int is_named(const struct source *s, size_t index, const char *local)
{
	char name[128];

	snprintf(name, sizeof(name), "%s%s", s->prefix, local);
	return orgcheck_span_is(&s->spans.items[index], s->data, name);
}

/* The attribute's value as written (escaped as in the file), into buf,
 * ready to go between double quotes: a '"' a single-quoted value holds
 * becomes &quot;. 1 when present, 0 when absent, -1 when it does not fit
 * (a value cut short would assert another source or date). */
static int attribute(char *buf, size_t size, const struct source *s, size_t index, const char *name)
{
	size_t start = 0;
	size_t end = 0;
	size_t n = 0;

	buf[0] = '\0';
	if (!orgcheck_span_attribute(&start, &end, s->data, &s->spans.items[index], name))
		return 0;
	for (; start < end; start++) {
		const char *add = s->data[start] == '"' ? "&quot;" : NULL;
		size_t length = add != NULL ? 6 : 1;

		if (n + length + 1 > size)
			return -1;
		memcpy(buf + n, add != NULL ? add : s->data + start, length);
		n += length;
	}
	buf[n] = '\0';
	return 1;
}

/* The whitespace that indents element index into buf ("" when it does
 * not stand alone on its line: 0). */
static int indent_of(char *buf, size_t size, const struct source *s, size_t index)
{
	size_t length = 0;

	buf[0] = '\0';
	if (!orgcheck_span_indent(&length, s->data, &s->spans.items[index]) || length + 1 > size)
		return 0;
	memcpy(buf, s->data + s->spans.items[index].start - length, length);
	buf[length] = '\0';
	return 1;
}

/* ---------------------------------------------------------------- finding look-ups */

static const struct orgcheck_link *link_at(const struct orgcheck_record *record, unsigned long line,
					   unsigned long column)
{
	size_t i;

	for (i = 0; record != NULL && i < record->links.count; i++)
		if (record->links.items[i].pos.line == line && record->links.items[i].pos.column == column)
			return &record->links.items[i];
	return NULL;
}

static const char *value_of(const struct orgcheck_finding *finding, const char *name, size_t *count)
{
	const char *found = NULL;
	size_t i;

	if (count != NULL)
		*count = 0;
	for (i = 0; i < finding->value_count; i++)
		if (strcmp(finding->values[i].name, name) == 0) {
			if (found == NULL)
				found = finding->values[i].text;
			if (count != NULL)
				(*count)++;
		}
	return found;
}

/* The element a link is written as. */
static const char *link_element(const struct orgcheck_link_kind *kind)
{
	if (strcmp(kind->name, ORGCHECK_LINK_FOUNDED_BY) == 0)
		return "founder";
	if (strcmp(kind->name, ORGCHECK_LINK_CO_FOUNDED) == 0)
		return "co-founding";
	return "relationship";
}

static const char *link_list(const struct orgcheck_link_kind *kind)
{
	if (strcmp(kind->name, ORGCHECK_LINK_FOUNDED_BY) == 0)
		return "founders";
	if (strcmp(kind->name, ORGCHECK_LINK_CO_FOUNDED) == 0)
		return "co-founded";
	return "relationships";
}

static int same_date(const struct orgcheck_date *a, const struct orgcheck_date *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day;
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* ---------------------------------------------------------------- OC114 */

/* Whitespace runs read as one space, so two entries laid out alike but
 * indented differently compare equal. */
static int same_content(const char *a, size_t a_size, const char *b, size_t b_size)
{
	size_t i = 0;
	size_t j = 0;

	for (;;) {
		int sa = 0;
		int sb = 0;

		while (i < a_size && (a[i] == ' ' || a[i] == '\t' || a[i] == '\n' || a[i] == '\r')) {
			i++;
			sa = 1;
		}
		while (j < b_size && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r')) {
			j++;
			sb = 1;
		}
		if (i >= a_size || j >= b_size)
			return i >= a_size && j >= b_size;
		if (sa != sb || a[i] != b[j])
			return 0;
		i++;
		j++;
	}
}

struct attribute_list {
	const char *data;
	const struct orgcheck_span *other;
	int differ;
};

/* Whether the other start tag has the attribute with the same value;
 * note is a curator's remark, not what a source says. */
static int check_attribute(void *ctx, const char *name, size_t name_length, const char *value,
			   size_t value_length)
{
	struct attribute_list *list = ctx;
	char buf[64];
	size_t start = 0;
	size_t end = 0;

	if (name_length == 4 && memcmp(name, "note", 4) == 0)
		return 0;
	if (name_length + 1 > sizeof(buf)) {
		list->differ = 1;
		return 1;
	}
	memcpy(buf, name, name_length);
	buf[name_length] = '\0';
	if (!orgcheck_span_attribute(&start, &end, list->data, list->other, buf) ||
	    end - start != value_length || memcmp(list->data + start, value, value_length) != 0) {
		list->differ = 1;
		return 1;
	}
	return 0;
}

static int same_attributes(const char *data, const struct orgcheck_span *a, const struct orgcheck_span *b)
{
	struct attribute_list ab = { data, b, 0 };
	struct attribute_list ba = { data, a, 0 };

	orgcheck_span_attributes(data, a, check_attribute, &ab);
	orgcheck_span_attributes(data, b, check_attribute, &ba);
	return !ab.differ && !ba.differ;
}

static int fix_duplicate(struct orgcheck_fix *out, int *made, struct sources *all,
			 const struct orgcheck_corpus *corpus, const struct orgcheck_finding *f,
			 struct orgcheck_error *err)
{
	const struct orgcheck_record *record = record_at(corpus, f->primary.path);
	const struct orgcheck_link *again = link_at(record, f->primary.line, f->primary.column);
	const struct orgcheck_link *first = NULL;
	const struct orgcheck_span *a = NULL;
	const struct orgcheck_span *b = NULL;
	struct source *s = NULL;
	struct text d = { NULL, 0, 0, 0 };
	const char *target = NULL;
	size_t ia = 0;
	size_t ib = 0;
	size_t start = 0;
	size_t end = 0;
	int exact = 0;
	int failed = 0;
	int rc = 0;

	*made = 0;
	if (again == NULL || f->related_count == 0)
		return 0;
	first = link_at(record, f->related[0].line, f->related[0].column);
	if (first == NULL || first == again)
		return 0;
	s = source_of(all, record, &failed);
	if (failed)
		return orgcheck_error_nomem(err);
	if (!s->usable)
		return 0;
	ia = element_at(s, first->pos.line, link_element(first->kind));
	ib = element_at(s, again->pos.line, link_element(again->kind));
	if (ia == ORGCHECK_SPAN_NONE || ib == ORGCHECK_SPAN_NONE || ia == ib)
		return 0;
	a = &s->spans.items[ia];
	b = &s->spans.items[ib];
	target = record->refs.items[again->ref].target;
	/* What a source said is the same in both, the remark aside: removing
	 * the second loses nothing. Otherwise the removal is the curator's
	 * call. */
	exact = first->kind == again->kind &&
		same_text(record->refs.items[first->ref].target, target) &&
		same_text(first->source, again->source) && same_date(&first->date, &again->date) &&
		same_date(&first->from, &again->from) && same_date(&first->to, &again->to) &&
		same_attributes(s->data, a, b) &&
		same_content(s->data + a->start_tag_end, a->end_tag_start - a->start_tag_end,
			     s->data + b->start_tag_end, b->end_tag_start - b->start_tag_end);
	if (exact)
		text_printf(&d, "remove the second %s '%s' (line %lu): the entry on line %lu states the same "
			    "target, kind, dates and source", again->kind->name, target ? target : "",
			    again->pos.line, first->pos.line);
	else
		text_printf(&d, "remove the second %s '%s' (line %lu), which says more than or other than "
			    "the entry on line %lu: what only it states is lost", again->kind->name,
			    target ? target : "", again->pos.line, first->pos.line);
	if (d.failed)
		return orgcheck_error_nomem(err);
	orgcheck_span_removal(&start, &end, s->data, s->size, b);
	rc = orgcheck_fix_init(out, err, exact ? ORGCHECK_FIX_SAFE : ORGCHECK_FIX_REVIEW, record->path, d.data);
	if (rc == 0)
		rc = orgcheck_fix_add_edit(out, err, start, end, "");
	free(d.data);
	if (rc < 0) {
		orgcheck_fix_release(out);
		return rc;
	}
	*made = 1;
	return 0;
}

/* ---------------------------------------------------------------- OC120 */

/* The order of the children of <organization> in schemas/record.xsd: a
 * list element that is missing goes before the first that follows it. */
static const char *const organization_order[] = {
	"name", "other-names", "status", "description", "type", "legal-status", "headquarters",
	"locations", "links", "domains", "identifiers", "dates", "figures", "leaders", "founders",
	"co-founded", "relationships", "events", "publications", "registry-record"
};

static size_t order_of(const struct source *s, size_t index)
{
	size_t i;

	for (i = 0; i < sizeof(organization_order) / sizeof(organization_order[0]); i++)
		if (is_named(s, index, organization_order[i]))
			return i;
	return (size_t)-1;
}

/* The last child element of parent, or ORGCHECK_SPAN_NONE. */
static size_t last_child(const struct source *s, size_t parent)
{
	size_t found = ORGCHECK_SPAN_NONE;
	size_t i;

	for (i = parent + 1; i < s->spans.count && s->spans.items[i].start < s->spans.items[parent].end; i++)
		if (s->spans.items[i].parent == parent)
			found = i;
	return found;
}

static size_t child_named(const struct source *s, size_t parent, const char *local)
{
	size_t i;

	for (i = parent + 1; i < s->spans.count && s->spans.items[i].start < s->spans.items[parent].end; i++)
		if (s->spans.items[i].parent == parent && is_named(s, i, local))
			return i;
	return ORGCHECK_SPAN_NONE;
}

/* indent minus base: the step of one level, or two spaces when the one
 * is not the other and more. */
static void step_of(char *buf, size_t size, const char *indent, const char *base)
{
	size_t length = strlen(base);

	if (strncmp(indent, base, length) == 0 && indent[length] != '\0')
		snprintf(buf, size, "%s", indent + length);
	else
		snprintf(buf, size, "  ");
}

/* The start of the line after the one element index ends on, when only
 * blanks follow it there; else ORGCHECK_SPAN_NONE. An insertion there is
 * one of whole lines, which a patch shows as lines added and nothing
 * else. */
static size_t line_after(const struct source *s, size_t index)
{
	size_t at = s->spans.items[index].end;

	while (at < s->size && (s->data[at] == ' ' || s->data[at] == '\t' || s->data[at] == '\r'))
		at++;
	if (at < s->size && s->data[at] == '\n')
		return at + 1;
	return ORGCHECK_SPAN_NONE;
}

/* The back-link element, its lines indented by indent and its child by
 * one step more; no line break after its last line. */
static void back_link_text(struct text *t, const struct source *s, const char *indent, const char *step,
			   const char *element, const char *kind, const char *attrs[][2],
			   size_t attr_count, const char *ref_element, const char *id, const char *label)
{
	size_t i;

	text_printf(t, "%s<%s%s", indent, s->prefix, element);
	if (kind != NULL)
		text_printf(t, " kind=\"%s\"", kind);
	for (i = 0; i < attr_count; i++)
		text_printf(t, " %s=\"%s\"", attrs[i][0], attrs[i][1]);
	text_printf(t, ">%s%s%s<%s%s ref=\"", s->newline, indent, step, s->prefix, ref_element);
	text_escaped(t, id);
	text_str(t, "\">");
	text_escaped(t, label);
	text_printf(t, "</%s%s>%s%s</%s%s>", s->prefix, ref_element, s->newline, indent, s->prefix, element);
}

static int fix_back_link(struct orgcheck_fix *out, int *made, struct sources *all,
			 const struct orgcheck_corpus *corpus, const struct orgcheck_finding *f,
			 struct orgcheck_error *err)
{
	const struct orgcheck_record *holder = record_at(corpus, f->primary.path);
	const struct orgcheck_link *link = link_at(holder, f->primary.line, f->primary.column);
	const struct orgcheck_record *partner = NULL;
	const struct orgcheck_link_kind *inverse = NULL;
	struct source *hs = NULL;
	struct source *ps = NULL;
	struct text insert = { NULL, 0, 0, 0 };
	struct text d = { NULL, 0, 0, 0 };
	char values[4][512];
	const char *attrs[4][2];
	size_t attr_count = 0;
	static const char *const names[] = { "date", "from", "to", "source" };
	const char *element = NULL;
	const char *list = NULL;
	const char *ref_element = NULL;
	const char *label = NULL;
	char phrase[512];
	char indent[256];
	char base[128];
	char step[64];
	size_t held = 0;
	size_t container = ORGCHECK_SPAN_NONE;
	size_t last = ORGCHECK_SPAN_NONE;
	size_t at = 0;
	size_t i;
	int present = 0;
	int failed = 0;
	int rc = 0;

	*made = 0;
	if (link == NULL)
		return 0;
	partner = holder->refs.items[link->ref].resolved;
	inverse = orgcheck_vocab_inverse(link->kind);
	if (partner == NULL || inverse == NULL || partner->kind != ORGCHECK_RECORD_ORGANIZATION ||
	    holder->id == NULL)
		return 0;
	hs = source_of(all, holder, &failed);
	ps = failed ? NULL : source_of(all, partner, &failed);
	if (failed)
		return orgcheck_error_nomem(err);
	if (!hs->usable || !ps->usable || ps->spans.count == 0)
		return 0;
	held = element_at(hs, link->pos.line, link_element(link->kind));
	if (held == ORGCHECK_SPAN_NONE)
		return 0;
	element = link_element(inverse);
	list = link_list(inverse);
	/* The same dates and source as the holder wrote them; founders and
	 * co-foundings have a date only. */
	for (i = 0; i < 4; i++) {
		if ((i == 1 || i == 2) && strcmp(element, "relationship") != 0)
			continue;
		present = attribute(values[attr_count], sizeof(values[attr_count]), hs, held, names[i]);
		if (present < 0)
			return 0;
		if (present) {
			attrs[attr_count][0] = names[i];
			attrs[attr_count][1] = values[attr_count];
			attr_count++;
		}
	}
	ref_element = holder->kind == ORGCHECK_RECORD_PERSON ? "person-ref" : "org-ref";
	label = holder->names.count > 0 && holder->names.items[0].value ? holder->names.items[0].value : holder->id;
	container = child_named(ps, 0, list);
	if (container != ORGCHECK_SPAN_NONE && !ps->spans.items[container].self_closing) {
		if (!indent_of(base, sizeof(base), ps, container))
			return 0;
		last = last_child(ps, container);
		if (last != ORGCHECK_SPAN_NONE) {
			/* After the last entry, on a line of its own, indented
			 * like it. */
			if (!indent_of(indent, sizeof(indent), ps, last))
				return 0;
			step_of(step, sizeof(step), indent, base);
			at = line_after(ps, last);
			if (at == ORGCHECK_SPAN_NONE) {
				at = ps->spans.items[last].end;
				text_str(&insert, ps->newline);
			}
			back_link_text(&insert, ps, indent, step, element,
				       strcmp(element, "relationship") == 0 ? inverse->name : NULL, attrs, attr_count,
				       ref_element, holder->id, label);
			if (at != ps->spans.items[last].end)
				text_str(&insert, ps->newline);
		} else {
			return 0;
		}
	} else if (container == ORGCHECK_SPAN_NONE) {
		/* A new list, before the first child of the root that follows
		 * it in the schema's order, else after the last. */
		size_t before = ORGCHECK_SPAN_NONE;
		size_t mine = 0;

		for (mine = 0; mine < sizeof(organization_order) / sizeof(organization_order[0]); mine++)
			if (strcmp(organization_order[mine], list) == 0)
				break;
		for (i = 1; i < ps->spans.count; i++)
			if (ps->spans.items[i].parent == 0 && order_of(ps, i) != (size_t)-1 && order_of(ps, i) > mine) {
				before = i;
				break;
			}
		last = last_child(ps, 0);
		if (last == ORGCHECK_SPAN_NONE)
			return 0;
		if (!indent_of(base, sizeof(base), ps, before != ORGCHECK_SPAN_NONE ? before : last))
			return 0;
		step_of(step, sizeof(step), base, "");
		snprintf(indent, sizeof(indent), "%s%s", base, step);
		if (before != ORGCHECK_SPAN_NONE) {
			at = orgcheck_span_line_start(ps->data, ps->spans.items[before].start);
			text_printf(&insert, "%s<%s%s>%s", base, ps->prefix, list, ps->newline);
			back_link_text(&insert, ps, indent, step, element,
				       strcmp(element, "relationship") == 0 ? inverse->name : NULL, attrs, attr_count,
				       ref_element, holder->id, label);
			text_printf(&insert, "%s%s</%s%s>%s", ps->newline, base, ps->prefix, list, ps->newline);
		} else {
			at = line_after(ps, last);
			text_printf(&insert, "%s%s<%s%s>%s", at == ORGCHECK_SPAN_NONE ? ps->newline : "", base,
				    ps->prefix, list, ps->newline);
			back_link_text(&insert, ps, indent, step, element,
				       strcmp(element, "relationship") == 0 ? inverse->name : NULL, attrs, attr_count,
				       ref_element, holder->id, label);
			text_printf(&insert, "%s%s</%s%s>%s", ps->newline, base, ps->prefix, list,
				    at == ORGCHECK_SPAN_NONE ? "" : ps->newline);
			if (at == ORGCHECK_SPAN_NONE)
				at = ps->spans.items[last].end;
		}
	} else {
		return 0;
	}
	orgcheck_vocab_phrase(phrase, sizeof(phrase), inverse, holder->id);
	text_printf(&d, "asserts that %s has %s", partner->id ? partner->id : partner->path, phrase);
	for (i = 0; i < attr_count; i++)
		text_printf(&d, "%s%s %s", i == 0 ? " (" : ", ", attrs[i][0], attrs[i][1]);
	text_printf(&d, "%s: the back-link of what %s states, added to %s", attr_count ? ")" : "", holder->id,
		    partner->path);
	/* The source is the holder's: it is where the claim is stated, which
	 * the partner's own sources do not (yet) say; the curator is told. */
	for (i = 0; i < attr_count; i++)
		if (strcmp(attrs[i][0], "source") == 0)
			text_printf(&d, " with %s's source, not one of %s's own", holder->id,
				    partner->id ? partner->id : partner->path);
	if (insert.failed || d.failed) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = orgcheck_fix_init(out, err, ORGCHECK_FIX_REVIEW, partner->path, d.data);
	if (rc == 0)
		rc = orgcheck_fix_add_edit(out, err, at, at, insert.data);
	if (rc < 0) {
		orgcheck_fix_release(out);
		goto done;
	}
	*made = 1;

done:
	free(insert.data);
	free(d.data);
	return rc;
}

/* ---------------------------------------------------------------- OC110 */

static int fix_reference(struct orgcheck_fix *out, int *made, struct sources *all,
			 const struct orgcheck_corpus *corpus, const struct orgcheck_finding *f,
			 struct orgcheck_error *err)
{
	const struct orgcheck_record *record = record_at(corpus, f->primary.path);
	const struct orgcheck_ref *ref = NULL;
	const char *reference = value_of(f, "reference", NULL);
	const char *suggestion = NULL;
	size_t suggestions = 0;
	struct source *s = NULL;
	struct text d = { NULL, 0, 0, 0 };
	size_t element = ORGCHECK_SPAN_NONE;
	size_t start = 0;
	size_t end = 0;
	size_t i;
	int failed = 0;
	int rc = 0;

	*made = 0;
	suggestion = value_of(f, "suggestion", &suggestions);
	if (record == NULL || reference == NULL || suggestions != 1)
		return 0;
	for (i = 0; i < record->refs.count; i++)
		if (record->refs.items[i].pos.line == f->primary.line &&
		    record->refs.items[i].pos.column == f->primary.column &&
		    same_text(record->refs.items[i].target, reference))
			ref = &record->refs.items[i];
	if (ref == NULL || orgcheck_corpus_find(corpus, suggestion) == NULL)
		return 0;
	s = source_of(all, record, &failed);
	if (failed)
		return orgcheck_error_nomem(err);
	if (!s->usable)
		return 0;
	element = element_at(s, ref->pos.line,
			     ref->expected == ORGCHECK_TARGET_PERSON ? "person-ref" : "org-ref");
	if (element == ORGCHECK_SPAN_NONE ||
	    !orgcheck_span_attribute(&start, &end, s->data, &s->spans.items[element], "ref") ||
	    end - start != strlen(reference) || memcmp(s->data + start, reference, end - start) != 0)
		return 0;
	text_printf(&d, "asserts that the reference '%s' (written '%s') means '%s', the one record "
		    "orgcheck suggests for it", reference, ref->label ? ref->label : "", suggestion);
	if (d.failed)
		return orgcheck_error_nomem(err);
	rc = orgcheck_fix_init(out, err, ORGCHECK_FIX_REVIEW, record->path, d.data);
	free(d.data);
	d.data = NULL;
	if (rc == 0) {
		struct text value = { NULL, 0, 0, 0 };

		text_escaped(&value, suggestion);
		rc = value.failed ? orgcheck_error_nomem(err) : orgcheck_fix_add_edit(out, err, start, end, value.data);
		free(value.data);
	}
	if (rc < 0) {
		orgcheck_fix_release(out);
		return rc;
	}
	*made = 1;
	return 0;
}

/* ---------------------------------------------------------------- OC102 */

static int fix_file_name(struct orgcheck_fix *out, int *made, const struct orgcheck_corpus *corpus,
			 const struct orgcheck_finding *f, struct orgcheck_error *err)
{
	const struct orgcheck_record *record = record_at(corpus, f->primary.path);
	struct text path = { NULL, 0, 0, 0 };
	struct text d = { NULL, 0, 0, 0 };
	const char *slash = NULL;
	struct stat st;
	int rc = 0;

	*made = 0;
	/* The rule says when a rename is right: the id is a file name and no
	 * file of the corpus has it. */
	if (record == NULL || record->id == NULL || strstr(f->message, "rename the file to") == NULL)
		return 0;
	slash = strrchr(record->path, '/');
	if (slash != NULL)
		text_add(&path, record->path, (size_t)(slash - record->path) + 1);
	text_printf(&path, "%s.xml", record->id);
	if (path.failed)
		return orgcheck_error_nomem(err);
	/* Never to a name that is taken, in the corpus or not. */
	if (record_at(corpus, path.data) != NULL || lstat(path.data, &st) == 0 || errno != ENOENT) {
		free(path.data);
		return 0;
	}
	text_printf(&d, "renames %s to %s, the id the record states", record->path, path.data);
	if (d.failed) {
		free(path.data);
		return orgcheck_error_nomem(err);
	}
	rc = orgcheck_fix_init(out, err, ORGCHECK_FIX_REVIEW, record->path, d.data);
	if (rc == 0)
		rc = orgcheck_fix_set_rename(out, err, path.data);
	free(path.data);
	free(d.data);
	if (rc < 0) {
		orgcheck_fix_release(out);
		return rc;
	}
	*made = 1;
	return 0;
}

/* ---------------------------------------------------------------- compute */

static const struct source *source_for_path(struct sources *all, const struct orgcheck_corpus *corpus,
					    const char *path, int *failed)
{
	const struct orgcheck_record *record = record_at(corpus, path);

	return record != NULL ? source_of(all, record, failed) : NULL;
}

int orgcheck_fixes_compute(struct orgcheck_check_result *result, struct orgcheck_error *err)
{
	struct sources all = { NULL, NULL };
	struct orgcheck_fix fix;
	const struct source *s = NULL;
	size_t i;
	size_t j;
	int made = 0;
	int failed = 0;
	int rc = 0;

	memset(&fix, 0, sizeof(fix));
	if (result->corpus == NULL)
		return 0;
	all.corpus = result->corpus;
	for (i = 0; i < result->findings.count && rc == 0; i++) {
		const struct orgcheck_finding *f = &result->findings.items[i];
		const char *id = orgcheck_finding_rule_id(f);

		made = 0;
		if (strcmp(id, "OC114") == 0)
			rc = fix_duplicate(&fix, &made, &all, result->corpus, f, err);
		else if (strcmp(id, "OC120") == 0)
			rc = fix_back_link(&fix, &made, &all, result->corpus, f, err);
		else if (strcmp(id, "OC110") == 0)
			rc = fix_reference(&fix, &made, &all, result->corpus, f, err);
		else if (strcmp(id, "OC102") == 0)
			rc = fix_file_name(&fix, &made, result->corpus, f, err);
		if (rc == 0 && made)
			rc = orgcheck_findings_add_fix(&result->findings, err, i, &fix);
		orgcheck_fix_release(&fix);
	}
	/* Every fix, Schematron's too, with its patch for the reports. */
	for (i = 0; i < result->findings.count && rc == 0; i++) {
		struct orgcheck_finding *f = &result->findings.items[i];

		for (j = 0; j < f->fix_count && rc == 0; j++) {
			struct orgcheck_fix *x = &f->fixes[j];

			if (x->patch != NULL)
				continue;
			s = source_for_path(&all, result->corpus, x->path, &failed);
			if (failed) {
				rc = orgcheck_error_nomem(err);
				break;
			}
			if (s == NULL || s->data == NULL)
				continue;
			rc = orgcheck_fix_diff(&x->patch, x, x->path, x->new_path, s->data, s->size, NULL, err);
			if (rc == ORGCHECK_EINVAL) {
				/* An edit past the file's end: no patch to show. */
				rc = 0;
			}
		}
	}
	sources_release(&all);
	return rc;
}

/* ---------------------------------------------------------------- plan */

struct candidate {
	const struct orgcheck_fix *fix;
	struct orgcheck_fix *own;    /* a follow-up's fix, moved onto the bytes read */
	size_t *parents;             /* the fixes a follow-up's finding comes from */
	size_t parent_count;
	size_t carries;              /* 1 + the fix whose edits this one makes instead, or 0 */
	size_t note;
	size_t base;                 /* how often its finding is in the corpus it was made on */
	int active;
	char fingerprint[17];
};

/* The candidates, growing as follow-ups are found. */
struct candidates {
	struct candidate *items;
	size_t count;
};

static void candidates_release(struct candidates *cs)
{
	size_t i;

	for (i = 0; cs->items != NULL && i < cs->count; i++) {
		if (cs->items[i].own != NULL) {
			orgcheck_fix_release(cs->items[i].own);
			free(cs->items[i].own);
		}
		free(cs->items[i].parents);
	}
	free(cs->items);
	memset(cs, 0, sizeof(*cs));
}

static void note_release(struct orgcheck_fix_note *note)
{
	free(note->rule_id);
	free(note->finding_path);
	free(note->description);
	free(note->path);
	free(note->new_path);
	free(note->reason);
	memset(note, 0, sizeof(*note));
}

static void fixed_file_release(struct orgcheck_fixed_file *file)
{
	free(file->path);
	free(file->new_path);
	free(file->before);
	free(file->after);
	orgcheck_fix_release(&file->edits);
	memset(file, 0, sizeof(*file));
}

void orgcheck_fix_plan_release(struct orgcheck_fix_plan *plan)
{
	size_t i;

	if (plan == NULL)
		return;
	for (i = 0; i < plan->file_count; i++)
		fixed_file_release(&plan->files[i]);
	free(plan->files);
	for (i = 0; i < plan->note_count; i++)
		note_release(&plan->notes[i]);
	free(plan->notes);
	memset(plan, 0, sizeof(*plan));
}

static char *copy_or_null(const char *s, int *failed)
{
	char *copy = NULL;

	if (s == NULL)
		return NULL;
	copy = strdup(s);
	if (copy == NULL)
		*failed = 1;
	return copy;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int drop(struct orgcheck_fix_plan *plan, struct candidate *c, const char *fmt, ...)
{
	struct orgcheck_fix_note *note = &plan->notes[c->note];
	char buf[1024];
	va_list ap;

	c->active = 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(note->reason);
	note->reason = strdup(buf);
	return note->reason == NULL ? ORGCHECK_ENOMEM : 0;
}

static int compare_files(const void *pa, const void *pb)
{
	const struct orgcheck_fixed_file *a = pa;
	const struct orgcheck_fixed_file *b = pb;

	return strcmp(a->path, b->path);
}

static void files_release(struct orgcheck_fixed_file *files, size_t count)
{
	size_t i;

	for (i = 0; files != NULL && i < count; i++)
		fixed_file_release(&files[i]);
	free(files);
}

/* The files the active candidates change, with their edits merged and
 * applied: a candidate that overlaps one before it in its file, or renames
 * a file another way or onto a name taken, is dropped (quiet: set aside,
 * its note untouched, for a trial). */
static int build_files(struct orgcheck_fixed_file **out, size_t *count, struct orgcheck_fix_plan *plan,
		       struct candidate *candidates, size_t candidate_count, struct sources *all,
		       const struct orgcheck_corpus *corpus, int quiet, struct orgcheck_error *err)
{
	struct orgcheck_fixed_file *files = NULL;
	size_t n = 0;
	size_t i;
	size_t j;
	size_t k;
	int failed = 0;
	int rc = 0;

	*out = NULL;
	*count = 0;
	files = calloc(candidate_count + 1, sizeof(*files));
	if (files == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < candidate_count && rc == 0; i++) {
		struct candidate *c = &candidates[i];
		struct orgcheck_fixed_file *file = NULL;
		const struct source *s = NULL;
		struct orgcheck_fix trial;

		if (!c->active)
			continue;
		/* An active follow-up makes the edits of a fix it carries. */
		for (j = 0; j < candidate_count && !(candidates[j].active && candidates[j].carries == i + 1); j++)
			;
		if (j < candidate_count)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(files[j].path, c->fix->path) == 0)
				file = &files[j];
		if (file == NULL) {
			s = source_for_path(all, corpus, c->fix->path, &failed);
			if (failed) {
				rc = orgcheck_error_nomem(err);
				break;
			}
			if (s == NULL || s->data == NULL) {
				rc = quiet ? (c->active = 0) : drop(plan, c, "its file was not read by the check");
				continue;
			}
			file = &files[n++];
			file->path = strdup(c->fix->path);
			file->before = malloc(s->size + 1);
			if (file->path == NULL || file->before == NULL) {
				rc = orgcheck_error_nomem(err);
				break;
			}
			memcpy(file->before, s->data, s->size);
			file->before[s->size] = '\0';
			file->before_size = s->size;
			rc = orgcheck_fix_init(&file->edits, err, ORGCHECK_FIX_SAFE, c->fix->path, "");
			if (rc < 0)
				break;
		}
		if (c->fix->new_path != NULL) {
			int taken = file->new_path != NULL && strcmp(file->new_path, c->fix->new_path) != 0;

			for (k = 0; k < n && !taken; k++)
				taken = (files[k].new_path != NULL && &files[k] != file &&
					 strcmp(files[k].new_path, c->fix->new_path) == 0) ||
					strcmp(files[k].path, c->fix->new_path) == 0;
			if (taken) {
				rc = quiet ? (c->active = 0)
					   : drop(plan, c, "another fix renames the file or takes the name %s",
						  c->fix->new_path);
				continue;
			}
		}
		/* All of its edits or none. */
		rc = orgcheck_fix_copy(&trial, err, &file->edits);
		for (k = 0; rc == 0 && k < c->fix->edit_count; k++)
			rc = orgcheck_fix_add_edit(&trial, err, c->fix->edits[k].start, c->fix->edits[k].end,
						   c->fix->edits[k].text);
		if (rc == ORGCHECK_EINVAL) {
			orgcheck_fix_release(&trial);
			rc = quiet ? (c->active = 0) : drop(plan, c, "it overlaps an earlier fix of %s", c->fix->path);
			continue;
		}
		if (rc < 0) {
			orgcheck_fix_release(&trial);
			break;
		}
		orgcheck_fix_release(&file->edits);
		file->edits = trial;
		if (c->fix->new_path != NULL && file->new_path == NULL) {
			file->new_path = copy_or_null(c->fix->new_path, &failed);
			if (failed)
				rc = orgcheck_error_nomem(err);
		}
	}
	for (j = 0; j < n && rc == 0; j++) {
		rc = orgcheck_fix_apply(&files[j].after, &files[j].after_size, err, &files[j].edits,
					files[j].before, files[j].before_size);
	}
	/* Candidates dropped above may leave a file without changes. */
	for (j = 0; j < n && rc == 0;) {
		if (files[j].edits.edit_count == 0 && files[j].new_path == NULL) {
			fixed_file_release(&files[j]);
			memmove(&files[j], &files[j + 1], (n - j - 1) * sizeof(*files));
			n--;
		} else {
			j++;
		}
	}
	if (rc < 0) {
		files_release(files, n);
		return rc;
	}
	qsort(files, n, sizeof(*files), compare_files);
	*out = files;
	*count = n;
	return 0;
}

static int compare_strings(const void *pa, const void *pb)
{
	return strcmp(*(char *const *)pa, *(char *const *)pb);
}

/* The sorted fingerprints of the findings: *out is one block of 17-byte
 * strings and an array of pointers into it. */
struct prints {
	char *block;
	char **items;
	size_t count;
};

static void prints_release(struct prints *p)
{
	free(p->block);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

static int prints_make(struct prints *out, const struct orgcheck_findings *findings, struct orgcheck_error *err)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->block = malloc(17 * (findings->count + 1));
	out->items = malloc(sizeof(*out->items) * (findings->count + 1));
	if (out->block == NULL || out->items == NULL) {
		prints_release(out);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; i < findings->count && rc == 0; i++) {
		rc = orgcheck_finding_fingerprint(out->block + 17 * i, 17, &findings->items[i], err);
		out->items[i] = out->block + 17 * i;
	}
	if (rc < 0) {
		prints_release(out);
		return rc;
	}
	out->count = findings->count;
	qsort(out->items, out->count, sizeof(*out->items), compare_strings);
	return 0;
}

/* How many times print occurs. */
static size_t prints_count(const struct prints *p, const char *print)
{
	size_t low = 0;
	size_t high = p->count;
	size_t n = 0;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (strcmp(p->items[mid], print) < 0)
			low = mid + 1;
		else
			high = mid;
	}
	while (low + n < p->count && strcmp(p->items[low + n], print) == 0)
		n++;
	return n;
}

/* The file a path of the fixed corpus stands for: a renamed file's new
 * name is its old one. */
static const char *original_path(const struct orgcheck_fixed_file *files, size_t count, const char *path)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (files[i].new_path != NULL && strcmp(files[i].new_path, path) == 0)
			return files[i].path;
	return path;
}

static int names_file(const struct orgcheck_finding *f, const struct orgcheck_fixed_file *files, size_t count,
		      const char *path)
{
	size_t i;

	if (strcmp(original_path(files, count, f->primary.path), path) == 0)
		return 1;
	for (i = 0; i < f->related_count; i++)
		if (strcmp(original_path(files, count, f->related[i].path), path) == 0)
			return 1;
	return 0;
}

/* Checks the corpus with the files in place: *after (with the files'
 * bytes kept, for fixes of what it finds) and the prints of its findings. */
static int check_fixed(struct orgcheck_check_result *after, struct prints *now, struct orgcheck_fix_plan *plan,
		       const struct orgcheck_fixed_file *files, size_t file_count,
		       const struct orgcheck_check_options *options, struct orgcheck_error *err)
{
	struct orgcheck_check_options again = *options;
	struct orgcheck_check_overlay *overlays = NULL;
	size_t i;
	int rc = 0;

	memset(after, 0, sizeof(*after));
	memset(now, 0, sizeof(*now));
	overlays = calloc(file_count + 1, sizeof(*overlays));
	if (overlays == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < file_count; i++) {
		overlays[i].path = files[i].path;
		overlays[i].as_path = files[i].new_path;
		overlays[i].data = files[i].after;
		overlays[i].size = files[i].after_size;
	}
	again.overlays = overlays;
	again.overlay_count = file_count;
	again.keep_sources = 1;
	again.progress = NULL;
	again.timings = NULL;
	rc = orgcheck_check_run(after, &again, err);
	plan->rechecks++;
	if (rc == 0)
		rc = prints_make(now, &after->findings, err);
	free(overlays);
	return rc;
}

/* Whether candidate k is set aside with skip: it is skip, or follows it. */
static int follows(const struct candidates *cs, size_t k, size_t skip, const unsigned char *out)
{
	size_t i;

	if (k == skip)
		return 1;
	for (i = 0; i < cs->items[k].parent_count; i++)
		if (out[cs->items[k].parents[i]])
			return 1;
	return 0;
}

/* The prints of the corpus fixed without candidate skip (and the
 * follow-ups of it): what it alone brings. */
static int trial(struct prints *out, struct orgcheck_fix_plan *plan, const struct candidates *cs, size_t skip,
		 struct sources *all, const struct orgcheck_corpus *corpus,
		 const struct orgcheck_check_options *options, struct orgcheck_error *err)
{
	struct candidate *copy = NULL;
	unsigned char *set_aside = NULL;
	struct orgcheck_fixed_file *files = NULL;
	size_t file_count = 0;
	struct orgcheck_check_result after;
	size_t k;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&after, 0, sizeof(after));
	copy = malloc((cs->count + 1) * sizeof(*copy));
	set_aside = calloc(cs->count + 1, 1);
	if (copy == NULL || set_aside == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Parents come before their follow-ups. */
	for (k = 0; k < cs->count; k++) {
		copy[k] = cs->items[k];
		set_aside[k] = copy[k].active && follows(cs, k, skip, set_aside);
		if (set_aside[k])
			copy[k].active = 0;
	}
	rc = build_files(&files, &file_count, plan, copy, cs->count, all, corpus, 1, err);
	if (rc == 0)
		rc = check_fixed(&after, out, plan, files, file_count, options, err);

done:
	orgcheck_check_result_release(&after);
	files_release(files, file_count);
	free(set_aside);
	free(copy);
	return rc;
}

/* Where position at of a file with edits applied was in the bytes read,
 * or -1 when it falls in text an edit put there (*inside is then that
 * edit, *offset the position in its text): an end may meet the start of
 * an edit, a start (or a point of insertion) its end. */
static int map_back(size_t *out, size_t *inside, size_t *offset, const struct orgcheck_fix *edits, size_t at,
		    int is_end)
{
	long long delta = 0;
	size_t i;

	for (i = 0; edits != NULL && i < edits->edit_count; i++) {
		const struct orgcheck_edit *e = &edits->edits[i];
		long long len = (long long)strlen(e->text);
		long long start = (long long)e->start + delta;

		if ((long long)at < start)
			break;
		if ((long long)at == start && is_end) {
			*out = e->start;
			return 0;
		}
		if (((long long)at == start && len > 0) || (long long)at < start + len) {
			*inside = i;
			*offset = (size_t)((long long)at - start);
			return -1;
		}
		delta += len - (long long)(e->end - e->start);
	}
	*out = (size_t)((long long)at - delta);
	return 0;
}

/* The active candidate before count that made edit e of path, or count. */
static size_t edit_owner(const struct candidates *cs, size_t count, const char *path, const struct orgcheck_edit *e)
{
	size_t k;
	size_t i;

	for (k = 0; k < count; k++) {
		const struct orgcheck_fix *fix = cs->items[k].fix;

		if (!cs->items[k].active || strcmp(fix->path, path) != 0)
			continue;
		for (i = 0; i < fix->edit_count; i++)
			if (fix->edits[i].start == e->start && fix->edits[i].end == e->end &&
			    strcmp(fix->edits[i].text, e->text) == 0)
				return k;
	}
	return count;
}

/* Adds fix x of finding f of the fixed corpus as a follow-up of parents,
 * its edits moved onto the bytes read. Edits that fall in the text one
 * edit of another fix adds (a back-link into the list a back-link of the
 * same record creates) are made in that text: the follow-up then carries
 * that fix, all its edits, in its place. *added is 0 when the edits fall
 * in the text of more than one edit, or overlap. */
static int add_follow_up(int *added, struct candidates *cs, struct orgcheck_fix_plan *plan,
			 const struct orgcheck_finding *f, const struct orgcheck_fix *x,
			 const struct orgcheck_fixed_file *files, size_t file_count, const size_t *parents,
			 size_t parent_count, size_t base, const char *print, struct orgcheck_error *err)
{
	const char *path = original_path(files, file_count, x->path);
	const struct orgcheck_fix *edits = NULL;
	struct orgcheck_fix *own = NULL;
	struct candidate *items = NULL;
	struct orgcheck_fix_note *notes = NULL;
	struct orgcheck_fix_note *note = NULL;
	struct candidate *c = NULL;
	struct text spliced = { NULL, 0, 0, 0 };
	size_t *starts = NULL;
	size_t *ends = NULL;
	unsigned char *within = NULL;
	size_t inside = (size_t)-1;
	size_t carried = cs->count;
	size_t where = 0;
	size_t start_at = 0;
	size_t end_at = 0;
	size_t offset = 0;
	size_t i;
	size_t k;
	int failed = 0;
	int rc = 0;

	*added = 0;
	for (i = 0; i < file_count; i++)
		if (strcmp(files[i].path, path) == 0)
			edits = &files[i].edits;
	starts = calloc(x->edit_count + 1, sizeof(*starts));
	ends = calloc(x->edit_count + 1, sizeof(*ends));
	within = calloc(x->edit_count + 1, 1);
	own = calloc(1, sizeof(*own));
	if (starts == NULL || ends == NULL || within == NULL || own == NULL) {
		free(own);
		own = NULL;
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = orgcheck_fix_init(own, err, x->safety, path, x->description);
	if (rc < 0) {
		free(own);
		own = NULL;
		goto done;
	}
	/* Where each edit goes: in the bytes read, or in one added text
	 * (starts and ends are then offsets in it). */
	for (i = 0; i < x->edit_count; i++) {
		int point = x->edits[i].start == x->edits[i].end;

		if (map_back(&starts[i], &where, &start_at, edits, x->edits[i].start, 0) < 0) {
			if (inside != (size_t)-1 && inside != where)
				goto done;
			inside = where;
			within[i] = 1;
			starts[i] = start_at;
			ends[i] = start_at;
			if (!point) {
				if (map_back(&offset, &where, &end_at, edits, x->edits[i].end, 1) == 0 || where != inside)
					goto done;
				ends[i] = end_at;
			}
			continue;
		}
		ends[i] = starts[i];
		if (!point && (map_back(&ends[i], &where, &offset, edits, x->edits[i].end, 1) < 0 ||
			       ends[i] < starts[i]))
			goto done;
	}
	if (inside != (size_t)-1) {
		const struct orgcheck_edit *e = &edits->edits[inside];
		const struct orgcheck_fix *fix = NULL;
		size_t from = 0;

		carried = edit_owner(cs, cs->count, path, e);
		if (carried == cs->count || cs->items[carried].fix->new_path != NULL)
			goto done;
		fix = cs->items[carried].fix;
		/* The added text with this fix's edits made in it, in order. */
		for (i = 0; i < x->edit_count; i++) {
			if (!within[i])
				continue;
			if (starts[i] < from || ends[i] > strlen(e->text))
				goto done;
			text_add(&spliced, e->text + from, starts[i] - from);
			text_add(&spliced, x->edits[i].text, strlen(x->edits[i].text));
			from = ends[i];
		}
		text_add(&spliced, e->text + from, strlen(e->text) - from);
		if (spliced.failed) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		for (k = 0; k < fix->edit_count && rc == 0; k++)
			rc = orgcheck_fix_add_edit(own, err, fix->edits[k].start, fix->edits[k].end,
						   fix->edits[k].start == e->start && fix->edits[k].end == e->end &&
						   strcmp(fix->edits[k].text, e->text) == 0
						   ? spliced.data : fix->edits[k].text);
	}
	for (i = 0; i < x->edit_count && rc == 0; i++)
		if (!within[i])
			rc = orgcheck_fix_add_edit(own, err, starts[i], ends[i], x->edits[i].text);
	if (rc == ORGCHECK_EINVAL) {
		rc = 0;
		goto done;
	}
	if (rc == 0 && x->new_path != NULL)
		rc = orgcheck_fix_set_rename(own, err, x->new_path);
	if (rc < 0)
		goto done;
	items = realloc(cs->items, (cs->count + 1) * sizeof(*items));
	if (items == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	cs->items = items;
	notes = realloc(plan->notes, (plan->note_count + 1) * sizeof(*notes));
	if (notes == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	plan->notes = notes;
	note = &plan->notes[plan->note_count];
	memset(note, 0, sizeof(*note));
	c = &cs->items[cs->count];
	memset(c, 0, sizeof(*c));
	c->parents = malloc((parent_count + 1) * sizeof(*c->parents));
	if (c->parents == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	memcpy(c->parents, parents, parent_count * sizeof(*parents));
	c->parent_count = parent_count;
	/* A carried fix is a parent too: without it, this one is not. */
	if (carried < cs->count) {
		for (i = 0; i < parent_count && parents[i] != carried; i++)
			;
		if (i == parent_count)
			c->parents[c->parent_count++] = carried;
		c->carries = carried + 1;
	}
	c->own = own;
	c->fix = own;
	own = NULL;
	c->note = plan->note_count++;
	c->base = base;
	c->active = 1;
	memcpy(c->fingerprint, print, sizeof(c->fingerprint));
	cs->count++;
	note->rule_id = copy_or_null(orgcheck_finding_rule_id(f), &failed);
	note->finding_path = copy_or_null(original_path(files, file_count, f->primary.path), &failed);
	note->line = f->primary.line;
	note->safety = c->fix->safety;
	note->description = copy_or_null(c->fix->description, &failed);
	note->path = copy_or_null(c->fix->path, &failed);
	note->new_path = copy_or_null(c->fix->new_path, &failed);
	if (failed)
		rc = orgcheck_error_nomem(err);
	*added = rc == 0;

done:
	if (own != NULL) {
		orgcheck_fix_release(own);
		free(own);
	}
	free(spliced.data);
	free(within);
	free(ends);
	free(starts);
	return rc;
}

/* Fixes set aside one at a time, to tell which bring a new finding. */
#define MAX_TRIALS 16

/* Whether finding f puts candidate k in question: f names the file k
 * edits, or f names no fixed file at all (then any fix may be the cause). */
static int suspect(const struct orgcheck_finding *f, const struct candidates *cs, size_t k,
		   const struct orgcheck_fixed_file *files, size_t file_count, size_t existing)
{
	size_t j;
	int named = 0;

	if (k >= existing || !cs->items[k].active)
		return 0;
	for (j = 0; j < file_count; j++)
		named = named || names_file(f, files, file_count, files[j].path);
	return !named || names_file(f, files, file_count, cs->items[k].fix->path);
}

/* One round: checks the corpus with the files in place. A new finding is
 * put down to the fixes it names that bring it (each set aside in turn,
 * it goes); if the fixed corpus has a fix for it, that fix joins them as
 * their follow-up (a corrected reference that now resolves, and the link
 * back it then needs), else they are dropped. A fix whose finding stays
 * is dropped, and so is a follow-up of a dropped fix. *changed is set
 * when the candidates changed. */
static int run_round(int *changed, struct orgcheck_fix_plan *plan, struct candidates *cs,
		     const struct orgcheck_fixed_file *files, size_t file_count, const struct prints *before,
		     struct sources *all, const struct orgcheck_corpus *corpus,
		     const struct orgcheck_check_options *options, int review, struct orgcheck_error *err)
{
	struct orgcheck_check_result after;
	struct prints now = { NULL, NULL, 0 };
	struct prints *without = NULL;
	size_t *culprits = NULL;
	size_t existing = cs->count;
	size_t culprit_count = 0;
	size_t trials = 0;
	char print[17];
	size_t i;
	size_t j;
	size_t k;
	int fresh = 0;
	int added = 0;
	int rc = 0;

	*changed = 0;
	rc = check_fixed(&after, &now, plan, files, file_count, options, err);
	for (i = 0; i < after.findings.count && rc == 0 && !fresh; i++) {
		rc = orgcheck_finding_fingerprint(print, sizeof(print), &after.findings.items[i], err);
		fresh = rc == 0 && prints_count(&now, print) > prints_count(before, print);
	}
	if (rc < 0 || !fresh)
		goto remains;
	rc = orgcheck_fixes_compute(&after, err);
	without = calloc(existing + 1, sizeof(*without));
	culprits = malloc((existing + 1) * sizeof(*culprits));
	if (rc == 0 && (without == NULL || culprits == NULL))
		rc = orgcheck_error_nomem(err);
	for (i = 0; i < after.findings.count && rc == 0; i++) {
		const struct orgcheck_finding *f = &after.findings.items[i];
		int tried = 0;
		int any = 0;

		rc = orgcheck_finding_fingerprint(print, sizeof(print), f, err);
		if (rc < 0 || prints_count(&now, print) <= prints_count(before, print))
			continue;
		/* The suspects it goes without; all of them when none does or
		 * there are too many to try. */
		culprit_count = 0;
		for (k = 0; k < existing && rc == 0; k++) {
			if (!suspect(f, cs, k, files, file_count, existing))
				continue;
			if (without[k].items == NULL && trials < MAX_TRIALS) {
				rc = trial(&without[k], plan, cs, k, all, corpus, options, err);
				trials++;
			}
			if (rc == 0 && without[k].items != NULL &&
			    prints_count(&without[k], print) <= prints_count(before, print))
				culprits[culprit_count++] = k;
		}
		for (k = 0; culprit_count == 0 && k < existing; k++)
			if (suspect(f, cs, k, files, file_count, existing))
				culprits[culprit_count++] = k;
		for (k = 0; k < culprit_count; k++)
			any = any || cs->items[culprits[k]].active;
		if (rc < 0 || !any)
			continue;
		/* A follow-up is tried once. */
		for (k = 0; k < cs->count; k++)
			tried = tried || (cs->items[k].parent_count > 0 &&
					  strcmp(cs->items[k].fingerprint, print) == 0);
		for (j = 0, added = 0; !tried && j < f->fix_count && rc == 0; j++) {
			int one = 0;

			if (f->fixes[j].safety != ORGCHECK_FIX_SAFE && !review)
				continue;
			rc = add_follow_up(&one, cs, plan, f, &f->fixes[j], files, file_count, culprits,
					   culprit_count, prints_count(&now, print), print, err);
			added = added || one;
		}
		if (rc < 0)
			break;
		*changed = 1;
		for (k = 0; !added && k < culprit_count && rc == 0; k++) {
			if (cs->items[culprits[k]].active)
				rc = drop(plan, &cs->items[culprits[k]], "it would introduce %s at %s:%lu: %s",
					  orgcheck_finding_rule_id(f), f->primary.path, f->primary.line, f->message);
		}
	}

remains:
	/* A fix that leaves its finding mends nothing. */
	for (k = 0; k < existing && rc == 0; k++) {
		if (cs->items[k].active && prints_count(&now, cs->items[k].fingerprint) >= cs->items[k].base) {
			rc = drop(plan, &cs->items[k], "its finding remains after the fix");
			*changed = 1;
		}
	}
	/* Parents come before their follow-ups. */
	for (k = 0; k < cs->count && rc == 0; k++) {
		for (j = 0; j < cs->items[k].parent_count && cs->items[k].active && rc == 0; j++) {
			if (!cs->items[cs->items[k].parents[j]].active) {
				rc = drop(plan, &cs->items[k], "the fix it follows is dropped");
				*changed = 1;
			}
		}
	}
	for (k = 0; without != NULL && k < existing; k++)
		prints_release(&without[k]);
	free(without);
	free(culprits);
	prints_release(&now);
	orgcheck_check_result_release(&after);
	return rc;
}

/* Rounds of checking before the fixes left are given up. */
#define MAX_RECHECKS 8

int orgcheck_fixes_plan(struct orgcheck_fix_plan *out, const struct orgcheck_check_result *result,
			const struct orgcheck_check_options *options, int review,
			struct orgcheck_error *err)
{
	struct candidates cs = { NULL, 0 };
	size_t total = 0;
	struct sources all = { NULL, NULL };
	struct prints before = { NULL, NULL, 0 };
	struct orgcheck_fixed_file *files = NULL;
	size_t file_count = 0;
	size_t active = 0;
	unsigned rounds = 0;
	size_t i;
	size_t j;
	int changed = 0;
	int failed = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < result->findings.count; i++)
		total += result->findings.items[i].fix_count;
	if (total == 0 || result->corpus == NULL)
		return 0;
	all.corpus = result->corpus;
	cs.items = calloc(total, sizeof(*cs.items));
	out->notes = calloc(total, sizeof(*out->notes));
	if (cs.items == NULL || out->notes == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = prints_make(&before, &result->findings, err);
	for (i = 0; i < result->findings.count && rc == 0; i++) {
		const struct orgcheck_finding *f = &result->findings.items[i];

		for (j = 0; j < f->fix_count && rc == 0; j++) {
			struct candidate *c = &cs.items[cs.count];
			struct orgcheck_fix_note *note = &out->notes[out->note_count];

			c->fix = &f->fixes[j];
			c->note = out->note_count++;
			c->active = f->fixes[j].safety == ORGCHECK_FIX_SAFE || review;
			rc = orgcheck_finding_fingerprint(c->fingerprint, sizeof(c->fingerprint), f, err);
			c->base = prints_count(&before, c->fingerprint);
			note->rule_id = copy_or_null(orgcheck_finding_rule_id(f), &failed);
			note->finding_path = copy_or_null(f->primary.path, &failed);
			note->line = f->primary.line;
			note->safety = f->fixes[j].safety;
			note->description = copy_or_null(f->fixes[j].description, &failed);
			note->path = copy_or_null(f->fixes[j].path, &failed);
			note->new_path = copy_or_null(f->fixes[j].new_path, &failed);
			if (failed)
				rc = orgcheck_error_nomem(err);
			/* A fix that cannot be made (a Schematron Quick Fix orgcheck
			 * does not support) is listed with the reason, never applied. */
			if (rc == 0 && f->fixes[j].refusal != NULL)
				rc = drop(out, c, "cannot be made: %s", f->fixes[j].refusal);
			cs.count++;
		}
	}
	for (;;) {
		if (rc < 0)
			goto done;
		files_release(files, file_count);
		files = NULL;
		file_count = 0;
		rc = build_files(&files, &file_count, out, cs.items, cs.count, &all, result->corpus, 0, err);
		if (rc < 0)
			goto done;
		for (active = 0, i = 0; i < cs.count; i++)
			active += cs.items[i].active;
		if (active == 0 || file_count == 0)
			break;
		if (rounds >= MAX_RECHECKS) {
			for (i = 0; i < cs.count && rc == 0; i++)
				if (cs.items[i].active)
					rc = drop(out, &cs.items[i], "no check of the fixed corpus confirmed it "
						  "in %d rounds", MAX_RECHECKS);
			continue;
		}
		rounds++;
		rc = run_round(&changed, out, &cs, files, file_count, &before, &all, result->corpus, options,
			       review, err);
		if (rc == 0 && !changed)
			break;
	}
	for (i = 0; i < cs.count; i++)
		out->notes[cs.items[i].note].kept = cs.items[i].active;
	out->files = files;
	out->file_count = file_count;
	files = NULL;
	file_count = 0;

done:
	files_release(files, file_count);
	prints_release(&before);
	sources_release(&all);
	candidates_release(&cs);
	return rc;
}

/* ---------------------------------------------------------------- write */

static int add_message(struct text *messages, const char *path, const char *why, const char *detail)
{
	text_printf(messages, "%s: %s%s%s\n", path, why, detail ? ": " : "", detail ? detail : "");
	return messages->failed ? ORGCHECK_ENOMEM : 0;
}

/* Writes bytes to a new file beside path, with mode; *temp (caller frees)
 * names it. Returns 0, or -1 with errno set. */
static int write_temp(char **temp, const char *path, const char *bytes, size_t size, mode_t mode)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *name = malloc(dir + 32);
	size_t done = 0;
	int fd = -1;
	int saved = 0;

	*temp = NULL;
	if (name == NULL) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(name, path, dir);
	memcpy(name + dir, ".orgcheck-fix-XXXXXX", 21);
	fd = mkstemp(name);
	if (fd < 0) {
		free(name);
		return -1;
	}
	while (done < size) {
		ssize_t n = write(fd, bytes + done, size - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		done += (size_t)n;
	}
	if (done < size || fchmod(fd, mode & 07777) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(name);
		free(name);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(name);
		free(name);
		errno = saved;
		return -1;
	}
	*temp = name;
	return 0;
}

int orgcheck_fixes_write(size_t *written, char **messages, const struct orgcheck_fix_plan *plan,
			 struct orgcheck_error *err)
{
	struct text lines = { NULL, 0, 0, 0 };
	size_t i;
	int rc = 0;

	*written = 0;
	*messages = NULL;
	for (i = 0; i < plan->file_count && rc == 0; i++) {
		const struct orgcheck_fixed_file *file = &plan->files[i];
		char *now = NULL;
		size_t now_size = 0;
		char *temp = NULL;
		struct stat st;

		rc = read_whole(&now, &now_size, file->path);
		if (rc == ORGCHECK_ENOMEM)
			break;
		if (rc < 0 || stat(file->path, &st) != 0) {
			rc = add_message(&lines, file->path, "cannot be read again, left alone", strerror(errno));
			free(now);
			continue;
		}
		if (now_size != file->before_size || memcmp(now, file->before, now_size) != 0) {
			free(now);
			rc = add_message(&lines, file->path, "changed since it was read, left alone", NULL);
			continue;
		}
		free(now);
		if (write_temp(&temp, file->path, file->after, file->after_size, st.st_mode) != 0) {
			rc = add_message(&lines, file->path, "cannot be written, left alone", strerror(errno));
			continue;
		}
		if (file->new_path != NULL) {
			/* link() refuses a name that exists: never replace a file. */
			if (link(temp, file->new_path) != 0) {
				rc = add_message(&lines, file->path, "cannot be renamed, left alone",
						 errno == EEXIST ? "the new name is taken" : strerror(errno));
				unlink(temp);
				free(temp);
				continue;
			}
			unlink(temp);
			if (unlink(file->path) != 0)
				rc = add_message(&lines, file->path, "renamed, but the old name cannot be removed",
						 strerror(errno));
		} else if (rename(temp, file->path) != 0) {
			rc = add_message(&lines, file->path, "cannot be replaced, left alone", strerror(errno));
			unlink(temp);
			free(temp);
			continue;
		}
		free(temp);
		(*written)++;
	}
	if (rc < 0 || lines.failed) {
		free(lines.data);
		return orgcheck_error_nomem(err);
	}
	*messages = lines.data;
	return 0;
}

/* ---------------------------------------------------------------- diff */

int orgcheck_fixes_diff(char **out, size_t *size, const struct orgcheck_fix_plan *plan,
			const char *strip, struct orgcheck_error *err)
{
	struct text all = { NULL, 0, 0, 0 };
	char *piece = NULL;
	size_t i;
	int rc = 0;

	*out = NULL;
	*size = 0;
	text_add(&all, "", 0);
	for (i = 0; i < plan->file_count && rc == 0; i++) {
		rc = orgcheck_fix_diff(&piece, &plan->files[i].edits, plan->files[i].path, plan->files[i].new_path,
				       plan->files[i].before, plan->files[i].before_size, strip, err);
		if (rc == 0)
			text_str(&all, piece);
		free(piece);
		piece = NULL;
	}
	if (rc == 0 && all.failed)
		rc = orgcheck_error_nomem(err);
	if (rc < 0) {
		free(all.data);
		return rc;
	}
	*out = all.data;
	*size = all.length;
	return 0;
}
