/* Classifies the boot memory map (kernel/include/kernel/pmem.h). Only
 * comparisons, additions and masks touch pa_t: no 64-bit division, so the
 * code is the same on ColdFire. */
#include <lib/fmt.h>
#include <kernel/pmem.h>

static const char *const pmem_class_names[PMEM_CLASS_COUNT] = {
	[PMEM_RAM] = "ram",	[PMEM_RESERVED] = "reserved", [PMEM_ACPI] = "acpi",
	[PMEM_IMAGE] = "image", [PMEM_MODULE] = "module",     [PMEM_DEVICE] = "device",
	[PMEM_HEAP] = "heap",	[PMEM_RESERVE] = "reserve",   [PMEM_UNUSABLE] = "unusable",
};

const char *pmem_class_name(unsigned cls)
{
	return cls < PMEM_CLASS_COUNT ? pmem_class_names[cls] : "?";
}

bool pmem_class_is_ram(unsigned cls)
{
	return cls == PMEM_RAM || cls == PMEM_IMAGE || cls == PMEM_MODULE || cls == PMEM_HEAP ||
	       cls == PMEM_RESERVE;
}

static unsigned pmem_class_of_type(uint32_t type)
{
	switch (type) {
	case MEM_RAM:
		return PMEM_RAM;
	case MEM_ACPI:
	case MEM_NVS:
		return PMEM_ACPI;
	default:
		return PMEM_RESERVED; /* reserved, bad and unknown types alike */
	}
}

#define PAGE_MASK ((pa_t)PAGE_SIZE - 1)

static pa_t page_up(pa_t pa)
{
	return (pa + PAGE_MASK) & ~PAGE_MASK;
}

static pa_t page_down(pa_t pa)
{
	return pa & ~PAGE_MASK;
}

/* Merges e[i] into e[i - 1] when they touch and share a class. */
static void pmem_merge(struct pmem_map *map)
{
	unsigned out = 0;

	for (unsigned i = 0; i < map->count; i++) {
		struct pmem_entry *prev = out ? &map->e[out - 1] : NULL;

		if (prev && prev->cls == map->e[i].cls && prev->end == map->e[i].base) {
			prev->end = map->e[i].end;
			continue;
		}
		map->e[out++] = map->e[i];
	}
	map->count = out;
}

static void pmem_describe(const struct pmem_entry *e, char *why, size_t whylen, const char *what)
{
	if (!why)
		return;
	if (e->source >= 0)
		fmt_snprintf(why, whylen, "%s entry %d (%s 0x%llx-0x%llx)", what, e->source,
			     pmem_class_name(e->cls), (unsigned long long)e->base,
			     (unsigned long long)e->end);
	else
		fmt_snprintf(why, whylen, "%s the %s at 0x%llx-0x%llx", what,
			     pmem_class_name(e->cls), (unsigned long long)e->base,
			     (unsigned long long)e->end);
}

enum err pmem_carve(struct pmem_map *map, pa_t base, pa_t end, unsigned from, unsigned to,
		    char *why, size_t whylen)
{
	unsigned i;

	if (base >= end || (base & PAGE_MASK) || (end & PAGE_MASK)) {
		if (why)
			fmt_snprintf(why, whylen, "0x%llx-0x%llx is empty or not page-aligned",
				     (unsigned long long)base, (unsigned long long)end);
		return ERR_INVAL;
	}
	/* Anything of another class in the way is named first. */
	for (unsigned k = 0; k < map->count && map->e[k].base < end; k++) {
		const struct pmem_entry *e = &map->e[k];

		if (e->end > base && e->cls != from) {
			pmem_describe(e, why, whylen, "it overlaps");
			return ERR_OVERLAP;
		}
	}
	for (i = 0; i < map->count; i++)
		if (map->e[i].base <= base && end <= map->e[i].end)
			break;
	if (i == map->count || map->e[i].cls != from) {
		if (why)
			fmt_snprintf(why, whylen, "it lies outside every %s entry",
				     pmem_class_name(from));
		return ERR_OVERLAP;
	}
	if (map->count + 2 > PMEM_MAX) {
		if (why)
			fmt_snprintf(why, whylen, "more than %u map entries", PMEM_MAX);
		return ERR_FULL;
	}

	/* Split e into [e.base, base) from, [base, end) to, [end, e.end) from. */
	struct pmem_entry e = map->e[i];
	struct pmem_entry piece[3] = {
		{ e.base, base, (uint8_t)from, e.source },
		{ base, end, (uint8_t)to, -1 },
		{ end, e.end, (uint8_t)from, e.source },
	};
	unsigned n = 0;
	struct pmem_entry keep[3] = { 0 };

	for (unsigned k = 0; k < 3; k++)
		if (piece[k].base < piece[k].end)
			keep[n++] = piece[k];
	for (unsigned k = map->count; k-- > i + 1;)
		map->e[k + n - 1] = map->e[k];
	for (unsigned k = 0; k < n; k++)
		map->e[i + k] = keep[k];
	map->count += n - 1;
	pmem_merge(map);
	return ERR_OK;
}

