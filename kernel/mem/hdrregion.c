/* The header region (kernel/include/kernel/hdrregion.h). */
#include <kernel/hdrregion.h>
#include <kernel/ledger.h>
#include <kernel/pa_runs.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

static uint64_t hdrregion_held;

uint64_t hdrregion_pages_for(uint64_t n, unsigned shift)
{
	return ((n << shift) + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

uint64_t hdrregion_cost(uint64_t pages)
{
	return pages + arch_hdrwin_tables_for(pages);
}

uint64_t hdrregion_cost_bound(uint64_t pages)
{
	return pages + arch_hdrwin_tables_max(pages);
}

bool hdrregion_can_take(uint64_t pages, uint64_t *short_by)
{
	uint64_t have = arch_hdrwin_needs_run() ? reserve_longest_run() : reserve_free();

	*short_by = pages > have ? pages - have : 0;
	return pages <= have;
}

uint64_t hdrregion_frames(void)
{
	return hdrregion_held;
}

static void hdrregion_retype(pa_t pa, unsigned type)
{
	struct page_common *h = pagehdr_of_pa(pa);

	if (h)
		pagehdr_set_type(h, type);
}

/* Gives back the first `mapped` pages of a span being freed. */
static void hdrregion_unwind(void *va, uint64_t mapped)
{
	struct pa_runs runs = pa_runs_begin("hdrregion", "give");

	for (uint64_t i = 0; i < mapped; i++) {
		pa_t pa = arch_hdrwin_unmap((uint8_t *)va + (i << PAGE_SHIFT));

		hdrregion_retype(pa, PT_RESERVE);
		reserve_give(pa);
		pa_runs_add(&runs, pa);
	}
	pa_runs_flush(&runs);
}

/* Gives the first n tables of the span at va back to the reserve. */
static void hdrregion_give_tables(void *va, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pa_t pa = arch_hdrwin_clear_table(va, i);

		hdrregion_retype(pa, PT_RESERVE);
		reserve_give(pa);
	}
}

/* Takes the span's n tables from the reserve. The caller has checked that
 * the reserve holds n frames (and, building a span, its pages too) under the
 * memory lock, so each reserve_take succeeds. */
static void hdrregion_take_tables(void *va, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		pa_t pa = 0;

		(void)reserve_take(&pa);
		arch_hdrwin_set_table(va, i, pa);
		hdrregion_retype(pa, PT_HDR);
	}
}

enum err hdrregion_alloc(uint64_t pages, struct hdr_block *b)
{
	struct pa_runs runs = pa_runs_begin("hdrregion", "take");
	uint64_t tables = arch_hdrwin_tables_for(pages);
	pa_t run = 0;
	uint8_t *va;

	if (pages == 0 || pages > UINT32_MAX || pages + tables > reserve_free())
		return ERR_NOMEM;
	if (arch_hdrwin_needs_run() && reserve_take_run(pages, &run) != ERR_OK)
		return ERR_NOMEM;
	va = arch_hdrwin_alloc(pages, run);
	if (!va) {
		if (arch_hdrwin_needs_run())
			for (uint64_t i = 0; i < pages; i++)
				reserve_give(run + (i << PAGE_SHIFT));
		return ERR_NOMEM;
	}
	hdrregion_take_tables(va, tables);
	for (uint64_t i = 0; i < pages; i++) {
		pa_t pa = run + (i << PAGE_SHIFT);

		if (!arch_hdrwin_needs_run())
			(void)reserve_take(&pa); /* pages + tables were checked free */
		arch_hdrwin_map(va + (i << PAGE_SHIFT), pa);
		hdrregion_retype(pa, PT_HDR);
		pa_runs_add(&runs, pa);
	}
	pa_runs_flush(&runs);
	for (uint64_t i = 0; i < (pages << PAGE_SHIFT); i++)
		va[i] = 0;
	ledger_move(LEDGER_RESERVE, LEDGER_HEADER_REGION, pages + tables);
	hdrregion_held += pages + tables;
	b->va = va;
	b->pages = (uint32_t)pages;
	b->tables = (uint32_t)tables;
	return ERR_OK;
}

void hdrregion_free(struct hdr_block *b)
{
	if (!b->va)
		return;
	hdrregion_unwind(b->va, b->pages);
	hdrregion_give_tables(b->va, b->tables);
	arch_hdrwin_free(b->va, b->pages);
	ledger_move(LEDGER_HEADER_REGION, LEDGER_RESERVE, b->pages + b->tables);
	hdrregion_held -= b->pages + b->tables;
	b->va = NULL;
	b->pages = 0;
	b->tables = 0;
}

enum err hdrregion_map_own(pa_t first, uint64_t pages, struct hdr_block *b)
{
	uint64_t tables = arch_hdrwin_tables_for(pages);
	uint8_t *va;

	if (pages == 0 || pages > UINT32_MAX || tables > reserve_free())
		return ERR_NOMEM;
	va = arch_hdrwin_alloc(pages, first);
	if (!va)
		return ERR_NOMEM;
	hdrregion_take_tables(va, tables);
	for (uint64_t i = 0; i < pages; i++)
		arch_hdrwin_map(va + (i << PAGE_SHIFT), first + (i << PAGE_SHIFT));
	kprintf("hdrregion: own pa=0x%llx-0x%llx frames=%llu\n", (unsigned long long)first,
		(unsigned long long)(first + (pages << PAGE_SHIFT)), (unsigned long long)pages);
	for (uint64_t i = 0; i < (pages << PAGE_SHIFT); i++)
		va[i] = 0;
	ledger_move(LEDGER_ABSENT, LEDGER_HEADER_REGION, pages);
	ledger_move(LEDGER_RESERVE, LEDGER_HEADER_REGION, tables);
	hdrregion_held += pages + tables;
	b->va = va;
	b->pages = (uint32_t)pages;
	b->tables = (uint32_t)tables;
	return ERR_OK;
}

void hdrregion_unmap_own(struct hdr_block *b)
{
	struct pa_runs runs = pa_runs_begin("hdrregion", "drop");

	if (!b->va)
		return;
	for (uint64_t i = 0; i < b->pages; i++)
		pa_runs_add(&runs, arch_hdrwin_unmap((uint8_t *)b->va + (i << PAGE_SHIFT)));
	pa_runs_flush(&runs);
	hdrregion_give_tables(b->va, b->tables);
	arch_hdrwin_free(b->va, b->pages);
	ledger_move(LEDGER_HEADER_REGION, LEDGER_ABSENT, b->pages);
	ledger_move(LEDGER_HEADER_REGION, LEDGER_RESERVE, b->tables);
	hdrregion_held -= b->pages + b->tables;
	b->va = NULL;
	b->pages = 0;
	b->tables = 0;
}
