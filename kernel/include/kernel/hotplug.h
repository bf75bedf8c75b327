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

struct hotplug_window {
	pa_t base; /* page-aligned */
	uint64_t len; /* rounded up to whole pages by the bus driver */
};

/* Adds every memory window of one device, all or nothing. Prints one
 * `hotplug: add slot=<s> pa=<hex> len=<hex> frames=<n>` line per window, then
 * `ledger:` and `budget:` lines; on refusal prints `hotplug: refused slot=<s>
 * short=<frames>` and returns ERR_NOMEM with *short_frames set to how many more
 * reserve frames the headers would have needed. */
enum err hotplug_add_device(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			    uint64_t *short_frames);

/* Removes every range of slot, returning their headers' frames to the reserve;
 * prints `hotplug: remove slot=<s> frames=<n>`, `ledger:` and `budget:` lines.
 * Returns the number of device frames removed (0 when the slot had none). */
uint64_t hotplug_remove_slot(hotplug_slot_t slot);

#endif
