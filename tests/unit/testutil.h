/* Helpers shared by the unit tests: scratch directories, fixture files,
 * finding look-ups and the paths of the source tree.
 *
 * Include after <cmocka.h>. test_remove_tree uses nftw(), an XSI interface:
 * a test file that includes this header defines _XOPEN_SOURCE 700 before
 * its first #include. Every helper is static inline so a test that does
 * not use one gets no -Wunused-function warning. */
#ifndef ORGCHECK_TESTUTIL_H
#define ORGCHECK_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/arena.h"
#include <orgcheck/findings.h>

#ifndef ORGCHECK_SOURCE_DIR
#error "ORGCHECK_SOURCE_DIR must name the top of the source tree"
#endif

#define TEST_SOURCE_DIR ORGCHECK_SOURCE_DIR
#define TEST_SCHEMA_DIR ORGCHECK_SOURCE_DIR "/schemas"

/* Creates a fresh directory under /tmp. The caller frees the returned path
 * after removing the directory with test_remove_tree. */
static inline char *test_make_temp_dir(void)
{
	char *dir = strdup("/tmp/orgcheck-unit-XXXXXX");

	assert_non_null(dir);
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	return dir;
}

/* dir + "/" + name, malloc'ed. */
static inline char *test_join(const char *dir, const char *name)
{
	size_t length = strlen(dir) + 1 + strlen(name) + 1;
	char *path = malloc(length);

	assert_non_null(path);
	snprintf(path, length, "%s/%s", dir, name);
	return path;
}

/* Writes size bytes of data to path, replacing what was there. */
static inline void test_write_bytes(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		fail_msg("cannot create '%s': %s", path, strerror(errno));
	if (size > 0 && fwrite(data, 1, size, f) != size)
		fail_msg("cannot write '%s'", path);
	if (fclose(f) != 0)
		fail_msg("cannot close '%s': %s", path, strerror(errno));
}

/* Writes the string content (without its NUL) to path. */
static inline void test_write_file(const char *path, const char *content)
{
	test_write_bytes(path, content, strlen(content));
}

/* Writes content to dir/name. */
static inline void test_write_file_in(const char *dir, const char *name, const char *content)
{
	char *path = test_join(dir, name);

	test_write_file(path, content);
	free(path);
}

/* Creates the directory dir/name. */
static inline void test_mkdir_in(const char *dir, const char *name)
{
	char *path = test_join(dir, name);

	if (mkdir(path, 0755) != 0)
		fail_msg("mkdir '%s': %s", path, strerror(errno));
	free(path);
}

/* The whole content of path, NUL-terminated, malloc'ed; NULL when it
 * cannot be read. */
static inline char *test_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t size = 0;
	size_t capacity = 0;
	size_t n = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (capacity - size < 4096) {
			capacity = capacity ? capacity * 2 : 8192;
			data = realloc(data, capacity);
			assert_non_null(data);
		}
		n = fread(data + size, 1, capacity - size - 1, f);
		size += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[size] = '\0';
	return data;
}

static inline void test_remove_tree(const char *path);

static inline int test_remove_entry(const char *path, const struct stat *st, int type,
				    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DNR) {
		/* A directory a test made unreadable: open it up and start over. */
		if (chmod(path, 0700) == 0)
			test_remove_tree(path);
		return 0;
	}
	if (remove(path) != 0 && errno != ENOENT)
		fprintf(stderr, "testutil: cannot remove '%s': %s\n", path, strerror(errno));
	return 0;
}

/* Removes path and everything below it, without following links. path may
 * be NULL. */
static inline void test_remove_tree(const char *path)
{
	if (path == NULL)
		return;
	(void)nftw(path, test_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The first finding with this rule id on this path (any path when path is
 * NULL), or NULL. */
static inline const struct orgcheck_finding *test_find_finding(const struct orgcheck_findings *list,
							       const char *rule_id, const char *path)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct orgcheck_finding *f = &list->items[i];

		if (strcmp(f->rule->id, rule_id) == 0 &&
		    (path == NULL || strcmp(f->primary.path, path) == 0))
			return f;
	}
	return NULL;
}

/* How many findings have this rule id. */
static inline size_t test_count_findings(const struct orgcheck_findings *list, const char *rule_id)
{
	size_t i;
	size_t n = 0;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].rule->id, rule_id) == 0)
			n++;
	}
	return n;
}

/* Prints every finding, to make a failed assertion readable. */
static inline void test_print_findings(const struct orgcheck_findings *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct orgcheck_finding *f = &list->items[i];

		print_message("  %s:%lu:%lu: %s %s\n", f->primary.path, f->primary.line,
			      f->primary.column, f->rule->id, f->message);
	}
}

/* A formatted string of at most 255 bytes, copied into arena: the ids,
 * names and paths of records a test builds by hand. */
static inline const char *test_arena_printf(struct orgcheck_arena *arena, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static inline const char *test_arena_printf(struct orgcheck_arena *arena, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	char *copy = NULL;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	copy = orgcheck_arena_strdup(arena, buf);
	assert_non_null(copy);
	return copy;
}

#endif
