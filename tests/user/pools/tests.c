/* pool_*: memory pools from user level (doc/pools.md). Each test leaves the
 * banks as it found them. */
#include "pools.h"

#if defined(__i386__)
#define ARCH_POOLS_FIRST "isa"
#else
#define ARCH_POOLS_FIRST "sdram"
#endif

#define STRIPE_PAGES 24

/* The system pool: the kernel's own frames, described like every other
 * pool; every RAM frame is in exactly one pool; the frames of the system
 * pool the relaxed reserve gave up are banked and the bank hands them out
 * from there. */
UTEST(pool_system)
{
	struct pool_info sys, p;
	uint64_t ram = 0, sum = 0, n, pa;
	unsigned id = pool_find("system", &sys);

	UT_ASSERT(id != POOL_ANY);
	UT_EQ(sys.layer, 1); /* POOL_LAYER_SYSTEM */
	UT_EQ(sys.stripe, 0);
	UT_ASSERT(sys.frames > 0);
	UT_EQ(pool_find(ARCH_POOLS_FIRST, &p), 0);
	UT_EQ(p.layer, 0);
	for (unsigned k = 0; meminfo_pool(P_MEMINFO, k, &p) == INV_OK; k++)
		sum += p.frames;
	/* every ledger state but device (5) is RAM */
	for (unsigned s = 0; meminfo_ledger(P_MEMINFO, s, &n) == INV_OK; s++)
		ram += s == 5 ? 0 : n;
	UT_EQ(sum, ram);
	UT_EQ(pool_page(P_ROOT, id, &pa), BANK_OK);
	UT_ASSERT(pool_holds(&sys, pa));
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);
	UT_INV(meminfo_pool(P_MEMINFO, POOL_MAX_ID, &p), INV_ERR_ARG);
	return UTEST_OK;
}

/* The current pool: the image's default, set and read through the Process
 * capability; bank_alloc takes it when no pool is named. */
UTEST(pool_current)
{
	struct pool_info red, quota;
	unsigned red_id = pool_find("red", &red), quota_id = pool_find("quota", &quota), cur = 0;
	uint64_t pa;

	UT_ASSERT(red_id != POOL_ANY && quota_id != POOL_ANY);
	UT_OK(process_pool_get(CAP_SELF, &cur));
	UT_EQ(cur, quota_id); /* `pool quota` in the image */
	UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_OK);
	cap_delete(P_OBJ);
	UT_ASSERT(pool_holds(&quota, pa));
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);

	UT_OK(process_pool_set(CAP_SELF, red_id));
	UT_OK(process_pool_get(CAP_SELF, &cur));
	UT_EQ(cur, red_id);
	UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_OK);
	cap_delete(P_OBJ);
	UT_ASSERT(pool_holds(&red, pa));
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);

	UT_INV(process_pool_set(CAP_SELF, 77), INV_ERR_ARG);
	UT_OK(process_pool_get(CAP_SELF, &cur));
	UT_EQ(cur, red_id); /* a refused set changes nothing */
	UT_OK(process_pool_set(CAP_SELF, POOL_ANY));
	UT_OK(process_pool_get(CAP_SELF, &cur));
	UT_EQ(cur, POOL_ANY);
	UT_OK(process_pool_set(CAP_SELF, quota_id));
	return UTEST_OK;
}

/* bank_alloc follows the current pool as the kernel stamps it on the call
 * (BANK_POOL_CALLER): changed through a Process capability in a register,
 * as another holder of it would, and never read back in between. A pool
 * named besides the caller's is refused. */
UTEST(pool_caller_follows)
{
	struct pool_info red, green, quota;
	unsigned red_id = pool_find("red", &red), green_id = pool_find("green", &green),
		 quota_id = pool_find("quota", &quota);
	const unsigned order[] = { red_id, green_id, red_id, quota_id };
	const struct pool_info *in[] = { &red, &green, &red, &quota };
	uint64_t pa;

	UT_ASSERT(red_id != POOL_ANY && green_id != POOL_ANY && quota_id != POOL_ANY);
	UT_OK(cap_copy(CAP_SELF, P_T0));
	for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
		UT_OK(process_pool_set(P_T0, order[i]));
		UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_OK);
		cap_delete(P_OBJ);
		UT_ASSERT(pool_holds(in[i], pa));
		UT_EQ(bank_free(P_ROOT, pa), BANK_OK);
	}
	/* none chosen: any pool, the bank's short path */
	UT_OK(process_pool_set(P_T0, POOL_ANY));
	UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_OK);
	cap_delete(P_OBJ);
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);
	/* a pool named and the caller's: which one is not guessed */
	UT_EQ(bank_alloc_in(P_ROOT, CT_PAGE | BANK_POOL_CALLER, green_id, P_OBJ, &pa),
	      BANK_ERR_ARG);
	UT_OK(process_pool_set(P_T0, quota_id));
	pools_test_clear();
	return UTEST_OK;
}

