/* Unit tests for a ColdFire -msep-data program parted across pools
 * (kernel/boot/loader_split.c) and for the one-run load it falls back to
 * (kernel/boot/loader.c, loader_run): ColdFire images loaded by loader_load
 * into a fake machine whose RAM holds the image's two pools. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/loader.h>
#include <kernel/loader_place.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/pmem.h>
#include <kernel/pool.h>
#include <lib/bytes.h>

#include "elf_fixture.h"
#include "image_fixture.h"
#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* The machine: 256 banked frames from 1 MiB, then ustub's reserve. The
 * image's pool "fast" (FX_SYSTEM) and "colour" (FX_COLOUR) take 64 frames
 * each of it; the rest lies in no pool. */
#define MACHINE_FRAMES 256
#define FAST_START 0x140000u
#define COLOUR_START 0x180000u
#define POOL_LEN 0x40000u

/* The program, linked at 0: text (r-x) at 0 and data (rw-) at DATA_VA whose
 * file bytes cross a page and whose memory reaches a third page. The
 * relocation table lies in the text; the three relocations each point
 * into a segment: data -> text, data -> data (across a page), text -> data. */
#define TEXT_SIZE 0x100u
#define DATA_VA 0x1f80u
#define DATA_FILE 0x100u
#define DATA_MEM 0x1100u
#define ENTRY 0x10u
#define RELA_VA 0x80u
#define NRELA 3
#define HDRS (52u + 32u * 3u)

static uint32_t rela[NRELA][2] = {
	{ 0x1ffe, 0x10 }, /* where, addend: a data word across 0x2000 -> text */
	{ 0x2010, 0x3000 }, /* data -> the data's bss */
	{ 0x40, DATA_VA }, /* text -> the data's start */
};

/* The program: two PT_LOADs and a PT_DYNAMIC, data_mem bytes of data. */
static size_t sep_build(uint8_t *f, size_t cap, uint32_t text_flags, uint32_t data_mem,
			uint32_t data_flags)
{
	struct elf_fixture e;
	uint8_t *text = f + HDRS, *dyn = f + HDRS + TEXT_SIZE + DATA_FILE;
	size_t n;

	memset(&e, 0, sizeof(e));
	e.machine = ELF_EM_68K;
	e.entry = ENTRY;
	e.nphdr = 3;
	e.phdr[0] = (struct elf_fixture_phdr){ 1, 0, TEXT_SIZE, TEXT_SIZE, text_flags };
	e.phdr[1] = (struct elf_fixture_phdr){ 1, DATA_VA, DATA_FILE, data_mem, data_flags };
	e.phdr[2] = (struct elf_fixture_phdr){ 2, 0, 32, 32, ELF_PF_R | ELF_PF_W };
	n = elf_fixture_build(&e, f, cap);
	ck_assert_uint_gt(n, 0);
	elf_fixture_put16(f + 16, ELF_ET_DYN, true);
	for (unsigned r = 0; r < NRELA; r++) {
		elf_fixture_put32(text + RELA_VA + 12 * r, rela[r][0], true);
		elf_fixture_put32(text + RELA_VA + 12 * r + 4, ELF_R_68K_RELATIVE, true);
		elf_fixture_put32(text + RELA_VA + 12 * r + 8, rela[r][1], true);
	}
	/* DT_RELA, DT_RELASZ, DT_RELAENT, DT_NULL */
	elf_fixture_put32(dyn, 7, true);
	elf_fixture_put32(dyn + 4, RELA_VA, true);
	elf_fixture_put32(dyn + 8, 8, true);
	elf_fixture_put32(dyn + 12, 12 * NRELA, true);
	elf_fixture_put32(dyn + 16, 9, true);
	elf_fixture_put32(dyn + 20, 12, true);
	elf_fixture_put32(dyn + 24, 0, true);
	return n;
}

static struct image_fixture fx;
/* Where the image lies, when a test says (loader_image_at). */
static pa_t stored_at;

/* A ColdFire image whose processes init and peer both run the program
 * (FX_HELLO) with the given flags; its pools lie in the machine's RAM. */
static void image_setup(uint32_t text_flags, uint32_t data_mem, uint32_t data_flags, uint8_t flags)
{
	size_t n;

	image_fixture_init(&fx, IMAGE_ARCH_COLDFIRE);
	n = sep_build(fx.blob + fx.blob_len, sizeof(fx.blob) - fx.blob_len, text_flags, data_mem,
		      data_flags);
	fx.rec[FX_HELLO].u.program = (struct image_program){ .blob_offset = fx.blob_len,
							     .blob_length = (uint32_t)n,
							     .pool = IMAGE_NONE,
							     .flags = flags };
	fx.blob_len += (uint32_t)(n + 3) & ~3u;
	fx.rec[FX_INIT].u.process.entry = ENTRY;
	fx.rec[FX_PEER].u.process.program = FX_HELLO;
	fx.rec[FX_PEER].u.process.entry = ENTRY;
	fx.rec[FX_SYSTEM].u.pool =
		(struct image_pool){ FAST_START, POOL_LEN, 0, 0, IMAGE_CACHE_WB };
	fx.rec[FX_COLOUR].u.pool =
		(struct image_pool){ COLOUR_START, POOL_LEN, 0, 0, IMAGE_CACHE_WB };
}

