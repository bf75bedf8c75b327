/* The ColdFire simulated bus's command parser, compiled for the host. */
#include "../../arch/coldfire/simbus_cmd.h"
#include "unit.h"

static struct simbus_cmd cmd;
static const char *why;

START_TEST(test_simbus_add_one_and_many)
{
	ck_assert_int_eq(simbus_parse("add 3 0x90000000 0x100000", &cmd, &why), ERR_OK);
	ck_assert_int_eq(cmd.op, SIMBUS_ADD);
	ck_assert_uint_eq(cmd.slot, 3);
	ck_assert_uint_eq(cmd.count, 1);
	ck_assert_uint_eq(cmd.windows[0].base, 0x90000000u);
	ck_assert_uint_eq(cmd.windows[0].len, 0x100000u);

	ck_assert_int_eq(simbus_parse("  add\t7 4096 8192 0xa0000000 0x4000000  ", &cmd, &why),
			 ERR_OK);
	ck_assert_uint_eq(cmd.count, 2);
	ck_assert_uint_eq(cmd.windows[0].base, 4096);
	ck_assert_uint_eq(cmd.windows[1].base, 0xa0000000u);
	ck_assert_uint_eq(cmd.windows[1].len, 0x4000000u);
}
END_TEST

START_TEST(test_simbus_del)
{
	ck_assert_int_eq(simbus_parse("del 31", &cmd, &why), ERR_OK);
	ck_assert_int_eq(cmd.op, SIMBUS_DEL);
	ck_assert_uint_eq(cmd.slot, 31);
	ck_assert_uint_eq(cmd.count, 0);
	ck_assert_int_eq(simbus_parse("del 3 0x1000 0x1000", &cmd, &why), ERR_INVAL);
	ck_assert_str_eq(why, "del takes only a slot");
}
END_TEST

START_TEST(test_simbus_refusals)
{
	static const struct {
		const char *line;
		enum err code;
	} bad[] = {
		{ "", ERR_INVAL },
		{ "plug 1 0x1000 0x1000", ERR_INVAL },
		{ "addx 1 0x1000 0x1000", ERR_INVAL },
		{ "add", ERR_INVAL },
		{ "add 32 0x1000 0x1000", ERR_INVAL },
		{ "add x 0x1000 0x1000", ERR_INVAL },
		{ "add 1", ERR_INVAL },
		{ "add 1 0x1000", ERR_INVAL },
		{ "add 1 0x1000 0", ERR_INVAL },
		{ "add 1 0x1001 0x1000", ERR_INVAL },
		{ "add 1 0x1000 0x1800", ERR_INVAL },
		{ "add 1 0x 0x1000", ERR_INVAL },
		{ "add 1 0x1000 0x1000g", ERR_INVAL },
		{ "add 1 0xfffffffffffff000 0x2000", ERR_RANGE },
		{ "add 1 0x10000000000000000 0x1000", ERR_RANGE },
		/* what the board decodes itself, or cannot address */
		{ "add 1 0x100000000 0x1000", ERR_RANGE },
		{ "add 1 0xfffff000 0x2000", ERR_RANGE },
		{ "add 1 0x7ffff000 0x2000", ERR_OVERLAP },
		{ "add 1 0x80003000 0x1000", ERR_OVERLAP },
		{ "add 1 0xfc064000 0x1000", ERR_OVERLAP },
		{ "add 1 0xf0000000 0x10000000", ERR_OVERLAP },
		{ "add 1 0x1000 0x1000 0x2000 0x1000 0x3000 0x1000 0x4000 0x1000 0x5000 0x1000",
		  ERR_FULL },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		ck_assert_msg(simbus_parse(bad[i].line, &cmd, &why) == bad[i].code, "line \"%s\"",
			      bad[i].line);
		ck_assert_ptr_nonnull(why);
	}
}
END_TEST

START_TEST(test_simbus_board_windows_named)
{
	ck_assert_int_eq(simbus_parse("add 1 0x80000000 0x4000", &cmd, &why), ERR_OVERLAP);
	ck_assert_str_eq(why, "window overlaps the internal SRAM at 0x80000000");
	ck_assert_int_eq(simbus_parse("add 1 0x90000000 0x1000 0xfc060000 0x1000", &cmd, &why),
			 ERR_OVERLAP);
	ck_assert_str_eq(why, "window overlaps the on-chip peripheral registers at 0xfc000000");
	ck_assert_int_eq(simbus_parse("add 1 0x1000000000 0x1000", &cmd, &why), ERR_RANGE);
	ck_assert_str_eq(why, "window above 4 GiB: the V2 core has 32-bit physical addresses");
	ck_assert_int_eq(simbus_parse("add 1 0x80004000 0x7bffc000", &cmd, &why), ERR_OK);
}
END_TEST

Suite *simbus_suite(void)
{
	Suite *s = suite_create("simbus");
	TCase *tc = tcase_create("simbus");

	tcase_add_test(tc, test_simbus_add_one_and_many);
	tcase_add_test(tc, test_simbus_del);
	tcase_add_test(tc, test_simbus_refusals);
	tcase_add_test(tc, test_simbus_board_windows_named);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(simbus)
