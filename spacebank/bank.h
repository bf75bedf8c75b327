/* The space bank server's internals (doc/spacebank.md). One process, one
 * endpoint: clients call it with badged capabilities, and the kernel's budget
 * channel is bound to the same endpoint, so one receive loop serves both. */
#ifndef SPACEBANK_BANK_H
#define SPACEBANK_BANK_H

#include <arroyo/user.h>
#include <lib/poolmap.h>
#include <spacebank/buddy.h>
#include <spacebank/proto.h>

/* Capability registers, from the boot image (user/init/init.img.txt). */
#define BANK_R_CONSOLE 0
#define BANK_R_RANGE 1
#define BANK_R_BUDGET 2
#define BANK_R_EP 3 /* the bank's endpoint, unbadged: it mints every bank capability */
#define BANK_R_OUT 7 /* scratch: what a reply carries */
#define BANK_R_IN 8 /* what a message brings (a DeviceRange from the kernel) */
#define BANK_R_DEV0 9 /* 9..14: DeviceRange capabilities of published devices */
#define BANK_DEVICES 6

/* Banks: a fixed table, the root in slot 0. 64 banks of 280 bytes. */
#define BANK_MAX 64
#define BANK_NONE 0xffu

struct bank {
	uint32_t id; /* never reused: a destroyed bank's badges find nothing */
	uint8_t live;
	uint8_t parent; /* slot, BANK_NONE for the root */
	uint8_t slot; /* its own index in bank_table: tree_slot without a division */
	uint32_t limit[BANK_KINDS];
	uint32_t used[BANK_KINDS]; /* this bank and its descendants */
	uint32_t pool_limit[BANK_POOLS]; /* frames per memory pool (pools.c) */
	uint32_t pool_used[BANK_POOLS];
	/* Per packed type (objects.c: process, endpoint), a pot frame of this
	 * bank with a free slot, or 0: where the next object goes. */
	uint64_t pot[2];
};
_Static_assert(BANK_POOLS == POOL_MAX, "a quota for every pool");

extern struct bank bank_table[BANK_MAX];

/* tree.c */
void tree_init(void);
struct bank *tree_find(uint32_t id);
static inline unsigned tree_slot(const struct bank *b)
{
	return b->slot;
}
int tree_child(struct bank *parent, struct bank **out);
/* Whether slot s is b or below it. */
int tree_within(unsigned s, const struct bank *b);
/* Charges n of kind (and frames) to b and every ancestor, or none of them. */
int tree_charge(struct bank *b, unsigned kind, uint32_t frames);
void tree_uncharge(unsigned slot, unsigned kind, uint32_t frames);
/* n of kind and `frames` frames at once, or none (a map's tables). */
int tree_charge_n(struct bank *b, unsigned kind, uint32_t n, uint32_t frames);
/* Frames alone (a pot frame whose last object went). */
void tree_uncharge_frames(unsigned slot, uint32_t frames);
int tree_set_limit(struct bank *b, unsigned kind, uint32_t limit);
/* Destroys b's subtree: every object of it first (objects.c), then the banks. */
void tree_destroy(struct bank *b);

/* charge.c: one charge, n objects of kind, frames frames and pool_frames
 * frames of pool's quota (a pool >= BANK_POOLS: none), taken at b and every
 * ancestor or at none (BANK_ERR_LIMIT), and given back from slot up. Kind
 * BANK_KIND_FRAMES with n 0 charges frames alone. */
struct charge {
	unsigned kind;
	uint32_t n;
	uint32_t frames;
	unsigned pool;
	uint32_t pool_frames;
};
int charge_take(struct bank *b, const struct charge *c);
void charge_give(unsigned slot, const struct charge *c);
/* The same as charge_take and charge_give with { kind, 1, 1, pool, 1 }: one
 * object of kind (not BANK_KIND_FRAMES) in a frame of its own, a Page or a
 * CapPage, the common case. */
int charge_one(struct bank *b, unsigned kind, unsigned pool);
void charge_drop_one(unsigned slot, unsigned kind, unsigned pool);

/* frames.c: 4 KiB frames from chunks the bank holds, one buddy per 16 MiB region. */
/* What the bank keeps per frame it holds (zero while nothing is in it). */
struct frame_rec {
	uint8_t owner; /* the slot of the bank whose object is in the frame */
	uint8_t type; /* the object's type, 0: none */
	uint8_t count; /* objects in a pot frame (at most 128) */
	/* Of a free frame: the slot + 1 of the bank whose Page last held it, 0
	 * when its contents are unknown (every frame taken from the kernel
	 * starts so): only a page of that same bank may reuse the frame
	 * without zeroing (doc/spacebank.md, "Zeroing"). */
	uint8_t last;
};
/* r's object is gone and its frame free: remembered as its bank's own Page
 * unless scrub (or not a Page), so that bank may reuse it unzeroed. */
