/* A device waiting for the space bank's frames (kernel/include/kernel/hotplug.h,
 * doc/spacebank.md "Reclaim").
 *
 * ask:    hotplug_add_device is short of reserve frames and a bank listens:
 *         copy the windows, send BEV_RECLAIM, the device waits
 * answer: all or nothing: only when the bank consents to the whole shortage
 *         and that many released reserve frames are still free, take them
 *         (banked -> reserve) and add the device again; otherwise, or when
 *         the second attempt fails anyway, nothing stays taken and the
 *         device is refused as without a bank; either way the bus driver
 *         hears the decision (arch_hotplug_device_decided)
 * return: when a device leaves, the reserve's free frames beyond what
 *         relaxing kept go to banked: frames reclaimed for a device, and
 *         the headers of a device present at boot (doc/memory.md §5)
 * Nothing is taken from the bank without its answer, and only frames that
 * are free (not held by it, not objects): the budget never drops below what
 * the bank has handed out. */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

/* One device at a time is asked about; up to HOTPLUG_WAITING_MAX - 1 more
 * wait in arrival order behind it and are tried again, in order, once it
 * is decided (the first's frames or its refusal change what fits). */
struct hotplug_waiting {
	hotplug_slot_t slot;
	unsigned count;
	struct hotplug_window w[HOTPLUG_PENDING_WINDOWS];
};

static struct {
	bool active; /* a device was asked about */
	bool retrying; /* its second attempt is running: no second ask */
	bool stale; /* the asked device left; the bank's answer decides nothing */
	hotplug_slot_t slot;
	unsigned count;
	uint64_t want;
	uint64_t need; /* header pages of all its windows */
	struct hotplug_window w[HOTPLUG_PENDING_WINDOWS];
} pending;

static struct hotplug_waiting queued[HOTPLUG_WAITING_MAX - 1];
static unsigned queued_n;

void hotplug_reclaim_reset(void)
{
	pending.active = false;
	pending.retrying = false;
	pending.stale = false;
	queued_n = 0;
}

uint64_t hotplug_reclaim_wanted(void)
{
	return pending.active ? pending.want : 0;
}

bool hotplug_reclaim_waits(hotplug_slot_t slot)
{
	if (pending.active && pending.slot == slot)
		return true;
	for (unsigned i = 0; i < queued_n; i++)
		if (queued[i].slot == slot)
			return true;
	return false;
}

static bool hotplug_reclaim_frame_free(pa_t pa)
{
	struct page_common *h = pagehdr_of_pa(pa);

	return h && pagehdr_type(h) == PT_FREE && !pagehdr_locked(h);
}

static bool hotplug_reclaim_frame(pa_t pa)
{
	if (!hotplug_reclaim_frame_free(pa))
		return false;
	pagehdr_set_type(pagehdr_of_pa(pa), PT_RESERVE);
	return true;
}

/* Without an MMU the device's headers need one run, and the released frames
 * next to the free ones may be objects: what it asks for is the released
 * frames of the cheapest run that would do, if there is one. */
static uint64_t hotplug_reclaim_want(uint64_t need, uint64_t short_frames)
{
	uint64_t first, cost;

	if (!arch_hdrwin_needs_run())
		return short_frames;
	cost = reserve_run_cost(need, hotplug_reclaim_frame_free, &first);
	return cost != RESERVE_NO_RUN ? cost : short_frames;
}

static bool hotplug_reclaim_queue(hotplug_slot_t slot, const struct hotplug_window *w,
				  unsigned count)
{
	struct hotplug_waiting *q;

	if (queued_n == HOTPLUG_WAITING_MAX - 1)
		return false;
	q = &queued[queued_n++];
	q->slot = slot;
	q->count = count;
	for (unsigned i = 0; i < count; i++)
		q->w[i] = w[i];
	kprintf("hotplug: pending slot=%u: queued behind slot %u (%u waiting)\n", slot,
		pending.slot, queued_n);
	return true;
}

bool hotplug_reclaim_ask(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			 uint64_t short_frames)
{
	if (pending.retrying || !budget_chan_attached() || !ledger_banked_sealed() ||
	    count > HOTPLUG_PENDING_WINDOWS)
		return false;
	if (pending.active || pending.stale)
		return hotplug_reclaim_queue(slot, w, count);
	pending.active = true;
	pending.slot = slot;
	pending.count = count;
	pending.need = 0;
	for (unsigned i = 0; i < count; i++) {
		pending.w[i] = w[i];
		pending.need += hdrregion_pages_for(w[i].len >> PAGE_SHIFT, PAGEHDR_DEV_SHIFT);
	}
	pending.want = hotplug_reclaim_want(pending.need, short_frames);
	kprintf("hotplug: pending slot=%u short=%llu: reclaim asked\n", slot,
		(unsigned long long)pending.want);
	budget_chan_ask_reclaim(pending.want, slot);
	return true;
}

