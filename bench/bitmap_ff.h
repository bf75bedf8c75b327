/* Bitmap first-fit frame allocator: the baseline the buddy allocator is
 * measured against (bench/buddy.sh). One bit per frame, set = in use; an
 * order-k request takes the lowest free, 2^k-aligned run of 2^k frames,
 * scanning a 64-bit word at a time from the start. */
#ifndef BENCH_BITMAP_FF_H
#define BENCH_BITMAP_FF_H

#include <stdbool.h>
#include <stdint.h>

struct bitmap_ff {
	uint64_t *bits;
	uint32_t base; /* pfn of bit 0, 64-aligned */
	uint32_t words;
};

/* All frames start free; `frames` is a multiple of 64. */
bool bitmap_ff_init(struct bitmap_ff *m, uint32_t base, uint32_t frames);
void bitmap_ff_fini(struct bitmap_ff *m);
/* Mark [pfn, pfn + 2^order) in use, as if allocated. */
void bitmap_ff_mark(struct bitmap_ff *m, uint32_t pfn, unsigned order);
bool bitmap_ff_alloc(struct bitmap_ff *m, unsigned order, uint32_t *pfn);
void bitmap_ff_free(struct bitmap_ff *m, uint32_t pfn, unsigned order);

#endif
