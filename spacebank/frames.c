/* Frames for objects: the bank takes naturally aligned 1 MiB chunks from the
 * kernel (RANGE_OP_TAKE, one call per 256 frames), each inside one memory
 * pool, and hands out 4 KiB frames through a buddy allocator per pool per
 * 16 MiB region, made the first time a chunk of that pool lands in it. Pools
 * that hold no aligned MiB (striped pools, the SRAM, the system pool's
 * leftovers) are taken a frame at a time. A freed frame goes back to the
 * buddy of its own pool: the region of its 16 MiB that holds it (each frame
 * is in one pool, so only one of them does); nothing per frame says which
 * pool it is in.
 * Metadata is external (bank memory): the chunks may become kernel objects,
 * so nothing of the bank's may live inside them.
 * Chunks are kernel-addressable (for every object type) unless a page was
 * asked for at or above an address: such chunks may lie beyond the kernel's
 * direct map (hot-plugged RAM), and a region serves kernel objects only once
 * a kernel-addressable chunk landed in it (a region is wholly inside the
 * direct map or wholly outside: both are 16 MiB multiples). */
#include "region.h"

#define FRAMES_CHUNK_ORDER 8 /* 1 MiB: one kernel call buys 256 page allocations */
/* 10 regions cover 160 MiB of one pool or a few pools; each costs 20 KiB of
 * buddy metadata and 12 KiB of records. */
#define FRAMES_POOLS 10

static struct region frames_regions[FRAMES_POOLS];
struct region *frames_hint = &frames_regions[0];
struct region *frames_first_any;

static struct region *frames_region_of(uint32_t pfn, unsigned pool, int make)
{
	uint32_t region = (pfn >> FRAMES_REGION_SHIFT) + 1;
	struct region *spare = NULL;

	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		if (frames_regions[i].region == region && frames_regions[i].pool == pool)
			return &frames_regions[i];
		if (!frames_regions[i].region && !spare)
			spare = &frames_regions[i];
	}
	if (!make || !spare)
		return NULL;
	if (buddy_init(&spare->b, (pfn_t)(region - 1) << FRAMES_REGION_SHIFT, FRAMES_REGION,
		       BUDDY_STASH, spare->meta, NULL) != ERR_OK)
		return NULL;
	for (unsigned i = 0; i < FRAMES_POOLS; i++)
		if (frames_regions[i].region == region)
			spare->shared = frames_regions[i].shared = 1;
	spare->region = region;
	spare->pool = (uint8_t)pool;
	spare->general = (uint8_t)pools_general(pool);
	return spare;
}

static uint32_t frames_pfn(uint64_t pa)
{
	return (uint32_t)(pa >> 12);
}

/* The region holding a frame the bank holds (free or allocated), or NULL:
 * no pool lookup is needed (frames_holds). */
static struct region *__attribute__((noinline)) frames_region_search(uint32_t pfn)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++)
		if (frames_holds(&frames_regions[i], pfn))
			return frames_hint = &frames_regions[i];
	return NULL;
}

static inline struct region *frames_region_at(uint64_t pa)
{
	uint32_t pfn = frames_pfn(pa);

	return frames_holds(frames_hint, pfn) ? frames_hint : frames_region_search(pfn);
}

unsigned frames_pool(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? p->pool : POOL_NONE;
}

static uint32_t frames_region_pfn(const struct region *p)
{
	return (p->region - 1) << FRAMES_REGION_SHIFT;
}

/* Whether p may give a frame to a request at or above from_pfn, kernel-
 * addressable when kva, of pool (POOL_ANY: any general pool). */
static int frames_serves(const struct region *p, uint32_t from_pfn, int kva, unsigned pool)
{
	return p->region && (p->kva || !kva) && frames_region_pfn(p) >= from_pfn &&
	       (pool == POOL_ANY ? p->general : p->pool == pool);
}

static void frames_give(uint64_t pa, uint32_t frames)
{
	struct msg g = { { MSG_U64(pa), frames }, 0 };

	invoke(BANK_R_RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, 0, &g);
}

/* One chunk of 2^order frames of pool from the kernel, at or above pfn from,
 * into its region's buddy. */
