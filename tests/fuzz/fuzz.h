/* Shared by the fuzz targets and the standalone replay driver. */
#ifndef ORGCHECK_FUZZ_H
#define ORGCHECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer (or replay.c) calls with one input. Always
 * returns 0; a bug shows as a crash, a sanitizer report or a leak. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The source tree, for the schemas (set by tests/fuzz/fuzz.mk). */
#ifndef ORGCHECK_SOURCE_DIR
#define ORGCHECK_SOURCE_DIR "."
#endif

#endif
