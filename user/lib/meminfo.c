/* MemInfo invocations: the ledger and the budget as the kernel counts them. */
#include <arroyo/user.h>

int meminfo_ledger(unsigned cap, unsigned state, uint64_t *frames)
{
	struct msg m = { { state }, 0 };
	int err = invoke(cap, MEMINFO_OP_LEDGER, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && frames)
		*frames = msg_u64(&m.w[0]);
	return err;
}

int meminfo_budget(unsigned cap, uint64_t *frames)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(cap, MEMINFO_OP_BUDGET, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && frames)
		*frames = msg_u64(&m.w[0]);
	return err;
}
