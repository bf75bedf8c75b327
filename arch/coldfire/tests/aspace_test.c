/* Address-space bookkeeping without an MMU (aspace.c). */
#include <kernel/ktest.h>
#include <kernel/obj.h>
#include <kernel/user_arch.h>

extern char __image_start_pa[], __image_end_pa[];

/* Two table frames hold 2046 entries: enough to cross a table boundary. */
#define ASPACE_TEST_FRAMES 2
#define ASPACE_TEST_PAGES 1100

/* The table frames a test may give the space, `limit` of them, in order. */
struct aspace_test_pool {
	unsigned taken, freed, limit;
	struct page_common *frame[ASPACE_TEST_FRAMES];
};

/* The pool's frames come from banked RAM for the test and go back after
 * it: kept in the image, they cost every ColdFire kernel 8 KiB (the
 * board's kernel must stay within its share of RAM, doc/boards.md). */
static bool aspace_test_pool(struct aspace_test_pool *p, unsigned limit)
{
	*p = (struct aspace_test_pool){ 0, 0, limit, { NULL } };
	for (unsigned i = 0; i < ASPACE_TEST_FRAMES; i++)
		if (obj_alloc(PT_OBJ_TABLE, OBJ_FRAME_ANY, &p->frame[i]) != INV_OK)
			return false;
	return true;
}

static void aspace_test_pool_done(struct aspace_test_pool *p)
{
	for (unsigned i = 0; i < ASPACE_TEST_FRAMES; i++)
		if (p->frame[i])
			obj_free(p->frame[i]);
}

static enum err aspace_test_frame(void *ctx, pa_t *pa)
{
	struct aspace_test_pool *p = ctx;

	if (p->taken == p->limit)
		return ERR_NOMEM;
	*pa = pagehdr_pa(p->frame[p->taken++]);
	return ERR_OK;
}

static void aspace_test_free(void *ctx, pa_t pa)
{
	struct aspace_test_pool *p = ctx;

	if (p->freed < p->limit && pa == pagehdr_pa(p->frame[p->freed]))
		p->freed++;
}

/* Pages of SDRAM well above the kernel image; nothing is touched. */
static uintptr_t aspace_test_va(unsigned i)
{
	return ALIGN_UP((uintptr_t)__image_end_pa, 0x100000) + 0x100000 + i * PAGE_SIZE;
}

KTEST(coldfire_aspace_map_check_unmap)
{
	struct aspace_test_pool pool;
	struct arch_aspace as;
	uintptr_t va = aspace_test_va(0);
	pa_t pa = 0;

	KT_ASSERT(aspace_test_pool(&pool, ASPACE_TEST_FRAMES));
	KT_EQ(arch_aspace_init(&as, 0, aspace_test_frame, &pool), ERR_OK);
	KT_EQ(pool.taken, 0);
	KT_ASSERT(!arch_aspace_check(&as, va, 1, false));
	KT_EQ(arch_aspace_map(&as, va, va, true, false, false, aspace_test_frame, &pool), ERR_OK);
	KT_EQ(arch_aspace_map(&as, va + 2 * PAGE_SIZE, va + 2 * PAGE_SIZE, false, true, false,
			      aspace_test_frame, &pool),
	      ERR_OK);
	KT_EQ(pool.taken, 0); /* the first pages are kept in the space itself */
	KT_EQ(arch_aspace_map(&as, va, va, true, false, false, aspace_test_frame, &pool), ERR_BUSY);

	KT_ASSERT(arch_aspace_check(&as, va, PAGE_SIZE, true));
	KT_ASSERT(arch_aspace_check(&as, va + 5, 10, true));
	KT_ASSERT(arch_aspace_check(&as, va + 3, 0, true));
	KT_ASSERT(!arch_aspace_check(&as, va, PAGE_SIZE + 1, false)); /* the hole */
	KT_ASSERT(!arch_aspace_check(&as, va - 1, 2, false));
	KT_ASSERT(arch_aspace_check(&as, va + 2 * PAGE_SIZE, PAGE_SIZE, false));
	KT_ASSERT(!arch_aspace_check(&as, va + 2 * PAGE_SIZE, 1, true)); /* read-only */
	KT_ASSERT(!arch_aspace_check(&as, 0xfffff000u, 0x2000, false)); /* wraps */

	KT_EQ(arch_aspace_map(&as, va + PAGE_SIZE, va + PAGE_SIZE, true, false, false,
			      aspace_test_frame, &pool),
	      ERR_OK);
	/* A third page moves the list to its first table frame unless the
	 * space keeps three entries inline. */
	KT_EQ(pool.taken, ARCH_ASPACE_INLINE >= 3 ? 0u : 1u);
	KT_ASSERT(arch_aspace_check(&as, va + 100, 2 * PAGE_SIZE, false));
	KT_ASSERT(!arch_aspace_check(&as, va + 100, 2 * PAGE_SIZE, true));

	KT_EQ(arch_aspace_unmap(&as, va + PAGE_SIZE, &pa), ERR_OK);
	KT_EQ(pa, va + PAGE_SIZE);
	KT_EQ(arch_aspace_unmap(&as, va + PAGE_SIZE, &pa), ERR_NOTFOUND);
	KT_EQ(arch_aspace_unmap(&as, va + 1, &pa), ERR_NOTFOUND);
	KT_ASSERT(!arch_aspace_check(&as, va + PAGE_SIZE, 1, false));
	KT_ASSERT(arch_aspace_check(&as, va, 1, true));

	arch_aspace_destroy(&as, aspace_test_free, &pool);
	KT_EQ(pool.freed, pool.taken); /* every table frame back */
	KT_ASSERT(!arch_aspace_check(&as, va, 1, false));
	aspace_test_pool_done(&pool);
	return KTEST_OK;
}