static void setup(void)
{
	ustub_machine(MACHINE_FRAMES);
	image_setup(ELF_PF_R | ELF_PF_X, DATA_MEM, ELF_PF_R | ELF_PF_W, IMAGE_PROG_SEPDATA);
}

static void teardown(void)
{
	pool_reset();
}

/* Registers the image's pools over the machine's RAM (as pool_boot does
 * from the memory map), then loads the image; returns loader_load's answer. */
static int load(char *why)
{
	static struct pmem_map map;
	pa_t ram_end = KSTUB_RAM_BASE + ((pa_t)MACHINE_FRAMES << PAGE_SHIFT);
	struct image_view v;
	struct image_error err;
	char pwhy[200] = "";
	size_t len;
	uint8_t *img = image_fixture_write(&fx, &len);
	int r;

	memset(&map, 0, sizeof(map));
	map.e[0] = (struct pmem_entry){ .base = KSTUB_RAM_BASE, .end = ram_end, .cls = PMEM_RAM };
	map.e[1] = (struct pmem_entry){ .base = ram_end,
					.end = ram_end + 4 * PAGE_SIZE,
					.cls = PMEM_RESERVE };
	map.e[0].source = map.e[1].source = -1;
	map.count = 2;
	ck_assert_int_eq(image_parse(img, len, IMAGE_ARCH_COLDFIRE, &v, &err), IMAGE_OK);
	ck_assert_msg(pool_build(NULL, 0, &map, &v, pwhy, sizeof(pwhy)), "%s", pwhy);
	pool_range_attach(kstub_ram_range());
	if (stored_at)
		loader_image_at(stored_at);
	host_console_reset();
	r = loader_load(img, len, IMAGE_ARCH_COLDFIRE, why, 200);
	free(img);
	return r;
}

/* The program's rules: the file's default (colour) for the text, the
 * segment list (fast) for the data. */
static void text_colour_data_fast(void)
{
	struct image_program *prog = &fx.rec[FX_HELLO].u.program;

	prog->pool = FX_COLOUR;
	prog->nsegs = 1;
	prog->seg[0].segment = 1;
	prog->seg[0].pool = FX_SYSTEM;
}

static bool said(const char *s)
{
	return strstr(host_console, s) != NULL;
}

static const char *pool_name(pa_t pa)
{
	const struct pool_desc *d = pool_get(pool_of_pa(pa));

	return d ? d->name : "(none)";
}

/* The frame process p maps at user address va (ColdFire maps 1:1). */
static pa_t frame_at(const struct process *p, uint32_t va)
{
	pa_t pa;
	bool w;

	for (unsigned i = 0; ustub_map_at(p, i, &pa, &w); i++)
		if (pa == va)
			return pa;
	ck_abort_msg("0x%x is not mapped", (unsigned)va);
	return 0;
}

/* Process pid loaded parted: its text in pool text_pool, its data in
 * data_pool (both mapped where they lie), the file bytes in place and the
 * bss zero, each relocation by the bias of its addend's segment. It starts
 * at the entry in its text with d0 the data's displacement from where it
 * would lie beside the text. Returns the text's frame. */
