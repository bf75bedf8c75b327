/* Shared helpers of the buddy allocator's unit tests (test_buddy*.c). */
#ifndef TESTS_UNIT_BUDDY_FIXTURE_H
#define TESTS_UNIT_BUDDY_FIXTURE_H

#include <check.h>
#include <stddef.h>

/* Relative: the host build has no -Ispacebank/include (yet). */
#include <spacebank/buddy.h>

#define MAXB (1u << BUDDY_MAX_ORDER)

/* A pool with its external metadata buffer or its embedded window. */
struct bfix_pool {
	struct buddy b;
	void *mem;
	size_t mem_bytes;
};

/* buddy_check passes, or the test fails naming the broken invariant. */
void bfix_check(const struct buddy *b);
/* A pool over [base, base + frames) with a malloc'ed buffer or window. */
void bfix_pool_init(struct bfix_pool *p, pfn_t base, uint32_t frames, uint32_t flags);
void bfix_pool_fini(struct bfix_pool *p);
/* Order of the largest aligned block at a that ends by hi. */
unsigned bfix_maximal_order(uint32_t a, uint32_t hi);
/* The free-block counts per order are those of the maximal aligned blocks
 * of [lo, hi). */
void bfix_assert_counts(const struct buddy *b, uint32_t lo, uint32_t hi);
/* The free blocks are exactly the maximal aligned blocks of [lo, hi); empties
 * the pool. */
void bfix_assert_maximal(struct bfix_pool *p, uint32_t lo, uint32_t hi);

/* The randomized test case (test_buddy_random.c). */
TCase *buddy_random_tcase(void);

#endif
