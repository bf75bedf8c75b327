/* BAR sizing: write all ones, read back the writable address bits, restore. */
#include "pci.h"

#define PCI_BAR_IS_IO 0x1
#define PCI_BAR_MEM_TYPE 0x6
#define PCI_BAR_MEM_TYPE_64 0x4
#define PCI_BAR_PREFETCH 0x8
#define PCI_BAR_MEM_MASK 0xfffffff0u
#define PCI_BAR_IO_MASK 0xfffffffcu
#define PCI_ROM_ADDR_MASK 0xfffff800u

static unsigned pci_bar_count(struct pci_addr a)
{
	switch (pci_read8(a, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT) {
	case 0:
		return PCI_BARS_MAX;
	case PCI_HEADER_BRIDGE:
		return 2;
	default: /* CardBus bridges are not supported */
		return 0;
	}
}

static uint32_t pci_bar_size_dword(struct pci_addr a, unsigned off)
{
	uint32_t orig = pci_read32(a, off), probe;

	pci_write32(a, off, 0xffffffffu);
	probe = pci_read32(a, off);
	pci_write32(a, off, orig);
	return probe;
}

static bool pci_bar_probe_one(struct pci_addr a, unsigned i, unsigned count, struct pci_bar *bar)
{
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_read32(a, off), mask = pci_bar_size_dword(a, off);

	bar->index = (uint8_t)i;
	bar->prefetch = false;
	if (lo & PCI_BAR_IS_IO) {
		mask &= PCI_BAR_IO_MASK;
		/* A device that decodes only 16 I/O address bits reads zeros above. */
		if (mask && !(mask & 0xffff0000u))
			mask |= 0xffff0000u;
		bar->kind = PCI_BAR_IO;
		bar->base = lo & PCI_BAR_IO_MASK;
		bar->size = (uint32_t)(~mask + 1);
		return mask != 0;
	}
	bar->prefetch = (lo & PCI_BAR_PREFETCH) != 0;
	if ((lo & PCI_BAR_MEM_TYPE) == PCI_BAR_MEM_TYPE_64 && i + 1 < count) {
		uint64_t hi = pci_read32(a, off + 4);
		uint64_t mask64 =
			(uint64_t)pci_bar_size_dword(a, off + 4) << 32 | (mask & PCI_BAR_MEM_MASK);

		bar->kind = PCI_BAR_MEM64;
		bar->base = hi << 32 | (lo & PCI_BAR_MEM_MASK);
		bar->size = ~mask64 + 1;
		return mask64 != 0;
	}
	mask &= PCI_BAR_MEM_MASK;
	bar->kind = PCI_BAR_MEM32;
	bar->base = lo & PCI_BAR_MEM_MASK;
	bar->size = (uint32_t)(~mask + 1);
	return mask != 0;
}

unsigned pci_bars_probe(struct pci_addr a, struct pci_bar out[PCI_BARS_MAX])
{
	uint16_t cmd = pci_read16(a, PCI_COMMAND);
	unsigned n = 0, count = pci_bar_count(a);

	/* While a BAR holds all ones the device would decode a bogus window. */
	pci_write16(a, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < count; i++) {
		struct pci_bar *bar = &out[n];

		if (pci_bar_probe_one(a, i, count, bar))
			n++;
		if (bar->kind == PCI_BAR_MEM64)
			i++;
	}
	pci_write16(a, PCI_COMMAND, cmd);
	return n;
}

void pci_bar_set(struct pci_addr a, const struct pci_bar *bar, pa_t base)
{
	unsigned off = PCI_BAR0 + 4 * bar->index;
	uint32_t flags = pci_read32(a, off) & ~PCI_BAR_MEM_MASK;

	pci_write32(a, off, (uint32_t)base | flags);
	if (bar->kind == PCI_BAR_MEM64)
		pci_write32(a, off + 4, (uint32_t)(base >> 32));
}

void pci_rom_probe(struct pci_addr a, pa_t *base, uint64_t *size)
{
	unsigned off = pci_is_bridge(a) ? PCI_ROM_TYPE1 : PCI_ROM_TYPE0;
	uint32_t orig = pci_read32(a, off), mask;

	/* Writing the address bits with the enable bit clear keeps it off. */
	pci_write32(a, off, PCI_ROM_ADDR_MASK);
	mask = pci_read32(a, off) & PCI_ROM_ADDR_MASK;
	pci_write32(a, off, orig);
	*base = orig & PCI_ROM_ADDR_MASK;
	*size = mask ? (uint32_t)(~mask + 1) : 0;
}
