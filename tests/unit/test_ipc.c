/* Unit tests for IPC, the scheduler and faults (kernel/ipc/ipc.c,
 * kernel/obj/endpoint.c, kernel/ipc/sched.c, kernel/ipc/fault.c), on the host. */
#include <check.h>
#include <string.h>

#include <kernel/fault.h>
#include <kernel/ledger.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define EP 1 /* every process gets the endpoint in register 1 */

static struct process *procs[4];

/* procs[0..n) share one endpoint made by procs[0]. */
static void setup(unsigned n)
{
	ustub_shared_endpoint(procs, n, EP);
}

static int send(struct process *p, unsigned op, uint32_t w0, unsigned cap, unsigned slot,
		uint32_t flags)
{
	return ustub_invoke(p, EP, op, cap, slot, w0, w0 + 1, w0 + 2, w0 + 3, flags);
}

static int recv(struct process *p, unsigned slot, uint32_t flags)
{
	return ustub_invoke(p, EP, EP_OP_RECV, CAP_NONE, slot, 0, 0, 0, 0, flags);
}

START_TEST(ipc_send_blocks_until_received)
{
	struct process *s, *r;

	setup(2);
	s = procs[0];
	r = procs[1];
	ck_assert_int_eq(send(s, EP_OP_SEND, 10, CAP_NONE, CAP_NONE, INV_F_NONBLOCK),
			 INV_ERR_WOULD_BLOCK);
	ck_assert_int_eq(send(s, EP_OP_SEND, 10, CAP_NONE, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(s->state, PS_SEND);
	ck_assert_ptr_eq(sched_pick(), r);
	ck_assert_int_eq(recv(r, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(r, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(r, 1), 10);
	ck_assert_uint_eq(ustub_result(r, 4), 13);
	ck_assert_uint_eq(ustub_result(r, 5), 0);
	ck_assert_uint_eq(s->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(s, 0), INV_OK);
}
END_TEST

START_TEST(ipc_recv_blocks_then_badged_send)
{
	struct process *s, *r;

	setup(2);
	s = procs[0];
	r = procs[1];
	ck_assert_int_eq(recv(r, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	ck_assert_int_eq(recv(r, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(r->state, PS_RECV);
	ck_assert_int_eq(ustub_invoke(s, EP, EP_OP_MINT, CAP_NONE, CAP_NONE, 2, 0xbad6e, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(s, 2, EP_OP_MINT, CAP_NONE, CAP_NONE, 3, 1, 0, 0, 0),
			 INV_ERR_RIGHTS); /* no re-badging */
	ck_assert_int_eq(
		ustub_invoke(s, EP, EP_OP_MINT, CAP_NONE, CAP_NONE, 4, BUDGET_BADGE, 0, 0, 0),
		INV_ERR_ARG); /* the kernel's budget-event badge cannot be forged */
	ck_assert(cap_is_empty(&s->cregs[4]));
	ck_assert_int_eq(ustub_invoke(s, 2, EP_OP_SEND, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(r->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(r, 1), 7);
	ck_assert_uint_eq(ustub_result(r, 5), 0xbad6e);
}
END_TEST

START_TEST(ipc_call_reply_with_caps)
{
	struct process *c, *s;

	setup(2);
	c = procs[0];
	s = procs[1];
	ck_assert_int_eq(recv(s, 5, 0), INV_NO_RESULT);
	/* the capability sent needs CR_GRANT */
	ck_assert_int_eq(
		ustub_invoke(c, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(send(c, EP_OP_CALL, 1, 3, 6, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(send(c, EP_OP_CALL, 1, 0, 6, 0), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	ck_assert_uint_eq(s->cregs[5].type, CT_RANGE);
	ck_assert_uint_eq(s->reply.type, CT_REPLY);
	/* the server keeps its reply for later, then answers with a capability */
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, CAP_OP_COPY, CAP_NONE, CAP_NONE, 7, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(s, 7, REPLY_OP_REPLY, EP, CAP_NONE, 42, 0, 0, 0, 0), INV_OK);
	ck_assert_uint_eq(c->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(c, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(c, 1), 42);
	ck_assert_uint_eq(c->cregs[6].type, CT_ENDPOINT);
	/* one shot: both copies of the Reply are now stale */
	ck_assert_int_eq(ustub_invoke(s, 7, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
		INV_ERR_CAP_STALE);
	/* a receive register that is occupied */
	ck_assert_int_eq(recv(s, 5, 0), INV_ERR_SLOT);
	ck_assert_int_eq(recv(s, 16, 0), INV_ERR_SLOT);
}
END_TEST

/* A capability received through a weak endpoint capability arrives weak
 * (and so read-only); a reply's capability needs grant like a message's. */
START_TEST(ipc_weak_receive_and_reply_grant)
{
	struct process *r, *s;

	setup(2);
	r = procs[0];
	s = procs[1];
	ck_assert_int_eq(
		ustub_invoke(r, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 6, CR_WEAK, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(ustub_invoke(r, 6, EP_OP_RECV, CAP_NONE, 5, 0, 0, 0, 0, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(s, EP_OP_SEND, 1, 0, CAP_NONE, 0), INV_OK);
	ck_assert_uint_eq(r->cregs[5].type, CT_RANGE);
	ck_assert_uint_eq(r->cregs[5].rights & (CR_WEAK | CR_WRITE), CR_WEAK);
	/* s calls, r answers with a capability without grant: refused, the
	 * Reply stays, and with grant it goes */
	ck_assert_int_eq(recv(r, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(s, EP_OP_CALL, 1, CAP_NONE, 7, 0), INV_NO_RESULT);
	ck_assert_int_eq(ustub_invoke(r, CAP_REPLY, REPLY_OP_REPLY, 5, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(s->cregs[7].rights & CR_WEAK, CR_WEAK);
	ck_assert_int_eq(recv(r, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(s, EP_OP_CALL, 1, CAP_NONE, 8, 0), INV_NO_RESULT);
	ck_assert_int_eq(
		ustub_invoke(r, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 9, CR_GRANT, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(ustub_invoke(r, CAP_REPLY, REPLY_OP_REPLY, 9, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_RIGHTS);
	ck_assert_uint_eq(s->state, PS_REPLY);
	ck_assert_int_eq(ustub_invoke(r, CAP_REPLY, REPLY_OP_REPLY, EP, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(s->cregs[8].type, CT_ENDPOINT);
}
END_TEST

/* EP_OP_REPLY_RECV: the reply and the next receive in one invocation; a
 * failed reply receives nothing, a refused receive does not reply. */
START_TEST(ipc_reply_recv_combined)
{
	struct process *c, *d, *s;

	setup(3);
	c = procs[0];
	d = procs[1];
	s = procs[2];
	/* nothing to reply to: the error alone, the server does not wait */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 0, CAP_NONE, CAP_NONE, 0), INV_ERR_CAP_EMPTY);
	ck_assert_uint_eq(s->state, PS_RUNNABLE);
	ck_assert_int_eq(recv(s, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(c, EP_OP_CALL, 10, CAP_NONE, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(d, EP_OP_CALL, 20, CAP_NONE, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(s, 1), 10);
	/* an occupied receive register: refused before the reply is sent */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 99, CAP_NONE, 0, 0), INV_ERR_SLOT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	/* answers c and takes d's queued call at once */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 11, CAP_NONE, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(c, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(c, 1), 11);
	ck_assert_uint_eq(ustub_result(s, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(s, 1), 20);
	ck_assert_uint_eq(s->reply.type, CT_REPLY);
	/* answers d; nothing queued: the server waits */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 21, CAP_NONE, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(d, 1), 21);
	ck_assert_uint_eq(s->state, PS_RECV);
	ck_assert(cap_is_empty(&s->reply));
}
END_TEST

/* INV_F_MOVE: a reply's capability leaves the server's register once the
 * reply goes; only for REPLY_OP_REPLY and EP_OP_REPLY_RECV, only out of a
 * register; a refused reply (rights, nothing to answer) moves nothing. */
START_TEST(ipc_reply_moves_a_capability)
{
	struct process *c, *s;

	setup(2);
	c = procs[0];
	s = procs[1];
	/* not for other ops */
	ck_assert_int_eq(send(c, EP_OP_CALL, 1, 0, 6, INV_F_MOVE), INV_ERR_ARG);
	ck_assert_int_eq(recv(s, CAP_NONE, INV_F_MOVE), INV_ERR_ARG);
	/* nothing to answer: the capability stays */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 0, 0, CAP_NONE, INV_F_MOVE), INV_ERR_CAP_EMPTY);
	ck_assert_uint_eq(s->cregs[0].type, CT_RANGE);
	ck_assert_int_eq(recv(s, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(send(c, EP_OP_CALL, 1, CAP_NONE, 6, 0), INV_NO_RESULT);
	/* out of a CapPage slot: refused */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 0, CAP_EXT_FIRST, CAP_NONE, INV_F_MOVE),
			 INV_ERR_ARG);
	/* without grant: refused, nothing moved, the caller still waits */
	ck_assert_int_eq(
		ustub_invoke(s, 0, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3, CR_GRANT, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 0, 3, CAP_NONE, INV_F_MOVE), INV_ERR_RIGHTS);
	ck_assert_uint_eq(s->cregs[3].type, CT_RANGE);
	ck_assert_uint_eq(c->state, PS_REPLY);
	/* moved: the caller has it, the server's register is empty */
	ck_assert_int_eq(send(s, EP_OP_REPLY_RECV, 7, 0, CAP_NONE, INV_F_MOVE), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(c, 1), 7);
	ck_assert_uint_eq(c->cregs[6].type, CT_RANGE);
	ck_assert(cap_is_empty(&s->cregs[0]));
	ck_assert_uint_eq(s->state, PS_RECV);
	/* REPLY_OP_REPLY moves too */
	ck_assert_int_eq(send(c, EP_OP_CALL, 2, CAP_NONE, 8, 0), INV_NO_RESULT);
	ck_assert_int_eq(
		ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, EP, CAP_NONE, 0, 0, 0, 0, INV_F_MOVE),
		INV_OK);
	ck_assert_uint_eq(c->cregs[8].type, CT_ENDPOINT);
	ck_assert(cap_is_empty(&s->cregs[EP]));
}
END_TEST

START_TEST(ipc_queue_three_senders_fifo)
{
	struct process *r;

	setup(4);
	r = procs[0];
	for (unsigned i = 1; i <= 3; i++)
		ck_assert_int_eq(send(procs[i], EP_OP_SEND, 100 * i, CAP_NONE, CAP_NONE, 0),
				 INV_NO_RESULT);
	for (unsigned i = 1; i <= 3; i++) {
		ck_assert_int_eq(recv(r, CAP_NONE, 0), INV_NO_RESULT);
		ck_assert_uint_eq(ustub_result(r, 1), 100 * i);
		ck_assert_uint_eq(procs[i]->state, PS_RUNNABLE);
	}
	ck_assert_int_eq(recv(r, CAP_NONE, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
}
END_TEST

START_TEST(ipc_destroy_wakes_waiters)
{
	setup(3);
	ck_assert_int_eq(recv(procs[1], CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(recv(procs[2], CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(
		ustub_invoke(procs[0], 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, EP, 0, 0, 0, 0),
		INV_OK);
	for (unsigned i = 1; i <= 2; i++) {
		ck_assert_uint_eq(procs[i]->state, PS_RUNNABLE);
		ck_assert_uint_eq(ustub_result(procs[i], 0), INV_ERR_CAP_STALE);
	}
	ledger_check();
}
END_TEST

/* Senders queued on a destroyed endpoint wake too: a caller with
 * INV_ERR_CAP_STALE, a faulter with its registers untouched (it runs into
 * its fault again). */
START_TEST(ipc_destroy_wakes_senders)
{
	struct process *f;

	setup(3);
	f = procs[2];
	ck_assert_int_eq(ustub_invoke(procs[1], EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 4, 0, 0, 0, 0),
			 INV_NO_RESULT);
	f->fault = procs[0]->cregs[EP];
	f->regs.arg[0] = 0x77;
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(f->state, PS_SEND);
	ck_assert(f->is_fault);
	ck_assert_int_eq(
		ustub_invoke(procs[0], 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, EP, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(procs[1]->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(procs[1], 0), INV_ERR_CAP_STALE);
	ck_assert_uint_eq(f->state, PS_RUNNABLE);
	ck_assert(!f->is_fault);
	ck_assert_uint_eq(f->regs.arg[0], 0x77);
	ledger_check();
}
END_TEST

START_TEST(ipc_fault_to_handler_and_retry)
{
	struct process *h, *f;

	setup(2);
	h = procs[0];
	f = procs[1];
	f->fault = h->cregs[EP];
	ck_assert_int_eq(recv(h, CAP_NONE, 0), INV_NO_RESULT);
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(f->state, PS_REPLY);
	ck_assert_uint_eq(ustub_result(h, 1), 14);
	ck_assert_uint_eq(ustub_result(h, 2), 0xdead000);
	ck_assert_uint_eq(ustub_result(h, 3), 0x1234);
	ck_assert_uint_eq(ustub_result(h, 5), FAULT_BADGE(f->pid));
	/* a reply with w0 = pc restarts the faulter there */
	ck_assert_int_eq(ustub_invoke(h, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0x5000,
				      0x9000, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(f->state, PS_RUNNABLE);
	ck_assert_uint_eq(f->regs.pc, 0x5000);
	ck_assert_uint_eq(f->regs.sp, 0x9000);
}
END_TEST

/* PROC_OP_FAULT takes a send-capable Endpoint, and grant for another's. */
START_TEST(ipc_fault_handler_rights)
{
	struct process *a, *b;

	setup(2);
	a = procs[0];
	b = procs[1];
	ustub_mint_process(&a->cregs[9], CT_PROCESS, CR_ALL, b);
	ck_assert_int_eq(
		ustub_invoke(a, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 5, CR_WRITE, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(
		ustub_invoke(a, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 6, CR_WEAK, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(
		ustub_invoke(a, EP, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 7, CR_GRANT, 0, 0, 0),
		INV_OK);
	for (unsigned c = 5; c <= 6; c++) {
		ck_assert_int_eq(
			ustub_invoke(a, CAP_SELF, PROC_OP_FAULT, c, CAP_NONE, 0, 0, 0, 0, 0),
			INV_ERR_RIGHTS);
		ck_assert_int_eq(ustub_invoke(a, 9, PROC_OP_FAULT, c, CAP_NONE, 0, 0, 0, 0, 0),
				 INV_ERR_RIGHTS);
	}
	ck_assert_int_eq(ustub_invoke(a, 9, PROC_OP_FAULT, 7, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_RIGHTS);
	ck_assert(cap_is_empty(&b->fault));
	ck_assert_int_eq(ustub_invoke(a, CAP_SELF, PROC_OP_FAULT, 7, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(a, 9, PROC_OP_FAULT, EP, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
	/* a handler without send (set around the checks) gets nothing: b stops */
	b->fault = a->cregs[5];
	kstub_reset();
	fault_deliver(b, 6, 0, 0);
	ck_assert_uint_eq(b->state, PS_STOPPED);
}
END_TEST

/* No capability carries a kernel badge; a fault reply's restart is bounded
 * like PROC_OP_START, and a refused one leaves the Reply usable. */
START_TEST(ipc_fault_badge_and_restart_bounds)
{
	struct process *h, *f;

	setup(2);
	h = procs[0];
	f = procs[1];
	ck_assert_int_eq(ustub_invoke(h, EP, EP_OP_MINT, CAP_NONE, CAP_NONE, 5, FAULT_BADGE(f->pid),
				      0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(
		ustub_invoke(h, EP, EP_OP_MINT, CAP_NONE, CAP_NONE, 5, BADGE_KERNEL, 0, 0, 0),
		INV_ERR_ARG);
	ck_assert(cap_is_empty(&h->cregs[5]));
	f->fault = h->cregs[EP];
	ck_assert_int_eq(recv(h, CAP_NONE, 0), INV_NO_RESULT);
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_int_eq(ustub_invoke(h, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE,
				      ARCH_USER_END, 0x9000, 0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(ustub_invoke(h, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0x5000,
				      ARCH_USER_END + 4, 0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_uint_eq(f->state, PS_REPLY);
	ck_assert_uint_eq(h->reply.type, CT_REPLY);
	ck_assert_int_eq(ustub_invoke(h, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0x5000,
				      ARCH_USER_END, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(f->state, PS_RUNNABLE);
	ck_assert_uint_eq(f->regs.pc, 0x5000);
}
END_TEST

/* A reply of w0 = 0 to a fault retries the faulting instruction: the
 * faulter runs again where it was, its registers untouched. */
START_TEST(ipc_fault_reply_retries)
{
	struct process *h, *f;

	setup(2);
	h = procs[0];
	f = procs[1];
	f->fault = h->cregs[EP];
	f->regs.pc = 0x1234;
	f->regs.sp = 0x8000;
	ck_assert_int_eq(recv(h, CAP_NONE, 0), INV_NO_RESULT);
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(f->state, PS_REPLY);
	ck_assert_int_eq(ustub_invoke(h, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 0,
				      ARCH_USER_END + 4, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(f->state, PS_RUNNABLE);
	ck_assert(!f->is_fault);
	ck_assert_uint_eq(f->regs.pc, 0x1234);
	ck_assert_uint_eq(f->regs.sp, 0x8000);
}
END_TEST

/* A copy of the Reply of an earlier call, kept past it, does not answer
 * the caller's next call. */
START_TEST(ipc_reply_of_earlier_call_is_stale)
{
	struct process *c, *s;

	setup(2);
	s = procs[0];
	c = procs[1];
	ck_assert_int_eq(recv(s, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(ustub_invoke(c, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, CAP_OP_COPY, CAP_NONE, CAP_NONE, 8, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(
		ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 2, 0, 0, 0, 0),
		INV_OK);
	ck_assert_int_eq(recv(s, CAP_NONE, 0), INV_NO_RESULT);
	ck_assert_int_eq(ustub_invoke(c, EP, EP_OP_CALL, CAP_NONE, CAP_NONE, 3, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	ck_assert_int_eq(ustub_invoke(s, 8, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 4, 0, 0, 0, 0),
			 INV_ERR_CAP_STALE);
	ck_assert_uint_eq(c->state, PS_REPLY);
	ck_assert_int_eq(
		ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(ustub_result(c, 1), 5);
}
END_TEST

START_TEST(ipc_fault_without_handler_stops)
{
	setup(2);
	kstub_reset();
	fault_deliver(procs[1], 6, 0x10, 0x20);
	ck_assert_uint_eq(procs[1]->state, PS_STOPPED);
	ck_assert_str_eq(host_console, "fault: pid=2 vector=6 addr=0x10\n");
	ck_assert_int_eq(ustub_init_status, -1);
	fault_deliver(procs[0], 13, 0, 0); /* init: the run ends */
	ck_assert_int_eq(ustub_init_status, PROC_INIT_FAULT_STATUS);
}
END_TEST

/* A handler endpoint destroyed since PROC_OP_FAULT set it: the capability
 * is stale, the fault goes nowhere and the faulter stops. */
START_TEST(ipc_fault_handler_gone_stops)
{
	struct process *h, *f;

	setup(3);
	h = procs[0];
	f = procs[1];
	f->fault = h->cregs[EP];
	ck_assert_int_eq(ustub_invoke(h, 0, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, EP, 0, 0, 0, 0),
			 INV_OK);
	kstub_reset();
	fault_deliver(f, 14, 0xdead000, 0x1234);
	ck_assert_uint_eq(f->state, PS_STOPPED);
	ck_assert_str_eq(host_console, "fault: pid=2 vector=14 addr=0xdead000\n");
	ck_assert_uint_eq(procs[2]->state, PS_RUNNABLE);
}
END_TEST

START_TEST(ipc_init_exit_and_kill)
{
	setup(2);
	ck_assert_int_eq(
		ustub_invoke(procs[0], CAP_SELF, CAP_OP_COPY, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
		INV_OK);
	procs[1]->cregs[5] = procs[0]->cregs[5];
	ck_assert_int_eq(ustub_invoke(procs[1], 5, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(procs[1], 1), 1);
	ck_assert_int_eq(
		ustub_invoke(procs[0], CAP_SELF, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 3, 0, 0, 0, 0),
		INV_NO_RESULT);
	ck_assert_int_eq(ustub_init_status, 3);
	ck_assert_uint_eq(procs[0]->state, PS_EXITED);
	ck_assert_int_eq(ustub_invoke(procs[1], 5, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_BUSY);
}
END_TEST

START_TEST(sched_priority_quantum_sleep)
{
	struct process *a, *b, *c;

	setup(3);
	a = procs[0];
	b = procs[1];
	c = procs[2];
	ck_assert_ptr_eq(sched_pick(), a);
	/* the running process keeps its level for SCHED_QUANTUM ticks */
	ustub_advance(SCHED_QUANTUM - 1);
	ck_assert_ptr_eq(sched_pick(), a);
	ustub_advance(1);
	ck_assert_ptr_eq(sched_pick(), b);
	/* a higher priority wins at once */
	c->prio = 20;
	sched_ready(c);
	ck_assert_ptr_eq(sched_pick(), c);
	cap_mint_service(&c->cregs[2], CT_SLEEP, CR_ALL);
	ck_assert_int_eq(ustub_invoke(c, 2, SLEEP_OP_TICKS, CAP_NONE, CAP_NONE, 5, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_SLEEP);
	ck_assert_ptr_eq(sched_pick(), b);
	ustub_advance(4);
	ck_assert_uint_eq(c->state, PS_SLEEP);
	ustub_advance(1);
	ck_assert_ptr_eq(sched_pick(), c);
	ck_assert_uint_eq(ustub_result(c, 0), INV_OK);
}
END_TEST

/* A process that has been ready never has quantum 0 (sched_hand_over
 * relies on it): after ticks of every length, each has 1..SCHED_QUANTUM,
 * blocked ones included. */
START_TEST(sched_quantum_never_zero)
{
	static const unsigned steps[] = { 1, 1, 2, 3, 1, 5, 2, 1, 1, 4, 1, 2 };

	setup(3);
	for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct process *cur = sched_pick();

		/* every third step the running one blocks in a receive */
		if (i % 3 == 2)
			ck_assert_int_eq(recv(cur, CAP_NONE, 0), INV_NO_RESULT);
		ustub_advance(steps[i]);
		for (unsigned j = 0; j < 3; j++) {
			ck_assert_uint_ge(procs[j]->quantum, 1);
			ck_assert_uint_le(procs[j]->quantum, SCHED_QUANTUM);
		}
		/* ... and another wakes it with a message */
		if (i % 3 == 2) {
			struct process *s = procs[cur == procs[0] ? 1 : 0];

			ck_assert_int_eq(ustub_invoke(s, EP, EP_OP_SEND, CAP_NONE, CAP_NONE, i, 0,
						      0, 0, INV_F_NONBLOCK),
					 INV_OK);
			ck_assert_uint_eq(cur->state, PS_RUNNABLE);
		}
	}
}
END_TEST

/* The fastpath's direct switch at one priority (sched_can_take between
 * equals, sched_hand_over) on
 * every mix of priorities: whenever it may hand over, the general path
 * (take the caller off, make the partner ready, pick) would run the partner
 * too and leave the same queues; and it does hand over whenever the caller
 * runs alone, the partner has its priority and nothing else is ready at or
 * above it. */
static void hand_over_state(struct process *a, struct process *b, struct process *c, unsigned pa,
			    unsigned pb, int pc)
{
	for (struct process *p = proc_first(); p; p = p->all_next) {
		sched_remove(p);
		p->state = PS_RECV;
	}
	a->prio = (uint8_t)pa;
	b->prio = (uint8_t)pb;
	sched_ready(a);
	if (pc >= 0) {
		c->prio = (uint8_t)pc;
		sched_ready(c);
	}
	sched_pick();
}

START_TEST(sched_hand_over_matches_the_pick)
{
	static const unsigned prios[] = { 5, 10, 15, 20, 25 };
	struct process *a, *b, *c;
	unsigned taken = 0, expected = 0;

	setup(3);
	a = procs[0];
	b = procs[1];
	c = procs[2];
	for (unsigned i = 0; i < 5; i++)
		for (unsigned j = 0; j < 5; j++)
			for (int k = -1; k < 5; k++) {
				int pc = k < 0 ? -1 : (int)prios[k];
				bool can, general, alone;
				uint32_t ready;
				struct process *head_a, *head_b;

				hand_over_state(a, b, c, prios[i], prios[j], pc);
				/* main's switch is taken between equal priorities only */
				alone = sched_current() == a && prios[i] == prios[j] &&
					(pc < 0 ||
					 ((unsigned)pc != prios[i] && (unsigned)pc < prios[j]));
				/* asked only of the running process, as the fastpath asks */
				can = sched_current() == a && sched_can_take(a, b) &&
				      a->prio == b->prio;
				/* the general path on the same state */
				sched_remove(a);
				a->state = PS_REPLY;
				sched_ready(b);
				general = sched_pick() == b;
				ready = sched_state.ready;
				head_a = sched_state.run[a->prio].head;
				head_b = sched_state.run[b->prio].head;
				ck_assert_msg(!can || general, "a=%u b=%u c=%d", prios[i], prios[j],
					      pc);
				ck_assert_msg(!alone || can, "a=%u b=%u c=%d not taken", prios[i],
					      prios[j], pc);
				expected += alone;
				if (!can)
					continue;
				taken++;
				hand_over_state(a, b, c, prios[i], prios[j], pc);
				b->state = PS_RECV;
				sched_hand_over(a, b);
				a->state = PS_REPLY;
				ck_assert_ptr_eq(sched_state.current, b);
				ck_assert_uint_eq(sched_state.ready, ready);
				ck_assert_ptr_eq(sched_state.run[a->prio].head, head_a);
				ck_assert_ptr_eq(sched_state.run[b->prio].head, head_b);
				ck_assert_ptr_eq(sched_pick(), b);
			}
	ck_assert_uint_gt(expected, 0);
	ck_assert_uint_eq(taken, expected);
}
END_TEST

Suite *ipc_suite(void)
{
	Suite *s = suite_create("ipc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ipc_send_blocks_until_received);
	tcase_add_test(tc, ipc_recv_blocks_then_badged_send);
	tcase_add_test(tc, ipc_call_reply_with_caps);
	tcase_add_test(tc, ipc_reply_recv_combined);
	tcase_add_test(tc, ipc_weak_receive_and_reply_grant);
	tcase_add_test(tc, ipc_reply_moves_a_capability);
	tcase_add_test(tc, ipc_queue_three_senders_fifo);
	tcase_add_test(tc, ipc_destroy_wakes_waiters);
	tcase_add_test(tc, ipc_destroy_wakes_senders);
	tcase_add_test(tc, ipc_fault_to_handler_and_retry);
	tcase_add_test(tc, ipc_fault_handler_rights);
	tcase_add_test(tc, ipc_fault_badge_and_restart_bounds);
	tcase_add_test(tc, ipc_fault_reply_retries);
	tcase_add_test(tc, ipc_reply_of_earlier_call_is_stale);
	tcase_add_test(tc, ipc_fault_without_handler_stops);
	tcase_add_test(tc, ipc_fault_handler_gone_stops);
	tcase_add_test(tc, ipc_init_exit_and_kill);
	tcase_add_test(tc, sched_priority_quantum_sleep);
	tcase_add_test(tc, sched_quantum_never_zero);
	tcase_add_test(tc, sched_hand_over_matches_the_pick);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ipc)
