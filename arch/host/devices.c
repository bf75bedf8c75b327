/* The host port's buses: no devices at boot (but header pages a test may
 * claim they need); the bus drivers' answers to the hot-plug core are
 * recorded for the tests. */
#include <arch/host.h>
#include <kernel/arch.h>

int host_ram_decided = -1;
int host_dev_decided = -1;
uint64_t host_dev_decided_short;

void arch_devices_discover(void)
{
}

uint64_t host_boot_header_pages;

uint64_t arch_devices_boot_header_pages(void)
{
	return host_boot_header_pages;
}

void arch_hotplug_ram_decided(hotplug_slot_t slot, bool removed)
{
	host_ram_decided = (int)(slot << 1 | removed);
}

void arch_hotplug_device_decided(hotplug_slot_t slot, bool added, uint64_t short_frames)
{
	host_dev_decided = (int)(slot << 1 | added);
	host_dev_decided_short = short_frames;
}
