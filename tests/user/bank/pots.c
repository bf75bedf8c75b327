/* pot_*: Processes and Endpoints packed several to a frame, seen from a
 * client of the space bank (doc/objects.md, "Objects sized to what they
 * hold"). */
#include "bank.h"

#define POT_FRAME(addr) ((addr) & ~(uint64_t)OBJ_ADDR_SLOT_MASK)

/* A non-blocking send on an endpoint nobody receives on: it works. */
static int pot_endpoint_works(unsigned reg)
{
	struct msg m = { { 1, 2, 3, 4 }, 0 };

	return ep_send(reg, &m, CAP_NONE, INV_F_NONBLOCK) == INV_ERR_WOULD_BLOCK;
}

static uint32_t pot_used(unsigned bank, unsigned kind)
{
	uint32_t used = 0xffffffffu;

	bank_query(bank, kind, NULL, &used);
	return used;
}

/* Destroying one endpoint of a frame: its capabilities are stale, its
 * frame-mates keep working, and the bank charges one frame for them all. */
UTEST(pot_version)
{
	uint64_t a[3], before = bank_test_banked();

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	for (unsigned i = 0; i < 3; i++)
		UT_EQ(bank_alloc(B_T0, CT_ENDPOINT, B_OBJ0 + i, &a[i]), BANK_OK);
	UT_EQ(POT_FRAME(a[1]), POT_FRAME(a[0]));
	UT_EQ(POT_FRAME(a[2]), POT_FRAME(a[0]));
	UT_ASSERT(a[0] != a[1] && a[1] != a[2]);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), 1);
	UT_EQ(pot_used(B_T0, CT_ENDPOINT), 3);
	UT_EQ(bank_test_banked(), before - 1);
	UT_OK(cap_copy(B_OBJ0 + 1, B_OBJ0 + 3));
	UT_EQ(bank_free(B_T0, a[1]), BANK_OK);
	UT_INV(cap_identify(B_OBJ0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(cap_identify(B_OBJ0 + 3, NULL, NULL), INV_ERR_CAP_STALE);
	UT_ASSERT(pot_endpoint_works(B_OBJ0));
	UT_ASSERT(pot_endpoint_works(B_OBJ0 + 2));
	UT_EQ(pot_used(B_T0, CT_ENDPOINT), 2);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), 1);
	UT_EQ(bank_free(B_T0, a[1]), BANK_ERR_ARG); /* not twice */
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_test_banked(), before);
	bank_test_clear();
	return UTEST_OK;
}

/* A freed slot is used again, at a new version: the old capabilities stay
 * dead, the new one works; the frame returns with its last object. */
UTEST(pot_reuse)
{
	uint64_t a, b, keep, before = bank_test_banked();
	unsigned type;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, &keep), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0 + 1, &a), BANK_OK);
	UT_OK(cap_copy(B_OBJ0 + 1, B_OBJ0 + 2));
	UT_EQ(bank_free(B_T0, a), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0 + 3, &b), BANK_OK);
	UT_EQ(b, a); /* the same slot of the same frame */
	UT_INV(cap_identify(B_OBJ0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(cap_identify(B_OBJ0 + 2, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(process_start(B_OBJ0 + 1, 0, 0, 0, 1), INV_ERR_CAP_STALE);
	UT_OK(cap_identify(B_OBJ0 + 3, &type, NULL));
	UT_EQ(type, CT_PROCESS);
	UT_OK(cap_identify(B_OBJ0, &type, NULL));
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), 1);
	UT_EQ(bank_free(B_T0, keep), BANK_OK);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), 1); /* b still lives there */
	UT_EQ(bank_free(B_T0, b), BANK_OK);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), 0);
	UT_EQ(pot_used(B_T0, CT_PROCESS), 0);
	UT_EQ(bank_test_banked(), before);
	UT_INV(cap_identify(B_OBJ0 + 3, NULL, NULL), INV_ERR_CAP_STALE);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Enough processes and endpoints for several pots each, in a bank and its
 * child: destroying the bank returns every pot frame, and the ledger and
 * the root's usage are what they were. */
