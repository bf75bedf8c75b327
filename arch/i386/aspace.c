/* User address spaces: one PAE PDPT per process, kept inside struct
 * arch_aspace itself (doc/abi.md, "i386 user mode"). Entry 3 is the kernel's
 * page directory, the same in every space and without the U bit anywhere
 * below it, so the kernel half is supervisor-only everywhere. The page
 * directories of entries 0-2 and their page tables are taken lazily from the
 * kernel's frame callback; a table that maps nothing any more leaves with
 * arch_aspace_shrink, the rest when the space is destroyed. The
 * tables are the only record of what is mapped: an available PTE bit marks
 * the pages the process owns. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>
#include <kernel/user_arch.h>

#include "aspace.h"
#include "paging.h"

#define TABLE_ENTRIES 512
#define PDPT_USER_ENTRIES 3
#define PDE_USER (PTE_P | PTE_W | PTE_U) /* the PTEs decide writability */
#define PTE_OWNED 0x200u /* available to software: the kernel's "owned" mark */

bool aspace_tmap_always;

static unsigned pdpt_index(uint32_t va)
{
	return va >> 30;
}

static unsigned pd_index(uint32_t va)
{
	return (va >> 21) & (TABLE_ENTRIES - 1);
}

static unsigned pt_index(uint32_t va)
{
	return (va >> PAGE_SHIFT) & (TABLE_ENTRIES - 1);
}

static bool table_direct(pa_t pa)
{
	return pa < paging_direct_top && !aspace_tmap_always;
}

/* A kernel pointer to table frame pa, valid until table_put. No slot is ever
 * held across a call of the frame callback, which may use the window too. */
static uint64_t *table_get(pa_t pa)
{
	uint64_t *t = table_direct(pa) ? arch_kva(pa) : arch_tmap(TMAP_SLOT_ASPACE, pa);

	if (!t)
		panic("aspace: table frame 0x%llx out of reach", (unsigned long long)pa);
	return t;
}

static void table_put(pa_t pa)
{
	if (!table_direct(pa))
		arch_tunmap(TMAP_SLOT_ASPACE);
}

static uint64_t table_read(pa_t table, unsigned i)
{
	uint64_t e = table_get(table)[i];

	table_put(table);
	return e;
}

/* Present bit last on a set, first on a clear: the MMU never walks half an
 * entry. */
static void table_write(pa_t table, unsigned i, uint64_t e)
{
	volatile uint32_t *half = (volatile uint32_t *)&table_get(table)[i];

	half[0] = 0;
	half[1] = (uint32_t)(e >> 32);
	half[0] = (uint32_t)e;
	table_put(table);
}

/* A frame from the kernel's callback, zeroed. A frame the CPU cannot address
 * is the callback's bug, not the caller's input. */
static enum err table_new(arch_frame_fn frame_fn, void *ctx, pa_t *pa)
{
	enum err e = frame_fn(ctx, pa);
	uint64_t *t;

	if (e != ERR_OK)
		return e;
	if (*pa == 0 || (*pa & (PAGE_SIZE - 1)) || *pa >= arch_pa_limit())
		panic("aspace: the frame callback gave pa=0x%llx", (unsigned long long)*pa);
	t = table_get(*pa);
	for (unsigned i = 0; i < TABLE_ENTRIES; i++)
		t[i] = 0;
	table_put(*pa);
	return ERR_OK;
}

bool aspace_live(const struct arch_aspace *as)
{
	return as->pdpt_pa && (pa_t)paging_cr3() == as->pdpt_pa;
}

enum err arch_aspace_init(struct arch_aspace *as, pa_t as_pa, arch_frame_fn frame_fn, void *ctx)
{
	(void)frame_fn;
	(void)ctx;
	*as = (struct arch_aspace){ 0 };
	if (as_pa >= ARCH_ASPACE_PDPT_LIMIT || (as_pa & 31))
		return ERR_RANGE;
	as->pdpt_pa = (uint32_t)as_pa;
	as->pdpt[3] = paging_kernel_pd() | PTE_P;
	return ERR_OK;
}

static pa_t aspace_pd_of(const struct arch_aspace *as, uint32_t va)
{
	uint64_t e = as->pdpt[pdpt_index(va)];

	return (e & PTE_P) ? (pa_t)(e & PTE_ADDR_MASK) : 0;
}

unsigned arch_aspace_tables_needed(const struct arch_aspace *as, uintptr_t va)
{
	pa_t pd;

	if (va >= ARCH_USER_END)
		return 0;
	pd = aspace_pd_of(as, (uint32_t)va);
	if (!pd)
		return 2;
	return (table_read(pd, pd_index((uint32_t)va)) & PTE_P) ? 0 : 1;
}

