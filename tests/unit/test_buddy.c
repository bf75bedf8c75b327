/* Unit tests for the space bank's buddy allocator (spacebank/buddy.c); the
 * randomized test is in test_buddy_random.c. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buddy_fixture.h"
#include "unit.h"

START_TEST(buddy_init_refusals)
{
	struct buddy b;
	static uint32_t meta[64];
	static char win[8192] __attribute__((aligned(4096)));

	ck_assert_int_eq(buddy_init(&b, 0, 0, 0, meta, NULL), ERR_RANGE);
	ck_assert_int_eq(buddy_init(&b, UINT32_MAX, 1, 0, meta, NULL), ERR_RANGE);
	ck_assert_int_eq(buddy_init(&b, UINT32_MAX - 2, 3, 0, meta, NULL), ERR_RANGE);
	ck_assert_int_eq(buddy_init(&b, UINT32_MAX - 2, 2, 0, meta, NULL), ERR_OK);
	ck_assert_int_eq(buddy_init(&b, 1ull << 40, 1, 0, meta, NULL), ERR_RANGE);
	ck_assert_int_eq(buddy_init(&b, 0, 8, 0x80, meta, NULL), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 8, 0, NULL, NULL), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 8, 0, meta, win), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 8, 0, (char *)meta + 1, NULL), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_EMBEDDED, NULL, NULL), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_EMBEDDED, meta, win), ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_EMBEDDED, NULL, win + 8), ERR_INVAL);
	/* Device and uncached ranges never hold their own metadata. */
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_EMBEDDED | BUDDY_UNCACHED, NULL, win),
			 ERR_INVAL);
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_UNCACHED | BUDDY_START_FREE, meta, NULL),
			 ERR_OK);
	ck_assert_uint_eq(buddy_free_frames(&b), 2);
	ck_assert_int_eq(buddy_init(&b, 0, 2, BUDDY_EMBEDDED | BUDDY_START_FREE, NULL, win),
			 ERR_OK);
	ck_assert_uint_eq(buddy_meta_frames(&b), 1);
	ck_assert_uint_eq(buddy_free_frames(&b), 1);
	bfix_check(&b);
}
END_TEST

START_TEST(buddy_meta_sizes)
{
	ck_assert_uint_eq(buddy_embedded_meta_frames(1), 1);
	ck_assert_uint_eq(buddy_embedded_meta_frames(4096), 1);
	ck_assert_uint_eq(buddy_embedded_meta_frames(4097), 2);
	ck_assert_uint_eq(buddy_embedded_meta_frames(4u << 20), 1024);
	/* 1 byte per frame and an 8-byte link per frame pair. */
	ck_assert_uint_eq(buddy_meta_bytes(1), 9);
	ck_assert_uint_eq(buddy_meta_bytes(4096), 4096 + 8 * 2049);
	/* The macro that sizes static buffers is the same number. */
	for (uint32_t n = 1; n < 9000; n += 7)
		ck_assert_uint_eq(BUDDY_META_BYTES(n), buddy_meta_bytes(n));
	ck_assert_uint_eq(BUDDY_META_BYTES(4096), buddy_meta_bytes(4096));
}
END_TEST

/* The space bank's pool layout (spacebank/frames.c): one 16 MiB region in
 * external mode, metadata sized by BUDDY_META_BYTES, per-frame records right
 * after it. Chunks of 256 frames arrive one by one, last one first, and every
 * record is written between arrivals as the bank does: each chunk is still
 * absent when it comes, every frame can be allocated, nothing spills over. */
struct bank_like_pool {
	struct buddy b;
	uint32_t meta[(BUDDY_META_BYTES(4096) + 3) / 4];
	uint8_t owner[4096];
};

