/* A physical memory range as the boot loader or board describes it. */
#ifndef KERNEL_MEMRANGE_H
#define KERNEL_MEMRANGE_H

#include <lib/types.h>

enum mem_type {
	MEM_RAM = 1, /* usable RAM */
	MEM_RESERVED = 2, /* firmware or hardware reserved */
	MEM_ACPI = 3, /* ACPI tables, reclaimable after reading them */
	MEM_NVS = 4, /* ACPI non-volatile storage */
	MEM_BAD = 5, /* defective RAM */
};

struct memmap_entry {
	pa_t base;
	uint64_t len;
	uint32_t type; /* enum mem_type; other values are kept and treated as reserved */
	uint32_t source; /* index of the entry in the loader's map, for messages */
};

const char *mem_type_name(uint32_t type);

#endif
