/* testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/cli.h"
#include "testutil.h"

enum {
	OPT_QUIET = 1,
	OPT_OUTPUT,
	OPT_FORMAT,
	OPT_VERBOSE,
	OPT_HELP
};

static const struct orgcheck_option table[] = {
	{ OPT_QUIET, 'q', "quiet", NULL, "print nothing", ORGCHECK_OPTION_ID, NULL, NULL },
	{ OPT_OUTPUT, 'o', "output", "FILE", "write the report to FILE", ORGCHECK_OPTION_ID, NULL, NULL },
	{ OPT_FORMAT, 0, "format", "NAME", "report format", ORGCHECK_OPTION_ID, NULL, NULL },
	{ OPT_VERBOSE, 'v', "verbose", NULL, "say more", ORGCHECK_OPTION_ID, NULL, NULL },
	{ OPT_HELP, 'h', "help", NULL, "show this help", ORGCHECK_OPTION_ID, NULL, NULL },
	ORGCHECK_OPT_END,
};

/* A command line, its error stream and the parse result. argv holds
 * copies, as a real argv is writable and outlives the parse. */
struct fixture {
	int argc;
	char *argv[16];
	char *err_text;
	size_t err_size;
	FILE *err;
	struct orgcheck_args args;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->err = open_memstream(&fx->err_text, &fx->err_size);
	if (fx->err == NULL)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int i;

	orgcheck_args_release(&fx->args);
	for (i = 0; i < fx->argc; i++)
		free(fx->argv[i]);
	fclose(fx->err);
	free(fx->err_text);
	free(fx);
	return 0;
}

/* Parses "orgcheck" followed by the words up to NULL; returns what the
 * parser returned. */
static int parse(struct fixture *fx, ...)
{
	va_list ap;
	const char *word = NULL;

	fx->argv[fx->argc++] = strdup("orgcheck");
	va_start(ap, fx);
	while ((word = va_arg(ap, const char *)) != NULL) {
		assert_true(fx->argc < 15);
		fx->argv[fx->argc] = strdup(word);
		assert_non_null(fx->argv[fx->argc]);
		fx->argc++;
	}
	va_end(ap);
	fx->argv[fx->argc] = NULL;
	return orgcheck_args_parse(&fx->args, table, fx->argc, fx->argv, "check", fx->err);
}

static const char *err_output(struct fixture *fx)
{
	assert_int_equal(fflush(fx->err), 0);
	return fx->err_text != NULL ? fx->err_text : "";
}

static void assert_option(const struct fixture *fx, size_t index, int id, const char *value)
{
	assert_true(index < fx->args.option_count);
	assert_int_equal(fx->args.options[index].id, id);
	if (value == NULL)
		assert_null(fx->args.options[index].value);
	else
		assert_string_equal(fx->args.options[index].value, value);
}

static void assert_operand(const struct fixture *fx, size_t index, const char *value)
{
	assert_true(index < fx->args.operand_count);
	assert_string_equal(fx->args.operands[index], value);
}

/* Parsing failed with a message naming the command and containing what. */
static void assert_usage_error(struct fixture *fx, int rc, const char *what)
{
	const char *text = err_output(fx);

	assert_int_equal(rc, -1);
	assert_non_null(strstr(text, "orgcheck check: "));
	if (strstr(text, what) == NULL)
		fail_msg("expected '%s' in: %s", what, text);
	assert_int_equal(text[strlen(text) - 1], '\n');
	/* out is left empty. */
	assert_null(fx->args.options);
	assert_null(fx->args.operands);
	assert_int_equal(fx->args.option_count, 0);
	assert_int_equal(fx->args.operand_count, 0);
}

static void test_nothing(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, NULL), 0);
	assert_int_equal(fx->args.option_count, 0);
	assert_int_equal(fx->args.operand_count, 0);
	assert_string_equal(err_output(fx), "");
}

static void test_long_with_equals(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "--output=report.txt", "--format=", "--output=a=b", NULL), 0);
	assert_int_equal(fx->args.option_count, 3);
	assert_option(fx, 0, OPT_OUTPUT, "report.txt");
	/* An empty value is a value; only the first '=' separates. */
	assert_option(fx, 1, OPT_FORMAT, "");
	assert_option(fx, 2, OPT_OUTPUT, "a=b");
	assert_int_equal(fx->args.operand_count, 0);
	/* Values are borrowed from argv, not copied. */
	assert_ptr_equal(fx->args.options[0].value, fx->argv[1] + strlen("--output="));
}

