/* Depth-first walk of the PCI hierarchy below bus 0. */
#include "pci.h"

struct pci_scan_state {
	pci_visit_fn fn;
	void *ctx;
	uint32_t seen[PCI_BUSES / 32]; /* guards against a bus reached twice */
};

static void pci_scan_bus(struct pci_scan_state *s, uint8_t bus)
{
	s->seen[bus / 32] |= 1u << (bus % 32);
	for (uint8_t dev = 0; dev < PCI_DEVS_PER_BUS; dev++) {
		unsigned fns = pci_fn_count(bus, dev);

		if (!fns)
			continue;
		s->fn(bus, dev, s->ctx);
		for (uint8_t fn = 0; fn < fns; fn++) {
			struct pci_addr a = { bus, dev, fn };
			uint8_t sec;

			if (!pci_present(a) || !pci_is_bridge(a))
				continue;
			sec = pci_read8(a, PCI_SECONDARY_BUS);
			/* Firmware numbers buses depth-first, so a child is always
			 * above its parent; anything else is unconfigured. */
			if (sec > bus && !(s->seen[sec / 32] & (1u << (sec % 32))))
				pci_scan_bus(s, sec);
		}
	}
}

void pci_scan(pci_visit_fn fn, void *ctx)
{
	struct pci_scan_state s = { .fn = fn, .ctx = ctx };

	pci_scan_bus(&s, 0);
}
