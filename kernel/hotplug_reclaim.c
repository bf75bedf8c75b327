/* A device waiting for the space bank's frames (kernel/include/kernel/hotplug.h,
 * doc/spacebank.md "Reclaim").
 *
 * ask:    hotplug_add_device is short of reserve frames and a bank listens:
 *         copy the windows, send BEV_RECLAIM, the device waits
 * answer: take up to min(consent, short) released reserve frames that are
 *         still free (banked -> reserve), then add the device again; still
 *         short: refused as without a bank
 * Nothing is taken from the bank without its answer, and only frames that
 * are free (not held by it, not objects): the budget never drops below what
 * the bank has handed out. */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

static struct {
	bool active; /* a device waits */
	bool retrying; /* its second attempt is running: no second ask */
	hotplug_slot_t slot;
	unsigned count;
	uint64_t want;
	struct hotplug_window w[HOTPLUG_PENDING_WINDOWS];
} pending;

void hotplug_reclaim_reset(void)
{
	pending.active = false;
	pending.retrying = false;
}

uint64_t hotplug_reclaim_wanted(void)
{
	return pending.active ? pending.want : 0;
}

bool hotplug_reclaim_ask(hotplug_slot_t slot, const struct hotplug_window *w, unsigned count,
			 uint64_t short_frames)
{
	if (pending.active || pending.retrying || !budget_chan_attached() ||
	    !ledger_banked_sealed() || count > HOTPLUG_PENDING_WINDOWS)
		return false;
	pending.active = true;
	pending.slot = slot;
	pending.count = count;
	pending.want = short_frames;
	for (unsigned i = 0; i < count; i++)
		pending.w[i] = w[i];
	kprintf("hotplug: pending slot=%u short=%llu: reclaim asked\n", slot,
		(unsigned long long)short_frames);
	budget_chan_ask_reclaim(short_frames, slot);
	return true;
}

void hotplug_reclaim_cancel(hotplug_slot_t slot)
{
	if (pending.active && pending.slot == slot)
		pending.active = false;
}

static bool hotplug_reclaim_frame(pa_t pa)
{
	struct page_common *h = pagehdr_of_pa(pa);

	if (!h || pagehdr_type(h) != PT_FREE || pagehdr_locked(h))
		return false;
	pagehdr_set_type(h, PT_RESERVE);
	return true;
}

unsigned hotplug_reclaim_answer(uint64_t consent, uint64_t *taken)
{
	uint64_t short_frames = 0;
	enum err e;

	*taken = 0;
	if (!pending.active)
		return BUDGET_NONE;
	pending.active = false;
	*taken = reserve_reclaim(consent < pending.want ? consent : pending.want,
				 hotplug_reclaim_frame);
	if (*taken) {
		ledger_reclaim_to_reserve(*taken);
		ledger_check();
		budget_print_change("reclaimed");
		budget_event(BEV_LOWERED, (uint32_t)*taken, 0);
	}
	pending.retrying = true;
	e = hotplug_add_device(pending.slot, pending.w, pending.count, &short_frames);
	pending.retrying = false;
	return e == ERR_OK ? BUDGET_ADDED : BUDGET_REFUSED;
}
