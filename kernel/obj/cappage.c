/* Invocations of CapPage capabilities: 256 capability slots in a frame
 * (doc/objects.md, "CapPages"). */
#include <kernel/invoke.h>
#include <kernel/obj.h>

int cappage_invoke(struct inv *in)
{
	struct cap *page = in->obj.kva, c;
	enum inv_err e;

	if (in->w[0] >= CAPPAGE_SLOTS)
		return in->op <= CAPPAGE_OP_STORE ? INV_ERR_ARG : INV_ERR_CAP_TYPE;
	switch (in->op) {
	case CAPPAGE_OP_LOAD:
		if (!cap_has(&in->cap, CR_READ))
			return INV_ERR_RIGHTS;
		c = page[in->w[0]];
		if ((in->cap.rights & CR_WEAK) && !cap_is_empty(&c))
			cap_weaken(&c);
		return inv_put(in->p, in->w[1], true, &c);
	case CAPPAGE_OP_STORE:
		if (!cap_has(&in->cap, CR_WRITE) || (in->cap.rights & CR_WEAK))
			return INV_ERR_RIGHTS;
		e = inv_get(in->p, in->w[1], &c);
		if (e != INV_OK)
			return e;
		if (!cap_may_enter_cappage(&c))
			return INV_ERR_RIGHTS;
		if (!cap_is_empty(&page[in->w[0]]))
			return INV_ERR_SLOT;
		page[in->w[0]] = c;
		return INV_OK;
	default:
		return INV_ERR_CAP_TYPE;
	}
}
