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

/* Only RAM objects: device frames, free frames, tables in a space (which
 * have no OID), the loader's grant frames and the pages a process owns are
 * not Range's to destroy. With RANGE_WHOLE_FRAME
 * every object of the frame goes (the space bank destroying a bank's pots). */
static int range_destroy_at(struct inv *in)
{
	pa_t addr = range_hold_pa(in->w);
	bool self = false, whole = in->w[2] & RANGE_WHOLE_FRAME;
	unsigned left, pt;
	struct obj_ref o;

	if (in->w[2] & ~(RANGE_KEEP_HELD | RANGE_WHOLE_FRAME))
		return INV_ERR_ARG;
	if (whole && (addr & OBJ_ADDR_SLOT_MASK))
		return INV_ERR_ARG;
	/* The whole frame: from its first live object on. */
	for (unsigned s = 1; whole && s < POT_MAX_SLOTS && obj_at(addr, &o) != INV_OK; s++)
		addr = (addr & ~(pa_t)OBJ_ADDR_SLOT_MASK) | s;
	if (obj_at(addr, &o) != INV_OK)
		return INV_ERR_ARG;
	/* Tables, grant frames and pages a process owns are its own. */
	pt = pagehdr_type(o.h);
	if ((pt == PT_OBJ_TABLE && pagehdr_oid(o.h) == OID_NONE) ||
	    (pt == PT_OBJ_GRANT && grant_frame_owned(o.h)) ||
	    proc_owns_frame(addr & ~(pa_t)OBJ_ADDR_SLOT_MASK))
		return INV_ERR_ARG;
	do {
		self |= pagehdr_type(o.h) == PT_OBJ_PROCESS && o.kva == in->p;
		left = range_destroy_object(&o);
		/* The next live object of the frame, while there is one. */
		for (unsigned s = 0; whole && left && s < POT_MAX_SLOTS; s++)
			if (obj_at(pagehdr_pa(o.h) | s, &o) == INV_OK)
				break;
	} while (whole && left);
	if (!left && (in->w[2] & RANGE_KEEP_HELD))
		pagehdr_set_type(o.h, PT_HELD);
	in->out[0] = left;
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