static int frames_take_chunk(uint32_t from, int kva, unsigned pool, unsigned order)
{
	uint64_t at = (uint64_t)from << 12;
	struct msg m = {
		{ 1u << order, (kva ? RANGE_TAKE_KVA : 0) | RANGE_TAKE_POOL(pool), MSG_U64(at) }, 0
	};
	struct region *p;
	uint64_t pa;
	int e = invoke(BANK_R_RANGE, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 0, &m);

	if (e)
		return BANK_ERR_NO_FRAMES;
	pa = msg_u64(&m.w[0]);
	p = frames_region_of(frames_pfn(pa), pool, 1);
	if (!p || buddy_add_chunk(&p->b, frames_pfn(pa), order) != ERR_OK) {
		frames_give(pa, 1u << order);
		return BANK_ERR_FULL;
	}
	p->kva |= (uint8_t)kva;
	p->single |= order == 0;
	frames_first_any = NULL;
	for (unsigned i = 0; i < FRAMES_POOLS && !frames_first_any; i++)
		if (frames_serves(&frames_regions[i], 0, 1, POOL_ANY))
			frames_first_any = &frames_regions[i];
	return BANK_OK;
}

/* A chunk of pool: a MiB where the pool has whole ones, else a frame. */
static int frames_take(uint32_t from, int kva, unsigned pool)
{
	int e = pools_chunky(pool) ? frames_take_chunk(from, kva, pool, FRAMES_CHUNK_ORDER)
				   : BANK_ERR_NO_FRAMES;

	return e == BANK_ERR_NO_FRAMES ? frames_take_chunk(from, kva, pool, 0) : e;
}

/* whole regions only: a region at or above from holds nothing below it */
static uint32_t frames_from_pfn(uint64_t from)
{
	return (frames_pfn(from) + FRAMES_REGION - 1) & ~(FRAMES_REGION - 1);
}

static void frames_ref_of(struct region *p, uint32_t pfn, struct frame_ref *f)
{
	f->rec = &p->rec[pfn & (FRAMES_REGION - 1)];
	f->pool = p->pool;
	f->region = p;
	f->pfn = pfn;
	f->pa = (uint64_t)pfn << 12;
}

/* The frame goes to f; the region is the one asked about next. */
static int frames_got(struct region *p, pfn_t pfn, struct frame_ref *f)
{
	frames_ref_of(p, (uint32_t)pfn, f);
	frames_hint = p;
	return BANK_OK;
}

/* The first region that serves a request and has a free frame gives it. */
static int __attribute__((noinline))
frames_from_regions(uint32_t from_pfn, int kva, unsigned pool, struct frame_ref *f)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		struct region *p = &frames_regions[i];
		pfn_t pfn;

		if (frames_serves(p, from_pfn, kva, pool) && buddy_alloc(&p->b, 0, &pfn) == ERR_OK)
			return frames_got(p, pfn, f);
	}
	return BANK_ERR_NO_FRAMES;
}

/* A request of the common kind goes to frames_first_any, the first region
 * that serves it, without a search: when it has a free frame that is the
 * frame the search would give. */
int frames_alloc_held(uint64_t from, int kva, unsigned pool, struct frame_ref *f)
{
	struct region *p = frames_first_any;
	pfn_t pfn;

	if (!from && kva && pool == POOL_ANY && p && buddy_alloc(&p->b, 0, &pfn) == ERR_OK)
		return frames_got(p, pfn, f);
	return frames_from_regions(frames_from_pfn(from), kva, pool, f);
}

int frames_find(uint64_t pa, struct frame_ref *f)
{
	struct region *p = frames_region_at(pa);

	if (!p)
		return BANK_ERR_ARG;
	frames_ref_of(p, frames_pfn(pa), f);
	return BANK_OK;
}

void frames_put(const struct frame_ref *f)
{
	buddy_free(&f->region->b, f->pfn, 0);
}

