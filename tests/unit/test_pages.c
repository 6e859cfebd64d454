/* The HTML report's pages: written to a staging directory, moved into
 * the report's directory on commit, the earlier run's pages that were
 * not written again removed, and only those: a manifest line naming
 * another directory, a hidden file or something that is not a regular
 * file removes nothing. A release without a commit leaves the directory
 * as it was.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <orgcheck/error.h>
#include "output/pages.h"
#include "testutil.h"

struct fixture {
	char *top;   /* holds dir and a file beside it */
	char *dir;   /* the report's directory */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->top = test_make_temp_dir();
	f->dir = test_join(f->top, "site");
	assert_int_equal(mkdir(f->dir, 0777), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	test_remove_tree(f->top);
	free(f->dir);
	free(f->top);
	free(f);
	return 0;
}

static int exists_in(const char *dir, const char *name)
{
	char *path = test_join(dir, name);
	struct stat st;
	int found = lstat(path, &st) == 0;

	free(path);
	return found;
}

/* How many entries dir holds whose name starts with prefix. */
static int count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	const struct dirent *e = NULL;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* One run: writes each name of pages (NULL-terminated) into the staging
 * directory, then commits. */
static void run(const char *dir, const char *const *pages)
{
	struct orgcheck_pages p = { NULL, NULL };
	struct orgcheck_error err = { 0 };
	size_t i;

	assert_int_equal(orgcheck_pages_begin(&p, dir, &err), 0);
	for (i = 0; pages[i] != NULL; i++)
		test_write_file_in(p.staging, pages[i], pages[i]);
	/* Nothing is in place before the commit. */
	for (i = 0; pages[i] != NULL; i++)
		assert_int_equal(count_prefix(p.staging, pages[i]), 1);
	if (orgcheck_pages_commit(&p, "index.html", &err) != 0)
		fail_msg("commit: %s", err.message);
	orgcheck_pages_release(&p);
	assert_int_equal(count_prefix(dir, ".orgcheck-pages."), 0);
}

static void test_commit_moves_pages_and_removes_stale(void **state)
{
	struct fixture *f = *state;
	const char *const first[] = { "record-a.html", "record-b.html", "report.css", NULL };
	const char *const second[] = { "record-b.html", "record-c.html", "report.css", NULL };
	char *manifest = test_join(f->dir, ORGCHECK_PAGES_MANIFEST);
	char *text = NULL;

	run(f->dir, first);
	assert_true(exists_in(f->dir, "record-a.html"));
	assert_true(exists_in(f->dir, "record-b.html"));
	test_write_file_in(f->dir, "notes.txt", "the curator's");
	test_write_file_in(f->dir, "record-mine.html", "not orgcheck's");
	run(f->dir, second);
	assert_false(exists_in(f->dir, "record-a.html"));
	assert_true(exists_in(f->dir, "record-b.html"));
	assert_true(exists_in(f->dir, "record-c.html"));
	assert_true(exists_in(f->dir, "notes.txt"));
	assert_true(exists_in(f->dir, "record-mine.html"));
	text = test_read_file(manifest);
	assert_non_null(strstr(text, "\nindex.html\nrecord-b.html\nrecord-c.html\nreport.css\n"));
	assert_null(strstr(text, "record-a.html"));
	free(text);
	free(manifest);
}

static void test_manifest_removes_only_plain_names(void **state)
{
	struct fixture *f = *state;
	const char *const pages[] = { "record-a.html", NULL };
	char *outside = test_join(f->top, "outside.html");
	char *sub = test_join(f->dir, "sub");
	char *link = NULL;

	/* A manifest written by someone else, or damaged. */
	test_write_file(outside, "keep");
	assert_int_equal(mkdir(sub, 0777), 0);
	test_write_file_in(sub, "x.html", "keep");
	test_write_file_in(f->dir, ".hidden.html", "keep");
	test_write_file_in(f->dir, "index.html", "the caller's");
	link = test_join(f->dir, "link.html");
	assert_int_equal(symlink(outside, link), 0);
	test_write_file_in(f->dir, ORGCHECK_PAGES_MANIFEST,
			   "# a comment\n../outside.html\n.hidden.html\nsub\nsub/x.html\nlink.html\n"
			   "index.html\nrecord-old.html\n");
	test_write_file_in(f->dir, "record-old.html", "stale");
	run(f->dir, pages);
	assert_true(exists_in(f->top, "outside.html"));
	assert_true(exists_in(f->dir, ".hidden.html"));
	assert_true(exists_in(sub, "x.html"));
	assert_true(exists_in(f->dir, "link.html"));
	assert_true(exists_in(f->dir, "index.html"));
	assert_false(exists_in(f->dir, "record-old.html"));
	assert_true(exists_in(f->dir, "record-a.html"));
	free(outside);
	free(sub);
	free(link);
}

static void test_release_without_commit_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct orgcheck_pages p = { NULL, NULL };
	struct orgcheck_error err = { 0 };
	const char *const first[] = { "record-a.html", NULL };

	run(f->dir, first);
	assert_int_equal(orgcheck_pages_begin(&p, f->dir, &err), 0);
	test_write_file_in(p.staging, "record-b.html", "half a run");
	orgcheck_pages_release(&p);
	assert_int_equal(count_prefix(f->dir, ".orgcheck-pages."), 0);
	assert_false(exists_in(f->dir, "record-b.html"));
	assert_true(exists_in(f->dir, "record-a.html"));
	/* A zeroed struct is fine too. */
	orgcheck_pages_release(&p);
}

static void test_valid_name(void **state)
{
	(void)state;
	assert_true(orgcheck_pages__valid_name("record-a.html"));
	assert_false(orgcheck_pages__valid_name(""));
	assert_false(orgcheck_pages__valid_name(".orgcheck-pages"));
	assert_false(orgcheck_pages__valid_name("../x.html"));
	assert_false(orgcheck_pages__valid_name("a/b.html"));
	assert_false(orgcheck_pages__valid_name("a\nb"));
	assert_false(orgcheck_pages__valid_name(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_moves_pages_and_removes_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifest_removes_only_plain_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_without_commit_changes_nothing, setup, teardown),
		cmocka_unit_test(test_valid_name),
	};

	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
