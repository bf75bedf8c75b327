/* The budget channel (kernel/include/kernel/budget_chan.h). */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

static struct {
	struct budget_ev ring[BUDGET_RING];
	unsigned head, count; /* oldest entry, entries queued */
	uint32_t drops_since; /* coalesced since the last take */
	uint64_t drops; /* coalesced in all */
	bool overflowing; /* the newest entry is the overflow event */
	bool attached;
	/* Requests, at most one of each: [0] reclaim, [1] release a range. */
	bool req_unsent[2];
	struct budget_ev req[2];
	/* Returned tables not yet delivered, oldest first. */
	struct {
		uint32_t pfn, proc;
	} tables[BUDGET_TABLES];
	unsigned ntables;
	struct proc_queue waiters; /* PS_RECV in BUDGET_OP_WAIT */
	struct cap bound; /* an Endpoint, or empty */
	/* count + the requests unsent + ntables, kept with each: one word for
	 * the fastpath's test (budget_chan_waits_on). */
	unsigned queued;
} chan;

void budget_chan_reset(void)
{
	chan.head = chan.count = 0;
	chan.drops_since = 0;
	chan.drops = 0;
	chan.overflowing = false;
	chan.attached = false;
	chan.req_unsent[0] = chan.req_unsent[1] = false;
	chan.ntables = 0;
	chan.queued = 0;
	chan.waiters.head = chan.waiters.tail = NULL;
	cap_clear(&chan.bound);
}

bool budget_chan_attached(void)
{
	return chan.attached;
}

unsigned budget_chan_queued(void)
{
	return chan.queued;
}

uint64_t budget_chan_drops(void)
{
	return chan.drops;
}

static uint32_t budget_chan_now(void)
{
	uint64_t b = budget_frames();

	return sat_u32(b);
}

static struct budget_ev *budget_chan_newest(void)
{
	return &chan.ring[(chan.head + chan.count - 1) % BUDGET_RING];
}

static void budget_chan_drop(uint32_t n)
{
	chan.drops += n;
	chan.drops_since =
		chan.drops_since + n < chan.drops_since ? 0xffffffffu : chan.drops_since + n;
}

static void budget_chan_push(const struct budget_ev *ev)
{
	struct budget_ev *last;

	if (chan.count < BUDGET_RING) {
		chan.ring[(chan.head + chan.count++) % BUDGET_RING] = *ev;
		chan.queued++;
		chan.overflowing = false;
		return;
	}
	last = budget_chan_newest();
	if (!chan.overflowing) {
		/* The newest entry and this event both coalesce into the overflow. */
		budget_chan_drop(1);
		chan.overflowing = true;
		kprintf("budget-events: ring of %u full, coalescing\n", (unsigned)BUDGET_RING);
		last->kind = BEV_OVERFLOW;
		last->a = last->b = 0;
	}
	budget_chan_drop(1);
	last->budget = ev->budget;
	last->a++;
}

static void budget_chan_deliver(struct process *r, unsigned slot, bool weak);

/* A taker gets the next event: first a waiter, then a bound endpoint's receiver. */
static void budget_chan_kick(void)
{
	struct obj_ref o;
	struct process *r;

	while (budget_chan_queued()) {
		r = proc_queue_pop(&chan.waiters);
		if (!r && cap_resolve(&chan.bound, &o) == INV_OK)
			r = proc_queue_pop(&((struct endpoint *)o.kva)->recv);
		if (!r)
			return;
		budget_chan_deliver(r, r->recv_slot, r->recv_weak);
	}
}

void budget_event(unsigned kind, uint32_t a, uint32_t b)
{
	struct budget_ev ev = { kind, budget_chan_now(), a, b };

	budget_chan_push(&ev);
	budget_chan_kick();
}

static void budget_chan_ask(unsigned which, unsigned kind, uint64_t a, uint64_t b)
{
	struct budget_ev *r = &chan.req[which];

	r->kind = kind;
	r->budget = budget_chan_now();
	r->a = sat_u32(a);
	r->b = sat_u32(b);
	chan.queued += !chan.req_unsent[which];
	chan.req_unsent[which] = true;
	budget_chan_kick();
}

void budget_chan_ask_reclaim(uint64_t frames, uint32_t slot)
{
	budget_chan_ask(0, BEV_RECLAIM, frames, slot);
}

bool budget_chan_withdraw_reclaim(void)
{
	bool unsent = chan.req_unsent[0];

	chan.req_unsent[0] = false;
	chan.queued -= unsent;
	return unsent;
}

void budget_chan_ask_release(uint64_t base_pfn, uint64_t frames)
{
	budget_chan_ask(1, BEV_RELEASE_RANGE, base_pfn, frames);
}

bool budget_chan_table_room(unsigned n)
{
	return BUDGET_TABLES - chan.ntables >= n;
}

