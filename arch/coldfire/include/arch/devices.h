/* Boot-time device discovery (doc/hotplug.md). */
#ifndef ARCH_DEVICES_H
#define ARCH_DEVICES_H

/* ColdFire has no discoverable bus: the simulated device bus offers the
 * board's ROM window as the device in slot 0, then listens on UART1 for the
 * host's add/del commands, which it serves in the UART1 interrupt. */
void arch_devices_discover(void);

#endif
