/* Replays inputs through a fuzz target without libFuzzer, so that
 * `make check` runs every seed (under the sanitizers in a sanitizer
 * build). Arguments are files, or directories whose files are replayed
 * in name order. All paths are read before the first input runs: a
 * target may change the working directory. Exits 0 when every input ran
 * (a bug aborts the process), 2 on a usage or read error. */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

struct input {
	char *name;
	unsigned char *data;
	size_t size;
};

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_input(struct input *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t size = 0;
	size_t capacity = 0;
	size_t n = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (size == capacity) {
			capacity = capacity ? capacity * 2 : 4096;
			data = realloc(data, capacity);
			if (data == NULL) {
				fclose(f);
				return -1;
			}
		}
		n = fread(data + size, 1, capacity - size, f);
		size += n;
		if (n == 0)
			break;
	}
	fclose(f);
	out->name = strdup(path);
	out->data = data;
	out->size = size;
	return out->name == NULL ? -1 : 0;
}

static int add_input(struct input **inputs, size_t *count, const char *path)
{
	struct input *grown = realloc(*inputs, (*count + 1) * sizeof(**inputs));

	if (grown == NULL)
		return -1;
	*inputs = grown;
	if (read_input(&grown[*count], path) < 0)
		return -1;
	(*count)++;
	return 0;
}

static int add_path(struct input **inputs, size_t *count, const char *path)
{
	struct stat st;
	DIR *dir = NULL;
	struct dirent *entry = NULL;
	char **names = NULL;
	size_t n = 0;
	size_t i;
	char full[4096];
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_input(inputs, count, path);
	dir = opendir(path);
	if (dir == NULL) {
		perror(path);
		return -1;
	}
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL || (names[n] = strdup(entry->d_name)) == NULL) {
			closedir(dir);
			return -1;
		}
		n++;
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (rc == 0 && add_input(inputs, count, full) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct input *inputs = NULL;
	size_t count = 0;
	size_t i;
	int i_arg;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (i_arg = 1; i_arg < argc; i_arg++) {
		if (add_path(&inputs, &count, argv[i_arg]) < 0)
			return 2;
	}
	for (i = 0; i < count; i++) {
		fprintf(stderr, "replay: %s (%zu bytes)\n", inputs[i].name, inputs[i].size);
		LLVMFuzzerTestOneInput(inputs[i].data, inputs[i].size);
	}
	for (i = 0; i < count; i++) {
		free(inputs[i].name);
		free(inputs[i].data);
	}
	free(inputs);
	fprintf(stderr, "replay: %zu inputs\n", count);
	return 0;
}