static void test_long_with_separate_value(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "--output", "report.txt", "records", "--quiet", NULL), 0);
	assert_int_equal(fx->args.option_count, 2);
	assert_option(fx, 0, OPT_OUTPUT, "report.txt");
	assert_option(fx, 1, OPT_QUIET, NULL);
	assert_int_equal(fx->args.operand_count, 1);
	assert_operand(fx, 0, "records");
	assert_ptr_equal(fx->args.options[0].value, fx->argv[2]);
}

static void test_value_that_looks_like_an_option(void **state)
{
	struct fixture *fx = *state;

	/* The word after an option that needs a value is that value. */
	assert_int_equal(parse(fx, "--output", "--quiet", "-o", "-", NULL), 0);
	assert_int_equal(fx->args.option_count, 2);
	assert_option(fx, 0, OPT_OUTPUT, "--quiet");
	assert_option(fx, 1, OPT_OUTPUT, "-");
}

static void test_short_attached_and_separate(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-oreport.txt", "-o", "other.txt", "-q", NULL), 0);
	assert_int_equal(fx->args.option_count, 3);
	assert_option(fx, 0, OPT_OUTPUT, "report.txt");
	assert_option(fx, 1, OPT_OUTPUT, "other.txt");
	assert_option(fx, 2, OPT_QUIET, NULL);
	assert_int_equal(fx->args.operand_count, 0);
}

static void test_bundled_short(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-qo", "FILE", "-vq", NULL), 0);
	assert_int_equal(fx->args.option_count, 4);
	assert_option(fx, 0, OPT_QUIET, NULL);
	assert_option(fx, 1, OPT_OUTPUT, "FILE");
	assert_option(fx, 2, OPT_VERBOSE, NULL);
	assert_option(fx, 3, OPT_QUIET, NULL);
	assert_int_equal(fx->args.operand_count, 0);
}

/* orgcheck_args_parse sizes its options array by argc ("no command line
 * has more options or operands than words"), but bundled short flags put
 * several options in one word: "orgcheck check -qqqq DIR" writes past the
 * array (a heap buffer overflow; ASan stops the real binary with it).
 * Running this test with the bug present corrupts the heap. */
static void test_more_options_than_words(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-qvqvq", "-vqvoout", NULL), 0);
	assert_int_equal(fx->args.option_count, 9);
	assert_option(fx, 0, OPT_QUIET, NULL);
	assert_option(fx, 4, OPT_QUIET, NULL);
	assert_option(fx, 7, OPT_VERBOSE, NULL);
	/* Once an option takes a value, the rest of the word is the value. */
	assert_option(fx, 8, OPT_OUTPUT, "out");
	assert_int_equal(fx->args.operand_count, 0);
}

static void test_bundled_value_rest_of_word(void **state)
{
	struct fixture *fx = *state;

	/* Once an option takes a value, the rest of the word is the value. */
	assert_int_equal(parse(fx, "-oq", "dir", NULL), 0);
	assert_int_equal(fx->args.option_count, 1);
	assert_option(fx, 0, OPT_OUTPUT, "q");
	assert_int_equal(fx->args.operand_count, 1);
	assert_operand(fx, 0, "dir");
}

static void test_double_dash_ends_options(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-q", "a", "--", "-v", "--output", "--", "b", NULL), 0);
	assert_int_equal(fx->args.option_count, 1);
	assert_option(fx, 0, OPT_QUIET, NULL);
	assert_int_equal(fx->args.operand_count, 5);
	assert_operand(fx, 0, "a");
	assert_operand(fx, 1, "-v");
	assert_operand(fx, 2, "--output");
	/* A second "--" is an operand. */
	assert_operand(fx, 3, "--");
	assert_operand(fx, 4, "b");
}

static void test_lone_dash_is_operand(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-", "-q", "x", NULL), 0);
	assert_int_equal(fx->args.option_count, 1);
	assert_option(fx, 0, OPT_QUIET, NULL);
	assert_int_equal(fx->args.operand_count, 2);
	assert_operand(fx, 0, "-");
	assert_operand(fx, 1, "x");
}