void budget_chan_table_returned(pa_t proc_addr, pa_t table)
{
	if (chan.ntables == BUDGET_TABLES)
		panic("budget: a table returned without room (budget_chan_table_room)");
	chan.tables[chan.ntables].pfn = (uint32_t)(table >> PAGE_SHIFT);
	chan.tables[chan.ntables].proc = (uint32_t)proc_addr;
	chan.ntables++;
	chan.queued++;
	budget_chan_kick();
}

void budget_chan_forget_tables(pa_t proc_addr)
{
	unsigned k = 0;

	for (unsigned i = 0; i < chan.ntables; i++)
		if (chan.tables[i].proc != (uint32_t)proc_addr)
			chan.tables[k++] = chan.tables[i];
	chan.queued -= chan.ntables - k;
	chan.ntables = k;
}

bool budget_chan_take(struct budget_ev *ev, uint32_t *drops)
{
	*drops = 0;
	for (unsigned i = 0; i < 2; i++)
		if (chan.req_unsent[i]) {
			chan.req_unsent[i] = false;
			chan.queued--;
			*ev = chan.req[i];
			return true;
		}
	if (chan.ntables) {
		ev->kind = BEV_TABLE_RETURNED;
		ev->budget = budget_chan_now();
		ev->a = chan.tables[0].pfn;
		ev->b = chan.tables[0].proc;
		chan.ntables--;
		chan.queued--;
		for (unsigned i = 0; i < chan.ntables; i++)
			chan.tables[i] = chan.tables[i + 1];
		return true;
	}
	if (!chan.count)
		return false;
	*ev = chan.ring[chan.head];
	if (ev->kind == BEV_OVERFLOW) {
		/* a: drops counted into this entry, reported through *drops */
		ev->a = 0;
		*drops = chan.drops_since;
		chan.drops_since = 0;
		chan.overflowing = false;
	}
	chan.head = (chan.head + 1) % BUDGET_RING;
	chan.count--;
	chan.queued--;
	return true;
}

/* The DeviceRange of a device range whose first frame is pfn, if it is still there. */
static void budget_chan_device_cap(struct process *r, unsigned slot, bool weak, uint32_t pfn)
{
	struct range *dr = range_of_pa((pa_t)pfn << PAGE_SHIFT);
	struct cap *c;

	if (slot >= CAP_REGS || !dr || dr->cls != RANGE_DEVICE ||
	    dr->base != (pa_t)pfn << PAGE_SHIFT)
		return;
	c = &r->cregs[slot];
	if (!cap_is_empty(c))
		return;
	cap_mint_object(c, CT_DEVICE_RANGE, CR_READ | CR_WRITE | CR_GRANT, pagehdr_at(dr, 0));
	if (weak)
		cap_weaken(c);
}

static void budget_chan_deliver(struct process *r, unsigned slot, bool weak)
{
	struct budget_ev ev;
	uint32_t drops, w[MSG_REG_WORDS];

	chan.attached = true;
	if (!budget_chan_take(&ev, &drops))
		return;
	w[0] = ev.kind | (drops > 0xffffffu ? 0xffffffu : drops) << 8;
	w[1] = ev.budget;
	w[2] = ev.a;
	w[3] = ev.b;
	if (ev.kind == BEV_DEVICE_ADD)
		budget_chan_device_cap(r, slot, weak, ev.a);
	proc_set_result(r, INV_OK, w, BUDGET_BADGE);
	if (r->state != PS_RUNNABLE)
		sched_ready(r);
}

int budget_chan_wait(struct process *p, unsigned recv_slot, bool weak, bool nonblock)
{
	chan.attached = true;
	if (budget_chan_queued()) {
		budget_chan_deliver(p, recv_slot, weak);
		return INV_NO_RESULT;
	}
	if (nonblock)
		return INV_ERR_WOULD_BLOCK;
	p->recv_slot = (uint8_t)recv_slot;
	p->recv_weak = weak;
	sched_remove(p);
	p->state = PS_RECV;
	proc_queue_push(&chan.waiters, p);
	return INV_NO_RESULT;
}

void budget_chan_bind(const struct cap *c)
{
	chan.bound = *c;
	chan.attached = true;
	budget_chan_kick();
}

/* Inlined into the fastpath's ReplyRecvs whatever LTO would choose (it asks
 * on every one): a call here costs the short case more than the test. */
__attribute__((always_inline)) inline bool budget_chan_waits_on(const struct endpoint *ep)
{
	struct obj_ref o;

	/* Cheap refusals first, the commonest first: the fastpath asks on
	 * every ReplyRecv, and almost always nothing is queued. */
	if (!chan.queued || chan.bound.type != CT_ENDPOINT)
		return false;
	return cap_resolve(&chan.bound, &o) == INV_OK && o.kva == (const void *)ep;
}

bool budget_chan_recv(struct process *r, const struct endpoint *ep, unsigned recv_slot, bool weak)
{
	if (!budget_chan_waits_on(ep))
		return false;
	budget_chan_deliver(r, recv_slot, weak);
	return true;
}
