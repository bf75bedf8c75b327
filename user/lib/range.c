/* Range invocations: create and destroy objects, hand out device ranges. */
#include <arroyo/user.h>

int range_create(unsigned range, unsigned type, unsigned dst, uint64_t *pa)
{
	struct msg m = { { type, dst, RANGE_ANY, RANGE_ANY }, 0 };
	int err = invoke(range, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && pa)
		*pa = msg_u64(m.w);
	return err;
}

int range_create_at(unsigned range, unsigned type, unsigned dst, uint64_t pa)
{
	struct msg m; /* a short invocation sends words 0-3 only */

	m.w[0] = type;
	m.w[1] = dst;
	msg_put_u64(&m.w[2], pa);
	return invoke(range, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, 0, &m);
}

int range_create_in(unsigned range, unsigned type, unsigned dst, uint64_t pa, uint64_t *addr,
		    uint32_t *count, uint32_t *capacity)
{
	struct msg m = { { type, dst, MSG_U64(pa) }, 0 };
	int err = invoke(range, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, 0, &m);

	if (!err) {
		*addr = msg_u64(m.w);
		*count = m.w[2];
		*capacity = m.w[3];
	}
	return err;
}

int range_destroy(unsigned range, unsigned cap)
{
	struct msg m = { { cap }, 0 };

	return invoke(range, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 0, &m);
}

int range_device(unsigned range, unsigned n, unsigned dst, uint64_t *base, uint32_t *frames)
{
	struct msg m = { { n, dst }, 0 };
	int err = invoke(range, RANGE_OP_DEVICE, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && base)
		*base = msg_u64(m.w);
	if (!err && frames)
		*frames = m.w[2];
	return err;
}

int range_info(unsigned range, uint64_t *banked_free, uint64_t *objects)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(range, RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && banked_free)
		*banked_free = msg_u64(m.w);
	if (!err && objects)
		*objects = msg_u64(m.w + 2);
	return err;
}
