/* Kernel memory at boot (kernel/include/kernel/mm.h, doc/memory.md). */
#include <kernel/arch.h>
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/heap.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/mm.h>
#include <kernel/pagehdr.h>
#include <kernel/pool.h>
#include <kernel/reserve.h>

/* The heap goes above the first MiB: that one holds the BIOS data, the
 * loader's tables and legacy device holes, and keeping the heap out of it
 * keeps the heap one clean run. */
#define MM_HEAP_FLOOR 0x100000ull

static struct pmem_map mm_boot_map; /* in the image: needed before the heap exists */
static bool mm_reserve_auto;
static uint64_t mm_boot_span = RESERVE_AUTO_SPAN, mm_headroom_span = RESERVE_HEADROOM_SPAN;
static uint64_t mm_ram_total; /* frames of RAM at boot */
static uint64_t mm_reserve_boot; /* the part held for devices present at boot */
static uint64_t mm_reserve_hotplug; /* the part held for hot-plug */

const struct pmem_map *mm_map(void)
{
	return &mm_boot_map;
}

static unsigned mm_page_type_of(unsigned cls)
{
	switch (cls) {
	case PMEM_IMAGE:
		return PT_IMAGE;
	case PMEM_MODULE:
		return PT_BOOT;
	case PMEM_HEAP:
		return PT_HEAP;
	case PMEM_RESERVE:
		return PT_RESERVE;
	default:
		return PT_FREE;
	}
}

static uint64_t mm_ram_frames(const struct pmem_map *map)
{
	uint64_t n = 0;

	for (unsigned c = 0; c < PMEM_CLASS_COUNT; c++)
		if (pmem_class_is_ram(c))
			n += pmem_frames(map, c);
	return n;
}

static bool mm_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* The reserve's hot-plug part: reserve=auto or reserve=<frames>. */
static uint64_t mm_parse_reserve(const struct cmdline *cl, uint64_t ram_frames)
{
	const char *v = cmdline_get(cl, "reserve");
	uint64_t n;

	mm_reserve_auto = !v || mm_streq(v, "auto");
	if (mm_reserve_auto)
		return reserve_auto_frames_for(ram_frames, mm_boot_span);
	if (cmdline_get_u64(cl, "reserve", &n) != ERR_OK)
		boot_refuse("reserve=%s: expected a number of frames or auto", v);
	if (n > ram_frames / 2)
		boot_refuse("reserve=%llu: more than half of the %llu frames of RAM",
			    (unsigned long long)n, (unsigned long long)ram_frames);
	return n;
}

/* Devices present at boot are known now: their headers are held on top of
 * the hot-plug part, so a large one does not eat the room kept for
 * hot-plug, and the hot-plug part is never what they leave over. The whole
 * reserve stays within half of RAM; what does not fit is named here and the
 * device is refused at discovery. */
static uint64_t mm_boot_devices_reserve(uint64_t hotplug, uint64_t ram_frames)
{
	uint64_t want = arch_devices_boot_header_pages(), cap = ram_frames / 2;
	uint64_t room = cap > hotplug ? cap - hotplug : 0;

	if (want > room) {
		kprintf("reserve: devices present at boot need %llu header frames, only %llu fit "
			"(the reserve is capped at half of the %llu frames of RAM): some will be "
			"refused\n",
			(unsigned long long)want, (unsigned long long)room,
			(unsigned long long)ram_frames);
		want = room;
	}
	return want;
}

/* One boot RAM range [base, end), its headers from the fixed heap, free. */
static void mm_add_ram_range(pa_t base, pa_t end)
{
	struct range *r = range_alloc();

	if (!r)
		panic("mm: more boot RAM runs than RANGE_MAX=%u", RANGE_MAX);
	range_describe(r, RANGE_RAM, base, (end - base) >> PAGE_SHIFT, RANGE_OWNER_BOOT);
	r->hdrs = heap_alloc(r->frames << PAGEHDR_RAM_SHIFT, 16, HEAP_HEADERS);
	if (!r->hdrs)
		panic("mm: fixed heap too small for %llu headers (formula broken)",
		      (unsigned long long)r->frames);
	pagehdr_init_range(r, PT_FREE);
	if (range_insert(r) != ERR_OK)
		panic("mm: boot RAM run 0x%llx overlaps another", (unsigned long long)r->base);
}

/* One range per maximal run of touching RAM-class entries, cut at every
 * pool boundary (pool_piece_end) so that each range lies in one pool cell
 * and carries its pool; headers typed by each entry's class. */
