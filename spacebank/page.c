/* The short paths of ALLOC and FREE of a whole-frame object (bank.h): the
 * frame comes from the region a request of its kind tries first
 * (frames_first_any) and goes back to the region last used (frames_hint),
 * with the charge in one walk. Anything else about the request (another
 * region, a pot, a bad address) is the general path's, which the short
 * paths leave untouched: they decide before they change anything. A Page's
 * Range call is made by the answer itself (struct page_answer), and a
 * FREE's books wait for the next request (page_kept). */
#include "region.h"

int page_type(unsigned type)
{
	return type == CT_PAGE || type == CT_CAPPAGE || type == CT_GRANT_FRAME;
}

/* The frame of the last Page a FREE destroyed, its books left for the next
 * request (page_answer_went); p NULL: none. If that request is an ALLOC of
 * a Page by the bank the Page was charged to, from the region the frame is
 * in, and its buddy's stash has room, the frame is its answer as it stands,
 * still charged and recorded: the FREE's books and the ALLOC's would cancel
 * out (the stash would give the frame just freed back first, the same
 * charge go up the same banks, and the frame was that bank's Page, so it is
 * made unzeroed). Any other request settles the books first (page_settle),
 * so every request finds the books as they would be without the wait. */
static struct {
	struct region *p;
	uint32_t pfn;
} page_kept;
uint32_t page_reused;

/* FREE's books once the object is gone from its frame: left, objects the
 * kernel still keeps there (nothing of the frame comes back). */
static inline __attribute__((always_inline)) void page_books(struct region *p, uint32_t pfn,
							     uint32_t left, int scrub)
{
	struct frame_rec *r = &p->rec[pfn & (FRAMES_REGION - 1)];
	unsigned owner = r->owner, type = r->type;

	r->count--;
	if (left) {
		struct charge c = { type, 1, 0, p->pool, 0 };

		charge_give(owner, &c);
		return;
	}
	charge_drop_one(owner, type, p->pool);
	buddy_free(&p->b, pfn, 0);
	frame_rec_release(r, scrub);
}

static __attribute__((noinline)) void page_settle_kept(void)
{
	page_books(page_kept.p, page_kept.pfn, 0, 0);
	page_kept.p = NULL;
}

/* Inline where the short paths test it (almost always nothing kept). */
static inline __attribute__((always_inline)) void page_settle_inline(void)
{
	if (page_kept.p)
		page_settle_kept();
}

void page_settle(void)
{
	page_settle_inline();
}

/* page_alloc's answer from the kept frame (b its Page's bank). Its record
 * stays the Page's; was, for an answer that fails, is what the FREE's
 * books would have left, which page_answer_failed's undo then writes. */
static int page_reuse(struct bank *b, uint64_t *addr, unsigned *in_pool, struct page_answer *a)
{
	struct region *p = page_kept.p;

	page_kept.p = NULL;
	page_reused++;
	frames_hint = p;
	a->flags = INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED;
	a->p = p;
	a->pfn = page_kept.pfn;
	a->was = (struct frame_rec){ .last = (uint8_t)(tree_slot(b) + 1) };
	*addr = (uint64_t)page_kept.pfn << 12;
	*in_pool = p->pool;
	return BANK_OK;
}

/* As objects_frame_for and objects_alloc_in, when frames_alloc_held's own
 * short path has the frame: taken, charged (over a limit it goes straight
 * back), typed by Range (refused: uncharged and back); a Page's Range call
 * left to the answer (a). */
int page_alloc(struct bank *b, unsigned type, uint64_t *addr, unsigned *in_pool,
	       struct page_answer *a)
{
	struct region *p = frames_first_any;
	struct frame_rec *r;
	uint32_t pfn;
	pfn_t got;
	int e;

