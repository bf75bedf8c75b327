/* Kernel memory at run time: ledger, heap, headers and the hot-plug path on
 * a fake device range, on every arch. */
#include <kernel/arch.h>
#include <kernel/budget.h>
#include <kernel/heap.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/ktest.h>
#include <kernel/ledger.h>
#include <kernel/mm.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

/* Slots well above any bus's numbering. */
#define FAKE_SLOT 900

struct mm_snapshot {
	uint64_t count[LEDGER_STATE_COUNT], total, reserve_free;
	unsigned ranges;
};

static void mm_snap(struct mm_snapshot *s)
{
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		s->count[i] = ledger_count(i);
	s->total = ledger_total();
	s->reserve_free = reserve_free();
	s->ranges = range_count();
}

static const char *mm_same(const struct mm_snapshot *a, const struct mm_snapshot *b)
{
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		if (a->count[i] != b->count[i])
			return ktest_fail(__FILE__, __LINE__, "ledger %s drifted: %llu -> %llu",
					  ledger_state_name(i), (unsigned long long)a->count[i],
					  (unsigned long long)b->count[i]);
	if (a->total != b->total || a->reserve_free != b->reserve_free || a->ranges != b->ranges)
		return ktest_fail(__FILE__, __LINE__, "total/reserve/ranges drifted");
	return NULL;
}

/* A free span for a fake device: the top of the 32-bit space below the
 * firmware's ranges is not used by boot devices in QEMU; slide down until no
 * range is in the way. */
static pa_t mm_fake_base(uint64_t len)
{
	for (pa_t base = 0xe0000000ull; base >= 0x80000000ull; base -= 0x10000000ull)
		if (!range_first_overlap(base, base + len))
			return base;
	return 0;
}

KTEST(mm_ledger_consistent)
{
	struct ledger_mismatch m;
	uint64_t sum = 0;

	KT_EQ(ledger_verify(&m), ERR_OK);
	for (unsigned i = 0; i < LEDGER_STATE_COUNT; i++)
		sum += ledger_count(i);
	KT_EQ(sum, ledger_total());
	KT_EQ(budget_phase(), BUDGET_RELAXED);
	KT_ASSERT(ledger_banked_sealed());
	KT_EQ(budget_frames(), ledger_count(LEDGER_BANKED) + ledger_count(LEDGER_OBJECTS));
	return KTEST_OK;
}

KTEST(mm_heap_never_grows)
{
	uint64_t used = heap_used();

	KT_ASSERT(heap_alloc(heap_size() + 1, 16, HEAP_HEADERS) == NULL);
	KT_ASSERT(heap_alloc(heap_size() - used + 1, 1, HEAP_HEADERS) == NULL);
	KT_EQ(heap_used(), used);
	KT_EQ(ledger_count(LEDGER_FIXED_HEAP), heap_size() >> PAGE_SHIFT);
	return KTEST_OK;
}

KTEST(mm_headers_of_boot_ram)
{
	const struct pmem_map *map = mm_map();

	for (unsigned i = 0; i < map->count; i++) {
		const struct pmem_entry *e = &map->e[i];
		struct page_common *h = pagehdr_of_pa(e->base);

		if (!pmem_class_is_ram(e->cls)) {
			KT_ASSERT(h == NULL || e->cls == PMEM_DEVICE);
			continue;
		}
		KT_ASSERT(h != NULL);
		KT_EQ(pagehdr_pa(h), e->base);
		KT_EQ(pagehdr_pa(pagehdr_of_pa(e->end - 1)), e->end - PAGE_SIZE);
		KT_EQ(pagehdr_ot_index(h), PAGEHDR_OT_NONE);
		if (e->cls == PMEM_IMAGE)
			KT_EQ(pagehdr_type(h), PT_IMAGE);
		if (e->cls == PMEM_HEAP)
			KT_EQ(pagehdr_type(h), PT_HEAP);
	}
	return KTEST_OK;
}

