/* Boot-time device discovery (doc/hotplug.md). */
#ifndef ARCH_DEVICES_H
#define ARCH_DEVICES_H

/* Scans PCI (every bus reachable from bus 0), sizes and places memory BARs,
 * calls hotplug_add_device() for every device that has memory windows, then
 * arms PCI hot-plug when the machine has it. Hot-plug events are served in
 * the SCI handler from then on, whenever interrupts are enabled. */
void arch_devices_discover(void);

#endif