START_TEST(buddy_region_every_chunk)
{
	struct bank_like_pool *p = calloc(1, sizeof *p);
	const pfn_t base = 4096;
	pfn_t pfn;
	uint32_t n = 0;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(buddy_init(&p->b, base, 4096, 0, p->meta, NULL), ERR_OK);
	for (int c = 15; c >= 0; c--) {
		ck_assert_int_eq(buddy_add_chunk(&p->b, base + (uint32_t)c * 256, 8), ERR_OK);
		while (buddy_alloc(&p->b, 0, &pfn) == ERR_OK) {
			ck_assert(pfn >= base && pfn < base + 4096);
			p->owner[pfn - base] = 1;
			n++;
		}
		bfix_check(&p->b);
	}
	ck_assert_uint_eq(n, 4096);
	for (uint32_t i = 0; i < 4096; i++)
		ck_assert_uint_eq(p->owner[i], 1);
	for (pfn = base; pfn < base + 4096; pfn++)
		ck_assert_int_eq(buddy_free(&p->b, pfn, 0), ERR_OK);
	ck_assert_uint_eq(buddy_free_frames(&p->b), 4096);
	ck_assert_uint_eq(buddy_free_blocks(&p->b, BUDDY_MAX_ORDER), 4);
	bfix_check(&p->b);
	free(p);
}
END_TEST

START_TEST(buddy_single_frame)
{
	struct bfix_pool p;
	pfn_t pfn;

	bfix_pool_init(&p, 12345, 1, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 1, &pfn), ERR_NOMEM);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &pfn), ERR_OK);
	ck_assert_uint_eq(pfn, 12345);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &pfn), ERR_NOMEM);
	bfix_check(&p.b);
	ck_assert_int_eq(buddy_free(&p.b, 12345, 0), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, 12345, 0), ERR_NOTFOUND);
	bfix_assert_maximal(&p, 12345, 12346);
	bfix_pool_fini(&p);
}
END_TEST

/* An unaligned base and size: seeded with maximal physically aligned blocks,
 * and back to exactly those after everything is allocated and freed. */
START_TEST(buddy_unaligned_range)
{
	const uint32_t base = 3 * MAXB - 5, frames = 3 * MAXB + 77;
	struct bfix_pool p;
	pfn_t pfn;
	uint32_t n = 0;
	static pfn_t got[3 * MAXB + 77];

	bfix_pool_init(&p, base, frames, BUDDY_START_FREE);
	bfix_assert_counts(&p.b, base, base + frames);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 3);
	while (buddy_alloc(&p.b, 0, &pfn) == ERR_OK) {
		ck_assert(pfn >= base && pfn < base + frames);
		got[n++] = pfn;
	}
	ck_assert_uint_eq(n, frames);
	bfix_check(&p.b);
	for (uint32_t i = 0; i < n; i++)
		ck_assert_int_eq(buddy_free(&p.b, got[(i * 7919u) % n], 0), ERR_OK);
	bfix_assert_maximal(&p, base, base + frames);
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_max_order)
{
	struct bfix_pool p;
	pfn_t a, b, c;

	bfix_pool_init(&p, 4 * MAXB, 2 * MAXB, BUDDY_START_FREE);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 2);
	ck_assert_int_eq(buddy_alloc(&p.b, BUDDY_MAX_ORDER + 1, &a), ERR_INVAL);
	ck_assert_int_eq(buddy_alloc(&p.b, BUDDY_MAX_ORDER, &a), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, BUDDY_MAX_ORDER, &b), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, BUDDY_MAX_ORDER, &c), ERR_NOMEM);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &c), ERR_NOMEM);
	ck_assert_uint_eq(a % MAXB, 0);
	ck_assert_uint_ne(a, b);
	ck_assert_int_eq(buddy_free(&p.b, a, BUDDY_MAX_ORDER), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, 3, &c), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, b, BUDDY_MAX_ORDER), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, c, 3), ERR_OK);
	/* Blocks never merge past the largest order. */
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 2);
	bfix_assert_maximal(&p, 4 * MAXB, 6 * MAXB);
	bfix_pool_fini(&p);
}
END_TEST

/* Each refused free leaves every byte of the metadata and the instance as
 * it was. */
