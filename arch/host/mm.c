/* The host port's memory: RAM lent by a test, reached through host_kva. */
#include <stdio.h>

#include <arch/host.h>
#include <kernel/arch.h>

pa_t host_direct_map_end;
static pa_t host_ram_base;
static uint8_t *host_ram;

void host_ram_lend(pa_t base, uint64_t bytes, void *mem)
{
	host_ram_base = base;
	host_ram = mem;
	host_direct_map_end = bytes ? base + bytes : 0;
}

void *host_kva(pa_t pa)
{
	if (pa < host_ram_base || pa >= host_direct_map_end) {
		fprintf(stderr, "host_kva: pa 0x%llx outside the lent RAM\n",
			(unsigned long long)pa);
		abort();
	}
	return host_ram + (pa - host_ram_base);
}

pa_t arch_pa_limit(void)
{
	return (pa_t)1 << 36;
}

uint64_t arch_mm_table_bytes(void)
{
	return 0;
}

void arch_mm_init(pa_t direct_top)
{
	(void)direct_top;
}

void *arch_tmap(unsigned slot, pa_t pa)
{
	(void)slot;
	return host_kva(pa);
}

void arch_tunmap(unsigned slot)
{
	(void)slot;
}
