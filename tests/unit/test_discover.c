/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/discover.h"
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "testutil.h"

/* Each test runs inside a fresh scratch directory holding the tree below,
 * so roots and expected paths are short and relative:
 *
 *   a/Z.xml  a/b.xml  a/z.xml  a/c.txt  a/.hidden.xml  a/.git/x.xml
 *   a/sub/d.xml  a/sub/loop -> ..
 *   a/dir.xml/e.xml
 *   a/dangling.xml -> missing.xml   a/dangling-dir -> missing
 *   a/link.xml -> b.xml
 *   a/fifo.xml (a named pipe)
 */
struct fixture {
	char *dir;
	char *old_cwd;
	struct orgcheck_filelist files;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
};

static void make_link(const char *target, const char *path)
{
	if (symlink(target, path) != 0)
		fail_msg("symlink '%s' -> '%s': %s", path, target, strerror(errno));
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->old_cwd = getcwd(NULL, 0);
	fx->dir = test_make_temp_dir();
	if (fx->old_cwd == NULL || chdir(fx->dir) != 0)
		return -1;

	test_mkdir_in(".", "a");
	test_write_file("a/Z.xml", "<r/>");
	test_write_file("a/b.xml", "<r/>");
	test_write_file("a/z.xml", "<r/>");
	test_write_file("a/c.txt", "<r/>");
	test_write_file("a/.hidden.xml", "<r/>");
	test_mkdir_in(".", "a/.git");
	test_write_file("a/.git/x.xml", "<r/>");
	test_mkdir_in(".", "a/sub");
	test_write_file("a/sub/d.xml", "<r/>");
	make_link("..", "a/sub/loop");
	test_mkdir_in(".", "a/dir.xml");
	test_write_file("a/dir.xml/e.xml", "<r/>");
	make_link("missing.xml", "a/dangling.xml");
	make_link("missing", "a/dangling-dir");
	make_link("b.xml", "a/link.xml");
	if (mkfifo("a/fifo.xml", 0644) != 0)
		return -1;

	orgcheck_filelist_init(&fx->files);
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int rc = 0;

	if (fx->old_cwd != NULL && chdir(fx->old_cwd) != 0)
		rc = -1;
	test_remove_tree(fx->dir);
	orgcheck_filelist_release(&fx->files);
	orgcheck_findings_release(&fx->findings);
	free(fx->dir);
	free(fx->old_cwd);
	free(fx);
	return rc;
}

static int discover(struct fixture *fx, const char *const *roots, size_t count)
{
	return orgcheck_discover_files(&fx->files, &fx->findings, roots, count, &fx->err);
}

static void assert_paths(const struct orgcheck_filelist *files, const char *const *expected,
			 size_t count)
{
	size_t i;

	for (i = 0; i < files->count; i++)
		print_message("  found %s\n", files->paths[i]);
	assert_int_equal(files->count, count);
	for (i = 0; i < count; i++)
		assert_string_equal(files->paths[i], expected[i]);
}

static void test_tree_order_and_filters(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a" };
	/* Byte order: upper case before lower case, "dir.xml" is descended
	 * into, "link.xml" is b.xml again, "sub/loop" leads back to "a". */
	const char *expected[] = { "a/Z.xml", "a/b.xml", "a/dir.xml/e.xml", "a/sub/d.xml", "a/z.xml" };

	assert_int_equal(discover(fx, roots, 1), 0);
	assert_paths(&fx->files, expected, sizeof(expected) / sizeof(expected[0]));
}

static void test_tree_findings(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a" };
	const struct orgcheck_finding *f = NULL;

	assert_int_equal(discover(fx, roots, 1), 0);
	test_print_findings(&fx->findings);
	/* The dangling .xml link, the named pipe and the loop; the dangling
	 * link without ".xml" is no record and no finding. */
	assert_int_equal(fx->findings.count, 3);

	f = test_find_finding(&fx->findings, ORGCHECK_RULE_UNREADABLE, "a/dangling.xml");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "dangling"));
	assert_int_equal(f->primary.line, 0);

	f = test_find_finding(&fx->findings, ORGCHECK_RULE_UNREADABLE, "a/fifo.xml");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "not a regular file"));

	f = test_find_finding(&fx->findings, ORGCHECK_RULE_DIRECTORY_LOOP, "a/sub/loop");
	assert_non_null(f);
	assert_int_equal(f->severity, ORGCHECK_SEVERITY_WARNING);
	assert_int_equal(test_count_findings(&fx->findings, ORGCHECK_RULE_DIRECTORY_LOOP), 1);
}

