/* The architecture-independent half of device hot-plug (doc/memory.md).
 *
 * Bus drivers (i386: PCI through the PIIX4 ACPI hot-plug registers; ColdFire:
 * the simulated device bus) discover a device, size and assign its memory
 * windows, then describe each window here. The kernel side gives the range
 * page headers from the reserve, enters it in the resource tree, moves the
 * ledger and raises the budget, or refuses the range and changes nothing. */
#ifndef KERNEL_HOTPLUG_H
#define KERNEL_HOTPLUG_H

#include <lib/err.h>
#include <lib/types.h>

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

/* Reclaim (doc/spacebank.md, "Reclaim"). When a device's headers do not fit
 * the reserve and a space bank takes budget events, hotplug_add_device keeps
 * the device waiting instead of refusing it: it prints `hotplug: pending
 * slot=<s> short=<frames>`, asks the bank for the frames (BEV_RECLAIM) and
 * returns ERR_PENDING with *short_frames set to what it asked for. The bus
 * driver then waits for arch_hotplug_device_decided. One device at a time
 * is asked about; while it waits, up to HOTPLUG_WAITING_MAX - 1 more that
 * fall short queue behind it (`hotplug: pending slot=<s>: queued behind
 * slot <t>`, ERR_PENDING too) and are tried again in order once it is
 * decided: added, asked about in turn, or refused, each decision reaching
 * arch_hotplug_device_decided. Windows are copied. HOTPLUG_PENDING_WINDOWS: a PCI slot's
 * maximum, 8 functions of 6 BARs. Without an MMU the headers need one run of
 * reserve frames, and what is asked for is the released frames of the run
 * of free and reclaimable frames that holds the fewest of them. */
#define HOTPLUG_PENDING_WINDOWS 48
#define HOTPLUG_WAITING_MAX 4 /* 3 queued copies of 48 windows: 2.3 KiB */
bool hotplug_reclaim_ask(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			 uint64_t short_frames);
/* The bank's answer: it consents to the kernel taking up to `consent` free
 * banked frames. All or nothing: when the consent covers what the waiting
 * device asked for and that many frames released from the reserve at relax
 * are still free, the kernel takes exactly that many (ledger banked ->
 * reserve, `budget: reclaimed=<frames>`) and adds the device; otherwise it
 * takes none and refuses it (`hotplug: refused slot=<s> short=<frames>`).
 * Then it calls arch_hotplug_device_decided. Returns the enum
 * budget_outcome; *taken the frames that stayed taken. */
unsigned hotplug_reclaim_answer(uint64_t consent, uint64_t *taken);
/* The bus driver's part, called once for every ERR_PENDING that was not
 * cancelled by hotplug_remove_slot: the waiting device was added, or refused
 * with short_frames still missing (0: something other than the reserve ran
 * out). On refusal the driver undoes what it set up for the device, as for a
 * refusal at once. Runs with interrupts off, inside the bank's
 * BUDGET_OP_RECLAIM. */
void arch_hotplug_device_decided(hotplug_slot_t slot, bool added, uint64_t short_frames);
/* After a device left: gives back to banked every frame the reserve holds
 * free beyond what relaxing kept (ledger reserve -> banked): frames
 * reclaimed for a device, or held at boot for a device present then, so the
 * budget comes back to what a boot without the device gives; returns how
 * many. hotplug_remove_slot prints `budget:
 * returned=<frames>` and sends BEV_RETURNED when that is not 0. */
uint64_t hotplug_reclaim_return(void);
/* Frames the waiting device asks for; 0 when none waits. */
uint64_t hotplug_reclaim_wanted(void);
/* Whether slot is asked about or queued: hotplug_add_device refuses a new
 * report of it as a slot already there (ERR_BUSY), so that its driver hears
 * one decision, the one about the first report. */
bool hotplug_reclaim_waits(hotplug_slot_t slot);
/* reclaim.c's attempt for a waiting device: hotplug_add_device without the
 * waiting check. */
enum err hotplug_add_waiting(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			     uint64_t *short_frames);
/* A waiting device removed before the answer: forget it (when it was asked
 * about and the bank has the request, its answer then decides nothing and
 * the queue moves on after it). */
void hotplug_reclaim_cancel(hotplug_slot_t slot);
/* Forgets any waiting device (host tests build new machines). */
void hotplug_reclaim_reset(void);

/* Removes every range of slot, returning their headers' frames to the reserve
 * (and what the reserve then holds beyond its headroom to banked,
 * hotplug_reclaim_return);
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
 * DIMM: the bus may eject it). When frames are in use and a space bank
 * takes budget events, prints `hotplug: remove-ram pending slot=<s>
 * busy=<n>: release asked`, asks the bank to give back what it holds in the
 * DIMM (BEV_RELEASE_RANGE) and returns ERR_PENDING: the bus driver waits for
 * arch_hotplug_ram_decided. One DIMM waits at a time; for any other (or
 * without a bank) prints `hotplug: remove-ram refused slot=<s> busy=<n>`,
 * changes nothing and returns ERR_BUSY: the bus driver must not eject. */
enum err hotplug_remove_ram(hotplug_slot_t slot, uint64_t *frames);
/* The bank's BUDGET_OP_RANGE_DONE: it gave back what it could. Removes the
 * waiting DIMM as above if every frame is free now (BUDGET_REMOVED), else
 * prints the refusal and keeps it (BUDGET_KEPT); then calls
 * arch_hotplug_ram_decided. BUDGET_NONE when no DIMM waits. */
unsigned hotplug_ram_release_done(void);
/* Forgets a waiting DIMM (boot, host tests). */
void hotplug_ram_consent_reset(void);
/* The bus driver's part: eject the DIMM (removed) or tell the platform it
 * stays (interrupts are off, as in the bus's own handler). */
void arch_hotplug_ram_decided(hotplug_slot_t slot, bool removed);

/* After every event (device or RAM): the ledger agrees with the page headers
 * and the resource tree is sound; either failing is a panic. */
void hotplug_check(void);

#endif
