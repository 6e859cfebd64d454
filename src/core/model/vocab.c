#include "model/vocab.h"

#include <stdio.h>
#include <string.h>

#define ORG ORGCHECK_TARGET_ORGANIZATION
#define PERSON ORGCHECK_TARGET_PERSON
#define DATE ORGCHECK_LINK_DATE
#define FROM ORGCHECK_LINK_FROM
#define TO ORGCHECK_LINK_TO

static const struct orgcheck_link_kind kinds[] = {
	/* name            inverse          targets       inverse on   dates            starts target role, back-link when not active
	 * parent, child, predecessor, successor name the target's role:
	 * a record lists its parents with "parent" (the direction defined
	 * in schemas/record.xsd, ROR's convention). */
	{ "partnership",   "partnership",   ORG,          ORG,         DATE | FROM | TO, 1, 0, 0 },
	{ "memorandum",    "memorandum",    ORG,          ORG,         DATE,            1, 0, 0 },
	{ "collaboration", "collaboration", ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "liaison",       "liaison",       ORG,          ORG,         DATE | FROM | TO, 1, 0, 0 },
	{ "related",       "related",       ORG,          ORG,         0,               0, 0, 0 },
	{ "member-of",     "has-member",    ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "has-member",    "member-of",     ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "affiliate-of",  "has-affiliate", ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "has-affiliate", "affiliate-of",  ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "parent",        "child",         ORG,          ORG,         FROM | TO,       1, 1, 0 },
	{ "child",         "parent",        ORG,          ORG,         FROM | TO,       1, 1, 0 },
	{ "predecessor",   "successor",     ORG,          ORG,         DATE,            0, 1, 1 },
	{ "successor",     "predecessor",   ORG,          ORG,         DATE,            0, 1, 1 },
	{ "advises",       "advised-by",    ORG,          ORG,         FROM | TO,       1, 0, 0 },
	{ "advised-by",    "advises",       ORG,          ORG,         FROM | TO,       1, 0, 0 },
	/* A founder may be a person, whose record has no co-founded list. */
	{ ORGCHECK_LINK_FOUNDED_BY, ORGCHECK_LINK_CO_FOUNDED, ORG | PERSON, ORG, DATE, 0, 0, 1 },
	{ ORGCHECK_LINK_CO_FOUNDED, ORGCHECK_LINK_FOUNDED_BY, ORG,          ORG, DATE, 0, 0, 1 },
};

#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

/* The row of each row's inverse, so that the link rules, which ask once
 * per link, do not search the table by name; -1 for none.
 * tests/unit/test_vocab.c checks it against the names. */
static const signed char inverse_row[] = {
	0, 1, 2, 3, 4, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15,
};

_Static_assert(sizeof(inverse_row) == KIND_COUNT, "one inverse row per kind");

const struct orgcheck_link_kind *orgcheck_vocab_kinds(size_t *count_out)
{
	*count_out = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

const struct orgcheck_link_kind *orgcheck_vocab_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	}
	return NULL;
}

void orgcheck_vocab_phrase(char *buf, size_t size, const struct orgcheck_link_kind *kind, const char *other)
{
	if (strcmp(kind->name, ORGCHECK_LINK_FOUNDED_BY) == 0)
		snprintf(buf, size, "founding by %s", other);
	else if (strcmp(kind->name, ORGCHECK_LINK_CO_FOUNDED) == 0)
		snprintf(buf, size, "co-founding of %s", other);
	else if (kind->names_target_role)
		snprintf(buf, size, "%s as its %s", other, kind->name);
	else
		snprintf(buf, size, "%s with %s", kind->name, other);
}

const struct orgcheck_link_kind *orgcheck_vocab_inverse(const struct orgcheck_link_kind *kind)
{
	size_t row = 0;

	if (kind >= kinds && kind < kinds + KIND_COUNT) {
		row = (size_t)(kind - kinds);
		return inverse_row[row] < 0 ? NULL : &kinds[inverse_row[row]];
	}
	return kind->inverse ? orgcheck_vocab_find(kind->inverse) : NULL;
}
