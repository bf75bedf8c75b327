/* The i386 header window (kernel/include/kernel/hdrregion.h): a 16 MiB span
 * of kernel virtual addresses, handed out first-fit in page units. A bitmap
 * of 4096 pages is 512 bytes of image. */
#include <kernel/hdrregion.h>

#include "paging.h"

static uint32_t hdrwin_used[HDRWIN_PAGES / 32];

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

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	uint32_t n = 0;

	(void)run;
	if (pages == 0 || pages > HDRWIN_PAGES)
		return NULL;
	for (uint32_t p = 0; p < HDRWIN_PAGES; p++) {
		n = hdrwin_busy(p) ? 0 : n + 1;
		if (n == pages) {
			hdrwin_mark(p + 1 - n, n, true);
			return (void *)(HDRWIN_BASE + ((p + 1 - n) << PAGE_SHIFT));
		}
	}
	return NULL;
}

static uint64_t *hdrwin_pte(uint32_t va)
{
	uint32_t page = (va - HDRWIN_BASE) >> PAGE_SHIFT;

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
	hdrwin_mark(((uint32_t)va - HDRWIN_BASE) >> PAGE_SHIFT, (uint32_t)pages, false);
}
