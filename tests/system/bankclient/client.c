/* The client of tests/system/bank_hotplug.sh (bank_hotplug.img.txt). Two
 * processes run it. The first (init) starts the space bank, takes the root
 * bank, hands a child bank to the second and waits forever. The second waits
 * for a device published after boot, maps its first frame through the bank,
 * writes and reads it, and then waits for upcalls: when the device leaves,
 * the rescind upcall names it and the pages it lost (doc/grants.md), its
 * capability is stale and a read of the old address faults. */
#include "../bank_starter.h"

#define C_PAGE 12
#define C_VA 0x30000000u

/* Devices the bank published at boot answer frame 0; the first that does
 * not is where a plugged device will appear. */
static unsigned client_boot_devices(void)
{
	unsigned n = 0;

	while (bank_device_page(C_BANK, n, 0, C_PAGE) == BANK_OK) {
		cap_delete(C_PAGE);
		n++;
	}
	return n;
}

int main(void)
{
	volatile uint32_t *p;
	uint32_t addr;
	unsigned type, dev;
	struct msg m;

	if (cap_identify(C_BANK_PROC, &type, NULL) == INV_OK && type == CT_PROCESS)
		return bank_starter_run();
	if (ep_recv(C_EP, &m, C_BANK, 0))
		return 1;
	dev = client_boot_devices();
	printf("client: waiting for device %u\n", dev);
	while (bank_device_page(C_BANK, dev, 0, C_PAGE) != BANK_OK)
		sleep_ticks(C_SLEEP, 2);
	if (process_map(CAP_SELF, C_PAGE, C_VA, 0, &addr))
		return 2;
	p = (volatile uint32_t *)(uintptr_t)addr;
	p[1] = 0x5ba4c;
	printf("client: mapped device %u frame 0 at 0x%x: read 0x%x\n", dev, (unsigned)addr,
	       (unsigned)p[1]);
	do {
		struct upcall u;

		if (upcall_wait(&u))
			return 3;
		if (u.service == GS_RESCIND)
			printf("client: rescind upcall pfn=0x%x pages=%u dropped=%u\n",
			       (unsigned)u.tag, (unsigned)u.data, (unsigned)u.dropped);
	} while (cap_identify(C_PAGE, NULL, NULL) == INV_OK);
	printf("client: device page capability stale; reading 0x%x\n", (unsigned)addr);
	printf("client: read 0x%x (no fault)\n", (unsigned)p[1]);
	return 0;
}