static enum err pmem_add_loader_entries(const struct boot_info *bi, struct pmem_map *map, char *why,
					size_t whylen)
{
	pa_t prev_end = 0;
	int prev_source = -1;

	map->count = 0;
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct memmap_entry *r = &bi->mem[i];
		struct pmem_entry e = { r->base, r->base + r->len, 0, (int16_t)r->source };

		if (r->len == 0)
			continue;
		if (e.end <= e.base) {
			fmt_snprintf(
				why, whylen,
				"loader entry %u (0x%llx, length 0x%llx) reaches the top of the "
				"64-bit address space",
				r->source, (unsigned long long)r->base, (unsigned long long)r->len);
			return ERR_RANGE;
		}
		if (prev_source >= 0 && prev_end > e.base) {
			fmt_snprintf(
				why, whylen,
				"loader entry %u (0x%llx-0x%llx) overlaps or precedes entry %d",
				r->source, (unsigned long long)e.base, (unsigned long long)e.end,
				prev_source);
			return ERR_OVERLAP;
		}
		prev_end = e.end;
		prev_source = (int)r->source;
		e.cls = (uint8_t)pmem_class_of_type(r->type);
		if (e.cls == PMEM_RAM) {
			/* A partial page at either end is no frame. Frame 0 is never
			 * one either: physical address 0 means "no frame" to the
			 * table code, and on a PC it holds the real-mode vectors. */
			e.base = page_up(e.base ? e.base : 1);
			e.end = page_down(e.end);
			if (e.base >= e.end)
				continue;
		}
		if (map->count == PMEM_MAX) {
			fmt_snprintf(why, whylen, "loader entry %u: more than %u map entries",
				     r->source, PMEM_MAX);
			return ERR_FULL;
		}
		map->e[map->count++] = e;
	}
	pmem_merge(map);
	return ERR_OK;
}

enum err pmem_build(const struct boot_info *bi, struct pmem_map *map, char *why, size_t whylen)
{
	char inner[96];
	enum err e;

	e = pmem_add_loader_entries(bi, map, why, whylen);
	if (e != ERR_OK)
		return e;
	if (pmem_frames(map, PMEM_RAM) == 0) {
		fmt_snprintf(why, whylen, "the map has no RAM (%u loader entries)", bi->mem_count);
		return ERR_INVAL;
	}

	e = pmem_carve(map, page_down(bi->image_start), page_up(bi->image_end), PMEM_RAM,
		       PMEM_IMAGE, inner, sizeof(inner));
	if (e != ERR_OK) {
		fmt_snprintf(why, whylen, "kernel image 0x%llx-0x%llx: %s",
			     (unsigned long long)bi->image_start, (unsigned long long)bi->image_end,
			     inner);
		return e;
	}
	for (unsigned i = 0; i < bi->mod_count; i++) {
		const struct boot_module *m = &bi->mods[i];

		if (m->end < m->start) {
			fmt_snprintf(why, whylen,
				     "module %u ends (0x%llx) before it starts (0x%llx)", i,
				     (unsigned long long)m->end, (unsigned long long)m->start);
			return ERR_INVAL;
		}
		if (m->end == m->start)
			continue;
		e = pmem_carve(map, page_down(m->start), page_up(m->end), PMEM_RAM, PMEM_MODULE,
			       inner, sizeof(inner));
		if (e != ERR_OK) {
			fmt_snprintf(why, whylen, "module %u 0x%llx-0x%llx: %s", i,
				     (unsigned long long)m->start, (unsigned long long)m->end,
				     inner);
			return e;
		}
	}
	return ERR_OK;
}

uint64_t pmem_limit(struct pmem_map *map, pa_t limit)
{
	uint64_t frames = 0;

	limit = page_down(limit);
	for (unsigned i = 0; i < map->count; i++) {
		struct pmem_entry *e = &map->e[i];

		if (e->cls != PMEM_RAM || e->end <= limit)
			continue;
		if (e->base < limit) {
			/* Straddles: cut at limit, the upper part is handled next. */
			if (pmem_carve(map, limit, e->end, PMEM_RAM, PMEM_UNUSABLE, NULL, 0) ==
			    ERR_OK)
				frames += (map->e[i + 1].end - limit) >> PAGE_SHIFT;
			continue;
		}
		e->cls = PMEM_UNUSABLE;
		frames += (e->end - e->base) >> PAGE_SHIFT;
	}
	pmem_merge(map);
	return frames;
}

uint64_t pmem_frames_below(const struct pmem_map *map, unsigned cls, pa_t limit)
{
	uint64_t frames = 0;

	for (unsigned i = 0; i < map->count; i++) {
		const struct pmem_entry *e = &map->e[i];
		pa_t end = e->end < limit ? e->end : limit;

		if (e->cls != cls || e->base >= end)
			continue;
		frames += (page_down(end) - page_up(e->base)) >> PAGE_SHIFT;
	}
	return frames;
}

uint64_t pmem_frames(const struct pmem_map *map, unsigned cls)
{
	return pmem_frames_below(map, cls, ~(pa_t)0);
}

enum err pmem_find_free(const struct pmem_map *map, uint64_t bytes, pa_t floor, pa_t limit,
			pa_t *base)
{
	bytes = page_up(bytes);
	for (unsigned i = 0; i < map->count; i++) {
		const struct pmem_entry *e = &map->e[i];
		pa_t b = page_up(e->base > floor ? e->base : floor);
		pa_t end = e->end < limit ? e->end : limit;

		if (e->cls != PMEM_RAM || b >= end)
			continue;
		if (end - b >= bytes) {
			*base = b;
			return ERR_OK;
		}
	}
	return ERR_NOMEM;
}