static inline void frame_rec_release(struct frame_rec *r, int scrub)
{
	r->last = r->type == CT_PAGE && !scrub ? (uint8_t)(r->owner + 1) : 0;
	r->type = 0;
	r->owner = 0;
}
/* A frame the bank holds, found once per request: its record, its pool and
 * the buddy it goes back to. */
struct region;
struct frame_ref {
	uint64_t pa;
	struct frame_rec *rec;
	unsigned pool;
	struct region *region; /* frames.c's */
	uint32_t pfn;
};
/* The frame at pa, or BANK_ERR_ARG if the bank does not hold it. */
int frames_find(uint64_t pa, struct frame_ref *f);
/* Back to its buddy (as frames_free). */
void frames_put(const struct frame_ref *f);
/* The record of a frame the bank holds (free or allocated), or NULL. */
struct frame_rec *frames_rec(uint64_t pa);
/* A frame in a region at or above from (rounded up to a region), kernel-
 * addressable when kva. */
/* pool: the pool to take it from, or POOL_ANY for any but the image's pools. */
int frames_alloc(uint64_t from, int kva, unsigned pool, uint64_t *pa);
/* The same from the frames the bank holds only (no kernel call), or no-frames. */
int frames_alloc_held(uint64_t from, int kva, unsigned pool, struct frame_ref *f);
void frames_free(uint64_t pa);
/* The pool of a frame the bank holds (that of its region), POOL_NONE if none. */
unsigned frames_pool(uint64_t pa);
/* Per-frame record of a frame frames_alloc gave out: owner slot and type. */
uint8_t *frames_owner(uint64_t pa);
uint8_t *frames_type(uint64_t pa);
/* Objects in a pot frame (Process, Endpoint: several a frame). */
uint8_t *frames_count(uint64_t pa);
/* A pot frame of owner and type with fewer than capacity objects, or 0. */
uint64_t frames_find_pot(uint8_t owner, uint8_t type, uint8_t capacity, unsigned pool);
/* Of a free frame: slot + 1 of the bank whose Page last held it, or 0 (its
 * contents unknown: it must be zeroed before another use). */
uint8_t *frames_last(uint64_t pa);
/* Slot is dead: no frame counts as its own any more (a new bank may take it). */
void frames_forget_slot(unsigned slot);
/* Gives every wholly free chunk back to the kernel; returns frames given. */
uint32_t frames_give_back(void);
/* The same for the regions that meet [base_pfn, + frames). */
uint32_t frames_give_back_range(uint32_t base_pfn, uint32_t frames);
/* Calls fn on every allocated frame. */
void frames_each(void (*fn)(uint64_t pa, uint8_t owner, uint8_t type, void *ctx), void *ctx);

/* pools.c: the kernel's pools, read once; quotas per pool. */
int pools_load(void);
unsigned pools_of(uint64_t pa);
int pools_known(unsigned id);
/* Pools an ALLOC naming none may use (not the image's), and whether a pool
 * can hold a whole MiB chunk. */
int pools_general(unsigned id);
int pools_chunky(unsigned id);
/* The general pools, largest first: k < pools_count(). */
unsigned pools_count(void);
unsigned pools_any_order(unsigned k);
void pools_bank_init(struct bank *b);
int pools_charge(struct bank *b, unsigned pool, uint32_t frames);
void pools_uncharge(unsigned slot, unsigned pool, uint32_t frames);
int pools_set_limit(struct bank *b, unsigned pool, uint32_t limit);
int pools_query(const struct bank *b, unsigned pool, uint32_t *limit, uint32_t *used);

/* objects.c */
/* from != 0: a page at or above from (outside the direct map, possibly);
 * pool: POOL_ANY or the pool to take the frame from. *addr: the object's
 * address, its frame's pa | its slot (doc/objects.md). objects_alloc_in
 * also gives the pool of its frame. */
int objects_alloc(struct bank *b, unsigned type, uint64_t from, unsigned pool, uint64_t *addr);
int objects_alloc_in(struct bank *b, unsigned type, uint64_t from, unsigned pool, uint64_t *addr,
		     unsigned *in_pool);
