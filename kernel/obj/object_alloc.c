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
	/* Per packed kind, the pot OBJ_FRAME_ANY fills (the kernel's own:
	 * boot objects and RANGE_ANY); 0 = none. Checked before every use,
	 * since Range may have emptied and freed it since. */
	pa_t open_pot[OT_COUNT];
} obj_cursor = { 0, 0, 1, { 0 } };

void obj_reset(void)
{
	obj_cursor.range_id = 0;
	obj_cursor.index = 0;
	obj_cursor.next_oid = 1;
	for (unsigned i = 0; i < OT_COUNT; i++)
		obj_cursor.open_pot[i] = 0;
}

/* Page types name kinds one to one but for tables, whose header's ot_index
 * says who paid (OT_TABLE or OT_TABLE_HELD, set by Range): the same slot
 * layout either way. OT_COUNT for exactly the types whose ledger state is
 * not objects (ledger_state_of_type; tests/unit checks the two agree). */
static const uint8_t obj_kinds[PT_TYPE_COUNT] = {
	[PT_FREE] = OT_COUNT,
	[PT_IMAGE] = OT_COUNT,
	[PT_BOOT] = OT_COUNT,
	[PT_HEAP] = OT_COUNT,
	[PT_HDR] = OT_COUNT,
	[PT_RESERVE] = OT_COUNT,
	[PT_DEVICE] = OT_COUNT,
	[PT_OBJ_PAGE] = OT_PAGE,
	[PT_OBJ_CAPPAGE] = OT_CAPPAGE,
	[PT_OBJ_PROCESS] = OT_PROCESS,
	[PT_OBJ_ENDPOINT] = OT_ENDPOINT,
	[PT_OBJ_TABLE] = OT_TABLE,
	[PT_OBJ_GRANT] = OT_GRANT,
	[PT_HELD] = OT_COUNT,
};

unsigned obj_kind_of_type(unsigned pt)
{
	return pt < PT_TYPE_COUNT ? obj_kinds[pt] : OT_COUNT;
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

/* A frame the space bank holds (PT_HELD) is used only when named. Inline:
 * for a constant pt it is three tests. */
static inline __attribute__((always_inline)) bool obj_frame_ok(const struct page_common *h,
							       unsigned pt, bool named)
{
	unsigned t = pagehdr_type(h);

	return (t == PT_FREE || (named && t == PT_HELD)) && !pagehdr_locked(h) &&
	       (!obj_type_needs_kva(pt) || objmem_direct(pagehdr_pa(h)));
}

/* Types free or held frame h as an object of type pt (ot_index and OID in
 * a RAM header: a device frame is never free; then the field stores of
 * pagehdr_set_ot_index and pagehdr_set_oid, without their checks twice). */
static inline __attribute__((always_inline)) void obj_take(struct page_common *h, unsigned pt,
							   bool zero)
{
	struct page_header *ph = pagehdr_ram(h);
	oid_t oid = obj_cursor.next_oid;

	h->type = (uint8_t)pt;
	ledger_object_made();
	if (zero)
		objmem_zero(pagehdr_pa(h));
	if (!ph)
		return;
	ph->ot_index = (uint16_t)obj_kind_of_type(pt);
	/* OIDs exhausted: the frame keeps none (pagehdr_set_oid's ERR_RANGE).
	 * A test of the high word alone, as OID_MAX's low word is all ones. */
	_Static_assert((uint32_t)OID_MAX == 0xffffffffu, "OID_MAX: the low word all ones");
	if ((uint32_t)(oid >> 32) > (uint32_t)(OID_MAX >> 32))
		return;
	ph->oid_lo = (uint32_t)oid;
	ph->oid_hi = (uint16_t)(oid >> 32);
	obj_cursor.next_oid = oid + 1;
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
		if (obj_alloc_named(h, pt, false) != INV_OK)
			return INV_ERR_ARG;
		*out = h;
		return INV_OK;
	}
	h = obj_search(pt, 1);
	if (!h)
		return INV_ERR_NO_FRAMES;
	obj_take(h, pt, true);
	*out = h;
	return INV_OK;
}

