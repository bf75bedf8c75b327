/* Unit tests for the boot loader (kernel/boot/loader.c) when the budget
 * runs out: on a machine one frame too small at every point of the load,
 * the image is refused with a reason naming the record it was making and
 * that banked frames ran out; and on a machine just big enough it loads.
 * Segments that share a page share one frame. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/loader.h>
#include <kernel/obj.h>

#include "elf_fixture.h"
#include "image_fixture.h"
#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* Loads the fixture's image on a machine of `frames` banked frames. */
static int load_on(unsigned frames, char *why, size_t whylen)
{
	struct image_fixture fx;
	size_t len;
	uint8_t *img;
	int r;

	ustub_machine(frames);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	why[0] = 0;
	r = loader_load(img, len, fx.arch, why, whylen);
	free(img);
	return r;
}

START_TEST(loader_every_shortage_refused)
{
	char why[200];
	unsigned frames = 0, refusals = 0;

	/* from nothing up, until the image fits */
	while (load_on(frames, why, sizeof(why)) != 0) {
		ck_assert_msg(strstr(why, "record ") == why, "%u frames: '%s'", frames, why);
		ck_assert_msg(strstr(why, ": banked frames exhausted"), "%u frames: '%s'", frames,
			      why);
		ledger_check(); /* what it made stays, counted where it is */
		refusals++;
		frames++;
		ck_assert_uint_lt(frames, 256);
	}
	ck_assert_uint_gt(refusals, 10);
	/* just enough: everything was used, and both processes are there */
	ck_assert_ptr_nonnull(proc_find(1));
	ck_assert_ptr_nonnull(proc_find(2));
	ledger_check();
}
END_TEST

/* Two segments in one page: the page is made once, and writable because
 * the data segment is. */
START_TEST(loader_segments_share_a_page)
{
	struct image_fixture fx;
	struct elf_fixture e;
	struct process *init;
	size_t n, len;
	uint8_t *img;
	char why[200] = "";
	unsigned writable = 0, pages;

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	elf_fixture_default(&e, 3, 0x08048000);
	e.phdr[1].vaddr = 0x08048200; /* data right after code, same page */
	n = elf_fixture_build(&e, fx.blob + fx.blob_len, sizeof(fx.blob) - fx.blob_len);
	ck_assert_uint_gt(n, 0);
	fx.rec[FX_HELLO].u.program.blob_offset = fx.blob_len;
	fx.rec[FX_HELLO].u.program.blob_length = (uint32_t)n;
	fx.blob_len += (uint32_t)(n + 3) & ~3u;
	img = image_fixture_write(&fx, &len);
	ck_assert_int_eq(loader_load(img, len, fx.arch, why, sizeof(why)), 0);
	free(img);
	init = proc_find(1);
	pages = ustub_mapped(init);
	ck_assert_uint_eq(pages, 1 + LOADER_STACK_PAGES);
	for (unsigned i = 0; i < pages; i++) {
		pa_t pa;
		bool w;

		ck_assert(ustub_map_at(init, i, &pa, &w));
		writable += w;
	}
	ck_assert_uint_eq(writable, pages); /* the shared page and the stack */
	ledger_check();
}
END_TEST

Suite *loader_budget_suite(void)
{
	Suite *s = suite_create("loader_budget");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, loader_every_shortage_refused);
	tcase_add_test(tc, loader_segments_share_a_page);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(loader_budget)
