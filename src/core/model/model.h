/* The compact record model.
 *
 * After a record is parsed and validated, the facts the rules need are
 * copied out of its DOM into these structs (input/extract.c) and the DOM
 * is freed; nothing here knows the DOM. Every
 * string lives in the corpus's arena and is freed with the corpus; every
 * fact keeps the line and column of the element that states it and its
 * sources, so findings can point at it and quote it. */
#ifndef ORGCHECK_MODEL_H
#define ORGCHECK_MODEL_H

#include <stddef.h>

#include <orgcheck/date.h>
#include <orgcheck/error.h>
#include "model/vocab.h"
#include "util/fold.h"

struct orgcheck_arena;

/* What a record is, known from its root element (input/schema.c). */
enum orgcheck_record_kind {
	ORGCHECK_RECORD_UNKNOWN = 0,
	ORGCHECK_RECORD_ORGANIZATION,
	ORGCHECK_RECORD_PERSON
};

/* "organization", "person" or "unknown". */
const char *orgcheck_record_kind_name(enum orgcheck_record_kind kind);

struct orgcheck_pos {
	unsigned long line;
	unsigned long column;
};

enum orgcheck_name_kind {
	ORGCHECK_NAME_DISPLAY = 0,
	ORGCHECK_NAME_ACRONYM,
	ORGCHECK_NAME_ALIAS,
	ORGCHECK_NAME_FORMER,
	ORGCHECK_NAME_VARIANT,
	ORGCHECK_NAME_TRANSLATION,
	ORGCHECK_NAME_LABEL   /* the name in one language (ROR's "label") */
};

struct orgcheck_name {
	const char *value;   /* as written */
	const char *folded;  /* case- and punctuation-folded, for lookups */
	enum orgcheck_name_kind kind;
	const char *lang;    /* its language (BCP 47) as written, NULL when not given */
	const char *source;  /* the claim's source attribute, as written */
	struct orgcheck_pos pos;
};

/* What a claim states. */
enum orgcheck_claim_field {
	ORGCHECK_CLAIM_FOUNDED = 0,
	ORGCHECK_CLAIM_INCORPORATED,
	ORGCHECK_CLAIM_DISSOLVED,
	ORGCHECK_CLAIM_BORN,
	ORGCHECK_CLAIM_DIED,
	ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY,
	ORGCHECK_CLAIM_US_TAX_ID,
	ORGCHECK_CLAIM_LEGAL_STATUS,
	ORGCHECK_CLAIM_IDENTIFIER, /* in a scheme of its own, named by the claim */
	ORGCHECK_CLAIM_STATUS,     /* "active", "inactive", "withdrawn", "dissolved"; date: its date attribute */
	ORGCHECK_CLAIM_LINK,       /* a web address, its kind in the claim's name ("link website") */
	ORGCHECK_CLAIM_DOMAIN      /* an Internet domain */
};

/* The field as messages name it: "founded", "incorporated", "dissolved",
 * "born", "died", "headquarters country", "us-tax-id", "legal status",
 * "identifier", "status", "link", "domain". */
const char *orgcheck_claim_field_name(enum orgcheck_claim_field field);

/* A single-valued fact stated by a source: a founding date, a country. */
struct orgcheck_claim {
	enum orgcheck_claim_field field;
	/* The field as messages name it: orgcheck_claim_field_name(field), or
	 * for an identifier "identifier SCHEME" ("identifier isni"), for a
	 * link "link KIND" ("link website"). */
	const char *name;
	const char *value;   /* as written */
	struct orgcheck_date date;  /* parsed, for date fields */
	const char *source;
	struct orgcheck_pos pos;
};

/* A reference to another record (every <org-ref> and <person-ref>). */
struct orgcheck_ref {
	const char *target;  /* the id referred to */
	const char *label;   /* as the source wrote it */
	unsigned expected;   /* ORGCHECK_TARGET_ORGANIZATION or _PERSON */
	const char *context; /* what holds it: "founder", "relationship", "leader", ... */
	const char *source;  /* the enclosing claim's source */
	struct orgcheck_pos pos;
	/* The first record (by path) whose id is target, or NULL: set by
	 * orgcheck_corpus_index, so rules need no lookup per reference. */
	const struct orgcheck_record *resolved;
};

/* A link to another record that has meaning on both sides. */
struct orgcheck_link {
	const struct orgcheck_link_kind *kind;
	size_t ref;          /* index of its reference in the record's refs */
	struct orgcheck_date date;
	struct orgcheck_date from;
	struct orgcheck_date to;
	const char *source;
	struct orgcheck_pos pos;  /* the claim element (<relationship>, <founder>, ...) */
};

