/* i386-private: QEMU's PCI hot-plug bus selectors, read from the firmware's
 * ACPI tables (RSDP -> RSDT -> FADT -> DSDT, and every SSDT) and placed on
 * the bus tree the firmware numbered. doc/hotplug.md. */
#ifndef I386_ACPI_TABLES_H
#define I386_ACPI_TABLES_H

#include <lib/types.h>

#define ACPI_HOTPLUG_BUSES 8 /* bus selectors served */

struct acpi_hotplug_bus {
	uint32_t bsel;
	uint8_t bus;
	uint8_t bridge_bus, bridge_dev, bridge_fn; /* the bridge in front (bus > 0) */
};

/* Fills out[] with the selectors whose bus the scan can name (at most
 * ACPI_HOTPLUG_BUSES) and returns how many; 0 when no table names one (then
 * the caller serves the root bus as selector 0). Prints one line per
 * selector, and why one is not served. */
unsigned acpi_hotplug_buses(struct acpi_hotplug_bus *out);

#endif
