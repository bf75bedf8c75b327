/* Unit tests for the architecture-independent boot path (kernel/boot/main.c)
 * with the boot image (kernel/boot/boot_image.c) and the pool registry at
 * boot (kernel/boot/pool_boot.c): kernel_main run on the host port from the
 * loader's description to the first process resumed, or to its halt. */
#include <check.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/boot_image.h>
#include <kernel/budget.h>
#include <kernel/cmdline.h>
#include <kernel/fastpath.h>
#include <kernel/ktest.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/pool.h>

#include "boot_fixture.h"
#include "image_fixture.h"
#include "unit.h"

/* Where the tests put module 0: above the fixture's pools' first one. */
#define BOOT_MODULE_PA 0x1800000ull

/* Two ktests for `ktest=<glob>`: one passes, one fails with its reason. */
KTEST(unit_boot_passes)
{
	KT_EQ(1 + 1, 2);
	KT_STREQ("boot", "boot");
	return KTEST_OK;
}

KTEST(unit_boot_fails)
{
	KT_STREQ("left", "right");
	return KTEST_OK;
}

static void main_step(void *arg)
{
	(void)arg;
	kernel_main(&boot_fx);
}

static int boot(const char *cmdline)
{
	boot_fx.cmdline = cmdline;
	return boot_fx_run(main_step, NULL);
}

static bool said(const char *s)
{
	return strstr(host_console, s) != NULL;
}

/* The fixture's image (i386 records: the host port loads images as i386). */
static void add_image(pa_t pa)
{
	struct image_fixture fx;
	size_t len;
	uint8_t *img;

	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	boot_fx_module(pa, img, len, "image");
	free(img);
}

START_TEST(boot_banner_names_arch)
{
	host_console_reset();
	kernel_banner();
	ck_assert(said("Arroyo "));
	ck_assert(said(" (host) - a capability microkernel"));
}
END_TEST

START_TEST(boot_without_image_halts_clean)
{
	ck_assert_int_eq(boot(NULL), 0);
	ck_assert(said("loader: unit\n"));
	ck_assert(said("cmdline: \"\" (built in)"));
	ck_assert(said("memory map (3 entries):"));
	ck_assert(said("ipc: fastpath on"));
	ck_assert(said("image: none (no boot module)"));
	ck_assert(said("budget: relaxed="));
	ck_assert(said("arroyo: halt status=0"));
	ck_assert(ipc_fastpath_on);
	ck_assert_ptr_eq(kernel_boot_info(), &boot_fx);
	ck_assert_uint_eq(kernel_cmdline_get()->count, 0);
	ck_assert_int_eq(budget_phase(), BUDGET_RELAXED);
	ck_assert_ptr_null(host_crashed);
	ledger_check();
}
END_TEST

START_TEST(boot_unknown_arguments_dropped)
{
	const struct cmdline *cl;

	ck_assert_int_eq(boot("nofastpath bogus=1 idle=3 reserve=16 frob crash=ud2"), 0);
	ck_assert(said("cmdline: \"nofastpath bogus=1 idle=3 reserve=16 frob crash=ud2\"\n"));
	ck_assert(said("cmdline: warning: 'bogus=1': "));
	ck_assert(said("cmdline: warning: 'frob': "));
	ck_assert(said("cmdline: warning: 'idle=3': "));
	ck_assert(said("ipc: fastpath off (nofastpath)"));
	ck_assert(!ipc_fastpath_on);
	ck_assert_str_eq(host_crashed, "ud2");
	/* what was refused does not act: idle=3 did not make the kernel idle */
	cl = kernel_cmdline_get();
	ck_assert_uint_eq(cl->count, 3);
	ck_assert(!cmdline_has(cl, "bogus"));
	ck_assert(!cmdline_has(cl, "frob"));
	ck_assert(!cmdline_has(cl, "idle"));
	ck_assert(cmdline_has(cl, "reserve"));
}
END_TEST

START_TEST(boot_refuses_long_cmdline)
{
	char line[CMDLINE_MAX_ARGS * 3 + 8] = "";

	for (unsigned i = 0; i <= CMDLINE_MAX_ARGS; i++)
		strcat(line, "a ");
	ck_assert_int_eq(boot(line), 2);
	ck_assert(said("boot: command line \"a a "));
	ck_assert(said("(at most 32 arguments, 511 bytes)"));
	ck_assert(!said("memory map ("));
}
END_TEST

START_TEST(boot_ktest_selection)
{
	ck_assert_int_eq(boot("ktest=unit_boot_passes"), 0);
	ck_assert(said("ktest unit_boot_passes ok\n"));
	ck_assert(said("ktest: 1 passed, 0 failed\n"));
	ck_assert(!said("unit_boot_fails"));
}
END_TEST