static void test_unknown_long(void **state)
{
	struct fixture *fx = *state;

	assert_usage_error(fx, parse(fx, "records", "--nope", NULL), "unknown option '--nope'");
}

static void test_unknown_long_prefix(void **state)
{
	struct fixture *fx = *state;

	/* No abbreviations: "--out" is not "--output". */
	assert_usage_error(fx, parse(fx, "--out=x", NULL), "unknown option '--out=x'");
}

static void test_unknown_short(void **state)
{
	struct fixture *fx = *state;

	assert_usage_error(fx, parse(fx, "-qx", NULL), "unknown option '-x'");
}

static void test_missing_value_long(void **state)
{
	struct fixture *fx = *state;

	assert_usage_error(fx, parse(fx, "records", "--output", NULL), "'--output' needs a value (FILE)");
}

static void test_missing_value_short(void **state)
{
	struct fixture *fx = *state;

	assert_usage_error(fx, parse(fx, "-qo", NULL), "'-o' needs a value (FILE)");
}

static void test_value_given_to_flag(void **state)
{
	struct fixture *fx = *state;

	assert_usage_error(fx, parse(fx, "--quiet=1", NULL), "'--quiet' takes no value");
}

static void test_release_twice(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "-q", "x", NULL), 0);
	orgcheck_args_release(&fx->args);
	assert_null(fx->args.options);
	assert_int_equal(fx->args.option_count, 0);
	orgcheck_args_release(&fx->args);
	orgcheck_args_release(NULL);
}

static void test_print_help(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	const struct orgcheck_option *option = NULL;
	char expected[64];

	(void)state;
	assert_non_null(out);
	orgcheck_args_print_help(out, table);
	assert_int_equal(fclose(out), 0);
	assert_non_null(text);

	for (option = table; option->id != 0; option++) {
		snprintf(expected, sizeof(expected), "--%s", option->long_name);
		assert_non_null(strstr(text, expected));
		assert_non_null(strstr(text, option->help));
		if (option->short_name != 0) {
			snprintf(expected, sizeof(expected), "-%c, --%s", option->short_name,
				 option->long_name);
			assert_non_null(strstr(text, expected));
		}
	}
	assert_non_null(strstr(text, "--output=FILE"));
	assert_non_null(strstr(text, "--format=NAME"));
	assert_null(strstr(text, "--quiet="));
	/* One line per option. */
	{
		size_t lines = 0;
		const char *p = NULL;

		for (p = text; *p != '\0'; p++)
			lines += *p == '\n';
		assert_int_equal(lines, sizeof(table) / sizeof(table[0]) - 1);
	}
	free(text);
}

/* ---------------------------------------------------------------- applying */

/* What a command's table stores into. */
struct settings {
	int quiet;
	const char *name;
	struct orgcheck_option_list items;
	char taken[64];   /* the values the callback saw, in order */
	int help_printed;
};

static int take_level(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct settings *settings = store;

	if (strcmp(value, "bad") == 0) {
		orgcheck_cli_error(cli, "invalid --level '%s'", value);
		return -1;
	}
	strncat(settings->taken, value, sizeof(settings->taken) - strlen(settings->taken) - 1);
	strncat(settings->taken, ";", sizeof(settings->taken) - strlen(settings->taken) - 1);
	return 0;
}

static void print_settings_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck check\n", out);
	orgcheck_args_print_help(out, options);
}

/* Runs "orgcheck check" with the words up to NULL against a table that
 * stores into settings; returns what orgcheck_args_run returned. out and
 * err get the streams' text. */
