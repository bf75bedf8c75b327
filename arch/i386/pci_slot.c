/* Per-device setup shared by the boot scan and the hot-plug handler. Both
 * run one at a time: hot-plug is armed only after the boot scan, and the SCI
 * handler runs with interrupts off. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/range_table.h>

#include "pci.h"
#include "pci_slot.h"
#include "pci_space.h"

#define PCI_SLOT_WINDOWS (PCI_FNS_PER_DEV * PCI_BARS_MAX)

struct pci_window {
	pa_t lo, hi; /* empty when lo >= hi */
};

static struct pci_space pci_space;
static struct pci_window pci_bus_window[PCI_BUSES];
static struct pci_window pci_high_window;

hotplug_slot_t pci_slot_id(uint8_t bus, uint8_t dev)
{
	return bus ? (hotplug_slot_t)bus << 8 | (hotplug_slot_t)dev << 3 : dev;
}

/* Placement consults the resource tree: every range present, DIMMs
 * included, is an obstacle as a PCI window is. */
static pa_t pci_slot_taken_end(pa_t base, pa_t end)
{
	struct range *r = range_first_overlap(base, end);

	return r ? r->base + (r->frames << PAGE_SHIFT) : 0;
}

void pci_slot_init(pa_t lo32, pa_t hi32, pa_t lo64, pa_t hi64)
{
	pci_space_init(&pci_space);
	pci_space.taken_end = pci_slot_taken_end;
	for (unsigned b = 0; b < PCI_BUSES; b++)
		pci_bus_window[b] = (struct pci_window){ 0, 0 };
	pci_bus_window[0] = (struct pci_window){ lo32, hi32 };
	pci_high_window = (struct pci_window){ lo64, hi64 };
}

static void pci_slot_note(pa_t base, uint64_t len, hotplug_slot_t owner)
{
	enum err e = pci_space_reserve(&pci_space, base, ALIGN_UP(len, PAGE_SIZE), owner);

	if (e != ERR_OK)
		kprintf("pci: cannot record 0x%llx+0x%llx: %s\n", (unsigned long long)base,
			(unsigned long long)len, err_name(e));
}

/* The prefetchable window is only recorded as taken: BARs behind a bridge
 * are placed in its plain memory window, which any BAR may use. */
static void pci_slot_note_bridge_pref(struct pci_addr a, hotplug_slot_t owner)
{
	uint16_t lo = pci_read16(a, PCI_PREF_BASE), hi = pci_read16(a, PCI_PREF_LIMIT);
	pa_t base = (pa_t)(lo & 0xfff0) << 16, limit = (pa_t)(hi & 0xfff0) << 16;

	if ((lo & 0xf) == 1) { /* 64-bit window */
		base |= (pa_t)pci_read32(a, PCI_PREF_BASE_UPPER) << 32;
		limit |= (pa_t)pci_read32(a, PCI_PREF_LIMIT_UPPER) << 32;
	}
	if (base && base <= limit)
		pci_slot_note(base, limit + 0x100000 - base, owner);
}

/* A bridge forwards [base, limit] of its memory window, 1 MiB granular. */
static void pci_slot_note_bridge(struct pci_addr a, hotplug_slot_t owner)
{
	uint8_t sec = pci_read8(a, PCI_SECONDARY_BUS);
	pa_t base = (pa_t)(pci_read16(a, PCI_MEMORY_BASE) & 0xfff0) << 16;
	pa_t end = ((pa_t)(pci_read16(a, PCI_MEMORY_LIMIT) & 0xfff0) << 16) + 0x100000;
	const struct pci_window *up = &pci_bus_window[a.bus];
	struct pci_window w = { base, end };

	/* The root complex routes all non-RAM addresses to bus 0, so a root
	 * bridge's window stands as programmed; deeper ones nest. */
	if (a.bus) {
		w.lo = base > up->lo ? base : up->lo;
		w.hi = end < up->hi ? end : up->hi;
	}

	if (sec <= a.bus)
		return;
	pci_slot_note_bridge_pref(a, owner);
	/* Base 0 is a bridge the firmware never configured: that is RAM. */
	if (!base || w.lo >= w.hi)
		w = (struct pci_window){ 0, 0 };
	else
		pci_slot_note(w.lo, w.hi - w.lo, owner);
	pci_bus_window[sec] = w;
	kprintf("pci: %02x:%02x.%u bridge to bus %u window 0x%llx-0x%llx\n", a.bus, a.dev, a.fn,
		sec, (unsigned long long)w.lo, (unsigned long long)w.hi);
}

