/* The capability core on the real arch: object frames paid from banked and
 * returned, a process with a real address space, a page mapped in it. */
#include <kernel/cap.h>
#include <kernel/ktest.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/proc.h>
#include <kernel/range_table.h>

KTEST(cap_size)
{
	KT_EQ(sizeof(struct cap), 16);
	KT_ASSERT(sizeof(struct process) <= PAGE_SIZE);
	return KTEST_OK;
}

KTEST(cap_objects_paid_and_returned)
{
	uint64_t banked = ledger_count(LEDGER_BANKED), objects = ledger_count(LEDGER_OBJECTS);
	struct page_common *page;
	struct obj_ref r;
	struct process *p;
	struct cap c;

	KT_EQ(proc_create(OBJ_FRAME_ANY, &p), INV_OK);
	KT_EQ(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &page), INV_OK);
	cap_mint_object(&c, CT_PAGE, CR_ALL, page);
	KT_EQ(proc_map(p, 0x400000, pagehdr_pa(page), true, false, false), INV_OK);
	KT_EQ(proc_map(p, 0x400000, pagehdr_pa(page), true, false, false), INV_ERR_BUSY);
	KT_ASSERT(ledger_count(LEDGER_OBJECTS) >= objects + 2);
	KT_EQ(ledger_count(LEDGER_BANKED) + ledger_count(LEDGER_OBJECTS), banked + objects);
	ledger_check();
	proc_unmap_everywhere(pagehdr_pa(page));
	obj_free(page);
	KT_EQ(cap_resolve(&c, &r), INV_ERR_CAP_STALE);
	proc_destroy(p);
	KT_EQ(ledger_count(LEDGER_BANKED), banked);
	KT_EQ(ledger_count(LEDGER_OBJECTS), objects);
	ledger_check();
	return KTEST_OK;
}
