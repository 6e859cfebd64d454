/* The command line: parses arguments, runs a subcommand, maps results to
 * exit codes. Everything the core returns is printed here and only here. */
#ifndef ORGCHECK_CLI_H
#define ORGCHECK_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes, one place. */
enum orgcheck_exit {
	ORGCHECK_EXIT_OK = 0,        /* nothing at or above the failing severity */
	ORGCHECK_EXIT_FINDINGS = 1,  /* findings at or above the failing severity */
	ORGCHECK_EXIT_ERROR = 2      /* usage, configuration or I/O error */
};

/* Streams and environment of one run, so tests and fuzzers can run the
 * whole command line in-process. */
struct orgcheck_cli {
	FILE *out;
	FILE *err;
	const char *argv0;   /* for locating data files next to the binary */
};

/* The entry point: `main` only calls this. Returns the exit code. */
int orgcheck_main(int argc, char **argv, FILE *out, FILE *err);

/* Prints "orgcheck: MESSAGE" on the error stream. */
void orgcheck_cli_error(const struct orgcheck_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

struct orgcheck_config;

/* Loads the rules configuration for a command: explicit_path (--rules),
 * else corpus_rules (the corpus root's orgcheck-rules.xml; NULL or empty
 * for none), else DATA_DIR/rules/default.xml; *out stays NULL when none
 * exists. used (NULL, or used_size bytes) is told which one was read, for
 * the summary line. Prints the error and returns -1 on failure. */
int orgcheck_cli_load_rules(struct orgcheck_config **out, const struct orgcheck_cli *cli,
			    const char *explicit_path, const char *corpus_rules, const char *data_dir,
			    char *used, size_t used_size);

struct _xmlDoc;

/* Reads a results document saved with 'check --format xml' safely and
 * checks it against DATA_DIR/schemas/results.xsd; prints the first
 * problem and returns -1 when it is not one. The caller frees *out. */
int orgcheck_cli_load_results(struct _xmlDoc **out, const struct orgcheck_cli *cli, const char *path,
			      const char *data_dir);

/* Subcommands. */
/* Tunes the C library's allocator for building and freeing one large
 * tree, as an XSLT transformation into HTML does; call before it. */
void orgcheck_cli_prepare_large_tree(void);

int orgcheck_cmd_check(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_rules(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_render(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_baseline(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_diff(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_schematron(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_import(const struct orgcheck_cli *cli, int argc, char **argv);
int orgcheck_cmd_fix(const struct orgcheck_cli *cli, int argc, char **argv);

#endif