static pa_t check_parted(unsigned pid, const char *text_pool, const char *data_pool)
{
	struct process *p = proc_find(pid);
	const uint8_t *t, *d, *d2;
	uint32_t text_bias, data_bias;
	pa_t text, data;

	ck_assert_ptr_nonnull(p);
	text = p->regs.pc - ENTRY;
	text_bias = (uint32_t)text;
	data_bias = p->regs.arg[0] + text_bias;
	data = data_bias + 0x1000; /* the data's first page, vaddr 0x1000 */
	ck_assert_str_eq(pool_name(text), text_pool);
	ck_assert_str_eq(pool_name(data), data_pool);
	ck_assert_str_eq(pool_name(data + 2 * PAGE_SIZE), data_pool);
	ck_assert_uint_eq(frame_at(p, text), text);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_uint_eq(frame_at(p, data + i * PAGE_SIZE), data + i * PAGE_SIZE);
	ck_assert_uint_eq(ustub_mapped(p), 1 + 3 + LOADER_STACK_PAGES);
	t = objmem_kva(text);
	d = objmem_kva(data);
	d2 = objmem_kva(data + PAGE_SIZE);
	ck_assert_uint_eq(t[0], 0xa0);
	ck_assert_uint_eq(t[TEXT_SIZE - 1], 0xa0);
	ck_assert_uint_eq(t[TEXT_SIZE], 0);
	ck_assert_uint_eq(d[DATA_VA - 0x1000 - 1], 0);
	ck_assert_uint_eq(d[DATA_VA - 0x1000], 0xa1);
	ck_assert_uint_eq(d2[0x7f], 0xa1);
	ck_assert_uint_eq(d2[0x80], 0);
	{
		/* the word across the page, written into both */
		uint8_t w[4] = { d[PAGE_SIZE - 2], d[PAGE_SIZE - 1], d2[0], d2[1] };

		ck_assert_uint_eq(bytes_be32(w), text_bias + 0x10);
	}
	ck_assert_uint_eq(bytes_be32(d2 + 0x10), data_bias + 0x3000);
	ck_assert_uint_eq(bytes_be32(t + 0x40), data_bias + DATA_VA);
	return text;
}

START_TEST(split_text_and_data_apart)
{
	char why[200] = "";

	text_colour_data_fast();
	ck_assert_msg(load(why) == 0, "%s", why);
	ledger_check();
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (file default)\n"));
	ck_assert(said("loader: init segment 1 (rw-) -> pool fast (segment list)\n"));
	ck_assert(said("loader: peer segment 0 (r-x) -> pool colour (file default)\n"));
	ck_assert(said("loader: peer segment 1 (rw-) -> pool fast (segment list)\n"));
	/* each process its own copy */
	ck_assert_uint_ne(check_parted(1, "colour", "fast"), check_parted(2, "colour", "fast"));
}
END_TEST

/* Execute in place: the text where the image lies, the data in the
 * process's current pool, for peer (no pool) any frame. */
START_TEST(split_xip_text_where_stored)
{
	char why[200] = "";

	fx.rec[FX_HELLO].u.program.flags = IMAGE_PROG_SEPDATA | IMAGE_PROG_XIP;
	stored_at = COLOUR_START + 0x20000;
	ck_assert_msg(load(why) == 0, "%s", why);
	ledger_check();
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (where the file is stored)\n"));
	ck_assert(said("loader: init segment 1 (rw-) -> pool fast (current pool)\n"));
	ck_assert(said("loader: peer segment 1 (rw-) -> pool (none) (current pool: any)\n"));
	check_parted(1, "colour", "fast");
	check_parted(2, "colour", "(none)");
}
END_TEST

/* A program whose segments' rules all pick one pool loads as one run, as
 * does one without sepdata (its code reaches its data PC-relative), and
 * one with no writable segment or more than one: d0 is 0. */
static void one_run(const char *want)
{
	char why[200] = "";
	struct process *init;
	pa_t base;
	const uint8_t *k;

	ck_assert_msg(load(why) == 0, "%s", why);
	ledger_check();
	ck_assert_msg(said(want), "no '%s' in:\n%s", want, host_console);
	init = proc_find(1);
	ck_assert_ptr_nonnull(init);
	ck_assert_uint_eq(init->regs.arg[0], 0);
	base = init->regs.pc - ENTRY;
	/* one run of four pages from the text, relocated by one bias */
	ck_assert_uint_eq(ustub_mapped(init), 4 + LOADER_STACK_PAGES);
	k = objmem_kva(base);
	ck_assert_uint_eq(bytes_be32(k + 0x40), (uint32_t)base + DATA_VA);
	ck_assert_uint_eq(bytes_be32((const uint8_t *)objmem_kva(base + 2 * PAGE_SIZE) + 0x10),
			  (uint32_t)base + 0x3000);
}

START_TEST(one_pool_for_all_one_run)
{
	fx.rec[FX_HELLO].u.program.pool = FX_SYSTEM;
	one_run("loader: init segment 1 (rw-) -> pool fast (file default)\n");
	ck_assert(said("loader: init segment 0 (r-x) -> pool fast (file default)\n"));
}
END_TEST

START_TEST(no_sepdata_one_run_with_segment_0)
{
	fx.rec[FX_HELLO].u.program.flags = 0;
	text_colour_data_fast();
	one_run("loader: init segment 1 (rw-) -> pool colour (one run with segment 0)\n");
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (file default)\n"));
}
END_TEST

START_TEST(no_writable_segment_one_run)
{
	image_setup(ELF_PF_R | ELF_PF_X, DATA_MEM, ELF_PF_R, IMAGE_PROG_SEPDATA);
	text_colour_data_fast();
	one_run("loader: init segment 1 (r--) -> pool colour (one run with segment 0)\n");
}
END_TEST

