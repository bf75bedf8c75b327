/* Grants through the space bank (doc/grants.md): grant memory is a
 * GrantFrame a bank allocates like any object, so it counts against the
 * bank's limits and comes back when the bank is destroyed. */
#include "bank.h"

#define LEDGER_OBJECTS_INDEX 7 /* MemInfo's index of the objects state */

static uint64_t grant_test_objects(void)
{
	uint64_t n = 0;

	meminfo_ledger(B_MEMINFO, LEDGER_OBJECTS_INDEX, &n);
	return n;
}

/* The grant frame is charged to the bank; the grant inside it costs the
 * ledger nothing more. */
UTEST(grant_charged)
{
	uint32_t used0, used, bytes, in_use, frames;
	uint64_t objects;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, NULL), BANK_OK);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_GRANT_FRAME, B_OBJ0 + 1, NULL), BANK_OK);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(used, used0 + 1);
	UT_EQ(bank_query(B_T0, CT_GRANT_FRAME, NULL, &used), BANK_OK);
	UT_EQ(used, 1);
	UT_OK(grant_mem(B_OBJ0, B_OBJ0 + 1, NULL));
	objects = grant_test_objects();
	UT_OK(process_notify(B_OBJ0, 42));
	UT_EQ(grant_test_objects(), objects);
	UT_OK(grant_info(B_OBJ0, GS_NOTIFY, &bytes, &in_use, NULL, &frames));
	UT_ASSERT(bytes > 0);
	UT_EQ(in_use, bytes);
	UT_EQ(frames, 1);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* The bank's limit refuses grant memory: the invocation that needed a
 * grant fails with INV_ERR_NO_GRANT and nothing else changes; after the
 * limit is raised the same invocation succeeds. */
UTEST(grant_nomem)
{
	uint32_t used, frames, bytes, in_use;
	uint64_t objects;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_GRANT_FRAME, B_OBJ0 + 1, NULL), BANK_OK);
	UT_OK(grant_mem(B_OBJ0, B_OBJ0 + 1, NULL));
	UT_OK(process_notify(B_OBJ0, 1)); /* one service has its grant */
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, used), BANK_OK);
	/* A second process of the bank, with no grant memory: it shares the
	 * first one's pot frame (doc/objects.md), so it costs no frame and the
	 * limit lets it through. */
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0 + 2, NULL), BANK_OK);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &frames), BANK_OK);
	UT_EQ(frames, used);
	objects = grant_test_objects();
	UT_EQ(bank_alloc(B_T0, CT_GRANT_FRAME, B_OBJ0 + 3, NULL), BANK_ERR_LIMIT);
	UT_INV(process_notify(B_OBJ0 + 2, 2), INV_ERR_NO_GRANT);
	UT_EQ(grant_test_objects(), objects); /* no frame leaked */
	UT_OK(grant_info(B_OBJ0 + 2, GS_NOTIFY, &bytes, &in_use, NULL, NULL));
	UT_EQ(bytes, 0);
	UT_EQ(in_use, 0);
	/* The other process and its service carry on. */
	UT_OK(process_notify(B_OBJ0, 3));
	/* Raise the limit: the retry succeeds. */
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, used + 1), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_GRANT_FRAME, B_OBJ0 + 3, NULL), BANK_OK);
	UT_OK(grant_mem(B_OBJ0 + 2, B_OBJ0 + 3, NULL));
	UT_OK(process_notify(B_OBJ0 + 2, 2));
	UT_OK(grant_info(B_OBJ0 + 2, GS_NOTIFY, &bytes, NULL, NULL, NULL));
	UT_ASSERT(bytes > 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Grants die with their process; freeing the frame and destroying the bank
 * bring the ledger and the bank's usage back exactly. */
UTEST(grant_destroy)
{
	uint64_t banked = bank_test_banked(), objects = grant_test_objects(), pa_p, pa_g;
	uint32_t root0, root, free_bytes, used;

	UT_EQ(bank_query(B_ROOT, BANK_KIND_FRAMES, NULL, &root0), BANK_OK);
	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0, &pa_p), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_GRANT_FRAME, B_OBJ0 + 1, &pa_g), BANK_OK);
	UT_OK(grant_mem(B_OBJ0, B_OBJ0 + 1, &free_bytes));
	UT_OK(process_notify(B_OBJ0, 5));
	UT_EQ(bank_free(B_T0, pa_p), BANK_OK); /* the process dies, its grants with it */
	UT_INV(process_notify(B_OBJ0, 6), INV_ERR_CAP_STALE);
	/* The frame is the bank's, empty again: it serves another process. */
	UT_EQ(bank_alloc(B_T0, CT_PROCESS, B_OBJ0 + 2, NULL), BANK_OK);
	UT_OK(grant_mem(B_OBJ0 + 2, B_OBJ0 + 1, &used));
	UT_EQ(used, free_bytes);
	UT_OK(process_notify(B_OBJ0 + 2, 7));
	UT_EQ(bank_free(B_T0, pa_g), BANK_OK); /* the frame goes, the grant in it too */
	UT_OK(grant_info(B_OBJ0 + 2, GS_NOTIFY, &used, NULL, &free_bytes, NULL));
	UT_EQ(used, 0);
	UT_EQ(free_bytes, 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_query(B_ROOT, BANK_KIND_FRAMES, NULL, &root), BANK_OK);
	UT_EQ(root, root0);
	UT_EQ(bank_test_banked(), banked);
	UT_EQ(grant_test_objects(), objects);
	bank_test_clear();
	return UTEST_OK;
}
