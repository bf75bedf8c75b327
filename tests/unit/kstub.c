/* The memory suites' fake machine (kstub.h). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/budget.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

#include <arch/host.h>

#include "kstub.h"

static struct range slots[16];
static void *ram_hdrs;
static uint8_t *res_state;
static struct range *ram_range;

void kstub_reset(void)
{
	host_console_reset();
	host_ram_decided = -1;
	host_dev_decided = -1;
	host_dev_decided_short = 0;
	host_halt_armed = false;
}

struct range *kstub_ram_range(void)
{
	return ram_range;
}

void kstub_machine(unsigned ram_frames, unsigned reserve_frames)
{
	pa_t res_base = KSTUB_RAM_BASE + ((pa_t)(ram_frames - reserve_frames) << PAGE_SHIFT);

	kstub_reset();
	host_hdrwin_reset();
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

const char *kstub_panic_message(void)
{
	static char msg[256];
	const char *p = strstr(host_console, "panic: "), *next;
	size_t n;

	if (!p)
		return "";
	while ((next = strstr(p + 1, "panic: ")))
		p = next;
	p += strlen("panic: ");
	n = strcspn(p, "\n");
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, p, n);
	msg[n] = 0;
	return msg;
}
