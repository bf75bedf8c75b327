/* i386-private: QEMU's ACPI memory hot-plug controller (pc-dimm), I/O ports
 * 0x0a00-0x0a17 (FACTS.md §3, doc/hotplug.md). Its GPE (bit 3 of GPE0) is
 * served from the PIIX4 SCI handler in piix4_hotplug.c. */
#ifndef I386_ACPI_MEMHP_H
#define I386_ACPI_MEMHP_H

#include <lib/types.h>

#define ACPI_MEMHP_GPE 0x0008 /* GPE0 status/enable bit */

/* False unless QEMU was started with `-m ...,slots=N`. */
bool acpi_memhp_present(void);

/* Boot: adds every DIMM already enabled (cold-plugged with -device pc-dimm;
 * they are not in the loader's memory map). Call before arming the GPE. */
void acpi_memhp_discover(void);

/* The GPE fired (its status bit already cleared): serves every slot with a
 * pending insertion or removal request. */
void acpi_memhp_event(void);

/* Slots whose DIMM the kernel has added; bit n = slot n, for n < 32. */
uint32_t acpi_memhp_added_low(void);

#endif
