/* i386-private: one PCI device (all its functions) as the kernel sees it:
 * memory BARs sized, placed and described to kernel/hotplug as windows.
 * doc/hotplug.md explains the slot numbering and the placement policy. */
#ifndef I386_PCI_SLOT_H
#define I386_PCI_SLOT_H

#include <lib/err.h>
#include <kernel/hotplug.h>

/* Bus 0 devices are named by their device (= hot-plug slot) number 0-31,
 * devices behind bridges by bus << 8 | dev << 3 (always >= 0x100). */
hotplug_slot_t pci_slot_id(uint8_t bus, uint8_t dev);

/* Where bus 0 may place memory windows: the 32-bit hole [lo32, hi32) and,
 * for 64-bit BARs that do not fit there, [lo64, hi64) (empty if lo64 >= hi64).
 * Forgets all earlier bookkeeping. */
void pci_slot_init(pa_t lo32, pa_t hi32, pa_t lo64, pa_t hi64);

/* Boot pass 1: records the windows firmware already programmed for this
 * device (BARs, ROMs, bridge windows) so that pass 2 places nothing on them,
 * and learns the window of every bus behind a bridge. */
void pci_slot_note_firmware(uint8_t bus, uint8_t dev);

/* Places the device's unassigned memory BARs (all of them when hot, since a
 * hot-added device has no firmware), turns memory decoding on and calls
 * hotplug_add_device. On any failure the device is left with decoding off
 * and its address space released. ERR_PENDING (the kernel asked the space
 * bank) keeps both until arch_hotplug_device_decided, which releases them
 * the same way when the answer refuses the device. */
enum err pci_slot_attach(uint8_t bus, uint8_t dev, bool hot);

/* Removes the device from the kernel (hotplug_remove_slot), turns its
 * decoding off and releases its address space. Call before ejecting. */
void pci_slot_detach(uint8_t bus, uint8_t dev);

#endif
