/* Page headers ("StructPage"), one per frame, kept in per-range arrays
 * (doc/memory.md §3).
 *
 * Logical fields: lock, oid, pa, alloc_count, type, ot_index. Two layouts
 * share an 8-byte prefix (struct page_common), so every accessor can find
 * the header's range from the prefix alone:
 *
 *   RAM     16 B: prefix + oid (48 bits, stored) + ot_index (stored)
 *   device   8 B: prefix only; oid = OID_DEVICE_BASE + pfn, ot_index = none
 *
 * pa is never stored: it is the range's base plus the header's index, and
 * the index is the header's offset in its range's array divided by the
 * (power of two) stride. Handles to headers are `struct page_common *`. */
#ifndef KERNEL_PAGEHDR_H
#define KERNEL_PAGEHDR_H

#include <kernel/range_table.h>

/* The common prefix. Guarded by `lock` once there are several CPUs; today
 * the kernel runs with interrupts off whenever it changes a header. */
struct page_common {
	uint32_t alloc_count; /* bumped to rescind every capability to the frame */
	uint16_t range_id; /* index into the range table; 0 = no range */
	uint8_t type; /* enum page_type */
	uint8_t lock; /* 0 free, 1 held */
};

/* RAM frames: the object held in the frame has an OID and an object-table
 * slot, both changing as the space bank reuses the frame. */
struct page_header {
	struct page_common c;
	uint32_t oid_lo; /* OID bits 0..31 */
	uint16_t oid_hi; /* OID bits 32..47 */
	uint16_t ot_index; /* enum obj_kind (pot.h) of an object frame; else PAGEHDR_OT_NONE */
};

/* Device frames: nothing beyond the prefix. */
struct page_header_dev {
	struct page_common c;
};

_Static_assert(sizeof(struct page_common) == 8, "page header prefix layout");
_Static_assert(sizeof(struct page_header) == 16, "RAM page header layout");
_Static_assert(sizeof(struct page_header_dev) == 8, "device page header layout");
_Static_assert(offsetof(struct page_header, c) == 0, "prefix first");

#define PAGEHDR_RAM_SHIFT 4 /* log2(sizeof(struct page_header)) */
#define PAGEHDR_DEV_SHIFT 3 /* log2(sizeof(struct page_header_dev)) */

/* OIDs are 48 bits in a RAM header: 2^48 objects of a page each is 2^60
 * bytes of object store. Device frames take the top 2^40 OIDs (pfn < 2^40
 * covers the 52-bit physical addresses of PAE and of every 64-bit CPU). */
#define OID_BITS 48
#define OID_MAX ((1ull << OID_BITS) - 1)
#define OID_DEVICE_BASE (OID_MAX + 1 - (1ull << 40))
#define OID_NONE 0

#define PAGEHDR_OT_NONE 0xffffu

/* What a frame is used for. Every type maps to exactly one ledger state
 * (ledger_state_of_type); the space bank's object types, when they come,
 * are further types of the banked state. */
enum page_type {
	PT_FREE, /* banked: promised to the space bank, not yet used */
	PT_IMAGE, /* the kernel image */
	PT_BOOT, /* boot modules */
	PT_HEAP, /* the fixed heap */
	PT_HDR, /* holds page headers in the header region */
	PT_RESERVE, /* reserve pool frame, free */
	PT_DEVICE, /* device memory */
	/* Objects minted through Range from banked frames (ledger: objects). */
	PT_OBJ_PAGE, /* a Page: 4 KiB of user data */
	PT_OBJ_CAPPAGE, /* a CapPage: 256 capabilities */
	PT_OBJ_PROCESS, /* a Process (struct process) */
	PT_OBJ_ENDPOINT, /* an Endpoint (struct endpoint) */
	PT_OBJ_TABLE, /* a page table of a process's address space */
	PT_OBJ_GRANT, /* grant memory a bank paid for (kernel/include/kernel/grant.h) */
	/* Banked, free, and held by the space bank (RANGE_OP_TAKE): a search for
	 * any free frame passes it by; only a Range call naming it uses it. */
	PT_HELD,
	PT_TYPE_COUNT
};

const char *page_type_name(unsigned type);

