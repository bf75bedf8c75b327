/* Unit tests for the pool invocations (kernel/obj/pool_info.c): the
 * registry described through Range, and a process's current pool through
 * its Process capability, after a boot of the fixture's image on the host. */
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

#define RANGE_REG 1 /* init's Range (image_fixture.c) */
#define FAST 1 /* the image's pools follow the system pool */
#define COLOUR 2

static struct process *init;

static void main_step(void *arg)
{
	(void)arg;
	kernel_main(&boot_fx);
}

static void setup(void)
{
	struct image_fixture fx;
	size_t len;
	uint8_t *img;

	boot_fx_setup();
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	boot_fx_module(0x1800000, img, len, "image");
	free(img);
	ck_assert_int_eq(boot_fx_run(main_step, NULL), BOOT_FX_RESUMED);
	init = proc_find(1);
	ck_assert_ptr_nonnull(init);
}

static int info(unsigned pool, unsigned part)
{
	return ustub_invoke(init, RANGE_REG, RANGE_OP_POOL, CAP_NONE, CAP_NONE, pool, part, 0, 0,
			    0);
}

static uint64_t result64(unsigned i)
{
	return (uint64_t)ustub_result(init, i + 1) << 32 | ustub_result(init, i);
}

START_TEST(pool_info_range_and_shape)
{
	/* what the image asked for: fast = 4 MiB at 4 MiB; colour = one
	 * frame in every four of 1 MiB at 16 MiB, uncached */
	ck_assert_int_eq(info(FAST, POOL_INFO_RANGE), INV_OK);
	ck_assert_uint_eq(result64(1), 0x400000);
	ck_assert_uint_eq(result64(3), 0x400000);
	ck_assert_int_eq(info(COLOUR, POOL_INFO_SHAPE), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), 0x1000);
	ck_assert_uint_eq(ustub_result(init, 2), 0x4000);
	ck_assert_uint_eq(ustub_result(init, 3), POOL_CACHE_UC | POOL_LAYER_IMAGE << 8);
	ck_assert_uint_eq(ustub_result(init, 4), 0x100000 / 0x4000);
	ck_assert_int_eq(info(FAST, POOL_INFO_SHAPE), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 4), 0x400000 / PAGE_SIZE);
}
END_TEST

START_TEST(pool_info_name)
{
	char name[17] = "";

	ck_assert_int_eq(info(COLOUR, POOL_INFO_NAME), INV_OK);
	for (unsigned w = 0; w < 4; w++)
		for (unsigned k = 0; k < 4; k++)
			name[4 * w + k] = (char)(ustub_result(init, 1 + w) >> (8 * k));
	ck_assert_str_eq(name, "colour");
	ck_assert_int_eq(info(0, POOL_INFO_NAME), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), 's' | 'y' << 8 | 's' << 16 | 't' << 24);
}
END_TEST

/* MemInfo describes the same pools as Range. */
START_TEST(pool_info_through_meminfo)
{
	uint32_t by_range[4];

	cap_mint_service(&init->cregs[5], CT_MEMINFO, CR_READ);
	for (unsigned part = POOL_INFO_RANGE; part <= POOL_INFO_NAME; part++) {
		ck_assert_int_eq(info(COLOUR, part), INV_OK);
		for (unsigned w = 0; w < 4; w++)
			by_range[w] = ustub_result(init, 1 + w);
		ck_assert_int_eq(ustub_invoke(init, 5, MEMINFO_OP_POOL, CAP_NONE, CAP_NONE, COLOUR,
					      part, 0, 0, 0),
				 INV_OK);
		for (unsigned w = 0; w < 4; w++)
			ck_assert_uint_eq(ustub_result(init, 1 + w), by_range[w]);
	}
	ck_assert_uint_eq(ustub_result(init, 1), 'c' | 'o' << 8 | 'l' << 16 | 'o' << 24);
	ck_assert_int_eq(ustub_invoke(init, 5, MEMINFO_OP_POOL, CAP_NONE, CAP_NONE, pool_count(),
				      POOL_INFO_NAME, 0, 0, 0),
			 INV_ERR_ARG);
}
END_TEST

START_TEST(pool_info_refusals)
{
	ck_assert_int_eq(info(pool_count(), POOL_INFO_RANGE), INV_ERR_ARG);
	ck_assert_int_eq(info(POOL_ANY, POOL_INFO_RANGE), INV_ERR_ARG);
	ck_assert_int_eq(info(FAST, POOL_INFO_NAME + 1), INV_ERR_ARG);
}
END_TEST

static int self(unsigned op, uint32_t w0)
{
	return ustub_invoke(init, CAP_SELF, op, CAP_NONE, CAP_NONE, w0, 0, 0, 0, 0);
}

