/* The architecture-independent half of device hot-plug (doc/memory.md).
 *
 * Bus drivers (i386: PCI through the PIIX4 ACPI hot-plug registers; ColdFire:
 * the simulated device bus) discover a device, size and assign its memory
 * windows, then describe each window here. The kernel side gives the range
 * page headers from the reserve, enters it in the resource tree, moves the
 * ledger and raises the budget, or refuses the range and changes nothing. */
#ifndef KERNEL_HOTPLUG_H
#define KERNEL_HOTPLUG_H

#include <kernel/err.h>
#include <kernel/types.h>

/* Who a device range belongs to: the bus's slot number, used in messages and
 * to remove every range of a device at once. */
typedef unsigned hotplug_slot_t;

/* Adds one memory window of a device. On ERR_NOMEM, *short_frames tells how
 * many more reserve frames the headers would have needed. */
enum err hotplug_add_range(hotplug_slot_t slot, pa_t base, uint64_t len, uint64_t *short_frames);

/* Removes every range of slot, returning their headers' frames to the reserve.
 * Returns the number of device frames removed (0 when the slot had none). */
uint64_t hotplug_remove_slot(hotplug_slot_t slot);

#endif
