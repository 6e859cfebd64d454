/* An arena: many small allocations freed at once. The record model keeps
 * its strings here, so freeing a corpus is one walk over a few blocks, not
 * a free() per name. */
#ifndef ORGCHECK_ARENA_H
#define ORGCHECK_ARENA_H

#include <stddef.h>

struct orgcheck_arena;

/* Returns a new arena, or NULL when out of memory. */
struct orgcheck_arena *orgcheck_arena_new(void);

/* Frees the arena and everything allocated in it. arena may be NULL. */
void orgcheck_arena_free(struct orgcheck_arena *arena);

/* size bytes aligned for any object, or NULL when out of memory. */
void *orgcheck_arena_alloc(struct orgcheck_arena *arena, size_t size);

/* size bytes at any address, for a string built in place; NULL when out
 * of memory. */
char *orgcheck_arena_alloc_chars(struct orgcheck_arena *arena, size_t size);

/* A copy of the first length bytes of text, NUL-terminated. */
char *orgcheck_arena_strndup(struct orgcheck_arena *arena, const char *text, size_t length);

/* A copy of text (NULL gives NULL). */
char *orgcheck_arena_strdup(struct orgcheck_arena *arena, const char *text);

/* Hands the arena a mapping of length bytes at addr (from mmap): it is
 * unmapped when the arena is freed, after what points into it. Returns 0,
 * or -1 when out of memory (the mapping is then still the caller's). */
int orgcheck_arena_keep_mapping(struct orgcheck_arena *arena, void *addr, size_t length);

/* Bytes held by the arena's blocks and mappings (for memory figures). */
size_t orgcheck_arena_size(const struct orgcheck_arena *arena);

#endif
