/* Findings: what orgcheck found wrong with the data.
 *
 * A finding is a value, not an error: rule, severity, where, what. The list
 * owns every string in it. */
#ifndef ORGCHECK_FINDINGS_H
#define ORGCHECK_FINDINGS_H

#include <stddef.h>

#include <orgcheck/error.h>
#include <orgcheck/rule.h>

struct orgcheck_location {
	char *path;         /* as the user named it, e.g. "records/organizations/isct.xml" */
	char *record;       /* the record's id; for findings about a file, the id its name
			       gives ("isct" for isct.xml); NULL for other files */
	unsigned long line;   /* 1-based; 0 when the finding is about the whole file */
	unsigned long column; /* 1-based; 0 when unknown */
};

/* A value a finding is about, with the source that states it: what the
 * reports quote and what the fingerprint is made of. */
struct orgcheck_value {
	char *name;    /* what it is: "founded", "label", "date" */
	char *text;    /* the value as written */
	char *source;  /* the claim's source attribute, or NULL */
};

/* Where a finding stands against a baseline or an earlier revision, as
 * SARIF's baselineState: NONE when nothing was compared. */
enum orgcheck_baseline_state {
	ORGCHECK_STATE_NONE = 0,
	ORGCHECK_STATE_NEW,        /* introduced */
	ORGCHECK_STATE_UNCHANGED,  /* present before and after */
	ORGCHECK_STATE_ABSENT      /* resolved: present before, gone now */
};

struct orgcheck_fix;  /* <orgcheck/fix.h> */

struct orgcheck_finding {
	const struct orgcheck_rule *rule;  /* borrowed: descriptors are static */
	enum orgcheck_severity severity;
	struct orgcheck_location primary;
	char *message;      /* starts lower-case, no trailing period or newline */
	struct orgcheck_location *related;
	size_t related_count;
	struct orgcheck_value *values;
	size_t value_count;
	enum orgcheck_baseline_state state;
	/* The id the finding is reported under when it is not its rule's: a
	 * Schematron assertion's own id (rule is then OC170). NULL otherwise. */
	char *rule_id;
	/* The fixes that mend the finding (<orgcheck/fix.h>), owned by the
	 * list; none for most. */
	struct orgcheck_fix *fixes;
	size_t fix_count;
};

struct orgcheck_findings {
	struct orgcheck_finding *items;
	size_t count;
	size_t capacity;
};

/* Prepares an empty list. */
void orgcheck_findings_init(struct orgcheck_findings *list);

/* Frees everything the list holds and leaves it empty. list may be NULL. */
void orgcheck_findings_release(struct orgcheck_findings *list);

/* Adds a finding for rule (a static descriptor) at its default severity.
 * The message is printf-formatted and copied. Returns 0 or
 * ORGCHECK_ENOMEM. */
