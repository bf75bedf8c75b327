/* The host port's header window: pages of host memory, each remembering the
 * frame put behind it, so the header region's bookkeeping can be checked. */
#include <string.h>

#include <arch/host.h>
#include <arch/host_check.h>
#include <kernel/hdrregion.h>

#define HOST_HDRWIN_MAX 4096
unsigned host_hdrwin_pages = 256;
bool host_hdrwin_needs_run;
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
}

static unsigned win_page(const void *va)
{
	return (unsigned)(((const uint8_t *)va - win_mem) >> PAGE_SHIFT);
}

bool arch_hdrwin_needs_run(void)
{
	return host_hdrwin_needs_run;
}

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	unsigned n = 0;

	HOST_CHECK(host_hdrwin_pages <= HOST_HDRWIN_MAX);
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

	for (uint64_t k = 0; k < pages; k++) {
		HOST_CHECK(win_busy[p + k]);
		HOST_CHECK(!win_mapped[p + k]);
		win_busy[p + k] = false;
	}
}
