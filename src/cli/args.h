/* A small, table-driven option parser with no global state (getopt's
 * optind would get in the way of running the CLI twice in one process).
 *
 * Each command declares a table of its options: long and short name,
 * whether it takes a value, the help text and where the value goes (git's
 * parse-options, libgit2's cli_opt). One parser reads the command line
 * against it, the same table applies the values in command-line order and
 * prints --help, so help, parser and command cannot disagree. */
#ifndef ORGCHECK_ARGS_H
#define ORGCHECK_ARGS_H

#include <stddef.h>
#include <stdio.h>

struct orgcheck_cli;

/* What applying an option does with it. */
enum orgcheck_option_kind {
	ORGCHECK_OPTION_ID = 0,   /* nothing: the caller reads it by id from the parse */
	ORGCHECK_OPTION_FLAG,     /* sets the int at store to 1 */
	ORGCHECK_OPTION_STRING,   /* points the const char * at store to the value (the last wins) */
	ORGCHECK_OPTION_LIST,     /* appends the value to the struct orgcheck_option_list at store */
	ORGCHECK_OPTION_CALL,     /* take(store, cli, value) checks and keeps the value */
	ORGCHECK_OPTION_HELP      /* prints the command's help; the command ends with status 0 */
};

/* Takes the value of an ORGCHECK_OPTION_CALL option into store. Returns 0,
 * or -1 after printing what is wrong with value. */
typedef int orgcheck_option_take_fn(void *store, const struct orgcheck_cli *cli, const char *value);

struct orgcheck_option {
	int id;                 /* returned by orgcheck_args_parse for this option */
	char short_name;        /* 0 when there is none */
	const char *long_name;  /* without the dashes; NULL ends the table */
	const char *value_name; /* NULL for a flag, else e.g. "FILE" */
	const char *help;
	enum orgcheck_option_kind kind;
	void *store;            /* where the value goes (see the kind) */
	orgcheck_option_take_fn *take;  /* for ORGCHECK_OPTION_CALL */
};

/* Table entries. The value of an option is borrowed from argv. */
#define ORGCHECK_OPT_FLAG(short_name, long_name, store, help) \
	{ 0, short_name, long_name, NULL, help, ORGCHECK_OPTION_FLAG, store, NULL }
#define ORGCHECK_OPT_STRING(short_name, long_name, value_name, store, help) \
	{ 0, short_name, long_name, value_name, help, ORGCHECK_OPTION_STRING, store, NULL }
#define ORGCHECK_OPT_LIST(short_name, long_name, value_name, store, help) \
	{ 0, short_name, long_name, value_name, help, ORGCHECK_OPTION_LIST, store, NULL }
#define ORGCHECK_OPT_CALL(short_name, long_name, value_name, store, take, help) \
	{ 0, short_name, long_name, value_name, help, ORGCHECK_OPTION_CALL, store, take }
#define ORGCHECK_OPT_HELP \
	{ 0, 'h', "help", NULL, "show this help and exit", ORGCHECK_OPTION_HELP, NULL, NULL }
#define ORGCHECK_OPT_END { 0, 0, NULL, NULL, NULL, ORGCHECK_OPTION_ID, NULL, NULL }

/* The values of an ORGCHECK_OPTION_LIST option, in command-line order. */
struct orgcheck_option_list {
	const char **values;    /* borrowed from argv */
	size_t count;
};

void orgcheck_option_list_release(struct orgcheck_option_list *list);

struct orgcheck_parsed_option {
	int id;
	const struct orgcheck_option *option;  /* its entry in the table */
	const char *value;      /* borrowed from argv; NULL for a flag */
};

struct orgcheck_args {
	struct orgcheck_parsed_option *options;  /* in command-line order */
	size_t option_count;
	const char **operands;  /* borrowed from argv */
	size_t operand_count;
};

/* Parses argv[1..argc) against table. Accepts "--name value",
 * "--name=value", "-x value", "-xvalue", bundled short flags and "--"
 * before operands. On a usage error, writes "orgcheck COMMAND: ..." to err
 * and returns -1; out is then empty. The caller releases out with
 * orgcheck_args_release. */
int orgcheck_args_parse(struct orgcheck_args *out, const struct orgcheck_option *table,
			int argc, char **argv, const char *command, FILE *err);

void orgcheck_args_release(struct orgcheck_args *args);

/* Prints the option table as the OPTIONS part of --help. */
void orgcheck_args_print_help(FILE *out, const struct orgcheck_option *table);

/* Prints a command's --help to out; table is its options. */
typedef void orgcheck_help_fn(FILE *out, const struct orgcheck_option *table);

/* What every command starts with: parses argv against table (a usage
 * error adds "Try 'orgcheck COMMAND --help'."), then applies the options
 * in command-line order, up to a --help (which prints print_help) or a
 * value take() refuses. Returns 0 when the command goes on with the
 * operands in out, else -1 with *status_out the exit status the command
 * returns at once. The caller releases out with orgcheck_args_release. */
int orgcheck_args_run(struct orgcheck_args *out, int *status_out, const struct orgcheck_cli *cli,
		      const struct orgcheck_option *table, int argc, char **argv, const char *command,
		      orgcheck_help_fn *print_help);

#endif
