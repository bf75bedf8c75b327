/* i386 virtual layout (PAE, higher half). See doc/memory.md for the diagram.
 *
 *   0x00000000 .. 0xC0000000   user (identity-mapped low 1 GiB only during early boot)
 *   0xC0000000 .. 0xF0000000   direct map of physical 0 .. 768 MiB (2 MiB pages)
 *   0xF0000000 .. 0xFFFFFFFF   kernel windows (header region, transient map, MMIO)
 */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#define KERNEL_VIRT_BASE 0xC0000000u
#define DIRECT_MAP_SIZE 0x30000000u
#define KERNEL_LOAD_PA 0x00100000u
/* The top page is never mapped: it catches wrap-around and deliberate faults. */
#define KERNEL_GUARD_VA 0xFFFFF000u

#ifndef __ASSEMBLY__
#include <stdint.h>
#define PA_TO_VIRT(pa) ((void *)((uintptr_t)(pa) + KERNEL_VIRT_BASE))
#define VIRT_TO_PA(va) ((uint64_t)((uintptr_t)(va)-KERNEL_VIRT_BASE))
#endif

#endif
