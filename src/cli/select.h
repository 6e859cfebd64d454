/* The record files an edit touched, for --only and --changed-since (a
 * directory stands for the files under it):
 * findings are kept when their primary or a related location is one of
 * them, so an edit that adds a one-sided link also shows the missing
 * back-link reported on the untouched partner's side. */
#ifndef ORGCHECK_SELECT_H
#define ORGCHECK_SELECT_H

#include <stddef.h>

#include <orgcheck/check.h>
#include <orgcheck/findings.h>
#include "git.h"
#include "args.h"
#include "root.h"

struct orgcheck_selection {
	char **paths;   /* canonical: realpath() when the file exists */
	size_t count;
	size_t capacity;
	/* The record ids (from their file names) of the selected files that
	 * no longer exist: a deleted record touches what refers to it. */
	char **gone;
	char **gone_paths; /* gone_paths[i]: the path gone[i] was selected as */
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

/* The path of the selected file that no longer exists and whose name
 * gives the record id, or NULL. Borrowed from selection. */
const char *orgcheck_selection_gone_path(const struct orgcheck_selection *selection, const char *id);

/* Drops the findings that touch none of the selected files. */
void orgcheck_selection_filter(struct orgcheck_selection *selection, struct orgcheck_findings *findings);

/* Keeps every finding but frees the fixes of those that touch none of the
 * selected files: `fix FILE` mends what `check FILE` reports, while the
 * fixed corpus is still checked against all the findings it had. */
void orgcheck_selection_drop_fixes(struct orgcheck_selection *selection, struct orgcheck_findings *findings);

/* The corpus root: --corpus, else the nearest one up from here, else
 * (run from elsewhere) the nearest one up from the first PATH. Prints and
 * returns -1 when --corpus names no directory. */
int orgcheck_selection_find_corpus(struct orgcheck_root *out, const struct orgcheck_cli *cli, const char *corpus_dir,
				   const struct orgcheck_args *args);

/* What to check and what to report, for check and fix alike: record files
 * named (every PATH with only) and directories inside the corpus are the
 * focus, added to selection, and the whole corpus is checked; see
 * select.c. */
int orgcheck_selection_choose_paths(const char ***out, size_t *count, struct orgcheck_selection *selection,
				    int *focus, const struct orgcheck_root *corpus, const struct orgcheck_args *args,
				    int only);

/* The focus of a check that reports only the findings touching
 * selection (check.h): out, with the record id of every selected file
 * in *ids_out (the caller frees the array and its strings, also after
 * an error). Returns 1 with out set, 0 when there is no focus to give (a
 * directory is selected, or nothing), -1 when out of memory. out's test
 * borrows selection. */
int orgcheck_selection_focus(struct orgcheck_check_focus *out, char ***ids_out,
			     const struct orgcheck_selection *selection);

#endif
