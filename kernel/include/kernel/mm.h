/* Kernel memory at boot (doc/memory.md): the classified map, the fixed
 * heap, the page headers of boot RAM, the reserve, the ledger and the
 * budget. kernel_main calls mm_init, then the arch's device discovery, then
 * mm_relax. */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <kernel/pmem.h>
#include <lib/poolmap.h>

/* Range table slots: up to 32 boot RAM runs (a loader map has at most
 * BOOT_MEM_MAX = 64 entries, and RAM runs alternate with holes), cut at
 * pool boundaries into at most POOL_CELL_MAX more (a range lies in one
 * pool cell, doc/pools.md), plus 16 devices of 6 memory BARs each (PCI's
 * maximum) = 160. */
#define RANGE_MAX (128 + POOL_CELL_MAX)

/* Classifies the map, sizes and carves the fixed heap and the reserve,
 * builds the kernel page tables and the headers of boot RAM, fills the
 * ledger and checks it; prints the `pmem:`, `sizeof:`, `pagehdr:`,
 * `reserve:`, `heap:`, `ledger:` and `budget: conservative=` lines. A map
 * that cannot be used is refused (boot_refuse), naming the bad entry. */
void mm_init(const struct boot_info *bi, const struct cmdline *cl);

/* After boot-time device discovery: releases the unneeded reserve to
 * banked, seals banked, prints `budget: relaxed=` and the ledger. */
void mm_relax(void);

/* The classified boot map. */
const struct pmem_map *mm_map(void);

#endif
