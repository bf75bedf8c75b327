/* The architecture-independent half of device hot-plug
 * (kernel/include/kernel/hotplug.h, doc/memory.md §6).
 *
 * add:    check every window -> check the reserve holds all their headers
 *         -> per window: descriptor, header array from the header region,
 *         headers, resource tree, ledger absent -> device
 * remove: the same steps backwards, per range of the slot.
 * All or nothing: nothing changes until every check has passed, and a
 * failure half-way (only the i386 header window can run out) unwinds. */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/proc.h>

void hotplug_check(void)
{
	enum err e;

	ledger_check();
	e = range_tree_check();
	if (e != ERR_OK)
		panic("hotplug: resource tree broken after an event: %s", err_name(e));
}

static uint64_t hotplug_frames(const struct hotplug_window *w)
{
	return w->len >> PAGE_SHIFT;
}

static enum err hotplug_check_window(const struct hotplug_window *w, unsigned i,
				     const struct hotplug_window *all)
{
	pa_t end = w->base + w->len;

	if (w->len == 0 || ((w->base | w->len) & (PAGE_SIZE - 1)) || end <= w->base)
		return ERR_INVAL;
	if (range_first_overlap(w->base, end))
		return ERR_OVERLAP;
	for (unsigned k = 0; k < i; k++)
		if (all[k].base < end && w->base < all[k].base + all[k].len)
			return ERR_OVERLAP;
	return ERR_OK;
}

/* The alloc_count a new device window's headers start at: above every
 * count a removed window reached, so a capability minted for a device that
 * left never matches a later device at the same address. */
static uint32_t hotplug_epoch;

/* announced: the bank was told of the range (BEV_DEVICE_ADD) and processes
 * may map it. A device refused half-way was never announced: the bank must
 * not hear of its removal. */
static void hotplug_drop(struct range *r, bool announced)
{
	if (announced) {
		/* No process keeps a window onto memory that is leaving. */
		proc_unmap_range(r->base, r->base + (r->frames << PAGE_SHIFT));
		budget_event(BEV_DEVICE_REMOVE, (uint32_t)(r->base >> PAGE_SHIFT),
			     (uint32_t)r->frames);
	}
	for (uint64_t i = 0; i < r->frames; i++) {
		struct page_common *h = pagehdr_at(r, i);

		pagehdr_bump_alloc_count(h); /* rescinds the frame's caps */
		if (pagehdr_alloc_count(h) >= hotplug_epoch)
			hotplug_epoch = pagehdr_alloc_count(h) + 1;
	}
	range_remove(r);
	ledger_move(LEDGER_DEVICE, LEDGER_ABSENT, r->frames);
	hdrregion_free(&r->block);
	range_free(r);
}

static enum err hotplug_add_window(hotplug_slot_t slot, const struct hotplug_window *w)
{
	struct range *r = range_alloc();
	uint64_t frames = hotplug_frames(w);
	enum err e;

	if (!r)
		return ERR_FULL;
	e = hdrregion_alloc(hdrregion_pages_for(frames, PAGEHDR_DEV_SHIFT), &r->block);
	if (e != ERR_OK) {
		range_free(r);
		return e;
	}
	range_describe(r, RANGE_DEVICE, w->base, frames, slot);
	r->hdrs = r->block.va;
	pagehdr_init_range(r, PT_DEVICE);
	for (uint64_t i = 0; i < frames; i++)
		pagehdr_at(r, i)->alloc_count = hotplug_epoch;
	e = range_insert(r); /* cannot overlap: checked before */
	if (e != ERR_OK) {
		hdrregion_free(&r->block);
		range_free(r);
		return e;
	}
	ledger_move(LEDGER_ABSENT, LEDGER_DEVICE, frames);
	return ERR_OK;
}

/* Removes every range of slot; returns their frames. The walk is over the
 * live ranges, which are few (RANGE_MAX at most). */
static uint64_t hotplug_drop_slot(hotplug_slot_t slot, bool announced)
{
	uint64_t frames = 0;
	struct range *r = range_first(), *next;

	for (; r; r = next) {
		next = range_next(r);
		if (r->cls != RANGE_DEVICE || r->owner != slot)
			continue;
		frames += r->frames;
		hotplug_drop(r, announced);
	}
	return frames;
}

static bool hotplug_slot_present(hotplug_slot_t slot)
{
	for (struct range *r = range_first(); r; r = range_next(r))
		if (r->cls == RANGE_DEVICE && r->owner == slot)
			return true;
	return false;
}

/* Every refusal for lack of reserve says what would have accepted the
 * device. After boot: reserve=<n> keeps n frames free for hot-plug
 * (doc/memory.md §5), so the frames this boot kept plus the shortage would
 * have done for the same sequence of events (without an MMU the run must
 * also be unbroken, hence "or more"). At boot the reserve already held the
 * device's headers up to its cap, half of RAM: only more RAM helps. */
