/* Regression tests for invocations the user-level fuzzer
 * (tests/user/fuzz/) or its review showed wrong: each was a panic or a
 * silent loss of a capability on user input. */
#include <check.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* RANGE_OP_DESTROY_AT on a page a process owns (its program or stack) freed
 * the frame twice (once as the owner's mapping, once as the object) and the
 * kernel panicked in obj_free. Owned pages die with their process. */
START_TEST(regress_destroy_at_owned_page)
{
	struct page_common *h;
	struct process *p;
	uint64_t banked;
	pa_t pa;

	ustub_machine(64);
	p = ustub_process();
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(obj_alloc(PT_OBJ_PAGE, OBJ_FRAME_ANY, &h), INV_OK);
	pa = pagehdr_pa(h);
	ck_assert_int_eq(proc_map(p, 0x400000, pa, true, true, true), INV_OK);
	ck_assert(proc_owns_frame(pa));
	host_halt_armed = true;
	if (setjmp(host_halt_jmp))
		ck_abort_msg("panic: %s", kstub_panic_message());
	for (uint32_t keep = 0; keep <= RANGE_KEEP_HELD; keep++)
		ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
					      (uint32_t)pa, (uint32_t)(pa >> 32), keep, 0, 0),
				 INV_ERR_ARG);
	host_halt_armed = false;
	ck_assert_uint_eq(p->mapped, 1);
	ck_assert_uint_eq(pagehdr_type(h), PT_OBJ_PAGE);
	ledger_check();
	/* the owner's end frees it, once */
	proc_destroy(p);
	ck_assert(!proc_owns_frame(pa));
	/* the process's pot frame; the page and the table came and went */
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked + 1);
	ledger_check();
}
END_TEST

/* A call's receive register must be empty when the call is made, as a
 * receive's must; a register filled while the caller waits keeps what it
 * holds and the capability that comes is dropped (it used to overwrite). */
START_TEST(regress_call_recv_slot_kept)
{
	struct process *c, *s;
	struct cap range;

	ustub_machine(64);
	c = ustub_process();
	s = ustub_process();
	ck_assert_int_eq(ustub_invoke(c, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	s->cregs[1] = c->cregs[1];
	ck_assert_int_eq(ustub_invoke(s, 1, EP_OP_RECV, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_NO_RESULT);
	ck_assert_int_eq(ustub_invoke(c, 1, EP_OP_CALL, CAP_NONE, 0, 0, 0, 0, 0, 0), INV_ERR_SLOT);
	ck_assert_uint_eq(s->state, PS_RECV);
	ck_assert_int_eq(ustub_invoke(c, 1, EP_OP_CALL, CAP_NONE, 5, 0, 0, 0, 0, 0), INV_NO_RESULT);
	ck_assert_uint_eq(c->state, PS_REPLY);
	/* someone fills register 5 while c waits */
	cap_mint_service(&c->cregs[5], CT_SLEEP, CR_ALL);
	range = s->cregs[0];
	ck_assert_int_eq(ustub_invoke(s, CAP_REPLY, REPLY_OP_REPLY, 1, CAP_NONE, 9, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(c, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(c, 1), 9);
	ck_assert_uint_eq(c->cregs[5].type, CT_SLEEP);
	ck_assert_uint_eq(s->cregs[0].type, range.type);
}
END_TEST

Suite *inv_regress_suite(void)
{
	Suite *s = suite_create("inv_regress");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, regress_destroy_at_owned_page);
	tcase_add_test(tc, regress_call_recv_slot_kept);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(inv_regress)
