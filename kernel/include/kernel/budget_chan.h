/* The budget channel: how the kernel tells the space bank about its budget
 * (DESIGN §3, doc/spacebank.md "The budget protocol").
 *
 * Events queue in a fixed ring from boot on, so none is lost before the bank
 * runs, and kernel memory stays bounded. When the ring is full the newest
 * slot becomes an overflow event that carries the latest budget and counts
 * every event coalesced into it: the budget value is what matters, and the
 * bank rescans device ranges through Range when it sees one. Requests
 * (reclaim for a device, release of a RAM range) are not in the ring: there
 * is at most one of each, and they are delivered before any queued event.
 *
 * A process takes events with BUDGET_OP_WAIT, or receives them on an
 * endpoint bound with BUDGET_OP_BIND (badge BUDGET_BADGE), so that one
 * server loop waits for clients and for the kernel at once. */
#ifndef KERNEL_BUDGET_CHAN_H
#define KERNEL_BUDGET_CHAN_H

#include <kernel/ipc.h>
#include <kernel/mm.h>

/* Every boot-time event fits: conservative, relaxed, and one device window
 * per range slot. 16 bytes each. */
#define BUDGET_RING (RANGE_MAX + 2)

struct budget_ev {
	uint32_t kind; /* enum budget_event */
	uint32_t budget; /* frames, when queued (the latest, for BEV_OVERFLOW) */
	uint32_t a, b; /* w2, w3 by kind */
};

/* Empties the ring, forgets waiters, binding and reclaim (boot, host tests). */
void budget_chan_reset(void);

/* Queues an event with the current budget and wakes a taker. */
void budget_event(unsigned kind, uint32_t a, uint32_t b);
/* Asks the bank for `frames` (for the device waiting in `slot`). */
void budget_chan_ask_reclaim(uint64_t frames, uint32_t slot);
/* Takes back a reclaim request the bank has not taken yet: true when it
 * was still unsent (no answer will come), false when the bank has it. */
bool budget_chan_withdraw_reclaim(void);
/* Asks the bank to give back what it holds in [base_pfn, + frames) (RAM
 * that wants to leave). */
void budget_chan_ask_release(uint64_t base_pfn, uint64_t frames);
/* Tables the bank gave a process that mapping nothing any more went back
 * to it held: one BEV_TABLE_RETURNED each, kept apart from the ring (never
 * coalesced) and delivered after the requests. BUDGET_TABLES of them wait
 * at most: the kernel asks for room before it takes a table out. */
#define BUDGET_TABLES 32
bool budget_chan_table_room(unsigned n);
void budget_chan_table_returned(pa_t proc_addr, pa_t table);
/* The process at proc_addr is gone: the bank settles its tables when it
 * frees it, so its returns still waiting are dropped. */
void budget_chan_forget_tables(pa_t proc_addr);
/* Whether a bank has ever taken events: only then does the kernel ask it
 * for frames instead of refusing a device at once. */
bool budget_chan_attached(void);

unsigned budget_chan_queued(void);
/* Whether a receive on ep would take a budget event (events are queued and
 * the channel is bound to ep): the fastpath leaves such receives alone. */
bool budget_chan_waits_on(const struct endpoint *ep);
uint64_t budget_chan_drops(void);
/* Takes the next event: the requests first, then the ring. *drops:
 * events coalesced since the previous take. */
bool budget_chan_take(struct budget_ev *ev, uint32_t *drops);

/* BUDGET_OP_WAIT for p: delivers at once, or queues p (unless nonblock). */
int budget_chan_wait(struct process *p, unsigned recv_slot, bool weak, bool nonblock);
/* BUDGET_OP_BIND: c is an Endpoint capability, or empty to unbind. */
void budget_chan_bind(const struct cap *c);
/* From ipc_recv: if ep is the bound endpoint and an event is queued, delivers
 * it to r and returns true. */
bool budget_chan_recv(struct process *r, const struct endpoint *ep, unsigned recv_slot, bool weak);

#endif
