/* Unit tests for kernel memory at boot (kernel/mem/mm.c): mm_init over a
 * loader's map on host RAM, the reserve's sizing and its refusals, and
 * mm_relax's release of what is not kept. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <arch/host.h>
#include <kernel/arch.h>
#include <kernel/budget.h>
#include <kernel/ledger.h>
#include <kernel/mm.h>
#include <kernel/reserve.h>

#include "boot_fixture.h"
#include "unit.h"

static struct cmdline cl;

static void mm_step(void *arg)
{
	ck_assert_int_eq(cmdline_parse(&cl, arg), ERR_OK);
	mm_init(&boot_fx, &cl);
}

/* mm_init with the given command line: -1 when it returned, else the
 * status it halted with. */
static int mm_boot(const char *args)
{
	return boot_fx_run(mm_step, (void *)args);
}

static uint64_t map_frames(unsigned cls)
{
	return pmem_frames(mm_map(), cls);
}

static uint64_t ledger_sum(void)
{
	uint64_t n = 0;

	for (unsigned s = 0; s < LEDGER_STATE_COUNT; s++)
		n += ledger_count(s);
	return n;
}

START_TEST(mm_auto_reserve_and_ledger)
{
	uint64_t res = reserve_auto_frames_for(BOOT_FX_RAM_FRAMES, RESERVE_AUTO_SPAN);
	const struct pmem_map *m;
	char line[96];

	ck_assert_int_eq(mm_boot(""), -1);
	ck_assert_uint_eq(ledger_total(), BOOT_FX_RAM_FRAMES);
	ck_assert_uint_eq(ledger_sum(), BOOT_FX_RAM_FRAMES);
	ck_assert_uint_eq(ledger_count(LEDGER_IMAGE), (BOOT_FX_IMAGE_END - 0x100000) >> PAGE_SHIFT);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), res);
	ck_assert_uint_eq(map_frames(PMEM_RESERVE), res);
	ck_assert_uint_eq(ledger_count(LEDGER_FIXED_HEAP), map_frames(PMEM_HEAP));
	ck_assert_uint_gt(map_frames(PMEM_HEAP), 0);
	ck_assert_uint_eq(reserve_free(), res);
	ck_assert_int_eq(budget_phase(), BUDGET_CONSERVATIVE);
	/* the heap sits above the first MiB, the reserve right after it */
	m = mm_map();
	for (unsigned i = 0; i < m->count; i++) {
		if (m->e[i].cls == PMEM_HEAP) {
			ck_assert_uint_ge(m->e[i].base, 0x100000);
			ck_assert_uint_eq(m->e[i + 1].cls, PMEM_RESERVE);
			ck_assert_uint_eq(m->e[i + 1].base, m->e[i].end);
		}
	}
	snprintf(line, sizeof(line), "reserve: frames=%llu (auto)", (unsigned long long)res);
	ck_assert_ptr_nonnull(strstr(host_console, line));
	ck_assert_ptr_nonnull(strstr(host_console, "reserve: hotplug="));
	ck_assert_ptr_nonnull(strstr(host_console, "pmem: 0x"));
	ck_assert_ptr_null(strstr(host_console, "unusable"));
}
END_TEST

START_TEST(mm_relax_keeps_auto_headroom)
{
	uint64_t res = reserve_auto_frames_for(BOOT_FX_RAM_FRAMES, RESERVE_AUTO_SPAN);
	uint64_t keep = reserve_headroom_frames_for(res, RESERVE_HEADROOM_SPAN);
	uint64_t banked, sum;
	char line[160];

	ck_assert_int_eq(mm_boot("reserve=auto"), -1);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_uint_lt(keep, res); /* the machine is sized so that some is released */
	mm_relax();
	ck_assert_int_eq(budget_phase(), BUDGET_RELAXED);
	ck_assert(ledger_banked_sealed());
	ck_assert_uint_eq(reserve_free(), keep);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), keep);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked + res - keep);
	ck_assert_uint_eq(ledger_sum(), BOOT_FX_RAM_FRAMES);
	snprintf(line, sizeof(line), "reserve: kept=%llu taken=0 released=%llu",
		 (unsigned long long)keep, (unsigned long long)(res - keep));
	ck_assert_ptr_nonnull(strstr(host_console, line));
	sum = ledger_count(LEDGER_IMAGE) + ledger_count(LEDGER_FIXED_HEAP) + keep;
	snprintf(line, sizeof(line), "header_region=0 reserve=%llu total=%llu ram=%llu share=",
		 (unsigned long long)keep, (unsigned long long)sum,
		 (unsigned long long)BOOT_FX_RAM_FRAMES);
	ck_assert_ptr_nonnull(strstr(host_console, line));
}
END_TEST

