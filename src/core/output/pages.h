/* The HTML report as pages: every page written atomically into the
 * report's directory, and the pages of an earlier run that this one did
 * not write again removed.
 *
 * The stylesheet writes its pages into a hidden staging directory inside
 * the report's directory (the same file system, so a rename is atomic).
 * Once the whole transform has succeeded, each page is renamed into
 * place, so a reader sees either the old page or the new one, never half
 * of one. A manifest, DIR/.orgcheck-pages, lists the files orgcheck wrote
 * there; the next run removes the ones it lists and does not write again.
 * A file the manifest does not name (the user's own) is never touched. */
#ifndef ORGCHECK_OUTPUT_PAGES_H
#define ORGCHECK_OUTPUT_PAGES_H

#include <orgcheck/error.h>

#define ORGCHECK_PAGES_MANIFEST ".orgcheck-pages"

struct orgcheck_pages {
	char *dir;      /* the report's directory */
	char *staging;  /* dir/.orgcheck-pages.XXXXXX while pages are written there */
};

/* Makes the staging directory inside dir (which exists) and fills *out.
 * Returns 0 or a negative error; release *out in both cases. */
int orgcheck_pages_begin(struct orgcheck_pages *out, const char *dir, struct orgcheck_error *err);

/* Moves every file of the staging directory into the report's directory,
 * removes the files the earlier run's manifest names that were not
 * written again (index, written by the caller, is never one of them),
 * and writes the new manifest with index in it. Returns 0 or a negative
 * error; pages already moved stay, the manifest still names every file
 * orgcheck wrote. */
int orgcheck_pages_commit(struct orgcheck_pages *pages, const char *index, struct orgcheck_error *err);

/* Removes the staging directory and what is still in it (all the pages
 * when the render failed), and frees the names. Accepts a zeroed struct. */
void orgcheck_pages_release(struct orgcheck_pages *pages);

/* Whether name may be a page: one file name, not hidden (no '/', no
 * leading '.', no newline). */
int orgcheck_pages__valid_name(const char *name);

#endif
