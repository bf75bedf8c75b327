/* The PIIX4 hot-plug protocol: the SCI fires while GPE0_STS & GPE0_EN has
 * the PCI bit; UP lists inserted slots and clears when read, DOWN lists
 * slots whose removal was requested until they are ejected through EJ.
 * The same SCI carries the memory hot-plug GPE, passed to acpi_memhp.c. */
#include "io.h"
#include "irq.h"
#include <kernel/kprintf.h>

#include "acpi_memhp.h"
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

static uint32_t piix4_attached; /* bus 0 slots that have been set up */
static uint32_t piix4_kept; /* slots the platform refused to eject, while DOWN lists them */
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

static void piix4_insert(unsigned slot)
{
	if (piix4_attached & (1u << slot)) {
		kprintf("piix4: slot %u inserted but already set up, ignored\n", slot);
		return;
	}
	if (!pci_fn_count(0, (uint8_t)slot)) {
		kprintf("piix4: slot %u inserted but empty\n", slot);
		return;
	}
	kprintf("piix4: slot %u inserted\n", slot);
	piix4_attached |= 1u << slot;
	pci_slot_attach(0, (uint8_t)slot, true);
}

/* Acts on what the slot holds after the eject, not on the request: the
 * platform may refuse to eject (QEMU keeps a cold-plugged PCI bridge), and a
 * device that stays keeps decoding its windows, so the kernel must keep
 * them too. Such a slot stays in DOWN; it is not served again until its
 * request goes away. */
static void piix4_remove(unsigned slot)
{
	if (piix4_kept & (1u << slot))
		return;
	kprintf("piix4: slot %u removal requested\n", slot);
	/* EJ acts on the lowest set bit only: one slot per write. */
	outl(PCIHP_EJ, 1u << slot);
	if (pci_fn_count(0, (uint8_t)slot)) {
		piix4_kept |= 1u << slot;
		kprintf("piix4: slot %u still holds its device after the eject (the platform "
			"refused it): kept, nothing removed\n",
			slot);
		return;
	}
	if (piix4_attached & (1u << slot))
		pci_slot_detach(0, (uint8_t)slot);
	piix4_attached &= ~(1u << slot);
	kprintf("piix4: slot %u ejected\n", slot);
}

static void piix4_sci(void *ctx)
{
	uint16_t sts;

	(void)ctx;
	while ((sts = inw(GPE0_STS) & piix4_gpes) != 0) {
		uint32_t up, down;

		/* Clear before reading: an event after this point sets the bit
		 * again and the loop comes back for it. */
		outw(GPE0_STS, sts);
		if (sts & ACPI_MEMHP_GPE)
			acpi_memhp_event();
		if (!(sts & GPE_PCI_HOTPLUG))
			continue;
		/* UP clears when read: this is its only read for the event. */
		up = inl(PCIHP_UP);
		down = inl(PCIHP_DOWN);
		for (unsigned slot = 0; slot < PCI_DEVS_PER_BUS; slot++)
			if (up & (1u << slot))
				piix4_insert(slot);
		piix4_kept &= down;
		for (unsigned slot = 0; slot < PCI_DEVS_PER_BUS; slot++)
			if (down & (1u << slot))
				piix4_remove(slot);
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

void piix4_hotplug_arm(uint32_t attached)
{
	unsigned irq = piix4_sci_irq();
	uint16_t elcr = ELCR_BASE + irq / 8;

	piix4_attached = attached;
	outl(PCIHP_SEL, 0);
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
