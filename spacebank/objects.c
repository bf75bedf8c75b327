/* Objects: a frame from frames.c, typed by Range at that frame; freed by
 * naming the object's address (RANGE_OP_DESTROY_AT keeps the frame held by
 * the bank), so the bank keeps a frame number per object, never a
 * capability. Processes and Endpoints are packed several to a frame (pots):
 * each bank fills pot frames of its own, a frame is charged when its first
 * object is made and uncharged when its last one goes, and every object is
 * charged one of its type. */
#include "bank.h"

#include <arroyo/invoke_inline.h>

#define OBJECTS_SLOT_MASK OBJ_ADDR_SLOT_MASK

unsigned objects_create_type(const struct bank *b, unsigned type, const struct frame_rec *r)
{
	return type == CT_PAGE && r->last == tree_slot(b) + 1 ? type | RANGE_CREATE_UNZEROED : type;
}

int objects_create_at(unsigned type, uint64_t pa)
{
	uint32_t w[MSG_REG_WORDS] = { type, BANK_R_OUT, MSG_U64(pa) };

	return invoke_inline(INV_HEADER(BANK_R_RANGE, RANGE_OP_CREATE, CAP_NONE, CAP_NONE), 0, w,
			     NULL);
}

int objects_destroy_at(uint64_t addr, uint32_t flags, uint32_t *left)
{
	uint32_t w[MSG_REG_WORDS] = { MSG_U64(addr), RANGE_KEEP_HELD | flags, 0 };
	int e = invoke_inline(INV_HEADER(BANK_R_RANGE, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE), 0,
			      w, NULL);

	*left = w[0];
	return e;
}

/* Index into struct bank's pot[], or -1 for whole-frame types. */
static int objects_pot_index(unsigned type)
{
	return type == CT_PROCESS ? 0 : type == CT_ENDPOINT ? 1 : -1;
}

/* What the kernel said a pot frame holds at most, per packed type. */
static uint32_t objects_capacity[2];

/* The pot the next object of b goes to: its open one, another with room
 * (in pool, unless POOL_ANY), or 0 (a new frame). */
static uint64_t objects_pot_for(struct bank *b, unsigned type, int k, unsigned pool)
{
	uint64_t pa = b->pot[k];
	uint8_t slot = (uint8_t)tree_slot(b);
	const struct frame_rec *r = pa ? frames_rec(pa) : NULL;

	if (r && r->type == type && r->owner == slot && r->count < objects_capacity[k] &&
	    (pool == POOL_ANY || frames_pool(pa) == pool))
		return pa;
	pa = objects_capacity[k]
		     ? frames_find_pot(slot, (uint8_t)type, (uint8_t)objects_capacity[k], pool)
		     : 0;
	if (pool == POOL_ANY)
		b->pot[k] = pa;
	return pa;
}

/* A frame for b from pool (POOL_ANY: any general pool), charged to the pool
 * it is in: a named pool before the frame is taken, one naming none after. */
int objects_frame_take(struct bank *b, uint64_t from, unsigned pool, uint64_t *pa)
{
	int e = pool == POOL_ANY ? BANK_OK : pools_charge(b, pool, 1);

	if (e)
		return e;
	e = frames_alloc(from, !from, pool, pa);
	if (e) {
		if (pool != POOL_ANY)
			pools_uncharge(tree_slot(b), pool, 1);
		return e;
	}
	if (pool == POOL_ANY && (e = pools_charge(b, frames_pool(*pa), 1)) != BANK_OK)
		frames_free(*pa);
	return e;
}

void objects_frame_drop(unsigned slot, uint64_t pa)
{
	pools_uncharge(slot, frames_pool(pa), 1);
	frames_free(pa);
}

static int objects_alloc_packed(struct bank *b, unsigned type, int k, unsigned pool, uint64_t *addr)
{
	uint64_t pa = objects_pot_for(b, type, k, pool);
	uint32_t count, capacity;
	struct frame_rec *r;
	int fresh = !pa, e;

	e = tree_charge(b, type, fresh ? 1 : 0);
	if (e)
		return e;
	if (fresh)
		e = objects_frame_take(b, 0, pool, &pa);
	if (!e && range_create_in(BANK_R_RANGE, type, BANK_R_OUT, pa, addr, &count, &capacity) !=
			  INV_OK) {
		if (fresh)
			objects_frame_drop(tree_slot(b), pa);
		e = BANK_ERR_NO_FRAMES;
	}
	if (e) {
		tree_uncharge(tree_slot(b), type, fresh ? 1 : 0);
		return e;
	}
	objects_capacity[k] = capacity;
	r = frames_rec(pa);
	r->owner = (uint8_t)tree_slot(b);
	r->type = (uint8_t)type;
	r->count = (uint8_t)count;
	if (pool == POOL_ANY)
		b->pot[k] = count < capacity ? pa : 0;
	return BANK_OK;
}

