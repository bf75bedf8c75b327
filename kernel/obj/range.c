/* Range: mints objects from banked frames and destroys them; hands out
 * DeviceRange capabilities (doc/objects.md, "Range and the ledger"). */
#include <kernel/invoke.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

static enum inv_err range_make(unsigned type, pa_t want, struct page_common **h)
{
	struct process *p;
	enum inv_err e;

	switch (type) {
	case CT_PAGE:
		return obj_alloc(PT_OBJ_PAGE, want, h);
	case CT_CAPPAGE:
		return obj_alloc(PT_OBJ_CAPPAGE, want, h); /* zeroed: 256 empty slots */
	case CT_ENDPOINT:
		return endpoint_create(want, h);
	case CT_PROCESS:
		e = proc_create(want, &p);
		*h = e == INV_OK ? proc_hdr(p) : NULL;
		return e;
	case CT_GRANT_FRAME:
		return obj_alloc(PT_OBJ_GRANT, want, h); /* zeroed: held by no process */
	default:
		return INV_ERR_ARG;
	}
}

static int range_create(struct inv *in)
{
	pa_t want = in->w[2] == RANGE_ANY && in->w[3] == RANGE_ANY ? OBJ_FRAME_ANY
								   : (msg_u64(&in->w[2]));
	struct page_common *h;
	struct cap *dst;
	enum inv_err e = inv_dest(in->p, in->w[1], true, &dst);

	if (e != INV_OK)
		return e;
	e = range_make(in->w[0], want, &h);
	if (e != INV_OK)
		return e;
	cap_mint_object(dst, in->w[0], CR_ALL, h);
	msg_put_u64(in->out, pagehdr_pa(h));
	return INV_OK;
}

void range_destroy_object(struct page_common *h)
{
	switch (pagehdr_type(h)) {
	case PT_OBJ_PAGE:
		proc_unmap_everywhere(pagehdr_pa(h));
		obj_free(h);
		break;
	case PT_OBJ_ENDPOINT:
		endpoint_drain(obj_kva(h));
		obj_free(h);
		break;
	case PT_OBJ_PROCESS:
		proc_destroy(proc_of_hdr(h));
		break;
	case PT_OBJ_GRANT:
		grant_frame_destroy(h); /* its grants die first */
		break;
	default: /* CapPages: the capabilities in them vanish with the frame */
		obj_free(h);
		break;
	}
}

static int range_destroy(struct inv *in)
{
	struct page_common *h;
	struct cap c;
	enum inv_err e = inv_get(in->p, in->w[0], &c);
	bool self;

	if (e == INV_OK)
		e = cap_resolve(&c, &h);
	if (e != INV_OK)
		return e;
	if (!h || c.type == CT_REPLY || c.type == CT_DEVICE_RANGE || pagehdr_type(h) == PT_DEVICE)
		return INV_ERR_CAP_TYPE; /* services and device frames are not Range's */
	if (!cap_has(&c, CR_WRITE) || (c.rights & CR_WEAK))
		return INV_ERR_RIGHTS;
	self = pagehdr_type(h) == PT_OBJ_PROCESS && proc_of_hdr(h) == in->p;
	range_destroy_object(h);
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
