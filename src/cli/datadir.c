#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef ORGCHECK_DATADIR
#define ORGCHECK_DATADIR "/usr/local/share/orgcheck"
#endif

#define MARKER "/schemas/record.xsd"

static int has_marker(const char *dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s" MARKER, dir) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

/* The directory of the running executable, from /proc (Linux); empty when
 * it cannot be known. */
static void executable_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash = NULL;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		buf[0] = '\0';
	else
		*slash = '\0';
}

static void note_tried(char *tried, size_t size, const char *dir)
{
	size_t used = strlen(tried);

	int n = 0;

	if (used + 1 >= size)
		return;
	n = snprintf(tried + used, size - used, "%s%s", used ? ", " : "", dir);
	if (n < 0 || (size_t)n >= size - used)
		tried[size - 1] = '\0'; /* the list of places is only a hint */
}

int orgcheck_datadir_find(char *buf, size_t size, const char *explicit_dir)
{
	char exe_dir[PATH_MAX];
	char candidate[PATH_MAX];
	char tried[2048] = "";
	const char *env = getenv("ORGCHECK_DATA_DIR");

	if (explicit_dir != NULL) {
		snprintf(buf, size, "%s", explicit_dir);
		return 0;
	}
	if (env != NULL && env[0] != '\0') {
		if (has_marker(env)) {
			snprintf(buf, size, "%s", env);
			return 0;
		}
		note_tried(tried, sizeof(tried), env);
	}
	executable_dir(exe_dir, sizeof(exe_dir));
	if (exe_dir[0] != '\0') {
		if (snprintf(candidate, sizeof(candidate), "%s/..", exe_dir) < (int)sizeof(candidate) &&
		    has_marker(candidate)) {
			snprintf(buf, size, "%s", candidate);
			return 0;
		}
		note_tried(tried, sizeof(tried), candidate);
		if (snprintf(candidate, sizeof(candidate), "%s/../share/orgcheck", exe_dir) <
			    (int)sizeof(candidate) &&
		    has_marker(candidate)) {
			snprintf(buf, size, "%s", candidate);
			return 0;
		}
		note_tried(tried, sizeof(tried), candidate);
	}
	if (has_marker(ORGCHECK_DATADIR)) {
		snprintf(buf, size, "%s", ORGCHECK_DATADIR);
		return 0;
	}
	note_tried(tried, sizeof(tried), ORGCHECK_DATADIR);
	snprintf(buf, size, "%s", tried);
	return -1;
}
