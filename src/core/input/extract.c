/* The DOM of a schema-valid record read into the compact model. */
#include "input/extract.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/path.h"
#include "util/xml.h"
#include <orgcheck/parse.h>

/* Grows an ORGCHECK_ARRAY by one slot and returns a pointer to the zeroed
 * new last item, or NULL when out of memory. */
#define ARRAY_PUSH(array) \
	((array).count < (array).capacity || \
	 array_grow((void **)&(array).items, &(array).capacity, sizeof(*(array).items)) == 0 \
	 ? memset(&(array).items[(array).count++], 0, sizeof(*(array).items)) : NULL)

static int array_grow(void **items, size_t *capacity, size_t item_size)
{
	size_t wanted = *capacity ? *capacity * 2 : 4;
	void *grown = NULL;

	if (wanted > ((size_t)-1) / item_size)
		return -1;
	grown = realloc(*items, wanted * item_size);
	if (grown == NULL)
		return -1;
	*items = grown;
	*capacity = wanted;
	return 0;
}

/* Sources remembered per record: a record names a few sources over and
 * over, so each is copied once. */
#define RECENT_SOURCES 8

struct extract;

static void compact(struct extract *x, void **items, size_t count, size_t *capacity, size_t item_size);

/* Moves an ORGCHECK_ARRAY from the heap into the arena, exactly sized. */
#define COMPACT(x, array) compact((x), (void **)&(array).items, (array).count, &(array).capacity, \
				  sizeof(*(array).items))

struct extract {
	struct orgcheck_record *record;
	struct orgcheck_arena *arena;
	struct orgcheck_error *err;
	int failed;   /* out of memory somewhere: the caller reports it once */
	const char *sources[RECENT_SOURCES];  /* copies in the arena */
	size_t source_count;                  /* copies made, the last ones kept */
};

static int is_element(const xmlNode *node, const char *name)
{
	/* The first letter settles most comparisons without a call. */
	return node->type == XML_ELEMENT_NODE && node->name != NULL && node->name[0] == (xmlChar)name[0] &&
	       xmlStrEqual(node->name, (const xmlChar *)name);
}

static struct orgcheck_pos position(const xmlNode *node)
{
	struct orgcheck_pos pos = { 0, 0 };

	orgcheck_parse_node_position(&pos.line, &pos.column, node);
	return pos;
}

static const char *copy(struct extract *x, const char *text)
{
	const char *result = NULL;

	if (text == NULL)
		return NULL;
	result = orgcheck_arena_strdup(x->arena, text);
	if (result == NULL)
		x->failed = 1;
	return result;
}

static void compact(struct extract *x, void **items, size_t count, size_t *capacity, size_t item_size)
{
	void *moved = NULL;

	if (*items == NULL || *capacity == 0)
		return;
	if (count > 0) {
		moved = orgcheck_arena_alloc(x->arena, count * item_size);
		if (moved == NULL) {
			/* Still a heap array, freed with the record. */
			x->failed = 1;
			return;
		}
		memcpy(moved, *items, count * item_size);
	}
	free(*items);
	*items = moved;
	*capacity = 0;
}

/* A copy of a source attribute, shared with an earlier claim of the record
 * that names the same sources. */
static const char *copy_source(struct extract *x, const char *text)
{
	const char *result = NULL;
	size_t i;

	if (text == NULL)
		return NULL;
	for (i = 0; i < x->source_count && i < RECENT_SOURCES; i++) {
		if (strcmp(x->sources[i], text) == 0)
			return x->sources[i];
	}
	result = copy(x, text);
	if (result != NULL)
		x->sources[x->source_count++ % RECENT_SOURCES] = result;
	return result;
}

/* The text of a simple element, copied into the arena. */
static const char *text_of(struct extract *x, const xmlNode *node)
{
	const xmlNode *child = node->children;
	xmlChar *joined = NULL;
	const char *result = NULL;

	if (child != NULL && child->next == NULL && child->type == XML_TEXT_NODE)
		return copy(x, (const char *)child->content);
	joined = xmlNodeGetContent(node);
	if (joined == NULL) {
		x->failed = 1;
		return NULL;
	}
	result = copy(x, (const char *)joined);
	xmlFree(joined);
	return result;
}

