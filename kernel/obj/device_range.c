/* DeviceRange: the frames of one device range. The capability names the
 * range's first frame; removing the device bumps every frame's alloc_count
 * (kernel/hotplug/device.c), which rescinds it and every Page made from it. */
#include <kernel/invoke.h>

int device_range_invoke(struct inv *in)
{
	struct range *r = pagehdr_range(in->obj.h);
	struct cap c;

	switch (in->op) {
	case DEVICE_RANGE_OP_INFO:
		msg_put_u64(in->out, r->base);
		in->out[2] = (uint32_t)r->frames;
		return INV_OK;
	case DEVICE_RANGE_OP_PAGE:
		if (!cap_has(&in->cap, CR_READ))
			return INV_ERR_RIGHTS;
		if (in->w[0] >= r->frames)
			return INV_ERR_ARG;
		cap_mint_object(&c, CT_PAGE, in->cap.rights & ~CR_EXEC, pagehdr_at(r, in->w[0]));
		return inv_put(in->p, in->w[1], true, &c);
	default:
		return INV_ERR_CAP_TYPE;
	}
}
