/* Fuzz target: the whole command line, in-process. The input is the
 * argument words after "orgcheck", separated by NUL bytes.
 *
 * The run happens in a scratch directory made once per process, holding
 * a few records, a rules configuration and a results document. Every
 * word that holds a '/' or ".." becomes "records", so whatever the words
 * say, orgcheck reads and writes only inside the scratch directory (a
 * report written with -o lands there); the directory is put back as it
 * was after each run, so runs do not depend on each other. The commands
 * that run git (diff, baseline, check --changed-since) are left out:
 * they would start processes, which a fuzzer should not, and they are
 * tested with a real repository by tests/edit-tests.sh. The data
 * directory comes from ORGCHECK_DATA_DIR. */
#define _XOPEN_SOURCE 700

#include "fuzz.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

#define MAX_WORDS 32

static const char organization[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<organization xmlns=\"urn:orgcheck:record:1\" id=\"alpha\">\n"
	"  <name source=\"000_6c5c9fcde8bb1e01.txt\">Alpha Society</name>\n"
	"  <dates><founded source=\"000_6c5c9fcde8bb1e01.txt\">1992</founded></dates>\n"
	"  <founders>\n"
	"    <founder source=\"000_6c5c9fcde8bb1e01.txt\"><person-ref ref=\"ann-lee\">Ann Lee, MD</person-ref></founder>\n"
	"  </founders>\n"
	"</organization>\n";
static const char person[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<person xmlns=\"urn:orgcheck:record:1\" id=\"ann-lee\">\n"
	"  <name source=\"000_6c5c9fcde8bb1e01.txt\">Ann Lee</name>\n"
	"  <born source=\"000_6c5c9fcde8bb1e01.txt\">1990</born>\n"
	"</person>\n";
static const char broken[] =
	"<?xml version=\"1.0\"?>\n<organization xmlns=\"urn:orgcheck:record:1\" id=\"broken\">\n<name>\n";
static const char rules[] =
	"<rules xmlns=\"urn:orgcheck:rules:1\">\n"
	"  <rule id=\"OC131\" severity=\"warning\"/>\n"
	"  <exception rule=\"OC110\" record=\"alpha\">kept</exception>\n"
	"</rules>\n";

/* The files of the scratch directory and their contents; results.xml is
 * made by orgcheck itself when the directory is first set up. */
struct file {
	const char *path;
	const char *content;
	size_t size;
};

static struct file files[] = {
	{ "records/organizations/alpha.xml", organization, sizeof(organization) - 1 },
	{ "records/people/ann-lee.xml", person, sizeof(person) - 1 },
	{ "records/broken.xml", broken, sizeof(broken) - 1 },
	{ "rules.xml", rules, sizeof(rules) - 1 },
	{ "results.xml", NULL, 0 },
};

#define FILE_COUNT (sizeof(files) / sizeof(files[0]))

static FILE *null_stream;
static char scratch[PATH_MAX];

/* Words for argv, which is not const. */
static char word_orgcheck[] = "orgcheck";
static char word_records[] = "records";
static char word_check[] = "check";

static void write_file(const char *path, const char *content, size_t size)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || fwrite(content, 1, size, f) != size || fclose(f) != 0)
		abort();
}

static char *read_file(const char *path, size_t *size_out)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	long size = 0;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		abort();
	text = malloc((size_t)size + 1);
	if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size)
		abort();
	fclose(f);
	*size_out = (size_t)size;
	return text;
}

/* Puts the scratch directory back: its files as they were, nothing else
 * at its top (reports written with -o go there; no word can name a
 * deeper path). */
static void restore(void)
{
	DIR *dir = opendir(".");
	struct dirent *entry = NULL;
	size_t i;

	if (dir == NULL)
		abort();
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0 ||
		    strcmp(entry->d_name, "records") == 0 || strcmp(entry->d_name, "rules.xml") == 0 ||
		    strcmp(entry->d_name, "results.xml") == 0)
			continue;
		if (unlink(entry->d_name) != 0)
			rmdir(entry->d_name);
	}
	closedir(dir);
	for (i = 0; i < FILE_COUNT; i++)
		write_file(files[i].path, files[i].content, files[i].size);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* The scratch directory goes when the process ends. */
static void remove_scratch(void)
{
	if (scratch[0] != '\0' && chdir("/") == 0)
		nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void)
{
	static char results_words[] = "check\0--today\0" "2026-11-21\0-q\0-f\0xml\0-o\0results.xml\0records";
	char *results_argv[11];
	char *word = results_words;
	size_t i;

	snprintf(scratch, sizeof(scratch), "/tmp/orgcheck-fuzz-cli-XXXXXX");
	if (mkdtemp(scratch) == NULL || chdir(scratch) != 0)
		abort();
	atexit(remove_scratch);
	results_argv[0] = word_orgcheck;
	for (i = 1; i < 10; i++) {
		results_argv[i] = word;
		word += strlen(word) + 1;
	}
	results_argv[10] = NULL;
	if (mkdir("records", 0755) != 0 || mkdir("records/organizations", 0755) != 0 ||
	    mkdir("records/people", 0755) != 0)
		abort();
	for (i = 0; i + 1 < FILE_COUNT; i++)
		write_file(files[i].path, files[i].content, files[i].size);
	if (getenv("ORGCHECK_DATA_DIR") == NULL)
		setenv("ORGCHECK_DATA_DIR", ORGCHECK_SOURCE_DIR, 1);
	unsetenv("NO_COLOR");
	null_stream = fopen("/dev/null", "w");
	if (null_stream == NULL)
		abort();
	if (orgcheck_main(10, results_argv, null_stream, null_stream) != 1)
		abort();
	files[FILE_COUNT - 1].content = read_file("results.xml", &files[FILE_COUNT - 1].size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_WORDS + 2];
	char *words = NULL;
	size_t argc = 0;
	size_t start = 0;
	size_t end = 0;
	size_t i;

	if (null_stream == NULL)
		setup();
	words = malloc(size + 1);
	if (words == NULL)
		return 0;
	memcpy(words, data, size);
	words[size] = '\0';
	argv[argc++] = word_orgcheck;
	for (start = 0; start < size && argc <= MAX_WORDS; start = end + 1) {
		for (end = start; end < size && words[end] != '\0'; end++)
			;
		argv[argc++] = words + start;
	}
	argv[argc] = NULL;
	for (i = 1; i < argc; i++) {
		if (strchr(argv[i], '/') != NULL || strstr(argv[i], "..") != NULL ||
		    strncmp(argv[i], "--changed-since", 15) == 0)
			argv[i] = word_records;
	}
	if (argc > 1 && (strcmp(argv[1], "diff") == 0 || strcmp(argv[1], "baseline") == 0))
		argv[1] = word_check;
	(void)orgcheck_main((int)argc, argv, null_stream, null_stream);
	fflush(null_stream);
	free(words);
	restore();
	return 0;
}
