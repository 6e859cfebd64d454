/* The relationship vocabulary: one declared table.
 *
 * Each kind of link between records says whether it is symmetric or has
 * an inverse, which record kinds it may point to, and which of its dates
 * must agree when both sides state them. The link rules read this table,
 * so adding a kind of relationship is adding a row (and, for the
 * <relationship kind="..."> attribute, a value in schemas/record.xsd). */
#ifndef ORGCHECK_VOCAB_H
#define ORGCHECK_VOCAB_H

#include <stddef.h>

/* Record kinds a link may point to (a bit set). */
#define ORGCHECK_TARGET_ORGANIZATION 1u
#define ORGCHECK_TARGET_PERSON 2u

/* Dates of a link that must agree on both sides (a bit set). */
#define ORGCHECK_LINK_DATE 1u  /* the point in time: an MOU's signing, a co-founding */
#define ORGCHECK_LINK_FROM 2u  /* the start of a span */
#define ORGCHECK_LINK_TO 4u    /* the end of a span */

struct orgcheck_link_kind {
	const char *name;       /* as written in records: "member-of"; internal kinds in brackets */
	const char *inverse;    /* the kind the other record must hold; equal to name when symmetric; NULL when none */
	unsigned targets;       /* ORGCHECK_TARGET_* the link may point to */
	unsigned inverse_targets; /* kinds of target on which the inverse is expected (a person holds no co-founded list) */
	unsigned agreeing_dates;  /* ORGCHECK_LINK_* that must agree with the inverse */
	int starts_relationship;  /* 1 when its date / from is when a relationship between two parties began */
	/* 1 when the kind is a noun naming the target's role for the holder
	 * (kind "parent": the target is the holder's parent, as in ROR and
	 * schemas/record.xsd); 0 when it reads holder, kind, target
	 * ("member-of") or is symmetric. */
	int names_target_role;
	/* The back-link policy for records that are not active (a status
	 * claim other than "active"): 1 when the inverse is still expected
	 * (predecessor and successor, founding and co-founding: historical
	 * facts; a successor names what it replaced
	 * and the inactive predecessor points on to it), 0 when a link from
	 * or to such a record needs none (registries do not keep the links
	 * of active records to inactive ones up to date; ROR by policy does
	 * not link back). A withdrawn record (a mistake or a duplicate)
	 * needs no back-link for any kind. OC120 reads it. */
	int inactive_back_link;
};

/* The table, and its length through count_out. Static; lives forever. */
const struct orgcheck_link_kind *orgcheck_vocab_kinds(size_t *count_out);

/* The kind with this name, or NULL. */
const struct orgcheck_link_kind *orgcheck_vocab_find(const char *name);

/* The inverse of kind (itself when symmetric), or NULL. */
const struct orgcheck_link_kind *orgcheck_vocab_inverse(const struct orgcheck_link_kind *kind);

/* A link as messages name it, into buf: "iccbba as its parent" for a
 * kind that names the target's role, "founding by isct", "co-founding of
 * jacie", "memorandum with baa" for the others. other is the target's id. */
void orgcheck_vocab_phrase(char *buf, size_t size, const struct orgcheck_link_kind *kind, const char *other);

/* Internal kinds for the elements that are links but not <relationship>. */
#define ORGCHECK_LINK_FOUNDED_BY "founded-by"     /* <founders><founder> */
#define ORGCHECK_LINK_CO_FOUNDED "co-founded"     /* <co-founded><co-founding> */

#endif
