/* PCI configuration mechanism #1: an address write to 0xCF8 selects a dword,
 * 0xCFC..0xCFF is its data window. */
#include <kernel/arch.h>
#include "io.h"

#include "pci.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000u

/* The select and the data access must not be split by the SCI handler, which
 * uses configuration space too: every access runs with interrupts off. */
static unsigned long pci_select(struct pci_addr a, unsigned off)
{
	unsigned long flags = arch_irq_save();

	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | (uint32_t)a.bus << 16 |
					 (uint32_t)(a.dev & 31) << 11 | (uint32_t)(a.fn & 7) << 8 |
					 (off & 0xfc));
	return flags;
}

uint32_t pci_read32(struct pci_addr a, unsigned off)
{
	unsigned long flags = pci_select(a, off);
	uint32_t v = inl(PCI_CONFIG_DATA);

	arch_irq_restore(flags);
	return v;
}

uint16_t pci_read16(struct pci_addr a, unsigned off)
{
	unsigned long flags = pci_select(a, off);
	uint16_t v = inw(PCI_CONFIG_DATA + (off & 2));

	arch_irq_restore(flags);
	return v;
}

uint8_t pci_read8(struct pci_addr a, unsigned off)
{
	unsigned long flags = pci_select(a, off);
	uint8_t v = inb(PCI_CONFIG_DATA + (off & 3));

	arch_irq_restore(flags);
	return v;
}

void pci_write32(struct pci_addr a, unsigned off, uint32_t v)
{
	unsigned long flags = pci_select(a, off);

	outl(PCI_CONFIG_DATA, v);
	arch_irq_restore(flags);
}

void pci_write16(struct pci_addr a, unsigned off, uint16_t v)
{
	unsigned long flags = pci_select(a, off);

	outw(PCI_CONFIG_DATA + (off & 2), v);
	arch_irq_restore(flags);
}

void pci_write8(struct pci_addr a, unsigned off, uint8_t v)
{
	unsigned long flags = pci_select(a, off);

	outb(PCI_CONFIG_DATA + (off & 3), v);
	arch_irq_restore(flags);
}

bool pci_present(struct pci_addr a)
{
	return pci_read16(a, PCI_VENDOR_ID) != 0xffff;
}

unsigned pci_fn_count(uint8_t bus, uint8_t dev)
{
	struct pci_addr a = { bus, dev, 0 };

	if (!pci_present(a))
		return 0;
	return pci_read8(a, PCI_HEADER_TYPE) & PCI_HEADER_MULTIFUNCTION ? PCI_FNS_PER_DEV : 1;
}

bool pci_is_bridge(struct pci_addr a)
{
	return (pci_read8(a, PCI_HEADER_TYPE) & PCI_HEADER_LAYOUT) == PCI_HEADER_BRIDGE;
}
