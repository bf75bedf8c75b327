/* MemInfo: the ledger and the budget, read from user level (doc/abi.md). */
#include <kernel/budget.h>
#include <kernel/invoke.h>
#include <kernel/ledger.h>

int meminfo_invoke(struct inv *in)
{
	if (in->op != MEMINFO_OP_LEDGER && in->op != MEMINFO_OP_BUDGET && in->op != MEMINFO_OP_POOL)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_READ))
		return INV_ERR_RIGHTS;
	if (in->op == MEMINFO_OP_POOL)
		return pool_info_invoke(in);
	if (in->op == MEMINFO_OP_LEDGER) {
		/* w0 = state in ledger order; w2 says how many states there are */
		if (in->w[0] >= LEDGER_STATE_COUNT)
			return INV_ERR_ARG;
		msg_put_u64(in->out, ledger_count(in->w[0]));
		in->out[2] = LEDGER_STATE_COUNT;
		return INV_OK;
	}
	msg_put_u64(in->out, budget_frames());
	msg_put_u64(in->out + 2, ledger_count(LEDGER_BANKED));
	return INV_OK;
}
