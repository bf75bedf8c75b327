/* DeviceRange invocations: describe the device, map one of its pages. */
#include <arroyo/user.h>

int device_range_info(unsigned dr, uint64_t *base, uint32_t *frames)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(dr, DEVICE_RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && base)
		*base = msg_u64(&m.w[0]);
	if (!err && frames)
		*frames = m.w[2];
	return err;
}

int device_range_page(unsigned dr, uint32_t index, unsigned dst)
{
	struct msg m = { { index, dst }, 0 };

	return invoke(dr, DEVICE_RANGE_OP_PAGE, CAP_NONE, CAP_NONE, 0, &m);
}
