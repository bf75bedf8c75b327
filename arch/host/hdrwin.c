/* The host port's header window: pages of host memory, each remembering the
 * frame put behind it, so the header region's bookkeeping can be checked. */
#include <string.h>

#include <arch/host.h>
#include <arch/host_check.h>
#include <kernel/hdrregion.h>

#define HOST_HDRWIN_MAX 4096
#define HOST_GROW_MAX (HOST_HDRWIN_MAX / HOST_HDRWIN_REGION)
unsigned host_hdrwin_pages = 256;
unsigned host_hdrwin_grow_regions;
bool host_hdrwin_needs_run;
static pa_t grow_table[HOST_GROW_MAX];
static bool grow_busy[HOST_GROW_MAX];
static uint8_t *win_mem;
static pa_t win_frame[HOST_HDRWIN_MAX];
static bool win_busy[HOST_HDRWIN_MAX];
static bool win_mapped[HOST_HDRWIN_MAX];

void host_hdrwin_reset(void)
{
	if (!win_mem)
		win_mem = aligned_alloc(PAGE_SIZE, (size_t)HOST_HDRWIN_MAX << PAGE_SHIFT);
	memset(win_busy, 0, sizeof(win_busy));
	memset(win_mapped, 0, sizeof(win_mapped));
	memset(grow_table, 0, sizeof(grow_table));
	memset(grow_busy, 0, sizeof(grow_busy));
	host_hdrwin_grow_regions = 0;
}

unsigned host_hdrwin_tables_set(void)
{
	unsigned n = 0;

	for (unsigned r = 0; r < HOST_GROW_MAX; r++)
		n += grow_table[r] != 0;
	return n;
}

static uint8_t *grow_base(void)
{
	return win_mem + ((size_t)host_hdrwin_pages << PAGE_SHIFT);
}

static unsigned grow_region(const void *va)
{
	return (unsigned)(((const uint8_t *)va - grow_base()) >> PAGE_SHIFT) / HOST_HDRWIN_REGION;
}

static bool in_grown(const void *va)
{
	return (const uint8_t *)va >= grow_base();
}

static unsigned win_page(const void *va)
{
	return (unsigned)(((const uint8_t *)va - win_mem) >> PAGE_SHIFT);
}

bool arch_hdrwin_needs_run(void)
{
	return host_hdrwin_needs_run;
}

/* First page of a free run in the fixed part, or host_hdrwin_pages. */
static unsigned fixed_fit(uint64_t pages)
{
	unsigned n = 0;

	for (unsigned p = 0; pages && p < host_hdrwin_pages; p++) {
		n = win_busy[p] ? 0 : n + 1;
		if (n == pages)
			return p + 1 - n;
	}
	return host_hdrwin_pages;
}

static unsigned regions_for(uint64_t pages)
{
	return (unsigned)((pages + HOST_HDRWIN_REGION - 1) / HOST_HDRWIN_REGION);
}

uint64_t arch_hdrwin_tables_for(uint64_t pages)
{
	if (host_hdrwin_needs_run || pages == 0 || fixed_fit(pages) < host_hdrwin_pages)
		return 0;
	return regions_for(pages);
}

uint64_t arch_hdrwin_tables_max(uint64_t pages)
{
	return host_hdrwin_needs_run || !host_hdrwin_grow_regions ? 0 : regions_for(pages);
}

/* A span of whole regions in the grown part, or NULL. */
static void *grow_alloc(uint64_t pages)
{
	unsigned need = regions_for(pages), run = 0;

	HOST_CHECK(host_hdrwin_pages + host_hdrwin_grow_regions * HOST_HDRWIN_REGION <=
		   HOST_HDRWIN_MAX);
	for (unsigned r = 0; need && r < host_hdrwin_grow_regions; r++) {
		run = grow_busy[r] ? 0 : run + 1;
		if (run != need)
			continue;
		for (unsigned k = r + 1 - need; k <= r; k++)
			grow_busy[k] = true;
		for (unsigned k = 0; k < need * HOST_HDRWIN_REGION; k++)
			win_busy[host_hdrwin_pages + (r + 1 - need) * HOST_HDRWIN_REGION + k] =
				true;
		return grow_base() + ((size_t)(r + 1 - need) * HOST_HDRWIN_REGION << PAGE_SHIFT);
	}
	return NULL;
}

void arch_hdrwin_set_table(void *va, uint64_t i, pa_t table)
{
	unsigned r = grow_region(va) + (unsigned)i;

	HOST_CHECK(in_grown(va) && grow_busy[r] && !grow_table[r] && table);
	grow_table[r] = table;
}

pa_t arch_hdrwin_clear_table(void *va, uint64_t i)
{
	unsigned r = grow_region(va) + (unsigned)i;
	pa_t t = grow_table[r];

	HOST_CHECK(in_grown(va) && grow_busy[r] && t);
	for (unsigned k = 0; k < HOST_HDRWIN_REGION; k++) /* every page unmapped first */
		HOST_CHECK(!win_mapped[host_hdrwin_pages + r * HOST_HDRWIN_REGION + k]);
	grow_table[r] = 0;
	return t;
}

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	unsigned n = 0;

	HOST_CHECK(host_hdrwin_pages <= HOST_HDRWIN_MAX);
	if (!host_hdrwin_needs_run && pages && fixed_fit(pages) == host_hdrwin_pages)
		return grow_alloc(pages);
	for (unsigned p = 0; p < host_hdrwin_pages; p++) {
		n = win_busy[p] ? 0 : n + 1;
		if (n != pages)
			continue;
		for (unsigned k = p + 1 - n; k <= p; k++)
			win_busy[k] = true;
		if (host_hdrwin_needs_run)
			for (unsigned k = 0; k < n; k++) {
				win_frame[p + 1 - n + k] = run + ((pa_t)k << PAGE_SHIFT);
				win_mapped[p + 1 - n + k] = true;
			}
		return win_mem + ((size_t)(p + 1 - n) << PAGE_SHIFT);
	}
	return NULL;
}

void arch_hdrwin_map(void *va, pa_t pa)
{
	unsigned p = win_page(va);

	HOST_CHECK(win_busy[p]);
	if (in_grown(va))
		HOST_CHECK(grow_table[grow_region(va)] != 0); /* the table came first */
	if (host_hdrwin_needs_run) {
		HOST_CHECK(win_frame[p] == pa);
		return;
	}
	HOST_CHECK(!win_mapped[p]);
	win_mapped[p] = true;
	win_frame[p] = pa;
	memset(va, 0xcc, PAGE_SIZE); /* stale data the region must clear */
}

pa_t arch_hdrwin_unmap(void *va)
{
	unsigned p = win_page(va);

	HOST_CHECK(win_mapped[p]);
	win_mapped[p] = false;
	return win_frame[p];
}

void arch_hdrwin_free(void *va, uint64_t pages)
{
	unsigned p = win_page(va);

	if (in_grown(va)) {
		for (unsigned r = grow_region(va); r < grow_region(va) + regions_for(pages); r++) {
			HOST_CHECK(grow_busy[r] && !grow_table[r]);
			grow_busy[r] = false;
		}
		for (unsigned k = 0; k < regions_for(pages) * HOST_HDRWIN_REGION; k++) {
			HOST_CHECK(!win_mapped[p + k]);
			win_busy[p + k] = false;
		}
		return;
	}

	for (uint64_t k = 0; k < pages; k++) {
		HOST_CHECK(win_busy[p + k]);
		HOST_CHECK(!win_mapped[p + k]);
		win_busy[p + k] = false;
	}
}
