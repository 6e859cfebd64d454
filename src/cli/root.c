/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "root.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int orgcheck_root_is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int has_entry(const char *dir, const char *name, int want_dir)
{
	char path[PATH_MAX + 64];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return 0;
	if (stat(path, &st) != 0)
		return 0;
	return want_dir ? S_ISDIR(st.st_mode) : 1;
}

/* dir/rest without a "./" in front when dir is ".". */
static void join(char *buf, size_t size, const char *dir, const char *rest)
{
	if (strcmp(dir, ".") == 0)
		snprintf(buf, size, "%s", rest);
	else
		snprintf(buf, size, "%s/%s", dir, rest);
}

static void fill(struct orgcheck_root *out, const char *root)
{
	out->found = 1;
	snprintf(out->root, sizeof(out->root), "%s", root);
	if (has_entry(root, "records", 1))
		join(out->records, sizeof(out->records), root, "records");
	else
		snprintf(out->records, sizeof(out->records), "%s", root);
	out->rules[0] = '\0';
	if (has_entry(root, "orgcheck-rules.xml", 0))
		join(out->rules, sizeof(out->rules), root, "orgcheck-rules.xml");
}

/* Whether the walk may not go up into resolved: it is one of the
 * colon-separated ORGCHECK_CEILING_DIRECTORIES (as git's
 * GIT_CEILING_DIRECTORIES: a directory the search does not enter). */
static int is_ceiling(const char *resolved)
{
	const char *list = getenv("ORGCHECK_CEILING_DIRECTORIES");
	const char *end = NULL;
	size_t length = 0;

	while (list != NULL && *list != '\0') {
		end = strchr(list, ':');
		length = end ? (size_t)(end - list) : strlen(list);
		if (length > 0 && strlen(resolved) == length && strncmp(list, resolved, length) == 0)
			return 1;
		list = end ? end + 1 : NULL;
	}
	return 0;
}

void orgcheck_root_find(struct orgcheck_root *out, const char *start)
{
	char candidate[PATH_MAX];
	char resolved[PATH_MAX];
	char parent[PATH_MAX + 4];
	size_t length = 0;

	memset(out, 0, sizeof(*out));
	snprintf(candidate, sizeof(candidate), "%s", start);
	for (;;) {
		if (has_entry(candidate, "orgcheck-rules.xml", 0) || has_entry(candidate, "records", 1)) {
			fill(out, candidate);
			return;
		}
		/* The top of a repository or of the file system ends the walk. */
		if (has_entry(candidate, ".git", 0) || realpath(candidate, resolved) == NULL ||
		    strcmp(resolved, "/") == 0)
			return;
		snprintf(parent, sizeof(parent), "%s/..", candidate);
		if (realpath(parent, resolved) == NULL || is_ceiling(resolved))
			return;
		length = strlen(candidate);
		if (strcmp(candidate, ".") == 0)
			snprintf(candidate, sizeof(candidate), "..");
		else if (length + 3 < sizeof(candidate))
			strcat(candidate, "/..");
		else
			return;
	}
}

int orgcheck_root_set(struct orgcheck_root *out, const struct orgcheck_cli *cli, const char *dir)
{
	memset(out, 0, sizeof(*out));
	if (!orgcheck_root_is_directory(dir)) {
		orgcheck_cli_error(cli, "--corpus '%s' is not a directory", dir);
		return -1;
	}
	fill(out, dir);
	return 0;
}

int orgcheck_root_contains(const char *dir, const char *path)
{
	char dir_real[PATH_MAX];
	char path_real[PATH_MAX];
	size_t length = 0;

	if (realpath(dir, dir_real) == NULL || realpath(path, path_real) == NULL)
		return 0;
	length = strlen(dir_real);
	return strncmp(dir_real, path_real, length) == 0 &&
	       (path_real[length] == '/' || (length == 1 && dir_real[0] == '/'));
}

void orgcheck_root_describe(char *buf, size_t size, const struct orgcheck_root *corpus,
			      const char *rules_used)
{
	if (corpus->found)
		snprintf(buf, size, "corpus %s, rules %s", corpus->root, rules_used);
	else
		snprintf(buf, size, "no corpus root (the paths named are the corpus), rules %s", rules_used);
}

int orgcheck_root_same(const char *a, const char *b)
{
	char a_real[PATH_MAX];
	char b_real[PATH_MAX];

	return realpath(a, a_real) != NULL && realpath(b, b_real) != NULL && strcmp(a_real, b_real) == 0;
}
