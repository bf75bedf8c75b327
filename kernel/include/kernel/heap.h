/* The fixed kernel heap (doc/memory.md §2).
 *
 * One contiguous, direct-mapped physical run carved from RAM at boot and
 * sized once by heap_formula(). It never grows: an allocation that does not
 * fit returns NULL and the caller reports ERR_NOMEM. Allocations are never
 * freed (the heap holds boot-time tables and the headers of boot RAM, which
 * live as long as the kernel). Each allocation names its purpose, and usage
 * is kept per purpose for the `heap:` console lines. */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <lib/types.h>

enum heap_purpose {
	HEAP_HEADERS, /* page headers of RAM present at boot */
	HEAP_RANGES, /* the range table */
	HEAP_PAGETABLES, /* the arch's kernel page tables */
	HEAP_RESERVE, /* the reserve pool's frame map */
	HEAP_PURPOSE_COUNT
};

/* Slack for alignment padding between allocations: every allocation is
 * aligned to at most a page, there are fewer than 32 of them at boot, and all
 * but the page tables need at most 16-byte alignment (the page tables come
 * first, when the heap start is page-aligned). 32 x 16 = 512 B, rounded up to
 * a whole page because the heap is whole pages anyway. */
#define HEAP_SLACK PAGE_SIZE

/* The inputs of the heap formula, each printed at boot. */
struct heap_inputs {
	uint64_t ram_frames; /* frames of RAM present at boot (they get headers here) */
	uint32_t hdr_bytes; /* sizeof(struct page_header) */
	uint32_t ranges; /* range table slots */
	uint32_t range_bytes; /* sizeof(struct range) */
	uint64_t table_bytes; /* the arch's kernel page tables */
	uint64_t reserve_frames; /* the reserve pool: one byte of state per frame */
};

/* The terms of the formula; total is their sum rounded up to whole pages:
 *   size = ALIGN_UP(ram_frames * hdr_bytes + ranges * range_bytes
 *                   + table_bytes + reserve_frames + HEAP_SLACK, PAGE_SIZE) */
struct heap_terms {
	uint64_t headers, ranges, tables, reserve, slack;
	uint64_t total;
};

uint64_t heap_formula(const struct heap_inputs *in, struct heap_terms *out);

/* Starts the heap on [va, va + size); pa is va's physical address. */
void heap_init(void *va, pa_t pa, uint64_t size);

/* bytes with the given alignment (a power of two, at most PAGE_SIZE), zeroed;
 * NULL when it does not fit. */
void *heap_alloc(uint64_t bytes, uint64_t align, enum heap_purpose purpose);

/* The physical address of a heap pointer. */
pa_t heap_pa(const void *p);

uint64_t heap_size(void);
uint64_t heap_used(void);
uint64_t heap_used_by(enum heap_purpose purpose);

/* Prints `heap: use <purpose>=<bytes> ... free=<bytes>`. */
void heap_print_use(void);

#endif