void pci_slot_note_firmware(uint8_t bus, uint8_t dev)
{
	hotplug_slot_t owner = pci_slot_id(bus, dev);
	unsigned fns = pci_fn_count(bus, dev);

	for (uint8_t fn = 0; fn < fns; fn++) {
		struct pci_addr a = { bus, dev, fn };
		struct pci_bar bars[PCI_BARS_MAX];
		unsigned n;
		pa_t rom;
		uint64_t rom_size;

		if (!pci_present(a))
			continue;
		n = pci_bars_probe(a, bars);
		for (unsigned i = 0; i < n; i++)
			if (bars[i].kind != PCI_BAR_IO && bars[i].base)
				pci_slot_note(bars[i].base, bars[i].size, owner);
		pci_rom_probe(a, &rom, &rom_size);
		if (rom && rom_size)
			pci_slot_note(rom, rom_size, owner);
		if (pci_is_bridge(a))
			pci_slot_note_bridge(a, bus ? owner : PCI_SPACE_FIXED);
	}
}

static enum err pci_slot_place(struct pci_addr a, struct pci_bar *bar, hotplug_slot_t owner)
{
	const struct pci_window *w = &pci_bus_window[a.bus];
	uint64_t len = ALIGN_UP(bar->size, PAGE_SIZE);
	uint64_t align = bar->size > PAGE_SIZE ? bar->size : PAGE_SIZE;
	pa_t base = 0;
	enum err e = ERR_NOMEM;

	if (w->lo < w->hi)
		e = pci_space_alloc(&pci_space, w->lo, w->hi, len, align, owner, &base);
	if (e == ERR_NOMEM && a.bus == 0 && bar->kind == PCI_BAR_MEM64 &&
	    pci_high_window.lo < pci_high_window.hi)
		e = pci_space_alloc(&pci_space, pci_high_window.lo, pci_high_window.hi, len, align,
				    owner, &base);
	if (e != ERR_OK && a.bus) {
		/* The kernel does not reprogram bridge windows: the firmware's
		 * window is all a device behind the bridge can have. */
		if (w->lo < w->hi)
			kprintf("pci: %02x:%02x.%u bar%u size 0x%llx: no room in the window "
				"0x%llx-0x%llx of the bridge to bus %u (%s)\n",
				a.bus, a.dev, a.fn, bar->index, (unsigned long long)bar->size,
				(unsigned long long)w->lo, (unsigned long long)w->hi, a.bus,
				err_name(e));
		else
			kprintf("pci: %02x:%02x.%u bar%u size 0x%llx: the bridge to bus %u has no "
				"memory window (the firmware gave it none)\n",
				a.bus, a.dev, a.fn, bar->index, (unsigned long long)bar->size,
				a.bus);
		return e;
	}
	if (e != ERR_OK) {
		kprintf("pci: %02x:%02x.%u bar%u size 0x%llx: no room below the CPU's "
			"physical-address limit 0x%llx (%s)\n",
			a.bus, a.dev, a.fn, bar->index, (unsigned long long)bar->size,
			(unsigned long long)arch_pa_limit(), err_name(e));
		return e;
	}
	pci_bar_set(a, bar, base);
	bar->base = base;
	return ERR_OK;
}

static const char *const pci_bar_kind_name[] = { "io", "mem32", "mem64" };

/* Sizes and places one function's memory BARs and appends their windows.
 * Memory decoding stays off until the whole device is placed. */
static enum err pci_slot_function(struct pci_addr a, bool hot, hotplug_slot_t owner,
				  struct hotplug_window *w, unsigned *count)
{
	struct pci_bar bars[PCI_BARS_MAX];
	bool placed[PCI_BARS_MAX], todo[PCI_BARS_MAX];
	unsigned n;

