/* Running git for the edit-checking commands, without a shell: arguments
 * go to execvp as they are, so a revision name cannot inject a command.
 * git never touches the working tree or the index here: only diff,
 * ls-files, rev-parse and archive are run. */
#ifndef ORGCHECK_GIT_H
#define ORGCHECK_GIT_H

#include <stddef.h>

struct orgcheck_cli;

/* A NUL-separated list of paths read from git's -z output. */
struct orgcheck_pathset {
	char *data;
	size_t size;
};

/* The record files (*.xml) under dir changed since rev: committed,
 * staged, unstaged and untracked, deleted and renamed ones too, as paths
 * dir/... (dir relative to the current directory); before the first
 * commit, rev HEAD (or its branch) lists everything staged. Returns 0, or -1
 * after printing an error (rev unknown, not a repository, git missing). */
int orgcheck_git_changed_since(struct orgcheck_pathset *out, const struct orgcheck_cli *cli,
			       const char *rev, const char *dir);

/* Extracts the tree of rev below the directory from (the corpus root; "."
 * for here) into dir (which exists) with git archive | tar, leaving the
 * working tree and index alone. Returns 0 or -1 (printed). */
int orgcheck_git_extract(const struct orgcheck_cli *cli, const char *rev, const char *from, const char *dir);

/* Whether rev names a commit in the repository of the current directory. */
int orgcheck_git_is_revision(const char *rev);

void orgcheck_pathset_release(struct orgcheck_pathset *set);

#endif
