/* Held runs (kernel/include/kernel/chunk.h). */
#include <kernel/chunk.h>
#include <kernel/objmem.h>
#include <kernel/pool.h>

static bool hold_free(const struct page_common *h, bool kva)
{
	return pagehdr_type(h) == PT_FREE && !pagehdr_locked(h) &&
	       (!kva || objmem_direct(pagehdr_pa(h)));
}

/* The first aligned run of n free frames in r at or above from, or NULL. A
 * failed candidate skips to the next aligned start past the frame that
 * failed. */
static struct page_common *hold_search(const struct range *r, uint64_t n, bool kva, pa_t from,
				       unsigned pool)
{
	pa_t align = (pa_t)n << PAGE_SHIFT;
	pa_t pa = ALIGN_UP(r->base > from ? r->base : from, align);
	pa_t end = r->base + (r->frames << PAGE_SHIFT);

	while (pa + align <= end && pa + align > pa) {
		uint64_t first = (pa - r->base) >> PAGE_SHIFT, k;

		for (k = 0; k < n; k++)
			if (!hold_free(pagehdr_at(r, first + k), kva))
				break;
		if (k == n && pool != POOL_NONE && !pool_run_in(pa, n, pool))
			k = n - 1; /* free but not all the pool's: past the run */
		if (k == n)
			return pagehdr_at(r, first);
		pa = ALIGN_UP(pa + ((pa_t)(k + 1) << PAGE_SHIFT), align);
	}
	return NULL;
}

enum err chunk_take(uint64_t n, bool kva, pa_t *base)
{
	return chunk_take_from(n, kva, 0, base);
}

enum err chunk_take_from(uint64_t n, bool kva, pa_t from, pa_t *base)
{
	return chunk_take_in(n, kva, from, POOL_NONE, base);
}

enum err chunk_take_in(uint64_t n, bool kva, pa_t from, unsigned pool, pa_t *base)
{
	const struct pool_desc *d = pool_get(pool);

	if (n == 0 || (n & (n - 1)))
		return ERR_INVAL;
	if (d && d->start > from)
		from = d->start; /* nothing of the pool lies below its start */
	for (struct range *r = range_first(); r; r = range_next(r)) {
		struct page_common *h;
		uint64_t first;

		if (r->layout != PAGEHDR_LAYOUT_RAM || !(h = hold_search(r, n, kva, from, pool)))
			continue;
		first = pagehdr_index(h);
		for (uint64_t k = 0; k < n; k++)
			pagehdr_set_type(pagehdr_at(r, first + k), PT_HELD);
		*base = pagehdr_pa(h);
		return ERR_OK;
	}
	return ERR_NOMEM;
}

enum err chunk_give(pa_t base, uint64_t n)
{
	struct range *r = (base & (PAGE_SIZE - 1)) ? NULL : range_of_pa(base);
	uint64_t first;

	if (!r || n == 0 || r->layout != PAGEHDR_LAYOUT_RAM)
		return ERR_INVAL;
	first = (base - r->base) >> PAGE_SHIFT;
	if (n > r->frames - first)
		return ERR_INVAL;
	for (uint64_t k = 0; k < n; k++)
		if (pagehdr_type(pagehdr_at(r, first + k)) != PT_HELD)
			return ERR_INVAL;
	for (uint64_t k = 0; k < n; k++)
		pagehdr_set_type(pagehdr_at(r, first + k), PT_FREE);
	return ERR_OK;
}
