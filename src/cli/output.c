#define _XOPEN_SOURCE 700 /* realpath, to write through a symbolic link */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens an existing target that is not a regular file for writing as it
 * is. Returns 0, or -1 with a message. */
static int open_direct(struct orgcheck_output *out, const char *path, FILE *err_stream)
{
	int fd = open(path, O_WRONLY | O_NOCTTY);

	if (fd >= 0)
		out->stream = fdopen(fd, "w");
	if (fd < 0 || out->stream == NULL) {
		fprintf(err_stream, "orgcheck: cannot write '%s': %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(out->target);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

int orgcheck_output_open(struct orgcheck_output *out, const char *path, FILE *default_stream,
			 FILE *err_stream)
{
	const char *slash = NULL;
	size_t dir_length = 0;
	size_t length = 0;
	int fd = -1;
	mode_t mask = 0;
	struct stat st;
	struct stat link_st;
	char resolved[PATH_MAX];

	memset(out, 0, sizeof(*out));
	if (path == NULL || strcmp(path, "-") == 0) {
		out->stream = default_stream;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		out->target = strdup(path);
		if (out->target == NULL) {
			fprintf(err_stream, "orgcheck: out of memory\n");
			return -1;
		}
		return open_direct(out, path, err_stream);
	}
	/* Through a symbolic link to a report: replace the report, keep the link. */
	if (lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode) && realpath(path, resolved) != NULL)
		path = resolved;
	out->target = strdup(path);
	/* The temporary file must be on the target's file system for rename to
	 * be atomic: same directory, hidden name. */
	slash = strrchr(path, '/');
	dir_length = slash ? (size_t)(slash - path) + 1 : 0;
	length = strlen(path) + 16;
	out->temporary = malloc(length);
	if (out->target == NULL || out->temporary == NULL) {
		fprintf(err_stream, "orgcheck: out of memory\n");
		goto fail;
	}
	snprintf(out->temporary, length, "%.*s.%s.XXXXXX", (int)dir_length, path,
		 path + dir_length);
	fd = mkstemp(out->temporary);
	if (fd < 0) {
		fprintf(err_stream, "orgcheck: cannot write '%s': %s\n", path, strerror(errno));
		goto fail;
	}
	/* mkstemp creates 0600; give the report the mode a new file would get. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	out->stream = fdopen(fd, "w");
	if (out->stream == NULL) {
		fprintf(err_stream, "orgcheck: cannot write '%s': %s\n", path, strerror(errno));
		close(fd);
		unlink(out->temporary);
		goto fail;
	}
	return 0;

fail:
	free(out->target);
	free(out->temporary);
	memset(out, 0, sizeof(*out));
	return -1;
}

int orgcheck_output_commit(struct orgcheck_output *out, FILE *err_stream)
{
	int failed = 0;
	int saved = 0;

	if (out->target == NULL) {
		/* A write that failed earlier (the buffer was flushed then) only
		 * shows in the stream's error flag. */
		errno = 0;
		if (out->stream != NULL && (fflush(out->stream) != 0 || ferror(out->stream))) {
			fprintf(err_stream, "orgcheck: cannot write the output: %s\n",
				strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	errno = 0;
	if (fflush(out->stream) != 0 || ferror(out->stream) ||
	    (out->temporary != NULL && fsync(fileno(out->stream)) != 0))
		failed = 1;
	saved = errno;
	if (fclose(out->stream) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	out->stream = NULL;
	if (!failed && out->temporary != NULL && rename(out->temporary, out->target) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		fprintf(err_stream, "orgcheck: cannot write '%s': %s\n", out->target,
			strerror(saved ? saved : EIO));
		if (out->temporary != NULL)
			unlink(out->temporary);
	}
	free(out->target);
	free(out->temporary);
	memset(out, 0, sizeof(*out));
	return failed ? -1 : 0;
}

void orgcheck_output_abort(struct orgcheck_output *out)
{
	if (out->target != NULL) {
		if (out->stream != NULL)
			fclose(out->stream);
		if (out->temporary != NULL)
			unlink(out->temporary);
	}
	free(out->target);
	free(out->temporary);
	memset(out, 0, sizeof(*out));
}

int orgcheck_output_pages(char *dir, char *index, size_t size, const char *path, FILE *err_stream)
{
	struct stat st;
	size_t n = path ? strlen(path) : 0;

	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	if (!(n > 0 && path[n - 1] == '/') && !(stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return 0;
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n + sizeof("/index.html") > size) {
		fprintf(err_stream, "orgcheck: output directory name too long: '%s'\n", path);
		return -1;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(err_stream, "orgcheck: cannot make directory '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(err_stream, "orgcheck: '%s' is not a directory\n", dir);
		return -1;
	}
	snprintf(index, size, "%s/index.html", dir);
	return 1;
}
