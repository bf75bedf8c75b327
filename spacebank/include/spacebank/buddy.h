/* Buddy frame allocator: one instance per frame range (a pool) of the space
 * bank (DESIGN.md §5, doc/spacebank.md "Buddy allocator").
 *
 * An instance covers frames [base_pfn, base_pfn + frames) and hands out
 * naturally aligned blocks of 2^order frames, order 0 (4 KiB) up to
 * BUDDY_MAX_ORDER (4 MiB). Alignment is physical: an order-k block starts at
 * a pfn that is a multiple of 2^k, whatever the base, so a block is also a
 * valid large page and a valid chunk to give back to the kernel.
 *
 * Every frame of the range is in one of these states:
 *   absent    not owned by the pool yet (or given back): the bank has not
 *             taken it from the kernel; buddy_add_chunk/buddy_add_range donate
 *   free      in a free block, on the free list of the block's order
 *   allocated in a block returned by buddy_alloc
 *   reserved  embedded mode only: holds the instance's own metadata
 *
 * Metadata lives either in a caller buffer of buddy_meta_bytes(frames) bytes
 * (external mode, 5 bytes per frame, no pointer into the range is kept) or in
 * the first buddy_meta_frames() frames of the range itself (BUDDY_EMBEDDED,
 * 1 byte per frame, free-list links written into the free frames), reached
 * through `window`, where the range is mapped in the caller's space.
 *
 * Errors never change state. No locking: the caller serialises all access to
 * one instance. Pfns must stay below 2^32 - 1 (16 TiB). */
#ifndef SPACEBANK_BUDDY_H
#define SPACEBANK_BUDDY_H

#include <lib/err.h>
#include <lib/types.h>

#define BUDDY_PAGE_SHIFT 12
/* 2^10 frames = 4 MiB: the largest chunk the bank takes from the kernel and
 * an i386 non-PAE large page. */
#define BUDDY_MAX_ORDER 10
#define BUDDY_ORDERS (BUDDY_MAX_ORDER + 1)

/* buddy_init flags */
/* Keep the metadata in the first frames of the range, reached through
 * `window`. Those frames must be owned and mapped before buddy_init, and every
 * chunk later donated must be mapped in the window before it is donated: the
 * free-list links are written into the first 8 bytes of each free block. */
#define BUDDY_EMBEDDED 0x1u
/* The range is device or uncached memory. Embedded metadata is refused for
 * it (ERR_INVAL): allocator state would be uncached (every step a bus
 * access), could be changed by the device, and would vanish with a rescind. */
#define BUDDY_UNCACHED 0x2u
/* Every frame except the metadata starts free; otherwise every frame starts
 * absent and arrives through buddy_add_chunk or buddy_add_range. */
#define BUDDY_START_FREE 0x4u
/* Keep up to BUDDY_STASH_MAX freed order-0 frames in a stash instead of
 * merging them: the next order-0 allocation takes the last one back without
 * touching the free lists (an alloc+free pair no longer splits and merges a
 * large block each time). Stashed frames are free (buddy_free_frames counts
 * them) but on no list, so buddy_free_blocks does not; everything except
 * order-0 allocation and free merges the stash back first. */
#define BUDDY_STASH 0x8u
#define BUDDY_STASH_MAX 16

/* Free-list links, kept in the first bytes of a free block (embedded) or in
 * one slot per pair of frames (external). Pfns, BUDDY_NIL for none. */
struct buddy_link {
	uint32_t next, prev;
};

struct buddy {
	uint32_t base; /* first pfn of the range */
	uint32_t end; /* one past the last pfn */
	uint32_t meta_frames; /* frames at base holding metadata (embedded) */
	uint32_t present_frames; /* free + allocated */
	uint32_t free_frames;
	uint32_t flags;
	uint8_t *state; /* one byte per frame: buddy.c's STATE_* | order */
	struct buddy_link *links; /* external mode only, else NULL */
	char *window; /* embedded mode only, else NULL */
	uint32_t head[BUDDY_ORDERS]; /* first free block of each order */
	uint32_t nr_free[BUDDY_ORDERS]; /* free blocks of each order */
	uint32_t nstash; /* BUDDY_STASH: stashed order-0 frames, last freed last */
	uint32_t stash[BUDDY_STASH_MAX];
};

/* Whether an allocated order-0 frame freed now would go to the stash, and
 * so be the next order-0 allocation's. */
static inline bool buddy_stash_has_room(const struct buddy *b)
{
	return (b->flags & BUDDY_STASH) && b->nstash < BUDDY_STASH_MAX;
}

