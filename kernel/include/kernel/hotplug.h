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

/* RAM hot-plug (DESIGN §6, doc/memory.md §6). `slot` is the memory
 * controller's DIMM slot, a namespace apart from bus slots. A DIMM is
 * self-funding: the page headers of [base, base + len) live in its own first
 * frames, mapped in the header region (ledger header_region, taken from the
 * DIMM, never from the reserve), and every other frame is banked.
 * `limit` is the first physical address the CPU cannot reach (arch_pa_limit).
 * Prints `hotplug: add-ram slot=<s> pa=<hex> len=<hex> frames=<n>
 * headers=<n>`, `ledger:` and `budget: raised=<frames>`; or, changing
 * nothing, `hotplug: refused-ram slot=<s> pa=<hex> len=<hex> limit=<hex>:
 * <reason>` and returns why (ERR_RANGE: above limit). */
enum err hotplug_add_ram(hotplug_slot_t slot, pa_t base, uint64_t len, pa_t limit);

/* Removes the DIMM of slot when every banked frame of it is still free (page
 * type free): that is the space bank's consent. Prints `hotplug: remove-ram
 * slot=<s> frames=<n>`, `ledger:` and `budget: lowered=<frames>` and
 * returns ERR_OK, *frames set (0 when the slot holds no RAM, e.g. a refused
 * DIMM: the bus may eject it). When frames are in use prints `hotplug:
 * remove-ram refused slot=<s> busy=<n>`, changes nothing and returns
 * ERR_BUSY: the bus driver must not eject. */
enum err hotplug_remove_ram(hotplug_slot_t slot, uint64_t *frames);

#endif
