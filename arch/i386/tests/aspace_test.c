/* i386 user address spaces and the ring-3 plumbing, without the kernel's
 * process layer. Table frames are borrowed from the header region (reserve
 * -> header_region in the ledger, and back), the only frames a ktest may
 * take; the header window maps them too, which lets the tests read them. */
#include <kernel/arch.h>
#include <kernel/hdrregion.h>
#include <kernel/ktest.h>
#include <kernel/user_arch.h>

#include "../aspace.h"
#include "../paging.h"
#include "../segments.h"
#include "../trap.h"

#define TEST_FRAMES 8

struct test_frames {
	struct hdr_block b;
	unsigned given, limit, freed;
	pa_t freed_pa[TEST_FRAMES];
};

static pa_t test_frame_pa(const struct test_frames *tf, unsigned i)
{
	uint32_t page = ((uint32_t)tf->b.va - HDRWIN_BASE) / PAGE_SIZE + i;

	return paging_hdrwin_pts[page / 512][page % 512] & PTE_ADDR_MASK;
}

static void *test_frame_va(const struct test_frames *tf, unsigned i)
{
	return (uint8_t *)tf->b.va + i * PAGE_SIZE;
}

static enum err test_frame(void *ctx, pa_t *pa)
{
	struct test_frames *tf = ctx;

	if (tf->given == tf->limit)
		return ERR_NOMEM;
	*pa = test_frame_pa(tf, tf->given++);
	return ERR_OK;
}

static void test_free(void *ctx, pa_t pa)
{
	struct test_frames *tf = ctx;

	if (tf->freed < TEST_FRAMES)
		tf->freed_pa[tf->freed] = pa;
	tf->freed++;
}

static bool test_frames_get(struct test_frames *tf, unsigned limit)
{
	*tf = (struct test_frames){ .limit = limit };
	return hdrregion_alloc(TEST_FRAMES, &tf->b) == ERR_OK;
}

/* Every frame handed out came back exactly once. */
static bool test_frames_all_freed(const struct test_frames *tf)
{
	if (tf->freed != tf->given)
		return false;
	for (unsigned i = 0; i < tf->given; i++) {
		unsigned n = 0;

		for (unsigned j = 0; j < tf->freed; j++)
			n += tf->freed_pa[j] == test_frame_pa(tf, i);
		if (n != 1)
			return false;
	}
	return true;
}

/* The spaces under test: in the kernel image (direct-mapped, below 4 GiB),
 * 32-byte aligned as the PDPT inside them needs. */
static struct arch_aspace test_space __attribute__((aligned(32)));

static pa_t test_space_pa(const struct arch_aspace *as)
{
	return (uintptr_t)as - KERNEL_VIRT_BASE;
}

static unsigned test_count;

static void test_count_map(void *ctx, struct arch_aspace *as, uintptr_t va, pa_t pa, bool owned)
{
	(void)ctx;
	(void)as;
	(void)va;
	(void)pa;
	test_count += owned ? 0x100 : 1;
}

