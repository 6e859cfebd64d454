/* The record files an edit touched, for --only and --changed-since (a
 * directory stands for the files under it):
 * findings are kept when their primary or a related location is one of
 * them, so an edit that adds a one-sided link also shows the missing
 * back-link reported on the untouched partner's side. */
#ifndef ORGCHECK_SELECT_H
#define ORGCHECK_SELECT_H

#include <stddef.h>

#include <orgcheck/findings.h>
#include "git.h"

struct orgcheck_selection {
	char **paths;   /* canonical: realpath() when the file exists */
	size_t count;
	size_t capacity;
	/* The record ids (from their file names) of the selected files that
	 * no longer exist: a deleted record touches what refers to it. */
	char **gone;
	size_t gone_count;
	/* Directories named: each selects the files under it (canonical). */
	char **dirs;
	size_t dir_count;
};

void orgcheck_selection_init(struct orgcheck_selection *selection);
void orgcheck_selection_release(struct orgcheck_selection *selection);

/* Adds paths; returns 0 or -1 when out of memory. */
int orgcheck_selection_add(struct orgcheck_selection *selection, const char *const *paths, size_t count);

/* Adds every path of a git path set. */
int orgcheck_selection_add_pathset(struct orgcheck_selection *selection,
				   const struct orgcheck_pathset *set);

/* Drops the findings that touch none of the selected files. */
void orgcheck_selection_filter(struct orgcheck_selection *selection, struct orgcheck_findings *findings);

#endif