KTEST(coldfire_aspace_refuses)
{
	struct aspace_test_pool pool;
	struct arch_aspace as;
	uintptr_t va = aspace_test_va(0);

	KT_ASSERT(aspace_test_pool(&pool, 0));
	arch_aspace_init(&as, 0, aspace_test_frame, &pool);
	KT_EQ(arch_aspace_map(&as, va, va + PAGE_SIZE, true, false, false, aspace_test_frame,
			      &pool),
	      ERR_INVAL); /* va != pa */
	KT_EQ(arch_aspace_map(&as, va, (pa_t)va + ((pa_t)1 << 32), true, false, false,
			      aspace_test_frame, &pool),
	      ERR_INVAL);
	KT_EQ(arch_aspace_map(&as, va + 8, va + 8, true, false, false, aspace_test_frame, &pool),
	      ERR_INVAL);
	KT_EQ(arch_aspace_map(&as, ARCH_USER_END, ARCH_USER_END, true, false, false,
			      aspace_test_frame, &pool),
	      ERR_INVAL);
	KT_EQ(arch_aspace_map(&as, (uintptr_t)__image_start_pa, (uintptr_t)__image_start_pa, true,
			      false, false, aspace_test_frame, &pool),
	      ERR_INVAL);
	KT_EQ(arch_aspace_map(&as, (uintptr_t)__image_end_pa - PAGE_SIZE,
			      (uintptr_t)__image_end_pa - PAGE_SIZE, true, false, false,
			      aspace_test_frame, &pool),
	      ERR_INVAL);
	/* Valid pages fill the inline entries; the next needs a table frame, and
	 * without one it gets the frame source's error and changes nothing. */
	for (unsigned i = 0; i < ARCH_ASPACE_INLINE; i++)
		KT_EQ(arch_aspace_map(&as, va + 2 * i * PAGE_SIZE, va + 2 * i * PAGE_SIZE, true,
				      false, false, aspace_test_frame, &pool),
		      ERR_OK);
	KT_EQ(arch_aspace_tables_needed(&as, va + PAGE_SIZE), 1);
	KT_EQ(arch_aspace_map(&as, va + PAGE_SIZE, va + PAGE_SIZE, true, false, false,
			      aspace_test_frame, &pool),
	      ERR_NOMEM);
	KT_ASSERT(!arch_aspace_check(&as, va + PAGE_SIZE, 1, false));
	KT_ASSERT(arch_aspace_check(&as, va + 2 * PAGE_SIZE, 1, true));
	arch_aspace_destroy(&as, aspace_test_free, &pool);
	KT_EQ(pool.freed, 0);
	aspace_test_pool_done(&pool);
	return KTEST_OK;
}