KTEST(mm_hotplug_fake_device_returns_ledger)
{
	struct mm_snapshot before, during, after;
	struct hotplug_window w[2];
	uint64_t short_by = 0;
	unsigned long irq;
	const char *why;
	pa_t base = mm_fake_base(0x1100000);

	KT_ASSERT(base != 0);
	w[0].base = base;
	w[0].len = 0x1000000; /* 4096 frames: 8 header pages */
	w[1].base = base + 0x1000000;
	w[1].len = 0x1000; /* 1 frame: 1 header page */
	irq = arch_irq_save();
	mm_snap(&before);
	if (hotplug_add_device(FAKE_SLOT, w, 2, &short_by) != ERR_OK) {
		arch_irq_restore(irq);
		KT_FAIL("add refused, short=%llu", (unsigned long long)short_by);
	}
	mm_snap(&during);
	struct page_common *h = pagehdr_of_pa(base + 0x5000);
	bool typed = h && pagehdr_type(h) == PT_DEVICE &&
		     pagehdr_oid(h) == OID_DEVICE_BASE + ((base + 0x5000) >> PAGE_SHIFT) &&
		     pagehdr_pa(h) == base + 0x5000;
	uint64_t removed = hotplug_remove_slot(FAKE_SLOT);
	mm_snap(&after);
	arch_irq_restore(irq);

	KT_ASSERT(typed);
	KT_EQ(removed, 4097);
	KT_EQ(during.count[LEDGER_DEVICE], before.count[LEDGER_DEVICE] + 4097);
	KT_EQ(during.count[LEDGER_HEADER_REGION], before.count[LEDGER_HEADER_REGION] + 9);
	KT_EQ(during.count[LEDGER_RESERVE], before.count[LEDGER_RESERVE] - 9);
	KT_EQ(during.count[LEDGER_BANKED], before.count[LEDGER_BANKED]);
	KT_EQ(during.total, before.total + 4097);
	KT_ASSERT(pagehdr_of_pa(base) == NULL);
	why = mm_same(&before, &after);
	return why;
}

KTEST(mm_hotplug_refused_changes_nothing)
{
	struct mm_snapshot before, after;
	struct hotplug_window w = { 0x1000000000ull, 0x1000000000ull }; /* 64 GiB at 64 GiB */
	/* headers, and on i386 the header window's tables for them */
	uint64_t short_by = 0, need = hdrregion_cost(reserve_frames_for_device_bytes(w.len));
	unsigned long irq = arch_irq_save();
	enum err e;

	mm_snap(&before);
	e = hotplug_add_device(FAKE_SLOT + 1, &w, 1, &short_by);
	mm_snap(&after);
	arch_irq_restore(irq);
	KT_EQ(e, ERR_NOMEM);
	KT_EQ(short_by, need - reserve_free());
	return mm_same(&before, &after);
}

KTEST(mm_hotplug_cycles_no_drift)
{
	struct mm_snapshot before, after;
	struct hotplug_window w = { 0, 0x400000 };
	uint64_t short_by;
	unsigned long irq = arch_irq_save();

	w.base = mm_fake_base(w.len);
	mm_snap(&before);
	for (unsigned i = 0; i < 20; i++) {
		if (hotplug_add_device(FAKE_SLOT + 2, &w, 1, &short_by) != ERR_OK ||
		    hotplug_remove_slot(FAKE_SLOT + 2) != (w.len >> PAGE_SHIFT)) {
			arch_irq_restore(irq);
			KT_FAIL("cycle %u failed", i);
		}
	}
	mm_snap(&after);
	arch_irq_restore(irq);
	return mm_same(&before, &after);
}

KTEST(mm_header_region_grows_from_reserve_only)
{
	struct hdr_block b;
	uint64_t res = ledger_count(LEDGER_RESERVE), banked = ledger_count(LEDGER_BANKED);
	unsigned long irq = arch_irq_save();
	enum err e = hdrregion_alloc(3, &b);
	bool ok = e == ERR_OK && ledger_count(LEDGER_RESERVE) == res - 3 &&
		  ledger_count(LEDGER_HEADER_REGION) >= 3 && ledger_count(LEDGER_BANKED) == banked;

	if (e == ERR_OK) {
		((volatile uint8_t *)b.va)[3 * PAGE_SIZE - 1] = 0x5a;
		hdrregion_free(&b);
	}
	arch_irq_restore(irq);
	KT_ASSERT(ok);
	KT_EQ(ledger_count(LEDGER_RESERVE), res);
	return KTEST_OK;
}
