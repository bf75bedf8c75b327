/* Frames for objects: the bank takes naturally aligned 1 MiB chunks from the
 * kernel (RANGE_OP_TAKE, one call per 256 frames), each inside one memory
 * pool, and hands out 4 KiB frames through a buddy allocator per pool per
 * 16 MiB region, made the first time a chunk of that pool lands in it. Pools
 * that hold no aligned MiB (striped pools, the SRAM, the system pool's
 * leftovers) are taken a frame at a time. A freed frame goes back to the
 * buddy of its own pool, found from its address (pools.c): nothing per frame
 * says which pool it is in.
 * Metadata is external (bank memory): the chunks may become kernel objects,
 * so nothing of the bank's may live inside them.
 * Chunks are kernel-addressable (for every object type) unless a page was
 * asked for at or above an address: such chunks may lie beyond the kernel's
 * direct map (hot-plugged RAM), and a region serves kernel objects only once
 * a kernel-addressable chunk landed in it (a region is wholly inside the
 * direct map or wholly outside: both are 16 MiB multiples). */
#include "bank.h"

#define FRAMES_CHUNK_ORDER 8 /* 1 MiB: one kernel call buys 256 page allocations */
#define FRAMES_REGION_SHIFT 12 /* 4096 frames = 16 MiB per buddy instance */
#define FRAMES_REGION (1u << FRAMES_REGION_SHIFT)
/* 10 regions cover 160 MiB of one pool or a few pools; each costs 20 KiB of
 * buddy metadata and 12 KiB of records. */
#define FRAMES_POOLS 10

struct region {
	uint32_t region; /* (pfn >> FRAMES_REGION_SHIFT) + 1; 0 = unused slot */
	uint8_t pool; /* the memory pool every frame of it is in */
	uint8_t kva; /* a kernel-addressable chunk landed here */
	uint8_t single; /* frames were taken one at a time */
	struct buddy b;
	/* Exactly what buddy_init uses: a smaller buffer lets the states of
	 * the region's last frames overlap owner[], and its last chunk then
	 * looks present (ERR_OVERLAP) when it arrives. */
	uint32_t meta[(BUDDY_META_BYTES(FRAMES_REGION) + 3) / 4];
	uint8_t owner[FRAMES_REGION];
	uint8_t type[FRAMES_REGION];
	uint8_t count[FRAMES_REGION]; /* objects in a pot frame (at most 128) */
	/* Free frames: the slot + 1 of the bank whose Page last held the frame,
	 * 0 when its contents are unknown (zero-initialised: every frame taken
	 * from the kernel starts so). Only a page of that same bank may reuse
	 * the frame without zeroing (doc/spacebank.md, "Zeroing"). */
	uint8_t last[FRAMES_REGION];
};

static struct region frames_regions[FRAMES_POOLS];

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
	spare->region = region;
	spare->pool = (uint8_t)pool;
	return spare;
}

static uint32_t frames_pfn(uint64_t pa)
{
	return (uint32_t)(pa >> 12);
}

/* The region holding an allocated or free frame pa: its pool's. An
 * allocation and a free each ask several times about one frame (its owner,
 * its type, its buddy), so the last answer is kept: a frame's region never
 * changes while the bank holds it (regions are never dropped). */
static struct region *frames_region_at(uint64_t pa)
{
	static uint64_t last_pa = ~0ull;
	static struct region *last;

	if (pa != last_pa || !last) {
		last = frames_region_of(frames_pfn(pa), pools_of(pa), 0);
		last_pa = pa;
	}
	return last;
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
	return BANK_OK;
}

/* A chunk of pool: a MiB where the pool has whole ones, else a frame. */
static int frames_take(uint32_t from, int kva, unsigned pool)
{
	int e = pools_chunky(pool) ? frames_take_chunk(from, kva, pool, FRAMES_CHUNK_ORDER)
				   : BANK_ERR_NO_FRAMES;

	return e == BANK_ERR_NO_FRAMES ? frames_take_chunk(from, kva, pool, 0) : e;
}

static int frames_from_regions(uint32_t from_pfn, int kva, unsigned pool, uint64_t *pa)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		struct region *p = &frames_regions[i];
		pfn_t pfn;

		if (p->region && (p->kva || !kva) && frames_region_pfn(p) >= from_pfn &&
		    (pool == POOL_ANY ? pools_general(p->pool) : p->pool == pool) &&
		    buddy_alloc(&p->b, 0, &pfn) == ERR_OK) {
			*pa = (uint64_t)pfn << 12;
			return BANK_OK;
		}
	}
	return BANK_ERR_NO_FRAMES;
}

int frames_alloc(uint64_t from, int kva, unsigned pool, uint64_t *pa)
{
	/* whole regions only: a region at or above from holds nothing below it */
	uint32_t from_pfn = (frames_pfn(from) + FRAMES_REGION - 1) & ~(FRAMES_REGION - 1);
	int e;

	if (frames_from_regions(from_pfn, kva, pool, pa) == BANK_OK)
		return BANK_OK;
	if (pool != POOL_ANY) {
		e = frames_take(from_pfn, kva, pool);
	} else {
		e = BANK_ERR_NO_FRAMES;
		for (unsigned k = 0; e == BANK_ERR_NO_FRAMES && k < pools_count(); k++)
			e = frames_take(from_pfn, kva, pools_any_order(k));
	}
	if (e)
		return e;
	return frames_from_regions(from_pfn, kva, pool, pa);
}

void frames_free(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	if (p)
		buddy_free(&p->b, frames_pfn(pa), 0);
}

static uint32_t frames_index(uint64_t pa)
{
	return frames_pfn(pa) & (FRAMES_REGION - 1);
}

uint8_t *frames_owner(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? &p->owner[frames_index(pa)] : NULL;
}

uint8_t *frames_type(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? &p->type[frames_index(pa)] : NULL;
}

uint8_t *frames_count(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? &p->count[frames_index(pa)] : NULL;
}

uint64_t frames_find_pot(uint8_t owner, uint8_t type, uint8_t capacity, unsigned pool)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		const struct region *p = &frames_regions[i];

		if (!p->region || (pool == POOL_ANY ? !pools_general(p->pool) : p->pool != pool))
			continue;
		for (unsigned k = 0; k < FRAMES_REGION; k++)
			if (p->type[k] == type && p->owner[k] == owner && p->count[k] < capacity)
				return (uint64_t)(frames_region_pfn(p) + k) << 12;
	}
	return 0;
}

uint8_t *frames_last(uint64_t pa)
{
	struct region *p = frames_region_at(pa);

	return p ? &p->last[frames_index(pa)] : NULL;
}

void frames_forget_slot(unsigned slot)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++)
		for (uint32_t k = 0; frames_regions[i].region && k < FRAMES_REGION; k++)
			if (frames_regions[i].last[k] == slot + 1)
				frames_regions[i].last[k] = 0;
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
			p->last[(pfn + k) & (FRAMES_REGION - 1)] = 0;
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
			if (p->type[k])
				fn(((uint64_t)(p->region - 1) << (FRAMES_REGION_SHIFT + 12)) +
					   ((uint64_t)k << 12),
				   p->owner[k], p->type[k], ctx);
	}
}
