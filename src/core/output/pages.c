/* The HTML report's pages, moved into place atomically; see pages.h. */
#include "output/pages.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STAGING_TEMPLATE "/.orgcheck-pages.XXXXXX"
#define MANIFEST_HEADER "# orgcheck: the files the last report wrote in this directory; the next one removes those it does not write again\n"
/* A manifest line longer than this is not a name orgcheck wrote. */
#define NAME_MAX_BYTES 1024

struct names {
	char **items;
	size_t count;
	size_t capacity;
};

int orgcheck_pages__valid_name(const char *name)
{
	return name != NULL && name[0] != '\0' && name[0] != '.' && strchr(name, '/') == NULL &&
	       strchr(name, '\n') == NULL && strlen(name) < NAME_MAX_BYTES;
}

static void names_release(struct names *names)
{
	size_t i;

	for (i = 0; i < names->count; i++)
		free(names->items[i]);
	free(names->items);
	memset(names, 0, sizeof(*names));
}

static int names_add(struct names *names, const char *name)
{
	char **grown = NULL;
	size_t capacity = 0;

	if (names->count == names->capacity) {
		capacity = names->capacity ? names->capacity * 2 : 64;
		grown = realloc(names->items, capacity * sizeof(*grown));
		if (grown == NULL)
			return -1;
		names->items = grown;
		names->capacity = capacity;
	}
	names->items[names->count] = strdup(name);
	if (names->items[names->count] == NULL)
		return -1;
	names->count++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int names_has(const struct names *names, const char *name)
{
	return names->count > 0 &&
	       bsearch(&name, names->items, names->count, sizeof(*names->items), compare_names) != NULL;
}

/* "dir/name" in a new buffer, or NULL when out of memory. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);

	if (path != NULL)
		snprintf(path, n, "%s/%s", dir, name);
	return path;
}

/* The names of the regular files in dir, sorted. */
static int list_files(struct names *out, const char *dir, struct orgcheck_error *err)
{
	DIR *d = opendir(dir);
	const struct dirent *entry = NULL;
	struct stat st;
	char *path = NULL;
	int rc = 0;

	if (d == NULL)
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot read directory '%s': %s", dir,
					  strerror(errno));
	while ((entry = readdir(d)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		path = join(dir, entry->d_name);
		if (path == NULL) {
			rc = orgcheck_error_nomem(err);
			break;
		}
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && names_add(out, entry->d_name) < 0) {
			rc = orgcheck_error_nomem(err);
			break;
		}
		free(path);
		path = NULL;
	}
	free(path);
	closedir(d);
	if (rc == 0 && out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), compare_names);
	return rc;
}

/* The names the manifest in dir lists (none when there is none). Lines
 * that cannot be names orgcheck wrote are skipped. */
static int read_manifest(struct names *out, const char *dir, struct orgcheck_error *err)
{
	char *path = join(dir, ORGCHECK_PAGES_MANIFEST);
	char line[NAME_MAX_BYTES + 2];
	FILE *f = NULL;
	size_t n = 0;
	int rc = 0;

	if (path == NULL)
		return orgcheck_error_nomem(err);
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno != ENOENT)
			rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	while (rc == 0 && fgets(line, sizeof(line), f) != NULL) {
		n = strlen(line);
		if (n == 0 || line[n - 1] != '\n') {
			/* Too long for a name: skip the rest of the line. */
			while (n > 0 && line[n - 1] != '\n' && fgets(line, sizeof(line), f) != NULL)
				n = strlen(line);
			continue;
		}
		line[n - 1] = '\0';
		if (line[0] != '#' && orgcheck_pages__valid_name(line) && names_add(out, line) < 0)
			rc = orgcheck_error_nomem(err);
	}
	if (rc == 0 && ferror(f))
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot read '%s'", path);

done:
	if (f != NULL)
		fclose(f);
	free(path);
	return rc;
}

/* Writes the manifest of dir atomically: the names of each list given
 * (NULL ends them), index among them. */