unsigned arch_aspace_tables(const struct arch_aspace *as)
{
	return as->tables;
}

/* The page directory for va, taken when missing. A new PDPT entry reaches
 * the CPU only through a CR3 load (PAE keeps the four entries in registers). */
static enum err aspace_pd(struct arch_aspace *as, uint32_t va, arch_frame_fn frame_fn, void *ctx,
			  pa_t *pd)
{
	unsigned i = pdpt_index(va);
	enum err e;

	*pd = aspace_pd_of(as, va);
	if (*pd)
		return ERR_OK;
	e = table_new(frame_fn, ctx, pd);
	if (e != ERR_OK)
		return e;
	as->tables++;
	as->pdpt[i] = *pd | PTE_P;
	if (aspace_live(as))
		paging_load_cr3(as->pdpt_pa);
	return ERR_OK;
}

/* The page table for va, taken when missing. */
static enum err aspace_pt(struct arch_aspace *as, pa_t pd, uint32_t va, arch_frame_fn frame_fn,
			  void *ctx, pa_t *pt)
{
	uint64_t pde = table_read(pd, pd_index(va));
	enum err e;

	if (pde & PTE_P) {
		*pt = pde & PTE_ADDR_MASK;
		return ERR_OK;
	}
	e = table_new(frame_fn, ctx, pt);
	if (e != ERR_OK)
		return e;
	as->tables++;
	table_write(pd, pd_index(va), *pt | PDE_USER);
	return ERR_OK;
}

/* The pool's cache attribute in PWT/PCD (paging_cache_bits). */
static uint64_t aspace_cache_bits(pa_t pa)
{
	return paging_cache_bits(pool_cache_of_pa(pa));
}

enum err arch_aspace_map(struct arch_aspace *as, uintptr_t va, pa_t pa, bool writable, bool exec,
			 bool owned, arch_frame_fn frame_fn, void *ctx)
{
	uint64_t pte = pa | PTE_P | PTE_U;
	enum err e;
	pa_t pd, pt;

	if (!as->pdpt_pa || va >= ARCH_USER_END || (va & (PAGE_SIZE - 1)) || (pa & (PAGE_SIZE - 1)))
		return ERR_INVAL;
	if (pa >= arch_pa_limit())
		return ERR_RANGE;
	if (aspace_pte(as, va) & PTE_P)
		return ERR_BUSY;
	e = aspace_pd(as, va, frame_fn, ctx, &pd);
	if (e == ERR_OK)
		e = aspace_pt(as, pd, va, frame_fn, ctx, &pt);
	if (e != ERR_OK)
		return e; /* tables already taken stay, for arch_aspace_destroy */
	if (writable)
		pte |= PTE_W;
	if (!exec)
		pte |= paging_nx;
	pte |= aspace_cache_bits(pa);
	if (owned)
		pte |= PTE_OWNED;
	table_write(pt, pt_index(va), pte);
	return ERR_OK;
}

static enum err aspace_given(void *ctx, pa_t *pa)
{
	*pa = *(pa_t *)ctx;
	return ERR_OK;
}

enum err arch_aspace_add_table(struct arch_aspace *as, uintptr_t va, pa_t pa)
{
	unsigned need = arch_aspace_tables_needed(as, va);
	pa_t pd, pt;

	if (!as->pdpt_pa || !need)
		return ERR_BUSY;
	if (need == 2)
		return aspace_pd(as, (uint32_t)va, aspace_given, &pa, &pd);
	return aspace_pt(as, aspace_pd_of(as, (uint32_t)va), (uint32_t)va, aspace_given, &pa, &pt);
}

uint64_t aspace_pte(const struct arch_aspace *as, uint32_t va)
{
	pa_t pd = va < ARCH_USER_END ? aspace_pd_of(as, va) : 0;
	uint64_t pde;

	if (!pd)
		return 0;
	pde = table_read(pd, pd_index(va));
	if (!(pde & PTE_P))
		return 0;
	return table_read(pde & PTE_ADDR_MASK, pt_index(va));
}

enum err arch_aspace_unmap(struct arch_aspace *as, uintptr_t va, pa_t *pa)
{
	uint64_t pte;
	pa_t pt;

	if (va >= ARCH_USER_END || (va & (PAGE_SIZE - 1)))
		return ERR_INVAL;
	pte = aspace_pte(as, va);
	if (!(pte & PTE_P))
		return ERR_NOTFOUND;
	pt = table_read(aspace_pd_of(as, va), pd_index(va)) & PTE_ADDR_MASK;
	table_write(pt, pt_index(va), 0);
	if (aspace_live(as))
		__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
	*pa = pte & PTE_ADDR_MASK;
	return ERR_OK;
}

