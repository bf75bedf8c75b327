/* i386 PAE kernel page tables (doc/memory.md §7).
 *
 *   0x00000000-0xBFFFFFFF  user address spaces (aspace.c); none in the kernel's own
 *   0xC0000000-...         direct map of physical [0, direct_top), 2 MiB pages
 *   0xF0000000-0xF0FFFFFF  header window, fixed part (hdrwin.c), 4 KiB pages
 *   0xF1000000-0xFFBFFFFF  header window, grown part: tables added as it grows
 *   0xFFC00000-0xFFC04FFF  transient window, ARCH_TMAP_SLOTS 4 KiB slots
 *   0xFFFFF000             guard page, never mapped
 *
 * Every table lives in the fixed heap (purpose pagetables). Entries are 64
 * bits: physical addresses above 4 GiB reach the transient window. */
#include <kernel/arch.h>
#include <kernel/heap.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>

#include "control_regs.h"
#include "trap.h"
#include "paging.h"

static uint64_t *kernel_pd; /* the PD behind PDPT entry 3 (0xC0000000-) */
static uint64_t *tmap_pt;
static pa_t kernel_pdpt_pa;
pa_t paging_direct_top;
uint64_t paging_nx;

uint64_t arch_mm_table_bytes(void)
{
	/* the PD, the header window's PTs, the transient window's PT, the
	 * tables that split the direct map for wt/uc pools, the PDPT */
	return (uint64_t)(1 + HDRWIN_PTS + 1 + PAGING_CACHE_SPLIT_TABLES) * PAGE_SIZE + 32;
}

#define CPUID_EXT_NX (1u << 20) /* leaf 0x80000001, edx */
#define MSR_EFER 0xc0000080u
#define EFER_NXE (1u << 11)

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *d)
{
	uint32_t b, c;

	__asm__ volatile("cpuid" : "=a"(*a), "=b"(b), "=c"(c), "=d"(*d) : "a"(leaf), "c"(0));
}

pa_t arch_pa_limit(void)
{
	static pa_t limit; /* cpuid is a VM exit under virtualisation: ask once */
	uint32_t a, d, bits = 32;

	if (limit)
		return limit;
	cpuid(0x80000000u, &a, &d);
	if (a >= 0x80000008u) {
		cpuid(0x80000008u, &a, &d);
		bits = a & 0xff;
	} else {
		cpuid(1, &a, &d);
		if (d & (1u << 17)) /* PSE36: 36-bit physical addresses */
			bits = 36;
	}
	if (bits < 32 || bits > 52)
		bits = 32;
	limit = (pa_t)1 << bits;
	return limit;
}

static unsigned pd_index(uint32_t va)
{
	return (va - KERNEL_VIRT_BASE) >> 21;
}

static void *table_alloc(void)
{
	void *t = heap_alloc(PAGE_SIZE, PAGE_SIZE, HEAP_PAGETABLES);

	if (!t)
		panic("paging: the fixed heap has no room for a page table (formula broken)");
	return t;
}

uint64_t *paging_hdrwin_pts[HDRWIN_PTS];

/* Bit 63 is reserved (a fault if set) unless EFER.NXE is on; QEMU's default
 * qemu32 CPU has no NX, so there user pages are always executable. */
static void paging_nx_init(void)
{
	uint32_t a, d, lo, hi;

	cpuid(0x80000000u, &a, &d);
	if (a < 0x80000001u)
		return;
	cpuid(0x80000001u, &a, &d);
	if (!(d & CPUID_EXT_NX))
		return;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
	__asm__ volatile("wrmsr" ::"a"(lo | EFER_NXE), "d"(hi), "c"(MSR_EFER));
	paging_nx = PTE_NX;
}

