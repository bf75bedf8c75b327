/* PCI configuration space, scan and BAR sizing on the live machine. QEMU's
 * pc and Bochs both have an i440FX host bridge and a PIIX south bridge. */
#include <kernel/ktest.h>

#include "../pci.h"

#define PCI_CLASS_VGA 0x0300

struct pci_test_seen {
	unsigned count;
	bool host_bridge, piix;
};

static void pci_test_visit(uint8_t bus, uint8_t dev, void *ctx)
{
	struct pci_test_seen *s = ctx;
	struct pci_addr a = { bus, dev, 0 };
	uint16_t vendor = pci_read16(a, PCI_VENDOR_ID), device = pci_read16(a, PCI_DEVICE_ID);

	s->count++;
	if (bus == 0 && dev == 0 && vendor == 0x8086 && device == 0x1237)
		s->host_bridge = true;
	/* PIIX3 (QEMU) or PIIX4 (Bochs) ISA bridge. */
	if (bus == 0 && vendor == 0x8086 && (device == 0x7000 || device == 0x7110))
		s->piix = true;
}

KTEST(pci_scan_finds_host_bridge_and_piix)
{
	struct pci_test_seen s = { 0 };

	pci_scan(pci_test_visit, &s);
	KT_ASSERT(s.host_bridge);
	KT_ASSERT(s.piix);
	KT_ASSERT(s.count >= 2);
	return KTEST_OK;
}

KTEST(pci_absent_device_reads_all_ones)
{
	struct pci_addr a = { 0, 31, 7 };

	KT_ASSERT(!pci_present(a));
	KT_EQ(pci_read32(a, PCI_VENDOR_ID), 0xffffffffu);
	KT_EQ(pci_fn_count(0, 31), 0);
	return KTEST_OK;
}

/* The interrupt line register is plain storage for software on every
 * function; the widths must agree on where its byte lives. */
KTEST(pci_config_roundtrip)
{
	struct pci_addr a = { 0, 0, 0 };
	uint8_t saved = pci_read8(a, PCI_INTERRUPT_LINE);
	uint32_t dword;

	pci_write8(a, PCI_INTERRUPT_LINE, 0xa5);
	KT_EQ(pci_read8(a, PCI_INTERRUPT_LINE), 0xa5);
	dword = pci_read32(a, PCI_INTERRUPT_LINE);
	KT_EQ(dword & 0xff, 0xa5);
	pci_write16(a, PCI_INTERRUPT_LINE, (uint16_t)((dword & 0xff00) | 0x5a));
	KT_EQ(pci_read8(a, PCI_INTERRUPT_LINE), 0x5a);
	KT_EQ(pci_read32(a, PCI_INTERRUPT_LINE) & ~0xffu, dword & ~0xffu);
	pci_write8(a, PCI_INTERRUPT_LINE, saved);
	KT_EQ(pci_read8(a, PCI_INTERRUPT_LINE), saved);
	KT_EQ(pci_read16(a, PCI_VENDOR_ID), 0x8086);
	KT_EQ(pci_read32(a, PCI_VENDOR_ID) >> 16, pci_read16(a, PCI_DEVICE_ID));
	return KTEST_OK;
}

/* QEMU's standard VGA (1234:1111): BAR0 16 MiB prefetchable framebuffer,
 * BAR2 4 KiB registers. Bochs has no PCI VGA: nothing to check there. */
KTEST(pci_vga_bar_sizes)
{
	for (uint8_t dev = 0; dev < PCI_DEVS_PER_BUS; dev++) {
		struct pci_addr a = { 0, dev, 0 };
		struct pci_bar bars[PCI_BARS_MAX];
		uint32_t bar0;
		uint16_t cmd;
		unsigned n;

		if (!pci_present(a) || pci_read32(a, PCI_CLASS_REV) >> 16 != PCI_CLASS_VGA ||
		    pci_read32(a, PCI_VENDOR_ID) != 0x11111234u)
			continue;
		bar0 = pci_read32(a, PCI_BAR0);
		cmd = pci_read16(a, PCI_COMMAND);
		n = pci_bars_probe(a, bars);
		KT_EQ(n, 2);
		KT_EQ(bars[0].index, 0);
		KT_EQ(bars[0].kind, PCI_BAR_MEM32);
		KT_ASSERT(bars[0].prefetch);
		KT_EQ(bars[0].size, 0x1000000);
		KT_EQ(bars[0].base % bars[0].size, 0);
		KT_EQ(bars[1].index, 2);
		KT_EQ(bars[1].kind, PCI_BAR_MEM32);
		KT_EQ(bars[1].size, 0x1000);
		KT_EQ(pci_read32(a, PCI_BAR0), bar0);
		KT_EQ(pci_read16(a, PCI_COMMAND), cmd);
		KT_ASSERT(cmd & PCI_COMMAND_MEMORY);
		return KTEST_OK;
	}
	return KTEST_OK;
}