static const char *attribute_copy(struct extract *x, const xmlNode *node, const char *name)
{
	return copy(x, orgcheck_xml_attribute(node, name));
}

/* text without the white space around it, in buf: the schema's dates,
 * enumerations and tokens collapse white space, so " 2002 " and
 * " member-of " are valid and mean 2002 and member-of. text itself when it
 * has none or does not fit (the callers' buffers hold any valid date,
 * kind, qualifier and id); NULL for NULL. */
static const char *trimmed(char *buf, size_t size, const char *text)
{
	size_t length = 0;

	if (text == NULL)
		return NULL;
	text += strspn(text, " \t\n\r");
	length = strlen(text);
	while (length > 0 && strchr(" \t\n\r", text[length - 1]) != NULL)
		length--;
	if (text[length] == '\0' || length >= size)
		return text;
	memcpy(buf, text, length);
	buf[length] = '\0';
	return buf;
}

static void parse_date(struct orgcheck_date *out, const char *text)
{
	char buf[16];

	(void)orgcheck_date_parse(out, trimmed(buf, sizeof(buf), text));
}

static struct orgcheck_date date_attribute(const xmlNode *node, const char *name)
{
	struct orgcheck_date date = { 0, 0, 0 };
	const char *text = orgcheck_xml_attribute(node, name);

	if (text != NULL)
		parse_date(&date, text);
	return date;
}

/* The concatenation of the strings up to a NULL, copied into the arena:
 * the descriptions rules quote ("event 'first convention'"). A NULL part
 * inside is not possible, so absent values are passed as "". */
static const char *join(struct extract *x, const char *first, ...)
#if defined(__GNUC__)
	__attribute__((sentinel))
#endif
	;

static const char *join(struct extract *x, const char *first, ...)
{
	char buf[512];
	size_t at = 0;
	size_t length = 0;
	const char *part = first;
	va_list ap;

	va_start(ap, first);
	for (; part != NULL; part = va_arg(ap, const char *)) {
		length = strlen(part);
		if (length > sizeof(buf) - 1 - at)
			length = sizeof(buf) - 1 - at;
		memcpy(buf + at, part, length);
		at += length;
	}
	va_end(ap);
	buf[at] = '\0';
	return copy(x, buf);
}

/* s, or "" for NULL, for join's parts. */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The content of a simple element of a token type, trimmed (copied again
 * only when it had white space around it). */
static const char *token_of(struct extract *x, const xmlNode *node)
{
	char buf[64];
	const char *text = text_of(x, node);
	const char *token = trimmed(buf, sizeof(buf), text);

	return token == text ? text : copy(x, token);
}

/* The id a reference names, trimmed like the validator trimmed it. */
static const char *ref_id(char *buf, size_t size, const xmlNode *ref)
{
	return or_empty(trimmed(buf, size, orgcheck_xml_attribute(ref, "ref")));
}

static void add_name(struct extract *x, const xmlNode *node, enum orgcheck_name_kind kind,
		     const char *source)
{
	struct orgcheck_name *name = ARRAY_PUSH(x->record->names);
	char folded[1024];

	if (name == NULL) {
		x->failed = 1;
		return;
	}
	name->value = text_of(x, node);
	name->folded = copy(x, orgcheck_fold_name(folded, sizeof(folded), name->value));
	name->kind = kind;
	name->lang = attribute_copy(x, node, "lang");
	name->source = copy_source(x, source);
	name->pos = position(node);
}

static const struct {
	const char *attribute;
	enum orgcheck_name_kind kind;
} name_kinds[] = {
	{ "acronym", ORGCHECK_NAME_ACRONYM },
	{ "alias", ORGCHECK_NAME_ALIAS },
	{ "former", ORGCHECK_NAME_FORMER },
	{ "variant", ORGCHECK_NAME_VARIANT },
	{ "translation", ORGCHECK_NAME_TRANSLATION },
	{ "label", ORGCHECK_NAME_LABEL },
};