static int write_manifest(const char *dir, const char *index, const struct names *a,
			  const struct names *b, struct orgcheck_error *err)
{
	char *path = join(dir, ORGCHECK_PAGES_MANIFEST);
	char *temporary = join(dir, ORGCHECK_PAGES_MANIFEST ".new.XXXXXX");
	FILE *f = NULL;
	size_t i;
	mode_t mask = 0;
	int fd = -1;
	int failed = 0;
	int rc = 0;

	if (path == NULL || temporary == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	fd = mkstemp(temporary);
	/* mkstemp creates 0600; the manifest gets the mode of the pages. */
	if (fd >= 0) {
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	failed = fputs(MANIFEST_HEADER, f) < 0 || fprintf(f, "%s\n", index) < 0;
	for (i = 0; a != NULL && i < a->count && !failed; i++) {
		if (strcmp(a->items[i], index) != 0)
			failed = fprintf(f, "%s\n", a->items[i]) < 0;
	}
	for (i = 0; b != NULL && i < b->count && !failed; i++) {
		if (strcmp(b->items[i], index) != 0 && (a == NULL || !names_has(a, b->items[i])))
			failed = fprintf(f, "%s\n", b->items[i]) < 0;
	}
	errno = 0;
	failed |= fflush(f) != 0 || ferror(f);
	failed |= fclose(f) != 0;
	if (failed || rename(temporary, path) != 0) {
		rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot write '%s': %s", path,
					strerror(errno ? errno : EIO));
		unlink(temporary);
	}

done:
	free(path);
	free(temporary);
	return rc;
}

int orgcheck_pages_begin(struct orgcheck_pages *out, const char *dir, struct orgcheck_error *err)
{
	size_t n = strlen(dir) + sizeof(STAGING_TEMPLATE);

	memset(out, 0, sizeof(*out));
	out->dir = strdup(dir);
	out->staging = malloc(n);
	if (out->dir == NULL || out->staging == NULL)
		return orgcheck_error_nomem(err);
	snprintf(out->staging, n, "%s%s", dir, STAGING_TEMPLATE);
	if (mkdtemp(out->staging) == NULL) {
		free(out->staging);
		out->staging = NULL;
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot make a directory in '%s': %s", dir,
					  strerror(errno));
	}
	return 0;
}

int orgcheck_pages_commit(struct orgcheck_pages *pages, const char *index, struct orgcheck_error *err)
{
	struct names written = { 0 };
	struct names earlier = { 0 };
	char *from = NULL;
	char *to = NULL;
	struct stat st;
	size_t i;
	int rc = 0;

	rc = list_files(&written, pages->staging, err);
	if (rc == 0)
		rc = read_manifest(&earlier, pages->dir, err);
	/* First the manifest names both runs' files, so that whatever
	 * happens next, every file orgcheck wrote here stays named. */
	if (rc == 0)
		rc = write_manifest(pages->dir, index, &written, &earlier, err);
	for (i = 0; rc == 0 && i < written.count; i++) {
		from = join(pages->staging, written.items[i]);
		to = join(pages->dir, written.items[i]);
		if (from == NULL || to == NULL)
			rc = orgcheck_error_nomem(err);
		else if (rename(from, to) != 0)
			rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot write '%s': %s", to, strerror(errno));
		free(from);
		free(to);
		from = to = NULL;
	}
	/* The earlier run's pages that this one did not write: stale links
	 * and records fixed since. Only regular files; a name the user made
	 * into a directory or a link is left alone. */
	for (i = 0; rc == 0 && i < earlier.count; i++) {
		if (strcmp(earlier.items[i], index) == 0 || names_has(&written, earlier.items[i]))
			continue;
		to = join(pages->dir, earlier.items[i]);
		if (to == NULL)
			rc = orgcheck_error_nomem(err);
		else if (lstat(to, &st) == 0 && S_ISREG(st.st_mode) && unlink(to) != 0 && errno != ENOENT)
			rc = orgcheck_error_set(err, ORGCHECK_EIO, "cannot remove '%s': %s", to, strerror(errno));
		free(to);
		to = NULL;
	}
	if (rc == 0)
		rc = write_manifest(pages->dir, index, &written, NULL, err);
	names_release(&written);
	names_release(&earlier);
	return rc;
}

void orgcheck_pages_release(struct orgcheck_pages *pages)
{
	struct names left = { 0 };
	struct orgcheck_error ignored = { 0 };
	char *path = NULL;
	size_t i;

	if (pages->staging != NULL) {
		(void)list_files(&left, pages->staging, &ignored);
		for (i = 0; i < left.count; i++) {
			path = join(pages->staging, left.items[i]);
			if (path != NULL)
				unlink(path);
			free(path);
		}
		names_release(&left);
		rmdir(pages->staging);
	}
	free(pages->staging);
	free(pages->dir);
	memset(pages, 0, sizeof(*pages));
}
