/* What the memory code needs from the arch (doc/memory.md §7).
 *
 * i386: PAE paging. The kernel's own page tables (arch/i386/paging.c) map
 * the direct map of low RAM at KERNEL_VIRT_BASE with 2 MiB pages, the header
 * window and the transient window with 4 KiB pages; nothing below
 * KERNEL_VIRT_BASE. */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <arch/layout.h>
#include <lib/types.h>

/* Physical addresses below this are direct-mapped (once arch_mm_init ran,
 * only up to the top of boot RAM; the fixed heap must lie below it). */
#define ARCH_DIRECT_MAP_END ((pa_t)DIRECT_MAP_SIZE)

/* The direct-mapped kernel address of pa (pa < ARCH_DIRECT_MAP_END). */
static inline void *arch_kva(pa_t pa)
{
	return (void *)(uintptr_t)(pa + KERNEL_VIRT_BASE);
}

/* Transient-map slots (kernel/include/kernel/arch.h). */
#define ARCH_TMAP_SLOTS 5

#endif
