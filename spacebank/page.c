/* The short paths of ALLOC and FREE of a whole-frame object (bank.h): the
 * frame comes from the region a request of its kind tries first
 * (frames_first_any) and goes back to the region last used (frames_hint),
 * with the charge in one walk. Anything else about the request (another
 * region, a pot, a bad address) is the general path's, which the short
 * paths leave untouched: they decide before they change anything. */
#include "region.h"

int page_type(unsigned type)
{
	return type == CT_PAGE || type == CT_CAPPAGE || type == CT_GRANT_FRAME;
}

/* As objects_frame_for and objects_alloc_in, when frames_alloc_held's own
 * short path has the frame: taken, charged (over a limit it goes straight
 * back), typed by Range (refused: uncharged and back). */
int page_alloc(struct bank *b, unsigned type, uint64_t *addr, unsigned *in_pool)
{
	struct region *p = frames_first_any;
	struct frame_rec *r;
	uint32_t pfn;
	pfn_t got;
	int e;

	if (!p || buddy_alloc(&p->b, 0, &got) != ERR_OK)
		return PAGE_GENERAL;
	pfn = (uint32_t)got; /* the region's: below 2^32 */
	frames_hint = p;
	r = &p->rec[pfn & (FRAMES_REGION - 1)];
	*addr = (uint64_t)pfn << 12;
	e = charge_one(b, type, p->pool);
	if (!e && objects_create_at(objects_create_type(b, type, r), *addr) != INV_OK) {
		charge_drop_one(tree_slot(b), type, p->pool);
		e = BANK_ERR_NO_FRAMES;
	}
	if (e) {
		buddy_free(&p->b, pfn, 0);
		return e;
	}
	*r = (struct frame_rec){ .owner = (uint8_t)tree_slot(b),
				 .type = (uint8_t)type,
				 .count = 1 };
	*in_pool = p->pool;
	return BANK_OK;
}

/* As objects_free and objects_release, for a whole-frame object of b or a
 * descendant in the region last used, at the address lo | hi << 32. */
int page_free(struct bank *b, uint32_t lo, uint32_t hi, int scrub)
{
	struct region *p = frames_hint;
	uint32_t pfn = lo >> 12 | hi << 20, left;
	struct frame_rec *r = &p->rec[pfn & (FRAMES_REGION - 1)];
	unsigned owner, type;

	if ((hi >> 12) || (lo & 0xfff) || !frames_holds(p, pfn) || !page_type(r->type) ||
	    !tree_within(r->owner, b))
		return PAGE_GENERAL;
	if (objects_destroy_at((uint64_t)hi << 32 | lo, 0, &left) != INV_OK)
		return BANK_ERR_ARG; /* freed already */
	owner = r->owner;
	type = r->type;
	r->count--;
	if (left) { /* the kernel keeps the frame: nothing of it comes back */
		struct charge c = { type, 1, 0, p->pool, 0 };

		charge_give(owner, &c);
		return BANK_OK;
	}
	charge_drop_one(owner, type, p->pool);
	buddy_free(&p->b, pfn, 0);
	frame_rec_release(r, scrub);
	return BANK_OK;
}
