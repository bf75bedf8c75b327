/* Unit tests for long messages (doc/abi.md, "Long messages") on the general
 * path (kernel/ipc/ipc.c, kernel/obj/endpoint.c): words 4.. from sender to
 * receiver, short sides leaving them alone, and a place that is bad at the
 * invocation or goes bad while its process waits (the host port's stand-in
 * for an unmapped i386 buffer: HOST_MSG_BAD in extra[0]). */
#include <check.h>

#include <kernel/ipc.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define EP 1

static struct process *procs[4];

static void setup(unsigned n)
{
	ustub_shared_endpoint(procs, n, EP);
}

/* Words 4.. of p: base, base + 1, ... */
static void words(struct process *p, uint32_t base)
{
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		p->regs.extra[i] = base + i;
}

static void assert_words(const struct process *p, uint32_t base)
{
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		ck_assert_uint_eq(p->regs.extra[i], base + i);
}

static int op(struct process *p, unsigned o, uint32_t w0, uint32_t flags)
{
	return ustub_invoke(p, EP, o, CAP_NONE, CAP_NONE, w0, 0, 0, 0, flags);
}

START_TEST(ipc_long_call_reply_both_ways)
{
	struct process *c, *s;

	setup(2);
	c = procs[0];
	s = procs[1];
	words(s, 0);
	ck_assert_int_eq(op(s, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	words(c, 100);
	ck_assert_int_eq(op(c, EP_OP_CALL, 7, INV_F_LONG), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(s, 1), 7);
	assert_words(s, 100);
	words(s, 200);
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 8, 0, 0, 0,
				      INV_F_LONG),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(c, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(c, 1), 8);
	assert_words(c, 200);
}
END_TEST

/* A short side leaves the receiver's words 4.. alone. */
START_TEST(ipc_long_short_sides)
{
	struct process *a, *b;

	setup(2);
	a = procs[0];
	b = procs[1];
	/* short send, long receive */
	words(b, 50);
	ck_assert_int_eq(op(b, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	words(a, 60);
	ck_assert_int_eq(op(a, EP_OP_SEND, 1, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(b, 1), 1);
	assert_words(b, 50);
	/* long send, short receive */
	ck_assert_int_eq(op(b, EP_OP_RECV, 0, 0), INV_NO_RESULT);
	ck_assert_int_eq(op(a, EP_OP_SEND, 2, INV_F_LONG), INV_OK);
	ck_assert_uint_eq(ustub_result(b, 1), 2);
	assert_words(b, 50);
}
END_TEST

/* The invoker's own bad place: INV_ERR_ADDR at once, nothing changes. */
START_TEST(ipc_long_own_place_bad)
{
	struct process *a, *b;

	setup(2);
	a = procs[0];
	b = procs[1];
	a->regs.extra[0] = HOST_MSG_BAD;
	ck_assert_int_eq(op(a, EP_OP_RECV, 0, INV_F_LONG), INV_ERR_ADDR);
	ck_assert_int_eq(op(a, EP_OP_SEND, 0, INV_F_LONG), INV_ERR_ADDR);
	ck_assert_int_eq(op(a, EP_OP_CALL, 0, INV_F_LONG), INV_ERR_ADDR);
	ck_assert_int_eq(op(a, EP_OP_REPLY_RECV, 0, INV_F_LONG), INV_ERR_ADDR);
	ck_assert_uint_eq(a->state, PS_RUNNABLE);
	/* the same invocations short are fine: b receives a's send */
	ck_assert_int_eq(op(b, EP_OP_RECV, 0, 0), INV_NO_RESULT);
	ck_assert_int_eq(op(a, EP_OP_SEND, 3, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(b, 1), 3);
	/* a ReplyRecv with a Reply to use: refused before the reply goes */
	words(b, 0);
	ck_assert_int_eq(op(b, EP_OP_RECV, 0, 0), INV_NO_RESULT);
	ck_assert_int_eq(op(procs[0], EP_OP_CALL, 4, 0), INV_NO_RESULT);
	b->regs.extra[0] = HOST_MSG_BAD;
	ck_assert_int_eq(op(b, EP_OP_REPLY_RECV, 5, INV_F_LONG), INV_ERR_ADDR);
	ck_assert_uint_eq(procs[0]->state, PS_REPLY);
	ck_assert_int_eq(ustub_invoke(b, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 6, 0, 0, 0,
				      INV_F_LONG),
			 INV_ERR_ADDR);
	ck_assert_uint_eq(procs[0]->state, PS_REPLY);
}
END_TEST

/* A queued sender whose place went bad: it gets INV_ERR_ADDR, its message
 * is dropped, and the receiver takes the next sender. */
START_TEST(ipc_long_queued_sender_goes_bad)
{
	struct process *r, *s1, *s2;

	setup(3);
	r = procs[0];
	s1 = procs[1];
	s2 = procs[2];
	words(s1, 10);
	ck_assert_int_eq(op(s1, EP_OP_SEND, 1, INV_F_LONG), INV_NO_RESULT);
	words(s2, 20);
	ck_assert_int_eq(op(s2, EP_OP_SEND, 2, INV_F_LONG), INV_NO_RESULT);
	s1->regs.extra[0] = HOST_MSG_BAD;
	words(r, 0);
	ck_assert_int_eq(op(r, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(s1, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(s1->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(r, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(r, 1), 2);
	assert_words(r, 20);
	ck_assert_uint_eq(ustub_result(s2, 0), INV_OK);
}
END_TEST

/* A waiting receiver whose place went bad: it gets INV_ERR_ADDR, and the
 * message goes to the next receiver (or queues when none is left). */
START_TEST(ipc_long_waiting_receiver_goes_bad)
{
	struct process *s, *r1, *r2;

	setup(3);
	s = procs[0];
	r1 = procs[1];
	r2 = procs[2];
	words(r1, 0);
	words(r2, 0);
	ck_assert_int_eq(op(r1, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	ck_assert_int_eq(op(r2, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	r1->regs.extra[0] = HOST_MSG_BAD;
	words(s, 30);
	ck_assert_int_eq(op(s, EP_OP_SEND, 9, INV_F_LONG), INV_OK);
	ck_assert_uint_eq(ustub_result(r1, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(r1->state, PS_RUNNABLE);
	ck_assert_uint_eq(ustub_result(r2, 1), 9);
	assert_words(r2, 30);
	/* the last receiver bad too: the message queues */
	ck_assert_int_eq(op(r2, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	r2->regs.extra[0] = HOST_MSG_BAD;
	ck_assert_int_eq(op(s, EP_OP_SEND, 10, INV_F_LONG), INV_NO_RESULT);
	ck_assert_uint_eq(ustub_result(r2, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(s->state, PS_SEND);
}
END_TEST

/* A caller whose place went bad before the reply: INV_ERR_ADDR for its call,
 * the Reply is used up, the replier gets INV_OK. */
START_TEST(ipc_long_caller_goes_bad)
{
	struct process *c, *s;

	setup(2);
	c = procs[0];
	s = procs[1];
	words(s, 0);
	ck_assert_int_eq(op(s, EP_OP_RECV, 0, INV_F_LONG), INV_NO_RESULT);
	words(c, 40);
	ck_assert_int_eq(op(c, EP_OP_CALL, 1, INV_F_LONG), INV_NO_RESULT);
	c->regs.extra[0] = HOST_MSG_BAD;
	words(s, 50);
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE, 2, 0, 0, 0,
				      INV_F_LONG),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(c, 0), INV_ERR_ADDR);
	ck_assert_uint_eq(c->state, PS_RUNNABLE);
	ck_assert(cap_is_empty(&s->reply));
}
END_TEST

Suite *ipc_long_suite(void)
{
	Suite *s = suite_create("ipc_long");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ipc_long_call_reply_both_ways);
	tcase_add_test(tc, ipc_long_short_sides);
	tcase_add_test(tc, ipc_long_own_place_bad);
	tcase_add_test(tc, ipc_long_queued_sender_goes_bad);
	tcase_add_test(tc, ipc_long_waiting_receiver_goes_bad);
	tcase_add_test(tc, ipc_long_caller_goes_bad);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ipc_long)
