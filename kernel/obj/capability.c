/* Capabilities (kernel/include/kernel/cap.h). */
#include <kernel/cap.h>
#include <kernel/obj.h>
#include <kernel/pot.h>

static const char *const cap_type_names[CT_COUNT] = {
	[CT_NULL] = "null",	  [CT_CONSOLE] = "console",
	[CT_SLEEP] = "sleep",	  [CT_MEMINFO] = "meminfo",
	[CT_RANGE] = "range",	  [CT_DEVICE_RANGE] = "device_range",
	[CT_PROCESS] = "process", [CT_ENDPOINT] = "endpoint",
	[CT_REPLY] = "reply",	  [CT_PAGE] = "page",
	[CT_CAPPAGE] = "cappage", [CT_PAGETABLE] = "pagetable",
	[CT_BUDGET] = "budget",	  [CT_GRANT_FRAME] = "grant_frame",
};

const char *cap_type_name(unsigned type)
{
	return type < CT_COUNT ? cap_type_names[type] : "?";
}

/* Per capability type, the page types (bits) whose frames may back it; 0
 * for services, which name no object. One table for both questions
 * cap_resolve asks on every invocation. */
#define PT_BIT(pt) (1u << (pt))
_Static_assert(PT_TYPE_COUNT <= 16, "page types fit the masks");
static const uint16_t cap_type_pts[CT_COUNT] = {
	[CT_DEVICE_RANGE] = PT_BIT(PT_DEVICE), /* names the range's first frame */
	[CT_PROCESS] = PT_BIT(PT_OBJ_PROCESS),
	[CT_REPLY] = PT_BIT(PT_OBJ_PROCESS), /* names the caller */
	[CT_ENDPOINT] = PT_BIT(PT_OBJ_ENDPOINT),
	[CT_PAGE] = PT_BIT(PT_OBJ_PAGE) | PT_BIT(PT_DEVICE),
	[CT_CAPPAGE] = PT_BIT(PT_OBJ_CAPPAGE),
	[CT_PAGETABLE] = PT_BIT(PT_OBJ_TABLE),
	[CT_GRANT_FRAME] = PT_BIT(PT_OBJ_GRANT),
};

/* Per page type a capability may name: log2 of its objects' slot size
 * (PAGE_SHIFT for a whole-frame object), and whether the kernel reaches
 * the frame (obj_type_needs_kva; only such frames hold pots). */
static const struct {
	uint8_t shift;
	bool kva;
} cap_frame_kinds[PT_TYPE_COUNT] = {
	[PT_DEVICE] = { PAGE_SHIFT, false },
	[PT_OBJ_PAGE] = { PAGE_SHIFT, false },
	[PT_OBJ_CAPPAGE] = { PAGE_SHIFT, true },
	[PT_OBJ_TABLE] = { PAGE_SHIFT, true },
	[PT_OBJ_GRANT] = { PAGE_SHIFT, true },
	[PT_OBJ_PROCESS] = { POT_PROCESS_SHIFT, true },
	[PT_OBJ_ENDPOINT] = { POT_ENDPOINT_SHIFT, true },
};

/* CAP_TYPES_WITH_OBJECT (cap.h) is the set of types with page types here. */
#define CAP_PTS_OF(t) (CAP_TYPES_WITH_OBJECT >> (t)&1u)
_Static_assert(CT_COUNT <= 32, "capability types fit CAP_TYPES_WITH_OBJECT");
_Static_assert(!CAP_PTS_OF(CT_NULL) && !CAP_PTS_OF(CT_CONSOLE) && !CAP_PTS_OF(CT_SLEEP) &&
		       !CAP_PTS_OF(CT_MEMINFO) && !CAP_PTS_OF(CT_RANGE) && !CAP_PTS_OF(CT_BUDGET),
	       "services name no object");

bool cap_type_matches(unsigned type, unsigned pt)
{
	return type < CT_COUNT && pt < PT_TYPE_COUNT && (cap_type_pts[type] & PT_BIT(pt));
}

void cap_mint_object(struct cap *c, unsigned type, unsigned rights, const struct page_common *h)
{
	cap_mint_at(c, type, rights, pagehdr_pa(h), 0, pagehdr_alloc_count(h));
}

