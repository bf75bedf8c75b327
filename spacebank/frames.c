/* Frames for objects: the bank takes naturally aligned 1 MiB chunks from the
 * kernel (RANGE_OP_TAKE, one call per 256 frames) and hands out 4 KiB frames
 * through a buddy allocator per 16 MiB region, made the first time a chunk
 * lands in it. Metadata is external (bank memory): the chunks may become
 * kernel objects, so nothing of the bank's may live inside them.
 * Chunks are kernel-addressable (for every object type) unless a page was
 * asked for at or above an address: such chunks may lie beyond the kernel's
 * direct map (hot-plugged RAM), and a region serves kernel objects only once
 * a kernel-addressable chunk landed in it (a region is wholly inside the
 * direct map or wholly outside: both are 16 MiB multiples). */
#include "bank.h"

#define FRAMES_CHUNK_ORDER 8 /* 1 MiB: one kernel call buys 256 page allocations */
#define FRAMES_REGION_SHIFT 12 /* 4096 frames = 16 MiB per buddy instance */
#define FRAMES_REGION (1u << FRAMES_REGION_SHIFT)
/* 8 regions cover 128 MiB; each costs 20 KiB of buddy metadata and 12 KiB
 * of records. */
#define FRAMES_POOLS 8

struct pool {
	uint32_t region; /* (pfn >> FRAMES_REGION_SHIFT) + 1; 0 = unused slot */
	int kva; /* a kernel-addressable chunk landed here */
	struct buddy b;
	uint32_t meta[(FRAMES_REGION * 5 + 3) / 4];
	uint8_t owner[FRAMES_REGION];
	uint8_t type[FRAMES_REGION];
	uint8_t count[FRAMES_REGION]; /* objects in a pot frame (at most 128) */
};

static struct pool frames_pools[FRAMES_POOLS];

static struct pool *frames_pool_of(uint32_t pfn, int make)
{
	uint32_t region = (pfn >> FRAMES_REGION_SHIFT) + 1;
	struct pool *spare = NULL;

	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		if (frames_pools[i].region == region)
			return &frames_pools[i];
		if (!frames_pools[i].region && !spare)
			spare = &frames_pools[i];
	}
	if (!make || !spare)
		return NULL;
	if (buddy_init(&spare->b, (pfn_t)(region - 1) << FRAMES_REGION_SHIFT, FRAMES_REGION, 0,
		       spare->meta, NULL) != ERR_OK)
		return NULL;
	spare->region = region;
	return spare;
}

static uint32_t frames_pfn(uint64_t pa)
{
	return (uint32_t)(pa >> 12);
}

static uint32_t frames_region_pfn(const struct pool *p)
{
	return (p->region - 1) << FRAMES_REGION_SHIFT;
}

/* One chunk from the kernel, at or above pfn from, into its region's buddy. */
static int frames_take_chunk(uint32_t from, int kva)
{
	uint64_t at = (uint64_t)from << 12;
	struct msg m = { { 1u << FRAMES_CHUNK_ORDER, kva ? RANGE_TAKE_KVA : 0, MSG_U64(at) }, 0 };
	struct pool *p;
	uint64_t pa;
	int e = invoke(BANK_R_RANGE, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 0, &m);

	if (e)
		return BANK_ERR_NO_FRAMES;
	pa = msg_u64(&m.w[0]);
	p = frames_pool_of(frames_pfn(pa), 1);
	if (!p || buddy_add_chunk(&p->b, frames_pfn(pa), FRAMES_CHUNK_ORDER) != ERR_OK) {
		struct msg g = { { m.w[0], m.w[1], 1u << FRAMES_CHUNK_ORDER }, 0 };

		invoke(BANK_R_RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, 0, &g);
		return BANK_ERR_FULL;
	}
	p->kva |= kva;
	return BANK_OK;
}

int frames_alloc(uint64_t from, int kva, uint64_t *pa)
{
	/* whole regions only: a region at or above from holds nothing below it */
	uint32_t from_pfn = (frames_pfn(from) + FRAMES_REGION - 1) & ~(FRAMES_REGION - 1);

	for (int tries = 0; tries < 2; tries++) {
		for (unsigned i = 0; i < FRAMES_POOLS; i++) {
			struct pool *p = &frames_pools[i];
			pfn_t pfn;

			if (p->region && (p->kva || !kva) && frames_region_pfn(p) >= from_pfn &&
			    buddy_alloc(&p->b, 0, &pfn) == ERR_OK) {
				*pa = (uint64_t)pfn << 12;
				return BANK_OK;
			}
		}
		if (tries == 0) {
			int e = frames_take_chunk(from_pfn, kva);

			if (e)
				return e;
		}
	}
	return BANK_ERR_NO_FRAMES;
}

void frames_free(uint64_t pa)
{
	struct pool *p = frames_pool_of(frames_pfn(pa), 0);

	if (p)
		buddy_free(&p->b, frames_pfn(pa), 0);
}

static uint32_t frames_index(uint64_t pa)
{
	return frames_pfn(pa) & (FRAMES_REGION - 1);
}

uint8_t *frames_owner(uint64_t pa)
{
	struct pool *p = frames_pool_of(frames_pfn(pa), 0);

	return p ? &p->owner[frames_index(pa)] : NULL;
}

uint8_t *frames_type(uint64_t pa)
{
	struct pool *p = frames_pool_of(frames_pfn(pa), 0);

	return p ? &p->type[frames_index(pa)] : NULL;
}

uint8_t *frames_count(uint64_t pa)
{
	struct pool *p = frames_pool_of(frames_pfn(pa), 0);

	return p ? &p->count[frames_index(pa)] : NULL;
}

uint64_t frames_find_pot(uint8_t owner, uint8_t type, uint8_t capacity)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		const struct pool *p = &frames_pools[i];

		for (unsigned k = 0; p->region && k < FRAMES_REGION; k++)
			if (p->type[k] == type && p->owner[k] == owner && p->count[k] < capacity)
				return (uint64_t)(frames_region_pfn(p) + k) << 12;
	}
	return 0;
}

uint32_t frames_give_back(void)
{
	return frames_give_back_range(0, 0xffffffffu);
}

uint32_t frames_give_back_range(uint32_t base_pfn, uint32_t frames)
{
	uint64_t end = (uint64_t)base_pfn + frames;
	uint32_t given = 0;

	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		uint32_t r = frames_region_pfn(&frames_pools[i]);
		pfn_t pfn;

		if (!frames_pools[i].region || r >= end || (uint64_t)r + FRAMES_REGION <= base_pfn)
			continue;
		while (buddy_take_free_chunk(&frames_pools[i].b, FRAMES_CHUNK_ORDER, &pfn) ==
		       ERR_OK) {
			uint64_t pa = (uint64_t)pfn << 12;
			struct msg g = { { MSG_U64(pa), 1u << FRAMES_CHUNK_ORDER }, 0 };

			invoke(BANK_R_RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, 0, &g);
			given += 1u << FRAMES_CHUNK_ORDER;
		}
	}
	return given;
}

void frames_each(void (*fn)(uint64_t pa, uint8_t owner, uint8_t type, void *ctx), void *ctx)
{
	for (unsigned i = 0; i < FRAMES_POOLS; i++) {
		struct pool *p = &frames_pools[i];

		if (!p->region)
			continue;
		for (uint32_t k = 0; k < FRAMES_REGION; k++)
			if (p->type[k])
				fn(((uint64_t)(p->region - 1) << (FRAMES_REGION_SHIFT + 12)) +
					   ((uint64_t)k << 12),
				   p->owner[k], p->type[k], ctx);
	}
}
