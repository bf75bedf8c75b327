/* Unit tests for the boot loader (kernel/boot/loader.c) and the PIE support of
 * the ELF validator (obstore/elf.c): ET_DYN programs for ColdFire with
 * R_68K_RELATIVE relocations, and whole images loaded into a fake machine. */
#include <check.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/loader.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/sched.h>
#include <lib/bytes.h>
#include <stdio.h>
#include <stdlib.h>

#include "elf_fixture.h"
#include "image_fixture.h"
#include "kstub.h"
#include "unit.h"
#include "ustub.h"

/* A PIE for EM_68K linked at 0: one RWX PT_LOAD over the whole file, a
 * PT_DYNAMIC naming two R_68K_RELATIVE relocations of the words at 0x80
 * and 0x84. */
#define PIE_ENTRY 0x74
#define PIE_DYN 0x90
#define PIE_RELA 0xb0
#define PIE_SIZE 0xc8

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void pie_build(uint8_t *f)
{
	static const uint8_t ident[8] = { 0x7f, 'E', 'L', 'F', 1, 2, 1, 0 };
	uint8_t *ph = f + 52;

	memset(f, 0, PIE_SIZE);
	memcpy(f, ident, sizeof(ident));
	be16(f + 16, ELF_ET_DYN);
	be16(f + 18, ELF_EM_68K);
	be32(f + 20, 1);
	be32(f + 24, PIE_ENTRY);
	be32(f + 28, 52);
	be16(f + 40, 52);
	be16(f + 42, 32);
	be16(f + 44, 2);
	/* PT_LOAD: offset 0, vaddr 0, filesz PIE_SIZE, memsz + 0x100, rwx */
	be32(ph, 1);
	be32(ph + 16, PIE_SIZE);
	be32(ph + 20, PIE_SIZE + 0x100);
	be32(ph + 24, 7);
	/* PT_DYNAMIC */
	be32(ph + 32, 2);
	be32(ph + 36, PIE_DYN);
	be32(ph + 40, PIE_DYN);
	be32(ph + 48, 32);
	be32(ph + 52, 32);
	be32(ph + 56, 6);
	/* DT_RELA, DT_RELASZ, DT_RELAENT, DT_NULL */
	be32(f + PIE_DYN, 7);
	be32(f + PIE_DYN + 4, PIE_RELA);
	be32(f + PIE_DYN + 8, 8);
	be32(f + PIE_DYN + 12, 24);
	be32(f + PIE_DYN + 16, 9);
	be32(f + PIE_DYN + 20, 12);
	be32(f + 0x80, 0xdeadbeef);
	be32(f + PIE_RELA, 0x80);
	be32(f + PIE_RELA + 4, ELF_R_68K_RELATIVE);
	be32(f + PIE_RELA + 8, 0x10);
	be32(f + PIE_RELA + 12, 0x84);
	be32(f + PIE_RELA + 16, ELF_R_68K_RELATIVE);
	be32(f + PIE_RELA + 20, 0x200);
}

START_TEST(loader_pie_relocates)
{
	uint8_t f[PIE_SIZE], mem[PIE_SIZE + 0x100];
	struct elf_info info;
	struct elf_error why;

	pie_build(f);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_OK);
	ck_assert_uint_eq(info.type, ELF_ET_DYN);
	ck_assert_uint_eq(info.rela_count, 2);
	ck_assert_uint_eq(elf_span_low(&info), 0);
	ck_assert_uint_eq(elf_span_high(&info), 0x1000);
	memset(mem, 0, sizeof(mem));
	memcpy(mem, f, sizeof(f));
	elf_relocate(f, &info, mem, 0x40200000u);
	ck_assert_uint_eq(bytes_be32(mem + 0x80), 0x40200010u);
	ck_assert_uint_eq(bytes_be32(mem + 0x84), 0x40200200u);
	ck_assert_uint_eq(bytes_be32(mem + 0x88), 0);
}
END_TEST

/* What loader_split reads: each relocation's place and addend, and the
 * segment a vaddr lies in, its end included. */
