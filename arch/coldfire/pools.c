/* The MCF5208's background pools (doc/pools.md): the SDRAM the chip select
 * describes, and the 16 KiB internal SRAM, single-cycle memory for hot code
 * and data (its first bytes carry the runner's command line, copied out
 * before any frame is given a purpose). */
#include "board.h"
#include <kernel/arch.h>
#include <kernel/pool.h>

unsigned arch_pools(const struct boot_info *bi, struct pool_desc *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < bi->mem_count && n < max; i++) {
		const struct memmap_entry *r = &bi->mem[i];

		if (r->type != MEM_RAM)
			continue;
		if (r->base == BOARD_SRAM_BASE)
			pool_desc_background(&out[n++], "sram", r->base, r->len);
		else
			pool_desc_background(&out[n++], "sdram", r->base, r->len);
	}
	return n;
}

/* Without an MMU the cache mode is per address region (ACR0/ACR1), which
 * Arroyo leaves at the reset default: a pool's attribute is not enforced. */
bool arch_pool_cache_enforced(unsigned cache, const char **why)
{
	*why = "ColdFire has no MMU; the ACRs that set cache modes by region are not programmed";
	return cache == POOL_CACHE_WB;
}

/* Nothing to apply: no attribute but wb is enforced (the registry says so). */
bool arch_pool_cache_apply(char *why, size_t whylen)
{
	(void)why;
	(void)whylen;
	return true;
}
