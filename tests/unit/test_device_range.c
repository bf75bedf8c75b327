/* Unit tests for DeviceRange capabilities (kernel/obj/device_range.c,
 * RANGE_OP_DEVICE in kernel/obj/range.c) on the host's fake machine with a
 * hot-plugged device: info, pages, rights, refusals, mapping and rescind. */
#include <check.h>

#include <kernel/hotplug.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define DEV_SLOT 3
#define DEV_BASE 0xfe000000ull
#define DEV_FRAMES 4
#define R_DEV 2 /* the DeviceRange */
#define R_PAGE 3 /* a Page of it */

static const struct hotplug_window dev_window = { DEV_BASE, DEV_FRAMES *PAGE_SIZE };

static struct process *p;

static int inv(unsigned cap, unsigned op, uint32_t w0, uint32_t w1)
{
	return ustub_invoke(p, cap, op, CAP_NONE, CAP_NONE, w0, w1, 0, 0, 0);
}

/* A machine with one 4-frame device and a process holding its DeviceRange. */
static void setup(void)
{
	uint64_t short_by = 99;

	ustub_machine(64);
	ck_assert_int_eq(hotplug_add_device(DEV_SLOT, &dev_window, 1, &short_by), ERR_OK);
	ck_assert_uint_eq(short_by, 0);
	p = ustub_process();
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 0, R_DEV), INV_OK);
}

START_TEST(device_range_from_range)
{
	ustub_machine(64);
	p = ustub_process();
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 0, R_DEV), INV_ERR_ARG); /* no device yet */
	setup();
	ck_assert_uint_eq(ustub_result(p, 1), (uint32_t)DEV_BASE);
	ck_assert_uint_eq(ustub_result(p, 2), 0);
	ck_assert_uint_eq(ustub_result(p, 3), DEV_FRAMES);
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 1, 4), INV_ERR_ARG); /* only one range */
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 0, 0), INV_ERR_SLOT); /* occupied */
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 0, CAP_SELF), INV_ERR_SLOT);
	ck_assert_int_eq(inv(R_DEV, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_DEVICE_RANGE);
	ck_assert_uint_eq(ustub_result(p, 2), CR_ALL & ~CR_EXEC); /* device frames never execute */
	/* a weak Range makes nothing */
	ck_assert_int_eq(inv(0, CAP_OP_RESTRICT, 5, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(5, RANGE_OP_DEVICE, 0, 6), INV_ERR_RIGHTS);
}
END_TEST

START_TEST(device_range_info_and_pages)
{
	setup();
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_INFO, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), (uint32_t)DEV_BASE);
	ck_assert_uint_eq(ustub_result(p, 3), DEV_FRAMES);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, DEV_FRAMES, R_PAGE), INV_ERR_ARG);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, ~0u, R_PAGE), INV_ERR_ARG);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, 0, 0), INV_ERR_SLOT);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, 0, 200), INV_ERR_SLOT); /* no CapPage */
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, DEV_FRAMES - 1, R_PAGE), INV_OK);
	ck_assert_uint_eq(p->cregs[R_PAGE].type, CT_PAGE);
	ck_assert_uint_eq(cap_pa(&p->cregs[R_PAGE]), DEV_BASE + (DEV_FRAMES - 1) * PAGE_SIZE);
	ck_assert_uint_eq(p->cregs[R_PAGE].rights, CR_ALL & ~CR_EXEC);
	ck_assert_int_eq(inv(R_DEV, 2, 0, 0), INV_ERR_CAP_TYPE); /* no such op */
	ck_assert_int_eq(inv(R_DEV, 0xee, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(
		ustub_invoke(p, R_DEV, DEVICE_RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0x80),
		INV_ERR_ARG); /* unknown flag */
}
END_TEST

START_TEST(device_range_rights)
{
	setup();
	/* without read: info still answers, pages are refused */
	ck_assert_int_eq(inv(R_DEV, CAP_OP_RESTRICT, 5, CR_READ), INV_OK);
	ck_assert_int_eq(inv(5, DEVICE_RANGE_OP_INFO, 0, 0), INV_OK);
	ck_assert_int_eq(inv(5, DEVICE_RANGE_OP_PAGE, 0, 6), INV_ERR_RIGHTS);
	/* a read-only or weak DeviceRange hands out read-only or weak pages */
	ck_assert_int_eq(inv(R_DEV, CAP_OP_RESTRICT, 7, CR_WRITE), INV_OK);
	ck_assert_int_eq(inv(7, DEVICE_RANGE_OP_PAGE, 1, 8), INV_OK);
	ck_assert_uint_eq(p->cregs[8].rights, CR_READ | CR_GRANT);
	ck_assert_int_eq(inv(R_DEV, CAP_OP_RESTRICT, 9, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(9, DEVICE_RANGE_OP_PAGE, 1, 10), INV_OK);
	ck_assert(p->cregs[10].rights & CR_WEAK);
	ck_assert(!(p->cregs[10].rights & CR_WRITE));
}
END_TEST

/* Device frames are not Range's: no destroy, no object made on them. */
START_TEST(device_range_not_destroyable)
{
	setup();
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, 0, R_PAGE), INV_OK);
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, R_DEV, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(0, RANGE_OP_DESTROY, R_PAGE, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE,
				      (uint32_t)DEV_BASE, 0, 0, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 5,
				      (uint32_t)DEV_BASE, 0, 0),
			 INV_ERR_ARG);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_INFO, 0, 0), INV_OK);
	ledger_check();
}
END_TEST

