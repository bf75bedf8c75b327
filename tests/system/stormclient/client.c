/* The client of the hot-plug storms (tests/system/hotplug_storm*.sh,
 * storm.img.txt). Two processes run it. The first starts the space bank,
 * takes the root bank, hands a child bank to the second and waits forever.
 * The second loops while the host plugs and unplugs devices (and DIMMs on
 * i386), one round a tick: it allocates pages through the bank (on i386 every other
 * one at or above 4 GiB, where DIMMs land, when the bank has any), maps them,
 * writes and reads back a pattern, unmaps and frees them, and checks that a
 * freed page's capability can no longer be mapped; it takes a page of every
 * published device and checks, once the device is gone, that the capability
 * is stale and refused. Every STORM_REPORT rounds it prints a `storm:` line;
 * a wrong value or a usable stale capability prints `storm: ERROR`. */
#include "../bank_starter.h"

#define C_PAGE0 12 /* 12..13: pages of one round */
#define C_DEV 14 /* a device page held across rounds */
#define C_FREED 15 /* a freed page's capability, kept to try it */
#define STORM_PAGES 2
#define STORM_REPORT 64
#define STORM_DEVICES 6
#define STORM_VA 0x30000000u
#define STORM_HIGH (1ull << 32)

static uint32_t storm_errors, storm_stale_refused, storm_high_pages, storm_dev_pages;

static void storm_error(const char *what, uint32_t a, uint32_t b)
{
	storm_errors++;
	printf("storm: ERROR %s 0x%x 0x%x\n", what, (unsigned)a, (unsigned)b);
}

/* Where page i of a round is mapped: any address on i386, its own address
 * without an MMU (ColdFire maps va = pa). */
static uint32_t storm_va(unsigned i, uint64_t pa)
{
#if defined(__mcoldfire__)
	(void)i;
	return (uint32_t)pa;
#else
	(void)pa;
	return STORM_VA + i * 0x1000u;
#endif
}

/* One page: allocated, mapped, written, read back, unmapped, freed; the
 * freed capability must then be refused. */
static void storm_page(uint32_t round, unsigned i)
{
	unsigned reg = C_PAGE0 + i;
	volatile uint32_t *p;
	uint32_t addr;
	uint64_t pa;
	int e;

#if defined(__i386__)
	if ((round + i) & 1) {
		e = bank_alloc_page_from(C_BANK, STORM_HIGH, reg, &pa);
		storm_high_pages += e == BANK_OK;
	} else {
		e = BANK_ERR_NO_FRAMES;
	}
	if (e != BANK_OK)
#endif
		e = bank_alloc(C_BANK, CT_PAGE, reg, &pa);
	if (e != BANK_OK)
		return; /* no frames now: the budget moves with the storm */
	if (process_map(CAP_SELF, reg, storm_va(i, pa), 0, &addr) != INV_OK) {
		storm_error("map", (uint32_t)pa, (uint32_t)(pa >> 32));
		bank_free(C_BANK, pa);
		cap_delete(reg);
		return;
	}
	p = (volatile uint32_t *)(uintptr_t)addr;
	for (unsigned k = 0; k < 1024; k += 64)
		p[k] = round ^ (k << 16) ^ i;
	for (unsigned k = 0; k < 1024; k += 64)
		if (p[k] != (round ^ (k << 16) ^ i))
			storm_error("pattern", addr + k * 4, p[k]);
	if (process_unmap(CAP_SELF, addr) != INV_OK)
		storm_error("unmap", addr, 0);
	cap_delete(C_FREED);
	cap_copy(reg, C_FREED);
	if (bank_free(C_BANK, pa) != BANK_OK)
		storm_error("free", (uint32_t)pa, (uint32_t)(pa >> 32));
	cap_delete(reg);
	if (process_map(CAP_SELF, C_FREED, storm_va(i, pa), 0, &addr) == INV_OK) {
		storm_error("freed page mapped again", (uint32_t)pa, addr);
		process_unmap(CAP_SELF, addr);
	} else {
		storm_stale_refused++;
	}
}

/* A page of a device plugged after boot, held while the device is there;
 * once it left, the capability is stale and must not map. The bank keeps a
 * record per device page until the device leaves, so one is taken per plug
 * (and the boot devices are counted once at the start). */
static void storm_device(unsigned boot_devices)
{
	unsigned type = 0, rights = 0;
	uint32_t addr;
	int e = cap_identify(C_DEV, &type, &rights);

	if (e == INV_OK)
		return;
	if (e == INV_ERR_CAP_STALE) {
		if (process_map(CAP_SELF, C_DEV, storm_va(STORM_PAGES, 0), 0, &addr) == INV_OK) {
			storm_error("stale device page mapped", addr, 0);
			process_unmap(CAP_SELF, addr);
		} else {
			storm_stale_refused++;
		}
		cap_delete(C_DEV);
	}
	for (unsigned d = boot_devices; d < STORM_DEVICES; d++)
		if (bank_device_page(C_BANK, d, 0, C_DEV) == BANK_OK) {
			storm_dev_pages++;
			return;
		}
}

/* Devices the bank published at boot answer frame 0. */
static unsigned storm_boot_devices(void)
{
	unsigned n = 0;

	while (n < STORM_DEVICES && bank_device_page(C_BANK, n, 0, C_DEV) == BANK_OK) {
		cap_delete(C_DEV);
		n++;
	}
	return n;
}

int main(void)
{
	unsigned type, boot_devices;
	struct msg m;

	if (cap_identify(C_BANK_PROC, &type, NULL) == INV_OK && type == CT_PROCESS)
		return bank_starter_run();
	if (ep_recv(C_EP, &m, C_BANK, 0))
		return 1;
	boot_devices = storm_boot_devices();
	printf("storm: running (%u boot devices)\n", boot_devices);
	for (uint32_t round = 1;; round++) {
		for (unsigned i = 0; i < STORM_PAGES; i++)
			storm_page(round, i);
		storm_device(boot_devices);
		if (round % STORM_REPORT == 0)
			printf("storm: round %u high-pages %u device-pages %u stale-refused %u "
			       "errors %u\n",
			       (unsigned)round, (unsigned)storm_high_pages,
			       (unsigned)storm_dev_pages, (unsigned)storm_stale_refused,
			       (unsigned)storm_errors);
		sleep_ticks(C_SLEEP, 1); /* the host's events are served while it sleeps */
	}
}
