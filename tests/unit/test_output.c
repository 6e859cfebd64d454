/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"
#include "testutil.h"

struct fixture {
	char *dir;
	char *err_text;
	size_t err_size;
	FILE *err;
	struct orgcheck_output out;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	fx->err = open_memstream(&fx->err_text, &fx->err_size);
	if (fx->err == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	/* Whatever a failed test left open. */
	orgcheck_output_abort(&fx->out);
	test_remove_tree(fx->dir);
	fclose(fx->err);
	free(fx->err_text);
	free(fx->dir);
	free(fx);
	return 0;
}

static const char *err_output(struct fixture *fx)
{
	assert_int_equal(fflush(fx->err), 0);
	return fx->err_text != NULL ? fx->err_text : "";
}

/* The names in dir, sorted and joined with spaces ("" when empty). */
static char *listing(const char *dir)
{
	DIR *handle = opendir(dir);
	struct dirent *entry = NULL;
	char *names[64];
	size_t count = 0;
	size_t i;
	size_t j;
	char *text = NULL;
	size_t length = 1;

	assert_non_null(handle);
	while ((entry = readdir(handle)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		assert_true(count < 64);
		names[count] = strdup(entry->d_name);
		assert_non_null(names[count]);
		length += strlen(names[count]) + 1;
		count++;
	}
	closedir(handle);
	for (i = 1; i < count; i++) {
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	}
	text = calloc(1, length);
	assert_non_null(text);
	for (i = 0; i < count; i++) {
		if (i > 0)
			strcat(text, " ");
		strcat(text, names[i]);
		free(names[i]);
	}
	return text;
}

static void assert_listing(const char *dir, const char *expected)
{
	char *names = listing(dir);

	assert_string_equal(names, expected);
	free(names);
}

static void assert_content(const char *path, const char *expected)
{
	char *text = test_read_file(path);

	assert_non_null(text);
	assert_string_equal(text, expected);
	free(text);
}

static void test_new_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "report.txt");
	struct stat st;
	mode_t mask = umask(022);

	int rc = orgcheck_output_open(&fx->out, path, stdout, fx->err);

	umask(mask);
	assert_int_equal(rc, 0);
	assert_non_null(fx->out.stream);
	assert_ptr_not_equal(fx->out.stream, stdout);
	fprintf(fx->out.stream, "line one\nline %d\n", 2);
	/* Nothing at the target until the commit. */
	assert_int_equal(stat(path, &st), -1);

	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	assert_content(path, "line one\nline 2\n");
	/* No temporary file left beside it. */
	assert_listing(fx->dir, "report.txt");
	/* The mode a new file gets (0666 less the umask), not mkstemp's 0600. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_string_equal(err_output(fx), "");
	/* The struct is cleared. */
	assert_null(fx->out.stream);
	assert_null(fx->out.target);
	assert_null(fx->out.temporary);
	free(path);
}

static void test_relative_path(void **state)
{
	struct fixture *fx = *state;
	char *old_cwd = getcwd(NULL, 0);

	/* A bare file name: the temporary file goes in the current directory. */
	assert_non_null(old_cwd);
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(orgcheck_output_open(&fx->out, "plain.txt", stdout, fx->err), 0);
	fputs("plain\n", fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	assert_int_equal(chdir(old_cwd), 0);
	free(old_cwd);
	assert_listing(fx->dir, "plain.txt");
	{
		char *path = test_join(fx->dir, "plain.txt");

		assert_content(path, "plain\n");
		free(path);
	}
}

static void test_replace_existing_on_commit(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "report.txt");
	char *names = NULL;

	test_write_file(path, "old report\n");
	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("new report, longer than the old one\n", fx->out.stream);
	assert_int_equal(fflush(fx->out.stream), 0);

	/* Before the commit the target is untouched, and the new content is
	 * in one hidden temporary file beside it. */
	assert_content(path, "old report\n");
	names = listing(fx->dir);
	assert_non_null(strstr(names, ".report.txt."));
	assert_non_null(strstr(names, " report.txt"));
	assert_null(strchr(strchr(names, ' ') + 1, ' '));
	free(names);

	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	assert_content(path, "new report, longer than the old one\n");
	assert_listing(fx->dir, "report.txt");
	free(path);
}

static void test_abort_keeps_old(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "report.txt");

	test_write_file(path, "old report\n");
	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("half a new rep", fx->out.stream);
	orgcheck_output_abort(&fx->out);

	assert_content(path, "old report\n");
	assert_listing(fx->dir, "report.txt");
	assert_null(fx->out.stream);
	assert_null(fx->out.temporary);
	/* Abort after abort, and on a zeroed struct, is harmless. */
	orgcheck_output_abort(&fx->out);
	free(path);
}

static void test_abort_new_file(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "never.txt");

	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("never seen", fx->out.stream);
	orgcheck_output_abort(&fx->out);
	assert_listing(fx->dir, "");
	free(path);
}

static void test_abort_after_commit(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "report.txt");

	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("kept", fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	orgcheck_output_abort(&fx->out);
	assert_content(path, "kept");
	assert_listing(fx->dir, "report.txt");
	free(path);
}

