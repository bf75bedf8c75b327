/* Unit tests for the fastpath's answers that make or destroy a Page
 * (kernel/ipc/fastpath.c, ipc_fastpath_reply_page; doc/abi.md "Answers
 * that make or destroy a Page"): taken, at the caller's priority and
 * across, with the same outcome as the general path on a twin machine (the
 * caller's registers, the Page's frame, the ledger); declined untouched
 * for everything the Range call or the answer refuses, with the general
 * path's error and nothing made, destroyed or used up. */
#include <check.h>

#include <arch/host.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/sched.h>

#include "fastpath_fixture.h"
#include "kstub.h"
#include "unit.h"

#define RANGE 0 /* every process holds a Range in register 0 */
#define TAKEN 2 /* the client's receive register */
#define OLD 5 /* the server's own capability to a Page it made */

/* The frame of the answers: held by the server's Range. */
static uint32_t frame;

/* The client (receiving a capability in `slot`) has called the server
 * (at the client's priority, or two above with `across`) through the
 * general path; the frame is held, with a Page in it (the server's
 * capability in OLD) with `made`; the server's registers answer with
 * `flags` through register `send` at frame + off. */
static void called(bool across, bool made, unsigned slot, unsigned send, uint32_t flags,
		   uint32_t off)
{
	fp_pair();
	ck_assert_int_eq(
		ustub_invoke(server, RANGE, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
		INV_OK);
	frame = ustub_result(server, 1);
	if (made)
		ck_assert_int_eq(ustub_invoke(server, RANGE, RANGE_OP_CREATE, CAP_NONE, CAP_NONE,
					      CT_PAGE, OLD, frame, 0, 0),
				 INV_OK);
	ck_assert_int_eq(ustub_invoke(server, EP, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	if (across)
		server->prio += 2; /* it waits: off every queue */
	ck_assert_ptr_eq(sched_pick(), client);
	fp_regs(client, EP, EP_OP_CALL, CAP_NONE, slot, 1, 0);
	ck_assert_ptr_eq(fp_general(client), server);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	fp_regs(server, EP, EP_OP_REPLY_RECV, send, CAP_NONE, 50, flags);
	server->regs.arg[2] = frame + off;
	server->regs.arg[3] = 0;
}

/* What either path leaves: fp_outcome, the capability the client took and
 * the server's old one, the frame's header, the ledger's objects. */
struct page_outcome {
	struct fp_outcome fp;
	struct cap taken, old;
	unsigned type;
	uint32_t alloc_count;
	uint64_t objects;
};

static void observe(struct page_outcome *o, struct process *resumed)
{
	struct page_common *h = pagehdr_of_pfn(0, frame >> PAGE_SHIFT);

	fp_observe(&o->fp, resumed, CAP_NONE);
	o->taken = client->cregs[TAKEN];
	o->old = server->cregs[OLD];
	o->type = pagehdr_type(h);
	o->alloc_count = pagehdr_alloc_count(h);
	o->objects = ledger_count(LEDGER_OBJECTS);
}

/* Taken, and the same as the general path. */
static void twins(bool across, bool made, unsigned slot, uint32_t flags, struct page_outcome *f)
{
	struct page_outcome g;

	called(across, made, slot, RANGE, flags, 0);
	ck_assert_ptr_eq(fp_fast(server), client);
	observe(f, client);
	called(across, made, slot, RANGE, flags, 0);
	observe(&g, fp_general(server));
	fp_assert_same(&f->fp, &g.fp);
	ck_assert_mem_eq(&f->taken, &g.taken, sizeof f->taken);
	ck_assert_mem_eq(&f->old, &g.old, sizeof f->old);
	ck_assert_uint_eq(f->type, g.type);
	ck_assert_uint_eq(f->alloc_count, g.alloc_count);
	ck_assert_uint_eq(f->objects, g.objects);
	/* the answer went: the caller runs with its words, the server waits */
	ck_assert_uint_eq(f->fp.client_regs[0], INV_OK);
	ck_assert_uint_eq(f->fp.client_regs[1], 50);
	ck_assert_uint_eq(f->fp.client_regs[2], frame);
	ck_assert_uint_eq(f->fp.client_state, PS_RUNNABLE);
	ck_assert_uint_eq(f->fp.server_state, PS_RECV);
}

START_TEST(page_make_taken)
{
	/* _i: across, then zeroed or not, then a capability taken or not */
	bool across = _i & 1, kept = _i & 2, none = _i & 4;
	struct page_outcome f;
	struct obj_ref o;

	twins(across, false, none ? CAP_NONE : TAKEN,
	      INV_F_PAGE_MAKE | (kept ? INV_F_PAGE_UNZEROED : 0), &f);
	ck_assert_uint_eq(f.type, PT_OBJ_PAGE);
	if (none) {
		ck_assert_uint_eq(f.taken.type, CT_NULL);
		return;
	}
	ck_assert_uint_eq(f.taken.type, CT_PAGE);
	ck_assert_uint_eq(f.taken.rights, CR_ALL);
	ck_assert_int_eq(cap_resolve(&client->cregs[TAKEN], &o), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(o.h), frame);
}
END_TEST

START_TEST(page_destroy_taken)
{
	struct page_outcome f;
	struct obj_ref o;

	twins(_i, true, TAKEN, INV_F_PAGE_DESTROY, &f);
	ck_assert_uint_eq(f.type, PT_HELD);
	ck_assert_uint_eq(f.taken.type, CT_NULL);
	ck_assert_int_eq(cap_resolve(&server->cregs[OLD], &o), INV_ERR_CAP_STALE);
}
END_TEST

/* Declined untouched; the general path's error, the answer not used up. */
static void refused(bool made, unsigned send, uint32_t flags, uint32_t off, int err)
{
	uint64_t objects;

	called(false, made, TAKEN, send, flags, off);
	objects = ledger_count(LEDGER_OBJECTS);
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), err);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(server->reply.type, CT_REPLY);
	ck_assert_uint_eq(client->cregs[TAKEN].type, CT_NULL);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pfn(0, frame >> PAGE_SHIFT)),
			  made ? PT_OBJ_PAGE : PT_HELD);
}