START_TEST(pool_process_current)
{
	/* init's image record names the pool "fast" */
	ck_assert_int_eq(self(PROC_OP_POOL_GET, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), FAST);
	ck_assert_int_eq(self(PROC_OP_POOL_SET, COLOUR), INV_OK);
	ck_assert_int_eq(self(PROC_OP_POOL_GET, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), COLOUR);
	ck_assert_int_eq(self(PROC_OP_POOL_SET, pool_count()), INV_ERR_ARG);
	ck_assert_int_eq(self(PROC_OP_POOL_SET, POOL_ANY), INV_OK);
	ck_assert_int_eq(self(PROC_OP_POOL_GET, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), POOL_ANY);
}
END_TEST

START_TEST(pool_process_set_needs_strong_write)
{
	struct inv in;

	memset(&in, 0, sizeof(in));
	in.p = init;
	in.op = PROC_OP_POOL_SET;
	in.w[0] = COLOUR;
	ustub_mint_process(&in.cap, CT_PROCESS, CR_READ, init);
	ck_assert_int_eq(pool_process_invoke(&in, init), INV_ERR_RIGHTS);
	ustub_mint_process(&in.cap, CT_PROCESS, CR_ALL, init);
	cap_weaken(&in.cap);
	ck_assert_int_eq(pool_process_invoke(&in, init), INV_ERR_RIGHTS);
	ck_assert_uint_eq(init->pool, FAST);
	/* reading needs no right */
	in.op = PROC_OP_POOL_GET;
	ck_assert_int_eq(pool_process_invoke(&in, init), INV_OK);
	ck_assert_uint_eq(in.out[0], FAST);
}
END_TEST

START_TEST(pool_process_at)
{
	uint64_t pa;

	/* init's first program page: placed in init's pool */
	ck_assert_int_eq(self(PROC_OP_POOL_AT, 0x08048000u + 0x123), INV_OK);
	ck_assert_uint_eq(ustub_result(init, 1), FAST);
	pa = (uint64_t)ustub_result(init, 3) << 32 | ustub_result(init, 2);
	ck_assert_uint_ge(pa, 0x400000);
	ck_assert_uint_lt(pa, 0x800000);
	ck_assert_uint_eq(pa % PAGE_SIZE, 0);
	/* nothing mapped there */
	ck_assert_int_eq(self(PROC_OP_POOL_AT, 0x10000000u), INV_ERR_ADDR);
}
END_TEST

static int take_in(unsigned frames, unsigned pool)
{
	return ustub_invoke(init, RANGE_REG, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, frames,
			    RANGE_TAKE_POOL(pool), 0, 0, 0);
}

/* Holding runs in a pool: a plain pool gives runs; a striped one gives
 * single frames, none of them next to another of its own. */
START_TEST(pool_take_runs_in_pools)
{
	pa_t pa;

	ck_assert_int_eq(take_in(4, FAST), INV_OK);
	pa = (pa_t)ustub_result(init, 2) << 32 | ustub_result(init, 1);
	for (unsigned k = 0; k < 4; k++)
		ck_assert_uint_eq(pool_of_pa(pa + k * PAGE_SIZE), FAST);
	ck_assert_int_eq(take_in(1, COLOUR), INV_OK);
	pa = (pa_t)ustub_result(init, 2) << 32 | ustub_result(init, 1);
	ck_assert_uint_eq(pool_of_pa(pa), COLOUR);
	ck_assert_uint_eq(pa % 0x4000, 0); /* the first frame of each 16 KiB step */
	ck_assert_int_eq(take_in(2, COLOUR), INV_ERR_NO_FRAMES);
	ck_assert(!pool_run_in(pa, 2, COLOUR));
	ck_assert(pool_run_in(pa, 1, COLOUR));
	ck_assert(!pool_run_in(pa, 1, FAST));
	/* outside every pool */
	ck_assert(!pool_run_in(0x1f000000, 1, FAST));
	ck_assert_uint_eq(pool_frames(pool_count()), 0);
	ck_assert_uint_eq(pool_cache_of_pa(pa), POOL_CACHE_UC);
	ck_assert_uint_eq(pool_cache_of_pa(0x1f000000), POOL_CACHE_WB);
}
END_TEST

Suite *pool_info_suite(void)
{
	Suite *s = suite_create("pool_info");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, boot_fx_teardown);
	tcase_add_test(tc, pool_info_range_and_shape);
	tcase_add_test(tc, pool_info_name);
	tcase_add_test(tc, pool_info_through_meminfo);
	tcase_add_test(tc, pool_info_refusals);
	tcase_add_test(tc, pool_process_current);
	tcase_add_test(tc, pool_process_set_needs_strong_write);
	tcase_add_test(tc, pool_process_at);
	tcase_add_test(tc, pool_take_runs_in_pools);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(pool_info)
