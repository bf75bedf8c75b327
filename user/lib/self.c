/* CAP_SELF invocations: exit, yield, pid. */
#include <arroyo/user.h>

void self_exit(int status)
{
	struct msg m = { { (uint32_t)status }, 0 };

	invoke(CAP_SELF, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, &m);
	/* The kernel never returns from an exit; if it did, do not run on. */
	for (;;)
		invoke(CAP_SELF, SELF_OP_YIELD, CAP_NONE, CAP_NONE, 0, &m);
}

int self_yield(void)
{
	struct msg m = { { 0 }, 0 };

	return invoke(CAP_SELF, SELF_OP_YIELD, CAP_NONE, CAP_NONE, 0, &m);
}

int self_pid(uint32_t *pid)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && pid)
		*pid = m.w[0];
	return err;
}
