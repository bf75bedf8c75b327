/* Device ranges the kernel published: their DeviceRange capabilities, kept
 * in registers, and the device pages banks took from them. When a device
 * leaves, every capability to its frames is already stale (the kernel bumped
 * them) and its mappings are gone; the bank forgets the range and uncharges
 * the pages. */
#include "bank.h"

/* Device pages handed out: 256 of 8 bytes. */
#define DEVICES_PAGES 256

static struct {
	uint32_t pfn, frames; /* frames 0: slot unused */
} devices[BANK_DEVICES];

static struct {
	uint8_t live, dev, owner;
} device_pages[DEVICES_PAGES];

void devices_added(uint32_t pfn, uint32_t frames)
{
	unsigned type;

	for (unsigned i = 0; i < BANK_DEVICES; i++) {
		if (devices[i].frames)
			continue;
		if (cap_identify(BANK_R_IN, &type, NULL) || type != CT_DEVICE_RANGE ||
		    cap_copy(BANK_R_IN, BANK_R_DEV0 + i))
			return;
		devices[i].pfn = pfn;
		devices[i].frames = frames;
		printf("bank: device %u published pa=0x%llx frames=%u\n", i,
		       (unsigned long long)pfn << 12, (unsigned)frames);
		return;
	}
}

static void devices_drop(unsigned i)
{
	for (unsigned k = 0; k < DEVICES_PAGES; k++)
		if (device_pages[k].live && device_pages[k].dev == i) {
			tree_uncharge(device_pages[k].owner, CT_DEVICE_RANGE, 0);
			device_pages[k].live = 0;
		}
	cap_delete(BANK_R_DEV0 + i);
	devices[i].frames = 0;
}

void devices_removed(uint32_t pfn)
{
	for (unsigned i = 0; i < BANK_DEVICES; i++)
		if (devices[i].frames && devices[i].pfn == pfn) {
			printf("bank: device %u rescinded pa=0x%llx\n", i,
			       (unsigned long long)pfn << 12);
			devices_drop(i);
		}
}

/* After an overflow: the published ranges are whatever Range lists now. */
void devices_rescan(void)
{
	for (unsigned i = 0; i < BANK_DEVICES; i++)
		if (devices[i].frames)
			devices_drop(i);
	for (unsigned n = 0; n < BANK_DEVICES; n++) {
		uint64_t base;
		uint32_t frames;

		if (range_device(BANK_R_RANGE, n, BANK_R_IN, &base, &frames))
			break;
		devices_added((uint32_t)(base >> 12), frames);
		cap_delete(BANK_R_IN);
	}
}

int devices_page(struct bank *b, uint32_t dev, uint32_t frame)
{
	int e;

	if (dev >= BANK_DEVICES || !devices[dev].frames || frame >= devices[dev].frames)
		return BANK_ERR_ARG;
	for (unsigned k = 0; k < DEVICES_PAGES; k++) {
		if (device_pages[k].live)
			continue;
		e = tree_charge(b, CT_DEVICE_RANGE, 0);
		if (e)
			return e;
		if (device_range_page(BANK_R_DEV0 + dev, frame, BANK_R_OUT)) {
			tree_uncharge(tree_slot(b), CT_DEVICE_RANGE, 0);
			return BANK_ERR_ARG;
		}
		device_pages[k].live = 1;
		device_pages[k].dev = (uint8_t)dev;
		device_pages[k].owner = (uint8_t)tree_slot(b);
		return BANK_OK;
	}
	return BANK_ERR_FULL;
}

void devices_forget_bank(unsigned slot)
{
	for (unsigned k = 0; k < DEVICES_PAGES; k++)
		if (device_pages[k].live && device_pages[k].owner == slot) {
			tree_uncharge(slot, CT_DEVICE_RANGE, 0);
			device_pages[k].live = 0;
		}
}