	pci_write16(a, PCI_COMMAND, pci_read16(a, PCI_COMMAND) & ~PCI_COMMAND_MEMORY);
	n = pci_bars_probe(a, bars);
	kprintf("pci: %02x:%02x.%u %04x:%04x class %06x\n", a.bus, a.dev, a.fn,
		pci_read16(a, PCI_VENDOR_ID), pci_read16(a, PCI_DEVICE_ID),
		pci_read32(a, PCI_CLASS_REV) >> 8);
	for (unsigned i = 0; i < n; i++) {
		/* Firmware may place a BAR where this CPU cannot reach (SeaBIOS
		 * puts large 64-bit BARs at 4 GiB even on qemu32): place it again,
		 * as RAM beyond the limit is not used either. */
		bool unreachable = bars[i].base + bars[i].size > arch_pa_limit();

		if (bars[i].kind != PCI_BAR_IO && bars[i].base && unreachable)
			kprintf("pci: %02x:%02x.%u bar%u at 0x%llx is above the CPU's "
				"physical-address limit 0x%llx: placing it again\n",
				a.bus, a.dev, a.fn, bars[i].index, (unsigned long long)bars[i].base,
				(unsigned long long)arch_pa_limit());
		todo[i] = placed[i] =
			bars[i].kind != PCI_BAR_IO &&
			(hot || !bars[i].base || bars[i].base % PAGE_SIZE || unreachable);
	}
	/* Largest first: first fit then leaves the small BARs in the gaps that
	 * the big alignments create instead of in front of them. */
	for (;;) {
		unsigned big = n;
		enum err e;

		for (unsigned i = 0; i < n; i++)
			if (todo[i] && (big == n || bars[i].size > bars[big].size))
				big = i;
		if (big == n)
			break;
		todo[big] = false;
		e = pci_slot_place(a, &bars[big], owner);
		if (e != ERR_OK)
			return e;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct pci_bar *bar = &bars[i];

		kprintf("pci: %02x:%02x.%u bar%u %s%s 0x%llx size 0x%llx%s\n", a.bus, a.dev, a.fn,
			bar->index, pci_bar_kind_name[bar->kind], bar->prefetch ? " pref" : "",
			(unsigned long long)bar->base, (unsigned long long)bar->size,
			placed[i] ? " (assigned)" : "");
		if (bar->kind != PCI_BAR_IO)
			w[(*count)++] = (struct hotplug_window){ bar->base,
								 ALIGN_UP(bar->size, PAGE_SIZE) };
	}
	return ERR_OK;
}

static void pci_slot_decode(uint8_t bus, uint8_t dev, bool on)
{
	unsigned fns = pci_fn_count(bus, dev);

	for (uint8_t fn = 0; fn < fns; fn++) {
		struct pci_addr a = { bus, dev, fn };
		uint16_t cmd;

		if (!pci_present(a) || pci_is_bridge(a))
			continue;
		cmd = pci_read16(a, PCI_COMMAND);
		pci_write16(a, PCI_COMMAND,
			    on ? cmd | PCI_COMMAND_MEMORY : cmd & ~PCI_COMMAND_MEMORY);
	}
}

/* A device the kernel does not use (refused at once or after waiting for
 * the space bank, or removed) keeps nothing: decoding off, its address space
 * free for others. */
static void pci_slot_release(uint8_t bus, uint8_t dev)
{
	pci_slot_decode(bus, dev, false);
	pci_space_release(&pci_space, pci_slot_id(bus, dev));
}

enum err pci_slot_attach(uint8_t bus, uint8_t dev, bool hot)
{
	hotplug_slot_t slot = pci_slot_id(bus, dev);
	struct hotplug_window w[PCI_SLOT_WINDOWS];
	unsigned fns = pci_fn_count(bus, dev), count = 0;
	uint64_t short_frames = 0;
	enum err e = ERR_OK;

	for (uint8_t fn = 0; fn < fns && e == ERR_OK; fn++) {
		struct pci_addr a = { bus, dev, fn };

		if (pci_present(a) && !pci_is_bridge(a))
			e = pci_slot_function(a, hot, slot, w, &count);
	}
	if (e == ERR_OK && count) {
		pci_slot_decode(bus, dev, true);
		e = hotplug_add_device(slot, w, count, &short_frames);
	}
	if (e == ERR_PENDING) {
		/* Decoding and windows stay until the decision. */
		kprintf("pci: slot %u waits for the space bank\n", slot);
	} else if (e != ERR_OK) {
		pci_slot_release(bus, dev);
		if (e != ERR_NOMEM || !short_frames)
			kprintf("pci: slot %u not added: %s\n", slot, err_name(e));
	}
	return e;
}

void arch_hotplug_device_decided(hotplug_slot_t slot, bool added, uint64_t short_frames)
{
	uint8_t bus = (uint8_t)(slot >> 8);
	uint8_t dev = (uint8_t)(bus ? (slot >> 3) & (PCI_DEVS_PER_BUS - 1) : slot);

	if (added) {
		kprintf("pci: slot %u added after waiting for the space bank\n", slot);
		return;
	}
	pci_slot_release(bus, dev);
	kprintf("pci: slot %u refused after waiting for the space bank (short=%llu): "
		"decoding off, windows released\n",
		slot, (unsigned long long)short_frames);
}

void pci_slot_detach(uint8_t bus, uint8_t dev)
{
	hotplug_remove_slot(pci_slot_id(bus, dev));
	pci_slot_release(bus, dev);
}