START_TEST(loader_pie_rela_and_segments)
{
	uint8_t f[PIE_SIZE];
	struct elf_info info;
	struct elf_error why;
	uint32_t where, addend;

	pie_build(f);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_OK);
	elf_rela_get(f, &info, 0, &where, &addend);
	ck_assert_uint_eq(where, 0x80);
	ck_assert_uint_eq(addend, 0x10);
	elf_rela_get(f, &info, 1, &where, &addend);
	ck_assert_uint_eq(where, 0x84);
	ck_assert_uint_eq(addend, 0x200);
	ck_assert_uint_eq(info.nload, 1);
	ck_assert_uint_eq(elf_segment_of(&info, 0), 0);
	ck_assert_uint_eq(elf_segment_of(&info, PIE_SIZE + 0x100), 0); /* just past: _end */
	ck_assert_uint_eq(elf_segment_of(&info, PIE_SIZE + 0x101), 1); /* none */
}
END_TEST

START_TEST(loader_pie_refusals)
{
	uint8_t f[PIE_SIZE];
	struct elf_info info;
	struct elf_error why;
	char line[200];

	pie_build(f); /* ET_DYN is for ColdFire only */
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_386, &info, &why), ELF_E_TYPE);
	pie_build(f); /* R_68K_32 (1) needs a symbol: refused */
	be32(f + PIE_RELA + 16, 1);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_RELOC);
	ck_assert_int_gt(elf_describe(&why, line, sizeof(line)), 0);
	ck_assert_ptr_nonnull(strstr(line, "R_68K_RELATIVE"));
	pie_build(f); /* a target outside every segment */
	be32(f + PIE_RELA + 12, 0x5000);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_RELOC_RANGE);
	pie_build(f); /* the table itself outside the file bytes */
	be32(f + PIE_DYN + 4, 0x1000);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_RELOC_RANGE);
	pie_build(f); /* DT_NEEDED: a shared library */
	be32(f + PIE_DYN + 16, 1);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_DYNAMIC);
	pie_build(f); /* DT_REL instead of DT_RELA */
	be32(f + PIE_DYN, 17);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_RELOC);
	pie_build(f); /* a fixed-address program still may not be dynamic */
	be16(f + 16, ELF_ET_EXEC);
	ck_assert_int_eq(elf_check(f, sizeof(f), ELF_EM_68K, &info, &why), ELF_E_DYNAMIC);
}
END_TEST

static int load(struct image_fixture *fx, char *why)
{
	size_t len;
	uint8_t *img = image_fixture_write(fx, &len);
	int r = loader_load(img, len, fx->arch, why, 200);

	free(img);
	return r;
}

START_TEST(loader_i386_image)
{
	struct image_fixture fx;
	struct process *init, *peer;
	char why[200] = "";

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	ck_assert_int_eq(load(&fx, why), 0);
	ledger_check();
	init = proc_find(1);
	peer = proc_find(2);
	ck_assert_ptr_nonnull(init);
	ck_assert_ptr_nonnull(peer);
	ck_assert_uint_eq(init->state, PS_RUNNABLE);
	ck_assert_uint_eq(init->prio, 10);
	ck_assert_ptr_eq(sched_pick(), peer); /* priority 31 */
	/* two program pages and four stack pages each, mapped at their vaddr */
	ck_assert_uint_eq(init->mapped, 2 + LOADER_STACK_PAGES);
	/* the first 2 MiB boundary with room for the stack above the program */
	ck_assert_uint_eq(init->regs.sp, 0x08200000u);
	ck_assert_uint_eq(init->regs.pc, 0x08048010u);
	ck_assert_uint_eq(init->cregs[0].type, CT_CONSOLE);
	ck_assert_uint_eq(init->cregs[2].type, CT_ENDPOINT);
	ck_assert_uint_eq(init->cregs[2].rights & CR_WRITE, 0);
	ck_assert_uint_eq(init->cregs[3].rights & CR_EXEC, 0);
	ck_assert_uint_eq(init->cregs[15].type, CT_CAPPAGE);
	ck_assert(init->cregs[15].rights & CR_WEAK);
	ck_assert_uint_eq(init->fault.type, CT_ENDPOINT);
	/* the page's contents, the CapPage's capabilities */
	ck_assert_mem_eq(objmem_kva(cap_pa(&init->cregs[3])), "hello world", 11);
	ck_assert_uint_eq(((struct cap *)objmem_kva(cap_pa(&init->cregs[15])))[0].type, CT_PROCESS);
	ck_assert_uint_eq(((struct cap *)objmem_kva(cap_pa(&init->cregs[15])))[255].type,
			  CT_BUDGET);
	/* every object is counted: 2 processes + 2x2 tables... all in objects */
	ck_assert_uint_gt(ledger_count(LEDGER_OBJECTS), 2 * (3 + LOADER_STACK_PAGES));
	/* A whole-frame object carries its record's OID; the endpoint shares a
	 * pot, whose frame is named by its first object's OID. */
	ck_assert_uint_eq(pagehdr_oid(pagehdr_of_pa(cap_pa(&init->cregs[3]))),
			  image_record_oid(FX_GREET));
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(cap_pa(&init->cregs[2]))), OT_ENDPOINT);
	ck_assert_uint_eq(pagehdr_ot_index(pagehdr_of_pa(cap_pa(&init->cregs[3]))), OT_PAGE);
}
END_TEST

