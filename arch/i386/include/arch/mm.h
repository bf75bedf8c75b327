/* What the memory code needs from the arch (doc/memory.md §7).
 *
 * i386: PAE paging. The kernel's own page tables (arch/i386/paging.c) map
 * the direct map of low RAM at KERNEL_VIRT_BASE with 2 MiB pages, the header
 * window and the transient window with 4 KiB pages; nothing below
 * KERNEL_VIRT_BASE. */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <arch/layout.h>
#include <kernel/types.h>

/* Physical addresses below this are direct-mapped (once arch_mm_init ran,
 * only up to the top of boot RAM; the fixed heap must lie below it). */
#define ARCH_DIRECT_MAP_END ((pa_t)DIRECT_MAP_SIZE)

/* The direct-mapped kernel address of pa (pa < ARCH_DIRECT_MAP_END). */
static inline void *arch_kva(pa_t pa)
{
	return (void *)(uintptr_t)(pa + KERNEL_VIRT_BASE);
}

/* The first physical address the CPU cannot reach: 2^MAXPHYADDR. QEMU's
 * default qemu32 CPU has neither PSE36 nor CPUID leaf 0x80000008, so it
 * reports 32 bits and RAM above 4 GiB is unusable there (measured: a PAE
 * entry for 0x13ffff000 faults with the reserved-bit error). */
pa_t arch_pa_limit(void);

/* Bytes of fixed heap the arch's kernel page tables take (a formula input). */
uint64_t arch_mm_table_bytes(void);

/* Builds the kernel page tables in the fixed heap (heap_alloc, purpose
 * HEAP_PAGETABLES), direct-mapping [0, direct_top), and switches to them.
 * The boot tables and their low identity map are gone afterwards. */
void arch_mm_init(pa_t direct_top);

/* Transient mappings: ARCH_TMAP_SLOTS one-page slots that reach any frame,
 * including RAM above the direct map and above 4 GiB. A slot stays mapped
 * until the next arch_tmap of the same slot or arch_tunmap. */
#define ARCH_TMAP_SLOTS 4
void *arch_tmap(unsigned slot, pa_t pa);
void arch_tunmap(unsigned slot);

#endif
