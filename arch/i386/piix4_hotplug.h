/* i386-private: QEMU's PCI hot-plug controller on the PIIX4 ACPI function
 * (FACTS.md §3, doc/hotplug.md). Serves bus 0 only. */
#ifndef I386_PIIX4_HOTPLUG_H
#define I386_PIIX4_HOTPLUG_H

#include <lib/types.h>

/* False on machines without the registers (Bochs, `-M pc,acpi=off`). */
bool piix4_hotplug_present(void);

/* Hot-removable slots as the controller reports them. */
uint32_t piix4_hotplug_removable(void);

/* True once arm has enabled the hot-plug GPE and made the SCI level-triggered. */
bool piix4_hotplug_armed(void);

/* Starts serving insertions and removal requests on bus 0 from the SCI.
 * attached: the bus 0 slots already set up by the boot scan. */
void piix4_hotplug_arm(uint32_t attached);

#endif
