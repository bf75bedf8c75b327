/* i386-private, pure C (unit-tested on the host): finds QEMU's PCI hot-plug
 * bus selectors in ACPI table bytes without an AML interpreter.
 *
 * QEMU numbers every hot-pluggable PCI bus with a selector (BSEL) when it
 * builds its ACPI tables and declares it as `Name (BSEL, n)` in the scope of
 * the host bridge (the root bus) or of the bridge's Device, whose `_ADR`
 * names the bridge's device and function on its parent bus. The walk reads
 * only declarations (Scope, Device, Name and the few objects with a known
 * length); anything else ends the scope it appears in, whose length is
 * known, so the rest of the table is still read. doc/hotplug.md. */
#ifndef I386_ACPI_AML_H
#define I386_ACPI_AML_H

#include <lib/types.h>

#define ACPI_BSEL_DEPTH 4 /* bridges between the root bus and a selector's bus */

/* One selector: its bus is reached from the root bus through `depth`
 * bridges, adr[i] = device << 16 | function of the i-th on its parent bus. */
struct acpi_bsel {
	uint32_t bsel;
	unsigned depth;
	uint32_t adr[ACPI_BSEL_DEPTH];
};

/* Walks the AML of one table body (DSDT or SSDT, without its 36-byte
 * header) and appends each selector found to out[*n] (up to max; more are
 * counted in *n but not stored). Returns false when the bytes end inside
 * an object (a truncated table); what was found before stays. */
bool acpi_aml_find_bsel(const uint8_t *aml, size_t len, struct acpi_bsel *out, unsigned max,
			unsigned *n);

#endif
