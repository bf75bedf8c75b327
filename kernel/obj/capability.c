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

bool cap_type_has_object(unsigned type)
{
	switch (type) {
	case CT_DEVICE_RANGE:
	case CT_PROCESS:
	case CT_ENDPOINT:
	case CT_REPLY:
	case CT_PAGE:
	case CT_CAPPAGE:
	case CT_PAGETABLE:
	case CT_GRANT_FRAME:
		return true;
	default:
		return false;
	}
}

bool cap_type_matches(unsigned type, unsigned pt)
{
	switch (type) {
	case CT_DEVICE_RANGE:
		return pt == PT_DEVICE; /* names the range's first frame */
	case CT_PROCESS:
	case CT_REPLY: /* names the caller */
		return pt == PT_OBJ_PROCESS;
	case CT_ENDPOINT:
		return pt == PT_OBJ_ENDPOINT;
	case CT_PAGE:
		return pt == PT_OBJ_PAGE || pt == PT_DEVICE;
	case CT_CAPPAGE:
		return pt == PT_OBJ_CAPPAGE;
	case CT_PAGETABLE:
		return pt == PT_OBJ_TABLE;
	case CT_GRANT_FRAME:
		return pt == PT_OBJ_GRANT;
	default:
		return false;
	}
}

void cap_clear(struct cap *c)
{
	c->type = CT_NULL;
	c->rights = 0;
	c->pfn_hi = 0;
	c->slot = 0;
	c->pfn = 0;
	c->version = 0;
	c->badge = 0;
}

void cap_mint_object(struct cap *c, unsigned type, unsigned rights, const struct page_common *h)
{
	pfn_t pfn = pagehdr_pa(h) >> PAGE_SHIFT;

	cap_clear(c);
	c->type = (uint8_t)type;
	c->rights = (uint8_t)(rights & CAP_RIGHTS_VALID);
	c->pfn = (uint32_t)pfn;
	c->pfn_hi = (uint8_t)(pfn >> 32);
	c->version = pagehdr_alloc_count(h);
}

void cap_mint(struct cap *c, unsigned type, unsigned rights, const struct obj_ref *r)
{
	cap_mint_object(c, type, rights, r->h);
	c->slot = (uint8_t)r->slot;
	c->version = obj_version(r);
}

void cap_mint_service(struct cap *c, unsigned type, unsigned rights)
{
	cap_clear(c);
	c->type = (uint8_t)type;
	c->rights = (uint8_t)(rights & CAP_RIGHTS_VALID);
}

enum inv_err cap_resolve(const struct cap *c, struct obj_ref *r)
{
	struct page_common *hdr;
	unsigned ot;

	r->h = NULL;
	r->kva = NULL;
	r->slot = 0;
	if (cap_is_empty(c))
		return INV_ERR_CAP_EMPTY;
	if (!cap_type_has_object(c->type))
		return INV_OK;
	hdr = pagehdr_of_pa(cap_pa(c));
	if (!hdr || !cap_type_matches(c->type, pagehdr_type(hdr)))
		return INV_ERR_CAP_STALE;
	ot = obj_kind_of_type(pagehdr_type(hdr));
	if (pot_packed(ot)) {
		/* Only direct-mapped frames hold pots (obj_type_needs_kva). */
		void *frame = obj_kva(hdr);

		if (!pot_match(frame, ot, c->slot, c->version))
			return INV_ERR_CAP_STALE;
		r->kva = pot_slot(frame, ot, c->slot);
	} else {
		if (c->slot || pagehdr_alloc_count(hdr) != c->version)
			return INV_ERR_CAP_STALE;
		r->kva = obj_type_needs_kva(pagehdr_type(hdr)) ? obj_kva(hdr) : NULL;
	}
	r->h = hdr;
	r->slot = c->slot;
	return INV_OK;
}

void *cap_object_lookup(const struct cap *c, unsigned pt)
{
	struct obj_ref r;

	if (cap_resolve(c, &r) != INV_OK || !r.h || pagehdr_type(r.h) != pt)
		return NULL;
	return r.kva;
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
