/* The i386 header window (kernel/include/kernel/hdrregion.h): a fixed part of
 * 16 MiB whose page tables sit in the fixed heap, handed out first-fit in
 * page units, and a grown part up to the transient window, handed out in
 * whole 2 MiB regions whose page tables the span's own funding brings. */
#include <kernel/arch.h>
#include <kernel/hdrregion.h>

#include "paging.h"

#define PTES_PER_TABLE 512u

static uint32_t hdrwin_used[HDRWIN_PAGES / 32];
/* Grown part: which regions a span holds, and the table behind each (0: none). */
static bool grow_busy[HDRWIN_GROW_REGIONS];
static pa_t grow_table[HDRWIN_GROW_REGIONS];

static bool hdrwin_busy(uint32_t page)
{
	return hdrwin_used[page >> 5] & (1u << (page & 31));
}

static void hdrwin_mark(uint32_t first, uint32_t n, bool busy)
{
	for (uint32_t p = first; p < first + n; p++) {
		if (busy)
			hdrwin_used[p >> 5] |= 1u << (p & 31);
		else
			hdrwin_used[p >> 5] &= ~(1u << (p & 31));
	}
}

bool arch_hdrwin_needs_run(void)
{
	return false;
}

/* First page of a free run of `pages` in the fixed part, or HDRWIN_PAGES. */
static uint32_t fixed_fit(uint64_t pages)
{
	uint32_t n = 0;

	if (pages == 0 || pages > HDRWIN_PAGES)
		return HDRWIN_PAGES;
	for (uint32_t p = 0; p < HDRWIN_PAGES; p++) {
		n = hdrwin_busy(p) ? 0 : n + 1;
		if (n == pages)
			return p + 1 - n;
	}
	return HDRWIN_PAGES;
}

static uint32_t grow_regions(uint64_t pages)
{
	return (uint32_t)((pages + PTES_PER_TABLE - 1) / PTES_PER_TABLE);
}

/* First region of `n` free consecutive regions of the grown part, or
 * HDRWIN_GROW_REGIONS. */
static uint32_t grow_fit(uint32_t n)
{
	uint32_t run = 0;

	if (n == 0 || n > HDRWIN_GROW_REGIONS)
		return HDRWIN_GROW_REGIONS;
	for (uint32_t r = 0; r < HDRWIN_GROW_REGIONS; r++) {
		run = grow_busy[r] ? 0 : run + 1;
		if (run == n)
			return r + 1 - n;
	}
	return HDRWIN_GROW_REGIONS;
}

uint64_t arch_hdrwin_tables_for(uint64_t pages)
{
	if (pages == 0 || fixed_fit(pages) < HDRWIN_PAGES)
		return 0;
	return grow_regions(pages);
}

uint64_t arch_hdrwin_tables_max(uint64_t pages)
{
	return grow_regions(pages);
}

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	uint32_t first = fixed_fit(pages), n;

	(void)run;
	if (first < HDRWIN_PAGES) {
		hdrwin_mark(first, (uint32_t)pages, true);
		return (void *)(HDRWIN_BASE + (first << PAGE_SHIFT));
	}
	if (pages == 0 || pages > (uint64_t)HDRWIN_GROW_REGIONS * PTES_PER_TABLE)
		return NULL;
	n = grow_regions(pages);
	first = grow_fit(n);
	if (first == HDRWIN_GROW_REGIONS)
		return NULL;
	for (uint32_t r = first; r < first + n; r++)
		grow_busy[r] = true;
	return (void *)(HDRWIN_GROW_BASE + first * LARGE_PAGE_SIZE);
}

static bool in_grown(uint32_t va)
{
	return va >= HDRWIN_GROW_BASE;
}

static uint32_t grow_region_of(uint32_t va)
{
	return (va - HDRWIN_GROW_BASE) / LARGE_PAGE_SIZE;
}

void arch_hdrwin_set_table(void *va, uint64_t i, pa_t table)
{
	uint32_t r = grow_region_of((uint32_t)va) + (uint32_t)i;
	uint64_t *t = arch_tmap(TMAP_SLOT_HDRWIN, table);

	for (unsigned k = 0; k < PTES_PER_TABLE; k++)
		t[k] = 0;
	grow_table[r] = table;
	paging_set_pde(HDRWIN_GROW_BASE + r * LARGE_PAGE_SIZE, table);
}

pa_t arch_hdrwin_clear_table(void *va, uint64_t i)
{
	uint32_t r = grow_region_of((uint32_t)va) + (uint32_t)i;
	pa_t table = grow_table[r];

	paging_clear_pde(HDRWIN_GROW_BASE + r * LARGE_PAGE_SIZE);
	grow_table[r] = 0;
	return table;
}

/* The entry that maps va; in the grown part the region's table is reached
 * through the window's own transient slot. */
static uint64_t *hdrwin_pte(uint32_t va)
{
	uint32_t page;
	uint64_t *t;

	if (in_grown(va)) {
		t = arch_tmap(TMAP_SLOT_HDRWIN, grow_table[grow_region_of(va)]);
		return &t[(va >> PAGE_SHIFT) & (PTES_PER_TABLE - 1)];
	}
	page = (va - HDRWIN_BASE) >> PAGE_SHIFT;
	return &paging_hdrwin_pts[page >> 9][page & 511];
}

void arch_hdrwin_map(void *va, pa_t pa)
{
	paging_set_pte(hdrwin_pte((uint32_t)va), pa, (uint32_t)va);
}

pa_t arch_hdrwin_unmap(void *va)
{
	return paging_clear_pte(hdrwin_pte((uint32_t)va), (uint32_t)va);
}

void arch_hdrwin_free(void *va, uint64_t pages)
{
	uint32_t first;

	if (in_grown((uint32_t)va)) {
		first = grow_region_of((uint32_t)va);
		for (uint32_t r = first; r < first + grow_regions(pages); r++)
			grow_busy[r] = false;
		return;
	}
	hdrwin_mark(((uint32_t)va - HDRWIN_BASE) >> PAGE_SHIFT, (uint32_t)pages, false);
}
