/* Page alloc + free through the space bank, in guest instructions (bench/bank.sh).
 * The first process: starts the bank as init does, takes a child bank, warms
 * it (the first allocation takes a 1 MiB chunk from the kernel), then times
 * BANK_BENCH_PAIRS pairs of BANK_OP_ALLOC page + BANK_OP_FREE one by one with
 * the IPC benchmark's counter (bench/ipc/arch/<arch>/bench_counter.h: rdtsc on
 * i386, PIT1 in 12-instruction ticks on ColdFire). Each pair is two calls to
 * the bank, each answered with the Page made or destroyed; the bank's next
 * ALLOC takes the frame its bank's last FREE kept (doc/spacebank.md, "A
 * freed frame kept for its bank"). Then the same pairs by two child banks
 * by turns ("alternating"), so that no ALLOC finds its own bank's frame
 * kept and every FREE's books are settled in full. Then the same pairs
 * through the client's page cache (user/lib/pagecache.c), its own figure:
 * after its first refill (in the warm-up) a pair makes no call at all. */
#include <arroyo/bank.h>
#include <arroyo/pagecache.h>
#include <bench_counter.h>

#define BANK_BENCH_PAIRS 64
#define R_RANGE 3
#define R_BUDGET 4
#define R_BANK_PROC 5
#define R_BANK_BOOT 6
#define R_CHILD2 9
#define R_ROOT 10
#define R_CHILD 11
#define BANK_BENCH_CACHE_BATCH 2

static uint32_t sample[BANK_BENCH_PAIRS];
static struct pagecache cache;
static const uint8_t cache_regs[] = { 12, 13, 14, 15 };

static void report(const char *what)
{
	uint32_t sum = 0, lo = 0xffffffffu, hi = 0;

	for (unsigned i = 0; i < BANK_BENCH_PAIRS; i++) {
		sum += sample[i];
		lo = sample[i] < lo ? sample[i] : lo;
		hi = sample[i] > hi ? sample[i] : hi;
	}
	printf("bankbench: %s alloc+free instructions min=%u mean=%u max=%u\n", what, (unsigned)lo,
	       (unsigned)(sum / BANK_BENCH_PAIRS), (unsigned)hi);
}

int main(void)
{
	uint64_t pa;
	uint32_t t0, t1;
	unsigned cap;

	if (process_set_cap(R_BANK_PROC, R_RANGE, 1) || process_set_cap(R_BANK_PROC, R_BUDGET, 2) ||
	    bank_root(R_BANK_BOOT, R_ROOT) || bank_child(R_ROOT, R_CHILD) ||
	    bank_child(R_ROOT, R_CHILD2))
		return 1;
	bench_counter_init();
	for (unsigned i = 0; i < 4; i++) /* warm: the chunk, the bank's tables */
		if (bank_alloc(R_CHILD, CT_PAGE, CAP_NONE, &pa) || bank_free(R_CHILD, pa))
			return 2;
	for (unsigned i = 0; i < BANK_BENCH_PAIRS; i++) {
		t0 = bench_read();
		if (bank_alloc(R_CHILD, CT_PAGE, CAP_NONE, &pa) || bank_free(R_CHILD, pa))
			return 3;
		t1 = bench_read();
		sample[i] = bench_delta(t1, t0) * BENCH_UNIT_INSNS;
	}
	printf("bankbench: counter %s, %u pairs\n", BENCH_COUNTER_NAME, (unsigned)BANK_BENCH_PAIRS);
	report("page");
	for (unsigned i = 0; i < BANK_BENCH_PAIRS + 4; i++) { /* 4 to warm the second bank */
		unsigned bank = i & 1 ? R_CHILD2 : R_CHILD;

		t0 = bench_read();
		if (bank_alloc(bank, CT_PAGE, CAP_NONE, &pa) || bank_free(bank, pa))
			return 8;
		t1 = bench_read();
		if (i >= 4)
			sample[i - 4] = bench_delta(t1, t0) * BENCH_UNIT_INSNS;
	}
	report("alternating");
	if (pagecache_init(&cache, R_CHILD, cache_regs, sizeof cache_regs, BANK_BENCH_CACHE_BATCH,
			   CAP_NONE))
		return 4;
	for (unsigned i = 0; i < 4; i++) /* warm: the first refill */
		if (pagecache_alloc(&cache, &cap, &pa) || pagecache_free(&cache, cap))
			return 5;
	for (unsigned i = 0; i < BANK_BENCH_PAIRS; i++) {
		t0 = bench_read();
		if (pagecache_alloc(&cache, &cap, &pa) || pagecache_free(&cache, cap))
			return 6;
		t1 = bench_read();
		sample[i] = bench_delta(t1, t0) * BENCH_UNIT_INSNS;
	}
	report("cached");
	return pagecache_trim(&cache, 0) == BANK_OK ? 0 : 7;
}