int frames_alloc(uint64_t from, int kva, unsigned pool, uint64_t *pa)
{
	uint32_t from_pfn = frames_from_pfn(from);
	struct frame_ref f;
	int e;

	if (frames_from_regions(from_pfn, kva, pool, &f) == BANK_OK) {
		*pa = f.pa;
		return BANK_OK;
	}
	if (pool != POOL_ANY) {
		e = frames_take(from_pfn, kva, pool);
	} else {
		e = BANK_ERR_NO_FRAMES;
		for (unsigned k = 0; e == BANK_ERR_NO_FRAMES && k < pools_count(); k++)
			e = frames_take(from_pfn, kva, pools_any_order(k));
	}
	if (e)
		return e;
	e = frames_from_regions(from_pfn, kva, pool, &f);
	if (!e)
		*pa = f.pa;
	return e;
}

void frames_free(uint64_t pa)
{
	struct frame_ref f;

	if (frames_find(pa, &f) == BANK_OK)
		frames_put(&f);
}

static uint32_t frames_index(uint64_t pa)
{
	return frames_pfn(pa) & (FRAMES_REGION - 1);
}

struct frame_rec *frames_rec(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? &p->rec[frames_index(pa)] : NULL;
}

uint8_t *frames_owner(uint64_t pa)
{
	struct frame_rec *r = frames_rec(pa);

	return r ? &r->owner : NULL;
}

uint8_t *frames_type(uint64_t pa)
{
	struct frame_rec *r = frames_rec(pa);

	return r ? &r->type : NULL;
}

uint8_t *frames_count(uint64_t pa)
{
	struct frame_rec *r = frames_rec(pa);

	return r ? &r->count : NULL;
}

uint64_t frames_find_pot(uint8_t owner, uint8_t type, uint8_t capacity, unsigned pool)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		const struct region *p = &frames_regions[i];

		if (!p->region || (pool == POOL_ANY ? !p->general : p->pool != pool))
			continue;
		for (unsigned k = 0; k < FRAMES_REGION; k++)
			if (p->rec[k].type == type && p->rec[k].owner == owner &&
			    p->rec[k].count < capacity)
				return (uint64_t)(frames_region_pfn(p) + k) << 12;
	}
	return 0;
}

uint8_t *frames_last(uint64_t pa)
{
	struct frame_rec *r = frames_rec(pa);

	return r ? &r->last : NULL;
}

void frames_forget_slot(unsigned slot)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++)
		for (uint32_t k = 0; frames_regions[i].region && k < FRAMES_REGION; k++)
			if (frames_regions[i].rec[k].last == slot + 1)
				frames_regions[i].rec[k].last = 0;
}

uint32_t frames_give_back(void)
{
	return frames_give_back_range(0, 0xffffffffu);
}

static uint32_t frames_give_order(struct region *p, unsigned order)
{
	uint32_t given = 0;
	pfn_t pfn;

	while (buddy_take_free_chunk(&p->b, order, &pfn) == ERR_OK) {
		/* leaving the bank: whatever comes back here later is unknown */
		for (uint32_t k = 0; k < 1u << order; k++)
			p->rec[(pfn + k) & (FRAMES_REGION - 1)].last = 0;
		frames_give((uint64_t)pfn << 12, 1u << order);
		given += 1u << order;
	}
	return given;
}

uint32_t frames_give_back_range(uint32_t base_pfn, uint32_t frames)
{
	uint64_t end = (uint64_t)base_pfn + frames;
	uint32_t given = 0;

	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		struct region *p = &frames_regions[i];
		uint32_t r = frames_region_pfn(p);

		if (!p->region || r >= end || (uint64_t)r + FRAMES_REGION <= base_pfn)
			continue;
		given += frames_give_order(p, FRAMES_CHUNK_ORDER);
		if (p->single) /* frames taken one by one go back the same way */
			given += frames_give_order(p, 0);
	}
	return given;
}

void frames_each(void (*fn)(uint64_t pa, uint8_t owner, uint8_t type, void *ctx), void *ctx)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		struct region *p = &frames_regions[i];

		if (!p->region)
			continue;
		for (uint32_t k = 0; k < FRAMES_REGION; k++)
			if (p->rec[k].type)
				fn(((uint64_t)(p->region - 1) << (FRAMES_REGION_SHIFT + 12)) +
					   ((uint64_t)k << 12),
				   p->rec[k].owner, p->rec[k].type, ctx);
	}
}
