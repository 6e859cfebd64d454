#include "args.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "closest.h"

void orgcheck_args_release(struct orgcheck_args *args)
{
	if (args == NULL)
		return;
	free(args->options);
	free((void *)args->operands);
	memset(args, 0, sizeof(*args));
}

static const struct orgcheck_option *find_long(const struct orgcheck_option *table,
					       const char *name, size_t length)
{
	for (; table->long_name != NULL; table++) {
		if (strlen(table->long_name) == length && strncmp(table->long_name, name, length) == 0)
			return table;
	}
	return NULL;
}

/* The long option nearest to a misspelt one, or NULL. */
static const char *closest_option(const struct orgcheck_option *table, const char *name, size_t length)
{
	const char *names[64];
	size_t count = 0;

	for (; table->long_name != NULL && count < sizeof(names) / sizeof(names[0]); table++)
		names[count++] = table->long_name;
	return orgcheck_closest(name, length, names, count);
}

static const struct orgcheck_option *find_short(const struct orgcheck_option *table, char name)
{
	for (; table->long_name != NULL; table++) {
		if (table->short_name != 0 && table->short_name == name)
			return table;
	}
	return NULL;
}

int orgcheck_args_parse(struct orgcheck_args *out, const struct orgcheck_option *table,
			int argc, char **argv, const char *command, FILE *err)
{
	const struct orgcheck_option *option = NULL;
	const char *arg = NULL;
	const char *eq = NULL;
	const char *suggestion = NULL;
	const char *value = NULL;
	size_t slots = 1;
	int only_operands = 0;
	int i = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	/* A word holds at most one option per character ("-qqq" is three), so
	 * the characters of all words bound what the arrays must hold. */
	for (i = 1; i < argc; i++)
		slots += strlen(argv[i]) + 1;
	out->options = calloc(slots, sizeof(*out->options));
	out->operands = calloc(slots, sizeof(*out->operands));
	if (out->options == NULL || out->operands == NULL) {
		fprintf(err, "orgcheck %s: out of memory\n", command);
		rc = -1;
		goto done;
	}
	for (i = 1; i < argc; i++) {
		arg = argv[i];
		if (only_operands || arg[0] != '-' || arg[1] == '\0') {
			out->operands[out->operand_count++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_operands = 1;
			continue;
		}
		if (arg[1] == '-') {
			eq = strchr(arg + 2, '=');
			option = find_long(table, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
			if (option == NULL) {
				suggestion = closest_option(table, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
				if (suggestion != NULL)
					fprintf(err, "orgcheck %s: unknown option '%s'; did you mean '--%s'?\n", command,
						arg, suggestion);
				else
					fprintf(err, "orgcheck %s: unknown option '%s'\n", command, arg);
				rc = -1;
				goto done;
			}
			value = NULL;
			if (option->value_name != NULL) {
				if (eq != NULL)
					value = eq + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					fprintf(err, "orgcheck %s: option '--%s' needs a value (%s)\n",
						command, option->long_name, option->value_name);
					rc = -1;
					goto done;
				}
			} else if (eq != NULL) {
				fprintf(err, "orgcheck %s: option '--%s' takes no value\n", command,
					option->long_name);
				rc = -1;
				goto done;
			}
			out->options[out->option_count].id = option->id;
			out->options[out->option_count].option = option;
			out->options[out->option_count].value = value;
			out->option_count++;
			continue;
		}
		/* One or more short options: "-q", "-qo FILE", "-oFILE". */
		for (arg = arg + 1; *arg != '\0'; arg++) {
			option = find_short(table, *arg);
			if (option == NULL) {
				fprintf(err, "orgcheck %s: unknown option '-%c'\n", command, *arg);
				rc = -1;
				goto done;
			}
			value = NULL;
			if (option->value_name != NULL) {
				if (arg[1] != '\0')
					value = arg + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else {
					fprintf(err, "orgcheck %s: option '-%c' needs a value (%s)\n",
						command, *arg, option->value_name);
					rc = -1;
					goto done;
				}
			}
			out->options[out->option_count].id = option->id;
			out->options[out->option_count].option = option;
			out->options[out->option_count].value = value;
			out->option_count++;
			if (value != NULL)
				break;
		}
	}

done:
	if (rc < 0)
		orgcheck_args_release(out);
	return rc;
}

void orgcheck_args_print_help(FILE *out, const struct orgcheck_option *table)
{
	char left[64];

	for (; table->long_name != NULL; table++) {
		if (table->short_name != 0)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", table->short_name, table->long_name,
				 table->value_name ? "=" : "", table->value_name ? table->value_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", table->long_name,
				 table->value_name ? "=" : "", table->value_name ? table->value_name : "");
		fprintf(out, "  %-24s %s\n", left, table->help);
	}
}

void orgcheck_option_list_release(struct orgcheck_option_list *list)
{
	if (list == NULL)
		return;
	free(list->values);
	list->values = NULL;
	list->count = 0;
}

/* Applies one parsed option. Returns 0, or -1 after printing. */
static int apply(const struct orgcheck_parsed_option *parsed, const struct orgcheck_cli *cli)
{
	const struct orgcheck_option *option = parsed->option;
	struct orgcheck_option_list *list = NULL;
	const char **grown = NULL;

	switch (option->kind) {
	case ORGCHECK_OPTION_FLAG:
		*(int *)option->store = 1;
		return 0;
	case ORGCHECK_OPTION_STRING:
		*(const char **)option->store = parsed->value;
		return 0;
	case ORGCHECK_OPTION_LIST:
		list = option->store;
		grown = realloc(list->values, (list->count + 1) * sizeof(*grown));
		if (grown == NULL) {
			orgcheck_cli_error(cli, "out of memory");
			return -1;
		}
		list->values = grown;
		list->values[list->count++] = parsed->value;
		return 0;
	case ORGCHECK_OPTION_CALL:
		return option->take(option->store, cli, parsed->value);
	case ORGCHECK_OPTION_ID:
	case ORGCHECK_OPTION_HELP:
		break;
	}
	return 0;
}

int orgcheck_args_run(struct orgcheck_args *out, int *status_out, const struct orgcheck_cli *cli,
		      const struct orgcheck_option *table, int argc, char **argv, const char *command,
		      orgcheck_help_fn *print_help)
{
	size_t i;

	*status_out = ORGCHECK_EXIT_ERROR;
	if (orgcheck_args_parse(out, table, argc, argv, command, cli->err) < 0) {
		fprintf(cli->err, "Try 'orgcheck %s --help'.\n", command);
		return -1;
	}
	for (i = 0; i < out->option_count; i++) {
		if (out->options[i].option->kind == ORGCHECK_OPTION_HELP) {
			print_help(cli->out, table);
			*status_out = fflush(cli->out) == 0 ? ORGCHECK_EXIT_OK : ORGCHECK_EXIT_ERROR;
			return -1;
		}
		if (apply(&out->options[i], cli) < 0)
			return -1;
	}
	return 0;
}