/* The asked device is decided (or gone): the queued ones are tried again in
 * order until one is asked about; each other one is decided at once. */
static void hotplug_reclaim_next(void)
{
	while (queued_n && !pending.active && !pending.stale) {
		struct hotplug_waiting *q = &queued[0];
		hotplug_slot_t slot = q->slot;
		uint64_t short_frames = 0;
		enum err e;

		/* Tried from its place in the queue (its windows are not
		 * copied again); the queue moves only after. Nothing is asked
		 * about now, so the attempt is decided or asked, never queued. */
		queued_n--;
		kprintf("hotplug: slot %u's turn after waiting\n", slot);
		e = hotplug_add_waiting(slot, q->w, q->count, &short_frames);
		for (unsigned i = 1; i <= queued_n; i++)
			queued[i - 1] = queued[i];
		if (e != ERR_PENDING)
			arch_hotplug_device_decided(slot, e == ERR_OK, short_frames);
	}
}

void hotplug_reclaim_cancel(hotplug_slot_t slot)
{
	for (unsigned i = 0; i < queued_n; i++)
		if (queued[i].slot == slot) {
			for (unsigned k = i + 1; k < queued_n; k++)
				queued[k - 1] = queued[k];
			queued_n--;
			return;
		}
	if (!pending.active || pending.slot != slot)
		return;
	pending.active = false;
	/* An answer to a request the bank already has must not be applied to
	 * the next device: wait for it (hotplug_reclaim_answer). */
	if (budget_chan_withdraw_reclaim())
		hotplug_reclaim_next();
	else
		pending.stale = true;
}

/* All or nothing: frames are taken only when the consent covers what was
 * asked and that many (no MMU: the cheapest run's released frames, which
 * the bank's giving back may have made fewer) are free now. */
static uint64_t hotplug_reclaim_take(uint64_t consent)
{
	uint64_t want = pending.want, first = 0;

	if (consent < want)
		return 0;
	if (!arch_hdrwin_needs_run())
		return reserve_reclaimable(hotplug_reclaim_frame_free) >= want
			       ? reserve_reclaim(want, hotplug_reclaim_frame)
			       : 0;
	if (reserve_run_cost(pending.need, hotplug_reclaim_frame_free, &first) > want)
		return 0;
	return reserve_reclaim_run(first, pending.need, hotplug_reclaim_frame);
}

unsigned hotplug_reclaim_answer(uint64_t consent, uint64_t *taken)
{
	uint64_t short_frames = 0;
	enum err e;

	*taken = 0;
	if (!pending.active) {
		if (pending.stale) {
			pending.stale = false;
			hotplug_reclaim_next();
		}
		return BUDGET_NONE;
	}
	pending.active = false;
	*taken = hotplug_reclaim_take(consent);
	if (*taken) {
		ledger_reclaim_to_reserve(*taken);
		ledger_check();
		budget_print_change("reclaimed");
		budget_event(BEV_LOWERED, (uint32_t)*taken, 0);
	}
	pending.retrying = true;
	e = hotplug_add_waiting(pending.slot, pending.w, pending.count, &short_frames);
	pending.retrying = false;
	if (e == ERR_OK) {
		arch_hotplug_device_decided(pending.slot, true, 0);
		hotplug_reclaim_next();
		return BUDGET_ADDED;
	}
	/* Without an MMU the frames may not make the runs the windows need. */
	if (*taken) {
		budget_return(*taken);
		ledger_check();
		budget_print_change("returned");
		budget_event(BEV_RETURNED, (uint32_t)*taken, 0);
		*taken = 0;
	}
	arch_hotplug_device_decided(pending.slot, false, short_frames);
	hotplug_reclaim_next();
	return BUDGET_REFUSED;
}

uint64_t hotplug_reclaim_return(void)
{
	uint64_t free = reserve_free(), kept = budget_reserve_kept(), n;

	/* Whatever the reserve holds free beyond what relaxing kept was lent:
	 * reclaimed from the bank for a device, or held at boot for a device
	 * present then. Either way its device has left. */
	if (budget_phase() != BUDGET_RELAXED)
		return 0; /* nothing was kept or lent yet */
	n = free > kept ? free - kept : 0;
	return n ? budget_return(n) : 0;
}
