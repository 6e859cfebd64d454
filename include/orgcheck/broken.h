/* Records that cannot be read still exist. A file that is unreadable,
 * not well-formed, holds forbidden markup or has an unknown root yields
 * no record, but its name still says which record it is: references to
 * that id are not "matches no record" errors (the record is there, it is
 * broken), and findings it had before are not "resolved" or "fixed" (no
 * one knows yet). */
#ifndef ORGCHECK_BROKEN_H
#define ORGCHECK_BROKEN_H

#include <stddef.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

struct orgcheck_broken {
	char **ids;     /* sorted; the record ids the broken files' names give */
	char **paths;   /* paths[i] is the file of ids[i] */
	size_t count;
};

/* Collects the broken records of a run from its findings (OC001-OC004
 * about a file whose name gives a record id). out is initialised here;
 * release it with orgcheck_broken_release. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_broken_collect(struct orgcheck_broken *out, const struct orgcheck_findings *findings,
			    struct orgcheck_error *err);

/* The file of the broken record id, or NULL when id (may be NULL) is not
 * broken. Borrowed from broken. */
const char *orgcheck_broken_find(const struct orgcheck_broken *broken, const char *id);

/* The broken record a finding is about: its primary record's or a
 * related record's file, or NULL. */
const char *orgcheck_broken_touches(const struct orgcheck_broken *broken,
				    const struct orgcheck_finding *finding);

/* The file of a broken record whose id text names as a whole word (a
 * baseline entry's "RULE RECORD: message"), or NULL. */
const char *orgcheck_broken_in_text(const struct orgcheck_broken *broken, const char *text);

/* Folds the OC110 findings whose reference names a broken record into one
 * per broken record: the first (in report order) is kept with a message
 * that says the record exists but cannot be read and a related location
 * at its file, then one at the first reference of every other file that
 * refers to it; the others are dropped. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_broken_fold_references(struct orgcheck_findings *findings, const struct orgcheck_broken *broken,
				    struct orgcheck_error *err);

/* For a finding that is gone (gone, of an earlier run): the first OC110
 * of now (not one marked ORGCHECK_STATE_ABSENT) whose reference names gone's primary or a related record, or
 * NULL. Such a record is missing (deleted in this change, say) while
 * something still refers to it, so its findings are gone with it, not
 * fixed: unknown until nothing refers to it, as the baseline counts them
 * (OC191). *id is set to the missing record's id (borrowed from gone). */
const struct orgcheck_finding *orgcheck_broken_missing_reference(const char **id,
								 const struct orgcheck_findings *now,
								 const struct orgcheck_finding *gone);

void orgcheck_broken_release(struct orgcheck_broken *broken);

#endif