static void mm_add_ram_ranges(const struct pmem_map *map)
{
	unsigned i = 0;

	while (i < map->count) {
		unsigned j = i;

		if (!pmem_class_is_ram(map->e[i].cls)) {
			i++;
			continue;
		}
		while (j + 1 < map->count && pmem_class_is_ram(map->e[j + 1].cls) &&
		       map->e[j + 1].base == map->e[j].end)
			j++;
		for (pa_t a = map->e[i].base, b; a < map->e[j].end; a = b) {
			b = pool_piece_end(a, map->e[j].end);
			mm_add_ram_range(a, b);
		}
		for (unsigned k = i; k <= j; k++) {
			const struct pmem_entry *e = &map->e[k];
			unsigned type = mm_page_type_of(e->cls);

			for (pa_t pa = e->base; pa < e->end; pa += PAGE_SIZE) {
				struct range *r = range_of_pa(pa);

				pagehdr_set_type(pagehdr_at(r, (pa - r->base) >> PAGE_SHIFT), type);
			}
			ledger_move(LEDGER_ABSENT, ledger_state_of_type(type),
				    (e->end - e->base) >> PAGE_SHIFT);
		}
		i = j + 1;
	}
}

static void mm_print_map(const struct pmem_map *map)
{
	for (unsigned i = 0; i < map->count; i++)
		kprintf("pmem: 0x%012llx-0x%012llx %s\n", (unsigned long long)map->e[i].base,
			(unsigned long long)map->e[i].end, pmem_class_name(map->e[i].cls));
}

void mm_init(const struct boot_info *bi, const struct cmdline *cl)
{
	struct pmem_map *map = &mm_boot_map;
	struct heap_inputs in;
	struct heap_terms t;
	uint64_t ram_frames, res_frames, heap_bytes, unusable;
	pa_t base, direct_top = 0;
	struct range *slots;
	uint8_t *res_state;
	char why[160];

	if (pmem_build(bi, map, why, sizeof(why)) != ERR_OK)
		boot_refuse("memory map: %s", why);
	unusable = pmem_limit(map, arch_pa_limit());
	if (unusable)
		kprintf("pmem: %llu frames of RAM at or above 0x%llx, the CPU's physical-address "
			"limit, are unusable\n",
			(unsigned long long)unusable, (unsigned long long)arch_pa_limit());
	ram_frames = mm_ram_frames(map);
	mm_ram_total = ram_frames;
	if (bi->reserve_boot_span) {
		mm_boot_span = bi->reserve_boot_span;
		mm_headroom_span = bi->reserve_headroom_span;
	}
	res_frames = mm_parse_reserve(cl, ram_frames);
	mm_reserve_hotplug = res_frames;
	mm_reserve_boot = mm_boot_devices_reserve(res_frames, ram_frames);
	res_frames += mm_reserve_boot;

	in.ram_frames = ram_frames;
	in.hdr_bytes = sizeof(struct page_header);
	in.ranges = RANGE_MAX;
	in.range_bytes = sizeof(struct range);
	in.table_bytes = arch_mm_table_bytes();
	in.reserve_frames = res_frames;
	heap_bytes = heap_formula(&in, &t);

	if (pmem_find_free(map, heap_bytes + (res_frames << PAGE_SHIFT), MM_HEAP_FLOOR,
			   ARCH_DIRECT_MAP_END, &base) != ERR_OK)
		boot_refuse("memory map: no direct-mapped RAM run of %llu bytes for the fixed heap "
			    "and %llu reserve frames",
			    (unsigned long long)heap_bytes, (unsigned long long)res_frames);
	if (pmem_carve(map, base, base + heap_bytes, PMEM_RAM, PMEM_HEAP, why, sizeof(why)) !=
		    ERR_OK ||
	    (res_frames &&
	     pmem_carve(map, base + heap_bytes, base + heap_bytes + (res_frames << PAGE_SHIFT),
			PMEM_RAM, PMEM_RESERVE, why, sizeof(why)) != ERR_OK))
		boot_refuse("memory map: carving the heap: %s", why);
	mm_print_map(map);

	/* The direct map covers boot RAM up to the arch's limit, not more. */
	for (unsigned i = 0; i < map->count; i++)
		if (pmem_class_is_ram(map->e[i].cls) && map->e[i].base < ARCH_DIRECT_MAP_END)
			direct_top = map->e[i].end < ARCH_DIRECT_MAP_END ? map->e[i].end
									 : ARCH_DIRECT_MAP_END;
	heap_init(arch_kva(base), base, heap_bytes);
	arch_mm_init(direct_top);

	slots = heap_alloc((uint64_t)RANGE_MAX * sizeof(struct range), 16, HEAP_RANGES);
	res_state = heap_alloc(res_frames ? res_frames : 1, 1, HEAP_RESERVE);
	if (!slots || !res_state)
		panic("mm: fixed heap too small for its tables (formula broken)");
	range_table_init(slots, RANGE_MAX);
	reserve_init(base + heap_bytes, res_frames, res_state);
	ledger_init();
	budget_init();
	/* The pool registry first: boot RAM ranges are cut at its boundaries. */
	pool_boot(bi, map);
	mm_add_ram_ranges(map);

	kprintf("sizeof: range=%u rtree_node=%u page_header=%u page_header_dev=%u pmem_map=%u\n",
		(unsigned)sizeof(struct range), (unsigned)sizeof(struct rtree_node),
		(unsigned)sizeof(struct page_header), (unsigned)sizeof(struct page_header_dev),
		(unsigned)sizeof(struct pmem_map));
	kprintf("pagehdr: size=%u device=%u\n", (unsigned)sizeof(struct page_header),
		(unsigned)sizeof(struct page_header_dev));
	kprintf("reserve: frames=%llu (%s) at pa=0x%llx\n", (unsigned long long)res_frames,
		mm_reserve_auto ? "auto" : "reserve=", (unsigned long long)(base + heap_bytes));
	kprintf("reserve: hotplug=%llu boot_devices=%llu\n",
		(unsigned long long)(res_frames - mm_reserve_boot),
		(unsigned long long)mm_reserve_boot);
	kprintf("heap: size=%llu frames=%llu pa=0x%llx formula: headers=%llux%u=%llu "
		"ranges=%ux%u=%llu tables=%llu reserve_map=%llu slack=%llu\n",
		(unsigned long long)heap_bytes, (unsigned long long)(heap_bytes >> PAGE_SHIFT),
		(unsigned long long)base, (unsigned long long)ram_frames, in.hdr_bytes,
		(unsigned long long)t.headers, in.ranges, in.range_bytes,
		(unsigned long long)t.ranges, (unsigned long long)t.tables,
		(unsigned long long)t.reserve, (unsigned long long)t.slack);
	heap_print_use();
	ledger_check();
	ledger_print();
	budget_print();
	budget_event(BEV_CONSERVATIVE, 0, 0);
}

