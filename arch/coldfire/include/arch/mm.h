/* What the memory code needs from the arch (doc/memory.md §7).
 *
 * ColdFire: no MMU. Every physical address is its own kernel address, so the
 * "direct map" is the identity over the whole 32-bit space, there are no
 * kernel page tables, and a transient mapping is the address itself. */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <lib/types.h>

#define ARCH_DIRECT_MAP_END ((pa_t)1 << 32)

static inline void *arch_kva(pa_t pa)
{
	return (void *)(uintptr_t)pa;
}

#define ARCH_TMAP_SLOTS 5

#endif
