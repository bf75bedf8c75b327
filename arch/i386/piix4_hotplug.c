/* The PIIX4 hot-plug protocol: the SCI fires while GPE0_STS & GPE0_EN has
 * the PCI bit; UP lists inserted slots and clears when read, DOWN lists
 * slots whose removal was requested until they are ejected through EJ, all
 * for the bus SEL selects: the root bus and every bridge's bus the ACPI
 * tables name a selector for (acpi_tables.c).
 * The same SCI carries the memory hot-plug GPE, passed to acpi_memhp.c. */
#include "io.h"
#include "irq.h"
#include <kernel/kprintf.h>

#include "acpi_memhp.h"
#include "acpi_tables.h"
#include "pci.h"
#include "pci_slot.h"
#include "piix4_hotplug.h"

/* 32-bit accesses only. */
#define PCIHP_UP 0xae00
#define PCIHP_DOWN 0xae04
#define PCIHP_EJ 0xae08
#define PCIHP_RMV 0xae0c
#define PCIHP_SEL 0xae10
#define PCIHP_ABSENT 0xffffffffu

#define GPE0_STS 0xafe0 /* write 1 to clear */
#define GPE0_EN 0xafe2
#define GPE_PCI_HOTPLUG 0x0002

#define ELCR_BASE 0x4d0 /* edge/level control, one bit per ISA IRQ */
#define PIIX4_PM_VENDOR 0x8086
#define PIIX4_PM_DEVICE 0x7113
#define PIIX4_SCI_DEFAULT 9

/* One served bus: its selector, the slots set up, and the slots the
 * platform refused to eject while DOWN lists them. */
struct piix4_bus {
	uint32_t bsel;
	uint8_t bus;
	uint32_t attached, kept;
};
static struct piix4_bus piix4_buses[ACPI_HOTPLUG_BUSES];
static unsigned piix4_nbuses;
static unsigned piix4_irq = ARCH_IRQ_COUNT; /* the SCI, once armed */
static uint16_t piix4_gpes = GPE_PCI_HOTPLUG; /* the GPE0 bits served */

bool piix4_hotplug_present(void)
{
	return inl(PCIHP_RMV) != PCIHP_ABSENT;
}

uint32_t piix4_hotplug_removable(void)
{
	return inl(PCIHP_RMV);
}

bool piix4_hotplug_armed(void)
{
	if (piix4_irq >= ARCH_IRQ_COUNT)
		return false;
	return (inw(GPE0_EN) & GPE_PCI_HOTPLUG) &&
	       (inb(ELCR_BASE + piix4_irq / 8) & (1u << (piix4_irq % 8)));
}

/* Slots are printed as the hotplug: lines name them: the device number on
 * bus 0, bus << 8 | dev << 3 behind a bridge (pci_slot_id). */
static void piix4_insert(struct piix4_bus *b, unsigned dev)
{
	hotplug_slot_t slot = pci_slot_id(b->bus, (uint8_t)dev);

	if (b->attached & (1u << dev)) {
		kprintf("piix4: slot %u inserted but already set up, ignored\n", slot);
		return;
	}
	if (!pci_fn_count(b->bus, (uint8_t)dev)) {
		kprintf("piix4: slot %u inserted but empty\n", slot);
		return;
	}
	if (b->bus)
		kprintf("piix4: slot %u inserted (bus %u device %u)\n", slot, b->bus, dev);
	else
		kprintf("piix4: slot %u inserted\n", slot);
	b->attached |= 1u << dev;
	pci_slot_attach(b->bus, (uint8_t)dev, true);
}

/* Acts on what the slot holds after the eject, not on the request: the
 * platform may refuse to eject (QEMU keeps a cold-plugged PCI bridge), and a
 * device that stays keeps decoding its windows, so the kernel must keep
 * them too. Such a slot stays in DOWN; it is not served again until its
 * request goes away. */
static void piix4_remove(struct piix4_bus *b, unsigned dev)
{
	hotplug_slot_t slot = pci_slot_id(b->bus, (uint8_t)dev);

	if (b->kept & (1u << dev))
		return;
	kprintf("piix4: slot %u removal requested\n", slot);
	/* EJ acts on the lowest set bit only, of the selected bus: one slot
	 * per write. */
	outl(PCIHP_EJ, 1u << dev);
	if (pci_fn_count(b->bus, (uint8_t)dev)) {
		b->kept |= 1u << dev;
		kprintf("piix4: slot %u still holds its device after the eject (the platform "
			"refused it): kept, nothing removed\n",
			slot);
		return;
	}
	if (b->attached & (1u << dev))
		pci_slot_detach(b->bus, (uint8_t)dev);
	b->attached &= ~(1u << dev);
	kprintf("piix4: slot %u ejected\n", slot);
}