/* Bytes of the external metadata buffer for a range of `frames` frames,
 * whatever its base: 1 byte per frame plus 8 bytes for each of the at most
 * frames/2 + 1 aligned frame pairs the range touches. The macro sizes static
 * buffers; buddy_meta_bytes is the same number. */
#define BUDDY_META_BYTES(frames) ((((size_t)(frames) >> 1) + 1) * 8u + (size_t)(frames))
size_t buddy_meta_bytes(uint32_t frames);

/* Frames an embedded instance of `frames` frames reserves at its base. */
uint32_t buddy_embedded_meta_frames(uint32_t frames);

/* Initialise b over [base_pfn, base_pfn + frames). External mode: `meta` is a
 * 4-byte aligned buffer of buddy_meta_bytes(frames) bytes and `window` is
 * NULL. Embedded mode (BUDDY_EMBEDDED): `meta` is NULL and `window` is the
 * page-aligned virtual address of frame base_pfn. ERR_INVAL for a bad
 * combination (including BUDDY_EMBEDDED | BUDDY_UNCACHED), ERR_RANGE for an
 * empty range, one reaching pfn 2^32 - 1, or a window that would wrap.
 * With BUDDY_START_FREE the range starts wholly free; otherwise empty. */
enum err buddy_init(struct buddy *b, pfn_t base_pfn, uint32_t frames, uint32_t flags, void *meta,
		    void *window);

/* Frames reserved for embedded metadata at the base (0 in external mode). */
uint32_t buddy_meta_frames(const struct buddy *b);

/* Allocate a block of 2^order frames; its first pfn in *pfn. ERR_INVAL for an
 * order above BUDDY_MAX_ORDER, ERR_NOMEM if no free block is large enough. */
enum err buddy_alloc(struct buddy *b, unsigned order, pfn_t *pfn);

/* Free the block buddy_alloc returned at pfn with this order. ERR_RANGE if the
 * block is outside the range, ERR_INVAL if misaligned or the block there has
 * another order, ERR_NOTFOUND if no allocated block starts at pfn (a double
 * free, a pfn inside a block, a free or absent frame). */
enum err buddy_free(struct buddy *b, pfn_t pfn, unsigned order);

/* Donate the absent, aligned block [pfn, pfn + 2^order) to the pool as free
 * (a chunk just taken from the kernel); it coalesces with its neighbours.
 * ERR_RANGE outside the range, ERR_INVAL misaligned or order too large,
 * ERR_OVERLAP if any frame is not absent. */
enum err buddy_add_chunk(struct buddy *b, pfn_t pfn, unsigned order);

/* Donate the absent frames [pfn, pfn + count) as maximal aligned blocks.
 * Errors as buddy_add_chunk. */
enum err buddy_add_range(struct buddy *b, pfn_t pfn, uint32_t count);

/* Take a wholly free block of 2^order frames out of the pool (for reclaim):
 * its frames become absent and its first pfn goes to *pfn. Splits a larger
 * free block if there is no free block of exactly this order. ERR_INVAL for an
 * order above BUDDY_MAX_ORDER, ERR_NOMEM if there is none. */
enum err buddy_take_free_chunk(struct buddy *b, unsigned order, pfn_t *pfn);

/* Take the given aligned block out of the pool; it must be wholly free.
 * ERR_RANGE, ERR_INVAL as buddy_add_chunk; ERR_BUSY if any frame of it is
 * not free. */
enum err buddy_remove_chunk(struct buddy *b, pfn_t pfn, unsigned order);

/* Whether the frame pfn is in the pool (free, stashed or allocated): taken
 * from the kernel and not given back, and not embedded metadata. */
bool buddy_present(const struct buddy *b, pfn_t pfn);

uint32_t buddy_free_frames(const struct buddy *b);
/* Free plus allocated frames: what the pool holds from the kernel. */
uint32_t buddy_present_frames(const struct buddy *b);
/* Free blocks of exactly this order (0 for an order out of bounds), not
 * counting stashed frames (BUDDY_STASH). */
uint32_t buddy_free_blocks(const struct buddy *b, unsigned order);

/* Verify every invariant: each frame in exactly one block or absent/reserved,
 * blocks aligned and inside, free lists consistent with the frame states and
 * counters, and full coalescing (no free block has a free buddy of its
 * order). O(frames). ERR_OK or ERR_INVAL; *why (if why is not NULL) names the
 * first broken invariant. */
enum err buddy_check_why(const struct buddy *b, const char **why);
enum err buddy_check(const struct buddy *b);

#endif