START_TEST(mm_reserve_frames_given)
{
	char line[96];

	ck_assert_int_eq(mm_boot("reserve=24"), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 24);
	ck_assert_ptr_nonnull(strstr(host_console, "reserve: frames=24 (reserve=)"));
	/* reserve=<n> keeps all n at relax: nothing is released */
	mm_relax();
	ck_assert_uint_eq(reserve_free(), 24);
	snprintf(line, sizeof(line), "reserve: kept=24 taken=0 released=0");
	ck_assert_ptr_nonnull(strstr(host_console, line));
}
END_TEST

START_TEST(mm_reserve_zero)
{
	ck_assert_int_eq(mm_boot("reserve=0"), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 0);
	ck_assert_uint_eq(map_frames(PMEM_RESERVE), 0);
	ck_assert_uint_eq(ledger_sum(), BOOT_FX_RAM_FRAMES);
	mm_relax();
	ck_assert_uint_eq(reserve_free(), 0);
}
END_TEST

START_TEST(mm_reserve_refusals)
{
	char arg[48];

	ck_assert_int_eq(mm_boot("reserve=lots"), 2);
	ck_assert_ptr_nonnull(
		strstr(host_console, "boot: reserve=lots: expected a number of frames or auto"));
	host_console_reset();
	snprintf(arg, sizeof(arg), "reserve=%llu",
		 (unsigned long long)(BOOT_FX_RAM_FRAMES / 2 + 1));
	ck_assert_int_eq(mm_boot(arg), 2);
	ck_assert_ptr_nonnull(strstr(host_console, "more than half of the"));
	ck_assert_ptr_nonnull(strstr(host_console, "arroyo: halt status=2"));
	/* exactly half is allowed (if the heap still fits beside it) */
	host_console_reset();
	snprintf(arg, sizeof(arg), "reserve=%llu", (unsigned long long)(BOOT_FX_RAM_FRAMES / 2));
	ck_assert_int_eq(mm_boot(arg), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), BOOT_FX_RAM_FRAMES / 2);
}
END_TEST

START_TEST(mm_refuses_bad_map)
{
	boot_fx.mem_count = 0;
	ck_assert_int_eq(mm_boot(""), 2);
	ck_assert_ptr_nonnull(strstr(host_console, "boot: memory map: "));
}
END_TEST

START_TEST(mm_refuses_no_room_for_heap)
{
	/* RAM above 1 MiB only as far as the image: no run for heap and reserve */
	boot_fx.mem_count = 0;
	boot_fx_mem(0, BOOT_FX_LOW_END, MEM_RAM);
	boot_fx_mem(0x100000, BOOT_FX_IMAGE_END - 0x100000 + PAGE_SIZE, MEM_RAM);
	ck_assert_int_eq(mm_boot("reserve=0"), 2);
	ck_assert_ptr_nonnull(strstr(host_console, "no direct-mapped RAM run of"));
}
END_TEST

START_TEST(mm_ram_past_cpu_limit_unusable)
{
	/* 64 frames at the host port's 36-bit limit: counted unusable, not RAM */
	boot_fx_mem(arch_pa_limit(), 64 * PAGE_SIZE, MEM_RAM);
	ck_assert_int_eq(mm_boot(""), -1);
	ck_assert_ptr_nonnull(strstr(host_console, "pmem: 64 frames of RAM at or above 0x"));
	ck_assert_uint_eq(ledger_total(), BOOT_FX_RAM_FRAMES);
	ck_assert_uint_eq(map_frames(PMEM_UNUSABLE), 64);
}
END_TEST

START_TEST(mm_ram_past_direct_map)
{
	/* RAM beyond what the host lends (the direct map's end) is still RAM
	 * with headers; only the heap must be direct-mapped */
	boot_fx_mem(BOOT_FX_RAM_END + 0x100000, 32 * PAGE_SIZE, MEM_RAM);
	host_ram_lend(0, BOOT_FX_RAM_END / 2, boot_fx_ram);
	ck_assert_int_eq(mm_boot("reserve=8"), -1);
	ck_assert_uint_eq(ledger_total(), BOOT_FX_RAM_FRAMES + 32);
	ck_assert_uint_eq(ledger_sum(), BOOT_FX_RAM_FRAMES + 32);
}
END_TEST

