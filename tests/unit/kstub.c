/* Host stand-ins for the memory suites (kstub.h). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include "kstub.h"

char kstub_out[65536];
static size_t kstub_len;
jmp_buf kstub_panic_jmp;
bool kstub_panic_armed;
char kstub_panic_msg[256];
bool kstub_needs_run;
unsigned kstub_window_pages = 256;

static void kstub_sink(char c, void *ctx)
{
	(void)ctx;
	if (kstub_len + 1 < sizeof(kstub_out)) {
		kstub_out[kstub_len++] = c;
		kstub_out[kstub_len] = 0;
	}
}

int kvprintf(const char *fmt, va_list ap)
{
	return fmt_vformat(kstub_sink, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(kstub_panic_msg, sizeof(kstub_panic_msg), fmt, ap);
	va_end(ap);
	if (kstub_panic_armed) {
		kstub_panic_armed = false;
		longjmp(kstub_panic_jmp, 1);
	}
	ck_abort_msg("panic: %s", kstub_panic_msg);
	abort();
}

/* ---- fake header window: host pages, each remembering its frame ---- */
#define KSTUB_MAX_PAGES 4096
static uint8_t *win_mem;
static pa_t win_frame[KSTUB_MAX_PAGES];
static bool win_busy[KSTUB_MAX_PAGES];
static bool win_mapped[KSTUB_MAX_PAGES];

static unsigned win_page(const void *va)
{
	return (unsigned)(((const uint8_t *)va - win_mem) >> PAGE_SHIFT);
}

bool arch_hdrwin_needs_run(void)
{
	return kstub_needs_run;
}

void *arch_hdrwin_alloc(uint64_t pages, pa_t run)
{
	unsigned n = 0;

	(void)run;
	for (unsigned p = 0; p < kstub_window_pages; p++) {
		n = win_busy[p] ? 0 : n + 1;
		if (n == pages) {
			for (unsigned k = p + 1 - n; k <= p; k++)
				win_busy[k] = true;
			if (kstub_needs_run)
				for (unsigned k = 0; k < n; k++) {
					win_frame[p + 1 - n + k] = run + ((pa_t)k << PAGE_SHIFT);
					win_mapped[p + 1 - n + k] = true;
				}
			return win_mem + ((size_t)(p + 1 - n) << PAGE_SHIFT);
		}
	}
	return NULL;
}

void arch_hdrwin_map(void *va, pa_t pa)
{
	unsigned p = win_page(va);

	ck_assert(win_busy[p]);
	if (kstub_needs_run) {
		ck_assert_uint_eq(win_frame[p], pa);
		return;
	}
	ck_assert(!win_mapped[p]);
	win_mapped[p] = true;
	win_frame[p] = pa;
	memset(va, 0xcc, PAGE_SIZE); /* stale data the region must clear */
}

pa_t arch_hdrwin_unmap(void *va)
{
	unsigned p = win_page(va);

	ck_assert(win_mapped[p]);
	win_mapped[p] = false;
	return win_frame[p];
}

void arch_hdrwin_free(void *va, uint64_t pages)
{
	unsigned p = win_page(va);

	for (uint64_t k = 0; k < pages; k++) {
		ck_assert(win_busy[p + k]);
		ck_assert(!win_mapped[p + k]);
		win_busy[p + k] = false;
	}
}

/* ---- a fake machine ---- */
static struct range slots[16];
static void *ram_hdrs;
static uint8_t *res_state;
static struct range *ram_range;

/* The bus driver's side of a DIMM removal that waited for the bank:
 * slot << 1 | removed of the last call, -1 for none. */
int kstub_ram_decided = -1;

void arch_hotplug_ram_decided(hotplug_slot_t slot, bool removed)
{
	kstub_ram_decided = (int)(slot << 1 | removed);
}

/* The bus driver's side of a device that waited for the bank: slot << 1 |
 * added and the short of the last call, -1 for none. */
int kstub_dev_decided = -1;
uint64_t kstub_dev_decided_short;

void arch_hotplug_device_decided(hotplug_slot_t slot, bool added, uint64_t short_frames)
{
	kstub_dev_decided = (int)(slot << 1 | added);
	kstub_dev_decided_short = short_frames;
}

void kstub_reset(void)
{
	kstub_len = 0;
	kstub_out[0] = 0;
	kstub_ram_decided = -1;
	kstub_dev_decided = -1;
	kstub_dev_decided_short = 0;
	kstub_panic_armed = false;
}

struct range *kstub_ram_range(void)
{
	return ram_range;
}

void kstub_machine(unsigned ram_frames, unsigned reserve_frames)
{
	pa_t res_base = KSTUB_RAM_BASE + ((pa_t)(ram_frames - reserve_frames) << PAGE_SHIFT);

	kstub_reset();
	if (!win_mem)
		win_mem = aligned_alloc(PAGE_SIZE, (size_t)KSTUB_MAX_PAGES << PAGE_SHIFT);
	memset(win_busy, 0, sizeof(win_busy));
	memset(win_mapped, 0, sizeof(win_mapped));
	free(ram_hdrs);
	free(res_state);
	ram_hdrs = calloc(ram_frames, sizeof(struct page_header));
	res_state = calloc(reserve_frames + 1, 1);

	range_table_init(slots, 16);
	ledger_init();
	budget_init();
	reserve_init(res_base, reserve_frames, res_state);
	ram_range = range_alloc();
	ram_range->base = KSTUB_RAM_BASE;
	ram_range->frames = ram_frames;
	ram_range->owner = RANGE_OWNER_BOOT;
	ram_range->cls = RANGE_RAM;
	ram_range->layout = PAGEHDR_LAYOUT_RAM;
	ram_range->hdr_shift = PAGEHDR_RAM_SHIFT;
	ram_range->hdr_home = RANGE_HDR_HEAP;
	ram_range->hdrs = ram_hdrs;
	pagehdr_init_range(ram_range, PT_FREE);
	ck_assert_int_eq(range_insert(ram_range), ERR_OK);
	for (unsigned i = ram_frames - reserve_frames; i < ram_frames; i++)
		pagehdr_set_type(pagehdr_at(ram_range, i), PT_RESERVE);
	ledger_move(LEDGER_ABSENT, LEDGER_BANKED, ram_frames - reserve_frames);
	ledger_move(LEDGER_ABSENT, LEDGER_RESERVE, reserve_frames);
}
