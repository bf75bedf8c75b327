/* Unit tests for the ledger and the budget (kernel/mem/ledger.c, kernel/mem/budget.c). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"
#include "unit.h"

START_TEST(ledger_line_and_sum)
{
	char line[200];

	kstub_machine(100, 10);
	ck_assert_uint_eq(ledger_total(), 100);
	ledger_format(line, sizeof(line));
	ck_assert_str_eq(line, "ledger: total=100 image=0 fixed_heap=0 header_region=0 reserve=10 "
			       "banked=90 device=0 boot=0 objects=0");
	struct ledger_mismatch m;
	ck_assert_int_eq(ledger_verify(&m), ERR_OK);
	ledger_check();
}
END_TEST

START_TEST(ledger_move_and_absent)
{
	kstub_machine(100, 10);
	ledger_move(LEDGER_ABSENT, LEDGER_DEVICE, 7);
	ck_assert_uint_eq(ledger_total(), 107);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 7);
	ledger_move(LEDGER_DEVICE, LEDGER_ABSENT, 7);
	ck_assert_uint_eq(ledger_total(), 100);
	ledger_move(LEDGER_BANKED, LEDGER_IMAGE, 3);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 87);
	ck_assert_uint_eq(ledger_count(LEDGER_IMAGE), 3);
}
END_TEST

START_TEST(ledger_verify_names_disagreement)
{
	struct ledger_mismatch m;

	kstub_machine(100, 10);
	/* a header changes state behind the ledger's back */
	pagehdr_set_type(pagehdr_at(kstub_ram_range(), 3), PT_HEAP);
	ck_assert_int_eq(ledger_verify(&m), ERR_INVAL);
	ck_assert_uint_eq(m.what, LEDGER_FIXED_HEAP);
	ck_assert_uint_eq(m.expected, 0);
	ck_assert_uint_eq(m.found, 1);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_check();
		ck_abort_msg("ledger_check did not panic");
	}
	ck_assert_str_eq(kstub_panic_message(),
			 "ledger: fixed_heap=0 but 1 headers are in that state");

	/* the ledger changes without the headers */
	kstub_machine(100, 10);
	ledger_move(LEDGER_BANKED, LEDGER_BOOT, 2);
	ck_assert_int_eq(ledger_verify(&m), ERR_INVAL);
	ck_assert_uint_eq(m.what, LEDGER_BANKED);
	ck_assert_uint_eq(m.expected, 88);
	ck_assert_uint_eq(m.found, 90);

	/* an unknown page type */
	kstub_machine(100, 10);
	pagehdr_set_type(pagehdr_at(kstub_ram_range(), 0), 200);
	ck_assert_int_eq(ledger_verify(&m), ERR_INVAL);
	ck_assert_uint_eq(m.what, LEDGER_ABSENT);
}
END_TEST

START_TEST(ledger_overdraw_panics)
{
	kstub_machine(100, 10);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_RESERVE, LEDGER_HEADER_REGION, 11);
		ck_abort_msg("no panic");
	}
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(), "reserve holds 10"));
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 10);
}
END_TEST

/* Counts are 32-bit (a frame counted has a header in kernel memory): a
 * move that would take a count or the total past 2^32 - 1 panics and
 * changes nothing; up to it, the counts are exact. */
START_TEST(ledger_count_past_32_bits_panics)
{
	kstub_machine(100, 10);
	ledger_move(LEDGER_ABSENT, LEDGER_DEVICE, UINT32_MAX - 100);
	ck_assert_uint_eq(ledger_total(), UINT32_MAX);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), UINT32_MAX - 100);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_ABSENT, LEDGER_BOOT, 1);
		ck_abort_msg("no panic");
	}
	ck_assert_str_eq(kstub_panic_message(),
			 "ledger: move of 1 frames absent -> boot would pass 2^32 frames");
	kstub_reset();
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_ABSENT, LEDGER_DEVICE, 0x100000000ull);
		ck_abort_msg("no panic");
	}
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(), "would pass 2^32 frames"));
	host_halt_armed = false;
	ck_assert_uint_eq(ledger_total(), UINT32_MAX);
	ck_assert_uint_eq(ledger_count(LEDGER_BOOT), 0);
	ledger_move(LEDGER_DEVICE, LEDGER_ABSENT, UINT32_MAX - 100);
	ck_assert_uint_eq(ledger_total(), 100);
}
END_TEST

START_TEST(budget_conservative_then_relaxed_never_lower)
{
	kstub_machine(100, 10);
	ck_assert_uint_eq(budget_phase(), BUDGET_CONSERVATIVE);
	ck_assert_uint_eq(budget_frames(), 90);
	kstub_reset();
	budget_print();
	ck_assert_str_eq(host_console, "budget: conservative=90\n");
	ck_assert_uint_eq(budget_relax(4), 6);
	ck_assert_uint_eq(budget_frames(), 96);
	ck_assert_uint_eq(reserve_free(), 4);
	ck_assert_uint_eq(reserve_released(), 6);
	ledger_check(); /* released frames' headers say banked */
	kstub_reset();
	budget_print();
	ck_assert_str_eq(host_console, "budget: relaxed=96\n");
	/* sealed: nothing may take from banked now */
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_BANKED, LEDGER_RESERVE, 1);
		ck_abort_msg("no panic");
	}
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(), "after the budget was relaxed"));
	ck_assert_uint_eq(budget_frames(), 96);
}
END_TEST