START_TEST(two_writable_segments_one_run)
{
	image_setup(ELF_PF_R | ELF_PF_W | ELF_PF_X, DATA_MEM, ELF_PF_R | ELF_PF_W,
		    IMAGE_PROG_SEPDATA);
	text_colour_data_fast();
	one_run("loader: init segment 1 (rw-) -> pool colour (one run with segment 0)\n");
	ck_assert(said("loader: init segment 0 (rwx) -> pool colour (file default)\n"));
}
END_TEST

static void refused(const char *want)
{
	char why[200] = "";

	ck_assert_int_ne(load(why), 0);
	ck_assert_msg(strcmp(why, want) == 0, "'%s', not '%s'", why, want);
}

START_TEST(split_refused_when_the_pool_is_short)
{
	/* the data's three pages need an aligned run of four of fast's two */
	text_colour_data_fast();
	fx.rec[FX_SYSTEM].u.pool.length = 2 * PAGE_SIZE;
	refused("record 3 ('init'): loading the program: banked frames exhausted");
	ck_assert(said("loader: init segment 0 (r-x) -> pool colour (file default)\n"));
	ck_assert(!said("loader: init segment 1"));
}
END_TEST

START_TEST(split_refused_when_an_addend_lies_outside)
{
	/* The relocated word would point at no segment: no bias to add. */
	rela[1][1] = 0x5000;
	image_setup(ELF_PF_R | ELF_PF_X, DATA_MEM, ELF_PF_R | ELF_PF_W, IMAGE_PROG_SEPDATA);
	text_colour_data_fast();
	refused("record 3 ('init'): loading the program");
}
END_TEST

/* The host port maps at most 32 pages in a process: one more fails as a
 * map out of frames does. */
#define DATA_MEM_32_PAGES (0x21000u - DATA_VA)

START_TEST(split_refused_when_a_map_fails)
{
	image_setup(ELF_PF_R | ELF_PF_X, DATA_MEM_32_PAGES, ELF_PF_R | ELF_PF_W,
		    IMAGE_PROG_SEPDATA);
	text_colour_data_fast();
	refused("record 3 ('init'): loading the program: banked frames exhausted");
	ck_assert_uint_eq(ustub_mapped(proc_find(1)), 32);
}
END_TEST

START_TEST(one_run_refused_when_a_map_fails)
{
	image_setup(ELF_PF_R | ELF_PF_X, DATA_MEM_32_PAGES, ELF_PF_R | ELF_PF_W, 0);
	fx.rec[FX_HELLO].u.program.pool = FX_COLOUR;
	refused("record 3 ('init'): loading the program: banked frames exhausted");
	ck_assert_uint_eq(ustub_mapped(proc_find(1)), 32);
}
END_TEST

START_TEST(stack_refused_when_its_maps_fail)
{
	/* 30 pages of program: the stack's third page is one too many */
	image_setup(ELF_PF_R | ELF_PF_X, 0x1e000u - DATA_VA, ELF_PF_R | ELF_PF_W, 0);
	fx.rec[FX_HELLO].u.program.pool = FX_COLOUR;
	refused("record 3 ('init'): making the stack: banked frames exhausted");
	ck_assert_uint_eq(ustub_mapped(proc_find(1)), 32);
}
END_TEST

START_TEST(stack_refused_when_its_pool_is_short)
{
	/* init's pool, fast, has two frames: its stack needs an aligned four */
	fx.rec[FX_HELLO].u.program.pool = FX_COLOUR;
	fx.rec[FX_SYSTEM].u.pool.length = 2 * PAGE_SIZE;
	refused("record 3 ('init'): making the stack: banked frames exhausted");
}
END_TEST

Suite *loader_split_suite(void)
{
	Suite *s = suite_create("loader_split");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, split_text_and_data_apart);
	tcase_add_test(tc, split_xip_text_where_stored);
	tcase_add_test(tc, one_pool_for_all_one_run);
	tcase_add_test(tc, no_sepdata_one_run_with_segment_0);
	tcase_add_test(tc, no_writable_segment_one_run);
	tcase_add_test(tc, two_writable_segments_one_run);
	tcase_add_test(tc, split_refused_when_the_pool_is_short);
	tcase_add_test(tc, split_refused_when_an_addend_lies_outside);
	tcase_add_test(tc, split_refused_when_a_map_fails);
	tcase_add_test(tc, one_run_refused_when_a_map_fails);
	tcase_add_test(tc, stack_refused_when_its_maps_fail);
	tcase_add_test(tc, stack_refused_when_its_pool_is_short);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(loader_split)
