/* Where the corpus is, as eslint and ruff find their configuration: the
 * nearest directory, walking up from where the curator stands, that
 * holds orgcheck-rules.xml or a records/ directory. The walk stops at a
 * git top level (a directory holding .git), so a corpus never borrows
 * the rules of a directory above its repository. */
#ifndef ORGCHECK_ROOT_H
#define ORGCHECK_ROOT_H

#include <limits.h>
#include <stddef.h>

struct orgcheck_cli;

struct orgcheck_root {
	int found;              /* 0: no root; the PATHs named are the corpus */
	/* The root relative to the current directory ("." or "../.." or an
	 * absolute path given with --corpus), for messages and paths. */
	char root[PATH_MAX];
	/* What to check as the corpus: ROOT/records, or ROOT itself when it
	 * is a records directory (it holds no records/). */
	char records[PATH_MAX + 16];
	/* ROOT/orgcheck-rules.xml when it exists, else empty. */
	char rules[PATH_MAX + 32];
};

/* Finds the corpus root by walking up from start (a directory, relative
 * to the current one). Leaves out->found 0 when there is none. */
void orgcheck_root_find(struct orgcheck_root *out, const char *start);

/* The corpus a --corpus DIR names: DIR when it holds records/ (a tree
 * root), else DIR as the records directory. Prints and returns -1 when
 * DIR is not a directory. */
int orgcheck_root_set(struct orgcheck_root *out, const struct orgcheck_cli *cli, const char *dir);

/* Whether path (a file) lies inside the directory dir; both may be
 * relative. 0 when either cannot be resolved. */
int orgcheck_root_contains(const char *dir, const char *path);

/* "corpus ROOT, rules RULES" for the summary line (no corpus root:
 * "corpus: the paths named"). */
void orgcheck_root_describe(char *buf, size_t size, const struct orgcheck_root *corpus,
			      const char *rules_used);

/* Whether a and b name the same existing file or directory. */
int orgcheck_root_same(const char *a, const char *b);

/* Whether path names a directory. */
int orgcheck_root_is_directory(const char *path);

#endif
