/* Objects: a frame from frames.c, typed by Range at that frame; freed by
 * naming the frame (RANGE_OP_DESTROY_AT keeps it held by the bank), so the
 * bank keeps a frame number per object, never a capability. */
#include "bank.h"

int objects_alloc(struct bank *b, unsigned type, uint64_t from, unsigned pool, uint64_t *pa)
{
	int e;

	if ((type != CT_PAGE && type != CT_CAPPAGE && type != CT_PROCESS && type != CT_ENDPOINT &&
	     type != CT_GRANT_FRAME) ||
	    (from && type != CT_PAGE) || (pool != POOL_ANY && !pools_known(pool)))
		return BANK_ERR_ARG;
	e = tree_charge(b, type, 1);
	if (e)
		return e;
	/* A named pool is charged before its frame is taken; one naming none is
	 * charged to the pool its frame came from. */
	e = pool == POOL_ANY ? BANK_OK : pools_charge(b, pool, 1);
	if (!e) {
		e = frames_alloc(from, !from, pool, pa);
		if (e && pool != POOL_ANY)
			pools_uncharge(tree_slot(b), pool, 1);
	}
	if (!e && pool == POOL_ANY && (e = pools_charge(b, frames_pool(*pa), 1)) != BANK_OK) {
		frames_free(*pa);
	} else if (!e && range_create_at(BANK_R_RANGE, type, BANK_R_OUT, *pa) != INV_OK) {
		pools_uncharge(tree_slot(b), frames_pool(*pa), 1);
		frames_free(*pa);
		e = BANK_ERR_NO_FRAMES;
	}
	if (e) {
		tree_uncharge(tree_slot(b), type, 1);
		return e;
	}
	*frames_owner(*pa) = (uint8_t)tree_slot(b);
	*frames_type(*pa) = (uint8_t)type;
	return BANK_OK;
}

static void objects_release(uint64_t pa)
{
	struct msg m = { { MSG_U64(pa), RANGE_KEEP_HELD }, 0 };
	uint8_t *owner = frames_owner(pa), *type = frames_type(pa);

	invoke(BANK_R_RANGE, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, 0, &m);
	tree_uncharge(*owner, *type, 1);
	pools_uncharge(*owner, frames_pool(pa), 1);
	*type = 0;
	*owner = 0;
	frames_free(pa);
}

int objects_free(struct bank *b, uint64_t pa)
{
	uint8_t *type = frames_type(pa);

	if ((pa & 0xfff) || !type || !*type || !tree_within(*frames_owner(pa), b))
		return BANK_ERR_ARG;
	objects_release(pa);
	return BANK_OK;
}

static void objects_reap(uint64_t pa, uint8_t owner, uint8_t type, void *ctx)
{
	(void)type;
	if (tree_within(owner, ctx))
		objects_release(pa);
}

void objects_destroy_subtree(const struct bank *b)
{
	frames_each(objects_reap, (void *)b);
}
