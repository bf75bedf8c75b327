/* The PC's background pools (doc/pools.md): ISA DMA reaches the first
 * 16 MiB, 32-bit DMA the first 4 GiB, and hot-plugged DIMMs land at 4 GiB
 * and above. i386 enforces every cache attribute in its PAE entries. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>
#include <lib/fmt.h>

#include "paging.h"

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

/* The direct map of a wt or uc pool's frames takes the pool's attribute,
 * the one user mappings of them take (aspace.c), so that no cached alias of
 * an uncached frame is left for the CPU to fill lines through. Frames at or
 * above the direct map's top have no standing kernel mapping; the
 * transient window maps them with the attribute too (paging_set_pte). Each
 * such pool's line counts the frames whose entry was read back with the
 * attribute. */
bool arch_pool_cache_apply(char *why, size_t whylen)
{
	const struct pool_map *m = pool_registry();

	for (unsigned id = 0; id < m->count; id++) {
		const struct pool_desc *d = &m->pool[id];
		uint64_t bits = paging_cache_bits(d->cache), frames = 0, checked = 0;
		pa_t end = d->start + d->length;

		if (!bits)
			continue;
		if (end > paging_direct_top)
			end = d->start < paging_direct_top ? paging_direct_top : d->start;
		for (pa_t pa = d->start; pa < end; pa += PAGE_SIZE) {
			bool large;

			if (poolmap_of(m, pa) != id)
				continue; /* another colour, or a pool over this one */
			if (paging_direct_cache(pa, 1, d->cache) != ERR_OK) {
				fmt_snprintf(why, whylen,
					     "pool '%s': its %s frames in the direct map need more "
					     "than %u split page tables",
					     d->name, pool_cache_name(d->cache),
					     PAGING_CACHE_SPLIT_TABLES);
				return false;
			}
			frames++;
			/* read back: a 4 KiB entry with exactly the pool's bits */
			if ((paging_direct_entry(pa, &large) & (PTE_PCD | PTE_PWT)) == bits &&
			    !large)
				checked++;
		}
		kprintf("pool: %s cache=%s direct map: frames=%llu in 4 KiB entries with %s, "
			"read back=%llu\n",
			d->name, pool_cache_name(d->cache), (unsigned long long)frames,
			d->cache == POOL_CACHE_UC ? "PCD|PWT" : "PWT", (unsigned long long)checked);
	}
	return true;
}
