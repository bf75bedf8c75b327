/* What the memory code needs from the arch (doc/memory.md §7).
 *
 * ColdFire: no MMU. Every physical address is its own kernel address, so the
 * "direct map" is the identity over the whole 32-bit space, there are no
 * kernel page tables, and a transient mapping is the address itself. */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <kernel/types.h>

#define ARCH_DIRECT_MAP_END ((pa_t)1 << 32)

static inline void *arch_kva(pa_t pa)
{
	return (void *)(uintptr_t)pa;
}

/* The first physical address the CPU cannot reach: the V2 core has 32-bit
 * addresses. */
static inline pa_t arch_pa_limit(void)
{
	return (pa_t)1 << 32;
}

/* No page tables: 0 bytes. */
uint64_t arch_mm_table_bytes(void);

/* Nothing to build; checks that direct_top is addressable. */
void arch_mm_init(pa_t direct_top);

#define ARCH_TMAP_SLOTS 4
void *arch_tmap(unsigned slot, pa_t pa);
void arch_tunmap(unsigned slot);

#endif
