/* The fastpath suites' twin machine (fastpath_fixture.h). */
#include <check.h>
#include <setjmp.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/pagehdr.h>

#include "fastpath_fixture.h"
#include "kstub.h"

struct process *client, *server;

#define FP_DEV_BASE 0xfe000000ull
#define FP_DEV_FRAMES 16
static struct page_header_dev dev_hdrs[FP_DEV_FRAMES];

void fp_machine(void)
{
	struct range *dev;

	ustub_machine(64);
	dev = range_alloc();
	ck_assert_ptr_nonnull(dev);
	range_describe(dev, RANGE_DEVICE, FP_DEV_BASE, FP_DEV_FRAMES, 1);
	dev->hdrs = dev_hdrs;
	pagehdr_init_range(dev, PT_DEVICE);
	ck_assert_int_eq(range_insert(dev), ERR_OK);
}

void fp_hint_elsewhere(void)
{
	ck_assert_ptr_nonnull(range_lookup(FP_DEV_BASE));
	ck_assert_uint_eq(range_hint.pfn0, FP_DEV_BASE >> PAGE_SHIFT);
}

void fp_pair(void)
{
	fp_machine();
	client = ustub_process();
	server = ustub_process();
	ck_assert_int_eq(ustub_invoke(client, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      EP, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	server->cregs[EP] = client->cregs[EP];
}

void fp_setup(unsigned srv_slot, uint32_t srv_flags)
{
	fp_pair();
	/* the client runs its quantum out, the server spends part of its own
	 * before it receives: the switch to it must keep what is left */
	ck_assert_ptr_eq(sched_pick(), client);
	ustub_advance(SCHED_QUANTUM);
	ck_assert_ptr_eq(sched_pick(), server);
	ustub_advance(SCHED_QUANTUM - 1);
	ck_assert_uint_eq(server->quantum, 1);
	ck_assert_int_eq(
		ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, srv_slot, 0, 0, 0, 0, srv_flags),
		INV_NO_RESULT);
	ck_assert_ptr_eq(sched_pick(), client);
}

void fp_regs(struct process *p, unsigned cap, unsigned op, unsigned send, unsigned slot,
	     uint32_t w0, uint32_t flags)
{
	uint32_t arg[6] = { INV_HEADER(cap, op, send, slot), w0, w0 + 1, w0 + 2, w0 + 3, flags };

	memcpy(p->regs.arg, arg, sizeof(arg));
}

void fp_words(struct process *p, uint32_t base)
{
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		p->regs.extra[i] = base + i;
}

struct process *fp_fast(struct process *p)
{
	host_resume_armed = true;
	if (setjmp(host_halt_jmp)) {
		struct process *resumed = sched_state.current;

		ck_assert_ptr_eq(host_resumed, &resumed->regs);
		return resumed;
	}
	ck_assert_ptr_eq(sched_current(), p); /* the fastpath takes the running process's */
	ipc_fastpath();
	host_resume_armed = false;
	return NULL;
}

struct process *fp_general(struct process *p)
{
	uint32_t arg[6];

	memcpy(arg, p->regs.arg, sizeof(arg));
	inv_run(p, arg);
	return sched_pick();
}

void fp_observe(struct fp_outcome *o, struct process *resumed, unsigned gift_slot)
{
	memset(o, 0, sizeof(*o));
	memcpy(o->client_regs, client->regs.arg, sizeof(o->client_regs));
	memcpy(o->server_regs, server->regs.arg, sizeof(o->server_regs));
	memcpy(o->client_extra, client->regs.extra, sizeof(o->client_extra));
	memcpy(o->server_extra, server->regs.extra, sizeof(o->server_extra));
	o->client_state = client->state;
	o->server_state = server->state;
	o->client_quantum = client->quantum;
	o->server_quantum = server->quantum;
	o->reply = server->reply;
	if (gift_slot < CAP_REGS)
		o->gift = server->cregs[gift_slot];
	o->resumed_pid = resumed ? resumed->pid : 0;
}

void fp_assert_same(const struct fp_outcome *a, const struct fp_outcome *b)
{
	ck_assert_mem_eq(a->client_regs, b->client_regs, sizeof(a->client_regs));
	ck_assert_mem_eq(a->server_regs, b->server_regs, sizeof(a->server_regs));
	ck_assert_mem_eq(a->client_extra, b->client_extra, sizeof(a->client_extra));
	ck_assert_mem_eq(a->server_extra, b->server_extra, sizeof(a->server_extra));
	ck_assert_uint_eq(a->client_state, b->client_state);
	ck_assert_uint_eq(a->server_state, b->server_state);
	ck_assert_uint_eq(a->client_quantum, b->client_quantum);
	ck_assert_uint_eq(a->server_quantum, b->server_quantum);
	ck_assert_mem_eq(&a->reply, &b->reply, sizeof(a->reply));
	ck_assert_mem_eq(&a->gift, &b->gift, sizeof(a->gift));
	ck_assert_uint_eq(a->resumed_pid, b->resumed_pid);
}

void fp_assert_declines(struct process *p)
{
	static struct process before_c, before_s;
	struct sched_state before_sched = sched_state;
	struct endpoint before_ep, *ep = NULL;
	struct obj_ref o;

	/* the endpoint both hold, while it lives */
	if (cap_resolve(&client->cregs[EP], &o) == INV_OK && client->cregs[EP].type == CT_ENDPOINT)
		ep = o.kva;
	if (ep)
		before_ep = *ep;
	before_c = *client;
	before_s = *server;
	ck_assert_ptr_null(fp_fast(p));
	ck_assert_mem_eq(client, &before_c, sizeof(before_c));
	ck_assert_mem_eq(server, &before_s, sizeof(before_s));
	ck_assert_mem_eq(&sched_state, &before_sched, sizeof(before_sched));
	if (ep)
		ck_assert_mem_eq(ep, &before_ep, sizeof(before_ep));
}

void fp_spoil(struct cap *c, enum fp_spoil how)
{
	struct obj_ref o;

	switch (how) {
	case FP_STALE:
		c->version += 2; /* live versions are odd */
		break;
	case FP_OTHER_KIND:
		/* an Endpoint's frame number moved to the client's process pot, a
		 * Process's (or Reply's) to the endpoint's pot */
		c->pfn = c->type == CT_ENDPOINT ? client->self_pfn : client->cregs[EP].pfn;
		c->slot = 0;
		break;
	case FP_BAD_SLOT:
		c->slot = 255;
		break;
	case FP_PFN_HI:
		c->pfn_hi = 1;
		break;
	case FP_OTHER_RANGE:
		c->pfn = (uint32_t)(FP_DEV_BASE >> PAGE_SHIFT) + 1;
		c->slot = 0;
		/* a Page may name a device frame: one at a count it does not hold */
		if (c->type == CT_PAGE)
			c->version = pagehdr_alloc_count(pagehdr_of_pfn(0, c->pfn)) + 1;
		break;
	default:
		ck_abort_msg("no such spoil %d", how);
	}
	ck_assert_int_eq(cap_resolve(c, &o), INV_ERR_CAP_STALE);
}

int fp_general_err(struct process *p)
{
	uint32_t arg[6];

	memcpy(arg, p->regs.arg, sizeof(arg));
	return inv_run(p, arg);
}

void fp_device_page(struct cap *c)
{
	struct page_common *h = pagehdr_of_pfn(0, (uint32_t)(FP_DEV_BASE >> PAGE_SHIFT) + 2);
	struct obj_ref o;

	ck_assert_ptr_nonnull(h);
	cap_mint_object(c, CT_PAGE, CR_ALL, h);
	ck_assert_int_eq(cap_resolve(c, &o), INV_OK);
}
