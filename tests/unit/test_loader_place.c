/* Unit tests for placing a program's segments in pools
 * (kernel/boot/loader_place.c), through a boot of the fixture's image with
 * each placement rule: the segment list, the file's default pool, where the
 * file is stored (XIP), and the process's current pool. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/obj.h>
#include <kernel/pool.h>

#include "boot_fixture.h"
#include "image_fixture.h"
#include "unit.h"
#include "ustub.h"

/* Module 0 outside every pool: a pool may not lie over a boot module, and
 * the host port has no background pools. */
#define MODULE_PA 0x1800000ull

static struct image_fixture fx;

static void main_step(void *arg)
{
	(void)arg;
	kernel_main(&boot_fx);
}

static void setup(void)
{
	boot_fx_setup();
	image_fixture_init(&fx, IMAGE_ARCH_I386);
}

static void boot(void)
{
	size_t len;
	uint8_t *img = image_fixture_write(&fx, &len);

	boot_fx_module(MODULE_PA, img, len, "image");
	free(img);
	ck_assert_int_eq(boot_fx_run(main_step, NULL), BOOT_FX_RESUMED);
}

static bool said(const char *s)
{
	return strstr(host_console, s) != NULL;
}

/* The pool of the frame mapped at va in process pid, as the process asks
 * for it (PROC_OP_POOL_AT on CAP_SELF). */
static const char *pool_at(unsigned pid, uint32_t va)
{
	struct process *p = proc_find(pid);
	const struct pool_desc *d;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_POOL_AT, CAP_NONE, CAP_NONE, va, 0, 0, 0, 0),
		INV_OK);
	d = pool_get(ustub_result(p, 1));
	return d ? d->name : "(none)";
}

START_TEST(place_current_pool)
{
	/* no rule in the program: init's pool (fast), and any for peer */
	boot();
	ck_assert(said("loader: init segment 0 (r-x) -> pool fast (current pool)\n"));
	ck_assert(said("loader: init segment 1 (rw-) -> pool fast (current pool)\n"));
	ck_assert(said("loader: peer segment 0 (r-x) -> pool "));
	ck_assert(said("(current pool: any)\n"));
	ck_assert_str_eq(pool_at(1, 0x08048000), "fast");
}
END_TEST

START_TEST(place_file_default_and_segment_list)
{
	struct image_program *prog = &fx.rec[FX_HELLO].u.program;

	prog->pool = FX_COLOUR;
	prog->nsegs = 1;
	prog->seg[0].segment = 1;
	prog->seg[0].pool = FX_SYSTEM;
	boot();
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (file default)\n"));
	ck_assert(said("loader: init segment 1 (rw-) -> pool fast (segment list)\n"));
	ck_assert_str_eq(pool_at(1, 0x08048000), "colour");
	ck_assert_str_eq(pool_at(1, 0x08049000), "fast");
}
END_TEST

START_TEST(place_segment_list_else_system)
{
	struct image_program *prog = &fx.rec[FX_HELLO].u.program;

	/* a list without a default: unlisted segments go to the system pool */
	prog->nsegs = 1;
	prog->seg[0].segment = 0;
	prog->seg[0].pool = FX_COLOUR;
	boot();
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (segment list)\n"));
	ck_assert(said("loader: init segment 1 (rw-) -> pool system (system, the last resort)\n"));
	ck_assert_str_eq(pool_at(1, 0x08049000), "system");
}
END_TEST

START_TEST(place_xip_read_only_where_stored)
{
	fx.rec[FX_OTHER].u.program.flags = IMAGE_PROG_XIP;
	boot();
	/* peer's code where the image is stored (in no pool: any frame); its
	 * data where its process says (any pool); init's program is not XIP */
	ck_assert(said("loader: peer segment 0 (r-x) -> pool (none) (where the file is stored)\n"));
	ck_assert(said("loader: peer segment 1 (rw-) -> pool (none) (current pool: any)\n"));
	ck_assert(said("loader: init segment 0 (r-x) -> pool fast (current pool)\n"));
}
END_TEST

/* A pool too small for the program: its first page is the pool's one
 * frame, the second finds none, and the image is refused. */
START_TEST(place_pool_short_refused)
{
	size_t len;
	uint8_t *img;

	fx.rec[FX_HELLO].u.program.pool = FX_COLOUR;
	fx.rec[FX_COLOUR].u.pool.length = fx.rec[FX_COLOUR].u.pool.step;
	img = image_fixture_write(&fx, &len);
	boot_fx_module(MODULE_PA, img, len, "image");
	free(img);
	ck_assert_int_eq(boot_fx_run(main_step, NULL), 3);
	ck_assert(
		said("pool: 2 colour start=0x1000000 len=0x4000 stripe=0x1000 step=0x4000 cache=uc "
		     "frames=1\n"));
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (file default)\n"));
	ck_assert(said("image: refused: record 3 ('init'): loading the program: banked frames "
		       "exhausted\n"));
	ck_assert(!said("loader: init segment 1"));
}
END_TEST

Suite *loader_place_suite(void)
{
	Suite *s = suite_create("loader_place");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, boot_fx_teardown);
	tcase_add_test(tc, place_current_pool);
	tcase_add_test(tc, place_file_default_and_segment_list);
	tcase_add_test(tc, place_segment_list_else_system);
	tcase_add_test(tc, place_xip_read_only_where_stored);
	tcase_add_test(tc, place_pool_short_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(loader_place)
