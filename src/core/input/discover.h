/* Discovery: which files to check.
 *
 * Walks the paths the user gave, in a stable order, and collects every
 * "*.xml" regular file below the directories (a file named explicitly is
 * taken whatever its name). Hidden entries (".git") are skipped. Problems
 * with one entry (an unreadable directory, a dangling link, a directory
 * loop) are findings; only a path the user named that cannot be reached is
 * an error. */
#ifndef ORGCHECK_DISCOVER_H
#define ORGCHECK_DISCOVER_H

#include <stddef.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

struct orgcheck_filelist {
	char **paths;   /* owned; each path as it should be shown to the user */
	size_t count;
	size_t capacity;
};

void orgcheck_filelist_init(struct orgcheck_filelist *list);

/* Frees every path and leaves the list empty. list may be NULL. */
void orgcheck_filelist_release(struct orgcheck_filelist *list);

/* Appends path to list, which takes it over, also on error. Returns 0 or
 * ORGCHECK_ENOMEM. */
int orgcheck_filelist_push(struct orgcheck_filelist *list, char *path, struct orgcheck_error *err);

/* Appends to out the record files found under roots[0..root_count), each
 * file once even when reached twice. Directories are read in byte order of
 * their entry names, so the result does not depend on the file system.
 * Returns 0, ORGCHECK_ENOENT / ORGCHECK_EIO for a root that cannot be
 * reached (message names it), or ORGCHECK_ENOMEM. */
int orgcheck_discover_files(struct orgcheck_filelist *out, struct orgcheck_findings *findings,
			    const char *const *roots, size_t root_count,
			    struct orgcheck_error *err);

/* Takes a file found, in the order of the list orgcheck_discover_files
 * makes: take owns path from here on, also when it fails. Returns 0, or
 * a negative error code that ends the discovery. */
typedef int orgcheck_discover_take_fn(void *data, char *path, struct orgcheck_error *err);

/* orgcheck_discover_files handing each file to take as soon as it is
 * found, so that reading the first files need not wait for the last
 * directory to be listed. With roots_are_files the caller vouches that
 * the roots are distinct regular files: each is taken as it is, without
 * a stat() (whoever reads it reports one that is not). */
int orgcheck_discover_each(orgcheck_discover_take_fn *take, void *data,
			   struct orgcheck_findings *findings, const char *const *roots,
			   size_t root_count, int roots_are_files, struct orgcheck_error *err);

#endif
