/* frames.c's regions: a buddy per pool per 16 MiB and a record per frame,
 * shared with the short paths of page.c. */
#ifndef SPACEBANK_REGION_H
#define SPACEBANK_REGION_H

#include "bank.h"

#define FRAMES_REGION_SHIFT 12 /* 4096 frames = 16 MiB per buddy instance */
#define FRAMES_REGION (1u << FRAMES_REGION_SHIFT)

struct region {
	uint32_t region; /* (pfn >> FRAMES_REGION_SHIFT) + 1; 0 = unused slot */
	uint8_t pool; /* the memory pool every frame of it is in */
	uint8_t general; /* pools_general(pool): an ALLOC naming no pool may use it */
	uint8_t kva; /* a kernel-addressable chunk landed here */
	uint8_t single; /* frames were taken one at a time */
	/* Another slot covers the same 16 MiB for another pool: a frame is then
	 * this region's only if its buddy holds it (frames_holds). */
	uint8_t shared;
	struct buddy b;
	/* Exactly what buddy_init uses: a smaller buffer lets the states of
	 * the region's last frames overlap rec[], and its last chunk then
	 * looks present (ERR_OVERLAP) when it arrives. buddy_init wants it
	 * 4-aligned, which ColdFire does not give a uint32_t on its own. */
	_Alignas(4) uint32_t meta[(BUDDY_META_BYTES(FRAMES_REGION) + 3) / 4];
	struct frame_rec rec[FRAMES_REGION];
};

/* The region last found or allocated from: requests come in runs on the
 * same frames. Never NULL: an unused slot's region (0) matches no frame. */
extern struct region *frames_hint;
/* The first region a request of the common kind (any general pool, kernel-
 * addressable, no lowest address) may take a frame from, or NULL. Regions
 * are only ever added, and only ever gain kva, so it changes only then. */
extern struct region *frames_first_any;

/* Whether p holds the frame pfn. Each frame lies in one pool, so among the
 * slots of its 16 MiB only its pool's holds it: a region alone on its 16 MiB
 * is the answer, a shared one is asked whether its buddy holds the frame. */
static inline int frames_holds(const struct region *p, uint32_t pfn)
{
	return p->region == (pfn >> FRAMES_REGION_SHIFT) + 1 &&
	       (!p->shared || buddy_present(&p->b, pfn));
}

#endif
