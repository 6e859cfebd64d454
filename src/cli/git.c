#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

void orgcheck_pathset_release(struct orgcheck_pathset *set)
{
	free(set->data);
	set->data = NULL;
	set->size = 0;
}

/* A writable copy of a NULL-terminated argument list, as execvp wants;
 * NULL when out of memory. */
static char **copy_argv(const char *const args[])
{
	size_t n = 0;
	size_t i;
	char **argv = NULL;

	while (args[n] != NULL)
		n++;
	argv = calloc(n + 1, sizeof(*argv));
	if (argv == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		argv[i] = strdup(args[i]);
		if (argv[i] == NULL) {
			while (i > 0)
				free(argv[--i]);
			free(argv);
			return NULL;
		}
	}
	return argv;
}

static void free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Starts args with stdin from the file input (NULL: /dev/null) and
 * stderr discarded (or kept), its stdout into the pipe run->fd. Returns 0
 * or -1 (nothing started). */
static int run_start(struct orgcheck_git_run *run, const char *const args[], const char *input, int keep_stderr)
{
	char **argv = copy_argv(args);
	int pipefd[2] = { -1, -1 };
	int devnull = -1;
	int stdin_fd = -1;

	run->pid = -1;
	run->fd = -1;
	if (argv == NULL || pipe(pipefd) != 0) {
		free_argv(argv);
		return -1;
	}
	run->pid = fork();
	if (run->pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		free_argv(argv);
		return -1;
	}
	if (run->pid == 0) {
		devnull = open("/dev/null", O_RDWR);
		if (input != NULL) {
			stdin_fd = open(input, O_RDONLY);
			if (stdin_fd < 0)
				_exit(127);
		}
		dup2(stdin_fd >= 0 ? stdin_fd : devnull, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		if (!keep_stderr)
			dup2(devnull, STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	/* Not inherited by the next child started while this one runs. */
	(void)fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	run->fd = pipefd[0];
	free_argv(argv);
	return 0;
}

/* Reads what the started run writes until it ends, appending it to *buf
 * (NULL: discarded), and reaps it. Returns its exit status, or -1. */
static int run_finish(struct orgcheck_git_run *run, char **buf, size_t *size)
{
	char chunk[65536];
	char *grown = NULL;
	ssize_t n = 0;
	int status = 0;
	int truncated = 0;
	size_t capacity = buf != NULL && *buf != NULL ? *size + 1 : 0;

	if (run->pid < 0)
		return -1;
	for (;;) {
		n = read(run->fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf == NULL || truncated)
			continue;
		/* Doubling: the index of a large corpus lists megabytes. */
		if (*buf == NULL || *size + (size_t)n + 1 > capacity) {
			capacity = capacity * 2 > *size + (size_t)n + 1 ? capacity * 2 : *size + (size_t)n + 1;
			if (capacity < 65536)
				capacity = 65536;
			grown = realloc(*buf, capacity);
			if (grown == NULL) {
				/* Read on, so the child is not left blocked on a full pipe. */
				truncated = 1;
				continue;
			}
			*buf = grown;
		}
		memcpy(*buf + *size, chunk, (size_t)n);
		*size += (size_t)n;
		(*buf)[*size] = '\0';
	}
	close(run->fd);
	while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
		;
	run->pid = -1;
	run->fd = -1;
	/* Out of memory: the output is not whole. */
	if (truncated)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void orgcheck_git_run_abandon(struct orgcheck_git_run *run)
{
	(void)run_finish(run, NULL, NULL);
}

/* Runs args with stdin from the file input (NULL: /dev/null) and stderr
 * discarded (or kept), appending its stdout to *buf. Returns the exit
 * status, or -1. */
static int run_capture_from(const char *const args[], const char *input, char **buf, size_t *size,
			    int keep_stderr)
{
	struct orgcheck_git_run run = { -1, -1 };

	if (run_start(&run, args, input, keep_stderr) < 0)
		return -1;
	return run_finish(&run, buf, size);
}

/* run_capture_from with stdin from /dev/null. */
static int run_capture(const char *const args[], char **buf, size_t *size, int keep_stderr)
{
	return run_capture_from(args, NULL, buf, size, keep_stderr);
}

int orgcheck_git_is_revision(const char *dir, const char *rev)
{
	char spec[1024];
	char *out = NULL;
	size_t size = 0;
	int status = 0;
	const char *argv[] = { "git", "-C", dir != NULL ? dir : ".", "rev-parse", "--verify", "--quiet",
			       "--end-of-options", spec, NULL };

	if (snprintf(spec, sizeof(spec), "%s^{commit}", rev) >= (int)sizeof(spec) || rev[0] == '-')
		return 0;
	status = run_capture(argv, &out, &size, 0);
	free(out);
	return status == 0;
}

/* Keeps the *.xml paths of a NUL-separated list. */
static void keep_xml(struct orgcheck_pathset *set)
{
	size_t at = 0;
	size_t kept = 0;
	size_t length = 0;

	while (at < set->size) {
		length = strlen(set->data + at);
		if (length > 4 && strcmp(set->data + at + length - 4, ".xml") == 0) {
			memmove(set->data + kept, set->data + at, length + 1);
			kept += length + 1;
		}
		at += length + 1;
	}
	set->size = kept;
}

/* Puts dir/ in front of every path of set (nothing when dir is "."). */
static int prefix_paths(struct orgcheck_pathset *set, const char *dir)
{
	size_t dir_length = strlen(dir);
	size_t count = 0;
	size_t at = 0;
	size_t to = 0;
	size_t length = 0;
	char *joined = NULL;

	if (strcmp(dir, ".") == 0 || set->size == 0)
		return 0;
	for (at = 0; at < set->size; at += strlen(set->data + at) + 1)
		count++;
	joined = malloc(set->size + count * (dir_length + 1));
	if (joined == NULL)
		return -1;
	for (at = 0; at < set->size; at += length + 1) {
		length = strlen(set->data + at);
		memcpy(joined + to, dir, dir_length);
		joined[to + dir_length] = '/';
		memcpy(joined + to + dir_length + 1, set->data + at, length + 1);
		to += dir_length + 1 + length + 1;
	}
	free(set->data);
	set->data = joined;
	set->size = to;
	return 0;
}

/* Whether rev names the branch HEAD is on in the repository of dir and
 * that branch has no commit yet (a fresh 'git init'): HEAD itself, the
 * branch's name or its full ref. */
static int is_unborn(const char *rev, const char *dir)
{
	const char *verify_argv[] = { "git", "-C", dir, "rev-parse", "--verify", "--quiet", "HEAD", NULL };
	const char *branch_argv[] = { "git", "-C", dir, "symbolic-ref", "--quiet", "HEAD", NULL };
	char *branch = NULL;
	size_t size = 0;
	int unborn = 0;

	if (run_capture(verify_argv, &branch, &size, 0) == 0) {
		free(branch);
		return 0;
	}
	free(branch);
	branch = NULL;
	size = 0;
	if (run_capture(branch_argv, &branch, &size, 0) != 0 || branch == NULL) {
		free(branch);
		return 0;
	}
	while (size > 0 && (branch[size - 1] == '\n' || branch[size - 1] == '\r'))
		branch[--size] = '\0';
	unborn = strcmp(rev, "HEAD") == 0 || strcmp(rev, branch) == 0 ||
		 (strncmp(branch, "refs/heads/", 11) == 0 && strcmp(rev, branch + 11) == 0);
	free(branch);
	return unborn;
}

int orgcheck_git_changed_since(struct orgcheck_pathset *out, const struct orgcheck_cli *cli,
			       const char *rev, const char *dir)
{
	/* Before the first commit everything in the index is new and nothing
	 * can have been deleted: the changes are the index and what is
	 * untracked. */
	const char *staged_argv[] = { "git", "-C", dir, "ls-files", "-z", "--cached", NULL };
	/* --no-renames: a renamed record is its old path deleted and its new
	 * one added, so what referred to the old id is seen too. Deleted
	 * files are listed like the others. */
	const char *diff_argv[] = { "git", "-C", dir, "diff", "--name-only", "-z", "--relative", "--no-renames",
				    rev, "--", NULL };
	const char *untracked_argv[] = { "git", "-C", dir, "ls-files", "-z", "--others", "--exclude-standard",
					 NULL };
	int unborn = 0;

	out->data = NULL;
	out->size = 0;
	if (!orgcheck_git_is_revision(dir, rev)) {
		unborn = is_unborn(rev, dir);
		if (!unborn) {
			orgcheck_cli_error(cli, "'%s' is not a revision of a git repository here", rev);
			return -1;
		}
	}
	if (run_capture(unborn ? staged_argv : diff_argv, &out->data, &out->size, 0) != 0 ||
	    run_capture(untracked_argv, &out->data, &out->size, 0) != 0) {
		orgcheck_cli_error(cli, "git could not list the files changed since '%s'", rev);
		orgcheck_pathset_release(out);
		return -1;
	}
	keep_xml(out);
	if (prefix_paths(out, dir) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		orgcheck_pathset_release(out);
		return -1;
	}
	return 0;
}

int orgcheck_git_staged_start(struct orgcheck_git_run *run, const struct orgcheck_cli *cli, const char *dir)
{
	/* As for --changed-since: renames as a deletion and an addition. */
	const char *diff_argv[] = { "git", "-C", dir, "diff", "--cached", "--name-only", "-z", "--relative",
				    "--no-renames", "HEAD", "--", NULL };
	const char *staged_argv[] = { "git", "-C", dir, "ls-files", "-z", "--cached", NULL };
	int unborn = 0;

	run->pid = -1;
	run->fd = -1;
	if (!orgcheck_git_is_revision(dir, "HEAD")) {
		unborn = is_unborn("HEAD", dir);
		if (!unborn) {
			orgcheck_cli_error(cli, "--staged: '%s' is not in a git repository", dir);
			return -1;
		}
	}
	if (run_start(run, unborn ? staged_argv : diff_argv, NULL, 0) < 0) {
		orgcheck_cli_error(cli, "git could not list the staged files");
		return -1;
	}
	return 0;
}

int orgcheck_git_staged_finish(struct orgcheck_pathset *out, struct orgcheck_git_run *run,
			       const struct orgcheck_cli *cli, const char *dir)
{
	out->data = NULL;
	out->size = 0;
	if (run_finish(run, &out->data, &out->size) != 0) {
		orgcheck_cli_error(cli, "git could not list the staged files");
		orgcheck_pathset_release(out);
		return -1;
	}
	keep_xml(out);
	if (prefix_paths(out, dir) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		orgcheck_pathset_release(out);
		return -1;
	}
	return 0;
}

/* Appends path (length bytes) and its NUL to set, which holds at most
 * room bytes in all (the size of git's list the paths come from), so
 * one allocation instead of a realloc per path; 0 or -1. */
static int pathset_add(struct orgcheck_pathset *set, const char *path, size_t length, size_t room)
{
	if (set->data == NULL)
		set->data = malloc(room);
	if (set->data == NULL || set->size + length + 1 > room)
		return -1;
	memcpy(set->data + set->size, path, length);
	set->data[set->size + length] = '\0';
	set->size += length + 1;
	return 0;
}

int orgcheck_git_index_files(struct orgcheck_pathset *files, struct orgcheck_pathset *untrusted,
			     struct orgcheck_pathset *links, const struct orgcheck_cli *cli, const char *dir)
{
	/* -s: each entry's mode and stage; -v: its tag, S for skip-worktree,
	 * lower case for assume-unchanged. */
	const char *argv[] = { "git", "-C", dir, "ls-files", "-z", "--cached", "-s", "-v", NULL };
	char *out = NULL;
	size_t size = 0;
	size_t at = 0;
	size_t length = 0;
	const char *entry = NULL;
	const char *tab = NULL;
	const char *path = NULL;
	int rc = -1;

	files->data = untrusted->data = links->data = NULL;
	files->size = untrusted->size = links->size = 0;
	if (run_capture(argv, &out, &size, 0) != 0) {
		orgcheck_cli_error(cli, "git could not list the index's files");
		goto done;
	}
	for (at = 0; at < size; at += length + 1) {
		/* "TAG MODE OBJECT STAGE<TAB>PATH" */
		entry = out + at;
		length = strlen(entry);
		tab = strchr(entry, '\t');
		if (tab == NULL || tab - entry < 10 || entry[1] != ' ')
			continue;
		path = tab + 1;
		/* Unmerged entries and skip-worktree ones: checkout-index
		 * --all writes neither. */
		if (tab[-1] != '0' || tab[-2] != ' ' || entry[0] == 'S')
			continue;
		if (strncmp(entry + 2, "120000 ", 7) == 0) {
			if (pathset_add(links, path, strlen(path), size) < 0)
				goto nomem;
			continue;
		}
		/* Regular files only: a submodule (160000) has no files here. */
		if (strncmp(entry + 2, "100644 ", 7) != 0 && strncmp(entry + 2, "100755 ", 7) != 0)
			continue;
		if (pathset_add(files, path, strlen(path), size) < 0)
			goto nomem;
		/* Assumed unchanged: git does not look at the working tree's
		 * copy, which may differ. */
		if (entry[0] >= 'a' && entry[0] <= 'z' && pathset_add(untrusted, path, strlen(path), size) < 0)
			goto nomem;
	}
	rc = 0;
	goto done;

nomem:
	orgcheck_cli_error(cli, "out of memory");

done:
	if (rc < 0) {
		orgcheck_pathset_release(files);
		orgcheck_pathset_release(untrusted);
		orgcheck_pathset_release(links);
	}
	free(out);
	return rc;
}

int orgcheck_git_worktree_changed_start(struct orgcheck_git_run *run, const char *dir)
{
	const char *argv[] = { "git", "-C", dir, "diff-files", "--name-only", "-z", "--relative",
			       "--ignore-submodules", NULL };

	return run_start(run, argv, NULL, 0);
}

int orgcheck_git_worktree_changed_finish(struct orgcheck_pathset *out, struct orgcheck_git_run *run,
					 const struct orgcheck_cli *cli)
{
	out->data = NULL;
	out->size = 0;
	if (run_finish(run, &out->data, &out->size) != 0) {
		orgcheck_cli_error(cli, "git could not compare the working tree with the index");
		orgcheck_pathset_release(out);
		return -1;
	}
	return 0;
}

int orgcheck_git_checkout_index(char *out, size_t size, const struct orgcheck_cli *cli, const char *dir,
				const char *tmp, const char *list)
{
	char prefix_option[PATH_MAX + 16];
	const char *prefix_argv[] = { "git", "-C", dir, "rev-parse", "--show-prefix", NULL };
	const char *all_argv[] = { "git", "-C", dir, "checkout-index", "--all", prefix_option, NULL };
	const char *list_argv[] = { "git", "-C", dir, "checkout-index", prefix_option, "--stdin", "-z", NULL };
	char *below = NULL;
	size_t below_size = 0;
	char *ignored = NULL;
	size_t ignored_size = 0;
	int rc = -1;

	if (run_capture(prefix_argv, &below, &below_size, 0) != 0) {
		orgcheck_cli_error(cli, "--staged: '%s' is not in a git repository", dir);
		goto done;
	}
	while (below_size > 0 && (below[below_size - 1] == '\n' || below[below_size - 1] == '\r'))
		below[--below_size] = '\0';
	/* Run in a subdirectory, checkout-index --all writes only that
	 * subtree, and the paths of --stdin are relative to it; each file
	 * goes to TMP/ followed by its path from the top. */
	snprintf(prefix_option, sizeof(prefix_option), "--prefix=%s/", tmp);
	if (run_capture_from(list != NULL ? list_argv : all_argv, list, &ignored, &ignored_size, 0) != 0) {
		orgcheck_cli_error(cli, "cannot read the index with git checkout-index");
		goto done;
	}
	if ((size_t)snprintf(out, size, "%s/%s", tmp, below ? below : "") >= size) {
		orgcheck_cli_error(cli, "path too long: '%s/%s'", tmp, below ? below : "");
		goto done;
	}
	rc = 0;

done:
	free(below);
	free(ignored);
	return rc;
}

int orgcheck_git_extract(const struct orgcheck_cli *cli, const char *rev, const char *from, const char *dir)
{
	int pipefd[2] = { -1, -1 };
	pid_t archive = -1;
	pid_t tar = -1;
	int status_archive = 0;
	int status_tar = 0;
	int devnull = -1;

	if (!orgcheck_git_is_revision(from, rev)) {
		orgcheck_cli_error(cli, "'%s' is neither a directory, a results document nor a git revision", rev);
		return -1;
	}
	if (pipe(pipefd) != 0)
		return -1;
	archive = fork();
	if (archive == 0) {
		devnull = open("/dev/null", O_RDWR);
		dup2(devnull, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		/* Run in a subdirectory, git archive takes only that subtree:
		 * from is the corpus root, whose tree is wanted. */
		execlp("git", "git", "-C", from, "archive", "--format=tar", rev, (char *)NULL);
		_exit(127);
	}
	tar = fork();
	if (tar == 0) {
		dup2(pipefd[0], STDIN_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execlp("tar", "tar", "-x", "-f", "-", "-C", dir, (char *)NULL);
		_exit(127);
	}
	close(pipefd[0]);
	close(pipefd[1]);
	if (archive > 0)
		waitpid(archive, &status_archive, 0);
	if (tar > 0)
		waitpid(tar, &status_tar, 0);
	if (archive < 0 || tar < 0 || !WIFEXITED(status_archive) || WEXITSTATUS(status_archive) != 0 ||
	    !WIFEXITED(status_tar) || WEXITSTATUS(status_tar) != 0) {
		orgcheck_cli_error(cli, "cannot read revision '%s' with git archive", rev);
		return -1;
	}
	return 0;
}
