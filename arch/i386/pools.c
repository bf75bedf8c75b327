/* The PC's background pools (doc/pools.md): ISA DMA reaches the first
 * 16 MiB, 32-bit DMA the first 4 GiB, and hot-plugged DIMMs land at 4 GiB
 * and above. i386 enforces every cache attribute in its PAE entries. */
#include <kernel/arch.h>
#include <kernel/pool.h>

#define POOLS_ISA_END 0x1000000ull
#define POOLS_DMA32_END 0x100000000ull
#define POOLS_PAE_END (1ull << 52) /* PAE's architectural physical limit */

unsigned arch_pools(const struct boot_info *bi, struct pool_desc *out, unsigned max)
{
	(void)bi;
	if (max < 3)
		return 0;
	pool_desc_background(&out[0], "isa", 0, POOLS_ISA_END);
	pool_desc_background(&out[1], "dma32", POOLS_ISA_END, POOLS_DMA32_END - POOLS_ISA_END);
	pool_desc_background(&out[2], "high", POOLS_DMA32_END, POOLS_PAE_END - POOLS_DMA32_END);
	return 3;
}

/* Write-through is PWT, uncached PCD|PWT, in the PAT's power-on layout. */
bool arch_pool_cache_enforced(unsigned cache, const char **why)
{
	*why = cache < POOL_CACHE_COUNT ? "" : "unknown attribute";
	return cache < POOL_CACHE_COUNT;
}