#define bad_free(p, pfn, order, want) bad_free_at(__LINE__, p, pfn, order, want)
static void bad_free_at(int line, struct bfix_pool *p, pfn_t pfn, unsigned order, enum err want)
{
	struct buddy before = p->b;
	void *snap = malloc(p->mem_bytes);
	enum err got;

	memcpy(snap, p->mem, p->mem_bytes);
	got = buddy_free(&p->b, pfn, order);
	ck_assert_msg(got == want, "line %d: got %d, want %d", line, (int)got, (int)want);
	ck_assert(memcmp(&before, &p->b, sizeof(before)) == 0);
	ck_assert(memcmp(snap, p->mem, p->mem_bytes) == 0);
	free(snap);
	bfix_check(&p->b);
}

static void bad_frees(uint32_t flags)
{
	const uint32_t base = 64, frames = 200;
	struct bfix_pool p;
	pfn_t a, b, c;

	bfix_pool_init(&p, base, frames, flags | BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 3, &a), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &b), ERR_OK);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &c), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, c, 0), ERR_OK);
	bad_free(&p, c, 0, ERR_NOTFOUND); /* double free */
	bad_free(&p, a, 2, ERR_INVAL); /* wrong order */
	bad_free(&p, a, 4, a + 16 > base + frames ? ERR_RANGE : ERR_INVAL);
	bad_free(&p, a + 1, 0, ERR_NOTFOUND); /* inside a block */
	bad_free(&p, a + 4, 2, ERR_NOTFOUND);
	bad_free(&p, a + 1, 1, ERR_INVAL); /* misaligned */
	bad_free(&p, base - 1, 0, ERR_RANGE);
	bad_free(&p, base + frames, 0, ERR_RANGE);
	bad_free(&p, 1ull << 40, 0, ERR_RANGE);
	bad_free(&p, base + frames - 8, 4, ERR_RANGE); /* crosses the end */
	bad_free(&p, a, BUDDY_MAX_ORDER + 1, ERR_INVAL);
	bad_free(&p, base + frames - 1, 0, ERR_NOTFOUND); /* a free frame */
	if (flags & BUDDY_EMBEDDED)
		bad_free(&p, base, 0, ERR_NOTFOUND); /* the metadata */
	ck_assert_int_eq(buddy_free(&p.b, a, 3), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, b, 0), ERR_OK);
	bfix_assert_maximal(&p, base + buddy_meta_frames(&p.b), base + frames);
	bfix_pool_fini(&p);
}

START_TEST(buddy_bad_frees_external)
{
	bad_frees(0);
}
END_TEST

START_TEST(buddy_bad_frees_embedded)
{
	bad_frees(BUDDY_EMBEDDED);
}
END_TEST

/* Coarse chunks: donated, coalesced, refused twice, taken back. */
START_TEST(buddy_chunks)
{
	const uint32_t base = 2 * MAXB;
	struct bfix_pool p;
	pfn_t a, c;

	bfix_pool_init(&p, base, 2 * MAXB, 0);
	ck_assert_uint_eq(buddy_present_frames(&p.b), 0);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &a), ERR_NOMEM);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base + 256, 8), ERR_OK);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base + 256, 8), ERR_OVERLAP);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base + 0, 9), ERR_OVERLAP);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base + 128, 8), ERR_INVAL);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base - 256, 8), ERR_RANGE);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base, BUDDY_MAX_ORDER + 1), ERR_INVAL);
	ck_assert_int_eq(buddy_add_range(&p.b, base + 200, 100), ERR_OVERLAP);
	ck_assert_int_eq(buddy_add_range(&p.b, base + 2 * MAXB - 1, 2), ERR_RANGE);
	bfix_check(&p.b);
	ck_assert_int_eq(buddy_add_chunk(&p.b, base, 8), ERR_OK);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, 9), 1);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, 8), 0);
	ck_assert_int_eq(buddy_add_range(&p.b, base + 512, 3 * 512), ERR_OK);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 2);
	bfix_check(&p.b);

	/* A block with one allocated frame cannot leave; its free parts can. */
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &a), ERR_OK);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, a & ~(pfn_t)255, 8), ERR_BUSY);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, (a & ~(pfn_t)255) ^ 256, 8), ERR_OK);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, (a & ~(pfn_t)255) ^ 256, 8), ERR_BUSY);
	ck_assert_int_eq(buddy_remove_chunk(&p.b, a ^ 1, 0), ERR_OK);
	bfix_check(&p.b);
	ck_assert_int_eq(buddy_take_free_chunk(&p.b, BUDDY_MAX_ORDER, &c), ERR_OK);
	ck_assert_uint_eq(c % MAXB, 0);
	ck_assert_int_eq(buddy_take_free_chunk(&p.b, BUDDY_MAX_ORDER, &c), ERR_NOMEM);
	ck_assert_int_eq(buddy_take_free_chunk(&p.b, 7, &c), ERR_OK);
	ck_assert_uint_eq(buddy_present_frames(&p.b), MAXB - 256 - 1 - 128);
	bfix_check(&p.b);
	ck_assert_int_eq(buddy_free(&p.b, a, 0), ERR_OK);
	ck_assert_int_eq(buddy_add_chunk(&p.b, a ^ 1, 0), ERR_OK);
	ck_assert_int_eq(buddy_add_chunk(&p.b, c, 7), ERR_OK);
	ck_assert_int_eq(buddy_add_range(&p.b, base, 2 * MAXB), ERR_OVERLAP);
	ck_assert_uint_eq(buddy_free_frames(&p.b), MAXB - 256);
	bfix_check(&p.b);
	bfix_pool_fini(&p);
}
END_TEST