static void extract_other_names(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const char *kind = NULL;
	char buf[32];
	size_t i;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "name"))
			continue;
		kind = trimmed(buf, sizeof(buf), orgcheck_xml_attribute(node, "kind"));
		for (i = 0; i < sizeof(name_kinds) / sizeof(name_kinds[0]); i++) {
			if (kind != NULL && strcmp(kind, name_kinds[i].attribute) == 0)
				add_name(x, node, name_kinds[i].kind, orgcheck_xml_attribute(node, "source"));
		}
	}
}

/* A claim of field; name is how messages name it, NULL for the field's
 * own name. */
static void add_claim(struct extract *x, const xmlNode *node, enum orgcheck_claim_field field,
		      const char *name, const char *value, const char *source)
{
	struct orgcheck_claim *claim = ARRAY_PUSH(x->record->claims);

	if (claim == NULL) {
		x->failed = 1;
		return;
	}
	claim->field = field;
	claim->name = name != NULL ? name : orgcheck_claim_field_name(field);
	claim->value = value;
	if (value != NULL)
		parse_date(&claim->date, value);
	claim->source = copy_source(x, source);
	claim->pos = position(node);
}

static void add_dated(struct extract *x, const xmlNode *node, const char *what,
		      const char *attribute_name, struct orgcheck_date date, const char *source)
{
	struct orgcheck_dated *dated = NULL;

	if (!orgcheck_date_present(&date))
		return;
	dated = ARRAY_PUSH(x->record->dated);
	if (dated == NULL) {
		x->failed = 1;
		return;
	}
	dated->what = what;
	dated->attribute = attribute_name;
	dated->date = date;
	dated->source = copy_source(x, source);
	dated->pos = position(node);
}

/* The dates of a span (from, to, and any point date), as dated facts and,
 * when both ends are known, as a term. */
static void add_span(struct extract *x, const xmlNode *node, const char *what, const char *source)
{
	struct orgcheck_date from = date_attribute(node, "from");
	struct orgcheck_date to = date_attribute(node, "to");
	struct orgcheck_term *term = NULL;

	add_dated(x, node, what, "date", date_attribute(node, "date"), source);
	add_dated(x, node, what, "from", from, source);
	add_dated(x, node, what, "to", to, source);
	add_dated(x, node, what, "as-of", date_attribute(node, "as-of"), source);
	if (!orgcheck_date_present(&from) || !orgcheck_date_present(&to))
		return;
	term = ARRAY_PUSH(x->record->terms);
	if (term == NULL) {
		x->failed = 1;
		return;
	}
	term->what = what;
	term->from = from;
	term->to = to;
	term->source = copy_source(x, source);
	term->pos = position(node);
}

/* Adds the reference held by node (an <org-ref> or <person-ref>); returns
 * its index in refs, or (size_t)-1. */
static size_t add_ref(struct extract *x, const xmlNode *node, const char *context, const char *source)
{
	struct orgcheck_ref *ref = ARRAY_PUSH(x->record->refs);
	char buf[128];

	if (ref == NULL) {
		x->failed = 1;
		return (size_t)-1;
	}
	ref->target = copy(x, trimmed(buf, sizeof(buf), orgcheck_xml_attribute(node, "ref")));
	ref->label = text_of(x, node);
	ref->expected = is_element(node, "person-ref") ? ORGCHECK_TARGET_PERSON : ORGCHECK_TARGET_ORGANIZATION;
	ref->context = context;
	ref->source = copy_source(x, source);
	ref->pos = position(node);
	return x->record->refs.count - 1;
}

static int is_ref(const xmlNode *node)
{
	return is_element(node, "org-ref") || is_element(node, "person-ref");
}

