#include "util/path.h"

#include <string.h>

size_t orgcheck_path_record_id(const char **out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t length = 0;

	base = base ? base + 1 : path;
	length = strlen(base);
	if (length > 4 && strcmp(base + length - 4, ".xml") == 0)
		length -= 4;
	*out = base;
	return length;
}