/* Embedded metadata: its frames are never handed out, allocated frames are
 * never written, and the free-list links live in the free frames. */
START_TEST(buddy_embedded)
{
	const uint32_t base = 0x100, frames = 4096 + 300;
	struct bfix_pool p;
	pfn_t pfn;
	uint32_t n = 0;
	static pfn_t got[4096 + 300];

	bfix_pool_init(&p, base, frames, BUDDY_EMBEDDED | BUDDY_START_FREE);
	ck_assert_uint_eq(buddy_meta_frames(&p.b), 2);
	ck_assert_uint_eq(buddy_free_frames(&p.b), frames - 2);
	while (buddy_alloc(&p.b, 0, &pfn) == ERR_OK) {
		ck_assert(pfn >= base + 2 && pfn < base + frames);
		memset((char *)p.mem + ((pfn - base) << BUDDY_PAGE_SHIFT), 0xa5,
		       1u << BUDDY_PAGE_SHIFT);
		got[n++] = pfn;
	}
	ck_assert_uint_eq(n, frames - 2);
	bfix_check(&p.b);
	for (uint32_t i = 0; i < n; i += 2)
		ck_assert_int_eq(buddy_free(&p.b, got[i], 0), ERR_OK);
	bfix_check(&p.b);
	for (uint32_t i = 1; i < n; i += 2) {
		const unsigned char *f =
			(unsigned char *)p.mem + ((got[i] - base) << BUDDY_PAGE_SHIFT);

		ck_assert(f[0] == 0xa5 && memcmp(f, f + 1, (1u << BUDDY_PAGE_SHIFT) - 1) == 0);
		ck_assert_int_eq(buddy_free(&p.b, got[i], 0), ERR_OK);
	}
	bfix_assert_maximal(&p, base + 2, base + frames);
	bfix_pool_fini(&p);
}
END_TEST

START_TEST(buddy_check_detects_corruption)
{
	struct bfix_pool p;
	pfn_t a;

	bfix_pool_init(&p, 0x40, 0x100, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 2, &a), ERR_OK);
	p.b.free_frames++;
	ck_assert_int_eq(buddy_check(&p.b), ERR_INVAL);
	p.b.free_frames--;
	p.b.nr_free[3]++;
	ck_assert_int_eq(buddy_check(&p.b), ERR_INVAL);
	p.b.nr_free[3]--;
	p.b.state[a + 1 - 0x40] = 0xff;
	ck_assert_int_eq(buddy_check(&p.b), ERR_INVAL);
	p.b.state[a + 1 - 0x40] = p.b.state[a + 2 - 0x40];
	bfix_check(&p.b);
	p.b.head[2] = (uint32_t)a;
	ck_assert_int_eq(buddy_check(&p.b), ERR_INVAL);
	bfix_pool_fini(&p);
}
END_TEST

