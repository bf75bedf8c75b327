/* i386-private: bookkeeping of the physical address space that PCI memory
 * windows occupy, and first-fit assignment of new windows. doc/hotplug.md. */
#ifndef I386_PCI_SPACE_H
#define I386_PCI_SPACE_H

#include <lib/err.h>
#include <lib/types.h>

/* Every memory BAR, ROM and bridge window on a QEMU pc with a dozen devices
 * fits several times over; running out is reported as ERR_FULL, not fatal. */
#define PCI_SPACE_MAX 96

/* Owner of entries that no slot can release (bridge windows of the root). */
#define PCI_SPACE_FIXED 0xffffffffu

struct pci_space_entry {
	pa_t base;
	uint64_t len;
	unsigned owner; /* a slot id (see pci_slot.h) */
};

/* Entries sorted by base. They may nest (a bridge window holds the BARs
 * behind it) but are otherwise disjoint. */
struct pci_space {
	struct pci_space_entry e[PCI_SPACE_MAX];
	unsigned count;
	/* What else occupies physical addresses (the resource tree: RAM,
	 * DIMMs, device ranges): for [base, end), the end of something there,
	 * or 0 when it is free. NULL: nothing else. */
	pa_t (*taken_end)(pa_t base, pa_t end);
};

void pci_space_init(struct pci_space *s);

/* Records a range some firmware or earlier assignment already uses. */
enum err pci_space_reserve(struct pci_space *s, pa_t base, uint64_t len, unsigned owner);

/* Finds the lowest align-aligned [base, base + len) inside [lo, hi) that
 * meets no entry and nothing taken_end reports, records it for owner and returns its base in *out.
 * Entries that contain all of [lo, hi) are the windows of the bridges leading to the bus being
 * served and are not obstacles. ERR_NOMEM when nothing fits. */
enum err pci_space_alloc(struct pci_space *s, pa_t lo, pa_t hi, uint64_t len, uint64_t align,
			 unsigned owner, pa_t *out);

/* Forgets every entry of owner; returns how many there were. */
unsigned pci_space_release(struct pci_space *s, unsigned owner);

#endif
