/* Object frames (kernel/include/kernel/obj.h). */
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/objmem.h>

/* Where the last search for a free frame ended: the next one starts there,
 * so a run of allocations walks the headers once rather than once each. */
static struct {
	unsigned range_id;
	uint64_t index;
	oid_t next_oid;
} obj_cursor = { 0, 0, 1 };

void obj_reset(void)
{
	obj_cursor.range_id = 0;
	obj_cursor.index = 0;
	obj_cursor.next_oid = 1;
}

void obj_set_next_oid(oid_t oid)
{
	obj_cursor.next_oid = oid;
}

bool obj_type_needs_kva(unsigned pt)
{
	return pt == PT_OBJ_PROCESS || pt == PT_OBJ_ENDPOINT || pt == PT_OBJ_CAPPAGE ||
	       pt == PT_OBJ_TABLE || pt == PT_OBJ_GRANT;
}

void *obj_kva(const struct page_common *h)
{
	return objmem_kva(pagehdr_pa(h));
}

/* A frame the space bank holds (PT_HELD) is used only when named. */
static bool obj_frame_ok(const struct page_common *h, unsigned pt, bool named)
{
	unsigned t = pagehdr_type(h);

	return (t == PT_FREE || (named && t == PT_HELD)) && !pagehdr_locked(h) &&
	       (!obj_type_needs_kva(pt) || objmem_direct(pagehdr_pa(h)));
}

static void obj_take(struct page_common *h, unsigned pt)
{
	pagehdr_set_type(h, pt);
	ledger_move(LEDGER_BANKED, LEDGER_OBJECTS, 1);
	objmem_zero(pagehdr_pa(h));
	if (pagehdr_set_oid(h, obj_cursor.next_oid) == ERR_OK)
		obj_cursor.next_oid++;
}

/* Searches every RAM range from the cursor on for n free frames in a row. */
static struct page_common *obj_search(unsigned pt, uint64_t n)
{
	struct range *start = range_get(obj_cursor.range_id);
	struct range *r = start ? start : range_first();
	uint64_t i = start ? obj_cursor.index : 0;

	for (unsigned pass = 0; r && pass <= range_count(); pass++) {
		uint64_t run = 0;

		if (r->layout == PAGEHDR_LAYOUT_RAM)
			for (; i < r->frames; i++) {
				run = obj_frame_ok(pagehdr_at(r, i), pt, false) ? run + 1 : 0;
				if (run == n) {
					obj_cursor.range_id = r->id;
					obj_cursor.index = i + 1;
					return pagehdr_at(r, i + 1 - n);
				}
			}
		r = range_next(r);
		if (!r)
			r = range_first();
		i = 0;
	}
	return NULL;
}

enum inv_err obj_alloc(unsigned pt, pa_t want, struct page_common **out)
{
	struct page_common *h;

	*out = NULL;
	if (want != OBJ_FRAME_ANY) {
		h = (want & (PAGE_SIZE - 1)) ? NULL : pagehdr_of_pa(want);
		if (!h || !obj_frame_ok(h, pt, true))
			return INV_ERR_ARG;
	} else {
		h = obj_search(pt, 1);
		if (!h)
			return INV_ERR_NO_FRAMES;
	}
	obj_take(h, pt);
	*out = h;
	return INV_OK;
}

enum inv_err obj_alloc_run(unsigned pt, uint64_t n, pa_t want, pa_t *base)
{
	struct page_common *first;
	struct range *r;

	if (n == 0)
		return INV_ERR_ARG;
	if (want != OBJ_FRAME_ANY) {
		uint64_t idx;

		r = (want & (PAGE_SIZE - 1)) ? NULL : range_of_pa(want);
		if (!r || r->layout != PAGEHDR_LAYOUT_RAM)
			return INV_ERR_ARG;
		idx = (want - r->base) >> PAGE_SHIFT;
		if (n > r->frames - idx)
			return INV_ERR_ARG;
		for (uint64_t k = 0; k < n; k++)
			if (!obj_frame_ok(pagehdr_at(r, idx + k), pt, false))
				return INV_ERR_ARG;
		first = pagehdr_at(r, idx);
	} else {
		first = obj_search(pt, n);
		if (!first)
			return INV_ERR_NO_FRAMES;
		r = pagehdr_range(first);
	}
	*base = pagehdr_pa(first);
	for (uint64_t k = 0; k < n; k++)
		obj_take(pagehdr_at(r, pagehdr_index(first) + k), pt);
	return INV_OK;
}

void obj_free(struct page_common *h)
{
	if (ledger_state_of_type(pagehdr_type(h)) != LEDGER_OBJECTS)
		panic("obj: freeing frame 0x%llx of type %s, not an object",
		      (unsigned long long)pagehdr_pa(h), page_type_name(pagehdr_type(h)));
	pagehdr_bump_alloc_count(h); /* every capability to it is stale from here */
	pagehdr_set_type(h, PT_FREE);
	pagehdr_set_oid(h, OID_NONE);
	ledger_move(LEDGER_OBJECTS, LEDGER_BANKED, 1);
}
