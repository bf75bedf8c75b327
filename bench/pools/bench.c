/* Memory pools in guest instructions (bench/pools.sh), with the IPC
 * benchmark's counter (bench/ipc/arch/<arch>/bench_counter.h):
 *   - pa -> pool: POOLBENCH_LOOKUPS calls of poolmap_of, the kernel's own
 *     code (lib/poolmap.c) over the kernel's registry read through
 *     MemInfo, for a frame in a plain cell, one in a coloured cell and one outside every pool;
 *   - the kernel's own pa -> pool (the resource tree's range, then its pool
 *     or colour table): POOLBENCH_LOOKUPS PROC_OP_POOL_AT invocations on a
 *     page of a plain pool and one of a coloured pool, less as many
 *     PROC_OP_POOL_GET (the same path with no lookup and no map scan),
 *     both through a copy of CAP_SELF in a register: the fastpath takes
 *     POOL_GET on CAP_SELF itself, which would leave the general path's
 *     cost in the difference;
 *   - bank page alloc + free, POOLBENCH_PAIRS pairs each: from the current
 *     pool (bank_alloc asks the kernel for it each time), naming the pool,
 *     and naming none (any pool). */
#include <arroyo/bank.h>
#include <bench_counter.h>
#include <lib/poolmap.h>

#define POOLBENCH_PAIRS 64
#define POOLBENCH_LOOKUPS 256
#define R_MEMINFO 1
#define R_RANGE 3
#define R_BUDGET 4
#define R_BANK_PROC 5
#define R_BANK_BOOT 6
#define R_ROOT 10
#define R_CHILD 11
#define R_PAGE 12
#define R_SELF 13
/* Where the page of each pool is mapped (i386; ColdFire uses it where it is). */
#define POOLBENCH_VA 0x10000000u

static struct pool_map map;
static volatile unsigned sink;

static int load_map(void)
{
	struct pool_info pi;
	unsigned id;

	poolmap_init(&map);
	for (unsigned k = 0; meminfo_pool(R_MEMINFO, k, &pi) == INV_OK; k++) {
		struct pool_desc d = { .start = pi.start,
				       .length = pi.length,
				       .stripe = pi.stripe,
				       .step = pi.step,
				       .cache = pi.cache,
				       .layer = pi.layer };

		for (unsigned c = 0; c < POOL_NAME_SIZE; c++)
			d.name[c] = pi.name[c];
		if (poolmap_add(&map, &d, &id, NULL) != POOLMAP_OK)
			return 1;
	}
	return poolmap_build(&map, NULL) != POOLMAP_OK;
}

/* Mean instructions per lookup of pa, the loop's own cost included. */
static uint32_t lookups(uint64_t pa)
{
	uint32_t t0 = bench_read(), t1;

	for (unsigned i = 0; i < POOLBENCH_LOOKUPS; i++)
		sink = poolmap_of(&map, pa);
	t1 = bench_read();
	return bench_delta(t1, t0) * BENCH_UNIT_INSNS / POOLBENCH_LOOKUPS;
}

/* Mean instructions per PROC_OP_POOL_AT of addr (at) or PROC_OP_POOL_GET on proc. */
static uint32_t kernel_calls(unsigned proc, uint32_t addr, int at)
{
	uint32_t t0 = bench_read(), t1;
	unsigned pool;
	uint64_t pa;

	for (unsigned i = 0; i < POOLBENCH_LOOKUPS; i++)
		if (at ? process_pool_at(proc, addr, &pool, &pa) : process_pool_get(proc, &pool))
			return 0;
	t1 = bench_read();
	return bench_delta(t1, t0) * BENCH_UNIT_INSNS / POOLBENCH_LOOKUPS;
}

/* The kernel's lookup for a page of pool, mapped alone at POOLBENCH_VA:
 * PROC_OP_POOL_AT over PROC_OP_POOL_GET, which differ by the lookup and a
 * scan of the caller's mappings (the same before and after a change of the
 * lookup). 0 when something fails. */