/* The frame for a whole-frame object, charged with the object. A frame the
 * bank holds is taken first and the whole charge made in one step (over a
 * limit the frame goes straight back to its buddy: nothing changed). Without
 * one the charge comes first, so that a request over a limit takes no chunk
 * from the kernel. */
static int objects_frame_for(struct bank *b, unsigned type, uint64_t from, unsigned pool,
			     struct frame_ref *f)
{
	uint64_t pa;
	int e;

	if (frames_alloc_held(from, !from, pool, f) == BANK_OK) {
		e = charge_one(b, type, f->pool);
		if (e)
			frames_put(f);
		return e;
	}
	e = tree_charge(b, type, 1);
	if (e)
		return e;
	e = objects_frame_take(b, from, pool, &pa);
	if (e)
		tree_uncharge(tree_slot(b), type, 1);
	return e ? e : frames_find(pa, f);
}

int objects_alloc_in(struct bank *b, unsigned type, uint64_t from, unsigned pool, uint64_t *addr,
		     unsigned *in_pool)
{
	int k = objects_pot_index(type), e;
	struct frame_ref f;

	if ((!page_type(type) && k < 0) || (from && type != CT_PAGE) ||
	    (pool != POOL_ANY && !pools_known(pool)))
		return BANK_ERR_ARG;
	if (k >= 0) {
		e = objects_alloc_packed(b, type, k, pool, addr);
		if (!e)
			*in_pool = frames_pool(*addr);
		return e;
	}
	e = objects_frame_for(b, type, from, pool, &f);
	if (e)
		return e;
	*addr = f.pa; /* also on a failure: the frame the object was refused */
	if (objects_create_at(objects_create_type(b, type, f.rec), f.pa) != INV_OK) {
		charge_drop_one(tree_slot(b), type, f.pool);
		frames_put(&f);
		return BANK_ERR_NO_FRAMES;
	}
	*f.rec = (struct frame_rec){ .owner = (uint8_t)tree_slot(b),
				     .type = (uint8_t)type,
				     .count = 1 };
	*in_pool = f.pool;
	return BANK_OK;
}

int objects_alloc(struct bank *b, unsigned type, uint64_t from, unsigned pool, uint64_t *addr)
{
	unsigned in_pool;

	return objects_alloc_in(b, type, from, pool, addr, &in_pool);
}

/* Destroys the object at addr in frame f (with RANGE_WHOLE_FRAME: every
 * object of the frame) and settles the books in one step; the frame goes
 * back to the buddy once its last object is gone, a Page's remembered as its
 * bank's own unless scrub. Returns the kernel's error. */
static int objects_release(uint64_t addr, const struct frame_ref *f, uint32_t flags, int scrub)
{
	struct frame_rec *r = f->rec;
	uint32_t n = flags & RANGE_WHOLE_FRAME ? r->count : 1, left;
	int e = objects_destroy_at(addr, flags, &left);

	if (e != INV_OK)
		return e;
	if (r->type == CT_PROCESS) /* the kernel handed its tables back, held */
		tables_settle(f->pa, flags & RANGE_WHOLE_FRAME
					     ? TABLES_ALL
					     : (uint32_t)(addr & OBJECTS_SLOT_MASK));
	r->count = (uint8_t)(r->count - n);
	if (left || n != 1) { /* frame-mates live on, or a whole pot goes */
		struct charge c = { r->type, n, !left, f->pool, !left };

		charge_give(r->owner, &c);
		if (left)
			return INV_OK;
	} else { /* one object and its frame */
		charge_drop_one(r->owner, r->type, f->pool);
	}
	frames_put(f);
	frame_rec_release(r, scrub);
	return INV_OK;
}

int objects_free(struct bank *b, uint64_t addr, int scrub)
{
	struct frame_ref f;
	uint8_t owner;
	int k;

	if (frames_find(addr & ~(uint64_t)OBJECTS_SLOT_MASK, &f) || !f.rec->type ||
	    f.rec->type == CT_PAGETABLE || !tree_within(f.rec->owner, b))
		return BANK_ERR_ARG; /* tables go with their process */
	k = objects_pot_index(f.rec->type);
	if (k < 0 && (addr & OBJECTS_SLOT_MASK))
		return BANK_ERR_ARG;
	owner = f.rec->owner;
	if (objects_release(addr, &f, 0, scrub) != INV_OK)
		return BANK_ERR_ARG; /* a free slot: freed already */
	if (k >= 0 && f.rec->type && !bank_table[owner].pot[k] && pools_general(f.pool))
		bank_table[owner].pot[k] = f.pa; /* room again: fill it first */
	return BANK_OK;
}

static void objects_reap(uint64_t pa, uint8_t owner, uint8_t type, void *ctx)
{
	/* Tables are settled with their process, which is in the same bank. */
	struct frame_ref f;

	if (type != CT_PAGETABLE && tree_within(owner, ctx) && frames_find(pa, &f) == BANK_OK)
		objects_release(pa, &f, RANGE_WHOLE_FRAME, 1);
}

void objects_destroy_subtree(const struct bank *b)
{
	frames_each(objects_reap, (void *)b);
}