/* Initialises every header of r (whose hdrs, layout and id are set) as type. */
void pagehdr_init_range(struct range *r, unsigned type);

/* The index-th header of r, and the header of pa (NULL outside every range). */
static inline struct page_common *pagehdr_at(const struct range *r, uint64_t index)
{
	return (struct page_common *)((uintptr_t)r->hdrs + ((uintptr_t)index << r->hdr_shift));
}
struct page_common *pagehdr_of_pfn_far(uint32_t pfn_hi, uint32_t pfn);
/* The header of frame number pfn_hi:pfn (a capability's halves) if its slot
 * of the range cache (range_cache_slot) holds its range: one step, in 32-bit
 * arithmetic; NULL on a miss, which says nothing about the frame. */
static inline __attribute__((always_inline)) struct page_common *
pagehdr_of_pfn_cached(uint32_t pfn_hi, uint32_t pfn)
{
	const struct range_hint *c = range_cache_slot(pfn);
	uint32_t i = pfn - c->pfn0;

	return !pfn_hi && i < c->frames ? pagehdr_at(c->r, i) : NULL;
}
/* The header of frame number pfn_hi:pfn: through the range cache, else the
 * resource tree, which fills the cache. NULL outside every range. */
static inline __attribute__((always_inline)) struct page_common *pagehdr_of_pfn(uint32_t pfn_hi,
										uint32_t pfn)
{
	struct page_common *h = pagehdr_of_pfn_cached(pfn_hi, pfn);

	return h ? h : pagehdr_of_pfn_far(pfn_hi, pfn);
}
static inline struct page_common *pagehdr_of_pa(pa_t pa)
{
	pfn_t pfn = pa >> PAGE_SHIFT;

	return pagehdr_of_pfn((uint32_t)(pfn >> 32), (uint32_t)pfn);
}

/* Accessors: O(1) each, for both layouts. */
struct range *pagehdr_range(const struct page_common *h);
/* h's own range, unchecked (range_slots): for the accessors below. */
static inline const struct range *pagehdr_home(const struct page_common *h)
{
	return &range_slots[h->range_id];
}
static inline uint64_t pagehdr_index(const struct page_common *h)
{
	const struct range *r = pagehdr_home(h);

	return ((uintptr_t)h - (uintptr_t)r->hdrs) >> r->hdr_shift;
}
static inline pa_t pagehdr_pa(const struct page_common *h)
{
	const struct range *r = pagehdr_home(h);

	return r->base +
	       ((pa_t)(((uintptr_t)h - (uintptr_t)r->hdrs) >> r->hdr_shift) << PAGE_SHIFT);
}
/* h as a RAM header (oid and ot_index stored), or NULL for a device frame's. */
static inline struct page_header *pagehdr_ram(const struct page_common *h)
{
	return pagehdr_home(h)->layout == PAGEHDR_LAYOUT_RAM ? (struct page_header *)(uintptr_t)h
							     : NULL;
}
oid_t pagehdr_oid(const struct page_common *h);
/* ERR_RANGE if oid needs more than OID_BITS, ERR_INVAL on a device frame. */
enum err pagehdr_set_oid(struct page_common *h, oid_t oid);
/* Inline: every capability's version check reads both. */
static inline uint32_t pagehdr_alloc_count(const struct page_common *h)
{
	return h->alloc_count;
}
void pagehdr_bump_alloc_count(struct page_common *h);
/* Bumps alloc_count and lifts it to at least floor (a pot that empties:
 * above every version its slots gave out, kernel/include/kernel/pot.h). */
void pagehdr_raise_alloc_count(struct page_common *h, uint32_t floor);
static inline unsigned pagehdr_type(const struct page_common *h)
{
	return h->type;
}
void pagehdr_set_type(struct page_common *h, unsigned type);
unsigned pagehdr_ot_index(const struct page_common *h);
enum err pagehdr_set_ot_index(struct page_common *h, unsigned ot_index);
/* A test-and-set lock: pagehdr_trylock returns false when already held. */
bool pagehdr_trylock(struct page_common *h);
void pagehdr_unlock(struct page_common *h);
bool pagehdr_locked(const struct page_common *h);

#endif
