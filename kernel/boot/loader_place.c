/* Placing ELF segments in pools (kernel/include/kernel/loader_place.h). */
#include <kernel/chunk.h>
#include <kernel/kprintf.h>
#include <kernel/loader_place.h>
#include <kernel/pool.h>

void loader_place(const struct image_program *prog, uint32_t index, uint32_t flags,
		  unsigned current, unsigned stored, struct loader_place *out)
{
	if (prog->pool != IMAGE_NONE || prog->nsegs) {
		for (unsigned k = 0; k < prog->nsegs; k++)
			if (prog->seg[k].segment == index) {
				out->pool = pool_of_record(prog->seg[k].pool);
				out->rule = "segment list";
				return;
			}
		out->pool = prog->pool != IMAGE_NONE ? pool_of_record(prog->pool) : pool_system();
		out->rule = prog->pool != IMAGE_NONE ? "file default" : "system, the last resort";
		return;
	}
	if (!(flags & ELF_PF_W) && (prog->flags & IMAGE_PROG_XIP)) {
		out->pool = stored;
		out->rule = "where the file is stored";
		return;
	}
	out->pool = current;
	out->rule = current == POOL_NONE ? "current pool: any" : "current pool";
}

void loader_place_print(const char *process, uint32_t index, uint32_t flags, pa_t pa,
			const char *rule)
{
	const struct pool_desc *d = pool_get(pool_of_pa(pa));

	kprintf("loader: %s segment %u (%c%c%c) -> pool %s (%s)\n", process, (unsigned)index,
		flags & ELF_PF_R ? 'r' : '-', flags & ELF_PF_W ? 'w' : '-',
		flags & ELF_PF_X ? 'x' : '-', d ? d->name : "(none)", rule);
}

enum inv_err obj_alloc_pool(unsigned pt, unsigned pool, struct page_common **out)
{
	enum inv_err e;
	pa_t pa;

	if (pool == POOL_NONE)
		return obj_alloc(pt, OBJ_FRAME_ANY, out);
	/* held first, so the frame is the pool's; obj_alloc takes a named held frame */
	if (chunk_take_in(1, obj_type_needs_kva(pt), 0, pool, &pa) != ERR_OK)
		return INV_ERR_NO_FRAMES;
	e = obj_alloc(pt, pa, out);
	if (e != INV_OK)
		chunk_give(pa, 1);
	return e;
}

enum inv_err obj_alloc_run_pool(unsigned pt, uint64_t n, unsigned pool, pa_t *base)
{
	uint64_t span = 1;

	if (pool == POOL_NONE)
		return obj_alloc_run(pt, n, OBJ_FRAME_ANY, base);
	while (span < n)
		span <<= 1;
	/* An aligned power-of-two run of the pool's free frames holds the n;
	 * released at once, then typed, with nothing in between. */
	if (chunk_take_in(span, obj_type_needs_kva(pt), 0, pool, base) != ERR_OK)
		return INV_ERR_NO_FRAMES;
	chunk_give(*base, span);
	return obj_alloc_run(pt, n, *base, base);
}
