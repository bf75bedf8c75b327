/* The pool tests' driver: starts the space bank with Range and Budget (as
 * init does), takes the root bank, runs every UTEST. */
#include "pools.h"

#define P_RANGE 3
#define P_BUDGET 4
#define P_BANK_PROC 5

static int pool_name_is(const char *have, const char *want)
{
	unsigned i = 0;

	while (i < POOL_NAME_BYTES && have[i] && have[i] == want[i])
		i++;
	return i < POOL_NAME_BYTES && have[i] == want[i];
}

unsigned pool_find(const char *name, struct pool_info *info)
{
	for (unsigned id = 0; meminfo_pool(P_MEMINFO, id, info) == INV_OK; id++)
		if (pool_name_is(info->name, name))
			return id;
	return POOL_ANY;
}

int pool_holds(const struct pool_info *p, uint64_t pa)
{
	uint64_t off = pa - p->start;

	if (pa < p->start || off >= p->length)
		return 0;
	return !p->step || (uint32_t)off % p->step < p->stripe;
}

int pool_page(unsigned bank, unsigned pool, uint64_t *pa)
{
	int e = bank_alloc_in(bank, CT_PAGE, pool, P_OBJ, pa);

	cap_delete(P_OBJ);
	return e;
}

void pools_test_clear(void)
{
	for (unsigned r = P_OBJ; r < CAP_REGS; r++)
		if (r != P_ROOT && r != P_MEMINFO && r != P_PROBE && r != P_BANK_BOOT)
			cap_delete(r);
}

int main(void)
{
	if (process_set_cap(P_BANK_PROC, P_RANGE, 1) || process_set_cap(P_BANK_PROC, P_BUDGET, 2))
		return 100;
	if (bank_root(P_BANK_BOOT, P_ROOT)) {
		printf("pooltest: no root bank\n");
		return 101;
	}
	pools_test_clear();
	return (int)utest_run_all();
}
