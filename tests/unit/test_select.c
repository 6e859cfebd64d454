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

#include "cli/select.h"
#include "failalloc.h"
#include "testutil.h"

static int teardown(void **state)
{
	(void)state;
	failalloc_off();
	return 0;
}

static void test_add_and_filter(void **state)
{
	const char *const paths[] = { "b.xml", "./a.xml", "deleted/c.xml" };
	struct orgcheck_selection selection;

	(void)state;
	orgcheck_selection_init(&selection);
	assert_int_equal(orgcheck_selection_add(&selection, paths, 3), 0);
	assert_int_equal(selection.count, 3);
	/* Sorted, "./" dropped from paths that do not exist. */
	assert_string_equal(selection.paths[0], "a.xml");
	assert_string_equal(selection.paths[1], "b.xml");
	assert_string_equal(selection.paths[2], "deleted/c.xml");
	orgcheck_selection_release(&selection);
	assert_int_equal(selection.count, 0);
	assert_null(selection.paths);
}

/* A failed growth leaves the selection as it was: the capacity still
 * matches the array, so the next add grows it instead of writing past
 * its end. */
static void test_failed_growth_keeps_capacity(void **state)
{
	const char *const one[] = { "a.xml" };
	char name[32];
	const char *const more[] = { name };
	struct orgcheck_selection selection;
	size_t i;

	(void)state;
	orgcheck_selection_init(&selection);
	failalloc_after(0);
	assert_int_equal(orgcheck_selection_add(&selection, one, 1), -1);
	failalloc_off();
	assert_int_equal(selection.capacity, 0);
	assert_int_equal(selection.count, 0);
	assert_null(selection.paths);

	/* Fill the first block, then fail the growth past it. */
	for (i = 0; i < 16; i++) {
		snprintf(name, sizeof(name), "r%02zu.xml", i);
		assert_int_equal(orgcheck_selection_add(&selection, more, 1), 0);
	}
	assert_int_equal(selection.capacity, 16);
	failalloc_after(0);
	assert_int_equal(orgcheck_selection_add(&selection, one, 1), -1);
	failalloc_off();
	assert_int_equal(selection.capacity, 16);
	assert_int_equal(selection.count, 16);
	assert_int_equal(orgcheck_selection_add(&selection, one, 1), 0);
	assert_int_equal(selection.count, 17);
	assert_true(selection.capacity >= 17);
	assert_string_equal(selection.paths[0], "a.xml");
	assert_string_equal(selection.paths[16], "r15.xml");
	orgcheck_selection_release(&selection);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_add_and_filter, teardown),
		cmocka_unit_test_teardown(test_failed_growth_keeps_capacity, teardown),
	};

	return cmocka_run_group_tests_name("select", tests, NULL, NULL);
}
