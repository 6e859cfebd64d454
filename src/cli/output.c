#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int orgcheck_output_open(struct orgcheck_output *out, const char *path, FILE *default_stream,
			 FILE *err_stream)
{
	const char *slash = NULL;
	size_t dir_length = 0;
	size_t length = 0;
	int fd = -1;
	mode_t mask = 0;

	memset(out, 0, sizeof(*out));
	if (path == NULL || strcmp(path, "-") == 0) {
		out->stream = default_stream;
		return 0;
	}
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
		if (out->stream != NULL && fflush(out->stream) != 0) {
			fprintf(err_stream, "orgcheck: cannot write the output: %s\n", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (fflush(out->stream) != 0 || ferror(out->stream) || fsync(fileno(out->stream)) != 0)
		failed = 1;
	saved = errno;
	if (fclose(out->stream) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	out->stream = NULL;
	if (!failed && rename(out->temporary, out->target) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		fprintf(err_stream, "orgcheck: cannot write '%s': %s\n", out->target,
			strerror(saved ? saved : EIO));
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
		unlink(out->temporary);
	}
	free(out->target);
	free(out->temporary);
	memset(out, 0, sizeof(*out));
}
