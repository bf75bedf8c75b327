/* Budget: the kernel's channel to the space bank (doc/abi.md, doc/spacebank.md).
 * The queue and its delivery are kernel/mem/budget_chan.c; the reclaim answer
 * goes to kernel/hotplug/reclaim.c, the release answer to kernel/hotplug/ram.c. */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/invoke.h>

static int budget_bind(struct inv *in)
{
	struct obj_ref h;
	struct cap c;
	enum inv_err e = inv_send_cap(in, &c, &h);

	if (e != INV_OK)
		return e;
	if (!cap_is_empty(&c) && c.type != CT_ENDPOINT)
		return INV_ERR_CAP_TYPE;
	budget_chan_bind(&c);
	return INV_OK;
}

int budget_invoke(struct inv *in)
{
	bool writer = cap_has(&in->cap, CR_WRITE) && !(in->cap.rights & CR_WEAK);
	uint64_t taken;

	switch (in->op) {
	case BUDGET_OP_WAIT:
		if (!cap_has(&in->cap, CR_READ))
			return INV_ERR_RIGHTS;
		if (in->recv_slot != CAP_NONE &&
		    (in->recv_slot >= CAP_REGS || !cap_is_empty(&in->p->cregs[in->recv_slot])))
			return INV_ERR_SLOT;
		return budget_chan_wait(in->p, in->recv_slot, in->cap.rights & CR_WEAK,
					in->flags & INV_F_NONBLOCK);
	case BUDGET_OP_BIND:
		return writer ? budget_bind(in) : INV_ERR_RIGHTS;
	case BUDGET_OP_RECLAIM:
		if (!writer)
			return INV_ERR_RIGHTS;
		in->out[1] = hotplug_reclaim_answer(in->w[0], &taken);
		in->out[0] = (uint32_t)taken;
		return INV_OK;
	case BUDGET_OP_RANGE_DONE:
		if (!writer)
			return INV_ERR_RIGHTS;
		in->out[1] = hotplug_ram_release_done();
		return INV_OK;
	case BUDGET_OP_INFO: {
		uint64_t b = budget_frames(), d = budget_chan_drops();

		in->out[0] = sat_u32(b);
		in->out[1] = budget_chan_queued();
		in->out[2] = sat_u32(d);
		in->out[3] = (uint32_t)hotplug_reclaim_wanted();
		return INV_OK;
	}
	default:
		return INV_ERR_CAP_TYPE;
	}
}