static void add_link(struct extract *x, const xmlNode *claim, const char *kind_name, size_t ref,
		     const char *source)
{
	char buf[64];
	const struct orgcheck_link_kind *kind = orgcheck_vocab_find(trimmed(buf, sizeof(buf), kind_name));
	struct orgcheck_link *link = NULL;

	/* The schema admits only kinds in the table; an unknown one is not a link. */
	if (kind == NULL || ref == (size_t)-1)
		return;
	link = ARRAY_PUSH(x->record->links);
	if (link == NULL) {
		x->failed = 1;
		return;
	}
	link->kind = kind;
	link->ref = ref;
	link->date = date_attribute(claim, "date");
	link->from = date_attribute(claim, "from");
	link->to = date_attribute(claim, "to");
	link->source = copy_source(x, source);
	link->pos = position(claim);
}

/* Representatives, and any other references inside a claim element. */
static void extract_representatives(struct extract *x, const xmlNode *claim)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;

	for (node = claim->children; node != NULL; node = node->next) {
		if (!is_element(node, "representative"))
			continue;
		for (ref = node->children; ref != NULL; ref = ref->next) {
			if (is_ref(ref))
				add_ref(x, ref, "representative", orgcheck_xml_attribute(node, "source"));
		}
	}
}

/* The first <org-ref>/<person-ref> child of node, or NULL. */
static const xmlNode *first_ref(const xmlNode *node)
{
	const xmlNode *child = NULL;

	for (child = node->children; child != NULL; child = child->next) {
		if (is_ref(child))
			return child;
	}
	return NULL;
}

static void extract_founders(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;
	char id[128];
	const char *source = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "founder") || (ref = first_ref(node)) == NULL)
			continue;
		source = orgcheck_xml_attribute(node, "source");
		add_link(x, node, ORGCHECK_LINK_FOUNDED_BY, add_ref(x, ref, "founder", source), source);
		add_dated(x, node, join(x, "founding by ", ref_id(id, sizeof(id), ref), (const char *)NULL), "date",
			  date_attribute(node, "date"), source);
	}
}

static void extract_co_founded(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;
	const char *source = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "co-founding") || (ref = first_ref(node)) == NULL)
			continue;
		source = orgcheck_xml_attribute(node, "source");
		add_link(x, node, ORGCHECK_LINK_CO_FOUNDED, add_ref(x, ref, "co-founding", source), source);
		extract_representatives(x, node);
	}
}

/* A relationship as messages name it: "partnership with baa", and for a
 * kind that names the target's role "iccbba as its parent". */
static const char *relationship_phrase(struct extract *x, const char *kind_name, const char *target)
{
	const struct orgcheck_link_kind *kind = kind_name ? orgcheck_vocab_find(kind_name) : NULL;
	char phrase[256];

	if (kind == NULL)
		return join(x, or_empty(kind_name), " with ", or_empty(target), (const char *)NULL);
	orgcheck_vocab_phrase(phrase, sizeof(phrase), kind, or_empty(target));
	return copy(x, phrase);
}

static void extract_relationships(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;
	char id[128];
	char kind_buf[64];
	const char *source = NULL;
	const char *kind = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "relationship") || (ref = first_ref(node)) == NULL)
			continue;
		source = orgcheck_xml_attribute(node, "source");
		kind = trimmed(kind_buf, sizeof(kind_buf), orgcheck_xml_attribute(node, "kind"));
		add_link(x, node, kind ? kind : "", add_ref(x, ref, "relationship", source), source);
		add_span(x, node, relationship_phrase(x, kind, ref_id(id, sizeof(id), ref)), source);
		extract_representatives(x, node);
	}
}

static void extract_leaders(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;
	char id[128];
	const char *source = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "leader") || (ref = first_ref(node)) == NULL)
			continue;
		source = orgcheck_xml_attribute(node, "source");
		add_ref(x, ref, "leader", source);
		add_span(x, node, join(x, "term of ", or_empty(orgcheck_xml_attribute(node, "role")), " ",
				       ref_id(id, sizeof(id), ref), (const char *)NULL),
			 source);
	}
}

