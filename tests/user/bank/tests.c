/* bank_*: the space bank from a client's side. */
#include "bank.h"

#if defined(__i386__)
#define MAP_VA 0x20000000u
#else
#define MAP_VA 0 /* ColdFire: pages are used where they are */
#endif

/* The kernel's budget events as the bank saw them: conservative first, then
 * relaxed, never below it. */
UTEST(bank_budget_conservative_then_relaxed)
{
	uint32_t kind, frames, count, conservative = 0, relaxed = 0, i;
	int seen_c = -1, seen_r = -1;

	for (i = 0; bank_budget(B_ROOT, i, &kind, &frames, &count) == BANK_OK; i++) {
		if (kind == BEV_CONSERVATIVE) {
			seen_c = (int)i;
			conservative = frames;
		}
		if (kind == BEV_RELAXED) {
			seen_r = (int)i;
			relaxed = frames;
		}
	}
	UT_ASSERT(count >= 2);
	UT_ASSERT(seen_c >= 0 && seen_r > seen_c);
	UT_ASSERT(relaxed >= conservative);
	UT_EQ(bank_budget(B_ROOT, count, &kind, &frames, NULL), BANK_ERR_ARG);
	return UTEST_OK;
}

/* After start the bank's view of the budget is the kernel's: the boot
 * module's frames, banked after loading, came as an event behind relaxed,
 * and both the last event the bank saw and the root's frame limit carry
 * MemInfo's budget. */
UTEST(bank_budget_matches_kernel)
{
	uint32_t kind, frames, count, relaxed_at = 0, freed_at = 0, limit, used;
	uint64_t budget = 0;

	UT_EQ(meminfo_budget(B_MEMINFO, &budget), INV_OK);
	UT_ASSERT(budget < 0xffffffffu);
	UT_EQ(bank_budget(B_ROOT, 0, &kind, &frames, &count), BANK_OK);
	for (uint32_t i = 0; i < count; i++) {
		UT_EQ(bank_budget(B_ROOT, i, &kind, &frames, NULL), BANK_OK);
		if (kind == BEV_RELAXED)
			relaxed_at = i + 1;
		if (kind == BEV_BOOT_FREED)
			freed_at = i + 1;
	}
	UT_ASSERT(relaxed_at && freed_at > relaxed_at);
	UT_EQ(bank_budget(B_ROOT, count - 1, &kind, &frames, NULL), BANK_OK);
	UT_EQ(frames, budget);
	UT_EQ(bank_query(B_ROOT, BANK_KIND_FRAMES, &limit, &used), BANK_OK);
	UT_EQ(limit, budget);
	return UTEST_OK;
}

