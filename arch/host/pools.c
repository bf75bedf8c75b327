/* The host port's pools: the unit tests build registries themselves
 * (pool_build), so the port offers none; every cache attribute is
 * "enforced" except uc, so the registry's not-enforced line is reached by
 * a test. */
#include <kernel/arch.h>
#include <kernel/pool.h>

unsigned arch_pools(const struct boot_info *bi, struct pool_desc *out, unsigned max)
{
	(void)bi;
	(void)out;
	(void)max;
	return 0;
}

bool arch_pool_cache_enforced(unsigned cache, const char **why)
{
	*why = "the host port maps nothing";
	return cache != POOL_CACHE_UC;
}

bool arch_pool_cache_apply(char *why, size_t whylen)
{
	(void)why;
	(void)whylen;
	return true;
}
