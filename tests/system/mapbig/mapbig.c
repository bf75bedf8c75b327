/* map_big (tests/system/map_big.sh, i386): one process maps every page of a
 * 64 MiB hot-plugged device and 16,384 RAM pages, its page tables paid by
 * its bank under a limit that allows exactly those tables; the next table is
 * refused and changes nothing; unmapping the device returns its tables as
 * each range empties, the rest come back with the process and the bank's
 * destroy returns everything. The driver starts the bank as init
 * does, keeps a Range copy to reach the device's frames (the bank hands out
 * at most 256 device pages at once) and maps into a process the bank made. */
#include <arroyo/bank.h>

#define M_SLEEP 1
#define M_RANGE 2
#define M_BUDGET 3
#define M_MEMINFO 4
#define M_BANK_PROC 5
#define M_BANK_BOOT 6
#define M_ROOT 10
#define M_BANK 11
#define M_PROC 12
#define M_DEV 13
#define M_PAGE 14

#define MB_PAGES 16384u /* 64 MiB */
#define MB_DEV_VA 0x40000000u /* page directory 1: 32 page tables */
#define MB_RAM_VA 0x10000000u /* page directory 0: 32 page tables */
#define MB_TABLES (2u + 2u * MB_PAGES / 512u)
#define LEDGER_BANKED_STATE 4

static uint32_t mb_used(unsigned kind)
{
	uint32_t used = 0xffffffffu;

	bank_query(M_BANK, kind, NULL, &used);
	return used;
}

static uint64_t mb_banked(void)
{
	uint64_t n = 0;

	meminfo_ledger(M_MEMINFO, LEDGER_BANKED_STATE, &n);
	return n;
}

/* Maps M_PAGE at va in M_PROC; asks the bank for tables only when needed. */
static int mb_map(uint32_t va)
{
	uint32_t addr;
	int e = process_map(M_PROC, M_PAGE, va, 0, &addr);

	if (e == INV_ERR_NO_FRAMES)
		e = bank_process_map(M_BANK, M_PROC, M_PAGE, va, 0, &addr);
	return e;
}

static int mb_fail(const char *what, unsigned i, int e)
{
	printf("mapbig: %s failed at %u: %d\n", what, i, e);
	return 1;
}

int main(void)
{
	uint64_t base = 0, pa, proc, banked0, banked;
	uint32_t frames = 0, tables;
	unsigned n;
	int e;

	if (process_set_cap(M_BANK_PROC, M_RANGE, 1) || process_set_cap(M_BANK_PROC, M_BUDGET, 2) ||
	    bank_root(M_BANK_BOOT, M_ROOT) || bank_child(M_ROOT, M_BANK))
		return 1;
	banked0 = mb_banked();
	/* A process that maps device pages hears of their rescind: it needs
	 * grant memory first (doc/grants.md). */
	if (bank_set_limit(M_BANK, CT_PAGETABLE, MB_TABLES) ||
	    bank_alloc(M_BANK, CT_PROCESS, M_PROC, &proc) ||
	    bank_alloc(M_BANK, CT_GRANT_FRAME, M_PAGE, NULL) || grant_mem(M_PROC, M_PAGE, NULL))
		return 2;
	cap_delete(M_PAGE);
	printf("mapbig: waiting for a %u-frame device\n", MB_PAGES);
	for (;;) {
		for (n = 0; range_device(M_RANGE, n, M_DEV, &base, &frames) == INV_OK; n++) {
			if (frames == MB_PAGES)
				break;
			cap_delete(M_DEV);
		}
		if (frames == MB_PAGES)
			break;
		sleep_ticks(M_SLEEP, 2);
	}
	for (uint32_t i = 0; i < MB_PAGES; i++) {
		e = device_range_page(M_DEV, i, M_PAGE);
		if (!e)
			e = mb_map(MB_DEV_VA + i * 4096u);
		cap_delete(M_PAGE);
		if (e)
			return mb_fail("device map", i, e);
	}
	for (uint32_t i = 0; i < MB_PAGES; i++) {
		e = bank_alloc(M_BANK, CT_PAGE, M_PAGE, &pa);
		if (e) {
			uint64_t free_frames = 0, objs = 0;

			range_info(M_RANGE, &free_frames, &objs);
			printf("mapbig: frames used %u, banked %u objects %u\n",
			       (unsigned)mb_used(BANK_KIND_FRAMES), (unsigned)free_frames,
			       (unsigned)objs);
			return mb_fail("RAM page", i, e);
		}
		e = mb_map(MB_RAM_VA + i * 4096u);
		cap_delete(M_PAGE);
		if (e)
			return mb_fail("RAM map", i, e);
	}
	tables = mb_used(CT_PAGETABLE);
	printf("mapbig: mapped %u device and %u RAM pages with %u tables\n", MB_PAGES, MB_PAGES,
	       (unsigned)tables);
	if (tables != MB_TABLES)
		return 3;
	/* One page more needs a new page table: over the limit, nothing
	 * changes: not the bank's counts, not the kernel's ledger, and the
	 * page is not mapped. */
	frames = mb_used(BANK_KIND_FRAMES);
	if (bank_alloc(M_BANK, CT_PAGE, M_PAGE, &pa))
		return 4;
	banked = mb_banked();
	e = mb_map(MB_RAM_VA + MB_PAGES * 4096u);
	if (e != BANK_ERR_LIMIT || mb_used(CT_PAGETABLE) != MB_TABLES ||
	    mb_used(BANK_KIND_FRAMES) != frames + 1 || mb_banked() != banked ||
	    process_unmap(M_PROC, MB_RAM_VA + MB_PAGES * 4096u) != INV_ERR_ARG)
		return mb_fail("the refused table", MB_PAGES, e);
	printf("mapbig: the next page table refused: %s\n", bank_err_name(e));
	cap_delete(M_PAGE);
	/* Unmapping the whole device gives its directory and its 32 tables
	 * back to the bank, one by one as each range empties. */
	banked = mb_banked();
	for (uint32_t i = 0; i < MB_PAGES; i++) {
		e = process_unmap(M_PROC, MB_DEV_VA + i * 4096u);
		if (e)
			return mb_fail("device unmap", i, e);
		/* a table each 512 pages, and the directory with the last one */
		if (i % 512 == 511 &&
		    mb_used(CT_PAGETABLE) != MB_TABLES - (i + 1) / 512 - (i + 1 == MB_PAGES))
			return mb_fail("a table's return", i, (int)mb_used(CT_PAGETABLE));
	}
	tables = mb_used(CT_PAGETABLE);
	printf("mapbig: device unmapped, %u tables left\n", (unsigned)tables);
	if (tables != MB_TABLES / 2 || mb_banked() != banked + MB_TABLES / 2)
		return 7;
	/* The tables come back with the process; the destroy returns the rest. */
	if (bank_free(M_BANK, proc) || mb_used(CT_PAGETABLE) != 0 ||
	    cap_identify(M_PROC, NULL, NULL) != INV_ERR_CAP_STALE)
		return 5;
	cap_delete(M_PROC);
	if (bank_destroy(M_BANK) || mb_banked() != banked0)
		return 6;
	printf("utest map_big ok\n");
	return 0;
}
