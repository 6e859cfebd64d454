/* A small, table-driven option parser with no global state (getopt's
 * optind would get in the way of running the CLI twice in one process).
 * The same table prints --help, so help and parser cannot disagree. */
#ifndef ORGCHECK_ARGS_H
#define ORGCHECK_ARGS_H

#include <stddef.h>
#include <stdio.h>

struct orgcheck_option {
	int id;                 /* returned for this option; > 0 */
	char short_name;        /* 0 when there is none */
	const char *long_name;  /* without the dashes */
	const char *value_name; /* NULL for a flag, else e.g. "FILE" */
	const char *help;
};

/* Ids of the options several commands share: emit.h and run.h take their
 * values, so each command handles only its own (whose ids stay below
 * ORGCHECK_OPT_SHARED). */
enum orgcheck_shared_option {
	ORGCHECK_OPT_SHARED = 100,
	ORGCHECK_OPT_OUTPUT,     /* emit: -o, --output FILE */
	ORGCHECK_OPT_FORMAT,     /* emit: -f, --format FORMAT */
	ORGCHECK_OPT_STYLESHEET, /* emit: --stylesheet FILE */
	ORGCHECK_OPT_COLOR,      /* emit: --color WHEN */
	ORGCHECK_OPT_FAIL_ON,    /* emit: --fail-on LEVEL */
	ORGCHECK_OPT_RULES,      /* run: --rules FILE */
	ORGCHECK_OPT_TODAY,      /* run: --today DATE */
	ORGCHECK_OPT_DATA_DIR,   /* run: --data-dir DIR */
	ORGCHECK_OPT_JOBS,       /* run: -j, --jobs N */
	ORGCHECK_OPT_TIMINGS     /* run: --timings */
};

struct orgcheck_parsed_option {
	int id;
	const char *value;      /* borrowed from argv; NULL for a flag */
};

struct orgcheck_args {
	struct orgcheck_parsed_option *options;  /* in command-line order */
	size_t option_count;
	const char **operands;  /* borrowed from argv */
	size_t operand_count;
};

/* Parses argv[1..argc) against table (terminated by an entry with id 0).
 * Accepts "--name value", "--name=value", "-x value", "-xvalue", bundled
 * short flags and "--" before operands. On a usage error, writes
 * "orgcheck COMMAND: ..." to err and returns -1; out is then empty. The
 * caller releases out with orgcheck_args_release. */
int orgcheck_args_parse(struct orgcheck_args *out, const struct orgcheck_option *table,
			int argc, char **argv, const char *command, FILE *err);

void orgcheck_args_release(struct orgcheck_args *args);

/* Prints the option table as the OPTIONS part of --help. */
void orgcheck_args_print_help(FILE *out, const struct orgcheck_option *table);

#endif
