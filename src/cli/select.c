/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "select.h"

#include <orgcheck/fix.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void orgcheck_selection_init(struct orgcheck_selection *selection)
{
	selection->paths = NULL;
	selection->count = 0;
	selection->capacity = 0;
	selection->gone = NULL;
	selection->gone_paths = NULL;
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
	for (i = 0; i < selection->gone_count; i++) {
		free(selection->gone[i]);
		free(selection->gone_paths[i]);
	}
	free(selection->gone);
	free(selection->gone_paths);
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
	char *copy = NULL;
	int rc = -1;

	base = base ? base + 1 : path;
	length = strlen(base);
	if (length > 4 && strcmp(base + length - 4, ".xml") == 0)
		length -= 4;
	id = strndup(base, length);
	copy = strdup(path);
	if (id == NULL || copy == NULL)
		goto done;
	grown = realloc(selection->gone_paths, (selection->gone_count + 1) * sizeof(*grown));
	if (grown == NULL)
		goto done;
	selection->gone_paths = grown;
	grown = realloc(selection->gone, (selection->gone_count + 1) * sizeof(*grown));
	if (grown == NULL)
		goto done;
	selection->gone = grown;
	selection->gone_paths[selection->gone_count] = copy;
	selection->gone[selection->gone_count++] = id;
	id = NULL;
	copy = NULL;
	rc = 0;

done:
	free(id);
	free(copy);
	return rc;
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
	/* Only directories may be named: bsearch must not see a NULL array. */
	if (selection->count > 0)
		hit = bsearch(&key, selection->paths, selection->count, sizeof(*selection->paths),
			      compare_paths);
	for (i = 0; hit == NULL && i < selection->dir_count; i++) {
		if (under(selection->dirs[i], key))
			hit = selection->dirs[i];
	}
	free(key);
	return hit != NULL;
}

const char *orgcheck_selection_gone_path(const struct orgcheck_selection *selection, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < selection->gone_count; i++) {
		if (strcmp(selection->gone[i], id) == 0)
			return selection->gone_paths[i];
	}
	return NULL;
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

static int drop_fixes_outside(void *data, struct orgcheck_finding *finding)
{
	size_t i;

	if (!touches_selection(data, finding)) {
		for (i = 0; i < finding->fix_count; i++)
			orgcheck_fix_release(&finding->fixes[i]);
		free(finding->fixes);
		finding->fixes = NULL;
		finding->fix_count = 0;
	}
	return 1;
}

void orgcheck_selection_drop_fixes(struct orgcheck_selection *selection, struct orgcheck_findings *findings)
{
	orgcheck_findings_retain(findings, drop_fixes_outside, selection);
}

/* The corpus root: --corpus, else the nearest one up from here, else
 * (run from elsewhere) the nearest one up from the first PATH. */
int orgcheck_selection_find_corpus(struct orgcheck_root *out, const struct orgcheck_cli *cli, const char *corpus_dir,
				   const struct orgcheck_args *args)
{
	char dir[PATH_MAX];
	char *slash = NULL;

	if (corpus_dir != NULL)
		return orgcheck_root_set(out, cli, corpus_dir);
	orgcheck_root_find(out, ".");
	if (out->found || args->operand_count == 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s", args->operands[0]);
	if (!orgcheck_root_is_directory(dir)) {
		slash = strrchr(dir, '/');
		if (slash == NULL)
			return 0;
		*slash = '\0';
		if (dir[0] == '\0')
			snprintf(dir, sizeof(dir), "/");
	}
	orgcheck_root_find(out, dir);
	return 0;
}

/* Whether the directory dir is a part of the corpus rather than a corpus
 * of its own: it lies inside the corpus's records directory and is
 * neither a tree root (holding records/) nor a root with a rules file. */
static int part_of_corpus(const struct orgcheck_root *corpus, const char *dir)
{
	char probe[PATH_MAX + 32];

	if (!corpus->found || !orgcheck_root_contains(corpus->records, dir))
		return 0;
	snprintf(probe, sizeof(probe), "%s/records", dir);
	if (orgcheck_root_is_directory(probe))
		return 0;
	snprintf(probe, sizeof(probe), "%s/orgcheck-rules.xml", dir);
	return access(probe, F_OK) != 0;
}

/* What to check and what to report. Record files named (every PATH with
 * --only), and directories inside the corpus, are the focus: the whole
 * corpus is checked, with each PATH outside it added as a draft would
 * be, and only the findings that touch a PATH are reported. Directories
 * alone that are no part of the corpus (outside it, or a corpus root)
 * are the corpus, as is the corpus root's records/ when nothing is
 * named. *out (owned by the caller; its strings are borrowed from args
 * and corpus) and *focus are set; returns -1 when out of memory. */
int orgcheck_selection_choose_paths(const char ***out, size_t *count, struct orgcheck_selection *selection, int *focus,
				    const struct orgcheck_root *corpus, const struct orgcheck_args *args, int only)
{
	const char **paths = calloc(args->operand_count + 1, sizeof(*paths));
	size_t n = 0;
	size_t i;

	*out = NULL;
	*count = 0;
	*focus = only;
	if (paths == NULL)
		return -1;
	for (i = 0; i < args->operand_count; i++) {
		if (!orgcheck_root_is_directory(args->operands[i]) || part_of_corpus(corpus, args->operands[i]))
			*focus = 1;
	}
	/* With a focus, every PATH named is a part of it, directories too. */
	if (*focus && orgcheck_selection_add(selection, (const char *const *)args->operands,
					     args->operand_count) < 0) {
		free(paths);
		return -1;
	}
	if (*focus && corpus->found) {
		paths[n++] = corpus->records;
		for (i = 0; i < args->operand_count; i++) {
			if (!orgcheck_root_contains(corpus->records, args->operands[i]) &&
			    !orgcheck_root_same(corpus->records, args->operands[i]))
				paths[n++] = args->operands[i];
		}
	} else if (args->operand_count > 0) {
		for (i = 0; i < args->operand_count; i++)
			paths[n++] = args->operands[i];
	} else {
		paths[n++] = corpus->found ? corpus->records : "records";
	}
	*out = paths;
	*count = n;
	return 0;
}

static int selects(const void *data, const char *path)
{
	return selected(data, path);
}

int orgcheck_selection_focus(struct orgcheck_check_focus *out, char ***ids_out,
			     const struct orgcheck_selection *selection)
{
	const char *base = NULL;
	char **ids = NULL;
	size_t length = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	*ids_out = NULL;
	if (selection->dir_count > 0 || selection->count == 0)
		return 0;
	ids = calloc(selection->count, sizeof(*ids));
	if (ids == NULL)
		return -1;
	*ids_out = ids;
	for (i = 0; i < selection->count; i++) {
		base = strrchr(selection->paths[i], '/');
		base = base ? base + 1 : selection->paths[i];
		length = strlen(base);
		if (length > 4 && strcmp(base + length - 4, ".xml") == 0)
			length -= 4;
		ids[i] = strndup(base, length);
		if (ids[i] == NULL)
			return -1;
	}
	qsort(ids, selection->count, sizeof(*ids), compare_paths);
	out->file_ids = (const char *const *)ids;
	out->file_id_count = selection->count;
	out->gone_count = selection->gone_count;
	out->selects = selects;
	out->data = selection;
	return 1;
}
