/* RAM hot-plug, the self-funding case (kernel/include/kernel/hotplug.h,
 * doc/memory.md §6).
 *
 * add:    check -> descriptor -> the DIMM's first frames mapped in the
 *         header region -> headers (hdr for those, free for the rest) ->
 *         resource tree -> ledger absent -> banked -> budget raised
 * remove: only if every banked frame is still free; the same steps
 *         backwards, banked -> absent through ledger_reclaim_banked. When
 *         some are not and a bank listens, it is asked to give back what it
 *         holds in the DIMM (BEV_RELEASE_RANGE); its answer
 *         (hotplug_ram_release_done) removes the DIMM if every frame is free
 *         by then, or keeps it, and tells the bus driver either way.
 * The reserve is never touched: a DIMM pays for its own headers. */
#include <kernel/pool.h>
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>

static struct range *hotplug_ram_of(hotplug_slot_t slot)
{
	for (struct range *r = range_first(); r; r = range_next(r))
		if (r->cls == RANGE_RAM_HOTPLUG && r->owner == slot)
			return r;
	return NULL;
}

/* ERR_OK with *headers set, or why the DIMM cannot be taken (*why). */
static enum err hotplug_ram_check(hotplug_slot_t slot, pa_t base, uint64_t len, pa_t limit,
				  uint64_t *headers, const char **why)
{
	uint64_t frames = len >> PAGE_SHIFT, tables, short_by;

	if (slot == RANGE_OWNER_BOOT || hotplug_ram_of(slot)) {
		*why = slot == RANGE_OWNER_BOOT ? "reserved slot number" : "slot already present";
		return ERR_BUSY;
	}
	if (len == 0 || ((base | len) & (PAGE_SIZE - 1)) || base + len <= base) {
		*why = "not a run of whole pages";
		return ERR_INVAL;
	}
	if (base + len > limit) {
		*why = "above the CPU's physical-address limit";
		return ERR_RANGE;
	}
	if (range_first_overlap(base, base + len)) {
		*why = "overlaps a present range";
		return ERR_OVERLAP;
	}
	*headers = hdrregion_pages_for(frames, PAGEHDR_RAM_SHIFT);
	if (*headers >= frames) {
		*why = "too small to hold its own headers";
		return ERR_INVAL;
	}
	/* Headers past the fixed part of the i386 window need page tables,
	 * which come from the reserve (doc/memory.md §3). */
	tables = hdrregion_cost(*headers) - *headers;
	if (!hdrregion_can_take(tables, &short_by)) {
		kprintf("hotplug: slot %u needs %llu page-table frames from the reserve for its "
			"headers; short=%llu\n",
			slot, (unsigned long long)tables, (unsigned long long)short_by);
		*why = "the reserve lacks the header window's page tables";
		return ERR_NOMEM;
	}
	return ERR_OK;
}

/* Builds and enters the range; on failure nothing has changed. */
static enum err hotplug_ram_build(hotplug_slot_t slot, pa_t base, uint64_t frames, uint64_t headers,
				  const char **why)
{
	struct range *r = range_alloc();
	enum err e;

	if (!r) {
		*why = "range table full";
		return ERR_FULL;
	}
	if (hdrregion_map_own(base, headers, &r->block) != ERR_OK) {
		range_free(r);
		*why = "header window full";
		return ERR_NOMEM;
	}
	range_describe(r, RANGE_RAM_HOTPLUG, base, frames, slot);
	r->hdrs = r->block.va;
	pagehdr_init_range(r, PT_FREE);
	for (uint64_t i = 0; i < headers; i++)
		pagehdr_set_type(pagehdr_at(r, i), PT_HDR);
	e = range_insert(r); /* cannot overlap: checked before */
	if (e != ERR_OK) {
		hdrregion_unmap_own(&r->block);
		range_free(r);
		*why = err_name(e);
		return e;
	}
	ledger_move(LEDGER_ABSENT, LEDGER_BANKED, frames - headers);
	return ERR_OK;
}

enum err hotplug_add_ram(hotplug_slot_t slot, pa_t base, uint64_t len, pa_t limit)
{
	uint64_t headers = 0, frames = len >> PAGE_SHIFT;
	const char *why = "";
	enum err e = hotplug_ram_check(slot, base, len, limit, &headers, &why);

