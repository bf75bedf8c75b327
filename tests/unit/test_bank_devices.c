/* The space bank's device table on the host (spacebank/devices.c) over the
 * invocation double: published ranges kept in registers, device pages
 * charged to the bank that took them and uncharged when the device leaves,
 * the bank is destroyed, or the kernel's event ring overflowed. */
#include <stdio.h>
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

static void setup(void)
{
	bank_fixture_reset(16);
}

/* The kernel hands a DeviceRange in BANK_R_IN with the event. */
static void publish(uint32_t pfn, uint32_t frames)
{
	struct msg m = { { BEV_DEVICE_ADD, 50, pfn, frames }, BUDGET_BADGE };

	bdbl.reg[BANK_R_IN] = CT_DEVICE_RANGE;
	budget_handle(&m);
	cap_delete(BANK_R_IN);
}

static void rescind(uint32_t pfn)
{
	struct msg m = { { BEV_DEVICE_REMOVE, 50, pfn, 1 }, BUDGET_BADGE };

	budget_handle(&m);
}

static void no_misuse(void)
{
	ck_assert_msg(bdbl.misuse == 0, "misuse: %s", bdbl.why);
}

START_TEST(device_pages_are_charged_and_bounded)
{
	struct bank *root = &bank_table[0], *a;

	ck_assert_int_eq(tree_child(root, &a), BANK_OK);
	publish(0xfe000, 4);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: device 0 published pa=0xfe000000 frames=4"));
	ck_assert_uint_eq(bdbl.reg[BANK_R_DEV0], CT_DEVICE_RANGE);
	ck_assert_int_eq(devices_page(a, 0, 3), BANK_OK);
	ck_assert_uint_eq(a->used[CT_DEVICE_RANGE], 1);
	ck_assert_uint_eq(root->used[CT_DEVICE_RANGE], 1);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 0); /* device frames are not RAM */
	ck_assert_int_eq(devices_page(a, 0, 4), BANK_ERR_ARG);
	ck_assert_int_eq(devices_page(a, 1, 0), BANK_ERR_ARG);
	ck_assert_int_eq(devices_page(a, BANK_DEVICES, 0), BANK_ERR_ARG);
	ck_assert_int_eq(tree_set_limit(a, CT_DEVICE_RANGE, 1), BANK_OK);
	ck_assert_int_eq(devices_page(a, 0, 0), BANK_ERR_LIMIT);
	bdbl.fail_page = 1;
	ck_assert_int_eq(devices_page(root, 0, 0), BANK_ERR_ARG);
	ck_assert_uint_eq(root->used[CT_DEVICE_RANGE], 1);
	ck_assert_uint_eq(bdbl.pages_made, 1);
	no_misuse();
}
END_TEST

START_TEST(device_page_table_fills)
{
	unsigned n = 0;
	int e;

	publish(0xfe000, 1);
	while ((e = devices_page(&bank_table[0], 0, 0)) == BANK_OK)
		n++;
	ck_assert_int_eq(e, BANK_ERR_FULL);
	ck_assert_uint_eq(n, 256);
	ck_assert_uint_eq(bank_table[0].used[CT_DEVICE_RANGE], 256);
	rescind(0xfe000);
	ck_assert_uint_eq(bank_table[0].used[CT_DEVICE_RANGE], 0);
	no_misuse();
}
END_TEST

START_TEST(device_refused_when_the_capability_is_wrong)
{
	struct msg m = { { BEV_DEVICE_ADD, 50, 0xfe000, 1 }, BUDGET_BADGE };

	budget_handle(&m); /* nothing came along */
	bdbl.reg[BANK_R_IN] = CT_PAGE;
	budget_handle(&m);
	bdbl.reg[BANK_R_IN] = CT_DEVICE_RANGE;
	bdbl.fail_identify = 1;
	budget_handle(&m);
	bdbl.fail_copy = 1;
	budget_handle(&m);
	ck_assert_int_eq(devices_page(&bank_table[0], 0, 0), BANK_ERR_ARG);
	ck_assert_ptr_null(strstr(bdbl.out, "published"));
	budget_handle(&m);
	ck_assert_int_eq(devices_page(&bank_table[0], 0, 0), BANK_OK);
	no_misuse();
}
END_TEST

START_TEST(device_table_full_ignores_the_next)
{
	for (unsigned i = 0; i <= BANK_DEVICES; i++)
		publish(0xf0000 + i * 0x100, 1);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: device 5 published"));
	ck_assert_ptr_null(strstr(bdbl.out, "bank: device 6"));
	/* the one that did not fit was never recorded: its removal finds nothing */
	rescind(0xf0000 + BANK_DEVICES * 0x100);
	ck_assert_ptr_null(strstr(bdbl.out, "rescinded"));
	rescind(0xf0200);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: device 2 rescinded pa=0xf0200000"));
	ck_assert_uint_eq(bdbl.reg[BANK_R_DEV0 + 2], CT_NULL);
	ck_assert_int_eq(devices_page(&bank_table[0], 2, 0), BANK_ERR_ARG);
	publish(0xe0000, 2); /* takes the freed slot */
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: device 2 published pa=0xe0000000"));
	no_misuse();
}
END_TEST