static int run_words(struct fixture *fx, struct settings *settings, int *status, char **out_text, ...)
{
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_FLAG('q', "quiet", &settings->quiet, "print nothing"),
		ORGCHECK_OPT_STRING('n', "name", "NAME", &settings->name, "the name"),
		ORGCHECK_OPT_LIST(0, "item", "ITEM", &settings->items, "an item (may be repeated)"),
		ORGCHECK_OPT_CALL('l', "level", "LEVEL", settings, take_level, "the level"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};
	struct orgcheck_cli cli = { NULL, fx->err, "orgcheck" };
	size_t out_size = 0;
	const char *word = NULL;
	va_list ap;
	int rc = 0;

	cli.out = open_memstream(out_text, &out_size);
	assert_non_null(cli.out);
	fx->argv[fx->argc++] = strdup("check");
	va_start(ap, out_text);
	while ((word = va_arg(ap, const char *)) != NULL) {
		assert_true(fx->argc < 15);
		fx->argv[fx->argc] = strdup(word);
		assert_non_null(fx->argv[fx->argc]);
		fx->argc++;
	}
	va_end(ap);
	fx->argv[fx->argc] = NULL;
	*status = -7;
	rc = orgcheck_args_run(&fx->args, status, &cli, options, fx->argc, fx->argv, "check",
			       print_settings_help);
	assert_int_equal(fclose(cli.out), 0);
	return rc;
}

static void test_run_applies_in_order(void **state)
{
	struct fixture *fx = *state;
	struct settings settings;
	char *out = NULL;
	int status = 0;

	memset(&settings, 0, sizeof(settings));
	assert_int_equal(run_words(fx, &settings, &status, &out, "--name", "a", "-l1", "--item", "x", "doc",
				   "-qn", "b", "--item=y", "--level", "2", NULL), 0);
	assert_int_equal(settings.quiet, 1);
	assert_string_equal(settings.name, "b");
	assert_int_equal(settings.items.count, 2);
	assert_string_equal(settings.items.values[0], "x");
	assert_string_equal(settings.items.values[1], "y");
	assert_string_equal(settings.taken, "1;2;");
	assert_operand(fx, 0, "doc");
	assert_int_equal(fx->args.operand_count, 1);
	assert_string_equal(out, "");
	assert_string_equal(err_output(fx), "");
	orgcheck_option_list_release(&settings.items);
	assert_null(settings.items.values);
	free(out);
}

/* Options apply in command-line order: a bad value before --help is an
 * error, --help before it prints the help and ends the command. */
static void test_run_stops_at_help_or_bad_value(void **state)
{
	struct fixture *fx = *state;
	struct settings settings;
	char *out = NULL;
	int status = 0;

	memset(&settings, 0, sizeof(settings));
	assert_int_equal(run_words(fx, &settings, &status, &out, "-l", "bad", "--help", NULL), -1);
	assert_int_equal(status, ORGCHECK_EXIT_ERROR);
	assert_string_equal(out, "");
	assert_string_equal(err_output(fx), "orgcheck: invalid --level 'bad'\n");
	free(out);
}

static void test_run_help_first(void **state)
{
	struct fixture *fx = *state;
	struct settings settings;
	char *out = NULL;
	int status = 0;

	memset(&settings, 0, sizeof(settings));
	assert_int_equal(run_words(fx, &settings, &status, &out, "-q", "--help", "-l", "bad", NULL), -1);
	assert_int_equal(status, ORGCHECK_EXIT_OK);
	assert_int_equal(settings.quiet, 1);
	assert_string_equal(settings.taken, "");
	assert_non_null(strstr(out, "usage: orgcheck check\n"));
	assert_non_null(strstr(out, "  -l, --level=LEVEL        the level\n"));
	assert_non_null(strstr(out, "  -h, --help               show this help and exit\n"));
	assert_string_equal(err_output(fx), "");
	free(out);
}

/* A usage error anywhere stops before anything applies. */
static void test_run_usage_error(void **state)
{
	struct fixture *fx = *state;
	struct settings settings;
	char *out = NULL;
	int status = 0;

	memset(&settings, 0, sizeof(settings));
	assert_int_equal(run_words(fx, &settings, &status, &out, "--help", "--bogus", NULL), -1);
	assert_int_equal(status, ORGCHECK_EXIT_ERROR);
	assert_string_equal(out, "");
	assert_string_equal(err_output(fx),
			    "orgcheck check: unknown option '--bogus'\nTry 'orgcheck check --help'.\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_with_equals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_with_separate_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_that_looks_like_an_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_attached_and_separate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundled_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_options_than_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundled_value_rest_of_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_dash_ends_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_dash_is_operand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_long_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_value_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_value_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_given_to_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_twice, setup, teardown),
		cmocka_unit_test(test_print_help),
		cmocka_unit_test_setup_teardown(test_run_applies_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_stops_at_help_or_bad_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_help_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_usage_error, setup, teardown),
	};

	return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
