/* Unit tests for device events on the budget channel
 * (kernel/mem/budget_chan.c, kernel/obj/budget.c): a BEV_DEVICE_ADD comes
 * with a DeviceRange for the new range in the receive register, through
 * BUDGET_OP_WAIT or a bound endpoint, only while the range is still there. */
#include <check.h>
#include <string.h>

#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/sched.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define BUDGET_REG 2
#define SLOT 5

/* 1 MiB of device memory. */
static const struct hotplug_window win = { 0xe0000000, 0x100000 };

static struct process *bank;

static void setup(void)
{
	ustub_machine(64);
	bank = ustub_process();
	cap_mint_service(&bank->cregs[BUDGET_REG], CT_BUDGET, CR_ALL);
}

static int wait_ev(unsigned reg, unsigned slot, uint32_t flags)
{
	return ustub_invoke(bank, reg, BUDGET_OP_WAIT, CAP_NONE, slot, 0, 0, 0, 0, flags);
}

/* Waits (without blocking) until a BEV_DEVICE_ADD arrives, the events
 * before it leaving the receive register empty. */
static void wait_device_add(unsigned reg)
{
	for (;;) {
		ck_assert_int_eq(wait_ev(reg, SLOT, INV_F_NONBLOCK), INV_NO_RESULT);
		ck_assert_uint_eq(ustub_result(bank, 0), INV_OK);
		ck_assert_uint_eq(ustub_result(bank, 5), BUDGET_BADGE);
		if (BEV_KIND(ustub_result(bank, 1)) == BEV_DEVICE_ADD)
			return;
		ck_assert(cap_is_empty(&bank->cregs[SLOT]));
	}
}

START_TEST(device_add_brings_range)
{
	/* the bank waits, blocked; the device arrives */
	ck_assert_int_eq(wait_ev(BUDGET_REG, SLOT, INV_F_NONBLOCK), INV_ERR_WOULD_BLOCK);
	ck_assert_int_eq(wait_ev(BUDGET_REG, SLOT, 0), INV_NO_RESULT);
	ck_assert_uint_eq(bank->state, PS_RECV);
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	ck_assert_uint_eq(bank->state, PS_RUNNABLE);
	while (BEV_KIND(ustub_result(bank, 1)) != BEV_DEVICE_ADD)
		wait_device_add(BUDGET_REG);
	ck_assert_uint_eq(ustub_result(bank, 3), win.base >> PAGE_SHIFT);
	ck_assert_uint_eq(bank->cregs[SLOT].type, CT_DEVICE_RANGE);
	ck_assert_uint_eq(bank->cregs[SLOT].rights, CR_READ | CR_WRITE | CR_GRANT);
	ck_assert_uint_eq(cap_pa(&bank->cregs[SLOT]), win.base);
}
END_TEST