START_TEST(device_rescan_after_overflow)
{
	struct msg m = { { BEV_OVERFLOW, 50, 0, 0 }, BUDGET_BADGE };

	publish(0xf0000, 1);
	publish(0xf1000, 1);
	ck_assert_int_eq(devices_page(&bank_table[0], 1, 0), BANK_OK);
	/* while the ring overflowed, device 0 left and another came */
	bdbl.ndev = 2;
	bdbl.dev_base[0] = 0xf1000000ull;
	bdbl.dev_frames[0] = 1;
	bdbl.dev_base[1] = 0xf2000000ull;
	bdbl.dev_frames[1] = 8;
	budget_handle(&m);
	ck_assert_uint_eq(bank_table[0].used[CT_DEVICE_RANGE], 0);
	ck_assert_uint_eq(bdbl.reg[BANK_R_IN], CT_NULL);
	ck_assert_int_eq(devices_page(&bank_table[0], 1, 7), BANK_OK);
	ck_assert_int_eq(devices_page(&bank_table[0], 2, 0), BANK_ERR_ARG);
	ck_assert_ptr_nonnull(strstr(bdbl.out, "bank: device 1 published pa=0xf2000000 frames=8"));
	no_misuse();
}
END_TEST

/* More published ranges than the bank has registers: the rescan fills every
 * slot in Range's order and leaves the rest unrecorded. */
START_TEST(device_rescan_fills_every_slot)
{
	struct msg m = { { BEV_OVERFLOW, 50, 0, 0 }, BUDGET_BADGE };
	char line[64];

	bdbl.ndev = BANK_DEVICES + 1;
	for (unsigned n = 0; n < bdbl.ndev; n++) {
		bdbl.dev_base[n] = 0xf0000000ull + ((uint64_t)n << 20);
		bdbl.dev_frames[n] = n + 1;
	}
	budget_handle(&m);
	for (unsigned n = 0; n < BANK_DEVICES; n++) {
		snprintf(line, sizeof(line), "bank: device %u published pa=0x%llx frames=%u", n,
			 (unsigned long long)bdbl.dev_base[n], n + 1);
		ck_assert_msg(strstr(bdbl.out, line), "no '%s'", line);
		ck_assert_uint_eq(bdbl.reg[BANK_R_DEV0 + n], CT_DEVICE_RANGE);
		ck_assert_int_eq(devices_page(&bank_table[0], n, n), BANK_OK);
		ck_assert_int_eq(devices_page(&bank_table[0], n, n + 1), BANK_ERR_ARG);
	}
	ck_assert_uint_eq(bdbl.reg[BANK_R_IN], CT_NULL);
	ck_assert_uint_eq(bank_table[0].used[CT_DEVICE_RANGE], BANK_DEVICES);
	ck_assert_int_eq(devices_page(&bank_table[0], BANK_DEVICES, 0), BANK_ERR_ARG);
	no_misuse();
}
END_TEST

START_TEST(device_pages_leave_with_their_bank)
{
	struct bank *root = &bank_table[0], *a, *b;

	ck_assert_int_eq(tree_child(root, &a), BANK_OK);
	ck_assert_int_eq(tree_child(a, &b), BANK_OK);
	publish(0xf0000, 4);
	ck_assert_int_eq(devices_page(a, 0, 0), BANK_OK);
	ck_assert_int_eq(devices_page(b, 0, 1), BANK_OK);
	ck_assert_int_eq(devices_page(root, 0, 2), BANK_OK);
	ck_assert_uint_eq(root->used[CT_DEVICE_RANGE], 3);
	tree_destroy(a);
	ck_assert_uint_eq(root->used[CT_DEVICE_RANGE], 1);
	rescind(0xf0000);
	ck_assert_uint_eq(root->used[CT_DEVICE_RANGE], 0);
	no_misuse();
}
END_TEST

void bank_add_device_tests(Suite *s)
{
	TCase *tc = tcase_create("devices");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, device_pages_are_charged_and_bounded);
	tcase_add_test(tc, device_page_table_fills);
	tcase_add_test(tc, device_refused_when_the_capability_is_wrong);
	tcase_add_test(tc, device_table_full_ignores_the_next);
	tcase_add_test(tc, device_rescan_after_overflow);
	tcase_add_test(tc, device_rescan_fills_every_slot);
	tcase_add_test(tc, device_pages_leave_with_their_bank);
	suite_add_tcase(s, tc);
}
