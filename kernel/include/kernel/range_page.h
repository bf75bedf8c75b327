/* A Page made or destroyed in a frame the caller names, as RANGE_OP_CREATE
 * of CT_PAGE and RANGE_OP_DESTROY_AT of a Page do it, in two steps:
 * whether it can be done (nothing changed), then done. For the callers
 * with checks of their own to make in between: range_quick (the Range
 * calls themselves) and an answer that makes or destroys the Page its
 * server would have (INV_F_PAGE_MAKE, INV_F_PAGE_DESTROY; doc/abi.md,
 * "Answers that make or destroy a Page"). The frame is named by two
 * message words, its pa's low and high halves. */
#ifndef KERNEL_RANGE_PAGE_H
#define KERNEL_RANGE_PAGE_H

#include <kernel/cap.h>
#include <kernel/obj.h>
#include <kernel/proc.h>

/* Whether f (an answer's INV_F_PAGE bits) is one of their three
 * combinations: make, make unzeroed, destroy. */
static inline bool range_page_flags_ok(uint32_t f)
{
	return f == INV_F_PAGE_DESTROY || (f & ~INV_F_PAGE_UNZEROED) == INV_F_PAGE_MAKE;
}

/* Whether c lets Range make and destroy objects: a Range, write, not weak. */
static inline bool range_page_may(const struct cap *c)
{
	return c->type == CT_RANGE && (c->rights & (CR_WRITE | CR_WEAK)) == CR_WRITE;
}

/* A frame that passed the first step, for the second. */
struct range_page {
	struct page_common *h;
	pa_t pa;
	bool mapped; /* the map filter's answer: perhaps mapped somewhere */
};

/* Frame lo/hi's header, when lo/hi is page-aligned and in a range. */
static inline __attribute__((always_inline)) bool range_page_frame(uint32_t lo, uint32_t hi,
								   struct range_page *pg)
{
	if (lo & (PAGE_SIZE - 1))
		return false;
	pg->pa = (pa_t)hi << 32 | lo;
	pg->h = pagehdr_of_pfn(hi >> (32 - PAGE_SHIFT), lo >> PAGE_SHIFT | hi << (32 - PAGE_SHIFT));
	return pg->h != NULL;
}

/* Whether a Page can be made in the page-aligned frame lo/hi: a free or
 * held frame, held only with `kept` (RANGE_CREATE_UNZEROED). Inline, as
 * the next function, for the fastpath's answer. */
static inline __attribute__((always_inline)) bool
range_page_makeable(uint32_t lo, uint32_t hi, bool kept, struct range_page *pg)
{
	return range_page_frame(lo, hi, pg) && obj_page_ok(pg->h, kept);
}

/* Whether the Page at frame lo/hi (slot 0) can be destroyed: a Page no
 * process owns as its own memory. A frame no mapping hashes to is neither
 * owned nor mapped: for most Pages one look at the filter answers both. */
static inline __attribute__((always_inline)) bool range_page_destroyable(uint32_t lo, uint32_t hi,
									 struct range_page *pg)
{
	if (!range_page_frame(lo, hi, pg) || pagehdr_type(pg->h) != PT_OBJ_PAGE)
		return false;
	pg->mapped = map_filter_maybe_mapped(pg->pa);
	return !pg->mapped || !proc_owns_frame(pg->pa);
}

/* The first step for `how`, one of range_page_flags_ok's combinations:
 * range_page_destroyable for the destroy, else range_page_makeable
 * (unzeroed with INV_F_PAGE_UNZEROED). */
static inline __attribute__((always_inline)) bool
range_page_ready_inline(uint32_t how, uint32_t lo, uint32_t hi, struct range_page *pg)
{
	if (how == INV_F_PAGE_DESTROY)
		return range_page_destroyable(lo, hi, pg);
	return range_page_makeable(lo, hi, how & INV_F_PAGE_UNZEROED, pg);
}

/* Makes the Page range_page_makeable approved: zeroed unless kept; *dst
 * (if not NULL) its capability with every right. */
static inline __attribute__((always_inline)) void
range_page_make_inline(const struct range_page *pg, bool kept, struct cap *dst)
{
	obj_take_page(pg->h, kept);
	if (dst)
		cap_mint_at(dst, CT_PAGE, CR_ALL, pg->pa, 0, pagehdr_alloc_count(pg->h));
}

/* Destroys the Page range_page_destroyable approved: unmapped everywhere,
 * every capability to it stale, its frame free, or with `held` held by
 * the caller (RANGE_KEEP_HELD). */
static inline __attribute__((always_inline)) void
range_page_destroy_inline(const struct range_page *pg, bool held)
{
	if (pg->mapped)
		proc_unmap_everywhere(pg->pa);
	obj_free_page(pg->h);
	if (held)
		pagehdr_set_type(pg->h, PT_HELD);
}

/* range_page_ready_inline and the second step's two, out of line: the
 * fastpath's answer takes the steps inline, the general path and
 * range_quick call these (the board's kernel must stay within its share of
 * RAM, doc/boards.md). */
bool range_page_ready(uint32_t how, uint32_t lo, uint32_t hi, struct range_page *pg);
void range_page_make(const struct range_page *pg, bool kept, struct cap *dst);
void range_page_destroy(const struct range_page *pg, bool held);

#endif
