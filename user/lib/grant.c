/* Grants and upcalls: grant memory for a process, what its grants hold, and
 * taking upcalls (doc/grants.md); alarms on the Sleep capability. */
#include <arroyo/user.h>

int grant_mem(unsigned proc, unsigned frame, uint32_t *free_bytes)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(proc, PROC_OP_GRANT_MEM, frame, CAP_NONE, 0, &m);

	if (!err && free_bytes)
		*free_bytes = m.w[0];
	return err;
}

int grant_info(unsigned proc, unsigned service, uint32_t *bytes, uint32_t *used,
	       uint32_t *free_bytes, uint32_t *frames)
{
	struct msg m = { { service }, 0 };
	int err = invoke(proc, PROC_OP_GRANT_INFO, CAP_NONE, CAP_NONE, 0, &m);

	if (err)
		return err;
	if (bytes)
		*bytes = m.w[0];
	if (used)
		*used = m.w[1];
	if (free_bytes)
		*free_bytes = m.w[2];
	if (frames)
		*frames = m.w[3];
	return INV_OK;
}

static int upcall_take(struct upcall *u, uint32_t flags)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, flags, &m);

	if (err)
		return err;
	u->service = m.w[0];
	u->tag = m.w[1];
	u->data = m.w[2];
	u->dropped = m.w[3];
	return INV_OK;
}

int upcall_wait(struct upcall *u)
{
	return upcall_take(u, 0);
}

int upcall_poll(struct upcall *u)
{
	return upcall_take(u, INV_F_NONBLOCK);
}

int process_notify(unsigned proc, uint32_t value)
{
	struct msg m = { { value }, 0 };

	return invoke(proc, PROC_OP_NOTIFY, CAP_NONE, CAP_NONE, 0, &m);
}

int alarm_set(unsigned sleep, uint32_t ticks, uint32_t period, uint32_t count, uint32_t tag,
	      uint32_t *number)
{
	struct msg m = { { ticks, period, count, tag }, 0 };
	int err = invoke(sleep, SLEEP_OP_ALARM, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && number)
		*number = m.w[0];
	return err;
}

int alarm_cancel(unsigned sleep, uint32_t number)
{
	struct msg m = { { number }, 0 };

	return invoke(sleep, SLEEP_OP_CANCEL, CAP_NONE, CAP_NONE, 0, &m);
}
