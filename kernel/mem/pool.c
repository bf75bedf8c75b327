/* The kernel's pool registry: built at boot from the arch, the memory map
 * and the boot image, then read by the loader, Range and hot-plug; a
 * frame's pool through its range in the resource tree
 * (kernel/include/kernel/pool.h, doc/pools.md). */
#include <lib/fmt.h>
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/pool.h>

static struct pool_map pool_map_k;
static uint64_t pool_nframes[POOL_MAX];
static unsigned pool_system_id = POOL_NONE;
/* Image pool record -> pool id; IMAGE_MAX_RECORDS bytes in bss. */
static uint8_t pool_by_record[IMAGE_MAX_RECORDS] = { [0 ... IMAGE_MAX_RECORDS - 1] = POOL_NONE };

void pool_reset(void)
{
	poolmap_init(&pool_map_k);
	for (unsigned i = 0; i < POOL_MAX; i++)
		pool_nframes[i] = 0;
	for (unsigned i = 0; i < IMAGE_MAX_RECORDS; i++)
		pool_by_record[i] = POOL_NONE;
	pool_system_id = POOL_NONE;
}

const struct pool_map *pool_registry(void)
{
	return &pool_map_k;
}

unsigned pool_count(void)
{
	return pool_map_k.count;
}

const struct pool_desc *pool_get(unsigned id)
{
	return id < pool_map_k.count ? &pool_map_k.pool[id] : NULL;
}

uint64_t pool_frames(unsigned id)
{
	return id < pool_map_k.count ? pool_nframes[id] : 0;
}

unsigned pool_of_pa(pa_t pa)
{
	const struct range *r = range_peek(pa);

	if (!r)
		return POOL_NONE;
	if (r->pool_colours) {
		/* The colour is in the low bits of the frame number: 32 bits do. */
		unsigned k = r->pool_colour[((uint32_t)pa >> PAGE_SHIFT) & (r->pool_colours - 1u)];

		if (k != POOL_NONE)
			return k;
	}
	if (__builtin_expect(r->pool == POOL_MIXED, 0))
		return poolmap_of(&pool_map_k, pa);
	return r->pool;
}

bool pool_run_in(pa_t pa, uint64_t n, unsigned id)
{
	const struct range *r = range_peek(pa);

	if (!r)
		return false;
	if (!r->pool_colours && r->pool != POOL_MIXED && r->node.end - pa >= (n << PAGE_SHIFT))
		return r->pool == id;
	for (uint64_t k = 0; k < n; k++)
		if (pool_of_pa(pa + (k << PAGE_SHIFT)) != id)
			return false;
	return true;
}

pa_t pool_piece_end(pa_t pa, pa_t end)
{
	const struct pool_cell *c = poolmap_cell_of(&pool_map_k, pa);

	if (c)
		return c->end < end ? c->end : end;
	for (unsigned i = 0; i < pool_map_k.cells; i++) /* sorted */
		if (pool_map_k.cell[i].start > pa)
			return pool_map_k.cell[i].start < end ? pool_map_k.cell[i].start : end;
	return end;
}

void pool_range_attach(struct range *r)
{
	pa_t end = r->base + (r->frames << PAGE_SHIFT);
	const struct pool_cell *c = poolmap_cell_of(&pool_map_k, r->base);

	r->pool_colour = NULL;
	r->pool_colours = 0;
	if (pool_piece_end(r->base, end) != end) {
		r->pool = POOL_MIXED;
	} else if (!c) {
		r->pool = POOL_NONE; /* between pools */
	} else {
		r->pool = c->pool;
		r->pool_colours = c->colours;
		r->pool_colour = c->colours ? c->colour : NULL;
	}
}

unsigned pool_system(void)
{
	return pool_system_id;
}

unsigned pool_of_record(uint32_t record)
{
	unsigned id = record < IMAGE_MAX_RECORDS ? pool_by_record[record] : POOL_NONE;

	return id < pool_map_k.count ? id : POOL_NONE;
}

unsigned pool_cache_of_pa(pa_t pa)
{
	unsigned id = pool_of_pa(pa);

	return id == POOL_NONE ? POOL_CACHE_WB : pool_map_k.pool[id].cache;
}