/* A device page maps like a Page; the device leaving unmaps it and makes the
 * DeviceRange and every Page of it stale. */
START_TEST(device_range_map_and_rescind)
{
	bool w;
	pa_t pa;
	uint64_t device;

	setup();
	device = ledger_count(LEDGER_DEVICE);
	ck_assert_uint_eq(device, DEV_FRAMES);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, 2, R_PAGE), INV_OK);
	/* No grant memory: no rescind slots, so no device page either. */
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_MAP, R_PAGE, CAP_NONE, 0x10000, 0, 0, 0, 0),
		INV_ERR_NO_GRANT);
	ck_assert_uint_eq(p->mapped, 0);
	ck_assert_uint_eq(ustub_mapped(p), 0);
	ck_assert_int_eq(grant_attach_new(p), INV_OK);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_MAP, R_PAGE, CAP_NONE, 0x10000, 0, 0, 0, 0),
		INV_OK);
	ck_assert_uint_eq(p->mapped, 1);
	ck_assert_uint_eq(ustub_mapped(p), 1);
	ck_assert(ustub_map_at(p, 0, &pa, &w) && w);
	ck_assert_uint_eq(pa, DEV_BASE + 2 * PAGE_SIZE);
	ck_assert_uint_eq(hotplug_remove_slot(DEV_SLOT), DEV_FRAMES);
	ck_assert_uint_eq(p->mapped, 0);
	ck_assert_uint_eq(ustub_mapped(p), 0);
	/* The rescind upcall: which device (its base pfn) and how many pages. */
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0,
				      0, INV_F_NONBLOCK),
			 INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), GS_RESCIND);
	ck_assert_uint_eq(ustub_result(p, 2), (uint32_t)(DEV_BASE >> PAGE_SHIFT));
	ck_assert_uint_eq(ustub_result(p, 3), 1);
	ck_assert_uint_eq(ustub_result(p, 4), 0);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0,
				      0, INV_F_NONBLOCK),
			 INV_ERR_WOULD_BLOCK);
	ck_assert_uint_eq(ledger_count(LEDGER_DEVICE), 0);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_INFO, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(R_DEV, DEVICE_RANGE_OP_PAGE, 0, 5), INV_ERR_CAP_STALE);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_MAP, R_PAGE, CAP_NONE, 0x10000, 0, 0, 0, 0),
		INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(R_PAGE, CAP_OP_DELETE, 0, 0), INV_OK); /* stale caps still delete */
	ck_assert_int_eq(inv(R_DEV, CAP_OP_DELETE, 0, 0), INV_OK);
	ck_assert_int_eq(inv(0, RANGE_OP_DEVICE, 0, R_DEV), INV_ERR_ARG);
	ledger_check();
}
END_TEST

Suite *device_range_suite(void)
{
	Suite *s = suite_create("device_range");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, device_range_from_range);
	tcase_add_test(tc, device_range_info_and_pages);
	tcase_add_test(tc, device_range_rights);
	tcase_add_test(tc, device_range_not_destroyable);
	tcase_add_test(tc, device_range_map_and_rescind);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(device_range)