/* Every object type, used and freed. */
UTEST(bank_alloc_each_type)
{
	static const unsigned types[] = { CT_PAGE, CT_CAPPAGE, CT_ENDPOINT, CT_PROCESS };
	uint64_t pa[4], before, unmapped;
	unsigned type;
	uint32_t addr;
	volatile uint32_t *p;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	/* The page first, mapped: the tables the kernel makes for the mapping
	 * (banked - unmapped frames) come back when the mapping goes. */
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0, &pa[0]), BANK_OK);
	unmapped = bank_test_banked();
	UT_OK(process_map(CAP_SELF, B_OBJ0, MAP_VA, 0, &addr));
	before = bank_test_banked();
	for (unsigned i = 1; i < 4; i++) {
		UT_EQ(bank_alloc(B_T0, types[i], B_OBJ0 + i, &pa[i]), BANK_OK);
		UT_OK(cap_identify(B_OBJ0 + i, &type, NULL));
		UT_EQ(type, types[i]);
		UT_EQ(pa[i] & 0xfff, 0);
	}
	UT_OK(cap_identify(B_OBJ0, &type, NULL));
	UT_EQ(type, CT_PAGE);
	p = (volatile uint32_t *)(uintptr_t)addr;
	UT_EQ(p[5], 0);
	p[5] = 0xba4c;
	UT_EQ(p[5], 0xba4c);
	UT_OK(cappage_store(B_OBJ0 + 1, 7, B_OBJ0 + 2)); /* the endpoint into the CapPage */
	UT_OK(cappage_load(B_OBJ0 + 1, 7, B_T0 + 1));
	UT_OK(cap_identify(B_T0 + 1, &type, NULL));
	UT_EQ(type, CT_ENDPOINT);
	UT_ASSERT(bank_test_banked() <= before - 3); /* i386: and the process's PDPT */
	for (unsigned i = 0; i < 4; i++)
		UT_EQ(bank_free(B_T0, pa[i]), BANK_OK);
	/* Freed: every capability is stale, the mapping is gone with the page. */
	for (unsigned i = 0; i < 4; i++)
		UT_INV(cap_identify(B_OBJ0 + i, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(process_unmap(CAP_SELF, addr), INV_ERR_ARG);
	UT_EQ(bank_free(B_T0, pa[0]), BANK_ERR_ARG); /* not twice */
	UT_EQ(bank_test_banked(), unmapped + 1);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Allocate until the limit: an error, and nothing leaked. */
UTEST(bank_limit_then_error_no_leak)
{
	uint64_t before = bank_test_banked(), pa[8];
	uint32_t limit, used;
	unsigned n = 0;
	int e;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, 5), BANK_OK);
	while ((e = bank_alloc(B_T0, CT_PAGE, CAP_NONE, &pa[n])) == BANK_OK)
		UT_ASSERT(++n < 8);
	UT_EQ(e, BANK_ERR_LIMIT);
	UT_EQ(n, 5);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, &limit, &used), BANK_OK);
	UT_EQ(limit, 5);
	UT_EQ(used, 5);
	UT_EQ(bank_query(B_T0, CT_PAGE, &limit, &used), BANK_OK);
	UT_EQ(limit, BANK_UNLIMITED);
	UT_EQ(used, 5);
	UT_EQ(bank_test_banked(), before - 5);
	UT_EQ(bank_alloc(B_T0, CT_ENDPOINT, CAP_NONE, NULL), BANK_ERR_LIMIT);
	UT_EQ(bank_test_banked(), before - 5); /* the refusal changed nothing */
	for (unsigned i = 0; i < n; i++)
		UT_EQ(bank_free(B_T0, pa[i]), BANK_OK);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(used, 0);
	UT_EQ(bank_test_banked(), before);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* A child's allocation counts against every ancestor; per-type limits too. */
