/* Objects from Range: a Page mapped and touched, capabilities that go stale
 * when their object is destroyed, and (i386) address-space isolation. */
#include "driver.h"

/* Where the driver maps pages (i386; ColdFire uses them where they are). */
#define MAP_VA 0x10000000u

/* Makes a Page in reg and maps it writable; *addr is where the driver sees it. */
static int memory_page(unsigned reg, uint32_t va, uint32_t *addr)
{
	int err = range_create(S_RANGE, CT_PAGE, reg, NULL);

	return err ? err : process_map(CAP_SELF, reg, va, 0, addr);
}

UTEST(map_page_touch)
{
	uint32_t addr;
	volatile uint32_t *p;
	uint64_t free_before, free_during, free_after;

	UT_OK(range_info(S_RANGE, &free_before, NULL));
	UT_OK(memory_page(S_TMP0, MAP_VA, &addr));
	UT_OK(range_info(S_RANGE, &free_during, NULL));
	UT_ASSERT(free_during < free_before);
	UT_EQ(addr & (4096 - 1), 0);
#if defined(__i386__)
	UT_EQ(addr, MAP_VA);
#endif
	p = (volatile uint32_t *)(uintptr_t)addr;
	for (uint32_t i = 0; i < 1024; i++)
		UT_EQ(p[i], 0); /* a new Page is zeroed */
	for (uint32_t i = 0; i < 1024; i++)
		p[i] = i * 0x9e3779b9u;
	for (uint32_t i = 0; i < 1024; i++)
		UT_EQ(p[i], i * 0x9e3779b9u);
	/* The address is taken now. */
	UT_OK(range_create(S_RANGE, CT_PAGE, S_TMP0 + 1, NULL));
#if defined(__i386__)
	UT_INV(process_map(CAP_SELF, S_TMP0 + 1, MAP_VA, 0, NULL), INV_ERR_BUSY);
	UT_INV(process_map(CAP_SELF, S_TMP0 + 1, 0xc0000000u, 0, NULL), INV_ERR_ADDR);
	UT_INV(process_map(CAP_SELF, S_TMP0 + 1, MAP_VA + 12, 0, NULL), INV_ERR_ADDR);
#endif
	UT_INV(process_map(CAP_SELF, S_ECHO, MAP_VA + 4096, 0, NULL), INV_ERR_CAP_TYPE);
	UT_OK(process_unmap(CAP_SELF, addr));
	UT_OK(range_destroy(S_RANGE, S_TMP0));
	UT_OK(range_destroy(S_RANGE, S_TMP0 + 1));
	/* Both Pages come back, and so do the tables made for the mapping: it
	 * was the only one in their range. */
	UT_OK(range_info(S_RANGE, &free_after, NULL));
	UT_EQ(free_after, free_before);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(map_read_only_page)
{
	uint32_t addr;
	unsigned rights;

	/* The echo server's gift arrives read-only; it can be mapped and read. */
	struct msg m = { { ECHO_GIFT }, 0 };

	UT_OK(ep_call(S_ECHO, &m, CAP_NONE, S_TMP0));
	UT_OK(cap_identify(S_TMP0, NULL, &rights));
	UT_EQ(rights & CR_WRITE, 0);
	UT_OK(process_map(CAP_SELF, S_TMP0, MAP_VA + 8192, 0, &addr));
	UT_EQ(*(volatile uint32_t *)(uintptr_t)addr, 0);
	UT_OK(process_unmap(CAP_SELF, addr));
	/* Read-only: Range cannot destroy through it. */
	UT_INV(range_destroy(S_RANGE, S_TMP0), INV_ERR_RIGHTS);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(err_stale_after_destroy)
{
	struct msg m = { { 1 }, 0 };
	unsigned type;

	UT_OK(range_create(S_RANGE, CT_ENDPOINT, S_TMP0, NULL));
	UT_OK(cap_copy(S_TMP0, S_TMP0 + 1));
	UT_OK(ep_mint(S_TMP0, S_TMP0 + 2, 77));
	UT_OK(cap_identify(S_TMP0 + 1, &type, NULL));
	UT_EQ(type, CT_ENDPOINT);
	UT_OK(range_destroy(S_RANGE, S_TMP0));
	/* Every copy, badged or not, fails cleanly from now on. */
	UT_INV(cap_identify(S_TMP0, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(cap_identify(S_TMP0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_INV(ep_send(S_TMP0 + 2, &m, CAP_NONE, INV_F_NONBLOCK), INV_ERR_CAP_STALE);
	UT_INV(range_destroy(S_RANGE, S_TMP0 + 1), INV_ERR_CAP_STALE);
	/* A new object in the same frame does not revive them. */
	UT_OK(range_create(S_RANGE, CT_PAGE, S_TMP0 + 3, NULL));
	UT_INV(cap_identify(S_TMP0 + 1, NULL, NULL), INV_ERR_CAP_STALE);
	UT_OK(range_destroy(S_RANGE, S_TMP0 + 3));
	/* A mapped Page that is destroyed: its capability goes stale too. */
	UT_OK(memory_page(S_TMP0 + 4, MAP_VA, NULL));
	UT_OK(range_destroy(S_RANGE, S_TMP0 + 4));
	UT_INV(process_map(CAP_SELF, S_TMP0 + 4, MAP_VA, 0, NULL), INV_ERR_CAP_STALE);
	/* Stale capabilities can still be deleted. */
	driver_clear_tmp();
	UT_INV(cap_identify(S_TMP0 + 1, NULL, NULL), INV_ERR_CAP_EMPTY);
	return UTEST_OK;
}

#if defined(__i386__)
/* A page the driver maps is not in a helper's address space. */
UTEST(fault_other_process_memory)
{
	uint32_t addr;
	struct msg f;

	UT_OK(memory_page(S_TMP0, MAP_VA, &addr));
	*(volatile uint32_t *)(uintptr_t)addr = 0x5ec2e7;
	UT_OK(driver_job(S_HGO, JOB_READ, addr, 0));
	UT_OK(ep_recv(S_FAULT, &f, CAP_NONE, 0));
	if (f.w[0] == NO_FAULT)
		UT_FAIL("a helper read 0x%x at the driver's 0x%x", (unsigned)f.w[1],
			(unsigned)addr);
	UT_EQ(f.w[0], 14); /* #PF */
	UT_EQ(f.w[1], addr);
	UT_OK(process_unmap(CAP_SELF, addr));
	UT_OK(range_destroy(S_RANGE, S_TMP0));
	driver_clear_tmp();
	return UTEST_OK;
}
#endif
