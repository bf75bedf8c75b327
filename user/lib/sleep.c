/* Sleep invocations: wait for ticks, read the tick count. */
#include <arroyo/user.h>

int sleep_ticks(unsigned cap, uint32_t ticks)
{
	struct msg m = { { ticks }, 0 };

	return invoke(cap, SLEEP_OP_TICKS, CAP_NONE, CAP_NONE, 0, &m);
}

int sleep_now(unsigned cap, uint64_t *ticks, uint32_t *ticks_per_sec)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(cap, SLEEP_OP_NOW, CAP_NONE, CAP_NONE, 0, &m);

	if (err)
		return err;
	if (ticks)
		*ticks = msg_u64(&m.w[0]);
	if (ticks_per_sec)
		*ticks_per_sec = m.w[2];
	return INV_OK;
}