enum orgcheck_qualifier {
	ORGCHECK_QUALIFIER_EXACT = 0,
	ORGCHECK_QUALIFIER_OVER,
	ORGCHECK_QUALIFIER_AT_LEAST,
	ORGCHECK_QUALIFIER_NEARLY,
	ORGCHECK_QUALIFIER_ABOUT,
	ORGCHECK_QUALIFIER_UNDER
};

struct orgcheck_figure {
	const char *kind;    /* "members", "employees", ..., "attendance" */
	const char *scope;   /* NULL for the organization; the event's title for attendance */
	long long value;
	int value_ok;        /* 0 when the value did not fit a long long */
	enum orgcheck_qualifier qualifier;
	const char *as_written;  /* NULL when not given */
	struct orgcheck_date as_of;
	const char *source;
	struct orgcheck_pos pos;
};

/* A dated fact that must lie within the organization's lifetime and not
 * after today: an event, a term, a figure's as-of date, a relationship. */
struct orgcheck_dated {
	const char *what;    /* "event 'first convention'", "term of President ..." */
	const char *attribute;  /* "date", "from", "to", "as-of" */
	struct orgcheck_date date;
	const char *source;
	struct orgcheck_pos pos;
};

/* A span with a start and an end that must be in order. */
struct orgcheck_term {
	const char *what;
	struct orgcheck_date from;
	struct orgcheck_date to;
	const char *source;
	struct orgcheck_pos pos;
};

/* A place where an organization is (<locations><location>). */
struct orgcheck_place {
	const char *country;      /* ISO 3166-1 alpha-2 as written, NULL when not given */
	const char *region_code;  /* NULL when not given */
	const char *city;
	const char *geonames_id;
	const char *source;
	struct orgcheck_pos pos;
};

/* An array of T: growing in the heap while a record is extracted
 * (capacity > 0, freed with the record), then moved into the arena at its
 * final size (capacity 0, freed with the arena). */
#define ORGCHECK_ARRAY(T) struct { T *items; size_t count; size_t capacity; }

struct orgcheck_record {
	const char *id;
	enum orgcheck_record_kind kind;
	/* Set by orgcheck_corpus_index on the first record with an id when
	 * another record has it too (a duplicate id). */
	unsigned char id_shared;
	const char *path;    /* the file, as the user named it */
	const char *file_id; /* the file name without directory and ".xml" */
	struct orgcheck_pos pos;  /* the root element */
	/* The file's bytes as the check read and parsed them, when it keeps
	 * them for the Schematron pass (see check.c), else NULL; in an arena
	 * of the corpus. */
	const char *source;
	size_t source_size;
	/* Set by orgcheck_corpus_index: the first record (by path) with this
	 * id, the record itself unless its id is a duplicate, which is what
	 * references to the id resolve to; NULL without an id. */
	const struct orgcheck_record *first_with_id;
	/* Set by orgcheck_corpus_index: how messages name the record for a
	 * reader, its display name and id ("Max Planck Digital Library
	 * (0061msm67)"), the id alone without a display name; in the
	 * corpus's arena. NULL before indexing. */
	const char *label;
	/* Set by orgcheck_record_find_lifetime: the claim of the earliest
	 * founding (organizations) or birth (people) and of the latest
	 * dissolution or death, the first such when several state that date;
	 * NULL when no claim of the field is dated. */
	const struct orgcheck_claim *start_claim;
	const struct orgcheck_claim *end_claim;
	ORGCHECK_ARRAY(struct orgcheck_name) names;    /* [0] is the display name */
	ORGCHECK_ARRAY(struct orgcheck_claim) claims;
	ORGCHECK_ARRAY(struct orgcheck_ref) refs;
	ORGCHECK_ARRAY(struct orgcheck_link) links;
	ORGCHECK_ARRAY(struct orgcheck_figure) figures;
	ORGCHECK_ARRAY(struct orgcheck_dated) dated;
	ORGCHECK_ARRAY(struct orgcheck_term) terms;
	ORGCHECK_ARRAY(const char *) honorifics;
	ORGCHECK_ARRAY(struct orgcheck_place) locations;
};

/* Frees the arrays of record (its strings belong to the arena). */
void orgcheck_record_release(struct orgcheck_record *record);

/* The first claim of field in record at index >= *cursor, advancing
 * *cursor past it; NULL when there is none. Iterates over one field:
 *   size_t at = 0;
 *   while ((c = orgcheck_record_next_claim(r, ORGCHECK_CLAIM_FOUNDED, &at))) ... */
const struct orgcheck_claim *orgcheck_record_next_claim(const struct orgcheck_record *record,
							enum orgcheck_claim_field field, size_t *cursor);

/* Sets record->start_claim and end_claim from its claims. The rules read
 * them for every record that links to another, so the corpus index works
 * them out once. */
void orgcheck_record_find_lifetime(struct orgcheck_record *record);

/* Names are folded for comparison by orgcheck_fold_name (util/fold.h). */

#endif