START_TEST(boot_ktest_failure_halts)
{
	char reason[96];

	ck_assert_int_eq(boot("ktest=unit_boot_*"), 1);
	ck_assert(said("ktest unit_boot_passes ok\n"));
	snprintf(reason, sizeof(reason), "ktest unit_boot_fails FAIL %s:", __FILE__);
	ck_assert(said(reason));
	ck_assert(said(": \"left\" == \"right\": \"left\" != \"right\"\n"));
	ck_assert(said("ktest: 1 passed, 1 failed\n"));
	ck_assert(!said("image: "));
}
END_TEST

START_TEST(boot_ktest_typo_fails)
{
	ck_assert_int_eq(boot("ktest=unit_boot_passe"), 1);
	ck_assert(said("ktest: 0 passed, 0 failed\n"));
	ck_assert(said("ktest: no test matches 'unit_boot_passe'\n"));
}
END_TEST

static unsigned idle_calls;

static void idle_three_times(void)
{
	if (++idle_calls == 3) {
		host_halt_status = 77; /* not a status the kernel halts with */
		longjmp(host_halt_jmp, 3);
	}
}

START_TEST(boot_idle_serves_events)
{
	host_idle_fn = idle_three_times;
	ck_assert_int_eq(boot("idle"), 77);
	ck_assert_uint_eq(idle_calls, 3);
	ck_assert(said("idle: serving events\n"));
	ck_assert(!said("arroyo: halt"));
}
END_TEST

START_TEST(boot_image_runs_first_process)
{
	struct process *init, *peer;
	char line[96];

	add_image(BOOT_MODULE_PA);
	ck_assert_int_eq(boot(""), BOOT_FX_RESUMED);
	init = proc_find(1);
	peer = proc_find(2);
	ck_assert_ptr_nonnull(init);
	ck_assert_ptr_nonnull(peer);
	/* the image's highest priority runs first */
	ck_assert_ptr_eq(host_resumed, &peer->regs);
	ck_assert(said("pool: registry bytes="));
	snprintf(line, sizeof(line), "image: module 0 at 0x%llx, %llu bytes",
		 (unsigned long long)BOOT_MODULE_PA,
		 (unsigned long long)(boot_fx.mods[0].end - boot_fx.mods[0].start));
	ck_assert(said(line));
	/* module 0 was alone on its pages: every one went back to banked */
	snprintf(line, sizeof(line), "image: loaded; module frames freed=%llu\n",
		 (unsigned long long)((ALIGN_UP(boot_fx.mods[0].end, PAGE_SIZE) - BOOT_MODULE_PA) >>
				      PAGE_SHIFT));
	ck_assert(said(line));
	ck_assert(said("budget: boot-freed="));
	ck_assert_uint_eq(ledger_count(LEDGER_BOOT), 0);
	/* the system pool, then the image's two */
	ck_assert_uint_eq(pool_count(), 3);
	ck_assert(said("pool: 1 fast start=0x400000 len=0x400000"));
	ck_assert(said("pool: 2 colour start=0x1000000 len=0x100000"));
	ledger_check();
}
END_TEST

START_TEST(boot_image_neighbour_module)
{
	static const uint8_t other[16] = { 1 };

	/* a second module in the page before module 0's first: the loader's
	 * map refuses modules sharing a page, so module 0's pages are its own
	 * and all go back to banked; the neighbour's page stays boot */
	add_image(BOOT_MODULE_PA);
	boot_fx_module(BOOT_MODULE_PA - 0x20, other, sizeof(other), "other");
	ck_assert_int_eq(boot(""), BOOT_FX_RESUMED);
	ck_assert(said("module 1: 0x17fffe0-"));
	ck_assert(said("image: loaded; module frames freed=1\n"));
	ck_assert_uint_eq(ledger_count(LEDGER_BOOT), 1);
	ledger_check();
}
END_TEST

START_TEST(boot_modules_sharing_a_page_refused)
{
	static const uint8_t other[16] = { 1 };

	add_image(BOOT_MODULE_PA);
	boot_fx_module(boot_fx.mods[0].end + 0x10, other, sizeof(other), "other");
	ck_assert_int_eq(boot(""), 2);
	ck_assert(said("boot: memory map: module 1 0x"));
	ck_assert_ptr_null(proc_find(1));
}
END_TEST

