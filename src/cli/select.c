/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "select.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void orgcheck_selection_init(struct orgcheck_selection *selection)
{
	selection->paths = NULL;
	selection->count = 0;
	selection->capacity = 0;
	selection->gone = NULL;
	selection->gone_count = 0;
	selection->dirs = NULL;
	selection->dir_count = 0;
}

void orgcheck_selection_release(struct orgcheck_selection *selection)
{
	size_t i;

	for (i = 0; i < selection->count; i++)
		free(selection->paths[i]);
	free(selection->paths);
	for (i = 0; i < selection->gone_count; i++)
		free(selection->gone[i]);
	free(selection->gone);
	for (i = 0; i < selection->dir_count; i++)
		free(selection->dirs[i]);
	free(selection->dirs);
	orgcheck_selection_init(selection);
}

/* The form paths are compared in: the real path of an existing file, else
 * the path without leading "./" (a deleted file). */
static char *canonical(const char *path)
{
	char resolved[PATH_MAX];

	if (realpath(path, resolved) != NULL)
		return strdup(resolved);
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return strdup(path);
}

static int compare_paths(const void *pa, const void *pb)
{
	const char *const *a = pa;
	const char *const *b = pb;

	return strcmp(*a, *b);
}

/* Remembers the record id of a selected file that does not exist. */
static int add_gone(struct orgcheck_selection *selection, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t length = 0;
	char **grown = NULL;
	char *id = NULL;

	base = base ? base + 1 : path;
	length = strlen(base);
	if (length > 4 && strcmp(base + length - 4, ".xml") == 0)
		length -= 4;
	id = strndup(base, length);
	if (id == NULL)
		return -1;
	grown = realloc(selection->gone, (selection->gone_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(id);
		return -1;
	}
	selection->gone = grown;
	selection->gone[selection->gone_count++] = id;
	return 0;
}

/* A directory selects every file under it: its canonical form, kept
 * apart from the files (a prefix, not an exact match). */
static int add_dir(struct orgcheck_selection *selection, const char *path)
{
	char **grown = NULL;
	char *dir = canonical(path);

	if (dir == NULL)
		return -1;
	grown = realloc(selection->dirs, (selection->dir_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		free(dir);
		return -1;
	}
	selection->dirs = grown;
	selection->dirs[selection->dir_count++] = dir;
	return 0;
}

static int add_one(struct orgcheck_selection *selection, const char *path)
{
	char **grown = NULL;
	size_t capacity = 0;
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return add_dir(selection, path);
	if (stat(path, &st) != 0 && add_gone(selection, path) < 0)
		return -1;

	if (selection->count == selection->capacity) {
		capacity = selection->capacity ? selection->capacity * 2 : 16;
		grown = realloc(selection->paths, capacity * sizeof(*grown));
		if (grown == NULL)
			return -1;
		selection->paths = grown;
		selection->capacity = capacity;
	}
	selection->paths[selection->count] = canonical(path);
	if (selection->paths[selection->count] == NULL)
		return -1;
	selection->count++;
	qsort(selection->paths, selection->count, sizeof(*selection->paths), compare_paths);
	return 0;
}

int orgcheck_selection_add(struct orgcheck_selection *selection, const char *const *paths, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (add_one(selection, paths[i]) < 0)
			return -1;
	}
	return 0;
}

int orgcheck_selection_add_pathset(struct orgcheck_selection *selection,
				   const struct orgcheck_pathset *set)
{
	size_t at = 0;

	while (at < set->size) {
		if (add_one(selection, set->data + at) < 0)
			return -1;
		at += strlen(set->data + at) + 1;
	}
	return 0;
}

/* Whether path lies under dir, by whole path components ("a/b" holds
 * "a/b/c.xml", not "a/bc.xml"); both canonical. */
static int under(const char *dir, const char *path)
{
	size_t length = strlen(dir);

	if (strncmp(dir, path, length) != 0)
		return 0;
	return path[length] == '/' || (length > 0 && dir[length - 1] == '/');
}

static int selected(const struct orgcheck_selection *selection, const char *path)
{
	char *key = NULL;
	void *hit = NULL;
	size_t i;

	if (path == NULL)
		return 0;
	key = canonical(path);
	if (key == NULL)
		return 1; /* out of memory: keep rather than hide a finding */
	hit = bsearch(&key, selection->paths, selection->count, sizeof(*selection->paths), compare_paths);
	for (i = 0; hit == NULL && i < selection->dir_count; i++) {
		if (under(selection->dirs[i], key))
			hit = selection->dirs[i];
	}
	free(key);
	return hit != NULL;
}

static int refers_to_gone(const struct orgcheck_selection *selection, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < selection->gone_count; i++) {
		if (strcmp(selection->gone[i], id) == 0)
			return 1;
	}
	return 0;
}

/* Whether id is the record id (the file name without .xml) of a selected
 * file: a baseline entry (OC191) names its record by id alone, so the
 * files under a selected directory are not matched this way. */
static int names_selected(const struct orgcheck_selection *selection, const char *id)
{
	const char *base = NULL;
	size_t length = strlen(id);
	size_t i;

	for (i = 0; i < selection->count; i++) {
		base = strrchr(selection->paths[i], '/');
		base = base ? base + 1 : selection->paths[i];
		if (strncmp(base, id, length) == 0 && strcmp(base + length, ".xml") == 0)
			return 1;
	}
	return 0;
}

static int touches_selection(void *data, struct orgcheck_finding *finding)
{
	const struct orgcheck_selection *selection = data;
	size_t i;

	if (selected(selection, finding->primary.path))
		return 1;
	for (i = 0; i < finding->related_count; i++) {
		if (selected(selection, finding->related[i].path))
			return 1;
	}
	for (i = 0; i < finding->value_count; i++) {
		if (strcmp(finding->values[i].name, "reference") == 0 &&
		    refers_to_gone(selection, finding->values[i].text))
			return 1;
		/* A baseline entry about a selected record (OC191). */
		if (strcmp(finding->values[i].name, "record") == 0 && finding->values[i].text != NULL &&
		    names_selected(selection, finding->values[i].text))
			return 1;
	}
	return 0;
}

void orgcheck_selection_filter(struct orgcheck_selection *selection, struct orgcheck_findings *findings)
{
	orgcheck_findings_retain(findings, touches_selection, selection);
}