/* What the kernel keeps of boot RAM once the budget is relaxed: its image,
 * fixed heap, header region and reserve, and their share of RAM in hundredths
 * of a percent (doc/memory.md). */
static void mm_print_overhead(void)
{
	uint64_t img = ledger_count(LEDGER_IMAGE), heap = ledger_count(LEDGER_FIXED_HEAP);
	uint64_t hdr = ledger_count(LEDGER_HEADER_REGION), res = ledger_count(LEDGER_RESERVE);
	uint64_t sum = img + heap + hdr + res;
	uint64_t bp = mm_ram_total ? (sum * 10000 + mm_ram_total / 2) / mm_ram_total : 0;

	kprintf("overhead: image=%llu fixed_heap=%llu header_region=%llu reserve=%llu total=%llu "
		"ram=%llu share=%llu.%02llu%%\n",
		(unsigned long long)img, (unsigned long long)heap, (unsigned long long)hdr,
		(unsigned long long)res, (unsigned long long)sum, (unsigned long long)mm_ram_total,
		(unsigned long long)(bp / 100), (unsigned long long)(bp % 100));
}

void mm_relax(void)
{
	unsigned long irq = arch_irq_save(); /* hot-plug events wait until the budget is relaxed */
	uint64_t before = reserve_free(), keep, released;

	/* What stays free is the hot-plug part (reserve=<n>, or auto's headroom),
	 * never what boot devices left over: a boot with a device keeps what a
	 * boot without it keeps. */
	keep = mm_reserve_auto ? reserve_headroom_frames_for(mm_reserve_hotplug, mm_headroom_span)
			       : mm_reserve_hotplug;
	if (keep > before)
		keep = before;
	released = budget_relax(keep);
	kprintf("reserve: kept=%llu taken=%llu released=%llu\n", (unsigned long long)reserve_free(),
		(unsigned long long)reserve_taken(), (unsigned long long)released);
	ledger_check();
	ledger_print();
	budget_print();
	mm_print_overhead();
	budget_event(BEV_RELAXED, (uint32_t)released, 0);
	arch_irq_restore(irq);
}
