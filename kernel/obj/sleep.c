/* Sleep: the timer (doc/abi.md). */
#include <kernel/alarm.h>
#include <kernel/invoke.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

int sleep_invoke(struct inv *in)
{
	uint64_t now = timer_ticks();

	switch (in->op) {
	case SLEEP_OP_TICKS:
		if (in->w[0] == 0) {
			sched_rotate(in->p);
			return INV_OK;
		}
		if (in->flags & INV_F_NONBLOCK)
			return INV_ERR_WOULD_BLOCK;
		sched_sleep(in->p, now + in->w[0]);
		return INV_NO_RESULT; /* the tick that wakes it writes INV_OK */
	case SLEEP_OP_NOW:
		msg_put_u64(in->out, now);
		in->out[2] = TIMER_HZ;
		return INV_OK;
	case SLEEP_OP_ALARM:
		return alarm_set(in->p, now, in->w, &in->out[0]);
	case SLEEP_OP_CANCEL:
		return alarm_cancel(in->p, in->w[0]);
	default:
		return INV_ERR_CAP_TYPE;
	}
}