/* i386 segments sharing pages: the data starts in the text's page (which
 * becomes writable), its bss reaches two pages no file byte lands in, and
 * an execute-only segment starts in the bss's last page (which stays as it
 * is). Each page is made once; the file bytes land at their offsets. */
START_TEST(loader_i386_shared_pages)
{
	struct image_fixture fx;
	struct elf_fixture e;
	struct process *init;
	char why[200] = "";
	const uint32_t base = 0x08048000u;
	const uint8_t *k;
	pa_t pa[3];
	bool w[3];
	size_t n;

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	memset(&e, 0, sizeof(e));
	e.machine = ELF_EM_386;
	e.entry = base + 0x10;
	e.nphdr = 3;
	e.phdr[0] = (struct elf_fixture_phdr){ 1, base, 0x100, 0x100, ELF_PF_R | ELF_PF_X };
	e.phdr[1] = (struct elf_fixture_phdr){ 1, base + 0x800, 0x80, 0x2000, ELF_PF_R | ELF_PF_W };
	e.phdr[2] = (struct elf_fixture_phdr){ 1, base + 0x2800, 0x10, 0x10, ELF_PF_X };
	n = elf_fixture_build(&e, fx.blob + fx.blob_len, sizeof(fx.blob) - fx.blob_len);
	ck_assert_uint_gt(n, 0);
	fx.rec[FX_HELLO].u.program = (struct image_program){ .blob_offset = fx.blob_len,
							     .blob_length = (uint32_t)n,
							     .pool = IMAGE_NONE };
	fx.blob_len += (uint32_t)(n + 3) & ~3u;
	host_console_reset();
	ck_assert_msg(load(&fx, why) == 0, "%s", why);
	ledger_check();
	ck_assert_ptr_nonnull(strstr(host_console, "loader: init segment 0 (r-x) -> pool "));
	ck_assert_ptr_nonnull(strstr(host_console, "loader: init segment 1 (rw-) -> pool "));
	ck_assert_ptr_nonnull(strstr(host_console, "loader: init segment 2 (--x) -> pool "));
	init = proc_find(1);
	ck_assert_ptr_nonnull(init);
	/* three program pages (in the order first made) and the stack */
	ck_assert_uint_eq(ustub_mapped(init), 3 + LOADER_STACK_PAGES);
	for (unsigned i = 0; i < 3; i++)
		ck_assert(ustub_map_at(init, i, &pa[i], &w[i]));
	ck_assert(w[0]); /* the text's page, upgraded by the data */
	ck_assert(w[1]);
	ck_assert(w[2]); /* the bss's, which the --x segment left as it was */
	k = objmem_kva(pa[0]);
	ck_assert_uint_eq(k[0], 0xa0);
	ck_assert_uint_eq(k[0xff], 0xa0);
	ck_assert_uint_eq(k[0x100], 0);
	ck_assert_uint_eq(k[0x800], 0xa1);
	ck_assert_uint_eq(k[0x87f], 0xa1);
	ck_assert_uint_eq(k[0x880], 0);
	k = objmem_kva(pa[1]);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		ck_assert_uint_eq(k[i], 0);
	k = objmem_kva(pa[2]);
	ck_assert_uint_eq(k[0x7ff], 0);
	ck_assert_uint_eq(k[0x800], 0xa2);
	ck_assert_uint_eq(k[0x80f], 0xa2);
	ck_assert_uint_eq(k[0x810], 0);
}
END_TEST