/* Whether frame h, named by a caller (NULL: none), can take an object of
 * page type pt: free or held, or with `kept` held only. Inline: for a
 * constant pt it is a few tests. */
static inline __attribute__((always_inline)) bool obj_named_ok(const struct page_common *h,
							       unsigned pt, bool kept)
{
	return h && (!kept || pagehdr_type(h) == PT_HELD) && obj_frame_ok(h, pt, true);
}

enum inv_err obj_alloc_named(struct page_common *h, unsigned pt, bool kept)
{
	if (!obj_named_ok(h, pt, kept))
		return INV_ERR_ARG;
	obj_take(h, pt, !kept);
	return INV_OK;
}

__attribute__((always_inline)) inline bool obj_page_ok(const struct page_common *h, bool kept)
{
	return obj_named_ok(h, PT_OBJ_PAGE, kept);
}

__attribute__((always_inline)) inline void obj_take_page(struct page_common *h, bool kept)
{
	obj_take(h, PT_OBJ_PAGE, !kept);
}

enum inv_err obj_alloc_kept(unsigned pt, pa_t want, struct page_common **out)
{
	struct page_common *h = (want & (PAGE_SIZE - 1)) ? NULL : pagehdr_of_pa(want);

	*out = NULL;
	if (obj_alloc_named(h, pt, true) != INV_OK)
		return INV_ERR_ARG;
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
		obj_take(pagehdr_at(r, pagehdr_index(first) + k), pt, true);
	return INV_OK;
}

/* obj_free for a frame of page type pt: inline, so that obj_free_page's
 * constant folds the kind's questions away. */
static inline __attribute__((always_inline)) void obj_free_as(struct page_common *h, unsigned pt)
{
	unsigned ot = obj_kind_of_type(pt);
	struct page_header *ph = pagehdr_ram(h);

	if (ot == OT_COUNT) /* the ledger state is not objects */
		panic("obj: freeing frame 0x%llx of type %s, not an object",
		      (unsigned long long)pagehdr_pa(h), page_type_name(pagehdr_type(h)));
	/* Every capability to it is stale from here; a pot's slots counted
	 * their own versions, which the frame's count now passes. */
	if (pot_packed(ot))
		pagehdr_raise_alloc_count(h, pot_version_ceiling(obj_kva(h), ot));
	else
		h->alloc_count++;
	/* A table the space bank paid for returns to it: held, as a
	 * RANGE_KEEP_HELD destroy leaves a frame. */
	h->type = ph && ph->ot_index == OT_TABLE_HELD ? PT_HELD : PT_FREE;
	if (ph) {
		ph->ot_index = PAGEHDR_OT_NONE;
		ph->oid_lo = 0;
		ph->oid_hi = 0;
	}
	ledger_object_freed();
}

void obj_free(struct page_common *h)
{
	obj_free_as(h, pagehdr_type(h));
}

__attribute__((always_inline)) inline void obj_free_page(struct page_common *h)
{
	if (pagehdr_type(h) != PT_OBJ_PAGE)
		panic("obj: frame 0x%llx of type %s freed as a page",
		      (unsigned long long)pagehdr_pa(h), page_type_name(pagehdr_type(h)));
	obj_free_as(h, PT_OBJ_PAGE);
}

void obj_ref_frame(struct page_common *h, struct obj_ref *r)
{
	r->h = h;
	r->slot = 0;
	r->kva = obj_type_needs_kva(pagehdr_type(h)) ? obj_kva(h) : NULL;
}

uint32_t obj_version(const struct obj_ref *r)
{
	if (pot_packed(obj_kind_of_type(pagehdr_type(r->h))))
		return ((const struct pot_head *)r->kva)->version;
	return pagehdr_alloc_count(r->h);
}

pa_t obj_addr(const struct obj_ref *r)
{
	return pagehdr_pa(r->h) | r->slot;
}

