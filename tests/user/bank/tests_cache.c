/* Zeroing and the client's page cache (doc/spacebank.md, "Zeroing" and "The
 * client's page cache"): a page's frame reaches another bank only zeroed;
 * the cache is refilled in batches, charged to its bank, reaped with it, and
 * what leaves it is zeroed even for its own bank. */
#include <arroyo/pagecache.h>

#include "bank.h"

#if defined(__i386__)
#define CACHE_VA 0x21000000u
#else
#define CACHE_VA 0 /* ColdFire: pages are used where they are */
#endif
#define CACHE_WORDS 1024u
#define CACHE_MARK 0xc0ffee00u

static struct pagecache cache;
static const uint8_t cache_regs[] = { B_OBJ0, B_OBJ0 + 1, B_OBJ0 + 2, B_OBJ0 + 3 };

/* Maps the page in cap, runs what (fill with a mark, or count the words that
 * are not zero), unmaps it. */
static uint32_t cache_touch(unsigned cap, int fill)
{
	uint32_t addr, nonzero = 0;
	volatile uint32_t *p;

	if (process_map(CAP_SELF, cap, CACHE_VA, 0, &addr) != INV_OK)
		return 0xffffffffu;
	p = (volatile uint32_t *)(uintptr_t)addr;
	for (uint32_t i = 0; i < CACHE_WORDS; i++) {
		if (fill)
			p[i] = CACHE_MARK + i;
		nonzero += p[i] != 0;
	}
	process_unmap(CAP_SELF, addr);
	return nonzero;
}

static uint32_t cache_pages_used(unsigned bank)
{
	uint32_t used = 0xffffffffu;

	bank_query(bank, CT_PAGE, NULL, &used);
	return used;
}

/* A page freed by one bank and taken by another arrives zeroed; taken again
 * by its own bank it may keep what it held (it never left that bank). */
