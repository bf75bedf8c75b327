/* ktests of the command line: the forms QEMU and GRUB pass, numbers, errors and globs. */
#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <lib/glob.h>
#include <kernel/ktest.h>

static struct cmdline cmdline_scratch;

KTEST(cmdline_qemu_and_grub_forms)
{
	struct cmdline *c = &cmdline_scratch;

	KT_EQ(cmdline_parse(c, "/boot/arroyo.elf ktest reserve=64"), ERR_OK);
	KT_STREQ(c->path, "/boot/arroyo.elf");
	KT_EQ(c->count, 2);
	KT_ASSERT(cmdline_has(c, "ktest"));
	KT_STREQ(cmdline_get(c, "reserve"), "64");

	KT_EQ(cmdline_parse(c, "ktest reserve=64"), ERR_OK);
	KT_ASSERT(c->path == NULL);
	KT_EQ(c->count, 2);
	return KTEST_OK;
}

KTEST(cmdline_numbers_and_errors)
{
	struct cmdline *c = &cmdline_scratch;
	uint64_t v = 0;

	KT_EQ(cmdline_parse(c, "a=0x1000 b=18446744073709551615 c=18446744073709551616 d=x"),
	      ERR_OK);
	KT_EQ(cmdline_get_u64(c, "a", &v), ERR_OK);
	KT_EQ(v, 0x1000);
	KT_EQ(cmdline_get_u64(c, "b", &v), ERR_OK);
	KT_EQ(v, 0xffffffffffffffffull);
	KT_EQ(cmdline_get_u64(c, "c", &v), ERR_INVAL);
	KT_EQ(cmdline_get_u64(c, "d", &v), ERR_INVAL);
	KT_EQ(cmdline_get_u64(c, "e", &v), ERR_NOTFOUND);
	KT_EQ(cmdline_parse(c, "=nokey"), ERR_INVAL);
	return KTEST_OK;
}

/* The command line this kernel booted with went through the same parser. */
KTEST(cmdline_live)
{
	const struct cmdline *c = kernel_cmdline_get();

	KT_ASSERT(cmdline_has(c, "ktest"));
	return KTEST_OK;
}

KTEST(glob_patterns)
{
	KT_ASSERT(glob_match("fmt_*", "fmt_widths"));
	KT_ASSERT(!glob_match("fmt_*", "timer_ticks"));
	KT_ASSERT(glob_match("x,timer_*", "timer_ticks"));
	KT_ASSERT(glob_match("*_t?cks", "timer_ticks"));
	KT_ASSERT(!glob_match("timer", "timer_ticks"));
	return KTEST_OK;
}