START_TEST(mm_modules_are_boot_frames)
{
	boot_fx.mods[0] = (struct boot_module){ 0x200000, 0x203800, "image" };
	boot_fx.mod_count = 1;
	ck_assert_int_eq(mm_boot(""), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_BOOT), 4);
	ck_assert_uint_eq(ledger_sum(), BOOT_FX_RAM_FRAMES);
}
END_TEST

START_TEST(mm_board_spans)
{
	/* a board names its own spans: the reserve follows them */
	boot_fx.reserve_boot_span = 16ull << 20;
	boot_fx.reserve_headroom_span = 4ull << 20;
	ck_assert_int_eq(mm_boot(""), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE),
			  reserve_auto_frames_for(BOOT_FX_RAM_FRAMES, 16ull << 20));
	mm_relax();
	ck_assert_uint_eq(
		reserve_free(),
		reserve_headroom_frames_for(
			reserve_auto_frames_for(BOOT_FX_RAM_FRAMES, 16ull << 20), 4ull << 20));
}
END_TEST

START_TEST(mm_boot_devices_on_top)
{
	/* boot devices' headers come on top of the hot-plug part ... */
	host_boot_header_pages = 10;
	ck_assert_int_eq(mm_boot("reserve=16"), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 26);
	ck_assert_ptr_nonnull(strstr(host_console, "reserve: hotplug=16 boot_devices=10"));
	/* ... and relax keeps the hot-plug part, not what devices left */
	mm_relax();
	ck_assert_uint_eq(reserve_free(), 16);
}
END_TEST

START_TEST(mm_boot_devices_capped)
{
	char line[96];
	uint64_t room = BOOT_FX_RAM_FRAMES / 2 - 100;

	/* more than half of RAM wanted: capped, and the console says so */
	host_boot_header_pages = BOOT_FX_RAM_FRAMES;
	ck_assert_int_eq(mm_boot("reserve=100"), -1);
	snprintf(line, sizeof(line), "need %llu header frames, only %llu fit",
		 (unsigned long long)BOOT_FX_RAM_FRAMES, (unsigned long long)room);
	ck_assert_ptr_nonnull(strstr(host_console, line));
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 100 + room);
}
END_TEST

START_TEST(mm_boot_devices_no_room)
{
	/* a hot-plug part of half of RAM leaves boot devices nothing */
	host_boot_header_pages = 5;
	ck_assert_int_eq(mm_boot("reserve=0"), -1);
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), 5);
	host_console_reset();
	boot_fx_teardown();
	boot_fx_setup();
	host_boot_header_pages = 5;
	{
		char arg[48];

		snprintf(arg, sizeof(arg), "reserve=%llu",
			 (unsigned long long)(BOOT_FX_RAM_FRAMES / 2));
		ck_assert_int_eq(mm_boot(arg), -1);
	}
	ck_assert_ptr_nonnull(strstr(host_console, "only 0 fit"));
	ck_assert_uint_eq(ledger_count(LEDGER_RESERVE), BOOT_FX_RAM_FRAMES / 2);
}
END_TEST

Suite *mm_suite(void)
{
	Suite *s = suite_create("mm");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, boot_fx_setup, boot_fx_teardown);
	tcase_add_test(tc, mm_auto_reserve_and_ledger);
	tcase_add_test(tc, mm_relax_keeps_auto_headroom);
	tcase_add_test(tc, mm_reserve_frames_given);
	tcase_add_test(tc, mm_reserve_zero);
	tcase_add_test(tc, mm_reserve_refusals);
	tcase_add_test(tc, mm_refuses_bad_map);
	tcase_add_test(tc, mm_refuses_no_room_for_heap);
	tcase_add_test(tc, mm_ram_past_cpu_limit_unusable);
	tcase_add_test(tc, mm_ram_past_direct_map);
	tcase_add_test(tc, mm_modules_are_boot_frames);
	tcase_add_test(tc, mm_board_spans);
	tcase_add_test(tc, mm_boot_devices_on_top);
	tcase_add_test(tc, mm_boot_devices_capped);
	tcase_add_test(tc, mm_boot_devices_no_room);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(mm)