UTEST(bank_page_crossing_banks_is_zeroed)
{
	uint64_t pa, again;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(bank_child(B_ROOT, B_T0 + 1), BANK_OK);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0, &pa), BANK_OK);
	UT_EQ(cache_touch(B_OBJ0, 1), CACHE_WORDS);
	UT_EQ(bank_free(B_T0, pa), BANK_OK);
	cap_delete(B_OBJ0);
	/* the same bank: the frame freed last comes back, as it was */
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_OBJ0, &again), BANK_OK);
	UT_EQ(again, pa);
	UT_EQ(cache_touch(B_OBJ0, 0), CACHE_WORDS);
	UT_EQ(bank_free(B_T0, pa), BANK_OK);
	cap_delete(B_OBJ0);
	/* another bank: zeroed, every word */
	UT_EQ(bank_alloc(B_T0 + 1, CT_PAGE, B_OBJ0, &again), BANK_OK);
	UT_EQ(again, pa);
	UT_EQ(cache_touch(B_OBJ0, 0), 0);
	/* and a page its bank frees scrubbed comes back zeroed even to it */
	UT_EQ(cache_touch(B_OBJ0, 1), CACHE_WORDS);
	UT_EQ(bank_free_scrub(B_T0 + 1, pa), BANK_OK);
	cap_delete(B_OBJ0);
	UT_EQ(bank_alloc(B_T0 + 1, CT_PAGE, B_OBJ0, &again), BANK_OK);
	UT_EQ(again, pa);
	UT_EQ(cache_touch(B_OBJ0, 0), 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_destroy(B_T0 + 1), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Refills come in batches, and every cached page is charged to the bank
 * whether handed out or not; a trim gives them back. */
UTEST(bank_cache_refills_in_batches_and_is_charged)
{
	unsigned cap[4];
	uint64_t pa[4];

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(pagecache_init(&cache, B_T0, cache_regs, 4, 0, CAP_NONE), BANK_ERR_ARG);
	UT_EQ(pagecache_init(&cache, B_T0, cache_regs, 4, 2, CAP_NONE), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 0);
	UT_EQ(pagecache_alloc(&cache, &cap[0], &pa[0]), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 2); /* a batch of two */
	UT_EQ(pagecache_alloc(&cache, &cap[1], &pa[1]), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 2); /* the second came from the cache */
	UT_ASSERT(cap[0] != cap[1] && pa[0] != pa[1]);
	UT_EQ(pagecache_alloc(&cache, &cap[2], &pa[2]), BANK_OK);
	UT_EQ(pagecache_alloc(&cache, &cap[3], &pa[3]), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 4);
	UT_EQ(pagecache_alloc(&cache, &cap[0], &pa[0]), BANK_ERR_FULL); /* all handed out */
	for (unsigned i = 0; i < 4; i++) {
		unsigned type;

		UT_OK(cap_identify(cap[i], &type, NULL));
		UT_EQ(type, CT_PAGE);
		UT_EQ(pagecache_free(&cache, cap[i]), BANK_OK);
	}
	UT_EQ(pagecache_free(&cache, cap[0]), BANK_ERR_ARG); /* not handed out */
	UT_EQ(pagecache_free(&cache, B_T0), BANK_ERR_ARG); /* not the cache's */
	UT_EQ(cache_pages_used(B_T0), 4); /* cached: still charged */
	UT_EQ(pagecache_trim(&cache, 1), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 1);
	UT_EQ(pagecache_trim(&cache, 0), BANK_OK);
	UT_EQ(cache_pages_used(B_T0), 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* The client takes back its own page as it left it; a page that leaves the
 * cache reaches the next holder zeroed, though it is the same bank. */
UTEST(bank_cache_reuse_keeps_and_leaving_zeroes)
{
	unsigned cap, again;
	uint64_t pa, pa2;

	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(pagecache_init(&cache, B_T0, cache_regs, 4, 1, CAP_NONE), BANK_OK);
	UT_EQ(pagecache_alloc(&cache, &cap, &pa), BANK_OK);
	UT_EQ(cache_touch(cap, 0), 0); /* new from the bank: zeroed */
	UT_EQ(cache_touch(cap, 1), CACHE_WORDS);
	UT_EQ(pagecache_free(&cache, cap), BANK_OK);
	UT_EQ(pagecache_alloc(&cache, &again, &pa2), BANK_OK);
	UT_EQ(again, cap);
	UT_EQ(pa2, pa);
	UT_EQ(cache_touch(cap, 0), CACHE_WORDS); /* the client's own: kept */
	UT_EQ(pagecache_free(&cache, cap), BANK_OK);
	UT_EQ(pagecache_trim(&cache, 0), BANK_OK); /* leaves the client */
	UT_INV(cap_identify(cap, NULL, NULL), INV_ERR_CAP_EMPTY);
	UT_EQ(bank_alloc(B_T0, CT_PAGE, B_T0 + 1, &pa2), BANK_OK);
	UT_EQ(pa2, pa);
	UT_EQ(cache_touch(B_T0 + 1, 0), 0);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	bank_test_clear();
	return UTEST_OK;
}

/* Destroying the bank takes the cached pages with it: the parent's usage
 * drops by all of them and their capabilities go stale. */
UTEST(bank_cache_reaped_by_destroy)
{
	uint32_t before, during, after;
	unsigned cap;
	uint64_t pa;

	UT_EQ(bank_query(B_ROOT, CT_PAGE, NULL, &before), BANK_OK);
	UT_EQ(bank_child(B_ROOT, B_T0), BANK_OK);
	UT_EQ(pagecache_init(&cache, B_T0, cache_regs, 4, 3, CAP_NONE), BANK_OK);
	UT_EQ(pagecache_alloc(&cache, &cap, &pa), BANK_OK);
	UT_EQ(bank_query(B_ROOT, CT_PAGE, NULL, &during), BANK_OK);
	UT_EQ(during, before + 3);
	UT_EQ(bank_destroy(B_T0), BANK_OK);
	UT_EQ(bank_query(B_ROOT, CT_PAGE, NULL, &after), BANK_OK);
	UT_EQ(after, before);
	for (unsigned i = 0; i < 3; i++)
		UT_INV(cap_identify(cache_regs[i], NULL, NULL), INV_ERR_CAP_STALE);
	pagecache_forget(&cache);
	for (unsigned i = 0; i < 4; i++)
		UT_INV(cap_identify(cache_regs[i], NULL, NULL), INV_ERR_CAP_EMPTY);
	UT_EQ(pagecache_alloc(&cache, &cap, &pa), BANK_ERR_GONE);
	bank_test_clear();
	return UTEST_OK;
}
