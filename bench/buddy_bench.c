/* The buddy allocator (spacebank/buddy.c) against a bitmap first-fit
 * allocator (bench/bitmap_ff.c) on a fragmented 16 GiB span: 4M frames filled
 * with blocks of random orders 0..4, then a random half of them freed. Both
 * allocators hold the same frames in use. bench/buddy.sh counts the
 * instructions of each measure_* function with callgrind; this program prints
 * how many alloc+free pairs each one does.
 *
 * pair:  alloc then free at once, n times (the free block is reused)
 * batch: n allocs, then the n frees (first fit must scan past its own work),
 *        for n = 1024 and n = 16384
 *
 * With an argument KEEP (a percentage), the setup keeps that share of the
 * blocks instead of half, and only measure_sweep_* runs (batch1024 at orders
 * 0 and 4): the points of "buddy against first fit as fragmentation grows". */
#include <stdio.h>
#include <stdlib.h>

#include <spacebank/buddy.h>

#include "bitmap_ff.h"

#define BASE (1u << 20) /* pfn of 4 GiB */
#define FRAMES (1u << 22) /* 16 GiB of 4 KiB frames */
#define PAIRS 100000u
#define BIG 16384u

static struct buddy bd;
static struct bitmap_ff bm;
static uint32_t held[BIG];
static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static void die(const char *what)
{
	fprintf(stderr, "buddy_bench: %s\n", what);
	exit(1);
}

static unsigned keep_percent = 50;

static void fragment(void)
{
	static uint32_t pfns[FRAMES];
	static uint8_t orders[FRAMES];
	uint32_t n = 0, kept = 0;
	pfn_t p;

	while (buddy_free_frames(&bd)) {
		unsigned o = rnd() % 5;

		/* Order 0 always succeeds while a frame is free. */
		while (buddy_alloc(&bd, o, &p) != ERR_OK)
			o--;
		pfns[n] = (uint32_t)p;
		orders[n++] = (uint8_t)o;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (rnd() % 100 >= keep_percent) {
			if (buddy_free(&bd, pfns[i], orders[i]) != ERR_OK)
				die("free during setup");
		} else {
			bitmap_ff_mark(&bm, pfns[i], orders[i]);
			kept++;
		}
	}
	if (buddy_check(&bd) != ERR_OK)
		die("buddy_check after setup");
	printf("span: %u frames at pfn %#x, %u blocks of orders 0-4 allocated, %u kept\n", FRAMES,
	       BASE, n, kept);
	printf("free: %u frames; free blocks by order:", buddy_free_frames(&bd));
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++)
		printf(" %u", buddy_free_blocks(&bd, o));
	printf("\n");
}

#define MEASURE_PAIR(order)                                              \
	__attribute__((noinline)) void measure_buddy_pair_##order(void)  \
	{                                                                \
		pfn_t p;                                                 \
		for (uint32_t i = 0; i < PAIRS; i++) {                   \
			if (buddy_alloc(&bd, order, &p) != ERR_OK)       \
				die("buddy alloc");                      \
			buddy_free(&bd, p, order);                       \
		}                                                        \
	}                                                                \
	__attribute__((noinline)) void measure_bitmap_pair_##order(void) \
	{                                                                \
		uint32_t p;                                              \
		for (uint32_t i = 0; i < PAIRS; i++) {                   \
			if (!bitmap_ff_alloc(&bm, order, &p))            \
				die("bitmap alloc");                     \
			bitmap_ff_free(&bm, p, order);                   \
		}                                                        \
	}

#define MEASURE_BATCH(order, n)                                                \
	__attribute__((noinline)) void measure_buddy_batch##n##_##order(void)  \
	{                                                                      \
		pfn_t p;                                                       \
		for (uint32_t i = 0; i < n; i++) {                             \
			if (buddy_alloc(&bd, order, &p) != ERR_OK)             \
				die("buddy alloc");                            \
			held[i] = (uint32_t)p;                                 \
		}                                                              \
		for (uint32_t i = 0; i < n; i++)                               \
			buddy_free(&bd, held[i], order);                       \
	}                                                                      \
	__attribute__((noinline)) void measure_bitmap_batch##n##_##order(void) \
	{                                                                      \
		for (uint32_t i = 0; i < n; i++)                               \
			if (!bitmap_ff_alloc(&bm, order, &held[i]))            \
				die("bitmap alloc");                           \
		for (uint32_t i = 0; i < n; i++)                               \
			bitmap_ff_free(&bm, held[i], order);                   \
	}

MEASURE_PAIR(0)
MEASURE_PAIR(4)
MEASURE_BATCH(0, 1024)
MEASURE_BATCH(4, 1024)
MEASURE_BATCH(0, 16384)
MEASURE_BATCH(4, 16384)

__attribute__((noinline)) void measure_sweep_buddy(void)
{
	measure_buddy_batch1024_0();
	measure_buddy_batch1024_4();
}

__attribute__((noinline)) void measure_sweep_bitmap(void)
{
	measure_bitmap_batch1024_0();
	measure_bitmap_batch1024_4();
}

int main(int argc, char **argv)
{
	static uint32_t meta[(FRAMES + FRAMES / 2 * 8 + 64) / 4];

	if (sizeof(meta) < buddy_meta_bytes(FRAMES))
		die("meta buffer too small");
	if (buddy_init(&bd, BASE, FRAMES, BUDDY_START_FREE | BUDDY_STASH, meta, NULL) != ERR_OK)
		die("buddy_init");
	if (!bitmap_ff_init(&bm, BASE, FRAMES))
		die("bitmap_ff_init");
	if (argc > 1)
		keep_percent = (unsigned)atoi(argv[1]);
	if (keep_percent > 95)
		die("KEEP is a percentage up to 95");
	fragment();
	if (argc > 1) {
		measure_sweep_buddy();
		measure_sweep_bitmap();
		if (buddy_check(&bd) != ERR_OK)
			die("buddy_check after the sweep");
		printf("pairs: sweep=%u\n", 2u * 1024u);
		bitmap_ff_fini(&bm);
		return 0;
	}
	measure_buddy_pair_0();
	measure_bitmap_pair_0();
	measure_buddy_pair_4();
	measure_bitmap_pair_4();
	measure_buddy_batch1024_0();
	measure_bitmap_batch1024_0();
	measure_buddy_batch1024_4();
	measure_bitmap_batch1024_4();
	measure_buddy_batch16384_0();
	measure_bitmap_batch16384_0();
	measure_buddy_batch16384_4();
	measure_bitmap_batch16384_4();
	if (buddy_check(&bd) != ERR_OK)
		die("buddy_check after the runs");
	printf("pairs: pair=%u\n", PAIRS);
	bitmap_ff_fini(&bm);
	return 0;
}