/* A new pot in frame h (already typed and zeroed by obj_alloc). */
static void obj_pot_open(struct page_common *h, unsigned ot)
{
	pot_init(obj_kva(h), ot, pagehdr_alloc_count(h));
}

static enum inv_err obj_pot_take(struct page_common *h, unsigned ot, struct obj_ref *out)
{
	int slot = pot_alloc(obj_kva(h), ot);

	if (slot < 0)
		return INV_ERR_BUSY;
	out->h = h;
	out->slot = (unsigned)slot;
	out->kva = pot_slot(obj_kva(h), ot, (unsigned)slot);
	return INV_OK;
}

/* The kernel's open pot of kind pt, if it is still one with a free slot. */
static struct page_common *obj_open_pot(unsigned pt, unsigned ot)
{
	pa_t pa = obj_cursor.open_pot[ot];
	struct page_common *h = pa ? pagehdr_of_pa(pa) : NULL;

	if (!h || pagehdr_type(h) != pt || pot_live(obj_kva(h), ot) == pot_capacity(ot))
		return NULL;
	return h;
}

enum inv_err obj_make(unsigned pt, pa_t want, struct obj_ref *out)
{
	unsigned ot = obj_kind_of_type(pt);
	struct page_common *h;
	enum inv_err e;

	out->h = NULL;
	out->kva = NULL;
	out->slot = 0;
	if (!pot_packed(ot)) {
		e = obj_alloc(pt, want, &h);
		if (e == INV_OK)
			obj_ref_frame(h, out);
		return e;
	}
	if (want == OBJ_FRAME_ANY) {
		h = obj_open_pot(pt, ot);
		if (!h) {
			e = obj_alloc(pt, OBJ_FRAME_ANY, &h);
			if (e != INV_OK)
				return e;
			obj_pot_open(h, ot);
			obj_cursor.open_pot[ot] = pagehdr_pa(h);
		}
		return obj_pot_take(h, ot, out);
	}
	h = (want & (PAGE_SIZE - 1)) ? NULL : pagehdr_of_pa(want);
	if (h && pagehdr_type(h) == pt)
		return obj_pot_take(h, ot, out); /* a pot of this kind: its next slot */
	e = obj_alloc(pt, want, &h);
	if (e != INV_OK)
		return e;
	obj_pot_open(h, ot);
	return obj_pot_take(h, ot, out);
}

unsigned obj_release(const struct obj_ref *r)
{
	unsigned ot = obj_kind_of_type(pagehdr_type(r->h));
	unsigned left = 0;

	if (pot_packed(ot))
		left = pot_free(obj_kva(r->h), ot, r->slot);
	if (!left)
		obj_free(r->h);
	return left;
}

enum inv_err obj_at(pa_t addr, struct obj_ref *out)
{
	pa_t pa = addr & ~(pa_t)(PAGE_SIZE - 1);
	struct page_common *h = pagehdr_of_pa(pa);
	unsigned slot = (unsigned)(addr & (PAGE_SIZE - 1)), ot;
	const struct pot_head *o;

	if (!h)
		return INV_ERR_ARG;
	ot = obj_kind_of_type(pagehdr_type(h));
	if (ot == OT_COUNT)
		return INV_ERR_ARG; /* the frame's ledger state is not objects */
	if (!pot_packed(ot)) {
		if (slot)
			return INV_ERR_ARG;
		out->h = h;
		out->slot = 0;
		out->kva = obj_type_needs_kva(pagehdr_type(h)) ? objmem_kva(pa) : NULL;
		return INV_OK;
	}
	if (slot >= pot_capacity(ot))
		return INV_ERR_ARG;
	o = pot_slot(objmem_kva(pa), ot, slot);
	if (!(o->version & 1))
		return INV_ERR_ARG; /* a free slot */
	out->h = h;
	out->slot = slot;
	out->kva = (void *)(uintptr_t)o;
	return INV_OK;
}
