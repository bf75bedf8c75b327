/* MemInfo: the ledger and the budget, read from user level (doc/abi.md). */
#include <kernel/budget.h>
#include <kernel/inv.h>
#include <kernel/ledger.h>

static void meminfo_put64(uint32_t *w, uint64_t v)
{
	w[0] = (uint32_t)v;
	w[1] = (uint32_t)(v >> 32);
}

int meminfo_invoke(struct inv *in)
{
	if (in->op != MEMINFO_OP_LEDGER && in->op != MEMINFO_OP_BUDGET)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_READ))
		return INV_ERR_RIGHTS;
	if (in->op == MEMINFO_OP_LEDGER) {
		/* w0 = state in ledger order; w2 says how many states there are */
		if (in->w[0] >= LEDGER_STATE_COUNT)
			return INV_ERR_ARG;
		meminfo_put64(in->out, ledger_count(in->w[0]));
		in->out[2] = LEDGER_STATE_COUNT;
		return INV_OK;
	}
	meminfo_put64(in->out, budget_frames());
	meminfo_put64(in->out + 2, ledger_count(LEDGER_BANKED));
	return INV_OK;
}
