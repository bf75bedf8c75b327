/* Range: mints objects from banked frames and destroys them; hands out
 * DeviceRange capabilities (doc/objects.md, "Range and the ledger"). */
#include <kernel/invoke.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

static enum inv_err range_make(unsigned type, pa_t want, struct obj_ref *o)
{
	struct process *p;
	struct page_common *kept;
	enum inv_err e;
	bool held;

	switch (type) {
	case CT_PAGE | RANGE_CREATE_UNZEROED:
		e = obj_alloc_kept(PT_OBJ_PAGE, want, &kept);
		if (e == INV_OK)
			obj_ref_frame(kept, o);
		return e;
	case CT_PAGE:
		return obj_make(PT_OBJ_PAGE, want, o);
	case CT_CAPPAGE:
		return obj_make(PT_OBJ_CAPPAGE, want, o); /* zeroed: 256 empty slots */
	case CT_ENDPOINT:
		return endpoint_create(want, o);
	case CT_PROCESS:
		e = proc_create(want, &p);
		if (e == INV_OK) {
			proc_ref(p, o);
			/* Made in a frame the caller chose (the space bank's): its
			 * tables come from the bank too. */
			p->tables_paid = want != OBJ_FRAME_ANY;
		}
		return e;
	case CT_PAGETABLE:
		held = want != OBJ_FRAME_ANY && !(want & (PAGE_SIZE - 1)) && pagehdr_of_pa(want) &&
		       pagehdr_type(pagehdr_of_pa(want)) == PT_HELD;
		e = obj_make(PT_OBJ_TABLE, want, o);
		if (e == INV_OK && held)
			pagehdr_set_ot_index(o->h, OT_TABLE_HELD);
		return e;
	case CT_GRANT_FRAME:
		return obj_make(PT_OBJ_GRANT, want, o); /* zeroed: held by no process */
	default:
		return INV_ERR_ARG;
	}
}

static int range_create(struct inv *in)
{
	bool any = in->w[2] == RANGE_ANY && in->w[3] == RANGE_ANY;
	pa_t want = any ? OBJ_FRAME_ANY : msg_u64(&in->w[2]), pa;
	struct obj_ref o;
	struct cap *dst;
	enum inv_err e = inv_dest(in->p, in->w[1], true, &dst);
	unsigned ot;

	if (e != INV_OK)
		return e;
	/* Unzeroed: only a Page, only in a frame the caller names. */
	if ((in->w[0] & RANGE_CREATE_UNZEROED) && any)
		return INV_ERR_ARG;
	e = range_make(in->w[0], want, &o);
	if (e != INV_OK)
		return e;
	/* A frame named and used is that frame (range_make refuses one not
	 * page-aligned): no header -> pa step then. */
	pa = any ? pagehdr_pa(o.h) : want;
	ot = obj_kind_of_type(pagehdr_type(o.h));
	msg_put_u64(in->out, pa | o.slot); /* obj_addr(&o) */
	if (pot_packed(ot)) {
		/* cap_mint's version: the slot's own */
		cap_mint_at(dst, in->w[0] & ~RANGE_CREATE_UNZEROED, CR_ALL, pa, o.slot,
			    ((const struct pot_head *)o.kva)->version);
		in->out[2] = pot_live(obj_kva(o.h), ot);
		in->out[3] = pot_capacity(ot);
		return INV_OK;
	}
	cap_mint_at(dst, in->w[0] & ~RANGE_CREATE_UNZEROED, CR_ALL, pa, 0,
		    pagehdr_alloc_count(o.h));
	in->out[2] = in->out[3] = 1; /* a whole-frame object: alone in its frame */
	return INV_OK;
}

unsigned range_destroy_object(const struct obj_ref *o)
{
	switch (pagehdr_type(o->h)) {
	case PT_OBJ_PAGE:
		proc_unmap_everywhere(pagehdr_pa(o->h));
		return obj_release(o);
	case PT_OBJ_ENDPOINT:
		endpoint_drain(o->kva);
		return obj_release(o);
	case PT_OBJ_PROCESS:
		return proc_destroy(o->kva);
	case PT_OBJ_GRANT:
		grant_frame_destroy(o->h); /* its grants die first */
		return obj_release(o);
	default: /* CapPages: the capabilities in them vanish with the frame */
		return obj_release(o);
	}
}

static int range_destroy(struct inv *in)
{
	struct obj_ref o;
	struct cap c;
	enum inv_err e = inv_get(in->p, in->w[0], &c);
	bool self;

	if (e == INV_OK)
		e = cap_resolve(&c, &o);
	if (e != INV_OK)
		return e;
	if (!o.h || c.type == CT_REPLY || c.type == CT_DEVICE_RANGE ||
	    pagehdr_type(o.h) == PT_DEVICE)
		return INV_ERR_CAP_TYPE; /* services and device frames are not Range's */
	if (!cap_has(&c, CR_WRITE) || (c.rights & CR_WEAK))
		return INV_ERR_RIGHTS;
	self = pagehdr_type(o.h) == PT_OBJ_PROCESS && o.kva == in->p;
	range_destroy_object(&o);
	return self ? INV_NO_RESULT : INV_OK;
}

static struct range *range_device_nth(uint32_t n)
{
	for (struct range *r = range_first(); r; r = range_next(r))
		if (r->cls == RANGE_DEVICE && n-- == 0)
			return r;
	return NULL;
}

static int range_device(struct inv *in)
{
	struct range *r = range_device_nth(in->w[0]);
	struct cap c;
	enum inv_err e;

	if (!r)
		return INV_ERR_ARG;
	cap_mint_object(&c, CT_DEVICE_RANGE, in->cap.rights & CR_ALL & ~CR_EXEC, pagehdr_at(r, 0));
	e = inv_put(in->p, in->w[1], true, &c);
	if (e != INV_OK)
		return e;
	msg_put_u64(in->out, r->base);
	in->out[2] = (uint32_t)r->frames;
	return INV_OK;
}

int range_invoke(struct inv *in)
{
	if (in->op == RANGE_OP_INFO) {
		uint64_t b = ledger_count(LEDGER_BANKED), o = ledger_count(LEDGER_OBJECTS);

		msg_put_u64(in->out, b);
		msg_put_u64(in->out + 2, o);
		return INV_OK;
	}
	if (in->op == RANGE_OP_POOL)
		return pool_info_invoke(in);
	if (in->op > RANGE_OP_DESTROY_AT)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_WRITE) || (in->cap.rights & CR_WEAK))
		return INV_ERR_RIGHTS;
	switch (in->op) {
	case RANGE_OP_TAKE:
	case RANGE_OP_GIVE:
	case RANGE_OP_DESTROY_AT:
		return range_hold_invoke(in);
	case RANGE_OP_CREATE:
		return range_create(in);
	case RANGE_OP_DESTROY:
		return range_destroy(in);
	default:
		return range_device(in);
	}
}