void arch_mm_init(pa_t direct_top)
{
	uint64_t *pdpt;
	unsigned n;

	if (direct_top > ARCH_DIRECT_MAP_END)
		direct_top = ARCH_DIRECT_MAP_END;
	direct_top = ALIGN_UP(direct_top, (pa_t)LARGE_PAGE_SIZE);
	paging_direct_top = direct_top;
	paging_nx_init();
	kernel_pd = table_alloc();
	for (n = 0; n < (unsigned)(direct_top >> 21); n++)
		kernel_pd[n] = ((uint64_t)n << 21) | PTE_P | PTE_W | PTE_PS | PTE_G;
	for (unsigned i = 0; i < HDRWIN_PTS; i++) {
		paging_hdrwin_pts[i] = table_alloc();
		kernel_pd[pd_index(HDRWIN_BASE) + i] =
			heap_pa(paging_hdrwin_pts[i]) | PTE_P | PTE_W;
	}
	tmap_pt = table_alloc();
	kernel_pd[pd_index(TMAP_BASE)] = heap_pa(tmap_pt) | PTE_P | PTE_W;

	/* PDPT entries take only the present bit; 32-byte alignment. */
	pdpt = heap_alloc(32, 32, HEAP_PAGETABLES);
	if (!pdpt)
		panic("paging: the fixed heap has no room for the PDPT (formula broken)");
	pdpt[3] = heap_pa(kernel_pd) | PTE_P;
	kernel_pdpt_pa = heap_pa(pdpt);

	__asm__ volatile("movl %%cr4, %%eax; orl %0, %%eax; movl %%eax, %%cr4" ::"i"(CR4_PGE)
			 : "eax");
	paging_load_cr3(kernel_pdpt_pa);
	tss_set_double_fault_cr3((uint32_t)kernel_pdpt_pa);
	kprintf("paging: pae direct=0x0-0x%llx hdrwin=0x%08x+0x%x tmap=0x%08x x%u nx=%s\n",
		(unsigned long long)direct_top, HDRWIN_BASE, HDRWIN_SIZE, TMAP_BASE,
		ARCH_TMAP_SLOTS, paging_nx ? "yes" : "no");
	/* Whole window in pages; a page holds 512 device or 256 RAM headers. */
	kprintf("paging: hdrwin grows to 0x%08x by %u regions of 2 MiB (tables from the reserve): "
		"%u header pages, for %u GiB of device memory or %u GiB of RAM\n",
		TMAP_BASE, (unsigned)HDRWIN_GROW_REGIONS, (unsigned)HDRWIN_MAX_PAGES,
		(unsigned)((uint64_t)HDRWIN_MAX_PAGES * 512 * PAGE_SIZE >> 30),
		(unsigned)((uint64_t)HDRWIN_MAX_PAGES * 256 * PAGE_SIZE >> 30));
}

uint64_t paging_cache_bits(unsigned cache)
{
	switch (cache) {
	case POOL_CACHE_WT:
		return PTE_PWT;
	case POOL_CACHE_UC:
		return PTE_PCD | PTE_PWT;
	default:
		return 0;
	}
}

static unsigned paging_split_used;

/* Drops every translation, global ones included (the direct map's are). */
static void paging_flush_all(void)
{
	__asm__ volatile("movl %%cr4, %%eax\n\t"
			 "andl %0, %%eax\n\t"
			 "movl %%eax, %%cr4\n\t"
			 "orl %1, %%eax\n\t"
			 "movl %%eax, %%cr4" ::"i"(~CR4_PGE),
			 "i"(CR4_PGE)
			 : "eax", "memory");
}

/* The 4 KiB table under the direct map's 2 MiB page n, splitting it first
 * (same frames, same rights, global). NULL when no split table is left. */
static uint64_t *paging_split(unsigned n)
{
	uint64_t pde = kernel_pd[n], *pt;

	if (!(pde & PTE_PS))
		return arch_kva(pde & PTE_ADDR_MASK);
	if (paging_split_used == PAGING_CACHE_SPLIT_TABLES)
		return NULL;
	pt = heap_alloc(PAGE_SIZE, PAGE_SIZE, HEAP_PAGETABLES);
	if (!pt)
		return NULL;
	paging_split_used++;
	for (unsigned k = 0; k < 512; k++)
		pt[k] = ((pde & PTE_ADDR_MASK) + ((uint64_t)k << PAGE_SHIFT)) | PTE_P | PTE_W |
			PTE_G | (pde & (PTE_PCD | PTE_PWT));
	/* Both entries map the same frames the same way: the switch is safe
	 * while the kernel runs on it. The table lies below 4 GiB (the heap
	 * is direct-mapped), so the high half stays 0 and one write does. */
	((volatile uint32_t *)&kernel_pd[n])[0] = (uint32_t)heap_pa(pt) | PTE_P | PTE_W;
	return pt;
}