/* Mapped from the top down, every insertion shifts the whole list, across
 * the boundary between the two table frames. */
KTEST(coldfire_aspace_many_pages)
{
	struct aspace_test_pool pool;
	struct arch_aspace as;
	pa_t pa;

	KT_ASSERT(aspace_test_pool(&pool, ASPACE_TEST_FRAMES));
	arch_aspace_init(&as, 0, aspace_test_frame, &pool);
	for (unsigned i = ASPACE_TEST_PAGES; i-- > 0;) {
		uintptr_t va = aspace_test_va(2 * i);

		if (arch_aspace_map(&as, va, va, i % 2, false, false, aspace_test_frame, &pool) !=
		    ERR_OK)
			KT_FAIL("map of page %u failed", i);
	}
	KT_EQ(pool.taken, 2);
	for (unsigned i = 0; i < ASPACE_TEST_PAGES; i++) {
		uintptr_t va = aspace_test_va(2 * i);

		if (!arch_aspace_check(&as, va, PAGE_SIZE, i % 2) ||
		    arch_aspace_check(&as, va + PAGE_SIZE, 1, false))
			KT_FAIL("page %u at 0x%08x", i, (unsigned)va);
	}
	KT_EQ(arch_aspace_unmap(&as, aspace_test_va(0), &pa), ERR_OK);
	KT_ASSERT(arch_aspace_check(&as, aspace_test_va(2 * (ASPACE_TEST_PAGES - 1)), 1, false));
	KT_ASSERT(!arch_aspace_check(&as, aspace_test_va(0), 1, false));
	arch_aspace_destroy(&as, aspace_test_free, &pool);
	KT_EQ(pool.freed, 2);
	aspace_test_pool_done(&pool);
	return KTEST_OK;
}

static void aspace_test_count(void *ctx, pa_t pa)
{
	(void)pa;
	++*(unsigned *)ctx;
}

/* Unmapped from the top, each table frame leaves once the frames before it
 * hold every entry left, and the first once the entries fit inline again:
 * the pages left stay mapped through every move. */
KTEST(coldfire_aspace_shrink)
{
	struct aspace_test_pool pool;
	struct arch_aspace as;
	unsigned gone = 0;
	pa_t pa;

	KT_ASSERT(aspace_test_pool(&pool, ASPACE_TEST_FRAMES));
	arch_aspace_init(&as, 0, aspace_test_frame, &pool);
	for (unsigned i = 0; i < ASPACE_TEST_PAGES; i++)
		if (arch_aspace_map(&as, aspace_test_va(i), aspace_test_va(i), true, false, false,
				    aspace_test_frame, &pool) != ERR_OK)
			KT_FAIL("map of page %u failed", i);
	KT_EQ(arch_aspace_tables(&as), 2);
	KT_EQ(arch_aspace_shrink(&as, aspace_test_va(0), aspace_test_count, &gone), 0);
	for (unsigned i = ASPACE_TEST_PAGES; i-- > 0;) {
		unsigned want = i > 1023 ? 2 : i > 2 ? 1 : 0;

		if (arch_aspace_unmap(&as, aspace_test_va(i), &pa) != ERR_OK)
			KT_FAIL("unmap of page %u failed", i);
		arch_aspace_shrink(&as, aspace_test_va(i), aspace_test_count, &gone);
		if (arch_aspace_tables(&as) != want)
			KT_FAIL("%u pages left: %u tables", i, arch_aspace_tables(&as));
		if (i && (!arch_aspace_check(&as, aspace_test_va(0), PAGE_SIZE, true) ||
			  !arch_aspace_check(&as, aspace_test_va(i - 1), PAGE_SIZE, true)))
			KT_FAIL("%u pages left: one is lost", i);
	}
	KT_EQ(gone, 2);
	arch_aspace_destroy(&as, aspace_test_count, &gone);
	KT_EQ(gone, 2);
	aspace_test_pool_done(&pool);
	return KTEST_OK;
}