UTEST(pot_destroy)
{
	uint64_t before = bank_test_banked(), addr, frames0 = 0;
	uint32_t root_frames = pot_used(B_ROOT, BANK_KIND_FRAMES);
	uint32_t root_ep = pot_used(B_ROOT, CT_ENDPOINT), root_proc = pot_used(B_ROOT, CT_PROCESS);
	unsigned n_proc = 20, n_ep = 300;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_child(B_T0, B_T0 + 1), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_ENDPOINT, B_OBJ0, &addr), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 1, CT_PROCESS, B_OBJ0 + 1, &addr), BANK_OK);
	for (unsigned i = 1; i < n_proc; i++)
		UT_EQ(bank_alloc(B_T0 + (i & 1), CT_PROCESS, CAP_NONE, &addr), BANK_OK);
	for (unsigned i = 1; i < n_ep; i++)
		UT_EQ(bank_alloc(B_T0 + (i & 1), CT_ENDPOINT, CAP_NONE, &addr), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PROCESS), n_proc);
	UT_EQ(pot_used(B_T0, CT_ENDPOINT), n_ep);
	frames0 = pot_used(B_T0, BANK_KIND_FRAMES);
	/* Each bank fills pots of its own: 11 and 9 processes (8 a frame), 150
	 * endpoints each (128 a frame): two pots per kind per bank. */
	UT_EQ(frames0, 8);
	UT_EQ(bank_test_banked(), before - frames0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_INV(cap_identify(B_OBJ0, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(cap_identify(B_OBJ0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_EQ(bank_test_banked(), before);
	UT_EQ(pot_used(B_ROOT, BANK_KIND_FRAMES), root_frames);
	UT_EQ(pot_used(B_ROOT, CT_ENDPOINT), root_ep);
	UT_EQ(pot_used(B_ROOT, CT_PROCESS), root_proc);
	bank_test_clear();
	return UTEST_OK;
}

#if defined(__i386__)
#define PT_VA(page) 0x20000000u
#define PT_VA2(page) 0x20001000u /* under the same page table */
#define PT_TABLES 2 /* a page directory and a page table */
#define PT_UNTABLED 0 /* pages a space holds before it needs a table */
#else
#define PT_VA(page) ((uint32_t)(page)) /* ColdFire: pages are used where they are */
#define PT_VA2(page) ((uint32_t)(page))
#define PT_TABLES 1 /* the first frame of the page list */
#define PT_UNTABLED 2 /* ARCH_ASPACE_INLINE: kept in the process's slot */
#endif

/* Maps n fresh pages of bank B_T0 into proc, none needing a table. */
static int pt_map_untabled(unsigned proc, unsigned n)
{
	uint64_t page;
	uint32_t addr;

	for (unsigned i = 0; i < n; i++) {
		int e = bank_alloc(B_T0, CT_PAGE, B_OBJ0 + 4, &page);

		if (!e)
			e = process_map(proc, B_OBJ0 + 4, PT_VA(page), 0, &addr);
		cap_delete(B_OBJ0 + 4);
		if (e)
			return e;
	}
	return 0;
}

/* Tables for a process a bank made are charged to that bank: they show in
 * QUERY, count against its limits (a refusal changes nothing) and come back
 * with the process. */
UTEST(pt_charged)
{
	uint64_t before = bank_test_banked(), proc, page, proc2;
	uint32_t given = 0, addr, frames;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, &proc), BANK_OK);
	UT_OK(pt_map_untabled(B_OBJ0, PT_UNTABLED));
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0 + 1, &page), BANK_OK);
	frames = pot_used(B_T0, BANK_KIND_FRAMES);
	UT_EQ(frames, 2 + PT_UNTABLED);
	/* The kernel pays no table for it: its bank must. */
	UT_INV(process_map(B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), INV_ERR_NO_FRAMES);
	UT_EQ(bank_test_banked(), before - frames);
	UT_EQ(bank_tables(B_T0, B_OBJ0, PT_VA(page), &given), BANK_OK);
	UT_EQ(given, PT_TABLES);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), frames + PT_TABLES);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), PT_TABLES);
	UT_EQ(bank_test_banked(), before - frames - PT_TABLES);
	UT_OK(process_map(B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr));
	UT_EQ(bank_tables(B_T0, B_OBJ0, PT_VA(page), &given), BANK_OK);
	UT_EQ(given, 0); /* nothing more needed there */
	/* A second process, one frame short of its first table: refused, and
	 * nothing changed. */
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0 + 2, &proc2), BANK_OK);
	UT_OK(pt_map_untabled(B_OBJ0 + 2, PT_UNTABLED));
	frames = pot_used(B_T0, BANK_KIND_FRAMES);
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, frames + PT_TABLES - 1), BANK_OK);
	UT_EQ(bank_process_map(B_T0, B_OBJ0 + 2, B_OBJ0 + 1, PT_VA(page), 0, &addr),
	      BANK_ERR_LIMIT);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), frames);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_INV(process_map(B_OBJ0 + 2, B_OBJ0 + 1, PT_VA(page), 0, &addr), INV_ERR_NO_FRAMES);
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, frames + PT_TABLES), BANK_OK);
	UT_EQ(bank_process_map(B_T0, B_OBJ0 + 2, B_OBJ0 + 1, PT_VA(page), 0, &addr), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), 2 * PT_TABLES);
	/* The tables come back with their process. */
	UT_EQ(bank_free(B_T0, proc), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), frames);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), 0);
	UT_EQ(bank_test_banked(), before);
	bank_test_clear();
	return UTEST_OK;
}

/* Tables come back when the last mapping in their range goes, not only with
 * their process: the bank that paid is credited (QUERY), the ledger has the
 * frames again, and mapping there again needs tables again. On ColdFire the
 * range of the page list's first frame is every entry past the 2 inline. */