/* BUDDY_STASH: order-0 frees go to the stash (LIFO, no merging) up to
 * BUDDY_STASH_MAX, order-0 allocations take them back first, and anything
 * else merges the stash back so that chunks and larger blocks are whole. */
START_TEST(buddy_stash)
{
	const uint32_t base = 4 * MAXB;
	struct bfix_pool p;
	pfn_t f[BUDDY_STASH_MAX + 2], big, q;

	bfix_pool_init(&p, base, MAXB, BUDDY_START_FREE | BUDDY_STASH);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 1);
	for (unsigned i = 0; i < BUDDY_STASH_MAX + 2; i++)
		ck_assert_int_eq(buddy_alloc(&p.b, 0, &f[i]), ERR_OK);
	for (unsigned i = 0; i < BUDDY_STASH_MAX + 2; i++) {
		ck_assert_int_eq(buddy_free(&p.b, f[i], 0), ERR_OK);
		bfix_check(&p.b);
	}
	/* The first BUDDY_STASH_MAX are stashed: free, on no list. */
	ck_assert_uint_eq(p.b.nstash, BUDDY_STASH_MAX);
	ck_assert_uint_eq(buddy_free_frames(&p.b), MAXB);
	ck_assert_int_eq(buddy_free(&p.b, f[0], 0), ERR_NOTFOUND); /* a double free */
	/* Last in, first out, without touching the lists. */
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &q), ERR_OK);
	ck_assert_uint_eq(q, f[BUDDY_STASH_MAX - 1]);
	ck_assert_int_eq(buddy_free(&p.b, q, 0), ERR_OK);
	ck_assert_uint_eq(p.b.nstash, BUDDY_STASH_MAX);
	/* A larger allocation merges the stash first: the whole range is one
	 * block again, so the largest order fits. */
	ck_assert_int_eq(buddy_alloc(&p.b, BUDDY_MAX_ORDER, &big), ERR_OK);
	ck_assert_uint_eq(big, base);
	ck_assert_uint_eq(p.b.nstash, 0);
	bfix_check(&p.b);
	ck_assert_int_eq(buddy_free(&p.b, big, BUDDY_MAX_ORDER), ERR_OK);
	/* Taking a chunk out drains it too. */
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &q), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, q, 0), ERR_OK);
	ck_assert_uint_eq(p.b.nstash, 1);
	ck_assert_int_eq(buddy_take_free_chunk(&p.b, BUDDY_MAX_ORDER, &big), ERR_OK);
	ck_assert_uint_eq(p.b.nstash, 0);
	ck_assert_uint_eq(buddy_present_frames(&p.b), 0);
	bfix_check(&p.b);
	/* Without the flag nothing is stashed. */
	bfix_pool_fini(&p);
	bfix_pool_init(&p, base, MAXB, BUDDY_START_FREE);
	ck_assert_int_eq(buddy_alloc(&p.b, 0, &q), ERR_OK);
	ck_assert_int_eq(buddy_free(&p.b, q, 0), ERR_OK);
	ck_assert_uint_eq(p.b.nstash, 0);
	ck_assert_uint_eq(buddy_free_blocks(&p.b, BUDDY_MAX_ORDER), 1);
	bfix_pool_fini(&p);
}
END_TEST

Suite *buddy_suite(void)
{
	Suite *s = suite_create("buddy");
	TCase *basic = tcase_create("basic");

	tcase_add_test(basic, buddy_init_refusals);
	tcase_add_test(basic, buddy_meta_sizes);
	tcase_add_test(basic, buddy_region_every_chunk);
	tcase_add_test(basic, buddy_single_frame);
	tcase_add_test(basic, buddy_unaligned_range);
	tcase_add_test(basic, buddy_max_order);
	tcase_add_test(basic, buddy_bad_frees_external);
	tcase_add_test(basic, buddy_bad_frees_embedded);
	tcase_add_test(basic, buddy_chunks);
	tcase_add_test(basic, buddy_embedded);
	tcase_add_test(basic, buddy_check_detects_corruption);
	tcase_add_test(basic, buddy_stash);
	suite_add_tcase(s, basic);

	suite_add_tcase(s, buddy_random_tcase());
	return s;
}

UNIT_SUITE(buddy)
