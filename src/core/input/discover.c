/* DT_REG and d_type, to take regular files without a stat() each. */
#define _DEFAULT_SOURCE

#include "input/discover.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A set of (device, inode) pairs: directories entered and files taken, so
 * that symbolic links can neither loop nor check a file twice. */
struct identity {
	dev_t dev;
	ino_t ino;
};

struct identity_set {
	struct identity *slots;
	unsigned char *used;
	size_t capacity; /* a power of two */
	size_t count;
};

static size_t identity_hash(const struct identity *id)
{
	uint64_t h = (uint64_t)id->dev * 0x9E3779B97F4A7C15u ^ (uint64_t)id->ino;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static void identity_set_release(struct identity_set *set)
{
	free(set->slots);
	free(set->used);
	memset(set, 0, sizeof(*set));
}

static int identity_set_insert(struct identity_set *set, dev_t dev, ino_t ino,
			       int *inserted, struct orgcheck_error *err);

static int identity_set_rehash(struct identity_set *set, struct orgcheck_error *err)
{
	struct identity_set bigger = { 0 };
	size_t i;
	int inserted = 0;
	int rc = 0;

	bigger.capacity = set->capacity ? set->capacity * 2 : 64;
	bigger.slots = calloc(bigger.capacity, sizeof(*bigger.slots));
	bigger.used = calloc(bigger.capacity, 1);
	if (bigger.slots == NULL || bigger.used == NULL) {
		identity_set_release(&bigger);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; i < set->capacity; i++) {
		if (!set->used[i])
			continue;
		rc = identity_set_insert(&bigger, set->slots[i].dev, set->slots[i].ino, &inserted, err);
		if (rc < 0) {
			identity_set_release(&bigger);
			return rc;
		}
	}
	identity_set_release(set);
	*set = bigger;
	return 0;
}

static int identity_set_insert(struct identity_set *set, dev_t dev, ino_t ino,
			       int *inserted, struct orgcheck_error *err)
{
	struct identity id = { dev, ino };
	size_t i = 0;
	int rc = 0;

	*inserted = 0;
	/* Keep the load factor under one half. */
	if ((set->count + 1) * 2 > set->capacity) {
		rc = identity_set_rehash(set, err);
		if (rc < 0)
			return rc;
	}
	i = identity_hash(&id) & (set->capacity - 1);
	while (set->used[i]) {
		if (set->slots[i].dev == dev && set->slots[i].ino == ino)
			return 0;
		i = (i + 1) & (set->capacity - 1);
	}
	set->used[i] = 1;
	set->slots[i] = id;
	set->count++;
	*inserted = 1;
	return 0;
}

void orgcheck_filelist_init(struct orgcheck_filelist *list)
{
	list->paths = NULL;
	list->count = 0;
	list->capacity = 0;
}

void orgcheck_filelist_release(struct orgcheck_filelist *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->count; i++)
		free(list->paths[i]);
	free(list->paths);
	orgcheck_filelist_init(list);
}

int orgcheck_filelist_push(struct orgcheck_filelist *list, char *path, struct orgcheck_error *err)
{
	char **paths = NULL;
	size_t capacity = 0;

	if (list->count == list->capacity) {
		capacity = list->capacity ? list->capacity * 2 : 64;
		paths = realloc(list->paths, capacity * sizeof(*paths));
		if (paths == NULL) {
			free(path);
			return orgcheck_error_nomem(err);
		}
		list->paths = paths;
		list->capacity = capacity;
	}
	list->paths[list->count++] = path;
	return 0;
}

/* orgcheck_discover_take_fn: appends to the orgcheck_filelist data. */
static int filelist_take(void *data, char *path, struct orgcheck_error *err)
{
	return orgcheck_filelist_push(data, path, err);
}

static int has_xml_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* dir + "/" + name, without doubling a slash and without a leading "./". */
static char *join_path(const char *dir, const char *name)
{
	size_t dir_length = strlen(dir);
	size_t name_length = strlen(name);
	char *path = NULL;

	while (dir_length > 1 && dir[dir_length - 1] == '/')
		dir_length--;
	if (dir_length == 1 && dir[0] == '.')
		return strdup(name);
	path = malloc(dir_length + 1 + name_length + 1);
	if (path == NULL)
		return NULL;
	memcpy(path, dir, dir_length);
	if (!(dir_length == 1 && dir[0] == '/'))
		path[dir_length++] = '/';
	memcpy(path + dir_length, name, name_length + 1);
	return path;
}

/* A directory entry, with what readdir() says of it. */
struct dir_entry {
	char *name;
	unsigned char type;  /* DT_REG, DT_DIR, DT_LNK, ... or DT_UNKNOWN */
	ino_t ino;
};

static int compare_names(const void *pa, const void *pb)
{
	const struct dir_entry *a = pa;
	const struct dir_entry *b = pb;

	return strcmp(a->name, b->name);
}

struct walk {
	orgcheck_discover_take_fn *take;
	void *take_data;
	struct orgcheck_findings *findings;
	struct identity_set seen_dirs;
	struct identity_set seen_files;
	struct orgcheck_error *err;
};

static int walk_directory(struct walk *walk, const char *dir, const struct stat *st, int via_link);

/* Takes path (owned from here on, also on error) unless its file was
 * taken before. */
static int take_identified_file(struct walk *walk, char *path, dev_t dev, ino_t ino)
{
	int inserted = 0;
	int rc = identity_set_insert(&walk->seen_files, dev, ino, &inserted, walk->err);

	if (rc < 0 || !inserted) {
		free(path);
		return rc;
	}
	return walk->take(walk->take_data, path, walk->err);
}

