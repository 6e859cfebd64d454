/* madvise() and MADV_HUGEPAGE. */
#define _DEFAULT_SOURCE

#include "util/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Large enough that malloc maps each block apart from its heap. */
#define BLOCK_SIZE (1024u * 1024u)

/* An arena past LARGE_AFTER bytes (a worker's records on a large corpus:
 * some 30 MB each at 100,000 records) gets blocks of LARGE_BLOCK on huge
 * page boundaries, advised for huge pages: faulting such an arena in a
 * 4 KB page at a time cost more than filling it. Small arenas keep small
 * blocks (a huge page is 2 MB of memory at once). */
#define HUGE_PAGE (2u * 1024u * 1024u)
#define LARGE_AFTER (8u * 1024u * 1024u)
#define LARGE_BLOCK (2u * HUGE_PAGE)

struct block {
	struct block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

/* A mapping the arena unmaps when freed; the node itself is in a block. */
struct mapping {
	struct mapping *next;
	void *addr;
	size_t length;
};

struct orgcheck_arena {
	struct block *head;
	struct mapping *mappings;
	size_t total;
	size_t mapped;
};

struct orgcheck_arena *orgcheck_arena_new(void)
{
	return calloc(1, sizeof(struct orgcheck_arena));
}

void orgcheck_arena_free(struct orgcheck_arena *arena)
{
	struct block *block = NULL;
	struct block *next = NULL;
	struct mapping *mapping = NULL;

	if (arena == NULL)
		return;
	/* The nodes are in the blocks: unmapped before those are freed. */
	for (mapping = arena->mappings; mapping != NULL; mapping = mapping->next)
		(void)munmap(mapping->addr, mapping->length);
	for (block = arena->head; block != NULL; block = next) {
		next = block->next;
		free(block);
	}
	free(arena);
}

/* size bytes at a multiple of align (a power of two) from the start of a
 * block, or NULL when out of memory. */
static void *arena_alloc_aligned(struct orgcheck_arena *arena, size_t size, size_t align)
{
	struct block *block = arena->head;
	size_t at = 0;
	size_t block_size = BLOCK_SIZE;

	/* Catch size_t overflow before rounding up. */
	if (size > ((size_t)-1) / 2)
		return NULL;
	/* Block data starts aligned for any object, so aligning the offset
	 * aligns the address. */
	if (block != NULL)
		at = (block->used + align - 1) & ~(align - 1);
	if (block == NULL || at > block->size || block->size - at < size) {
		block = NULL;
#if defined(MADV_HUGEPAGE)
		if (arena->total >= LARGE_AFTER && size <= LARGE_BLOCK - sizeof(*block)) {
			block = aligned_alloc(HUGE_PAGE, LARGE_BLOCK);
			/* Advised before the first touch; a failure only costs the
			 * small pages. */
			if (block != NULL)
				(void)madvise(block, LARGE_BLOCK, MADV_HUGEPAGE);
			block_size = LARGE_BLOCK - sizeof(*block);
		}
#endif
		if (block == NULL) {
			block_size = BLOCK_SIZE;
			if (size > block_size)
				block_size = size;
			block = malloc(sizeof(*block) + block_size);
		}
		if (block == NULL)
			return NULL;
		block->size = block_size;
		block->used = 0;
		block->next = arena->head;
		arena->head = block;
		arena->total += block_size;
		at = 0;
	}
	block->used = at + size;
	return block->data + at;
}

void *orgcheck_arena_alloc(struct orgcheck_arena *arena, size_t size)
{
	return arena_alloc_aligned(arena, size, alignof(max_align_t));
}

char *orgcheck_arena_alloc_chars(struct orgcheck_arena *arena, size_t size)
{
	return arena_alloc_aligned(arena, size, 1);
}

char *orgcheck_arena_strndup(struct orgcheck_arena *arena, const char *text, size_t length)
{
	/* Strings need no alignment: packing them saves a quarter of the
	 * arena on a corpus of short names and ids. */
	char *copy = arena_alloc_aligned(arena, length + 1, 1);

	if (copy == NULL)
		return NULL;
	memcpy(copy, text, length);
	copy[length] = '\0';
	return copy;
}

char *orgcheck_arena_strdup(struct orgcheck_arena *arena, const char *text)
{
	if (text == NULL)
		return NULL;
	return orgcheck_arena_strndup(arena, text, strlen(text));
}

int orgcheck_arena_keep_mapping(struct orgcheck_arena *arena, void *addr, size_t length)
{
	struct mapping *mapping = orgcheck_arena_alloc(arena, sizeof(*mapping));

	if (mapping == NULL)
		return -1;
	mapping->addr = addr;
	mapping->length = length;
	mapping->next = arena->mappings;
	arena->mappings = mapping;
	arena->mapped += length;
	return 0;
}

size_t orgcheck_arena_size(const struct orgcheck_arena *arena)
{
	return arena->total + arena->mapped;
}
