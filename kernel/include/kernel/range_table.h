/* Range descriptors and the range table (doc/memory.md §3).
 *
 * A range is a run of frames with one page-header array: a RAM run present
 * at boot (headers in the fixed heap), a device window (headers in the
 * header region), or a hot-plugged DIMM (headers in its own first frames,
 * mapped in the header region). The table gives O(1) id -> range (page headers store the
 * id); the resource tree gives O(log n) pa -> range. Nothing assumes ranges
 * or their header arrays are contiguous with each other.
 *
 * Guarded by the single memory lock: today, interrupts off on one CPU. */
#ifndef KERNEL_RANGE_H
#define KERNEL_RANGE_H

#include <lib/err.h>
#include <kernel/rtree.h>

enum range_class {
	RANGE_RAM, /* RAM present at boot */
	RANGE_DEVICE, /* a device memory window */
	RANGE_RAM_HOTPLUG, /* a hot-plugged DIMM: RAM that carries its own headers */
};

enum pagehdr_layout {
	PAGEHDR_LAYOUT_RAM, /* struct page_header, 16 B */
	PAGEHDR_LAYOUT_DEVICE, /* struct page_header_dev, 8 B */
};

/* Where a header array lives. */
enum range_hdr_home {
	RANGE_HDR_HEAP, /* the fixed heap */
	RANGE_HDR_REGION, /* the header region */
	RANGE_HDR_OWN, /* the range's own first frames, mapped in the header region */
};

/* Header-region storage: `pages` pages at kernel address va, plus the
 * `tables` page-table frames the window needed to map them (i386's grown
 * part; 0 elsewhere), funded like the pages. */
struct hdr_block {
	void *va;
	uint32_t pages;
	uint32_t tables;
};

#define RANGE_OWNER_BOOT 0xffffffffu /* boot RAM; device and DIMM ranges store their slot */

struct range {
	struct rtree_node node; /* key [base, base + frames * PAGE_SIZE) */
	pa_t base;
	uint64_t frames;
	oid_t base_oid; /* OID of frame 0 for device ranges; OID_NONE for RAM */
	void *hdrs; /* frames headers of stride 1 << hdr_shift */
	struct hdr_block block; /* when hdr_home is RANGE_HDR_REGION or RANGE_HDR_OWN */
	/* The range's pool (doc/pools.md "From a frame to its pool"), set by
	 * range_insert from the pool registry: boot RAM is cut at every pool
	 * boundary, so a range lies in one cell of the registry. pool is that
	 * cell's pool; with colours (a power of two) the frame at pa is in
	 * pool_colour[pfn & (colours - 1)] unless that says POOL_NONE.
	 * POOL_MIXED: a range inserted later that straddles cells. */
	const uint8_t *pool_colour;
	uint32_t owner;
	uint16_t id;
	uint8_t pool;
	uint8_t pool_colours;
	uint8_t cls; /* enum range_class */
	uint8_t layout; /* enum pagehdr_layout */
	uint8_t hdr_shift;
	uint8_t hdr_home; /* enum range_hdr_home */
	bool live;
};

/* Starts the table on n slots (slot 0 is never used: id 0 means no range)
 * and empties the resource tree. */
void range_table_init(struct range *slots, unsigned n);

/* A free descriptor with its id set, or NULL when the table is full. */
struct range *range_alloc(void);
void range_free(struct range *r);

/* Fills r's description for a range of class cls: base, frames, owner, and
 * what the class fixes: the header layout and stride, where the headers
 * live, and the base OID (device frames derive theirs; RAM stores them).
 * The caller still sets hdrs. */
void range_describe(struct range *r, enum range_class cls, pa_t base, uint64_t frames,
		    uint32_t owner);

/* O(1): the live range with that id, or NULL. */
struct range *range_get(unsigned id);
/* The table's slots, for the page-header accessors' inline step from a
 * header to its range: a header's range_id always names the live range
 * whose array holds it (the array goes with the range). */
extern struct range *range_slots;

/* Enters r (base, frames set) into the resource tree and marks it live;
 * ERR_OVERLAP / ERR_INVAL from the tree. */
enum err range_insert(struct range *r);
void range_remove(struct range *r);

/* The range the last lookup found (range.c). */
extern struct range *range_last;
/* The same range as a window of 32-bit frame numbers [pfn0, pfn0 + frames)
 * (frames 0: none, or a range reaching past frame number 2^32), so that a
 * capability's frame number finds its header without 64-bit arithmetic. */
struct range_hint {
	struct range *r;
	uint32_t pfn0, frames;
};
extern struct range_hint range_hint;
/* O(log n): the range holding pa, or NULL; remembered in range_last. */
struct range *range_lookup(pa_t pa);
/* Makes r (live) the last range found, as a lookup finding it would;
 * `known`, when not NULL and r's, is its window already computed. */
void range_make_last(struct range *r, const struct range_hint *known);

/* A direct-mapped cache from 32-bit frame numbers to range windows, a
 * slot per 64 KiB granule, chosen by folding the granule number's bits
 * (pool and range boundaries are at powers of two: a plain modulo put the
 * first frames of RAM and of the range at 16 MiB in one slot). The step from a
 * capability to its frame's header (pagehdr_of_pfn) takes one look however
 * the invocations of a pair alternate among ranges (a client's objects,
 * the space bank's, the pool it hands pages from), where a single "last
 * range" misses at every change. A slot holds one range that covers some
 * frame of its granule (frames 0: none); every slot of a range is emptied
 * when it leaves the tree. */
#define RANGE_CACHE_GRAIN 4 /* log2 of frames per granule */
#define RANGE_CACHE_BITS 6
#define RANGE_CACHE_SLOTS (1u << RANGE_CACHE_BITS) /* 768 bytes */
extern struct range_hint range_cache[RANGE_CACHE_SLOTS];
static inline struct range_hint *range_cache_slot(uint32_t pfn)
{
	uint32_t g = pfn >> RANGE_CACHE_GRAIN;

	return &range_cache[(g ^ g >> RANGE_CACHE_BITS) & (RANGE_CACHE_SLOTS - 1)];
}
/* Fills pfn's slot with r, which holds pfn. */
void range_cache_fill(struct range *r, uint32_t pfn);

/* The range holding pa, or NULL: O(1) when it is the last one found. */
static inline struct range *range_of_pa(pa_t pa)
{
	struct range *r = range_last;

	if (r && pa >= r->node.start && pa < r->node.end)
		return r;
	return range_lookup(pa);
}

/* O(log n): the range holding pa, or NULL, leaving range_last alone. */
struct range *range_lookup_quiet(pa_t pa);

/* The range holding pa, or NULL, without making it the last one found: for
 * lookups (a frame's pool) that run between the capability checks whose
 * ranges range_last keeps, so that they do not evict them. */
static inline struct range *range_peek(pa_t pa)
{
	struct range *r = range_last;

	if (r && pa >= r->node.start && pa < r->node.end)
		return r;
	return range_lookup_quiet(pa);
}

/* Live ranges in address order. */
struct range *range_first(void);
struct range *range_next(const struct range *r);

/* The first live range overlapping [base, end), or NULL. */
struct range *range_first_overlap(pa_t base, pa_t end);

unsigned range_count(void);
unsigned range_capacity(void);
enum err range_tree_check(void);

#endif