static void hotplug_say_what_fits(hotplug_slot_t slot, uint64_t short_by)
{
	uint64_t kept = budget_reserve_kept();

	if (budget_phase() != BUDGET_RELAXED)
		kprintf("hotplug: slot %u needs %llu more header frames than the boot reserve "
			"holds at its cap (half of RAM): boot with more RAM\n",
			slot, (unsigned long long)short_by);
	else
		kprintf("hotplug: slot %u would fit with reserve=%llu or more (this boot kept "
			"%llu frames for hot-plug)\n",
			slot, (unsigned long long)(kept + short_by), (unsigned long long)kept);
}

static enum err hotplug_add(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			    uint64_t *short_frames, bool waiting)
{
	uint64_t need = 0, short_by = 0, free_slots = range_capacity() - 1 - range_count();
	uint64_t total = 0, bound = 0;
	enum err e;

	if (short_frames)
		*short_frames = 0;
	if (count == 0)
		return ERR_OK;
	if (slot == RANGE_OWNER_BOOT || hotplug_slot_present(slot) ||
	    (!waiting && hotplug_reclaim_waits(slot))) {
		kprintf("hotplug: invalid slot=%u: %s\n", slot,
			slot == RANGE_OWNER_BOOT     ? "reserved slot number"
			: hotplug_slot_present(slot) ? "slot already present"
						     : "slot already waiting");
		return ERR_BUSY;
	}
	for (unsigned i = 0; i < count; i++) {
		e = hotplug_check_window(&w[i], i, w);
		if (e != ERR_OK) {
			kprintf("hotplug: invalid slot=%u window=%u pa=0x%llx len=0x%llx: %s\n",
				slot, i, (unsigned long long)w[i].base,
				(unsigned long long)w[i].len, err_name(e));
			return e;
		}
		total += hdrregion_pages_for(hotplug_frames(&w[i]), PAGEHDR_DEV_SHIFT);
		bound += hdrregion_cost_bound(
			hdrregion_pages_for(hotplug_frames(&w[i]), PAGEHDR_DEV_SHIFT));
	}
	/* One run holding the sum holds every window's span, in any order, first
	 * fit; otherwise each may need all the tables it could. */
	need = hdrregion_cost(total) == total ? total : bound;
	if (count > free_slots) {
		kprintf("hotplug: invalid slot=%u: %u windows, %llu free range slots\n", slot,
			count, (unsigned long long)free_slots);
		return ERR_FULL;
	}
	/* Without an MMU each window needs its own run; with one, the total counts. */
	if (!hdrregion_can_take(need, &short_by)) {
		if (hotplug_reclaim_ask(slot, w, count, short_by)) {
			if (short_frames)
				*short_frames = hotplug_reclaim_wanted();
			return ERR_PENDING;
		}
		if (short_frames)
			*short_frames = short_by;
		kprintf("hotplug: refused slot=%u short=%llu\n", slot,
			(unsigned long long)short_by);
		hotplug_say_what_fits(slot, short_by);
		return ERR_NOMEM;
	}
	for (unsigned i = 0; i < count; i++) {
		e = hotplug_add_window(slot, &w[i]);
		if (e != ERR_OK) {
			hotplug_drop_slot(slot, false);
			hotplug_check();
			/* The reserve held enough (checked above): what ran out is
			 * the header window or the range table, which more reserve
			 * would not cure, hence short=0. */
			kprintf("hotplug: refused slot=%u short=0 (%s)\n", slot, err_name(e));
			kprintf("hotplug: slot %u: no room for its %llu header pages in the header "
				"window or the range table; more reserve would not help\n",
				slot, (unsigned long long)need);
			return e;
		}
	}
	for (unsigned i = 0; i < count; i++)
		kprintf("hotplug: add slot=%u pa=0x%llx len=0x%llx frames=%llu\n", slot,
			(unsigned long long)w[i].base, (unsigned long long)w[i].len,
			(unsigned long long)hotplug_frames(&w[i]));
	hotplug_check();
	ledger_print();
	budget_print();
	for (unsigned i = 0; i < count; i++)
		budget_event(BEV_DEVICE_ADD, (uint32_t)(w[i].base >> PAGE_SHIFT),
			     (uint32_t)hotplug_frames(&w[i]));
	return ERR_OK;
}

enum err hotplug_add_device(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			    uint64_t *short_frames)
{
	return hotplug_add(slot, w, count, short_frames, false);
}

enum err hotplug_add_waiting(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			     uint64_t *short_frames)
{
	return hotplug_add(slot, w, count, short_frames, true);
}

uint64_t hotplug_remove_slot(hotplug_slot_t slot)
{
	uint64_t frames = hotplug_drop_slot(slot, true), returned;

	hotplug_reclaim_cancel(slot);
	returned = hotplug_reclaim_return();
	kprintf("hotplug: remove slot=%u frames=%llu\n", slot, (unsigned long long)frames);
	hotplug_check();
	ledger_print();
	if (returned) {
		budget_print_change("returned");
		budget_event(BEV_RETURNED, (uint32_t)returned, 0);
	} else {
		budget_print();
	}
	return frames;
}