/* One bus's event: SEL stays on it while its slots are served (EJ acts on
 * the selected bus). */
static void piix4_serve(struct piix4_bus *b)
{
	uint32_t up, down;

	outl(PCIHP_SEL, b->bsel);
	/* UP clears when read: this is its only read for the event. */
	up = inl(PCIHP_UP);
	down = inl(PCIHP_DOWN);
	for (unsigned dev = 0; dev < PCI_DEVS_PER_BUS; dev++)
		if (up & (1u << dev))
			piix4_insert(b, dev);
	b->kept &= down;
	for (unsigned dev = 0; dev < PCI_DEVS_PER_BUS; dev++)
		if (down & (1u << dev))
			piix4_remove(b, dev);
}

static void piix4_sci(void *ctx)
{
	uint16_t sts;

	(void)ctx;
	while ((sts = inw(GPE0_STS) & piix4_gpes) != 0) {
		/* Clear before reading: an event after this point sets the bit
		 * again and the loop comes back for it. */
		outw(GPE0_STS, sts);
		if (sts & ACPI_MEMHP_GPE)
			acpi_memhp_event();
		if (!(sts & GPE_PCI_HOTPLUG))
			continue;
		for (unsigned i = 0; i < piix4_nbuses; i++)
			piix4_serve(&piix4_buses[i]);
	}
}

/* The SCI line is the PM function's interrupt line register. */
static unsigned piix4_sci_irq(void)
{
	for (uint8_t dev = 0; dev < PCI_DEVS_PER_BUS; dev++) {
		unsigned fns = pci_fn_count(0, dev);

		for (uint8_t fn = 0; fn < fns; fn++) {
			struct pci_addr a = { 0, dev, fn };
			uint8_t line;

			if (pci_read16(a, PCI_VENDOR_ID) != PIIX4_PM_VENDOR ||
			    pci_read16(a, PCI_DEVICE_ID) != PIIX4_PM_DEVICE)
				continue;
			line = pci_read8(a, PCI_INTERRUPT_LINE);
			return line < ARCH_IRQ_COUNT ? line : PIIX4_SCI_DEFAULT;
		}
	}
	return PIIX4_SCI_DEFAULT;
}

/* The buses served: what the ACPI tables name, else the root bus as
 * selector 0 (QEMU's numbering starts there). */
static void piix4_find_buses(const uint32_t *attached)
{
	struct acpi_hotplug_bus found[ACPI_HOTPLUG_BUSES];
	unsigned n = acpi_hotplug_buses(found);

	if (n == 0) {
		found[0] = (struct acpi_hotplug_bus){ 0, 0, 0, 0, 0 };
		n = 1;
		kprintf("piix4: no bus selectors in the ACPI tables: serving bus 0 as selector "
			"0\n");
	}
	piix4_nbuses = n;
	for (unsigned i = 0; i < n; i++) {
		piix4_buses[i] = (struct piix4_bus){ found[i].bsel, found[i].bus,
						     attached[found[i].bus], 0 };
		outl(PCIHP_SEL, found[i].bsel);
		if (found[i].bus)
			kprintf("piix4: bus selector %u serves bus %u behind bridge %02x:%02x.%u, "
				"removable slots 0x%08x\n",
				found[i].bsel, found[i].bus, found[i].bridge_bus,
				found[i].bridge_dev, found[i].bridge_fn, inl(PCIHP_RMV));
		else
			kprintf("piix4: bus selector %u serves bus 0\n", found[i].bsel);
	}
	outl(PCIHP_SEL, 0);
}

void piix4_hotplug_arm(const uint32_t *attached)
{
	unsigned irq = piix4_sci_irq();
	uint16_t elcr = ELCR_BASE + irq / 8;

	piix4_find_buses(attached);
	/* Level-triggered, the line stays up while any enabled GPE status bit
	 * is set, so an event that races with the handler is not lost. */
	outb(elcr, inb(elcr) | (uint8_t)(1u << (irq % 8)));
	if (acpi_memhp_present())
		piix4_gpes |= ACPI_MEMHP_GPE;
	arch_irq_attach(irq, piix4_sci, NULL);
	outw(GPE0_EN, inw(GPE0_EN) | piix4_gpes);
	arch_irq_unmask(irq);
	piix4_irq = irq;
	kprintf("piix4: hot-plug armed: sci irq %u level, removable slots 0x%08x\n", irq,
		piix4_hotplug_removable());
}