enum err paging_direct_cache(pa_t pa, uint64_t n, unsigned cache)
{
	uint64_t bits = paging_cache_bits(cache);
	enum err e = ERR_OK;

	if (pa >= paging_direct_top || n > ((paging_direct_top - pa) >> PAGE_SHIFT))
		return ERR_RANGE;
	for (uint64_t k = 0; k < n && e == ERR_OK; k++) {
		pa_t f = pa + (k << PAGE_SHIFT);
		uint64_t *pt = paging_split((unsigned)(f >> 21));

		if (!pt) {
			e = ERR_NOMEM;
			break;
		}
		pt[(f >> PAGE_SHIFT) & 511] =
			(pt[(f >> PAGE_SHIFT) & 511] & ~(uint64_t)(PTE_PCD | PTE_PWT)) | bits;
	}
	paging_flush_all();
	return e;
}

uint64_t paging_direct_entry(pa_t pa, bool *large)
{
	uint64_t pde = kernel_pd[pa >> 21];

	*large = pde & PTE_PS;
	if (*large)
		return pde;
	return ((const uint64_t *)arch_kva(pde & PTE_ADDR_MASK))[(pa >> PAGE_SHIFT) & 511];
}

void paging_set_pte(uint64_t *pte, pa_t pa, uint32_t va)
{
	volatile uint32_t *half = (volatile uint32_t *)pte;

	/* Never let the CPU see a present entry with a stale half: clear, then
	 * write the high half, then the low half (which holds P). */
	half[0] = 0;
	half[1] = (uint32_t)(pa >> 32);
	/* A frame of a wt or uc pool takes its attribute here too: no alias of
	 * it is ever cached differently. */
	half[0] = (uint32_t)pa | PTE_P | PTE_W | (uint32_t)paging_cache_bits(pool_cache_of_pa(pa));
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

void paging_set_pde(uint32_t va, pa_t table)
{
	paging_set_pte(&kernel_pd[pd_index(va)], table, va);
}

pa_t paging_clear_pde(uint32_t va)
{
	return paging_clear_pte(&kernel_pd[pd_index(va)], va);
}

pa_t paging_clear_pte(uint64_t *pte, uint32_t va)
{
	volatile uint32_t *half = (volatile uint32_t *)pte;
	pa_t pa = ((pa_t)half[1] << 32 | half[0]) & PTE_ADDR_MASK;

	half[0] = 0;
	half[1] = 0;
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
	return pa;
}

void *arch_tmap(unsigned slot, pa_t pa)
{
	uint32_t va = TMAP_BASE + (slot << PAGE_SHIFT);

	if (slot >= ARCH_TMAP_SLOTS || (pa & (PAGE_SIZE - 1)) || pa > PTE_ADDR_MASK)
		return NULL;
	paging_set_pte(&tmap_pt[slot], pa, va);
	return (void *)va;
}

void arch_tunmap(unsigned slot)
{
	if (slot < ARCH_TMAP_SLOTS)
		paging_clear_pte(&tmap_pt[slot], TMAP_BASE + (slot << PAGE_SHIFT));
}

bool paging_pdpt_entry_present(unsigned i)
{
	uint64_t *pdpt = arch_kva(kernel_pdpt_pa);

	return i < 4 && (pdpt[i] & PTE_P);
}

pa_t paging_kernel_pdpt(void)
{
	return kernel_pdpt_pa;
}

pa_t paging_kernel_pd(void)
{
	return heap_pa(kernel_pd);
}

uint32_t paging_cr3(void)
{
	uint32_t cr3;

	__asm__ volatile("movl %%cr3, %0" : "=r"(cr3));
	return cr3;
}

void paging_load_cr3(pa_t pdpt)
{
	__asm__ volatile("movl %0, %%cr3" ::"r"((uint32_t)pdpt) : "memory");
}
