/* Reading a baseline file: what is not a baseline is an error, never an
 * empty baseline that would report every accepted finding as new. */

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

#include <orgcheck/baseline.h>
#include <orgcheck/catalog.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include "testutil.h"

struct fixture {
	char *dir;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->dir = test_make_temp_dir();
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_findings_release(&fx->findings);
	test_remove_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* A baseline of no entries (only its header) covers nothing and goes
 * stale nowhere. Sorting its entries must not hand qsort a NULL array,
 * which UBSan (make SANITIZE=address,undefined) reports. */
static void test_empty_baseline(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_baseline *baseline = NULL;
	char *path = test_join(fx->dir, "empty.baseline");

	test_write_file(path, "# orgcheck baseline 1\n\n");
	assert_int_equal(orgcheck_baseline_load(&baseline, path, &fx->err), 0);
	assert_non_null(baseline);
	assert_int_equal(orgcheck_findings_add_rule(&fx->findings, NULL, orgcheck_catalog_find("OC114"), "a.xml", 3, 1,
						    "listed twice"), 0);
	assert_int_equal(orgcheck_baseline_apply(baseline, &fx->findings, &fx->err), 0);
	assert_int_equal(fx->findings.count, 1);
	assert_int_equal(fx->findings.items[0].state, ORGCHECK_STATE_NEW);
	orgcheck_baseline_free(baseline);
	free(path);
}

/* A file that opens but cannot be read (a directory: read() fails with
 * EISDIR) is an error, not the end of an empty file. */
static void test_read_error(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_baseline *baseline = NULL;

	assert_int_equal(orgcheck_baseline_load(&baseline, fx->dir, &fx->err), ORGCHECK_ECONFIG);
	assert_null(baseline);
	assert_non_null(strstr(fx->err.message, "cannot read baseline '"));
	assert_non_null(strstr(fx->err.message, "Is a directory"));
}

static void test_malformed_line(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_baseline *baseline = NULL;
	char *path = test_join(fx->dir, "bad.baseline");
	char expected[512];

	test_write_file(path, "# orgcheck baseline 1\n0123456789abcdef 2 OC114 a: m\nnot a line\n");
	assert_int_equal(orgcheck_baseline_load(&baseline, path, &fx->err), ORGCHECK_ECONFIG);
	assert_null(baseline);
	snprintf(expected, sizeof(expected),
		 "%s:3: not a baseline line (expected FINGERPRINT COUNT RULE ...)", path);
	assert_string_equal(fx->err.message, expected);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_line, setup, teardown),
	};

	return cmocka_run_group_tests_name("baseline_load", tests, NULL, NULL);
}