	if (e == ERR_OK)
		e = hotplug_ram_build(slot, base, frames, headers, &why);
	if (e != ERR_OK) {
		kprintf("hotplug: refused-ram slot=%u pa=0x%llx len=0x%llx limit=0x%llx: %s\n",
			slot, (unsigned long long)base, (unsigned long long)len,
			(unsigned long long)limit, why);
		return e;
	}
	kprintf("hotplug: add-ram slot=%u pa=0x%llx len=0x%llx frames=%llu headers=%llu", slot,
		(unsigned long long)base, (unsigned long long)len, (unsigned long long)frames,
		(unsigned long long)headers);
	if (hotplug_ram_of(slot)->block.tables)
		kprintf(" tables=%u", hotplug_ram_of(slot)->block.tables);
	kprintf("\n");
	pool_ram_added(base, frames); /* joins the pool its address lies in (i386: high) */
	hotplug_check();
	ledger_print();
	budget_print_change("raised");
	budget_event(BEV_RAISED, (uint32_t)(frames - headers), slot);
	return ERR_OK;
}

/* Banked frames of r in use: anything but free. The header frames are the
 * range's own and leave with it. */
static uint64_t hotplug_ram_busy(const struct range *r)
{
	uint64_t busy = 0;

	for (uint64_t i = r->block.pages; i < r->frames; i++)
		if (pagehdr_type(pagehdr_at(r, i)) != PT_FREE)
			busy++;
	return busy;
}

/* Every banked frame of r is free: that is the bank's consent. */
static uint64_t hotplug_ram_drop(struct range *r, hotplug_slot_t slot)
{
	uint64_t n = r->frames, given = n - r->block.pages;
	pa_t base = r->base;

	range_remove(r);
	ledger_reclaim_banked(given);
	hdrregion_unmap_own(&r->block);
	range_free(r);
	kprintf("hotplug: remove-ram slot=%u frames=%llu\n", slot, (unsigned long long)n);
	pool_ram_removed(base, n);
	hotplug_check();
	ledger_print();
	budget_print_change("lowered");
	budget_event(BEV_LOWERED, (uint32_t)given, slot);
	return n;
}

/* The DIMM the bank was asked about (BEV_RELEASE_RANGE), if any. */
static struct {
	bool active;
	hotplug_slot_t slot;
} ram_pending;

void hotplug_ram_consent_reset(void)
{
	ram_pending.active = false;
}

enum err hotplug_remove_ram(hotplug_slot_t slot, uint64_t *frames)
{
	struct range *r = hotplug_ram_of(slot);
	uint64_t busy;

	*frames = 0;
	if (!r) {
		kprintf("hotplug: remove-ram slot=%u frames=0\n", slot);
		ledger_print();
		budget_print();
		return ERR_OK;
	}
	if (ram_pending.active && ram_pending.slot == slot)
		return ERR_PENDING; /* asked already: the answer decides */
	busy = hotplug_ram_busy(r);
	if (busy && !ram_pending.active && budget_chan_attached() && ledger_banked_sealed()) {
		ram_pending.active = true;
		ram_pending.slot = slot;
		kprintf("hotplug: remove-ram pending slot=%u busy=%llu: release asked\n", slot,
			(unsigned long long)busy);
		budget_chan_ask_release(r->base >> PAGE_SHIFT, r->frames);
		return ERR_PENDING;
	}
	if (busy) {
		kprintf("hotplug: remove-ram refused slot=%u busy=%llu\n", slot,
			(unsigned long long)busy);
		return ERR_BUSY;
	}
	*frames = hotplug_ram_drop(r, slot);
	return ERR_OK;
}

unsigned hotplug_ram_release_done(void)
{
	hotplug_slot_t slot = ram_pending.slot;
	struct range *r;
	uint64_t busy;

	if (!ram_pending.active)
		return BUDGET_NONE;
	ram_pending.active = false;
	r = hotplug_ram_of(slot);
	busy = r ? hotplug_ram_busy(r) : 0;
	if (busy) {
		kprintf("hotplug: remove-ram refused slot=%u busy=%llu\n", slot,
			(unsigned long long)busy);
		arch_hotplug_ram_decided(slot, false);
		return BUDGET_KEPT;
	}
	if (r)
		hotplug_ram_drop(r, slot);
	arch_hotplug_ram_decided(slot, true);
	return BUDGET_REMOVED;
}