/* scrub: a Page's contents must not reach even its own bank again. */
int objects_free(struct bank *b, uint64_t addr, int scrub);
/* What Range is asked to make of a frame with record r for b: a Page in a
 * frame whose last contents were a page of this same bank is not zeroed
 * again (doc/spacebank.md, "Zeroing"). */
unsigned objects_create_type(const struct bank *b, unsigned type, const struct frame_rec *r);
/* Range's create at a frame (the capability to BANK_R_OUT) and destroy at
 * an object address (*left: the objects left in its frame), inlined: the
 * kernel calls of every allocation and free of a Page. */
int objects_create_at(unsigned type, uint64_t pa);
int objects_destroy_at(uint64_t addr, uint32_t flags, uint32_t *left);
/* One frame for b (as frames_alloc) charged to the pool it is in, and back. */
int objects_frame_take(struct bank *b, uint64_t from, unsigned pool, uint64_t *pa);
void objects_frame_drop(unsigned slot, uint64_t pa);
void objects_destroy_subtree(const struct bank *b);

/* page.c: the short paths of the requests clients make most, ALLOC of a
 * whole-frame object (Page, CapPage, GrantFrame) from any general pool with
 * no lowest address and FREE of one. Each answers as objects_alloc_in and
 * objects_free would, leaving the same books, frames and records, or does
 * nothing and answers PAGE_GENERAL for them to serve. page_alloc gives the
 * object's address and its frame's pool on BANK_OK; page_free takes the
 * address as FREE's two words. */
#define PAGE_GENERAL (-1)
/* A Page's Range call is the answer's own (INV_F_PAGE_MAKE, INV_F_PAGE_DESTROY
 * through BANK_R_RANGE, at the answer's w1/w2): the short path leaves the
 * answer's flags here, and what page_answer_went and page_answer_failed
 * need. A Page made is in the books before the answer goes; a Page
 * destroyed, once it went. */
struct page_answer {
	uint32_t flags; /* INV_F_PAGE_*, 0: none */
	struct region *p;
	uint32_t pfn;
	struct frame_rec was; /* a Page to make: the frame's record before */
	int scrub; /* a Page to destroy: BANK_FREE_SCRUB */
};
int page_type(unsigned type);
int page_alloc(struct bank *b, unsigned type, uint64_t *addr, unsigned *in_pool,
	       struct page_answer *a);
int page_free(struct bank *b, uint32_t lo, uint32_t hi, int scrub, struct page_answer *a);
/* After the answer a flagged went (and the next message came): a Page
 * destroyed gets its books, or, unless scrubbed, keeps its frame for the
 * next request (page.c's page_kept), which an ALLOC of a Page by its bank
 * takes as it stands. Clears a. */
void page_answer_went(struct page_answer *a);
/* The kept frame's books, done now: before any request but page_alloc
 * and page_free, which settle them themselves. */
void page_settle(void);
/* ALLOCs answered with the kept frame, for tests. */
extern uint32_t page_reused;
/* After it failed, nothing of it done (its caller gone, or Range refused):
 * a Page not made is uncharged and its frame back (BANK_ERR_NO_FRAMES); a
 * Page to destroy is destroyed now by Range's own call, with its books
 * (BANK_OK, or BANK_ERR_ARG when Range refuses it too). Clears a. Returns
 * what to answer instead. */
int page_answer_failed(struct page_answer *a);

/* tables.c: address-space tables of the processes banks made. */
#define TABLES_ALL 0xffffffffu
/* Charges b for every table va needs in the process in register proc, and
 * gives them; the process must be b's or a descendant's (b is its bank or
 * an ancestor the client named to pay). *given counts those given even on
 * an error. */
int tables_give(struct bank *b, unsigned proc, uint32_t va, uint32_t *given);
/* The kernel took the table at table_pfn out of the process at proc_addr
 * (it mapped nothing any more): uncharge the bank that paid, free it. */
void tables_returned(uint32_t table_pfn, uint32_t proc_addr);
/* The process at proc_frame | slot (every one of the frame with TABLES_ALL)
 * is gone and the kernel holds its tables for the bank: uncharge, free. */
void tables_settle(uint64_t proc_frame, uint32_t slot_or_all);

/* devices.c */
void devices_added(uint32_t pfn, uint32_t frames);
void devices_removed(uint32_t pfn);
void devices_rescan(void);
int devices_page(struct bank *b, uint32_t dev, uint32_t frame);
void devices_forget_bank(unsigned slot);

/* budget.c: the kernel's events. */
void budget_handle(const struct msg *m);
int budget_log(uint32_t i, uint32_t *kind, uint32_t *frames, uint32_t *count);

#endif
