/* Makes the core's allocations fail on demand, to test the paths taken
 * when memory runs out.
 *
 * A test that includes this header is linked with -Wl,--wrap=malloc
 * -Wl,--wrap=realloc (FAILALLOC_TESTS in the Makefile): every call to
 * malloc or realloc in the test and in the orgcheck libraries comes here,
 * while libc, libxml2 and cmocka keep their own (strdup is not wrapped).
 * Include it in one file of a test binary only: it defines the wrappers. */
#ifndef ORGCHECK_FAILALLOC_H
#define ORGCHECK_FAILALLOC_H

#include <stddef.h>

void *__real_malloc(size_t size);
void *__real_realloc(void *ptr, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *ptr, size_t size);

/* Allocations still allowed before they fail; negative: never fail. */
static long failalloc_left = -1;

/* The next `allowed` allocations succeed, the ones after fail until
 * failalloc_off(). */
static inline void failalloc_after(long allowed)
{
	failalloc_left = allowed;
}

static inline void failalloc_off(void)
{
	failalloc_left = -1;
}

static inline int failalloc_now(void)
{
	if (failalloc_left < 0)
		return 0;
	if (failalloc_left == 0)
		return 1;
	failalloc_left--;
	return 0;
}

void *__wrap_malloc(size_t size)
{
	return failalloc_now() ? NULL : __real_malloc(size);
}

void *__wrap_realloc(void *ptr, size_t size)
{
	return failalloc_now() ? NULL : __real_realloc(ptr, size);
}

#endif
