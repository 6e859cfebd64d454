#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64u * 1024u)

struct block {
	struct block *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct orgcheck_arena {
	struct block *head;
	size_t total;
};

struct orgcheck_arena *orgcheck_arena_new(void)
{
	return calloc(1, sizeof(struct orgcheck_arena));
}

void orgcheck_arena_free(struct orgcheck_arena *arena)
{
	struct block *block = NULL;
	struct block *next = NULL;

	if (arena == NULL)
		return;
	for (block = arena->head; block != NULL; block = next) {
		next = block->next;
		free(block);
	}
	free(arena);
}

void *orgcheck_arena_alloc(struct orgcheck_arena *arena, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct block *block = arena->head;
	size_t rounded = 0;
	size_t block_size = BLOCK_SIZE;
	void *p = NULL;

	/* Catch size_t overflow before rounding up. */
	if (size > ((size_t)-1) / 2)
		return NULL;
	rounded = (size + align - 1) & ~(align - 1);
	if (block == NULL || block->size - block->used < rounded) {
		if (rounded > block_size)
			block_size = rounded;
		block = malloc(sizeof(*block) + block_size);
		if (block == NULL)
			return NULL;
		block->size = block_size;
		block->used = 0;
		block->next = arena->head;
		arena->head = block;
		arena->total += block_size;
	}
	p = block->data + block->used;
	block->used += rounded;
	return p;
}

char *orgcheck_arena_strndup(struct orgcheck_arena *arena, const char *text, size_t length)
{
	char *copy = orgcheck_arena_alloc(arena, length + 1);

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

size_t orgcheck_arena_size(const struct orgcheck_arena *arena)
{
	return arena->total;
}
