/* A Page made or destroyed in two steps (kernel/include/kernel/range_page.h):
 * the steps range.c's range_make and range_chunk.c's range_destroy_at take
 * for a Page, with the same results. */
#include <kernel/range_page.h>

__attribute__((noinline)) bool range_page_ready(uint32_t how, uint32_t lo, uint32_t hi,
						struct range_page *pg)
{
	return range_page_ready_inline(how, lo, hi, pg);
}

__attribute__((noinline)) void range_page_make(const struct range_page *pg, bool kept,
					       struct cap *dst)
{
	range_page_make_inline(pg, kept, dst);
}

__attribute__((noinline)) void range_page_destroy(const struct range_page *pg, bool held)
{
	range_page_destroy_inline(pg, held);
}
