/* Record file names (internal to the core). */
#ifndef ORGCHECK_PATH_H
#define ORGCHECK_PATH_H

#include <stddef.h>

/* The record id a file should hold: its name without the directory and
 * ".xml". Sets *out to where the id starts in path and returns its length
 * (the id is not NUL-terminated when path ends in ".xml"). */
size_t orgcheck_path_record_id(const char **out, const char *path);

#endif