static uint32_t kernel_lookup(unsigned pool, uint32_t *at_insns)
{
	uint32_t addr, at, get;
	unsigned got;
	uint64_t pa, mapped;

	if (bank_alloc_in(R_CHILD, CT_PAGE, pool, R_PAGE, &pa) ||
	    process_map(CAP_SELF, R_PAGE, POOLBENCH_VA, 0, &addr))
		return 0;
	if (process_pool_at(CAP_SELF, addr, &got, &mapped) || got != pool || mapped != pa)
		return 0;
	*at_insns = kernel_calls(CAP_SELF, addr, 1);
	if (cap_copy(CAP_SELF, R_SELF))
		return 0;
	at = kernel_calls(R_SELF, addr, 1);
	get = kernel_calls(R_SELF, 0, 0);
	if (cap_delete(R_SELF) || process_unmap(CAP_SELF, addr) || cap_delete(R_PAGE) ||
	    bank_free(R_CHILD, pa))
		return 0;
	return at > get ? at - get : 0;
}

/* Mean instructions per page alloc + free through bank_alloc_in(pool), or
 * bank_alloc (the current pool) when current. */
static uint32_t pairs(unsigned pool, int current)
{
	uint32_t sum = 0;
	uint64_t pa;

	for (unsigned i = 0; i < 4; i++) /* warm: the chunk, the bank's tables */
		if (bank_alloc_in(R_CHILD, CT_PAGE, pool, CAP_NONE, &pa) || bank_free(R_CHILD, pa))
			return 0;
	for (unsigned i = 0; i < POOLBENCH_PAIRS; i++) {
		uint32_t t0 = bench_read(), t1;
		int e = current ? bank_alloc(R_CHILD, CT_PAGE, CAP_NONE, &pa)
				: bank_alloc_in(R_CHILD, CT_PAGE, pool, CAP_NONE, &pa);

		if (e || bank_free(R_CHILD, pa))
			return 0;
		t1 = bench_read();
		sum += bench_delta(t1, t0) * BENCH_UNIT_INSNS;
	}
	return sum / POOLBENCH_PAIRS;
}

int main(void)
{
	unsigned plain, red;

	if (process_set_cap(R_BANK_PROC, R_RANGE, 1) || process_set_cap(R_BANK_PROC, R_BUDGET, 2) ||
	    bank_root(R_BANK_BOOT, R_ROOT) || bank_child(R_ROOT, R_CHILD) || load_map())
		return 1;
	plain = poolmap_find(&map, "plain");
	red = poolmap_find(&map, "red");
	if (plain == POOL_NONE || red == POOL_NONE)
		return 2;
	bench_counter_init();
	printf("poolbench: counter %s\n", BENCH_COUNTER_NAME);
	printf("poolbench: lookup_plain=%u\n", (unsigned)lookups(map.pool[plain].start));
	printf("poolbench: lookup_coloured=%u\n", (unsigned)lookups(map.pool[red].start));
	printf("poolbench: lookup_miss=%u\n", (unsigned)lookups(~0ull));
	{
		uint32_t at_plain = 0, at_red = 0;
		uint32_t k_plain = kernel_lookup(plain, &at_plain),
			 k_red = kernel_lookup(red, &at_red);

		if (!k_plain || !k_red)
			return 3;
		printf("poolbench: kernel_pool_at_plain=%u\n", (unsigned)at_plain);
		printf("poolbench: kernel_lookup_plain=%u\n", (unsigned)k_plain);
		printf("poolbench: kernel_lookup_coloured=%u\n", (unsigned)k_red);
	}
	printf("poolbench: page_current_pool=%u\n", (unsigned)pairs(plain, 1));
	printf("poolbench: page_named_pool=%u\n", (unsigned)pairs(plain, 0));
	printf("poolbench: page_any_pool=%u\n", (unsigned)pairs(POOL_ANY, 0));
	printf("poolbench: page_coloured_pool=%u\n", (unsigned)pairs(red, 0));
	return 0;
}
