/* The operations every capability has: identify, copy, restrict, delete
 * (doc/abi.md, "Invocations"). */
#include <kernel/invoke.h>

int cap_ops_invoke(struct inv *in)
{
	struct cap *dst, copy;
	enum inv_err e;

	switch (in->op) {
	case CAP_OP_IDENTIFY:
		in->out[0] = in->cap.type;
		in->out[1] = in->cap.rights;
		in->out[2] = in->cap.badge;
		return INV_OK;
	case CAP_OP_COPY:
		return inv_put(in->p, in->w[0], true, &in->cap);
	case CAP_OP_RESTRICT:
		e = cap_restrict(&copy, &in->cap, in->w[1]);
		if (e != INV_OK)
			return e;
		/* restricting in place is allowed; elsewhere the slot must be empty */
		return inv_put(in->p, in->w[0], in->w[0] != in->index, &copy);
	case CAP_OP_DELETE:
		if (in->index == CAP_SELF)
			return INV_ERR_CAP_TYPE;
		e = inv_dest(in->p, in->index, false, &dst);
		if (e == INV_OK)
			cap_clear(dst);
		return e == INV_ERR_SLOT ? INV_ERR_RIGHTS : e;
	default:
		return INV_ERR_CAP_TYPE;
	}
}