static const struct {
	const char *attribute;
	enum orgcheck_qualifier qualifier;
} qualifiers[] = {
	{ "exact", ORGCHECK_QUALIFIER_EXACT },
	{ "over", ORGCHECK_QUALIFIER_OVER },
	{ "at-least", ORGCHECK_QUALIFIER_AT_LEAST },
	{ "nearly", ORGCHECK_QUALIFIER_NEARLY },
	{ "about", ORGCHECK_QUALIFIER_ABOUT },
	{ "under", ORGCHECK_QUALIFIER_UNDER },
};

static void add_figure(struct extract *x, const xmlNode *node, const char *kind, const char *scope,
		       const char *source)
{
	struct orgcheck_figure *figure = ARRAY_PUSH(x->record->figures);
	char buf[32];
	const char *qualifier = trimmed(buf, sizeof(buf), orgcheck_xml_attribute(node, "qualifier"));
	const char *value = NULL;
	char *end = NULL;
	size_t i;

	if (figure == NULL) {
		x->failed = 1;
		return;
	}
	figure->kind = kind;
	figure->scope = scope;
	value = text_of(x, node);
	if (value != NULL) {
		errno = 0;
		figure->value = strtoll(value, &end, 10);
		while (end != NULL && isspace((unsigned char)*end))
			end++;
		figure->value_ok = errno == 0 && end != value && end != NULL && *end == '\0';
	}
	for (i = 0; i < sizeof(qualifiers) / sizeof(qualifiers[0]); i++) {
		if (qualifier != NULL && strcmp(qualifier, qualifiers[i].attribute) == 0)
			figure->qualifier = qualifiers[i].qualifier;
	}
	figure->as_written = attribute_copy(x, node, "as-written");
	figure->as_of = date_attribute(node, "as-of");
	figure->source = copy_source(x, source);
	figure->pos = position(node);
}

static void extract_figures(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const char *source = NULL;
	const char *kind = NULL;
	char kind_buf[64];

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "figure"))
			continue;
		source = orgcheck_xml_attribute(node, "source");
		kind = copy(x, trimmed(kind_buf, sizeof(kind_buf), orgcheck_xml_attribute(node, "kind")));
		add_figure(x, node, kind, NULL, source);
		add_dated(x, node, join(x, "figure '", or_empty(kind), "'", (const char *)NULL), "as-of",
			  date_attribute(node, "as-of"), source);
	}
}

static void extract_events(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *child = NULL;
	const char *source = NULL;
	const char *title = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "event"))
			continue;
		source = orgcheck_xml_attribute(node, "source");
		title = NULL;
		for (child = node->children; child != NULL; child = child->next) {
			if (is_element(child, "title"))
				title = text_of(x, child);
			else if (is_element(child, "attendance"))
				add_figure(x, child, "attendance", title, source);
			else if (is_ref(child))
				add_ref(x, child, "event", source);
		}
		add_dated(x, node, join(x, "event '", or_empty(title), "'", (const char *)NULL), "date",
			  date_attribute(node, "date"), source);
	}
}

static void extract_publications(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *child = NULL;
	const xmlNode *ref = NULL;
	const char *source = NULL;
	const char *title = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "publication"))
			continue;
		source = orgcheck_xml_attribute(node, "source");
		title = NULL;
		for (child = node->children; child != NULL; child = child->next) {
			if (is_element(child, "title"))
				title = text_of(x, child);
			else if (is_element(child, "publisher") && (ref = first_ref(child)) != NULL)
				add_ref(x, ref, "publisher", source);
		}
		add_dated(x, node, join(x, "publication '", or_empty(title), "'", (const char *)NULL), "date",
			  date_attribute(node, "date"), source);
	}
}

