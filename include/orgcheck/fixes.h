/* The built-in fixes, and planning, checking, writing and showing them.
 *
 * orgcheck_fixes_compute attaches to the findings of a check the fixes
 * orgcheck knows for them (<orgcheck/fix.h>): safe, removing an entry
 * that repeats another exactly (OC114); review, adding the missing
 * back-link of a one-sided link on the partner's record (OC120),
 * replacing a reference id by the single did-you-mean (OC110), renaming
 * a file to the id its record states (OC102). orgcheck_fixes_plan applies
 * them in memory and checks the corpus again with the fixed files in
 * place, dropping each fix that would make a record invalid, introduce a
 * finding no other fix mends, or leave its own; orgcheck_fixes_write writes what is left,
 * orgcheck_fixes_diff shows it as a patch. */
#ifndef ORGCHECK_FIXES_H
#define ORGCHECK_FIXES_H

#include <stddef.h>

#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/fix.h>
#include <orgcheck/report.h>

/* Adds the built-in fixes to the findings of result (which must hold its
 * corpus). The edits are made on the bytes the check read when it kept
 * them (orgcheck_check_options.keep_sources), else on the files as they
 * are now. A fix is only made on a file in UTF-8 (or ASCII) whose
 * elements can be told apart in its bytes. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_fixes_compute(struct orgcheck_check_result *result, struct orgcheck_error *err);

/* A file the plan changes. */
struct orgcheck_fixed_file {
	char *path;          /* as the findings name it */
	char *new_path;      /* the name it gets, or NULL */
	char *before;        /* the bytes the fixes were made on */
	size_t before_size;
	char *after;         /* with them applied */
	size_t after_size;
	struct orgcheck_fix edits;  /* every edit of the kept fixes, as one fix */
};

/* What became of one fix. */
struct orgcheck_fix_note {
	char *rule_id;       /* of the finding it mends */
	char *finding_path;  /* where that finding is */
	unsigned long line;
	enum orgcheck_fix_safety safety;
	char *description;
	char *path;          /* the file it edits */
	char *new_path;      /* rename, or NULL */
	int kept;            /* 1: in the plan; 0: not selected or dropped */
	char *reason;        /* why it was dropped; NULL when kept or not selected */
};

struct orgcheck_fix_plan {
	struct orgcheck_fixed_file *files;  /* sorted by path */
	size_t file_count;
	struct orgcheck_fix_note *notes;    /* in the order of the findings */
	size_t note_count;
	unsigned rechecks;                  /* checks of the fixed corpus run */
};

/* Plans the fixes of result's findings: the safe ones, and the review
 * ones too with review set. The fixes of a file that overlap are dropped
 * but the first. Each candidate corpus is checked again with options
 * (those of the check that gave result) and the fixed files in its
 * place. A new finding is put down to the fixes that bring it: of those
 * whose files it names, the ones without which (each set aside in turn,
 * up to 16 a round) it goes, or all of them when none does. When the
 * fixed corpus has a fix for the new finding (of a class selected), that
 * fix joins the plan as their follow-up (when it edits inside the text
 * an edit of another fix adds, it makes that fix's edits with its own in
 * its place) and the next round checks them together; else they are
 * dropped with the reason. A fix whose finding
 * stays is dropped, and so is the follow-up of a dropped fix, until a
 * check confirms all that remain (at most 8 rounds). *out is initialised
 * here (release it also after an error). Returns 0 or a negative code. */
int orgcheck_fixes_plan(struct orgcheck_fix_plan *out, const struct orgcheck_check_result *result,
			const struct orgcheck_check_options *options, int review,
			struct orgcheck_error *err);

void orgcheck_fix_plan_release(struct orgcheck_fix_plan *plan);

/* Writes the plan's files, one at a time, each atomically (a temporary
 * file beside it, renamed over it; a renamed file is linked to its new
 * name, which must not exist, and the old name removed). A file whose
 * bytes are not those the fixes were made on is left alone. Each file
 * left alone gets a line in *messages (caller frees; NULL when none),
 * "PATH: why". *written counts the files written. Returns 0, or
 * ORGCHECK_ENOMEM. */
int orgcheck_fixes_write(size_t *written, char **messages, const struct orgcheck_fix_plan *plan,
			 struct orgcheck_error *err);

/* The plan as a unified diff in git's format (git apply takes it): a/ and
 * b/ paths are the files' paths without strip (NULL or "" for none) when
 * they start with it; renames are git renames. *out is NUL-terminated
 * (caller frees). */
int orgcheck_fixes_diff(char **out, size_t *size, const struct orgcheck_fix_plan *plan,
			const char *strip, struct orgcheck_error *err);

#endif