START_TEST(budget_relax_keeps_what_is_needed)
{
	kstub_machine(100, 10);
	ck_assert_uint_eq(budget_relax(50), 0); /* keep more than there is */
	ck_assert_uint_eq(budget_frames(), 90);
	ck_assert_uint_eq(budget_phase(), BUDGET_RELAXED);
}
END_TEST

/* Moves naming no state panic; a sealed banked count refuses all but the
 * bank's objects, and a move of nothing. */
START_TEST(ledger_bad_moves_panic_and_sealed_banked)
{
	kstub_machine(100, 10);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_ABSENT + 1, LEDGER_BANKED, 1);
		ck_abort_msg("no panic");
	}
	ck_assert_str_eq(kstub_panic_message(),
			 "ledger: move of 1 frames between bad states 9 -> 4");
	kstub_reset();
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_move(LEDGER_BANKED, 99, 2);
		ck_abort_msg("no panic");
	}
	ck_assert_ptr_nonnull(strstr(kstub_panic_message(),
				     "ledger: move of 2 frames between bad states 4 -> 99"));
	host_halt_armed = false;
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 90);
	ck_assert_uint_eq(ledger_count(LEDGER_STATE_COUNT), 0);
	ck_assert_uint_eq(ledger_count(1000), 0);

	ledger_seal_banked();
	ck_assert(ledger_banked_sealed());
	ledger_move(LEDGER_BANKED, LEDGER_RESERVE, 0); /* nothing moves: allowed */
	ledger_move(LEDGER_BANKED, LEDGER_OBJECTS, 3);
	ledger_move(LEDGER_OBJECTS, LEDGER_BANKED, 3);
	ledger_reclaim_to_reserve(2);
	ck_assert(ledger_banked_sealed());
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 88);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 12);
	ck_assert_uint_eq(ledger_total(), 100);
}
END_TEST

/* A header that names another range than the one holding it. */
START_TEST(ledger_check_names_a_stray_header)
{
	struct ledger_mismatch m;
	struct range *r;
	char want[80];

	kstub_machine(100, 10);
	r = kstub_ram_range();
	pagehdr_at(r, 7)->range_id = (uint16_t)(r->id + 1);
	ck_assert_int_eq(ledger_verify(&m), ERR_INVAL);
	ck_assert_uint_eq(m.what, LEDGER_ABSENT);
	ck_assert_uint_eq(m.expected, r->id);
	ck_assert_uint_eq(m.found, r->id + 1);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_check();
		ck_abort_msg("ledger_check did not panic");
	}
	snprintf(want, sizeof(want), "ledger: a header of range %u names range %u", (unsigned)r->id,
		 (unsigned)r->id + 1);
	ck_assert_str_eq(kstub_panic_message(), want);

	/* an unknown type: named by its count */
	kstub_machine(100, 10);
	pagehdr_set_type(pagehdr_at(kstub_ram_range(), 0), 200);
	pagehdr_set_type(pagehdr_at(kstub_ram_range(), 1), 201);
	host_halt_armed = true;
	if (setjmp(host_halt_jmp) == 0) {
		ledger_check();
		ck_abort_msg("ledger_check did not panic");
	}
	ck_assert_str_eq(kstub_panic_message(),
			 "ledger: 2 headers carry an unknown page type (expected 0)");
}
END_TEST

/* The line is cut where the buffer ends and says how long it would be. */
START_TEST(ledger_format_in_a_short_buffer)
{
	char full[200], small[24];
	int n, m;

	kstub_machine(100, 10);
	n = ledger_format(full, sizeof(full));
	ck_assert_int_eq(n, (int)strlen(full));
	m = ledger_format(small, sizeof(small));
	ck_assert_int_ge(m, (int)sizeof(small));
	ck_assert_int_lt(m, n); /* stopped after the first state that did not fit */
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert_int_eq(strncmp(small, full, sizeof(small) - 1), 0);
}
END_TEST

Suite *ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("ledger");

	tcase_add_test(tc, ledger_line_and_sum);
	tcase_add_test(tc, ledger_move_and_absent);
	tcase_add_test(tc, ledger_verify_names_disagreement);
	tcase_add_test(tc, ledger_overdraw_panics);
	tcase_add_test(tc, ledger_count_past_32_bits_panics);
	tcase_add_test(tc, budget_conservative_then_relaxed_never_lower);
	tcase_add_test(tc, budget_relax_keeps_what_is_needed);
	tcase_add_test(tc, ledger_bad_moves_panic_and_sealed_banked);
	tcase_add_test(tc, ledger_check_names_a_stray_header);
	tcase_add_test(tc, ledger_format_in_a_short_buffer);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(ledger)
