/* Report files written atomically: into a temporary file beside the
 * target, then renamed over it, so a reader never sees half a report and a
 * failed write leaves the previous report as it was. A target that exists
 * and is not a regular file (/dev/null, a FIFO, a terminal) is written to
 * directly: renaming over it would replace the device with a file. A
 * symbolic link to a regular file is followed, so the link stays. */
#ifndef ORGCHECK_OUTPUT_H
#define ORGCHECK_OUTPUT_H

#include <stdio.h>

struct orgcheck_output {
	FILE *stream;        /* where to write: the temporary file, or the default stream */
	char *target;        /* NULL when writing to the default stream */
	char *temporary;     /* NULL when writing to target directly */
};

/* Opens the output: path NULL or "-" means default_stream. Returns 0, or
 * -1 with a message on err_stream. */
int orgcheck_output_open(struct orgcheck_output *out, const char *path, FILE *default_stream,
			 FILE *err_stream);

/* Flushes, syncs and renames the temporary file over the target. Returns
 * 0, or -1 with a message (the target is then untouched and the temporary
 * file removed). Any write that failed before, on the default stream too,
 * makes it fail. */
int orgcheck_output_commit(struct orgcheck_output *out, FILE *err_stream);

/* The HTML report as pages: when path names a directory (it ends with
 * "/", or is one), makes it if it is missing (one level), and writes the
 * directory without its trailing slashes into dir and DIR/index.html,
 * the page to open with orgcheck_output_open, into index. Returns 1 for
 * a directory, 0 for anything else (dir and index untouched), -1 with a
 * message on err_stream. */
int orgcheck_output_pages(char *dir, char *index, size_t size, const char *path, FILE *err_stream);

/* Drops the temporary file, leaving the target untouched. Safe after
 * commit and on a zeroed struct. */
void orgcheck_output_abort(struct orgcheck_output *out);

#endif
