/* Fixes: the edits that mend a finding, as byte spans of the file.
 *
 * A fix belongs to the finding it mends (the findings list owns it). Its
 * edits replace bytes of the file as it was read, never a re-serialized
 * document, so everything a fix does not touch stays byte for byte. */
#ifndef ORGCHECK_FIX_H
#define ORGCHECK_FIX_H

#include <stddef.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

/* ruff's two classes: a safe fix changes nothing a source said (it
 * removes an exact repetition); a review fix adds or changes a claim and
 * is applied only when asked for. */
enum orgcheck_fix_safety {
	ORGCHECK_FIX_SAFE = 0,
	ORGCHECK_FIX_REVIEW
};

/* Bytes [start, end) of the file replaced by text; an insertion has
 * start == end, a deletion an empty text. */
struct orgcheck_edit {
	size_t start;
	size_t end;
	char *text;
};

struct orgcheck_fix {
	enum orgcheck_fix_safety safety;
	char *description;   /* what the fix asserts, e.g. "add the link back ..." */
	char *path;          /* the file the edits apply to, as the finding names files */
	char *new_path;      /* the name the file is renamed to, or NULL */
	struct orgcheck_edit *edits;  /* sorted by start, not overlapping */
	size_t edit_count;
	/* The fix alone as a unified diff of its file (what reports show
	 * under the finding), or NULL: set by orgcheck_fixes_compute
	 * (<orgcheck/fixes.h>), which has the file's bytes. */
	char *patch;
	/* Not NULL when the fix cannot be made, and why, naming where (a
	 * Schematron Quick Fix orgcheck does not support: "schema.sch:12:
	 * sqf:user-entry is not supported ..."); such a fix has no edits and
	 * is reported, never applied. */
	char *refusal;
};

/* Prepares an empty fix of safety for path (copied) with description
 * (copied). Returns 0 or ORGCHECK_ENOMEM (fix is then released). */
int orgcheck_fix_init(struct orgcheck_fix *fix, struct orgcheck_error *err,
		      enum orgcheck_fix_safety safety, const char *path, const char *description);

/* Frees what the fix holds and leaves it empty. fix may be NULL. */
void orgcheck_fix_release(struct orgcheck_fix *fix);

/* Adds the edit replacing [start, end) by text (copied), keeping the edits
 * sorted. Returns 0, ORGCHECK_ENOMEM, or ORGCHECK_EINVAL when the span is
 * reversed or overlaps an edit the fix has (two insertions at one place
 * keep the order they were added in). */
int orgcheck_fix_add_edit(struct orgcheck_fix *fix, struct orgcheck_error *err,
			  size_t start, size_t end, const char *text);

/* Marks the fix as one that cannot be made, for the reason given
 * (copied); its edits are dropped. */
int orgcheck_fix_set_refusal(struct orgcheck_fix *fix, struct orgcheck_error *err,
			     const char *refusal);

/* Sets the name the file is renamed to (copied). */
int orgcheck_fix_set_rename(struct orgcheck_fix *fix, struct orgcheck_error *err,
			    const char *new_path);

/* Copies src into *out (initialised by the call). */
int orgcheck_fix_copy(struct orgcheck_fix *out, struct orgcheck_error *err,
		      const struct orgcheck_fix *src);

/* Applies the edits of fix to the size bytes of data: *out (NUL-
 * terminated, caller frees) and *out_size. Returns 0, ORGCHECK_ENOMEM,
 * or ORGCHECK_EINVAL when an edit lies past size. */
int orgcheck_fix_apply(char **out, size_t *out_size, struct orgcheck_error *err,
		       const struct orgcheck_fix *fix, const char *data, size_t size);

/* The unified diff, in git's format, of the file path (renamed to
 * new_path unless NULL) whose size bytes data become what the edits of
 * fix make of them, with three lines of context: *out (NUL-terminated,
 * caller frees; "" when nothing changes). a/ and b/ paths are the paths
 * without strip when they start with it (strip may be NULL). Returns 0,
 * ORGCHECK_ENOMEM or ORGCHECK_EINVAL for an edit past size. */
int orgcheck_fix_diff(char **out, const struct orgcheck_fix *fix, const char *path,
		      const char *new_path, const char *data, size_t size, const char *strip,
		      struct orgcheck_error *err);

/* "safe" or "review". */
const char *orgcheck_fix_safety_name(enum orgcheck_fix_safety safety);

/* Moves *fix to the finding at index of list (fix is left empty: the list
 * owns what it held). Returns 0, ORGCHECK_ENOMEM or ORGCHECK_EINVAL for
 * an index past the list. */
int orgcheck_findings_add_fix(struct orgcheck_findings *list, struct orgcheck_error *err,
			      size_t index, struct orgcheck_fix *fix);

/* orgcheck_findings_add_fix to the finding most recently added. */
int orgcheck_findings_add_fix_last(struct orgcheck_findings *list, struct orgcheck_error *err,
				   struct orgcheck_fix *fix);

#endif