/* The i386 stack goes to the first 2 MiB boundary with room for it above the
 * program, and never past user space. */
START_TEST(loader_stack_top)
{
	struct elf_info info = { 0 };

	info.nload = 2;
	info.load[0] = (struct elf_segment){ .vaddr = 0x400000, .memsz = 0x1000 };
	info.load[1] = (struct elf_segment){ .vaddr = 0x401000, .memsz = 0x2000 };
	ck_assert_uint_eq(loader_stack_top_i386(&info), 0x600000);
	info.load[1].memsz = 0x1fb000; /* ends 0x5fc000: the stack just fits */
	ck_assert_uint_eq(loader_stack_top_i386(&info), 0x600000);
	info.load[1].memsz = 0x1fc000; /* one page more: the next boundary */
	ck_assert_uint_eq(loader_stack_top_i386(&info), 0x800000);
	info.load[1] = (struct elf_segment){ .vaddr = 0xbfff0000u, .memsz = 0x1000 };
	ck_assert_uint_eq(loader_stack_top_i386(&info), ARCH_USER_END);
}
END_TEST

START_TEST(loader_coldfire_pie_shared)
{
	struct image_fixture fx;
	struct process *init, *peer;
	uint8_t pie[PIE_SIZE];
	char why[200] = "";
	pa_t base, peer_base;
	bool w;

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_COLDFIRE);
	pie_build(pie);
	memcpy(fx.blob + fx.blob_len, pie, sizeof(pie));
	fx.rec[FX_HELLO].u.program = (struct image_program){ .blob_offset = fx.blob_len,
							     .blob_length = sizeof(pie),
							     .pool = IMAGE_NONE };
	fx.blob_len += sizeof(pie);
	/* two processes of one PIE program: each gets its own copy */
	fx.rec[FX_INIT].u.process.entry = PIE_ENTRY;
	fx.rec[FX_PEER].u.process.program = FX_HELLO;
	fx.rec[FX_PEER].u.process.entry = PIE_ENTRY;
	ck_assert_int_eq(load(&fx, why), 0);
	ledger_check();
	init = proc_find(1);
	peer = proc_find(2);
	ck_assert(ustub_map_at(init, 0, &base, &w));
	ck_assert(ustub_map_at(peer, 0, &peer_base, &w));
	ck_assert_uint_eq(init->regs.pc, base + PIE_ENTRY);
	ck_assert_uint_eq(bytes_be32((uint8_t *)objmem_kva(base) + 0x80), base + 0x10);
	ck_assert_uint_ne(peer_base, base);
	ck_assert_uint_eq(peer->regs.pc, peer_base + PIE_ENTRY);
}
END_TEST

static void fx_program(struct image_fixture *fx, uint32_t rec, uint32_t base)
{
	struct elf_fixture e;
	size_t n;

	elf_fixture_default(&e, ELF_EM_68K, base);
	n = elf_fixture_build(&e, fx->blob + fx->blob_len, sizeof(fx->blob) - fx->blob_len);
	ck_assert_uint_gt(n, 0);
	fx->rec[rec].u.program = (struct image_program){ .blob_offset = fx->blob_len,
							 .blob_length = (uint32_t)n,
							 .pool = IMAGE_NONE };
	fx->blob_len += (uint32_t)(n + 3) & ~3u;
}

/* Fixed-address ColdFire programs (ET_EXEC, no relocations) whose link
 * addresses are free banked frames: loaded there, started at their entry.
 * A page record without contents is a zeroed page. */