static void test_missing_directory(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "no-such-dir/report.txt");
	const char *message = NULL;

	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), -1);
	message = err_output(fx);
	assert_non_null(strstr(message, "orgcheck: "));
	assert_non_null(strstr(message, path));
	assert_non_null(strstr(message, "No such file or directory"));
	assert_null(fx->out.stream);
	assert_null(fx->out.target);
	assert_null(fx->out.temporary);
	assert_listing(fx->dir, "");
	free(path);
}

static void test_target_is_directory(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "taken");

	/* The temporary file can be made, but renaming it over a directory
	 * fails: the commit reports it and leaves nothing behind. */
	test_mkdir_in(fx->dir, "taken");
	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("x", fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), -1);
	assert_non_null(strstr(err_output(fx), path));
	assert_listing(fx->dir, "taken");
	assert_null(fx->out.target);
	free(path);
}

static void test_default_stream(void **state)
{
	struct fixture *fx = *state;
	char *text = NULL;
	size_t size = 0;
	FILE *stream = open_memstream(&text, &size);
	const char *const paths[] = { "-", NULL };
	size_t i;

	assert_non_null(stream);
	for (i = 0; i < 2; i++) {
		assert_int_equal(orgcheck_output_open(&fx->out, paths[i], stream, fx->err), 0);
		assert_ptr_equal(fx->out.stream, stream);
		assert_null(fx->out.target);
		assert_null(fx->out.temporary);
		fprintf(fx->out.stream, "to the stream %zu\n", i);
		assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	}
	/* The default stream stays open, and no file was made. */
	orgcheck_output_abort(&fx->out);
	fputs("still open\n", stream);
	assert_int_equal(fclose(stream), 0);
	assert_string_equal(text, "to the stream 0\nto the stream 1\nstill open\n");
	assert_listing(fx->dir, "");
	assert_string_equal(err_output(fx), "");
	free(text);
}

/* A write that fails for want of room (here a file size limit, EFBIG)
 * leaves the previous report as it was, and no temporary file. */
static void test_failed_write_keeps_old(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "report.txt");
	struct rlimit saved;
	struct rlimit small;
	void (*saved_handler)(int) = NULL;
	char block[4096];
	size_t i;
	int rc = 0;

	test_write_file(path, "old report\n");
	memset(block, 'x', sizeof(block));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = 1024;
	saved_handler = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = orgcheck_output_open(&fx->out, path, stdout, fx->err);
	for (i = 0; rc == 0 && i < 16; i++)
		fwrite(block, 1, sizeof(block), fx->out.stream);
	if (rc == 0)
		rc = orgcheck_output_commit(&fx->out, fx->err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
	signal(SIGXFSZ, saved_handler);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err_output(fx), strerror(EFBIG)));
	assert_content(path, "old report\n");
	assert_listing(fx->dir, "report.txt");
	free(path);
}

/* An existing FIFO (as a device would be) is written to, not replaced. */
static void test_fifo_written_directly(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "pipe");
	char buf[64];
	struct stat st;
	ssize_t n = 0;
	int reader = -1;

	assert_int_equal(mkfifo(path, 0600), 0);
	reader = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(reader >= 0);
	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	assert_null(fx->out.temporary);
	fputs("through the pipe\n", fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	n = read(reader, buf, sizeof(buf) - 1);
	assert_int_equal(n, (ssize_t)strlen("through the pipe\n"));
	buf[n] = '\0';
	assert_string_equal(buf, "through the pipe\n");
	close(reader);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_listing(fx->dir, "pipe");
	free(path);
}

/* Through a symbolic link the report it points to is replaced; the link
 * stays a link. */
static void test_symlink_kept(void **state)
{
	struct fixture *fx = *state;
	char *path = test_join(fx->dir, "link.txt");
	char *real = test_join(fx->dir, "real.txt");
	struct stat st;

	test_write_file(real, "old\n");
	assert_int_equal(symlink("real.txt", path), 0);
	assert_int_equal(orgcheck_output_open(&fx->out, path, stdout, fx->err), 0);
	fputs("new\n", fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_content(real, "new\n");
	assert_listing(fx->dir, "link.txt real.txt");
	free(path);
	free(real);
}

/* The default stream: a failed write shows at commit. */
static void test_default_stream_failure(void **state)
{
	struct fixture *fx = *state;
	FILE *full = fopen("/dev/full", "w");
	char block[4096];
	size_t i;

	if (full == NULL)
		skip();
	memset(block, 'x', sizeof(block));
	assert_int_equal(orgcheck_output_open(&fx->out, NULL, full, fx->err), 0);
	for (i = 0; i < 4; i++)
		fwrite(block, 1, sizeof(block), fx->out.stream);
	assert_int_equal(orgcheck_output_commit(&fx->out, fx->err), -1);
	assert_non_null(strstr(err_output(fx), "cannot write the output"));
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_existing_on_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_after_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_is_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_keeps_old, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_written_directly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_stream_failure, setup, teardown),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
