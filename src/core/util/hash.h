/* FNV-1a, 64 bits: short keys, a good enough spread, no dependencies.
 * The corpus index hashes names with it, findings their fingerprints
 * (which baselines store: the function must never change). */
#ifndef ORGCHECK_HASH_H
#define ORGCHECK_HASH_H

#include <stdint.h>

#define ORGCHECK_FNV1A_OFFSET UINT64_C(0xcbf29ce484222325)
#define ORGCHECK_FNV1A_PRIME UINT64_C(0x100000001b3)

/* h extended with one byte. */
static inline uint64_t orgcheck_fnv1a_byte(uint64_t h, unsigned char byte)
{
	return (h ^ byte) * ORGCHECK_FNV1A_PRIME;
}

/* h extended with the bytes of text before its NUL. */
static inline uint64_t orgcheck_fnv1a_string(uint64_t h, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	for (; *p != '\0'; p++)
		h = orgcheck_fnv1a_byte(h, *p);
	return h;
}

#endif