/* Frames of [lo, hi) (page-aligned) whose pfn is s modulo period. */
static uint64_t pool_count_slot(uint64_t lo, uint64_t hi, unsigned s, unsigned period)
{
	uint64_t a = lo >> PAGE_SHIFT, b = hi >> PAGE_SHIFT;
	uint64_t first = a + ((s - a) & (period - 1));

	return first >= b ? 0 : ((b - 1 - first) >> __builtin_ctz(period)) + 1;
}

/* Adds (sign +1) or removes (-1) the frames of [lo, hi) to their pools. */
static void pool_account(uint64_t lo, uint64_t hi, int sign)
{
	for (unsigned i = 0; i < pool_map_k.cells; i++) {
		const struct pool_cell *c = &pool_map_k.cell[i];
		uint64_t a = c->start > lo ? c->start : lo, b = c->end < hi ? c->end : hi;
		uint64_t rest;

		if (a >= b)
			continue;
		rest = (b - a) >> PAGE_SHIFT;

		for (unsigned s = 0; s < c->colours; s++) {
			uint64_t k;

			if (c->colour[s] == POOL_NONE)
				continue;
			k = pool_count_slot(a, b, s, c->colours);
			pool_nframes[c->colour[s]] += sign > 0 ? k : -k;
			rest -= k;
		}
		if (c->pool != POOL_NONE)
			pool_nframes[c->pool] += sign > 0 ? rest : -rest;
	}
}

/* dst gets the n bytes of src, NUL-padded (src holds its own NUL). */
static void pool_name_copy(char *dst, const char *src, size_t n)
{
	for (size_t i = 0; i < POOL_NAME_SIZE; i++)
		dst[i] = i < n && i + 1 < POOL_NAME_SIZE ? src[i] : '\0';
}

/* The system pool: the span of the kernel image, fixed heap and reserve. */
static bool pool_system_desc(const struct pmem_map *map, struct pool_desc *d)
{
	pa_t lo = ~(pa_t)0, hi = 0;

	for (unsigned i = 0; i < map->count; i++) {
		unsigned c = map->e[i].cls;

		if (c != PMEM_IMAGE && c != PMEM_HEAP && c != PMEM_RESERVE)
			continue;
		lo = map->e[i].base < lo ? map->e[i].base : lo;
		hi = map->e[i].end > hi ? map->e[i].end : hi;
	}
	if (hi <= lo)
		return false;
	pool_name_copy(d->name, "system", sizeof "system");
	d->start = lo;
	d->length = hi - lo;
	d->stripe = d->step = 0;
	d->cache = POOL_CACHE_WB;
	d->layer = POOL_LAYER_SYSTEM;
	return true;
}

/* An image pool must lie in RAM and off the image, heap, reserve and modules. */
static bool pool_check_ram(const struct pool_desc *d, const struct pmem_map *map, char *why,
			   size_t whylen)
{
	pa_t at = d->start, end = d->start + d->length;

	for (unsigned i = 0; i < map->count && at < end; i++) {
		const struct pmem_entry *e = &map->e[i];

		if (e->end <= at)
			continue;
		if (e->base > at || !pmem_class_is_ram(e->cls))
			break;
		if (e->base < end && e->cls != PMEM_RAM) {
			fmt_snprintf(why, whylen,
				     "pool '%s' 0x%llx-0x%llx lies over the %s at 0x%llx-0x%llx",
				     d->name, (unsigned long long)d->start, (unsigned long long)end,
				     e->cls == PMEM_MODULE ? "boot modules"
							   : pmem_class_name(e->cls),
				     (unsigned long long)e->base, (unsigned long long)e->end);
			return false;
		}
		at = e->end;
	}
	if (at < end) {
		fmt_snprintf(why, whylen, "pool '%s' 0x%llx-0x%llx lies outside RAM (at 0x%llx)",
			     d->name, (unsigned long long)d->start, (unsigned long long)end,
			     (unsigned long long)at);
		return false;
	}
	return true;
}

/* Names the pool refused: the registered one the error names, or (its index
 * past the registry's last) `adding`, the one being added. */
static bool pool_refuse_code(const struct pool_desc *adding, const struct poolmap_error *pe,
			     char *why, size_t whylen)
{
	const struct pool_desc *d =
		pe->pool < pool_map_k.count ? &pool_map_k.pool[pe->pool] : adding;

	if (pe->code == POOLMAP_CLASH && pe->other < pool_map_k.count)
		fmt_snprintf(why, whylen, "pool '%s': its frames at 0x%llx are also pool '%s''s",
			     d->name, (unsigned long long)pe->at, pool_map_k.pool[pe->other].name);
	else
		fmt_snprintf(why, whylen, "pool '%s': %s", d->name, poolmap_code_name(pe->code));
	return false;
}

