/* Where orgcheck's data files (schemas/, reports/) are. */
#ifndef ORGCHECK_DATADIR_H
#define ORGCHECK_DATADIR_H

#include <stddef.h>

/* Finds the data directory, the first that holds schemas/record.xsd of:
 * explicit (--data-dir), $ORGCHECK_DATA_DIR, the source tree around the
 * running binary (build/orgcheck -> .), PREFIX/share/orgcheck relative to
 * the binary (bin/orgcheck -> ../share/orgcheck), and the directory
 * compiled in (ORGCHECK_DATADIR). An explicit directory is taken even
 * when it lacks the schema, so the error names it. On success writes the
 * directory into buf and returns 0; else writes the places tried
 * (separated by ", ") into buf and returns -1. */
int orgcheck_datadir_find(char *buf, size_t size, const char *explicit_dir);

#endif