static const char *aspace_roundtrip(void)
{
	struct test_frames tf;
	struct arch_aspace *asp = &test_space;
	const uint64_t *pdpt = test_space.pdpt;
	pa_t user0, user1, pa = 0;
	const char *why = KTEST_OK;
	bool owned = false;

#define as (*asp)
	if (!test_frames_get(&tf, 5))
		KT_FAIL("no header-region frames to borrow");
	user0 = test_frame_pa(&tf, 6);
	user1 = test_frame_pa(&tf, 7);
	if (arch_aspace_init(&as, test_space_pa(&as), test_frame, &tf) != ERR_OK) {
		hdrregion_free(&tf.b);
		KT_FAIL("arch_aspace_init");
	}
#define CHECK(c)                                                        \
	do {                                                            \
		if (!(c) && !why)                                       \
			why = ktest_fail(__FILE__, __LINE__, "%s", #c); \
	} while (0)
	CHECK(pdpt && pdpt[3] == (paging_kernel_pd() | PTE_P));
	CHECK(pdpt && !pdpt[0] && !pdpt[1] && !pdpt[2]);
	CHECK(tf.given == 0); /* the PDPT is in the space itself */
	CHECK(arch_aspace_tables_needed(&as, 0x400000) == 2);
	CHECK(arch_aspace_map(&as, 0x400000, user0, true, true, false, test_frame, &tf) == ERR_OK);
	CHECK(tf.given == 2); /* one PD, one PT */
	CHECK(arch_aspace_tables_needed(&as, 0x401000) == 0);
	CHECK(arch_aspace_tables_needed(&as, 0x600000) == 1);
	CHECK(arch_aspace_map(&as, 0x40001000, user1, false, false, true, test_frame, &tf) ==
	      ERR_OK);
	CHECK(tf.given == 4);
	CHECK(arch_aspace_tables(&as) == 4);
	CHECK(pdpt[0] == (test_frame_pa(&tf, 0) | PTE_P) &&
	      pdpt[1] == (test_frame_pa(&tf, 2) | PTE_P) && !pdpt[2]);
	CHECK(aspace_pte(&as, 0x400000) == (user0 | PTE_P | PTE_U | PTE_W));
	CHECK(aspace_pte(&as, 0x40001000) == (user1 | PTE_P | PTE_U | paging_nx | 0x200));
	CHECK(arch_aspace_lookup(&as, 0x40001000, &pa, &owned) == ERR_OK && pa == user1 && owned);
	CHECK(arch_aspace_lookup(&as, 0x400000, &pa, &owned) == ERR_OK && pa == user0 && !owned);
	CHECK(arch_aspace_lookup(&as, 0x402000, &pa, &owned) == ERR_NOTFOUND);
	CHECK(arch_aspace_map(&as, 0x400000, user1, true, true, false, test_frame, &tf) ==
	      ERR_BUSY);
	CHECK(arch_aspace_map(&as, 0x401000, user1, true, true, false, test_frame, &tf) == ERR_OK);
	CHECK(tf.given == 4); /* same page table */
	test_count = 0;
	arch_aspace_each(&as, test_count_map, NULL);
	CHECK(test_count == 0x102); /* two plain mappings, one owned */
	CHECK(arch_aspace_map(&as, 0x402800, user1, true, true, false, test_frame, &tf) ==
	      ERR_INVAL);
	CHECK(arch_aspace_map(&as, 0xC0000000, user1, true, true, false, test_frame, &tf) ==
	      ERR_INVAL);
	CHECK(arch_aspace_map(&as, 0x403000, user1 + 8, true, true, false, test_frame, &tf) ==
	      ERR_INVAL);
	CHECK(arch_aspace_map(&as, 0x80000000, user1, true, true, false, test_frame, &tf) ==
	      ERR_NOMEM); /* it needs a PD and a PT; one frame is left */

	CHECK(arch_aspace_check(&as, 0x400000, 2 * PAGE_SIZE, true));
	CHECK(arch_aspace_check(&as, 0x400ffc, 8, true));
	CHECK(!arch_aspace_check(&as, 0x401ffc, 8, false)); /* runs into 0x402000 */
	CHECK(arch_aspace_check(&as, 0x40001000, PAGE_SIZE, false));
	CHECK(!arch_aspace_check(&as, 0x40001000, 1, true));
	CHECK(!arch_aspace_check(&as, 0xC0000000, 4, false));
	CHECK(!arch_aspace_check(&as, 0xBFFFF000, 0x2000, false));
	CHECK(!arch_aspace_check(&as, 0x400000, 0xFFFFFFFFu, false));
	CHECK(arch_aspace_check(&as, 0x400000, 0, true));

	CHECK(arch_aspace_unmap(&as, 0x401000, &pa) == ERR_OK && pa == user1);
	CHECK(!arch_aspace_check(&as, 0x401000, 1, false));
	CHECK(arch_aspace_unmap(&as, 0x401000, &pa) == ERR_NOTFOUND);
	CHECK(arch_aspace_unmap(&as, 0x80000000, &pa) == ERR_NOTFOUND);
	CHECK(arch_aspace_unmap(&as, 0xC0000000, &pa) == ERR_INVAL);
	CHECK(arch_aspace_unmap(&as, 0x40001000, &pa) == ERR_OK && pa == user1);

	arch_aspace_destroy(&as, test_free, &tf);
	CHECK(test_frames_all_freed(&tf));
	CHECK(!as.pdpt_pa && !as.pdpt[0] && !as.pdpt[1] && !as.pdpt[2] && !arch_aspace_tables(&as));
	hdrregion_free(&tf.b);
#undef as
	return why;
}

KTEST(aspace_map_check_unmap_destroy)
{
	unsigned long irq = arch_irq_save();
	const char *why = aspace_roundtrip();

	arch_irq_restore(irq);
	return why;
}

/* The same walk with every table reached through the transient window. */
KTEST(aspace_tables_through_tmap)
{
	unsigned long irq = arch_irq_save();
	const char *why;

	aspace_tmap_always = true;
	why = aspace_roundtrip();
	aspace_tmap_always = false;
	arch_irq_restore(irq);
	return why;
}

KTEST(aspace_out_of_frames)
{
	struct test_frames tf;
	struct arch_aspace *as = &test_space;
	enum err e1, e2, e3;
	bool all_freed;

	if (!test_frames_get(&tf, 0))
		KT_FAIL("no header-region frames to borrow");
	e1 = arch_aspace_init(as, test_space_pa(as) + 8, test_frame, &tf); /* unaligned */
	e2 = arch_aspace_init(as, test_space_pa(as), test_frame, &tf);
	tf.limit = 1;
	e3 = arch_aspace_map(as, 0x1000, test_frame_pa(&tf, 7), true, true, false, test_frame, &tf);
	arch_aspace_destroy(as, test_free, &tf);
	all_freed = test_frames_all_freed(&tf);
	hdrregion_free(&tf.b);
	KT_EQ(e1, ERR_RANGE);
	KT_EQ(e2, ERR_OK);
	KT_EQ(e3, ERR_NOMEM);
	KT_EQ(tf.given, 1); /* a PD; it stays until destroy */
	KT_ASSERT(all_freed);
	return KTEST_OK;
}

static bool pde_or_pte_user(uint64_t e)
{
	return (e & PTE_P) && (e & PTE_U);
}

/* No U bit anywhere under PDPT entry 3: the kernel half is supervisor-only
 * in every space, since they all share this directory. */
KTEST(aspace_kernel_half_supervisor_only)
{
	const uint64_t *pd = arch_kva(paging_kernel_pd());
	unsigned tables = 0;

	for (unsigned i = 0; i < 512; i++) {
		KT_ASSERT(!pde_or_pte_user(pd[i]));
		if (!(pd[i] & PTE_P) || (pd[i] & PTE_PS))
			continue;
		const uint64_t *pt = arch_tmap(TMAP_SLOT_ASPACE, pd[i] & PTE_ADDR_MASK);
		bool user = false;

		for (unsigned j = 0; j < 512; j++)
			user |= pde_or_pte_user(pt[j]);
		arch_tunmap(TMAP_SLOT_ASPACE);
		KT_ASSERT(!user);
		tables++;
	}
	KT_ASSERT(tables >= HDRWIN_PTS + 1); /* the header and transient windows */
	/* QEMU sets bit 5 (accessed) in PDPT entries; real CPUs leave it. */
	KT_EQ(((const uint64_t *)arch_kva(paging_kernel_pdpt()))[3] & (PTE_ADDR_MASK | PTE_P),
	      paging_kernel_pd() | PTE_P);
	return KTEST_OK;
}

/* Runs on the space's own tables: the kernel keeps running (its half is
 * shared), and ring 0 reads the user pages directly. */
static const char *aspace_live_run(struct test_frames *tf)
{
	volatile uint32_t *page6 = test_frame_va(tf, 6), *page7 = test_frame_va(tf, 7);
	volatile uint32_t *user = (volatile uint32_t *)0x1000,
			  *high = (volatile uint32_t *)0x80000000;
	uint32_t kernel_cr3 = paging_cr3();
	struct arch_aspace *asp = &test_space;
	pa_t pa;

#define as (*asp)
	page6[0] = 0x66666666;
	page7[0] = 0x77777777;
	KT_EQ(arch_aspace_init(&as, test_space_pa(&as), test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x1000, test_frame_pa(tf, 6), true, true, false, test_frame, tf),
	      ERR_OK);
	paging_load_cr3(as.pdpt_pa);
	KT_ASSERT(aspace_live(&as));
	KT_EQ(user[0], 0x66666666);
	/* Unmap and remap while live: invlpg must drop the old translation. */
	KT_EQ(arch_aspace_unmap(&as, 0x1000, &pa), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x1000, test_frame_pa(tf, 7), true, true, false, test_frame, tf),
	      ERR_OK);
	KT_EQ(user[0], 0x77777777);
	/* A new PDPT entry while live: it needs a CR3 reload to be seen. */
	KT_EQ(arch_aspace_map(&as, 0x80000000, test_frame_pa(tf, 6), false, true, false, test_frame,
			      tf),
	      ERR_OK);
	KT_EQ(high[0], 0x66666666);
	arch_aspace_destroy(&as, test_free, tf);
	KT_EQ(paging_cr3(), kernel_cr3);
	KT_ASSERT(test_frames_all_freed(tf));
#undef as
	return KTEST_OK;
}