/* The bank's endpoint stops stamping (a holder of its read right can): a
 * call asking for the caller's pool is refused with BANK_ERR_ARG rather than
 * served from a guess, a named pool still served; stamping again, served. */
UTEST(pool_caller_unstamped)
{
	struct pool_info red, quota;
	unsigned red_id = pool_find("red", &red), quota_id = pool_find("quota", &quota);
	uint64_t pa;

	UT_ASSERT(red_id != POOL_ANY && quota_id != POOL_ANY);
	UT_OK(process_pool_set(CAP_SELF, red_id));
	UT_OK(ep_stamp_pool(P_BANK_BOOT, 0));
	UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_ERR_ARG);
	UT_EQ(bank_alloc_in(P_ROOT, CT_PAGE, red_id, P_OBJ, &pa), BANK_OK);
	cap_delete(P_OBJ);
	UT_ASSERT(pool_holds(&red, pa));
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);
	UT_INV(ep_stamp_pool(P_BANK_BOOT, 2), INV_ERR_ARG);
	UT_OK(ep_stamp_pool(P_BANK_BOOT, 1));
	UT_EQ(bank_alloc(P_ROOT, CT_PAGE, P_OBJ, &pa), BANK_OK);
	cap_delete(P_OBJ);
	UT_ASSERT(pool_holds(&red, pa));
	UT_EQ(bank_free(P_ROOT, pa), BANK_OK);
	UT_OK(process_pool_set(CAP_SELF, quota_id));
	return UTEST_OK;
}

/* A quota per pool: the limit refuses, usage is charged at every ancestor,
 * the other pools are untouched, and destroying the bank gives it all back. */
UTEST(pool_quota)
{
	struct pool_info quota, green;
	unsigned q = pool_find("quota", &quota), g = pool_find("green", &green);
	uint32_t limit, used, root_q0, root_q, green_used, n = 3;
	uint64_t pa;

	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(q), &limit, &root_q0), BANK_OK);
	UT_EQ(limit, BANK_UNLIMITED);
	UT_EQ(bank_child(P_ROOT, P_T0), BANK_OK);
	UT_EQ(bank_set_limit(P_T0, BANK_KIND_POOL(q), n), BANK_OK);
	UT_EQ(bank_query(P_T0, BANK_KIND_POOL(q), &limit, &used), BANK_OK);
	UT_EQ(limit, n);
	UT_EQ(used, 0);
	for (uint32_t i = 0; i < n; i++) {
		UT_EQ(pool_page(P_T0, q, &pa), BANK_OK);
		UT_ASSERT(pool_holds(&quota, pa));
	}
	UT_EQ(pool_page(P_T0, q, &pa), BANK_ERR_LIMIT);
	UT_EQ(bank_query(P_T0, BANK_KIND_POOL(q), &limit, &used), BANK_OK);
	UT_EQ(used, n);
	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(q), &limit, &root_q), BANK_OK);
	UT_EQ(root_q, root_q0 + n); /* charged at the ancestor too */
	/* the other pools are untouched, and still serve */
	UT_EQ(bank_query(P_T0, BANK_KIND_POOL(g), &limit, &green_used), BANK_OK);
	UT_EQ(green_used, 0);
	UT_EQ(pool_page(P_T0, g, &pa), BANK_OK);
	UT_ASSERT(pool_holds(&green, pa));
	UT_EQ(bank_query(P_T0, BANK_KIND_POOL(g), &limit, &green_used), BANK_OK);
	UT_EQ(green_used, 1);
	UT_EQ(bank_set_limit(P_T0, BANK_KIND_POOL(POOL_MAX_ID), 1), BANK_ERR_ARG);
	UT_EQ(bank_destroy(P_T0), BANK_OK);
	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(q), &limit, &root_q), BANK_OK);
	UT_EQ(root_q, root_q0);
	pools_test_clear();
	return UTEST_OK;
}

/* A free returns the frame to its own pool only: red's freed frame comes
 * back from red, never from green over the same MiB, and each pool's usage
 * moves alone. */
