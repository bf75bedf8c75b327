/* i386 PAE paging: the kernel's own tables and the transient window. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/pagehdr.h>
#include <kernel/pool.h>

#include "../paging.h"

KTEST(paging_low_identity_map_gone)
{
	KT_ASSERT(!paging_pdpt_entry_present(0));
	KT_ASSERT(!paging_pdpt_entry_present(1));
	KT_ASSERT(!paging_pdpt_entry_present(2));
	KT_ASSERT(paging_pdpt_entry_present(3));
	return KTEST_OK;
}

/* Writes a pattern to frame pa through slot 0, reads it back through slot
 * 1, and restores the frame. */
static const char *tmap_roundtrip(pa_t pa)
{
	volatile uint32_t *a = arch_tmap(TMAP_SLOT_SCRATCH, pa),
			  *b = arch_tmap(TMAP_SLOT_OBJMEM, pa);
	uint32_t saved0 = a[0], saved1 = a[1023];

	KT_ASSERT(a && b && a != b);
	a[0] = 0xa5a5f00du ^ (uint32_t)(pa >> 12);
	a[1023] = 0x5a5a0ff1u;
	KT_EQ(b[0], 0xa5a5f00du ^ (uint32_t)(pa >> 12));
	KT_EQ(b[1023], 0x5a5a0ff1u);
	/* Remap slot 1 to another frame and back: the TLB must follow. */
	b = arch_tmap(TMAP_SLOT_OBJMEM, pa - PAGE_SIZE);
	KT_ASSERT(b[0] != (0xa5a5f00du ^ (uint32_t)(pa >> 12)) || b[1023] != 0x5a5a0ff1u);
	b = arch_tmap(TMAP_SLOT_OBJMEM, pa);
	KT_EQ(b[1023], 0x5a5a0ff1u);
	a[0] = saved0;
	a[1023] = saved1;
	arch_tunmap(TMAP_SLOT_SCRATCH);
	arch_tunmap(TMAP_SLOT_OBJMEM);
	return KTEST_OK;
}

/* The highest banked RAM frame of the map, below or above 4 GiB. */
static pa_t top_free_frame(bool above_4g)
{
	const struct pmem_map *map = mm_map();
	pa_t best = 0;

	for (unsigned i = 0; i < map->count; i++) {
		const struct pmem_entry *e = &map->e[i];

		if (e->cls != PMEM_RAM || e->end - e->base < 2 * PAGE_SIZE)
			continue;
		if ((e->end > 0x100000000ull) == above_4g)
			best = e->end - PAGE_SIZE;
	}
	return best;
}

KTEST(paging_tmap_high_frame)
{
	pa_t pa = top_free_frame(false);

	KT_ASSERT(pa != 0);
	KT_EQ(pagehdr_type(pagehdr_of_pa(pa)), PT_FREE);
	return tmap_roundtrip(pa);
}

/* Passes vacuously (and says so) when the machine has no RAM above 4 GiB. */
KTEST(paging_tmap_above_4g)
{
	pa_t pa = top_free_frame(true);

	if (!pa) {
		kprintf("ktest paging_tmap_above_4g: no RAM above 4 GiB, nothing to touch\n");
		return KTEST_OK;
	}
	KT_ASSERT(pa >= 0x100000000ull);
	return tmap_roundtrip(pa);
}

KTEST(paging_direct_map_matches_heap)
{
	const struct pmem_map *map = mm_map();

	for (unsigned i = 0; i < map->count; i++)
		if (map->e[i].cls == PMEM_HEAP) {
			volatile uint32_t *d = arch_kva(map->e[i].base);
			volatile uint32_t *t = arch_tmap(TMAP_SLOT_ASPACE, map->e[i].base);
			bool same = d[5] == t[5];

			arch_tunmap(TMAP_SLOT_ASPACE);
			KT_ASSERT(same);
			return KTEST_OK;
		}
	KT_FAIL("no heap entry in the map");
}

/* A frame's direct-map entry takes a cache attribute: its 2 MiB page is
 * split into 4 KiB entries that map the same frames, the frame's entry gets
 * PCD|PWT (uc) or PWT (wt), its neighbour keeps write-back, the contents
 * read the same through the new entry; wb restores it. Uses a heap frame
 * (the kernel's own, so no pool's attribute is disturbed). */
KTEST(paging_direct_cache_attribute)
{
	const struct pmem_map *map = mm_map();
	pa_t pa = 0, nb;
	bool large;
	uint64_t e;
	uint32_t was;

	for (unsigned i = 0; i < map->count && !pa; i++)
		if (map->e[i].cls == PMEM_HEAP)
			pa = map->e[i].base + PAGE_SIZE;
	KT_ASSERT(pa);
	nb = ((pa + PAGE_SIZE) >> 21) == (pa >> 21) ? pa + PAGE_SIZE : pa - PAGE_SIZE;
	was = ((volatile uint32_t *)arch_kva(pa))[7];

	KT_EQ(paging_direct_cache(pa, 1, POOL_CACHE_UC), ERR_OK);
	e = paging_direct_entry(pa, &large);
	KT_ASSERT(!large);
	KT_EQ(e & PTE_ADDR_MASK, pa);
	KT_EQ(e & (PTE_PCD | PTE_PWT), PTE_PCD | PTE_PWT);
	KT_ASSERT(e & PTE_P);
	e = paging_direct_entry(nb, &large);
	KT_ASSERT(!large);
	KT_EQ(e & PTE_ADDR_MASK, nb);
	KT_EQ(e & (PTE_PCD | PTE_PWT), 0);
	KT_EQ(((volatile uint32_t *)arch_kva(pa))[7], was);

	KT_EQ(paging_direct_cache(pa, 1, POOL_CACHE_WT), ERR_OK);
	KT_EQ(paging_direct_entry(pa, &large) & (PTE_PCD | PTE_PWT), PTE_PWT);
	KT_EQ(paging_direct_cache(pa, 1, POOL_CACHE_WB), ERR_OK);
	KT_EQ(paging_direct_entry(pa, &large) & (PTE_PCD | PTE_PWT), 0);
	KT_ASSERT(!large); /* split for good */

	KT_EQ(paging_direct_cache(paging_direct_top, 1, POOL_CACHE_UC), ERR_RANGE);
	KT_EQ(paging_cache_bits(POOL_CACHE_UC), PTE_PCD | PTE_PWT);
	KT_EQ(paging_cache_bits(POOL_CACHE_WB), 0);
	return KTEST_OK;
}