static void test_explicit_file_roots(void **state)
{
	struct fixture *fx = *state;
	/* A file named explicitly is taken whatever its name, once, and in the
	 * order the roots were given; the walk of "a" does not repeat it, nor
	 * a link to it. */
	const char *roots[] = { "a/z.xml", "a/c.txt", "a/z.xml", "a/link.xml", "a" };
	const char *expected[] = { "a/z.xml", "a/c.txt", "a/link.xml", "a/Z.xml",
				   "a/dir.xml/e.xml", "a/sub/d.xml" };

	assert_int_equal(discover(fx, roots, sizeof(roots) / sizeof(roots[0])), 0);
	assert_paths(&fx->files, expected, sizeof(expected) / sizeof(expected[0]));
}

static void test_special_file_root(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a/fifo.xml", "a/sub" };
	const struct orgcheck_finding *f = NULL;

	/* Named explicitly, a named pipe is a finding, not an error, and the
	 * other roots are still walked. */
	assert_int_equal(discover(fx, roots, 2), 0);
	assert_int_equal(fx->err.code, ORGCHECK_OK);
	f = test_find_finding(&fx->findings, ORGCHECK_RULE_UNREADABLE, "a/fifo.xml");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "not a regular file"));
	assert_true(fx->files.count >= 1);
	assert_string_equal(fx->files.paths[0], "a/sub/d.xml");
}

static void test_same_root_twice(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a/dir.xml", "a/dir.xml/" };
	const char *expected[] = { "a/dir.xml/e.xml" };

	assert_int_equal(discover(fx, roots, 2), 0);
	assert_paths(&fx->files, expected, 1);
}

static void test_overlapping_roots(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a/dir.xml", "a" };
	const char *expected[] = { "a/dir.xml/e.xml", "a/Z.xml", "a/b.xml", "a/sub/d.xml", "a/z.xml" };

	assert_int_equal(discover(fx, roots, 2), 0);
	assert_paths(&fx->files, expected, sizeof(expected) / sizeof(expected[0]));
}

/* Naming a directory twice, or a directory and one inside it ("orgcheck
 * check records records/people"), involves no symbolic link and no loop,
 * yet each gives an OC006 directory-loop warning, whose description says
 * "reached a second time through a symbolic link". */
static void test_overlapping_roots_are_no_loop(void **state)
{
	struct fixture *fx = *state;
	const char *twice[] = { "a/dir.xml", "a/dir.xml/" };
	const char *nested[] = { "a/dir.xml", "a" };

	assert_int_equal(discover(fx, twice, 2), 0);
	test_print_findings(&fx->findings);
	assert_int_equal(fx->findings.count, 0);

	orgcheck_filelist_release(&fx->files);
	assert_int_equal(discover(fx, nested, 2), 0);
	test_print_findings(&fx->findings);
	assert_null(test_find_finding(&fx->findings, ORGCHECK_RULE_DIRECTORY_LOOP, "a/dir.xml"));
	/* The loop through a/sub/loop is a real one. */
	assert_non_null(test_find_finding(&fx->findings, ORGCHECK_RULE_DIRECTORY_LOOP, "a/sub/loop"));
}

static void test_trailing_slash(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a/dir.xml//" };
	const char *expected[] = { "a/dir.xml/e.xml" };

	assert_int_equal(discover(fx, roots, 1), 0);
	assert_paths(&fx->files, expected, 1);
	assert_int_equal(fx->findings.count, 0);
}