UTEST(pt_return)
{
	uint64_t before = bank_test_banked(), proc, page, page2;
	uint32_t addr, addr2, frames;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, &proc), BANK_OK);
	UT_OK(pt_map_untabled(B_OBJ0, PT_UNTABLED));
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0 + 1, &page), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0 + 2, &page2), BANK_OK);
	frames = pot_used(B_T0, BANK_KIND_FRAMES);
	UT_EQ(bank_process_map(B_T0, B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), BANK_OK);
	UT_EQ(bank_process_map(B_T0, B_OBJ0, B_OBJ0 + 2, PT_VA2(page2), 0, &addr2), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), frames + PT_TABLES);
	/* One mapping left in the range: the tables stay. */
	UT_INV(process_unmap(B_OBJ0, addr), INV_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_EQ(bank_test_banked(), before - frames - PT_TABLES);
	/* The last one: they come back, to this bank and its ancestors. */
	UT_INV(process_unmap(B_OBJ0, addr2), INV_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), 0);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), 0);
	UT_EQ(pot_used(B_T0, BANK_KIND_FRAMES), frames);
	UT_EQ(bank_test_banked(), before - frames);
	UT_INV(process_unmap(B_OBJ0, addr2), INV_ERR_ARG);
	/* Mapping there again needs them again. */
	UT_INV(process_map(B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), INV_ERR_NO_FRAMES);
	UT_EQ(bank_process_map(B_T0, B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), PT_TABLES);
	UT_EQ(bank_free(B_T0, proc), BANK_OK);
	UT_EQ(pot_used(B_T0, CT_PAGETABLE), 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_test_banked(), before);
	bank_test_clear();
	return UTEST_OK;
}

/* A map may name another bank to pay for its tables: the process's own
 * bank or an ancestor of it (a bank destroyed takes the processes under it
 * along, so no table outlives the bank charged for it). The bank named
 * pays, shows it in QUERY and is credited when the tables return. Refused
 * with nothing changed: a bank outside the process's line, a bank
 * capability without the alloc right, a capability that is no bank, and a
 * process register that holds no process. */
UTEST(pt_payer)
{
	uint64_t before = bank_test_banked(), proc, page, banked;
	uint32_t given = 7, addr;
	const unsigned parent = B_T0, child = B_T0 + 1, sibling = B_T0 + 2, weak = B_T0 + 3;

	UT_EQ(bank_child(B_ROOT, parent), BANK_OK);
	UT_EQ(bank_child(parent, child), BANK_OK);
	UT_EQ(bank_child(parent, sibling), BANK_OK);
	UT_EQ(bank_restrict(parent, BANK_NO_ALLOC, weak), BANK_OK);
	UT_EQ(bank_set_limit(child, CT_PAGETABLE, 0), BANK_OK);
	UT_EQ(bank_alloc(child, CT_PROCESS, B_OBJ0, &proc), BANK_OK);
	UT_OK(pt_map_untabled(B_OBJ0, PT_UNTABLED));
	UT_EQ(bank_alloc(parent, CT_PAGE, B_OBJ0 + 1, &page), BANK_OK);
	banked = bank_test_banked();
	UT_EQ(bank_tables(child, B_OBJ0, PT_VA(page), &given), BANK_ERR_LIMIT);
	UT_EQ(bank_tables(sibling, B_OBJ0, PT_VA(page), &given), BANK_ERR_ARG);
	UT_EQ(bank_tables(weak, B_OBJ0, PT_VA(page), &given), BANK_ERR_RESTRICTED);
	UT_EQ(bank_tables(B_OBJ0 + 1, B_OBJ0, PT_VA(page), &given),
	      BANK_ERR_IPC | INV_ERR_CAP_TYPE);
	UT_EQ(bank_tables(parent, B_OBJ0 + 1, PT_VA(page), &given), BANK_ERR_ARG);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), 0);
	UT_EQ(bank_test_banked(), banked);
	UT_INV(process_map(B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), INV_ERR_NO_FRAMES);
	/* The parent pays: the child's limit is not touched, nor its count. */
	UT_EQ(bank_process_map(parent, B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), BANK_OK);
	UT_EQ(pot_used(parent, CT_PAGETABLE), PT_TABLES);
	UT_EQ(pot_used(child, CT_PAGETABLE), 0);
	UT_EQ(pot_used(sibling, CT_PAGETABLE), 0);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), PT_TABLES);
	UT_EQ(bank_test_banked(), banked - PT_TABLES);
	/* Credited where it paid: on the last unmap, and with the process. */
	UT_INV(process_unmap(B_OBJ0, addr), INV_OK);
	UT_EQ(pot_used(parent, CT_PAGETABLE), 0);
	UT_EQ(bank_test_banked(), banked);
	UT_EQ(bank_process_map(parent, B_OBJ0, B_OBJ0 + 1, PT_VA(page), 0, &addr), BANK_OK);
	UT_EQ(pot_used(parent, CT_PAGETABLE), PT_TABLES);
	UT_EQ(bank_free(child, proc), BANK_OK);
	UT_EQ(pot_used(parent, CT_PAGETABLE), 0);
	UT_EQ(pot_used(B_ROOT, CT_PAGETABLE), 0);
	UT_EQ(bank_destroy(parent), BANK_OK);
	UT_EQ(bank_test_banked(), before);
	bank_test_clear();
	return UTEST_OK;
}