UTEST(pool_free)
{
	struct pool_info red, green;
	unsigned r = pool_find("red", &red), g = pool_find("green", &green);
	uint64_t a, b, c, d;
	uint32_t limit, red0, green0, red1, green1;

	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(r), &limit, &red0), BANK_OK);
	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(g), &limit, &green0), BANK_OK);
	UT_EQ(pool_page(P_ROOT, r, &a), BANK_OK);
	UT_EQ(pool_page(P_ROOT, g, &b), BANK_OK);
	UT_EQ(bank_free(P_ROOT, a), BANK_OK);
	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(r), &limit, &red1), BANK_OK);
	UT_EQ(bank_query(P_ROOT, BANK_KIND_POOL(g), &limit, &green1), BANK_OK);
	UT_EQ(red1, red0);
	UT_EQ(green1, green0 + 1);
	UT_EQ(pool_page(P_ROOT, g, &c), BANK_OK);
	UT_ASSERT(c != a);
	UT_ASSERT(pool_holds(&green, c));
	UT_EQ(pool_page(P_ROOT, r, &d), BANK_OK);
	UT_ASSERT(pool_holds(&red, d));
	UT_EQ(d, a); /* the freed frame was red's to give again */
	UT_EQ(bank_free(P_ROOT, b), BANK_OK);
	UT_EQ(bank_free(P_ROOT, c), BANK_OK);
	UT_EQ(bank_free(P_ROOT, d), BANK_OK);
	return UTEST_OK;
}

/* Every page either colour hands out satisfies its stripe arithmetic, and
 * the two never hand out the same frame. */
UTEST(pool_stripes)
{
	struct pool_info red, green;
	unsigned r = pool_find("red", &red), g = pool_find("green", &green);
	uint64_t got[2][STRIPE_PAGES];

	UT_EQ(red.stripe, 0x1000);
	UT_EQ(red.step, 0x4000);
	UT_EQ(green.stripe, 0x2000);
	UT_EQ(red.frames, 64);
	UT_EQ(green.frames, 128);
	for (unsigned i = 0; i < STRIPE_PAGES; i++) {
		UT_EQ(pool_page(P_ROOT, r, &got[0][i]), BANK_OK);
		UT_EQ(pool_page(P_ROOT, g, &got[1][i]), BANK_OK);
		UT_ASSERT(pool_holds(&red, got[0][i]) && !pool_holds(&green, got[0][i]));
		UT_ASSERT(pool_holds(&green, got[1][i]) && !pool_holds(&red, got[1][i]));
		UT_EQ((got[0][i] >> 12) & 3, (red.start >> 12) & 3);
	}
	for (unsigned i = 0; i < STRIPE_PAGES; i++)
		for (unsigned j = 0; j < STRIPE_PAGES; j++)
			UT_ASSERT(got[0][i] != got[1][j] && (i == j || got[0][i] != got[0][j]));
	for (unsigned i = 0; i < STRIPE_PAGES; i++) {
		UT_EQ(bank_free(P_ROOT, got[0][i]), BANK_OK);
		UT_EQ(bank_free(P_ROOT, got[1][i]), BANK_OK);
	}
	return UTEST_OK;
}

/* The six probes (pids 3..8 in image order), five loaded under one rule of
 * the placement table each, the sixth (pr_split, built with -msep-data)
 * with its code in `fast` and its data in quota. On i386 each segment is
 * placed by its own rule; on ColdFire a program is one run, placed by
 * segment 0's rule, except pr_split, whose segments part: its code in the
 * internal SRAM, its data in SDRAM. */
UTEST(pool_segments)
{
	static const char *const want[6][2] = {
		{ "", "quota" }, /* xip, not mapped: code where the file is, data current */
		{ "quota", "quota" }, /* not mapped: the current pool */
		{ "segs", "segs" }, /* mapped, not listed: the file's default */
		{ "segs", "segs2" }, /* default for 0, listed 1 */
		{ "segs2", "system" }, /* listed 0; 1 neither listed nor defaulted: system */
		{ "fast", "quota" }, /* both listed, sepdata: apart on both arches */
	};
	struct pool_info info;
	unsigned seen = 0;

#if !defined(__i386__)
	UT_ASSERT(pool_find("fast", &info) != POOL_ANY);
	UT_EQ(info.start, 0x80000000u); /* the MCF5208's SRAM, all 16 KiB */
	UT_EQ(info.length, 16 * 1024);
#endif
	for (unsigned n = 0; n < 6; n++) {
		struct msg m;
		unsigned k, text, data;

		UT_OK(ep_recv(P_PROBE, &m, CAP_NONE, 0));
		k = m.w[0] - 3;
		UT_ASSERT(k < 6 && !(seen & 1u << k));
		seen |= 1u << k;
		text = m.w[1];
		data = m.w[2];
		UT_EQ(m.w[3], 0x5e6); /* its data was loaded (and, split, relocated) */
		UT_OK(meminfo_pool(P_MEMINFO, text, &info));
		if (want[k][0][0])
			UT_EQ(text, pool_find(want[k][0], &info));
		else /* the boot image lies in the system pool or an arch's, never the image's */
			UT_ASSERT(info.layer != 2);
#if defined(__i386__)
		UT_EQ(data, pool_find(want[k][1], &info));
#else
		if (k == 5)
			UT_EQ(data, pool_find(want[k][1], &info));
		else
			UT_EQ(data, text);
#endif
	}
	UT_EQ(seen, 0x3f);
	return UTEST_OK;
}