static bool table_empty(pa_t table)
{
	const uint64_t *t = table_get(table);
	unsigned i = 0;

	while (i < TABLE_ENTRIES && !(t[i] & PTE_P))
		i++;
	table_put(table);
	return i == TABLE_ENTRIES;
}

unsigned arch_aspace_shrink(struct arch_aspace *as, uintptr_t va, void (*fn)(void *ctx, pa_t pa),
			    void *ctx)
{
	pa_t pd = va < ARCH_USER_END ? aspace_pd_of(as, (uint32_t)va) : 0;
	uint64_t pde;
	bool pd_gone;

	if (!pd)
		return 0;
	pde = table_read(pd, pd_index((uint32_t)va));
	if (!(pde & PTE_P) || !table_empty(pde & PTE_ADDR_MASK))
		return 0;
	table_write(pd, pd_index((uint32_t)va), 0);
	pd_gone = table_empty(pd);
	if (pd_gone)
		as->pdpt[pdpt_index((uint32_t)va)] = 0;
	/* The CPU caches directory entries (and PAE the PDPT): none may name
	 * a table that is no longer the process's once fn has it. */
	if (aspace_live(as))
		paging_load_cr3(as->pdpt_pa);
	fn(ctx, pde & PTE_ADDR_MASK);
	as->tables--;
	if (pd_gone) {
		fn(ctx, pd);
		as->tables--;
	}
	return pd_gone ? 2 : 1;
}

enum err arch_aspace_lookup(const struct arch_aspace *as, uintptr_t va, pa_t *pa, bool *owned)
{
	uint64_t pte;

	if (va >= ARCH_USER_END || (va & (PAGE_SIZE - 1)))
		return ERR_NOTFOUND;
	pte = aspace_pte(as, va);
	if (!(pte & PTE_P))
		return ERR_NOTFOUND;
	*pa = pte & PTE_ADDR_MASK;
	*owned = (pte & PTE_OWNED) != 0;
	return ERR_OK;
}

/* Page tables are read one entry at a time (table_read): fn may unmap the
 * entry it is given, which rewrites only that entry, and shrink the space,
 * which takes out only tables that map nothing: after each call the walk
 * reads the directory entries again and leaves a table that went. */
void arch_aspace_each(struct arch_aspace *as, arch_map_fn fn, void *ctx)
{
	for (unsigned i = 0; i < PDPT_USER_ENTRIES; i++) {
		pa_t pd = (as->pdpt[i] & PTE_P) ? as->pdpt[i] & PTE_ADDR_MASK : 0;

		for (unsigned j = 0; pd && j < TABLE_ENTRIES; j++) {
			uint64_t pde = table_read(pd, j);

			if (!(pde & PTE_P))
				continue;
			for (unsigned k = 0; k < TABLE_ENTRIES; k++) {
				uint64_t pte = table_read(pde & PTE_ADDR_MASK, k);
				uint32_t va =
					(uint32_t)i << 30 | (uint32_t)j << 21 | k << PAGE_SHIFT;

				if (!(pte & PTE_P))
					continue;
				fn(ctx, as, va, pte & PTE_ADDR_MASK, (pte & PTE_OWNED) != 0);
				if (!(as->pdpt[i] & PTE_P)) {
					pd = 0; /* the directory went with its last table */
					break;
				}
				if (table_read(pd, j) != pde)
					break; /* the table went */
			}
		}
	}
}

void arch_aspace_destroy(struct arch_aspace *as, void (*fn)(void *ctx, pa_t pa), void *ctx)
{
	/* Never leave the CPU on tables that are about to be freed. */
	if (aspace_live(as))
		paging_load_cr3(paging_kernel_pdpt());
	for (unsigned i = 0; i < PDPT_USER_ENTRIES; i++) {
		pa_t pd = (as->pdpt[i] & PTE_P) ? as->pdpt[i] & PTE_ADDR_MASK : 0;

		if (!pd)
			continue;
		for (unsigned j = 0; j < TABLE_ENTRIES; j++) {
			uint64_t pde = table_read(pd, j);

			if (pde & PTE_P)
				fn(ctx, pde & PTE_ADDR_MASK);
		}
		fn(ctx, pd);
	}
	*as = (struct arch_aspace){ 0 };
}

bool arch_aspace_check(const struct arch_aspace *as, uintptr_t va, size_t len, bool writable)
{
	uint64_t need = PTE_P | PTE_U | (writable ? PTE_W : 0);

	if (va >= ARCH_USER_END || len > ARCH_USER_END - va)
		return false;
	for (uint32_t page = ALIGN_DOWN(va, PAGE_SIZE); page < va + len; page += PAGE_SIZE)
		if ((aspace_pte(as, page) & need) != need)
			return false;
	return true;
}