START_TEST(loader_coldfire_fixed_address)
{
	struct image_fixture fx;
	struct process *init, *peer;
	char why[200] = "";

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_COLDFIRE);
	fx_program(&fx, FX_HELLO, 0x120000);
	fx_program(&fx, FX_OTHER, 0x140000);
	fx.rec[FX_INIT].u.process.entry = 0x120010;
	fx.rec[FX_PEER].u.process.entry = 0x140010;
	fx.rec[FX_GREET].u.page.blob_length = 0;
	host_console_reset();
	ck_assert_msg(load(&fx, why) == 0, "%s", why);
	ledger_check();
	ck_assert_ptr_nonnull(strstr(
		host_console, "loader: init segment 0 (r-x) -> pool (none) (fixed address)\n"));
	ck_assert_ptr_nonnull(strstr(
		host_console, "loader: peer segment 1 (rw-) -> pool (none) (fixed address)\n"));
	init = proc_find(1);
	peer = proc_find(2);
	ck_assert_ptr_nonnull(init);
	ck_assert_ptr_nonnull(peer);
	ck_assert_uint_eq(init->regs.pc, 0x120010);
	ck_assert_uint_eq(peer->regs.pc, 0x140010);
	ck_assert_uint_eq(init->regs.arg[0], 0);
	ck_assert_uint_eq(((uint8_t *)objmem_kva(0x120000))[0xff], 0xa0);
	ck_assert_uint_eq(((uint8_t *)objmem_kva(0x121000))[0x7f], 0xa1);
	ck_assert_uint_eq(((uint8_t *)objmem_kva(0x121000))[0x80], 0);
	ck_assert_uint_eq(((uint8_t *)objmem_kva(0x141000))[0], 0xa1);
	/* the page without contents */
	ck_assert_uint_eq(((uint8_t *)objmem_kva(cap_pa(&init->cregs[3])))[0], 0);
}
END_TEST

START_TEST(loader_refusals)
{
	struct image_fixture fx;
	char why[200] = "";
	size_t len;
	uint8_t *img;

	ustub_machine(128);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	ck_assert_int_ne(loader_load(img, len, IMAGE_ARCH_COLDFIRE, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "arch"));
	img[0] = 'X';
	ck_assert_int_ne(loader_load(img, len, IMAGE_ARCH_I386, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "magic"));
	free(img);
	/* a fixed-address ColdFire program whose frames are not banked here */
	image_fixture_init(&fx, IMAGE_ARCH_COLDFIRE);
	ck_assert_int_ne(load(&fx, why), 0);
	ck_assert_ptr_nonnull(strstr(why, "not free banked frames"));
	/* banked frames run out */
	ustub_machine(6);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	ck_assert_int_ne(load(&fx, why), 0);
	ck_assert_ptr_nonnull(strstr(why, "banked frames exhausted"));
	ledger_check();
}
END_TEST

/* The image's slot numbers index the kernel's arrays: a process's CAP_REGS
 * registers and a CapPage's CAPPAGE_SLOTS slots. One past either is refused
 * with a message naming it, before any object is made; the last slot of
 * each is filled (loader_i386_image). */
START_TEST(loader_slot_bounds)
{
	struct image_fixture fx;
	char why[200] = "";
	uint64_t objects;
	char want[64];

	ustub_machine(128);
	objects = ledger_count(LEDGER_OBJECTS);
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	ck_assert_uint_eq(fx.cap[4].slot, CAP_REGS - 1);
	fx.cap[4].slot = CAP_REGS;
	ck_assert_int_ne(load(&fx, why), 0);
	snprintf(want, sizeof(want), "slot %u is beyond the %u slots", (unsigned)CAP_REGS,
		 (unsigned)CAP_REGS);
	ck_assert_msg(strstr(why, want) && strstr(why, "process 'init'"), "%s", why);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ck_assert_ptr_null(proc_find(1));
	image_fixture_init(&fx, IMAGE_ARCH_I386);
	ck_assert_uint_eq(fx.cap[8].slot, CAPPAGE_SLOTS - 1);
	fx.cap[8].slot = CAPPAGE_SLOTS;
	ck_assert_int_ne(load(&fx, why), 0);
	snprintf(want, sizeof(want), "slot %u is beyond the %u slots", (unsigned)CAPPAGE_SLOTS,
		 (unsigned)CAPPAGE_SLOTS);
	ck_assert_msg(strstr(why, want) && strstr(why, "cappage 'cp0'"), "%s", why);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects);
	ledger_check();
}
END_TEST

Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, loader_pie_relocates);
	tcase_add_test(tc, loader_pie_refusals);
	tcase_add_test(tc, loader_pie_rela_and_segments);
	tcase_add_test(tc, loader_i386_image);
	tcase_add_test(tc, loader_i386_shared_pages);
	tcase_add_test(tc, loader_stack_top);
	tcase_add_test(tc, loader_coldfire_pie_shared);
	tcase_add_test(tc, loader_coldfire_fixed_address);
	tcase_add_test(tc, loader_refusals);
	tcase_add_test(tc, loader_slot_bounds);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(loader)