/* Takes a copy of path. */
static int take_file(struct walk *walk, const char *path, const struct stat *st)
{
	char *copy = strdup(path);

	if (copy == NULL)
		return orgcheck_error_nomem(walk->err);
	return take_identified_file(walk, copy, st->st_dev, st->st_ino);
}

/* One entry found inside a directory. */
static int visit_entry(struct walk *walk, const char *path, const char *name)
{
	struct stat st;
	struct stat link_st;

	if (stat(path, &st) != 0) {
		if (!has_xml_suffix(name))
			return 0;
		if (lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode))
			return orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_UNREADABLE,
						     path, 0, 0, "dangling symbolic link: %s",
						     strerror(errno));
		return orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_UNREADABLE,
					     path, 0, 0, "cannot read file: %s", strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return walk_directory(walk, path, &st,
				      lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode));
	if (!has_xml_suffix(name))
		return 0;
	if (!S_ISREG(st.st_mode))
		return orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_UNREADABLE,
					     path, 0, 0, "not a regular file");
	return take_file(walk, path, &st);
}

/* Walks dir. A directory seen before is skipped; it is a loop (a finding)
 * only when reached through a symbolic link, not when the user named a
 * directory twice or one inside another. */
static int walk_directory(struct walk *walk, const char *dir, const struct stat *st, int via_link)
{
	DIR *handle = NULL;
	struct dirent *entry = NULL;
	struct dir_entry *names = NULL;
	struct dir_entry *grown = NULL;
	size_t count = 0;
	size_t capacity = 0;
	size_t i;
	char *path = NULL;
	int inserted = 0;
	int rc = 0;

	rc = identity_set_insert(&walk->seen_dirs, st->st_dev, st->st_ino, &inserted, walk->err);
	if (rc < 0)
		goto done;
	if (!inserted && !via_link)
		goto done;
	if (!inserted) {
		rc = orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_DIRECTORY_LOOP,
					   dir, 0, 0,
					   "directory already visited through another path; not descending again");
		goto done;
	}

	handle = opendir(dir);
	if (handle == NULL) {
		rc = orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_UNREADABLE,
					   dir, 0, 0, "cannot read directory: %s", strerror(errno));
		goto done;
	}
	errno = 0;
	while ((entry = readdir(handle)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 32;
			grown = realloc(names, capacity * sizeof(*names));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(walk->err);
				goto done;
			}
			names = grown;
		}
		/* One allocation a name: a single buffer for the directory's
		 * names, grown as they come, made gcc's analyser see a double
		 * free through the recursion. */
		names[count].name = strdup(entry->d_name);
		if (names[count].name == NULL) {
			rc = orgcheck_error_nomem(walk->err);
			goto done;
		}
		names[count].type = entry->d_type;
		names[count].ino = entry->d_ino;
		count++;
		errno = 0;
	}
	if (errno != 0) {
		rc = orgcheck_findings_add(walk->findings, walk->err, ORGCHECK_RULE_UNREADABLE,
					   dir, 0, 0, "cannot read directory: %s", strerror(errno));
		goto done;
	}
	if (count > 1)
		qsort(names, count, sizeof(*names), compare_names);

	for (i = 0; i < count; i++) {
		/* Files of other names are not records. */
		if (names[i].type == DT_REG && !has_xml_suffix(names[i].name))
			continue;
		path = join_path(dir, names[i].name);
		if (path == NULL) {
			rc = orgcheck_error_nomem(walk->err);
			goto done;
		}
		/* A regular file (not a link) lies on the directory's device:
		 * its identity needs no stat(). Anything else is looked at. */
		if (names[i].type == DT_REG) {
			rc = take_identified_file(walk, path, st->st_dev, names[i].ino);
		} else {
			rc = visit_entry(walk, path, names[i].name);
			free(path);
		}
		path = NULL;
		if (rc < 0)
			goto done;
	}

done:
	if (handle != NULL)
		closedir(handle);
	for (i = 0; i < count; i++)
		free(names[i].name);
	free(names);
	return rc;
}

int orgcheck_discover_files(struct orgcheck_filelist *out, struct orgcheck_findings *findings,
			    const char *const *roots, size_t root_count,
			    struct orgcheck_error *err)
{
	return orgcheck_discover_each(filelist_take, out, findings, roots, root_count, 0, err);
}

int orgcheck_discover_each(orgcheck_discover_take_fn *take, void *data,
			   struct orgcheck_findings *findings, const char *const *roots,
			   size_t root_count, int roots_are_files, struct orgcheck_error *err)
{
	struct walk walk = { 0 };
	struct stat st;
	char *copy = NULL;
	size_t i;
	int rc = 0;

	walk.take = take;
	walk.take_data = data;
	walk.findings = findings;
	walk.err = err;

	for (i = 0; i < root_count && roots_are_files; i++) {
		copy = strdup(roots[i]);
		if (copy == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		rc = take(data, copy, err);
		if (rc < 0)
			goto done;
	}
	for (i = 0; i < root_count && !roots_are_files; i++) {
		if (stat(roots[i], &st) != 0) {
			rc = orgcheck_error_set(err, errno == ENOENT ? ORGCHECK_ENOENT : ORGCHECK_EIO,
						"cannot access '%s': %s", roots[i], strerror(errno));
			goto done;
		}
		if (S_ISDIR(st.st_mode))
			rc = walk_directory(&walk, roots[i], &st, 0);
		else if (S_ISREG(st.st_mode))
			rc = take_file(&walk, roots[i], &st);
		else
			rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNREADABLE, roots[i], 0, 0,
						   "not a regular file or directory");
		if (rc < 0)
			goto done;
	}

done:
	identity_set_release(&walk.seen_dirs);
	identity_set_release(&walk.seen_files);
	return rc;
}