static void test_missing_root(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a/sub", "no/such/dir" };

	assert_int_equal(discover(fx, roots, 2), ORGCHECK_ENOENT);
	assert_int_equal(fx->err.code, ORGCHECK_ENOENT);
	assert_non_null(strstr(fx->err.message, "'no/such/dir'"));

	/* A dangling link given as a root cannot be reached either. */
	orgcheck_filelist_release(&fx->files);
	orgcheck_error_clear(&fx->err);
	roots[0] = "a/dangling.xml";
	assert_int_equal(discover(fx, roots, 1), ORGCHECK_ENOENT);
	assert_non_null(strstr(fx->err.message, "a/dangling.xml"));
}

static void test_unreadable_directory(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "a" };
	const struct orgcheck_finding *f = NULL;

	test_mkdir_in(".", "a/locked");
	test_write_file("a/locked/hidden-away.xml", "<r/>");
	assert_int_equal(chmod("a/locked", 0), 0);
	if (geteuid() == 0) {
		/* Permission bits do not stop root. */
		assert_int_equal(chmod("a/locked", 0755), 0);
		skip();
	}

	assert_int_equal(discover(fx, roots, 1), 0);
	assert_int_equal(chmod("a/locked", 0755), 0);
	f = test_find_finding(&fx->findings, ORGCHECK_RULE_UNREADABLE, "a/locked");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "cannot read directory"));
	/* The rest of the tree is still found. */
	assert_int_equal(fx->files.count, 5);
	assert_string_equal(fx->files.paths[4], "a/z.xml");
}

static void test_dot_root(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "." };
	const char *slash_roots[] = { "./" };
	const char *expected[] = { "Z.xml", "b.xml", "dir.xml/e.xml", "sub/d.xml", "z.xml" };
	char *here = NULL;

	assert_int_equal(chdir("a"), 0);
	assert_int_equal(discover(fx, roots, 1), 0);
	assert_paths(&fx->files, expected, sizeof(expected) / sizeof(expected[0]));
	assert_non_null(test_find_finding(&fx->findings, ORGCHECK_RULE_UNREADABLE, "dangling.xml"));
	assert_non_null(test_find_finding(&fx->findings, ORGCHECK_RULE_DIRECTORY_LOOP, "sub/loop"));

	orgcheck_filelist_release(&fx->files);
	assert_int_equal(discover(fx, slash_roots, 1), 0);
	assert_paths(&fx->files, expected, sizeof(expected) / sizeof(expected[0]));

	/* Still where the test put us: discovery never changes directory. */
	here = getcwd(NULL, 0);
	assert_non_null(here);
	assert_non_null(strstr(here, "/a"));
	assert_string_equal(strrchr(here, '/'), "/a");
	free(here);
}

static void test_empty_directory(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "empty" };

	test_mkdir_in(".", "empty");
	assert_int_equal(discover(fx, roots, 1), 0);
	assert_int_equal(fx->files.count, 0);
	assert_int_equal(fx->findings.count, 0);
	assert_int_equal(discover(fx, roots, 0), 0);
	assert_int_equal(fx->files.count, 0);
}

static void test_many_files(void **state)
{
	struct fixture *fx = *state;
	const char *roots[] = { "many" };
	char name[64];
	size_t i;

	/* Past the initial capacities of the name and file lists and of the
	 * set of files seen. */
	test_mkdir_in(".", "many");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/r%03zu.xml", 299 - i);
		test_write_file(name, "<r/>");
	}
	assert_int_equal(discover(fx, roots, 1), 0);
	assert_int_equal(fx->files.count, 300);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/r%03zu.xml", i);
		assert_string_equal(fx->files.paths[i], name);
	}
}

static void test_filelist_release(void **state)
{
	struct orgcheck_filelist list;

	(void)state;
	orgcheck_filelist_release(NULL);
	orgcheck_filelist_init(&list);
	orgcheck_filelist_release(&list);
	assert_int_equal(list.count, 0);
	assert_null(list.paths);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_order_and_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree_findings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_file_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_special_file_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_root_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlapping_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlapping_roots_are_no_loop, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dot_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_files, setup, teardown),
		cmocka_unit_test(test_filelist_release),
	};

	return cmocka_run_group_tests_name("discover", tests, NULL, NULL);
}