int orgcheck_findings_add_rule(struct orgcheck_findings *list, struct orgcheck_error *err,
			       const struct orgcheck_rule *rule, const char *path,
			       unsigned long line, unsigned long column,
			       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;

/* orgcheck_findings_add_rule for a rule the pipeline reports itself
 * (ORGCHECK_RULE_UNREADABLE, ...; see <orgcheck/rule.h>), named by its
 * id. Returns ORGCHECK_EINVAL for any other id. */
int orgcheck_findings_add(struct orgcheck_findings *list, struct orgcheck_error *err,
			  const char *rule_id, const char *path,
			  unsigned long line, unsigned long column,
			  const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;

/* The id a finding is reported under: its own (a Schematron assertion's,
 * see rule_id) or its rule's. */
const char *orgcheck_finding_rule_id(const struct orgcheck_finding *finding);

/* Whether a finding explains others: a file that cannot be read, is not
 * well-formed or breaks the schema (OC001-OC005). Reports list these
 * first, so a broken file's own finding comes before its knock-on ones. */
int orgcheck_finding_is_cause(const struct orgcheck_finding *finding);

/* Gives the finding at index its own rule id (copied). */
int orgcheck_findings_set_rule_id(struct orgcheck_findings *list, struct orgcheck_error *err,
				  size_t index, const char *rule_id);

/* Adds a related location (record may be NULL) to the finding most
 * recently added. */
int orgcheck_findings_add_related(struct orgcheck_findings *list, struct orgcheck_error *err,
				  const char *path, const char *record,
				  unsigned long line, unsigned long column);

/* Adds a value (source may be NULL) to the finding most recently added. */
int orgcheck_findings_add_value(struct orgcheck_findings *list, struct orgcheck_error *err,
				const char *name, const char *text, const char *source);

/* Writes the finding's fingerprint into buf (at least 17 bytes): 16
 * hexadecimal digits of a 64-bit FNV-1a hash of the rule id, the primary
 * record, the sorted related records and the values (or, for a finding
 * without values, its message with "line N" and "column N" removed). It
 * never depends on line numbers, so an unrelated edit above a finding
 * keeps its fingerprint. Returns 0, or ORGCHECK_ENOMEM when the related
 * records cannot be sorted (buf is then empty). */
int orgcheck_finding_fingerprint(char *buf, size_t size, const struct orgcheck_finding *finding,
				 struct orgcheck_error *err);

/* Sets the record id of the primary location of every finding from index
 * first on that has none (findings about a file name its record by the
 * file's name). */
int orgcheck_findings_set_record(struct orgcheck_findings *list, struct orgcheck_error *err,
				 size_t first, const char *record);

/* Moves every finding of src to the end of dst; src is left empty. */
int orgcheck_findings_take(struct orgcheck_findings *dst, struct orgcheck_findings *src,
			   struct orgcheck_error *err);

/* Keeps the findings for which keep returns non-zero (it may change
 * them) and frees the others, preserving order. */
void orgcheck_findings_retain(struct orgcheck_findings *list,
			      int (*keep)(void *data, struct orgcheck_finding *finding), void *data);

/* "new", "unchanged", "absent" (SARIF's words), or "none". */
const char *orgcheck_baseline_state_name(enum orgcheck_baseline_state state);

/* Moves finding index of src to the end of dst; its slot in src is left
 * empty (releasing src frees nothing of it). */
int orgcheck_findings_take_one(struct orgcheck_findings *dst, struct orgcheck_findings *src,
			       size_t index, struct orgcheck_error *err);

/* Removes prefix from the start of every location path and from the
 * messages that quote paths, so findings from a corpus checked at
 * DIR/records read as records/...: runs of two trees compare equal. */
int orgcheck_findings_strip_prefix(struct orgcheck_findings *list, const char *prefix,
				   struct orgcheck_error *err);

/* The other way: puts prefix ("../../") before every relative location
 * path and where a finding's message quotes one of its locations' paths,
 * so findings compared as records/... are shown relative to where the
 * curator stands. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_findings_prefix_paths(struct orgcheck_findings *list, const char *prefix,
				   struct orgcheck_error *err);

/* Sorts by path, line, column, rule id, then message: a stable order that
 * does not depend on the order rules or files ran in; the files with a
 * finding of orgcheck_finding_is_cause come first (in that order), so a
 * broken file is read before the knock-on findings in other files. */
void orgcheck_findings_sort(struct orgcheck_findings *list);

/* How many findings have at least this severity. */
size_t orgcheck_findings_count_at_least(const struct orgcheck_findings *list,
					enum orgcheck_severity severity);

/* Compares two runs by fingerprint, as multisets (see
 * <orgcheck/baseline.h>). Moves every finding of after into out, marked
 * ORGCHECK_STATE_NEW or _UNCHANGED, and every finding of before that is
 * gone into out marked ORGCHECK_STATE_ABSENT; before and after are left
 * empty. out is sorted. */
int orgcheck_findings_diff(struct orgcheck_findings *out, struct orgcheck_findings *before,
			   struct orgcheck_findings *after, struct orgcheck_error *err);

#endif
