/* Boot-time discovery: PCI in two passes, DIMMs, then hot-plug. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/hdrregion.h>
#include <kernel/pagehdr.h>
#include <kernel/kprintf.h>

#include "acpi_memhp.h"
#include "fw_cfg.h"
#include "pci.h"
#include "pci_slot.h"
#include "piix4_hotplug.h"

/* The 32-bit PCI hole: at or above 3 GiB, as PC firmware places it, or above
 * low RAM when that reaches higher; it ends where the I/O APIC, HPET, local
 * APIC and BIOS ranges begin. */
#define PCI_HOLE_FLOOR 0xc0000000ull
#define PCI_HOLE_END 0xfec00000ull
/* 64-bit BARs that do not fit the hole: from 32 GiB, above QEMU's pc-dimm
 * range in any configuration we test, to 64 GiB, the end of the 36-bit
 * physical address space of qemu-system-i386's CPUs. */
#define PCI_HIGH_FLOOR 0x800000000ull
#define PCI_HIGH_END 0x1000000000ull
#define PCI_HOLE_ALIGN 0x100000u
#define PCI_HIGH_ALIGN 0x40000000u

static uint32_t devices_slots[PCI_BUSES]; /* set up at boot, by bus */

static void devices_note(uint8_t bus, uint8_t dev, void *ctx)
{
	(void)ctx;
	pci_slot_note_firmware(bus, dev);
}

static void devices_attach(uint8_t bus, uint8_t dev, void *ctx)
{
	(void)ctx;
	devices_slots[bus] |= 1u << dev;
	pci_slot_attach(bus, dev, false);
}

/* Header pages of the windows pci_slot_attach will describe (memory BARs of
 * every function but bridges, whole pages each), and the most they cost
 * with the header window's tables. */
struct devices_need {
	uint64_t pages, bound;
};

static void devices_count(uint8_t bus, uint8_t dev, void *ctx)
{
	struct devices_need *need = ctx;
	unsigned fns = pci_fn_count(bus, dev);

	for (uint8_t fn = 0; fn < fns; fn++) {
		struct pci_addr a = { bus, dev, fn };
		struct pci_bar bars[PCI_BARS_MAX];
		unsigned n;

		if (!pci_present(a) || pci_is_bridge(a))
			continue;
		n = pci_bars_probe(a, bars);
		for (unsigned i = 0; i < n; i++)
			if (bars[i].kind != PCI_BAR_IO) {
				uint64_t p = hdrregion_pages_for(
					ALIGN_UP(bars[i].size, PAGE_SIZE) >> PAGE_SHIFT,
					PAGEHDR_DEV_SHIFT);

				need->pages += p;
				need->bound += hdrregion_cost_bound(p);
			}
	}
}

/* As hotplug_add_device counts one device: when the fixed part of the
 * window holds them all no tables, else each span with all it could need. */
uint64_t arch_devices_boot_header_pages(void)
{
	struct devices_need need = { 0, 0 };

	pci_scan(devices_count, &need);
	return hdrregion_cost(need.pages) == need.pages ? need.pages : need.bound;
}

void arch_devices_discover(void)
{
	const struct boot_info *bi = kernel_boot_info();
	pa_t top32 = 0, top = 0, lo32, lo64, hi64;
	uint64_t dimm_end;

	for (unsigned i = 0; i < bi->mem_count; i++) {
		pa_t end = bi->mem[i].base + bi->mem[i].len;

		if (bi->mem[i].base < PCI_HOLE_END && end > top32)
			top32 = end < PCI_HOLE_END ? end : PCI_HOLE_END;
		if (end > top)
			top = end;
	}
	lo32 = ALIGN_UP(top32, PCI_HOLE_ALIGN);
	lo32 = lo32 > PCI_HOLE_FLOOR ? lo32 : PCI_HOLE_FLOOR;
	lo64 = ALIGN_UP(top, PCI_HIGH_ALIGN);
	lo64 = lo64 > PCI_HIGH_FLOOR ? lo64 : PCI_HIGH_FLOOR;
	/* QEMU places DIMMs anywhere up to the end of its memory hot-plug
	 * area (maxmem=): a BAR there would make a later DIMM overlap it. */
	if (fw_cfg_read_u64("etc/reserved-memory-end", &dimm_end) == ERR_OK) {
		kprintf("pci: dimm area ends at 0x%llx\n", (unsigned long long)dimm_end);
		if (ALIGN_UP(dimm_end, PCI_HIGH_ALIGN) > lo64)
			lo64 = ALIGN_UP(dimm_end, PCI_HIGH_ALIGN);
	}

	/* Nothing goes where the CPU cannot reach (qemu32: 4 GiB). */
	hi64 = PCI_HIGH_END < arch_pa_limit() ? PCI_HIGH_END : arch_pa_limit();
	kprintf("pci: hole 0x%llx-0x%llx, 64-bit 0x%llx-0x%llx\n", (unsigned long long)lo32,
		PCI_HOLE_END, (unsigned long long)lo64,
		(unsigned long long)(lo64 < hi64 ? hi64 : lo64));
	pci_slot_init(lo32, PCI_HOLE_END, lo64, hi64);
	for (unsigned b = 0; b < PCI_BUSES; b++)
		devices_slots[b] = 0;
	pci_scan(devices_note, NULL);
	pci_scan(devices_attach, NULL);

	/* Cold-plugged DIMMs are not in the loader's map: only the controller
	 * knows them. */
	if (acpi_memhp_present())
		acpi_memhp_discover();
	else
		kprintf("memhp: no ram hot-plug interface\n");
	if (piix4_hotplug_present())
		piix4_hotplug_arm(devices_slots);
	else
		kprintf("piix4: no pci hot-plug interface\n");
}