START_TEST(page_declines_what_range_refuses)
{
	/* a Page there already; none to destroy; not a frame; not aligned */
	refused(true, RANGE, INV_F_PAGE_MAKE, 0, INV_ERR_ARG);
	refused(false, RANGE, INV_F_PAGE_DESTROY, 0, INV_ERR_ARG);
	refused(false, RANGE, INV_F_PAGE_MAKE, 0x40000000u, INV_ERR_ARG);
	refused(false, RANGE, INV_F_PAGE_MAKE, 8, INV_ERR_ARG);
	refused(true, RANGE, INV_F_PAGE_DESTROY, 8, INV_ERR_ARG);
}
END_TEST

START_TEST(page_declines_no_range)
{
	/* the Endpoint, an empty register, a Range without write, a weak one */
	refused(false, EP, INV_F_PAGE_MAKE, 0, INV_ERR_CAP_TYPE);
	refused(false, 7, INV_F_PAGE_MAKE, 0, INV_ERR_CAP_EMPTY);
	called(false, true, TAKEN, RANGE, INV_F_PAGE_DESTROY, 0);
	server->cregs[RANGE].rights &= (uint8_t)~CR_WRITE;
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_ERR_RIGHTS);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pfn(0, frame >> PAGE_SHIFT)), PT_OBJ_PAGE);
	called(false, false, TAKEN, RANGE, INV_F_PAGE_MAKE, 0);
	server->cregs[RANGE].rights |= CR_WEAK;
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_ERR_RIGHTS);
	ck_assert_uint_eq(client->state, PS_REPLY);
}
END_TEST

START_TEST(page_declines_bad_flags)
{
	static const uint32_t bad[] = {
		INV_F_PAGE_MAKE | INV_F_PAGE_DESTROY,
		INV_F_PAGE_UNZEROED,
		INV_F_PAGE_DESTROY | INV_F_PAGE_UNZEROED,
		INV_F_PAGE_MAKE | INV_F_MOVE,
		INV_F_PAGE_MAKE | INV_F_LONG | INV_F_PAGE_DESTROY,
	};

	refused(false, RANGE, bad[_i], 0, INV_ERR_ARG);
	/* and a held frame not held: a free one keeps its contents */
	if (_i == 0) {
		ck_assert_int_eq(ustub_invoke(server, RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE,
					      frame, 0, 1, 0, 0),
				 INV_OK);
		fp_regs(server, EP, EP_OP_REPLY_RECV, RANGE, CAP_NONE, 50,
			INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED);
		server->regs.arg[2] = frame;
		server->regs.arg[3] = 0;
		fp_assert_declines(server);
		ck_assert_int_eq(fp_general_err(server), INV_ERR_ARG);
	}
}
END_TEST

START_TEST(page_declines_caller)
{
	/* the caller stopped waiting (the Reply stale), or it waits on a
	 * fault, whose answer makes no Page: nothing is made */
	called(false, false, TAKEN, RANGE, INV_F_PAGE_MAKE, 0);
	if (_i)
		client->is_fault = 1;
	else
		server->reply.badge++;
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), _i ? INV_ERR_ARG : INV_ERR_CAP_STALE);
	ck_assert_uint_eq(client->state, PS_REPLY);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pfn(0, frame >> PAGE_SHIFT)), PT_HELD);
}
END_TEST

START_TEST(page_long_answer_general_only)
{
	/* a long answer making a Page is the general path's, which makes it */
	struct obj_ref o;

	called(false, false, TAKEN, RANGE, INV_F_PAGE_MAKE | INV_F_LONG, 0);
	fp_assert_declines(server);
	ck_assert_int_eq(fp_general_err(server), INV_NO_RESULT);
	ck_assert_uint_eq(client->state, PS_RUNNABLE);
	ck_assert_int_eq(cap_resolve(&client->cregs[TAKEN], &o), INV_OK);
	ck_assert_uint_eq(pagehdr_pa(o.h), frame);
}
END_TEST

Suite *fastpath_reply_page_suite(void)
{
	Suite *s = suite_create("fastpath_reply_page");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, page_make_taken, 0, 8);
	tcase_add_loop_test(tc, page_destroy_taken, 0, 2);
	tcase_add_test(tc, page_declines_what_range_refuses);
	tcase_add_test(tc, page_declines_no_range);
	tcase_add_loop_test(tc, page_declines_bad_flags, 0, 5);
	tcase_add_loop_test(tc, page_declines_caller, 0, 2);
	tcase_add_test(tc, page_long_answer_general_only);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(fastpath_reply_page)