void cap_mint(struct cap *c, unsigned type, unsigned rights, const struct obj_ref *r)
{
	unsigned pt = pagehdr_type(r->h);

	cap_mint_object(c, type, rights, r->h);
	c->slot = (uint8_t)r->slot;
	/* A pot object's version is its slot's (obj_version, without the
	 * kind lookup). */
	if (pt < PT_TYPE_COUNT && cap_frame_kinds[pt].shift < PAGE_SHIFT)
		c->version = ((const struct pot_head *)r->kva)->version;
}

void cap_mint_service(struct cap *c, unsigned type, unsigned rights)
{
	cap_clear(c);
	c->type = (uint8_t)type;
	c->rights = (uint8_t)(rights & CAP_RIGHTS_VALID);
}

/* One step from the capability's frame number to its header (the range
 * found last, else the resource tree), then the version check where the
 * object keeps it: no pa -> range -> header -> range -> pa round trip. */
enum inv_err cap_resolve(const struct cap *c, struct obj_ref *r)
{
	struct page_common *hdr;
	unsigned pt, shift;
	uint8_t *frame;

	r->h = NULL;
	r->kva = NULL;
	r->slot = 0;
	if (cap_is_empty(c))
		return INV_ERR_CAP_EMPTY;
	if (!cap_type_has_object(c->type))
		return INV_OK;
	hdr = pagehdr_of_pfn(c->pfn_hi, c->pfn);
	if (!hdr)
		return INV_ERR_CAP_STALE;
	pt = pagehdr_type(hdr);
	if (!(cap_type_pts[c->type] & PT_BIT(pt)))
		return INV_ERR_CAP_STALE;
	shift = cap_frame_kinds[pt].shift;
	if (c->slot >= PAGE_SIZE >> shift)
		return INV_ERR_CAP_STALE;
	frame = cap_frame_kinds[pt].kva ? objmem_kva(cap_pa(c)) : NULL;
	if (shift < PAGE_SHIFT) {
		const struct pot_head *o = (const void *)(frame + ((uintptr_t)c->slot << shift));

		/* Live (odd) and the very object the capability was minted for. */
		if (!(o->version & 1) || o->version != c->version)
			return INV_ERR_CAP_STALE;
		r->kva = (void *)(uintptr_t)o;
	} else {
		if (pagehdr_alloc_count(hdr) != c->version)
			return INV_ERR_CAP_STALE;
		r->kva = frame;
	}
	r->h = hdr;
	r->slot = c->slot;
	return INV_OK;
}

void *cap_object_lookup(const struct cap *c, unsigned pt)
{
	unsigned shift = pt == PT_OBJ_PROCESS ? POT_PROCESS_SHIFT : POT_ENDPOINT_SHIFT;
	const struct page_common *h = pagehdr_of_pfn(c->pfn_hi, c->pfn);
	const struct pot_head *o;

	if (!h || pagehdr_type(h) != pt || !cap_type_matches(c->type, pt) ||
	    c->slot >= PAGE_SIZE >> shift)
		return NULL;
	/* The fastpath's inline step (cap_object) looks in range_last: the
	 * next object it reaches is most likely in this one's range. */
	range_make_last(range_slots + h->range_id, c->pfn_hi ? NULL : range_cache_slot(c->pfn));
	o = (const void *)((uint8_t *)objmem_kva(cap_pa(c)) + ((uintptr_t)c->slot << shift));
	return (o->version & 1) && o->version == c->version ? (void *)(uintptr_t)o : NULL;
}

void cap_weaken(struct cap *c)
{
	c->rights = (uint8_t)((c->rights & ~CR_WRITE) | CR_WEAK);
}

enum inv_err cap_restrict(struct cap *dst, const struct cap *src, uint32_t remove)
{
	if (remove & ~(uint32_t)CAP_RIGHTS_VALID)
		return INV_ERR_ARG;
	*dst = *src;
	dst->rights = (uint8_t)(src->rights & ~(remove & CR_ALL));
	if ((remove & CR_WEAK) || (src->rights & CR_WEAK))
		cap_weaken(dst);
	return INV_OK;
}

bool cap_has(const struct cap *c, unsigned rights)
{
	return (c->rights & rights) == rights;
}

bool cap_may_enter_cappage(const struct cap *c)
{
	return cap_is_empty(c) || cap_has(c, CR_GRANT);
}
