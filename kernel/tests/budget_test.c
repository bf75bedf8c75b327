/* ktests of the budget channel and held runs on the real machine
 * (doc/spacebank.md): the boot events are queued for the bank, and a held
 * run is aligned, stays banked, is passed by the kernel's own searches and
 * comes back whole. */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/chunk.h>
#include <kernel/ktest.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>

KTEST(budget_boot_events_queued)
{
	/* conservative and relaxed at least; nothing has taken them yet */
	KT_ASSERT(budget_chan_queued() >= 2);
	KT_EQ(budget_chan_drops(), 0);
	KT_ASSERT(budget_phase() == BUDGET_RELAXED);
	return KTEST_OK;
}

KTEST(hold_run_passed_by_kernel_search)
{
	uint64_t banked = ledger_count(LEDGER_BANKED);
	struct page_common *h;
	pa_t base;

	KT_EQ(chunk_take(256, true, &base), ERR_OK);
	KT_EQ(base & (256 * PAGE_SIZE - 1), 0);
	KT_EQ(ledger_count(LEDGER_BANKED), banked);
	KT_EQ(pagehdr_type(pagehdr_of_pa(base + 255 * PAGE_SIZE)), PT_HELD);
	for (unsigned i = 0; i < 64; i++) {
		KT_EQ(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
		KT_ASSERT(pagehdr_pa(h) < base || pagehdr_pa(h) >= base + 256 * PAGE_SIZE);
		obj_free(h);
	}
	KT_EQ(obj_alloc(PT_OBJ_ENDPOINT, base + PAGE_SIZE, &h), INV_OK); /* named: allowed */
	obj_free(h);
	pagehdr_set_type(h, PT_HELD);
	ledger_check();
	KT_EQ(chunk_give(base, 256), ERR_OK);
	KT_EQ(pagehdr_type(pagehdr_of_pa(base)), PT_FREE);
	KT_EQ(ledger_count(LEDGER_BANKED), banked);
	return KTEST_OK;
}
