/* Range operations for the space bank's own allocator (doc/abi.md,
 * doc/spacebank.md "Chunks"): hold a naturally aligned run of banked frames
 * in one call, give it back, and destroy an object by naming its frame, so
 * that the bank keeps frame numbers rather than a capability per object. */
#include <kernel/chunk.h>
#include <kernel/ledger.h>
#include <kernel/invoke.h>
#include <kernel/obj.h>
#include <kernel/pool.h>

static pa_t range_hold_pa(const uint32_t *w)
{
	return msg_u64(w);
}

static int range_take(struct inv *in)
{
	pa_t base;
	enum err e;

	unsigned pool = RANGE_TAKE_POOL_OF(in->w[1]) & 0xffu; /* POOL_ANY when none */

	if (in->w[0] > RANGE_TAKE_MAX || (in->w[1] & ~(RANGE_TAKE_KVA | 0xff00u)) ||
	    (pool != POOL_ANY && !pool_get(pool)))
		return INV_ERR_ARG;
	e = chunk_take_in(in->w[0], in->w[1] & RANGE_TAKE_KVA, msg_u64(&in->w[2]), pool, &base);
	if (e == ERR_NOMEM)
		return INV_ERR_NO_FRAMES;
	if (e != ERR_OK)
		return INV_ERR_ARG;
	msg_put_u64(in->out, base);
	return INV_OK;
}

/* Only RAM objects: device frames and free frames are not Range's to destroy. */
static int range_destroy_at(struct inv *in)
{
	pa_t pa = range_hold_pa(in->w);
	struct page_common *h = (pa & (PAGE_SIZE - 1)) ? NULL : pagehdr_of_pa(pa);
	bool self;

	if (in->w[2] & ~RANGE_KEEP_HELD)
		return INV_ERR_ARG;
	if (!h || ledger_state_of_type(pagehdr_type(h)) != LEDGER_OBJECTS ||
	    pagehdr_type(h) == PT_OBJ_TABLE || grant_frame_owned(h) || proc_owns_frame(pa))
		return INV_ERR_ARG; /* tables and owned pages belong to their process */
	self = pagehdr_type(h) == PT_OBJ_PROCESS && proc_of_hdr(h) == in->p;
	range_destroy_object(h);
	if (in->w[2] & RANGE_KEEP_HELD)
		pagehdr_set_type(h, PT_HELD);
	return self ? INV_NO_RESULT : INV_OK;
}

int range_hold_invoke(struct inv *in)
{
	switch (in->op) {
	case RANGE_OP_TAKE:
		return range_take(in);
	case RANGE_OP_GIVE:
		return chunk_give(range_hold_pa(in->w), in->w[2]) == ERR_OK ? INV_OK : INV_ERR_ARG;
	default:
		return range_destroy_at(in);
	}
}