START_TEST(boot_image_refused)
{
	static const uint8_t junk[512] = { 'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'g' };

	boot_fx_module(BOOT_MODULE_PA, junk, sizeof(junk), "junk");
	ck_assert_int_eq(boot(""), 3);
	ck_assert(said("image: refused: "));
	ck_assert(said("arroyo: halt status=3"));
	ck_assert_ptr_null(proc_find(1));
}
END_TEST

START_TEST(boot_image_outside_direct_map)
{
	/* RAM past what the host lends: the direct map ends before module 0 */
	boot_fx.mem[2].len += 0x1000000;
	boot_fx.mods[0] =
		(struct boot_module){ BOOT_FX_RAM_END + 0x10000, BOOT_FX_RAM_END + 0x11000, "far" };
	boot_fx.mod_count = 1;
	ck_assert_int_eq(boot(""), 3);
	ck_assert(said("image: module 0 at 0x"));
	ck_assert(said("is outside the direct map\n"));
}
END_TEST

START_TEST(boot_pools_refused)
{
	/* the fixture's second pool lies at 16 MiB: without RAM there the
	 * registry refuses the image before anything is loaded */
	add_image(0x800000);
	boot_fx.mem[2].len = 0x1000000 - 0x100000;
	ck_assert_int_eq(boot(""), POOL_BAD_STATUS);
	ck_assert(said("image: refused: "));
	ck_assert(!said("pool: registry bytes="));
	ck_assert_ptr_null(proc_find(1));
}
END_TEST

START_TEST(boot_image_load_without_module)
{
	/* boot_image_load on its own: nothing to load is not an error */
	host_console_reset();
	ck_assert(!boot_image_load(&boot_fx));
	ck_assert(said("image: none (no boot module)\n"));
}
END_TEST

static void image_load_step(void *arg)
{
	(void)arg;
	boot_image_load(&boot_fx);
}

START_TEST(boot_image_load_reversed_module)
{
	/* boot_image_load on its own: a module ending before it starts is
	 * refused before its bytes are read */
	boot_fx.mods[0] = (struct boot_module){ 0x800000, 0x7ff000, "reversed" };
	boot_fx.mod_count = 1;
	host_console_reset();
	ck_assert_int_eq(boot_fx_run(image_load_step, NULL), 3);
	ck_assert(said("image: module 0 at 0x800000-0x7ff000 is outside the direct map\n"));
	ck_assert(!said("bytes"));
}
END_TEST

/* An image where no RAM range is (as a board's image in flash): loaded in
 * place, and no frame of it goes back to banked. */
START_TEST(boot_image_load_outside_ram)
{
	const pa_t hole = 0xa0000; /* the legacy hole: in the direct map, not RAM */
	struct image_fixture fx;
	uint64_t banked;
	size_t len;
	uint8_t *img;

	ck_assert_int_eq(boot(""), 0); /* no image: the machine is up, then halts */
	ck_assert_ptr_null(pagehdr_of_pa(hole));
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	ck_assert_uint_lt(hole + len, 0x100000);
	memcpy(boot_fx_ram + hole, img, len);
	free(img);
	boot_fx.mods[0] = (struct boot_module){ hole, hole + len, "flash" };
	boot_fx.mod_count = 1;
	banked = ledger_count(LEDGER_BANKED);
	host_console_reset();
	ck_assert_int_eq(boot_fx_run(image_load_step, NULL), -1);
	ck_assert(said("image: loaded; module frames freed=0\n"));
	ck_assert(!said("budget: boot-freed"));
	ck_assert_ptr_nonnull(proc_find(1));
	ck_assert_uint_lt(ledger_count(LEDGER_BANKED), banked); /* its objects, nothing back */
	ledger_check();
}
END_TEST

Suite *boot_main_suite(void)
{
	Suite *s = suite_create("boot_main");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, boot_fx_setup, boot_fx_teardown);
	tcase_add_test(tc, boot_banner_names_arch);
	tcase_add_test(tc, boot_without_image_halts_clean);
	tcase_add_test(tc, boot_unknown_arguments_dropped);
	tcase_add_test(tc, boot_refuses_long_cmdline);
	tcase_add_test(tc, boot_ktest_selection);
	tcase_add_test(tc, boot_ktest_failure_halts);
	tcase_add_test(tc, boot_ktest_typo_fails);
	tcase_add_test(tc, boot_idle_serves_events);
	tcase_add_test(tc, boot_image_runs_first_process);
	tcase_add_test(tc, boot_image_neighbour_module);
	tcase_add_test(tc, boot_modules_sharing_a_page_refused);
	tcase_add_test(tc, boot_image_refused);
	tcase_add_test(tc, boot_image_outside_direct_map);
	tcase_add_test(tc, boot_pools_refused);
	tcase_add_test(tc, boot_image_load_without_module);
	tcase_add_test(tc, boot_image_load_reversed_module);
	tcase_add_test(tc, boot_image_load_outside_ram);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(boot_main)