static void extract_dates(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (is_element(node, "founded"))
			add_claim(x, node, ORGCHECK_CLAIM_FOUNDED, NULL, text_of(x, node), orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "incorporated"))
			add_claim(x, node, ORGCHECK_CLAIM_INCORPORATED, NULL, text_of(x, node),
				  orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "dissolved"))
			add_claim(x, node, ORGCHECK_CLAIM_DISSOLVED, NULL, text_of(x, node), orgcheck_xml_attribute(node, "source"));
	}
}

static void extract_identifiers(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	char scheme[256];

	for (node = list->children; node != NULL; node = node->next) {
		if (is_element(node, "us-tax-id"))
			add_claim(x, node, ORGCHECK_CLAIM_US_TAX_ID, NULL, token_of(x, node), orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "identifier"))
			add_claim(x, node, ORGCHECK_CLAIM_IDENTIFIER,
				  join(x, "identifier ", or_empty(trimmed(scheme, sizeof(scheme), orgcheck_xml_attribute(node, "scheme"))),
				       (const char *)NULL),
				  text_of(x, node), orgcheck_xml_attribute(node, "source"));
	}
}

/* A status, with its date (a dissolution's) as the claim's date and as a
 * dated fact, which must lie in the lifetime and not after today. */
static void extract_status(struct extract *x, const xmlNode *node)
{
	const char *source = orgcheck_xml_attribute(node, "source");
	const char *value = token_of(x, node);
	struct orgcheck_claim *claim = NULL;

	add_claim(x, node, ORGCHECK_CLAIM_STATUS, NULL, value, source);
	if (x->failed)
		return;
	claim = &x->record->claims.items[x->record->claims.count - 1];
	claim->date = date_attribute(node, "date");
	add_dated(x, node, join(x, "status '", or_empty(value), "'", (const char *)NULL), "date", claim->date, source);
}

static void extract_locations(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *child = NULL;
	struct orgcheck_place *location = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "location"))
			continue;
		location = ARRAY_PUSH(x->record->locations);
		if (location == NULL) {
			x->failed = 1;
			return;
		}
		location->geonames_id = attribute_copy(x, node, "geonames-id");
		location->source = copy_source(x, orgcheck_xml_attribute(node, "source"));
		location->pos = position(node);
		for (child = node->children; child != NULL; child = child->next) {
			if (is_element(child, "country"))
				location->country = token_of(x, child);
			else if (is_element(child, "region"))
				location->region_code = attribute_copy(x, child, "code");
			else if (is_element(child, "city"))
				location->city = text_of(x, child);
		}
	}
}

/* Links and domains, as claims named "link KIND" and "domain". */
static void extract_web(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const char *kind = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (is_element(node, "domain")) {
			add_claim(x, node, ORGCHECK_CLAIM_DOMAIN, NULL, text_of(x, node), orgcheck_xml_attribute(node, "source"));
		} else if (is_element(node, "link")) {
			kind = orgcheck_xml_attribute(node, "kind");
			add_claim(x, node, ORGCHECK_CLAIM_LINK,
				  kind != NULL && strcmp(kind, "website") == 0 ? "link website" :
				  kind != NULL && strcmp(kind, "wikipedia") == 0 ? "link wikipedia" : "link other",
				  text_of(x, node), orgcheck_xml_attribute(node, "source"));
		}
	}
}

static void extract_headquarters(struct extract *x, const xmlNode *node)
{
	const xmlNode *child = NULL;

	for (child = node->children; child != NULL; child = child->next) {
		if (is_element(child, "country"))
			add_claim(x, node, ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY, NULL, token_of(x, child),
				  orgcheck_xml_attribute(node, "source"));
	}
}

static void extract_affiliations(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const xmlNode *ref = NULL;
	char id[128];
	const char *source = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "affiliation") || (ref = first_ref(node)) == NULL)
			continue;
		source = orgcheck_xml_attribute(node, "source");
		add_ref(x, ref, "affiliation", source);
		add_span(x, node, join(x, "affiliation with ", ref_id(id, sizeof(id), ref), (const char *)NULL), source);
	}
}

