/* The header region's window without an MMU (kernel/include/kernel/hdrregion.h):
 * a header array lives in place in a physical run of reserve frames, so the
 * "window" is the run's own addresses and mapping is a no-op. */
#include <kernel/arch.h>
#include <kernel/hdrregion.h>

bool arch_hdrwin_needs_run(void)
{
	return true;
}

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	if (run + (pages << PAGE_SHIFT) > ARCH_DIRECT_MAP_END)
		return NULL;
	return arch_kva(run);
}

void arch_hdrwin_map(void *va, pa_t pa)
{
	(void)va;
	(void)pa;
}

pa_t arch_hdrwin_unmap(void *va)
{
	return (pa_t)(uintptr_t)va;
}

void arch_hdrwin_free(void *va, uint64_t pages)
{
	(void)va;
	(void)pages;
}

/* Without an MMU there are no tables to add. */
uint64_t arch_hdrwin_tables_for(uint64_t pages)
{
	(void)pages;
	return 0;
}

uint64_t arch_hdrwin_tables_max(uint64_t pages)
{
	(void)pages;
	return 0;
}

void arch_hdrwin_set_table(void *va, uint64_t i, pa_t table)
{
	(void)va;
	(void)i;
	(void)table;
}

pa_t arch_hdrwin_clear_table(void *va, uint64_t i)
{
	(void)va;
	(void)i;
	return 0;
}
