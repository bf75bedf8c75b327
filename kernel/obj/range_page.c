/* A Page made or destroyed in two steps (kernel/include/kernel/range_page.h):
 * the steps range.c's range_make and range_chunk.c's range_destroy_at take
 * for a Page, with the same results. */
#include <kernel/range_page.h>

__attribute__((always_inline)) inline void range_page_make(const struct range_page *pg, bool kept,
							   struct cap *dst)
{
	obj_take_page(pg->h, kept);
	if (dst)
		cap_mint_at(dst, CT_PAGE, CR_ALL, pg->pa, 0, pagehdr_alloc_count(pg->h));
}

__attribute__((always_inline)) inline void range_page_destroy(const struct range_page *pg,
							      bool held)
{
	if (pg->mapped)
		proc_unmap_everywhere(pg->pa);
	obj_free_page(pg->h);
	if (held)
		pagehdr_set_type(pg->h, PT_HELD);
}