static bool pool_add_image(const struct image_view *img, const struct pmem_map *map, char *why,
			   size_t whylen)
{
	for (uint32_t r = 0; img && r < img->record_count; r++) {
		struct image_record rec;
		struct pool_desc d;
		struct poolmap_error pe;
		unsigned id;
		const char *no;

		image_record_get(img, r, &rec);
		if (rec.type != IMAGE_T_POOL)
			continue;
		pool_name_copy(d.name, rec.name, sizeof rec.name);
		d.start = rec.u.pool.start;
		d.length = rec.u.pool.length;
		d.stripe = rec.u.pool.stripe;
		d.step = rec.u.pool.step;
		d.cache = rec.u.pool.cache;
		d.layer = POOL_LAYER_IMAGE;
		if (poolmap_add(&pool_map_k, &d, &id, &pe) != POOLMAP_OK) {
			fmt_snprintf(why, whylen, "pool '%s': %s", d.name,
				     poolmap_code_name(pe.code));
			return false;
		}
		if (!pool_check_ram(&d, map, why, whylen))
			return false;
		if (d.cache != POOL_CACHE_WB && !arch_pool_cache_enforced(d.cache, &no))
			kprintf("pool: %s cache=%s not enforced: %s\n", d.name,
				pool_cache_name(d.cache), no);
		pool_by_record[r] = (uint8_t)id;
	}
	return true;
}

bool pool_build(const struct pool_desc *arch, unsigned narch, const struct pmem_map *map,
		const struct image_view *img, char *why, size_t whylen)
{
	struct poolmap_error pe;
	struct pool_desc sys;
	unsigned id;

	pool_reset();
	for (unsigned i = 0; i < narch; i++)
		if (poolmap_add(&pool_map_k, &arch[i], &id, &pe) != POOLMAP_OK)
			return pool_refuse_code(&arch[i], &pe, why, whylen);
	if (pool_system_desc(map, &sys)) {
		if (poolmap_add(&pool_map_k, &sys, &id, &pe) != POOLMAP_OK)
			return pool_refuse_code(&sys, &pe, why, whylen);
		pool_system_id = id;
	}
	if (!pool_add_image(img, map, why, whylen))
		return false;
	if (poolmap_build(&pool_map_k, &pe) != POOLMAP_OK)
		return pool_refuse_code(NULL, &pe, why, whylen); /* names a registered pool */
	for (unsigned i = 0; i < map->count; i++)
		if (pmem_class_is_ram(map->e[i].cls))
			pool_account(map->e[i].base, map->e[i].end, 1);
	return true;
}

void pool_print(unsigned id)
{
	const struct pool_desc *d = &pool_map_k.pool[id];

	kprintf("pool: %u %s start=0x%llx len=0x%llx stripe=0x%x step=0x%x cache=%s frames=%llu\n",
		id, d->name, (unsigned long long)d->start, (unsigned long long)d->length,
		(unsigned)d->stripe, (unsigned)d->step, pool_cache_name(d->cache),
		(unsigned long long)pool_nframes[id]);
}

static void pool_ram_event(pa_t base, uint64_t frames, int sign)
{
	/* By address: the range may not be in the tree yet, or no longer. */
	unsigned first = poolmap_of(&pool_map_k, base);
	unsigned last = poolmap_of(&pool_map_k, base + (frames << PAGE_SHIFT) - 1);
	const struct pool_desc *d = pool_get(first);

	pool_account(base, base + (frames << PAGE_SHIFT), sign);
	kprintf("pool: ram %s pool %s pa=0x%llx frames=%llu%s\n", sign > 0 ? "joined" : "left",
		d ? d->name : "(none)", (unsigned long long)base, (unsigned long long)frames,
		first == last ? "" : " (and others)");
	if (d)
		pool_print(first);
}

void pool_ram_added(pa_t base, uint64_t frames)
{
	pool_ram_event(base, frames, 1);
}

void pool_ram_removed(pa_t base, uint64_t frames)
{
	pool_ram_event(base, frames, -1);
}
