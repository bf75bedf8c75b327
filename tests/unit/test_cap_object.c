/* Unit tests for cap_object (kernel/include/kernel/cap.h), the fastpath's
 * step from a capability to a packed object: the same answer as
 * cap_resolve, in the range the fast check tries first or out of it, for a
 * live object and every way a capability stops naming one. */
#include <check.h>

#include <kernel/cap.h>
#include <kernel/ipc.h>

#include "fastpath_fixture.h"
#include "unit.h"

/* cap_object(c, pt) with the hint on c's range, then elsewhere: `want`
 * both times. */
static void assert_object(const struct cap *c, unsigned pt, void *want)
{
	struct obj_ref o;

	ck_assert_int_eq(cap_resolve(c, &o), want ? INV_OK : INV_ERR_CAP_STALE);
	ck_assert_ptr_eq(cap_object(c, pt), want);
	fp_hint_elsewhere();
	ck_assert_ptr_eq(cap_object(c, pt), want);
}

START_TEST(cap_object_live)
{
	struct cap proc;
	struct obj_ref o;

	fp_setup(CAP_NONE, 0);
	ck_assert_int_eq(cap_resolve(&client->cregs[EP], &o), INV_OK);
	assert_object(&client->cregs[EP], PT_OBJ_ENDPOINT, o.kva);
	ustub_mint_process(&proc, CT_PROCESS, CR_ALL, server);
	assert_object(&proc, PT_OBJ_PROCESS, server);
	/* a live object of the other kind is not one of this kind */
	ck_assert_ptr_null(cap_object(&client->cregs[EP], PT_OBJ_PROCESS));
	ck_assert_ptr_null(cap_object(&proc, PT_OBJ_ENDPOINT));
}
END_TEST

START_TEST(cap_object_spoiled)
{
	for (enum fp_spoil how = 0; how < FP_SPOILS; how++) {
		struct cap ep, proc;

		fp_setup(CAP_NONE, 0);
		ep = client->cregs[EP];
		fp_spoil(&ep, how);
		assert_object(&ep, PT_OBJ_ENDPOINT, NULL);
		ustub_mint_process(&proc, CT_PROCESS, CR_ALL, server);
		fp_spoil(&proc, how);
		assert_object(&proc, PT_OBJ_PROCESS, NULL);
	}
}
END_TEST

Suite *cap_object_suite(void)
{
	Suite *s = suite_create("cap_object");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, cap_object_live);
	tcase_add_test(tc, cap_object_spoiled);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(cap_object)