	if (!p)
		return PAGE_GENERAL;
	if (page_kept.p) {
		if (type == CT_PAGE && page_kept.p == p && buddy_stash_has_room(&p->b) &&
		    p->rec[page_kept.pfn & (FRAMES_REGION - 1)].owner == tree_slot(b))
			return page_reuse(b, addr, in_pool, a);
		page_settle_kept();
	}
	if (buddy_alloc(&p->b, 0, &got) != ERR_OK)
		return PAGE_GENERAL;
	pfn = (uint32_t)got; /* the region's: below 2^32 */
	frames_hint = p;
	r = &p->rec[pfn & (FRAMES_REGION - 1)];
	*addr = (uint64_t)pfn << 12;
	e = charge_one(b, type, p->pool);
	if (!e && type != CT_PAGE &&
	    objects_create_at(objects_create_type(b, type, r), *addr) != INV_OK) {
		charge_drop_one(tree_slot(b), type, p->pool);
		e = BANK_ERR_NO_FRAMES;
	}
	if (e) {
		buddy_free(&p->b, pfn, 0);
		return e;
	}
	if (type == CT_PAGE) { /* objects_create_type's choice, for the answer */
		a->flags = r->last == tree_slot(b) + 1 ? INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED
						       : INV_F_PAGE_MAKE;
		a->p = p;
		a->pfn = pfn;
		a->was = *r;
	}
	*r = (struct frame_rec){ .owner = (uint8_t)tree_slot(b),
				 .type = (uint8_t)type,
				 .count = 1 };
	*in_pool = p->pool;
	return BANK_OK;
}

/* The object in frame pfn of p destroyed by Range's own call, and its
 * books; BANK_ERR_ARG when Range refuses it (freed already, or a process's
 * own Page). */
static int page_destroy_now(struct region *p, uint32_t pfn, int scrub)
{
	uint32_t left;

	if (objects_destroy_at((uint64_t)pfn << 12, 0, &left) != INV_OK)
		return BANK_ERR_ARG;
	page_books(p, pfn, left, scrub);
	return BANK_OK;
}

/* As objects_free and objects_release, for a whole-frame object of b or a
 * descendant in the region last used, at the address lo | hi << 32: a
 * Page's destroy and books left to the answer (a). */
int page_free(struct bank *b, uint32_t lo, uint32_t hi, int scrub, struct page_answer *a)
{
	struct region *p;
	uint32_t pfn = lo >> 12 | hi << 20;
	struct frame_rec *r;

	page_settle_inline(); /* the kept frame's own FREE again: refused as freed */
	p = frames_hint;
	r = &p->rec[pfn & (FRAMES_REGION - 1)];
	if ((hi >> 12) || (lo & 0xfff) || !frames_holds(p, pfn) || !page_type(r->type) ||
	    !tree_within(r->owner, b))
		return PAGE_GENERAL;
	if (r->type == CT_PAGE) {
		a->flags = INV_F_PAGE_DESTROY;
		a->p = p;
		a->pfn = pfn;
		a->scrub = scrub;
		return BANK_OK;
	}
	return page_destroy_now(p, pfn, scrub);
}

void page_answer_went(struct page_answer *a)
{
	if (a->flags == INV_F_PAGE_DESTROY) {
		if (a->scrub) {
			page_books(a->p, a->pfn, 0, 1);
		} else { /* page_free settled any kept before */
			page_kept.p = a->p;
			page_kept.pfn = a->pfn;
		}
	}
	a->flags = 0;
}

int page_answer_failed(struct page_answer *a)
{
	struct frame_rec *r = &a->p->rec[a->pfn & (FRAMES_REGION - 1)];
	uint32_t flags = a->flags;

	a->flags = 0;
	if (flags != INV_F_PAGE_DESTROY) { /* not made: uncharged and back */
		charge_drop_one(r->owner, CT_PAGE, a->p->pool);
		buddy_free(&a->p->b, a->pfn, 0);
		*r = a->was;
		return BANK_ERR_NO_FRAMES;
	}
	/* its caller gone, or a Page only Range's own destroy takes */
	return page_destroy_now(a->p, a->pfn, a->scrub);
}
