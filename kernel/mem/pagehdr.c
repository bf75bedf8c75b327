/* Page-header accessors (kernel/include/kernel/pagehdr.h). Every field is
 * reached in O(1): the range through the stored range_id, the index from
 * the header's offset in its range's array (a shift, the stride being a
 * power of two), pa and device OIDs from the range and the index. */
#include <kernel/pagehdr.h>

/* Same on every port: only fixed-size fields, naturally aligned. */
_Static_assert(sizeof(struct page_header) == 16, "page_header size");
_Static_assert(sizeof(struct page_header_dev) == 8, "page_header_dev size");

static const char *const page_type_names[PT_TYPE_COUNT] = {
	[PT_FREE] = "free",
	[PT_IMAGE] = "image",
	[PT_BOOT] = "boot",
	[PT_HEAP] = "heap",
	[PT_HDR] = "hdr",
	[PT_RESERVE] = "reserve",
	[PT_DEVICE] = "device",
	[PT_OBJ_PAGE] = "page",
	[PT_OBJ_CAPPAGE] = "cappage",
	[PT_OBJ_PROCESS] = "process",
	[PT_OBJ_ENDPOINT] = "endpoint",
	[PT_OBJ_TABLE] = "table",
	[PT_OBJ_GRANT] = "grant",
	[PT_HELD] = "held",
};

const char *page_type_name(unsigned type)
{
	return type < PT_TYPE_COUNT ? page_type_names[type] : "?";
}

void pagehdr_init_range(struct range *r, unsigned type)
{
	for (uint64_t i = 0; i < r->frames; i++) {
		struct page_common *h = pagehdr_at(r, i);

		h->alloc_count = 0;
		h->range_id = r->id;
		h->type = (uint8_t)type;
		h->lock = 0;
		if (r->layout == PAGEHDR_LAYOUT_RAM) {
			struct page_header *p = (struct page_header *)h;

			p->oid_lo = 0;
			p->oid_hi = 0;
			p->ot_index = PAGEHDR_OT_NONE;
		}
	}
}

struct page_common *pagehdr_of_pfn_far(uint32_t pfn_hi, uint32_t pfn)
{
	pa_t pa = ((pa_t)pfn_hi << 32 | pfn) << PAGE_SHIFT;
	/* range_peek: the fastpath's range_last stays as it was. */
	struct range *r = range_peek(pa);

	if (!r)
		return NULL;
	if (!pfn_hi)
		range_cache_fill(r, pfn);
	return pagehdr_at(r, (pa - r->base) >> PAGE_SHIFT);
}

struct range *pagehdr_range(const struct page_common *h)
{
	return range_get(h->range_id);
}

oid_t pagehdr_oid(const struct page_common *h)
{
	const struct page_header *p = pagehdr_ram(h);
	const struct range *r;

	if (p)
		return (oid_t)p->oid_hi << 32 | p->oid_lo;
	r = pagehdr_home(h);
	return r->base_oid + pagehdr_index(h);
}

enum err pagehdr_set_oid(struct page_common *h, oid_t oid)
{
	struct page_header *p = pagehdr_ram(h);

	if (!p)
		return ERR_INVAL;
	if (oid > OID_MAX)
		return ERR_RANGE;
	p->oid_lo = (uint32_t)oid;
	p->oid_hi = (uint16_t)(oid >> 32);
	return ERR_OK;
}

void pagehdr_bump_alloc_count(struct page_common *h)
{
	h->alloc_count++;
}

void pagehdr_raise_alloc_count(struct page_common *h, uint32_t floor)
{
	if (h->alloc_count + 1 < floor)
		h->alloc_count = floor;
	else
		h->alloc_count++;
}

void pagehdr_set_type(struct page_common *h, unsigned type)
{
	h->type = (uint8_t)type;
}

unsigned pagehdr_ot_index(const struct page_common *h)
{
	const struct page_header *p = pagehdr_ram(h);

	return p ? p->ot_index : PAGEHDR_OT_NONE;
}

enum err pagehdr_set_ot_index(struct page_common *h, unsigned ot_index)
{
	struct page_header *p = pagehdr_ram(h);

	if (!p)
		return ERR_INVAL;
	if (ot_index > PAGEHDR_OT_NONE)
		return ERR_RANGE;
	p->ot_index = (uint16_t)ot_index;
	return ERR_OK;
}

bool pagehdr_trylock(struct page_common *h)
{
	/* test-and-set: one instruction on i386 (xchg) and ColdFire (tas.b). */
	return !__atomic_test_and_set(&h->lock, __ATOMIC_ACQUIRE);
}

void pagehdr_unlock(struct page_common *h)
{
	__atomic_clear(&h->lock, __ATOMIC_RELEASE);
}

bool pagehdr_locked(const struct page_common *h)
{
	return __atomic_load_n(&h->lock, __ATOMIC_RELAXED) != 0;
}