KTEST(aspace_live_switch)
{
	struct test_frames tf;
	unsigned long irq;
	const char *why;
	uint32_t cr3 = paging_cr3();

	if (!test_frames_get(&tf, 6))
		KT_FAIL("no header-region frames to borrow");
	irq = arch_irq_save();
	why = aspace_live_run(&tf);
	if (paging_cr3() != cr3) /* a failed step left the test space loaded */
		paging_load_cr3(cr3);
	arch_irq_restore(irq);
	hdrregion_free(&tf.b);
	return why;
}

/* A table leaves with the last mapping in its range, its directory with
 * the last table under it; tables with mappings left stay, and the frames
 * that leave are exactly the ones taken. */
static const char *aspace_shrink_run(struct test_frames *tf)
{
	struct arch_aspace *asp = &test_space;
	pa_t user = test_frame_pa(tf, 7), pa;

#define as (*asp)
	KT_EQ(arch_aspace_init(&as, test_space_pa(&as), test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x400000, user, true, true, false, test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x401000, user, true, true, false, test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x600000, user, true, true, false, test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_map(&as, 0x80000000, user, true, true, false, test_frame, tf), ERR_OK);
	KT_EQ(arch_aspace_tables(&as), 5);
	KT_EQ(arch_aspace_unmap(&as, 0x400000, &pa), ERR_OK);
	KT_EQ(arch_aspace_shrink(&as, 0x400000, test_free, tf), 0); /* 0x401000 is left */
	KT_EQ(arch_aspace_unmap(&as, 0x401000, &pa), ERR_OK);
	KT_EQ(arch_aspace_shrink(&as, 0x401000, test_free, tf), 1); /* its table */
	KT_EQ(arch_aspace_tables(&as), 4);
	KT_EQ(tf->freed_pa[0], test_frame_pa(tf, 1));
	KT_ASSERT(arch_aspace_check(&as, 0x600000, PAGE_SIZE, true));
	KT_EQ(arch_aspace_tables_needed(&as, 0x400000), 1);
	KT_EQ(arch_aspace_unmap(&as, 0x600000, &pa), ERR_OK);
	KT_EQ(arch_aspace_shrink(&as, 0x600000, test_free, tf), 2); /* table and directory */
	KT_EQ(as.pdpt[0], 0);
	KT_EQ(arch_aspace_tables_needed(&as, 0x400000), 2);
	KT_ASSERT(arch_aspace_check(&as, 0x80000000, PAGE_SIZE, true));
	KT_EQ(arch_aspace_shrink(&as, 0x80000000, test_free, tf), 0); /* still mapped */
	KT_EQ(arch_aspace_unmap(&as, 0x80000000, &pa), ERR_OK);
	KT_EQ(arch_aspace_shrink(&as, 0x80000000, test_free, tf), 2);
	KT_EQ(arch_aspace_tables(&as), 0);
	KT_EQ(arch_aspace_shrink(&as, 0x80000000, test_free, tf), 0); /* nothing there */
	KT_ASSERT(test_frames_all_freed(tf));
	arch_aspace_destroy(&as, test_free, tf);
	KT_EQ(tf->freed, 5); /* nothing left to free */
#undef as
	return KTEST_OK;
}

KTEST(aspace_shrink)
{
	struct test_frames tf;
	const char *why;

	if (!test_frames_get(&tf, 5))
		KT_FAIL("no header-region frames to borrow");
	why = aspace_shrink_run(&tf);
	hdrregion_free(&tf.b);
	return why;
}

KTEST(user_regs_abi)
{
	struct arch_user_regs r;

	r.ebp = 0xdead;
	arch_user_regs_init(&r, 0x1000, 0xbffff000, 42);
	KT_EQ(r.eip, 0x1000);
	KT_EQ(arch_user_pc(&r), 0x1000);
	KT_EQ(r.esp, 0xbffff000);
	KT_EQ(r.eax, 42);
	KT_EQ(r.ebp, 0);
	KT_EQ(r.eflags, 0x202);
	for (unsigned i = 0; i < 6; i++)
		arch_syscall_set(&r, i, 0x100 + i);
	arch_syscall_set(&r, 6, 0x999);
	KT_EQ(r.eax, 0x100);
	KT_EQ(r.ebx, 0x101);
	KT_EQ(r.ecx, 0x102);
	KT_EQ(r.edx, 0x103);
	KT_EQ(r.esi, 0x104);
	KT_EQ(r.edi, 0x105);
	KT_EQ(r.ebp, 0);
	KT_EQ(arch_syscall_arg(&r, 4), 0x104);
	KT_EQ(arch_syscall_arg(&r, 6), 0);
	return KTEST_OK;
}

struct desc_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

/* What the CPU will use on an entry from ring 3: the task register's TSS
 * (ring-0 stack = the top of the kernel stack) and a DPL-3 gate for 0x80. */
KTEST(user_tss_and_syscall_gate)
{
	struct desc_ptr gdtr, idtr;
	uint16_t tr;
	const uint64_t *gdt, *idt;
	uint64_t d, g;
	const uint32_t *tss;
	uint32_t cr0;

	__asm__ volatile("sgdt %0; sidt %1; str %2" : "=m"(gdtr), "=m"(idtr), "=r"(tr));
	gdt = (const uint64_t *)gdtr.base;
	idt = (const uint64_t *)idtr.base;
	KT_EQ(tr, TSS_SEL);
	d = gdt[TSS_SEL >> 3];
	KT_EQ((d >> 40) & 0xff, 0x8b); /* present, ring 0, 32-bit TSS, busy after ltr */
	tss = (const uint32_t *)(uint32_t)(((d >> 16) & 0xffffff) | ((d >> 56) << 24));
	KT_EQ(tss[1], (uint32_t)boot_stack_top);
	KT_EQ(tss[2], KERNEL_DS);
	KT_EQ((gdt[USER_CS >> 3] >> 45) & 3, 3);
	KT_EQ((gdt[USER_DS >> 3] >> 45) & 3, 3);
	g = idt[SYSCALL_VECTOR];
	KT_EQ((g >> 40) & 0xff, 0xee); /* present, DPL 3, 32-bit interrupt gate */
	KT_EQ((g >> 16) & 0xffff, KERNEL_CS);
	KT_EQ((idt[14] >> 45) & 3, 0);
	__asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
	KT_EQ(cr0 & 0x6, 0x4); /* EM set, MP clear: no FPU for ring 3 */
	return KTEST_OK;
}
