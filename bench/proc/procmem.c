/* Kernel memory of a minimal process, measured from user level through the
 * space bank's QUERY (bench/proc.sh, doc/objects.md "Measured"). The first
 * process: starts the bank as init does, takes a child bank and fills one
 * pot frame with processes, each with one code page and one stack page
 * mapped where the loader puts them, its tables given by the bank. The
 * child bank then holds F frames for n processes and 2n user pages, so one
 * process costs (F - 2n) * 4096 / n bytes of kernel memory: its share of
 * the pot frame and its tables. Prints `bench: <arch>.proc.min_bytes=<n>`, and
 * `bench: <arch>.proc.min_frames=<n>`: the whole frames one process has to
 * itself (its tables; its slot shares the pot frame). */
#include <arroyo/bank.h>

#define R_RANGE 3
#define R_BUDGET 4
#define R_BANK_PROC 5
#define R_BANK_BOOT 6
#define R_ROOT 10
#define R_CHILD 11
#define R_PROC 12
#define R_PAGE 13

#if defined(__i386__)
#define PROC_ARCH "i386"
/* A one-page program linked at 0x400000 and the loader's stack, which ends
 * on the first 2 MiB boundary with room above it (kernel/boot/loader.c). */
#define PROC_CODE_VA 0x00400000u
#define PROC_STACK_VA (0x00600000u - 4096u)
#else
#define PROC_ARCH "coldfire"
#endif

#define PROC_MAX 128

static int proc_map_one(unsigned proc, uint32_t va_or_zero)
{
	uint64_t pa;
	uint32_t addr, va;
	int e = bank_alloc(R_CHILD, CT_PAGE, R_PAGE, &pa);

	va = va_or_zero ? va_or_zero : (uint32_t)pa; /* ColdFire: where the page is */
	if (!e)
		e = bank_process_map(R_CHILD, proc, R_PAGE, va, 0, &addr);
	cap_delete(R_PAGE);
	return e;
}

int main(void)
{
	uint64_t addr, first = 0;
	uint32_t frames = 0, tables = 0, pots, n = 0, code_va = 0, stack_va = 0;

	if (process_set_cap(R_BANK_PROC, R_RANGE, 1) || process_set_cap(R_BANK_PROC, R_BUDGET, 2) ||
	    bank_root(R_BANK_BOOT, R_ROOT) || bank_child(R_ROOT, R_CHILD))
		return 1;
#if defined(__i386__)
	code_va = PROC_CODE_VA;
	stack_va = PROC_STACK_VA;
#endif
	/* One pot frame's worth: until a process lands in another frame. */
	for (n = 0; n < PROC_MAX; n++) {
		if (bank_alloc(R_CHILD, CT_PROCESS, R_PROC, &addr))
			return 2;
		if (!n)
			first = addr & ~(uint64_t)OBJ_ADDR_SLOT_MASK;
		if ((addr & ~(uint64_t)OBJ_ADDR_SLOT_MASK) != first) {
			if (bank_free(R_CHILD, addr))
				return 3;
			cap_delete(R_PROC);
			break;
		}
		if (proc_map_one(R_PROC, code_va) || proc_map_one(R_PROC, stack_va))
			return 4;
		cap_delete(R_PROC);
	}
	if (!n || bank_query(R_CHILD, BANK_KIND_FRAMES, NULL, &frames) ||
	    bank_query(R_CHILD, CT_PAGETABLE, NULL, &tables) || frames < 2 * n + tables)
		return 5;
	/* Whole frames a process has to itself are its tables; what is left
	 * past the user pages is the pot frame its slot shares with the others
	 * (one, or the loop would have stopped earlier). */
	pots = frames - 2 * n - tables;
	if (pots != 1 || tables % n)
		return 7;
	printf("procbench: %u processes, %u frames: %u user pages, %u tables, %u pot frame\n",
	       (unsigned)n, (unsigned)frames, (unsigned)(2 * n), (unsigned)tables, (unsigned)pots);
	printf("bench: %s.proc.min_bytes=%u\n", PROC_ARCH,
	       (unsigned)((frames - 2 * n) * 4096u / n));
	printf("bench: %s.proc.min_frames=%u\n", PROC_ARCH, (unsigned)(tables / n));
	return bank_destroy(R_CHILD) ? 6 : 0;
}