static void extract_honorifics(struct extract *x, const xmlNode *list)
{
	const xmlNode *node = NULL;
	const char **slot = NULL;

	for (node = list->children; node != NULL; node = node->next) {
		if (!is_element(node, "honorific"))
			continue;
		slot = ARRAY_PUSH(x->record->honorifics);
		if (slot == NULL) {
			x->failed = 1;
			return;
		}
		*slot = text_of(x, node);
	}
}

/* The record id the file at path should hold (orgcheck_path_record_id). */
static const char *file_id(struct extract *x, const char *path)
{
	const char *base = NULL;
	size_t length = 0;
	const char *result = NULL;

	if (path == NULL)
		return NULL;
	length = orgcheck_path_record_id(&base, path);
	result = orgcheck_arena_strndup(x->arena, base, length);
	if (result == NULL)
		x->failed = 1;
	return result;
}

int orgcheck_record_extract(struct orgcheck_record *out, struct orgcheck_arena *arena,
			    xmlDocPtr doc, enum orgcheck_record_kind kind, const char *path,
			    struct orgcheck_error *err)
{
	struct extract x;
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *node = NULL;

	memset(&x, 0, sizeof(x));
	x.record = out;
	x.arena = arena;
	x.err = err;
	memset(out, 0, sizeof(*out));
	out->kind = kind;
	out->path = copy(&x, path);
	out->file_id = file_id(&x, path);
	if (root == NULL)
		goto done;
	out->id = attribute_copy(&x, root, "id");
	out->pos = position(root);

	for (node = root->children; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (is_element(node, "name"))
			add_name(&x, node, ORGCHECK_NAME_DISPLAY, orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "other-names"))
			extract_other_names(&x, node);
		else if (is_element(node, "status"))
			extract_status(&x, node);
		else if (is_element(node, "legal-status"))
			add_claim(&x, node, ORGCHECK_CLAIM_LEGAL_STATUS, NULL, text_of(&x, node),
				  orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "locations"))
			extract_locations(&x, node);
		else if (is_element(node, "links") || is_element(node, "domains"))
			extract_web(&x, node);
		else if (is_element(node, "headquarters"))
			extract_headquarters(&x, node);
		else if (is_element(node, "identifiers"))
			extract_identifiers(&x, node);
		else if (is_element(node, "dates"))
			extract_dates(&x, node);
		else if (is_element(node, "figures"))
			extract_figures(&x, node);
		else if (is_element(node, "leaders"))
			extract_leaders(&x, node);
		else if (is_element(node, "founders"))
			extract_founders(&x, node);
		else if (is_element(node, "co-founded"))
			extract_co_founded(&x, node);
		else if (is_element(node, "relationships"))
			extract_relationships(&x, node);
		else if (is_element(node, "events"))
			extract_events(&x, node);
		else if (is_element(node, "publications"))
			extract_publications(&x, node);
		else if (is_element(node, "honorifics"))
			extract_honorifics(&x, node);
		else if (is_element(node, "born"))
			add_claim(&x, node, ORGCHECK_CLAIM_BORN, NULL, text_of(&x, node), orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "died"))
			add_claim(&x, node, ORGCHECK_CLAIM_DIED, NULL, text_of(&x, node), orgcheck_xml_attribute(node, "source"));
		else if (is_element(node, "affiliations"))
			extract_affiliations(&x, node);
	}

done:
	/* The arrays move into the arena at their final size: no slack, and
	 * the long-lived model stays out of the heap the parser churns. */
	COMPACT(&x, out->names);
	COMPACT(&x, out->claims);
	COMPACT(&x, out->refs);
	COMPACT(&x, out->links);
	COMPACT(&x, out->figures);
	COMPACT(&x, out->dated);
	COMPACT(&x, out->terms);
	COMPACT(&x, out->honorifics);
	COMPACT(&x, out->locations);
	if (x.failed) {
		orgcheck_record_release(out);
		return orgcheck_error_nomem(err);
	}
	return 0;
}