START_TEST(device_add_weak_wait_weakens)
{
	ck_assert_int_eq(ustub_invoke(bank, BUDGET_REG, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3,
				      CR_WEAK, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	wait_device_add(3);
	ck_assert_uint_eq(bank->cregs[SLOT].type, CT_DEVICE_RANGE);
	ck_assert(bank->cregs[SLOT].rights & CR_WEAK);
}
END_TEST

START_TEST(device_gone_before_read)
{
	/* the event stays, the range does not: no capability to a stale range */
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	ck_assert_uint_eq(hotplug_remove_slot(3), win.len >> PAGE_SHIFT);
	wait_device_add(BUDGET_REG);
	ck_assert(cap_is_empty(&bank->cregs[SLOT]));
	/* nor when the receive names no register */
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	for (;;) {
		ck_assert_int_eq(wait_ev(BUDGET_REG, CAP_NONE, INV_F_NONBLOCK), INV_NO_RESULT);
		if (BEV_KIND(ustub_result(bank, 1)) == BEV_DEVICE_ADD)
			break;
	}
	for (unsigned i = 0; i < CAP_REGS; i++)
		ck_assert_uint_ne(bank->cregs[i].type, CT_DEVICE_RANGE);
}
END_TEST

START_TEST(device_add_through_endpoint)
{
	ck_assert_int_eq(ustub_invoke(bank, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT, 1,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(bank, BUDGET_REG, BUDGET_OP_BIND, 1, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	for (;;) {
		ck_assert_int_eq(ustub_invoke(bank, 1, EP_OP_RECV, CAP_NONE, SLOT, 0, 0, 0, 0,
					      INV_F_NONBLOCK),
				 INV_NO_RESULT);
		ck_assert_uint_eq(ustub_result(bank, 5), BUDGET_BADGE);
		if (BEV_KIND(ustub_result(bank, 1)) == BEV_DEVICE_ADD)
			break;
	}
	ck_assert_uint_eq(bank->cregs[SLOT].type, CT_DEVICE_RANGE);
}
END_TEST

START_TEST(wait_refusals)
{
	/* a copy without CR_READ may not wait */
	ck_assert_int_eq(ustub_invoke(bank, BUDGET_REG, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 3,
				      CR_READ, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(wait_ev(3, SLOT, INV_F_NONBLOCK), INV_ERR_RIGHTS);
	ck_assert_int_eq(wait_ev(BUDGET_REG, CAP_REGS, INV_F_NONBLOCK), INV_ERR_SLOT);
	ck_assert_int_eq(wait_ev(BUDGET_REG, 0, INV_F_NONBLOCK), INV_ERR_SLOT); /* full */
}
END_TEST

/* The range an event names may be gone or changed by the time the bank
 * reads it: no DeviceRange for an address that is now RAM or inside another
 * range, and none over a capability that reached the receive register while
 * the bank waited. */
START_TEST(device_cap_only_for_the_range_named)
{
	struct range *ram = kstub_ram_range();

	budget_event(BEV_DEVICE_ADD, (uint32_t)(ram->base >> PAGE_SHIFT), 1); /* RAM now */
	wait_device_add(BUDGET_REG);
	ck_assert(cap_is_empty(&bank->cregs[SLOT]));
	ck_assert_int_eq(hotplug_add_device(3, &win, 1, NULL), ERR_OK);
	wait_device_add(BUDGET_REG);
	ck_assert_uint_eq(bank->cregs[SLOT].type, CT_DEVICE_RANGE);
	cap_clear(&bank->cregs[SLOT]);
	budget_event(BEV_DEVICE_ADD, (uint32_t)(win.base >> PAGE_SHIFT) + 1, 1); /* inside it */
	wait_device_add(BUDGET_REG);
	ck_assert(cap_is_empty(&bank->cregs[SLOT]));

	/* blocked on an empty register that something fills before the event */
	ck_assert_int_eq(wait_ev(BUDGET_REG, SLOT, 0), INV_NO_RESULT);
	ck_assert_uint_eq(bank->state, PS_RECV);
	cap_mint_service(&bank->cregs[SLOT], CT_BUDGET, CR_READ);
	budget_event(BEV_DEVICE_ADD, (uint32_t)(win.base >> PAGE_SHIFT), 1);
	ck_assert_uint_eq(bank->state, PS_RUNNABLE);
	ck_assert_uint_eq(BEV_KIND(ustub_result(bank, 1)), BEV_DEVICE_ADD);
	ck_assert_uint_eq(bank->cregs[SLOT].type, CT_BUDGET); /* kept, not replaced */
	ck_assert_uint_eq(bank->cregs[SLOT].rights, CR_READ);
}
END_TEST

Suite *budget_device_suite(void)
{
	Suite *s = suite_create("budget_device");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, device_add_brings_range);
	tcase_add_test(tc, device_add_weak_wait_weakens);
	tcase_add_test(tc, device_gone_before_read);
	tcase_add_test(tc, device_add_through_endpoint);
	tcase_add_test(tc, wait_refusals);
	tcase_add_test(tc, device_cap_only_for_the_range_named);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(budget_device)
