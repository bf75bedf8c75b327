/* The ACPI memory hot-plug protocol as QEMU implements it (FACTS.md §3):
 * write a slot number to the selector, then read that DIMM's base, size and
 * flags, and write commands, _OST codes or an eject for it. */
#include "io.h"
#include <kernel/arch.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>

#include "acpi_memhp.h"

#define MEMHP_BASE 0x0a00
#define MEMHP_ADDR_LO (MEMHP_BASE + 0x00) /* R; W: slot selector */
#define MEMHP_SEL MEMHP_ADDR_LO
#define MEMHP_ADDR_HI (MEMHP_BASE + 0x04) /* R; W: _OST event */
#define MEMHP_OST_EVENT MEMHP_ADDR_HI
#define MEMHP_SIZE_LO (MEMHP_BASE + 0x08) /* R; W: _OST status, sends ACPI_DEVICE_OST */
#define MEMHP_OST_STATUS MEMHP_SIZE_LO
#define MEMHP_SIZE_HI (MEMHP_BASE + 0x0c)
#define MEMHP_FLAGS (MEMHP_BASE + 0x14) /* R: flags; W: one command */

#define MEMHP_ENABLED 0x01
#define MEMHP_INSERTING 0x02
#define MEMHP_REMOVING 0x04
#define MEMHP_FLAGS_ALL 0x07 /* more bits read back: nothing decodes the port */
#define MEMHP_CLEAR_INSERT 0x02
#define MEMHP_CLEAR_REMOVE 0x04
#define MEMHP_EJECT 0x08

/* QEMU accepts at most 256 slots (ACPI_MAX_RAM_SLOTS) and reads 0 for a
 * selector past `slots=`, so scanning them all is exact; it costs two port
 * accesses per slot and event. */
#define MEMHP_SLOTS 256

/* _OST source events and status codes (ACPI 6.x, _OST). */
#define OST_INSERT 0x01 /* device check */
#define OST_EJECT 0x03 /* eject request */
#define OST_SUCCESS 0x00
#define OST_FAILURE 0x01
#define OST_INSERT_NOT_SUPPORTED 0x82
#define OST_EJECT_IN_USE 0x81

static uint32_t memhp_added[MEMHP_SLOTS / 32];

static bool memhp_is_added(unsigned slot)
{
	return memhp_added[slot / 32] & (1u << (slot % 32));
}

static void memhp_mark(unsigned slot, bool added)
{
	if (added)
		memhp_added[slot / 32] |= 1u << (slot % 32);
	else
		memhp_added[slot / 32] &= ~(1u << (slot % 32));
}

static uint8_t memhp_select(unsigned slot)
{
	outl(MEMHP_SEL, slot);
	return inb(MEMHP_FLAGS);
}

static void memhp_ost(uint32_t event, uint32_t status)
{
	outl(MEMHP_OST_EVENT, event);
	outl(MEMHP_OST_STATUS, status);
}

bool acpi_memhp_present(void)
{
	return (memhp_select(0) & ~MEMHP_FLAGS_ALL) == 0;
}

uint32_t acpi_memhp_added_low(void)
{
	return memhp_added[0];
}

static uint32_t memhp_ost_insert_status(enum err e)
{
	if (e == ERR_OK)
		return OST_SUCCESS;
	return e == ERR_RANGE ? OST_INSERT_NOT_SUPPORTED : OST_FAILURE;
}

/* The selected slot holds an enabled DIMM: describe it to the kernel. */
static void memhp_insert(unsigned slot, bool boot)
{
	pa_t base = (pa_t)inl(MEMHP_ADDR_HI) << 32 | inl(MEMHP_ADDR_LO);
	uint64_t len = (uint64_t)inl(MEMHP_SIZE_HI) << 32 | inl(MEMHP_SIZE_LO);
	enum err e;

	if (memhp_is_added(slot)) {
		kprintf("memhp: slot %u inserted but already added, ignored\n", slot);
		return;
	}
	kprintf("memhp: slot %u %s pa=0x%llx len=0x%llx\n", slot,
		boot ? "present at boot" : "inserted", (unsigned long long)base,
		(unsigned long long)len);
	e = hotplug_add_ram(slot, base, len, arch_pa_limit());
	if (e == ERR_OK)
		memhp_mark(slot, true);
	memhp_ost(OST_INSERT, memhp_ost_insert_status(e));
}

/* A removal request for a slot without a DIMM: nothing to remove, and no
 * eject, which would act on whatever is plugged there next. */
static void memhp_ignore_removal(unsigned slot)
{
	outb(MEMHP_FLAGS, MEMHP_CLEAR_REMOVE);
	kprintf("memhp: slot %u removal requested but the slot is empty, ignored\n", slot);
}

/* The selected slot asks to be removed; its remove event is cleared
 * either way, so a refusal is final until the next device_del. */
static void memhp_remove(unsigned slot)
{
	uint64_t frames;
	enum err e;

	kprintf("memhp: slot %u removal requested\n", slot);
	outb(MEMHP_FLAGS, MEMHP_CLEAR_REMOVE);
	e = hotplug_remove_ram(slot, &frames);
	if (e == ERR_PENDING) {
		kprintf("memhp: slot %u waits for the space bank\n", slot);
		return;
	}
	arch_hotplug_ram_decided(slot, e == ERR_OK);
}

/* Also the answer to a removal that waited for the space bank. */
void arch_hotplug_ram_decided(hotplug_slot_t slot, bool removed)
{
	memhp_select(slot);
	if (!removed) {
		memhp_ost(OST_EJECT, OST_EJECT_IN_USE);
		kprintf("memhp: slot %u kept\n", slot);
		return;
	}
	memhp_mark(slot, false);
	outb(MEMHP_FLAGS, MEMHP_EJECT);
	kprintf("memhp: slot %u ejected\n", slot);
	/* A second removal request that came after we cleared the first one
	 * outlives the DIMM: QEMU keeps the flag on the empty slot, and a DIMM
	 * plugged there later would be ejected by it. */
	if (memhp_select(slot) & MEMHP_REMOVING)
		memhp_ignore_removal(slot);
}

static void memhp_serve(unsigned slot, bool boot)
{
	uint8_t flags = memhp_select(slot);

	if (flags & MEMHP_INSERTING)
		outb(MEMHP_FLAGS, MEMHP_CLEAR_INSERT);
	if ((flags & MEMHP_ENABLED) && ((flags & MEMHP_INSERTING) || boot))
		memhp_insert(slot, boot);
	if ((flags & MEMHP_REMOVING) && !(flags & MEMHP_ENABLED))
		memhp_ignore_removal(slot);
	else if (flags & MEMHP_REMOVING)
		memhp_remove(slot);
}

void acpi_memhp_discover(void)
{
	kprintf("memhp: ram hot-plug present, cpu limit 0x%llx\n",
		(unsigned long long)arch_pa_limit());
	for (unsigned slot = 0; slot < MEMHP_SLOTS; slot++)
		memhp_serve(slot, true);
}

void acpi_memhp_event(void)
{
	for (unsigned slot = 0; slot < MEMHP_SLOTS; slot++)
		memhp_serve(slot, false);
}
