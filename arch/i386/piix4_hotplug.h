/* i386-private: QEMU's PCI hot-plug controller on the PIIX4 ACPI function
 * (FACTS.md §3, doc/hotplug.md). Serves the root bus and the buses behind
 * bridges that the ACPI tables give a bus selector. */
#ifndef I386_PIIX4_HOTPLUG_H
#define I386_PIIX4_HOTPLUG_H

#include <lib/types.h>

/* False on machines without the registers (Bochs, `-M pc,acpi=off`). */
bool piix4_hotplug_present(void);

/* Hot-removable slots as the controller reports them. */
uint32_t piix4_hotplug_removable(void);

/* True once arm has enabled the hot-plug GPE and made the SCI level-triggered. */
bool piix4_hotplug_armed(void);

/* Starts serving insertions and removal requests from the SCI on every bus
 * with a selector. attached[bus]: the slots (device numbers) of each bus
 * already set up by the boot scan (PCI_BUSES entries). */
void piix4_hotplug_arm(const uint32_t *attached);

#endif