UTEST(bank_child_limits_up_the_tree)
{
	uint32_t used;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK); /* A, 4 frames */
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, 4), BANK_OK);
	UT_EQ(bank_child(B_T0, B_T0 + 1), BANK_OK); /* A1, unlimited itself */
	UT_EQ(bank_child(B_T0, B_T0 + 2), BANK_OK); /* A2 */
	UT_EQ(bank_child(B_T0 + 1, B_T0 + 3), BANK_OK); /* A11 */
	for (unsigned i = 0; i < 3; i++)
		UT_EQ(bank_alloc(B_T0 + 3, CT_PAGE, CAP_NONE, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 2, CT_PAGE, CAP_NONE, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 2, CT_PAGE, CAP_NONE, NULL), BANK_ERR_LIMIT);
	UT_EQ(bank_alloc(B_T0 + 3, CT_PAGE, CAP_NONE, NULL), BANK_ERR_LIMIT);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(used, 4);
	UT_EQ(bank_query(B_T0 + 1, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(used, 3);
	/* Raising A's limit lets both go on; a per-type limit on A1 still binds. */
	UT_EQ(bank_set_limit(B_T0, BANK_KIND_FRAMES, BANK_UNLIMITED), BANK_OK);
	UT_EQ(bank_set_limit(B_T0 + 1, CT_ENDPOINT, 1), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 3, CT_ENDPOINT, CAP_NONE, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 3, CT_ENDPOINT, CAP_NONE, NULL), BANK_ERR_LIMIT);
	UT_EQ(bank_alloc(B_T0 + 2, CT_ENDPOINT, CAP_NONE, NULL), BANK_OK);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Destroying a bank returns exactly what it and its children held. */
UTEST(bank_destroy_returns_everything)
{
	uint64_t before = bank_test_banked();
	unsigned type;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_child(B_T0, B_T0 + 1), BANK_OK);
	UT_EQ(bank_child(B_T0 + 1, B_T0 + 2), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 1, CT_ENDPOINT, B_OBJ0 + 1, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 2, CT_PROCESS, B_OBJ0 + 2, NULL), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 2, CT_CAPPAGE, B_OBJ0 + 3, NULL), BANK_OK);
	for (unsigned i = 0; i < 40; i++)
		UT_EQ(bank_alloc(B_T0 + 2, CT_PAGE, CAP_NONE, NULL), BANK_OK);
	UT_ASSERT(bank_test_banked() <= before - 44);
	UT_EQ(bank_destroy(B_T0 + 1), BANK_OK); /* a middle bank: it and below */
	UT_OK(cap_identify(B_OBJ0, &type, NULL));
	UT_INV(cap_identify(B_OBJ0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(cap_identify(B_OBJ0 + 2, NULL, NULL), INV_ERR_CAP_STALE);
	UT_EQ(bank_alloc(B_T0 + 2, CT_PAGE, CAP_NONE, NULL), BANK_ERR_GONE);
	UT_EQ(bank_test_banked(), before - 1);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_INV(cap_identify(B_OBJ0, NULL, NULL), INV_ERR_CAP_STALE);
	UT_EQ(bank_test_banked(), before);
	UT_EQ(bank_destroy(B_ROOT), BANK_ERR_OP); /* the root stays */
	bank_test_clear();
	return UTEST_OK;
}

/* Restricted bank capabilities refuse what they restrict, and only that. */
UTEST(bank_restricted_caps_refuse)
{
	uint64_t pa;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_restrict(B_T0, BANK_NO_ALLOC, B_T0 + 1), BANK_OK);
	UT_EQ(bank_alloc(B_T0 + 1, CT_PAGE, CAP_NONE, NULL), BANK_ERR_RESTRICTED);
	UT_EQ(bank_child(B_T0 + 1, CAP_NONE), BANK_ERR_RESTRICTED);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, CAP_NONE, &pa), BANK_OK);
	UT_EQ(bank_query(B_T0 + 1, CT_PAGE, NULL, NULL), BANK_OK);
	/* Restrictions accumulate: no-alloc and then no-free. */
	UT_EQ(bank_restrict(B_T0 + 1, BANK_NO_FREE, B_T0 + 2), BANK_OK);
	UT_EQ(bank_free(B_T0 + 2, pa), BANK_ERR_RESTRICTED);
	UT_EQ(bank_alloc(B_T0 + 2, CT_PAGE, CAP_NONE, NULL), BANK_ERR_RESTRICTED);
	UT_EQ(bank_free(B_T0 + 1, pa), BANK_OK);
	UT_EQ(bank_restrict(B_T0, BANK_NO_LIMITS | BANK_NO_DESTROY, B_T0 + 3), BANK_OK);
	UT_EQ(bank_set_limit(B_T0 + 3, BANK_KIND_FRAMES, 1), BANK_ERR_RESTRICTED);
	UT_EQ(bank_destroy(B_T0 + 3), BANK_ERR_RESTRICTED);
	UT_EQ(bank_alloc(B_T0 + 3, CT_PAGE, CAP_NONE, NULL), BANK_OK);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_query(B_T0 + 3, CT_PAGE, NULL, NULL), BANK_ERR_GONE);
	bank_test_clear();
	return UTEST_OK;
}

/* A device range the kernel published: the bank hands out Page capabilities
 * to its frames, counted as device pages, never as frames. */
UTEST(bank_device_page)
{
	uint32_t used, frames_before;
	unsigned type;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &frames_before), BANK_OK);
	UT_EQ(bank_device_page(B_T0, 0, 0, B_T0 + 1), BANK_OK); /* every board has one at boot */
	UT_OK(cap_identify(B_T0 + 1, &type, NULL));
	UT_EQ(type, CT_PAGE);
	UT_EQ(bank_device_page(B_T0, 0, 0xffffffffu, CAP_NONE), BANK_ERR_ARG);
	UT_EQ(bank_device_page(B_T0, BANK_KINDS, 0, CAP_NONE), BANK_ERR_ARG);
	UT_EQ(bank_query(B_T0, CT_DEVICE_RANGE, NULL, &used), BANK_OK);
	UT_EQ(used, 1);
	UT_EQ(bank_query(B_T0, BANK_KIND_FRAMES, NULL, &used), BANK_OK);
	UT_EQ(used, frames_before);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* A bank capability can only call the bank: receiving on it, which would take
 * other clients' requests and the kernel's budget events, is refused, and so
 * is re-badging it. */
UTEST(bank_caps_cannot_receive_mint_or_unstamp)
{
	struct msg m;
	unsigned rights;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_OK(cap_identify(B_T0, NULL, &rights));
	UT_EQ(rights & CR_READ, 0);
	UT_EQ(ep_recv(B_T0, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_RIGHTS);
	UT_EQ(ep_mint(B_T0, B_T0 + 1, BUDGET_BADGE), INV_ERR_RIGHTS);
	/* nor turn off the stamp the bank reads every caller's pool from */
	UT_EQ(ep_stamp_pool(B_T0, 0), INV_ERR_RIGHTS);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, CAP_NONE, NULL), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}
