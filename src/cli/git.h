/* Running git for the edit-checking commands, without a shell: arguments
 * go to execvp as they are, so a revision name cannot inject a command.
 * git never touches the working tree or the index here: only diff,
 * diff-files, ls-files, rev-parse, archive and checkout-index --prefix
 * (which writes into a temporary directory and leaves the index alone)
 * are run. */
#ifndef ORGCHECK_GIT_H
#define ORGCHECK_GIT_H

#include <stddef.h>
#include <sys/types.h>

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

/* A git command started and not yet finished: its process and the pipe
 * its output comes from. The commands of --staged run side by side,
 * since each stats or reads the whole index. */
struct orgcheck_git_run {
	pid_t pid;  /* -1: none */
	int fd;
};

/* Starts listing the record files (*.xml) under dir whose staged state
 * differs from HEAD's (added, modified, deleted; a rename as both);
 * before the first commit, everything staged. Returns 0, or -1 after
 * printing an error (not a repository, git missing). */
int orgcheck_git_staged_start(struct orgcheck_git_run *run, const struct orgcheck_cli *cli, const char *dir);

/* That list, as paths dir/..., once the run has ended. Returns 0, or -1
 * (printed). */
int orgcheck_git_staged_finish(struct orgcheck_pathset *out, struct orgcheck_git_run *run,
			       const struct orgcheck_cli *cli, const char *dir);

/* The index's entries below dir (the corpus root), as paths relative to
 * it, in the index's order, as git checkout-index --all would write
 * them (no unmerged or skip-worktree entry): its regular files into
 * files, those of them marked assume-unchanged (git does not compare
 * their working-tree copy) also into untrusted, its symbolic links into
 * links. Returns 0 or -1 (printed). */
int orgcheck_git_index_files(struct orgcheck_pathset *files, struct orgcheck_pathset *untrusted,
			     struct orgcheck_pathset *links, const struct orgcheck_cli *cli, const char *dir);

/* Starts listing the paths below dir, relative to it, whose
 * working-tree state differs from the index's as git diff-files sees it
 * (modified, deleted, type changed, unmerged; a path may come twice).
 * Returns 0 or -1 (not started). */
int orgcheck_git_worktree_changed_start(struct orgcheck_git_run *run, const char *dir);

/* That list once the run has ended. Returns 0 or -1 (printed). */
int orgcheck_git_worktree_changed_finish(struct orgcheck_pathset *out, struct orgcheck_git_run *run,
					 const struct orgcheck_cli *cli);

/* Waits for a run whose output is not wanted (or a run never started:
 * nothing happens). */
void orgcheck_git_run_abandon(struct orgcheck_git_run *run);

/* Writes the index's files below dir (the corpus root) into tmp (which
 * exists), as git checkout-index --prefix=TMP/ does: each at
 * TMP/PATH-FROM-THE-TOP. list names a file holding the paths to write
 * (relative to dir, each ended by a NUL), or is NULL for all of them.
 * out receives where dir's tree is in tmp ("TMP/" and dir's path from
 * the top, ending in "/" unless empty). Returns 0 or -1 (printed). */
int orgcheck_git_checkout_index(char *out, size_t size, const struct orgcheck_cli *cli, const char *dir,
				const char *tmp, const char *list);

/* Extracts the tree of rev below the directory from (the corpus root; "."
 * for here) into dir (which exists) with git archive | tar, leaving the
 * working tree and index alone. Returns 0 or -1 (printed). */
int orgcheck_git_extract(const struct orgcheck_cli *cli, const char *rev, const char *from, const char *dir);

/* Whether rev names a commit in the repository of dir (NULL: of the
 * current directory), the one the git commands of the check run in. */
int orgcheck_git_is_revision(const char *dir, const char *rev);

void orgcheck_pathset_release(struct orgcheck_pathset *set);

#endif
