/* The memory part of the arch contract without an MMU (kernel/arch.h). */
#include <kernel/arch.h>
#include <kernel/kprintf.h>

/* The V2 core has 32-bit addresses. */
pa_t arch_pa_limit(void)
{
	return (pa_t)1 << 32;
}

/* No page tables. */
uint64_t arch_mm_table_bytes(void)
{
	return 0;
}

void arch_mm_init(pa_t direct_top)
{
	if (direct_top > ARCH_DIRECT_MAP_END)
		panic("direct map top 0x%llx is beyond the 32-bit address space",
		      (unsigned long long)direct_top);
}

void *arch_tmap(unsigned slot, pa_t pa)
{
	if (slot >= ARCH_TMAP_SLOTS || pa >= ARCH_DIRECT_MAP_END)
		panic("tmap slot %u of pa 0x%llx", slot, (unsigned long long)pa);
	return arch_kva(pa);
}

void arch_tunmap(unsigned slot)
{
	if (slot >= ARCH_TMAP_SLOTS)
		panic("tunmap slot %u", slot);
}
