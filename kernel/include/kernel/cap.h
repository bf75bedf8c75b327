/* Capabilities (doc/objects.md, "Capabilities").
 *
 * A capability is 16 bytes: a type, rights, the frame number of the object
 * it names and the version it was minted at. Objects live one per frame;
 * the frame's page header (found through the resource tree) holds the
 * object's page type and its alloc_count, and a capability is valid only
 * while the header's alloc_count equals its version. Destroying an object,
 * or removing the device range its frame belongs to, bumps alloc_count and
 * so makes every capability to it stale at once, with no list of copies.
 *
 * Service capabilities (Console, Sleep, MemInfo, Range) name no frame. */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <arroyo/abi.h>
#include <kernel/objmem.h>
#include <kernel/pagehdr.h>

struct cap {
	uint8_t type; /* enum cap_type; CT_NULL = an empty slot */
	uint8_t rights; /* enum cap_right: CR_ALL bits held, CR_WEAK when weak */
	uint8_t pfn_hi; /* object frame number, bits 32..39 */
	uint8_t spare; /* zero */
	uint32_t pfn; /* object frame number, bits 0..31 */
	uint32_t version; /* the frame's alloc_count when the capability was minted */
	uint32_t badge; /* Endpoint: badge; Reply: the call's sequence number */
};

_Static_assert(sizeof(struct cap) == 16, "struct cap is 16 bytes");
/* Only fixed-size fields in natural order: the same 16 bytes on every port,
 * ColdFire's 2-byte alignment of int included. */
_Static_assert(offsetof(struct cap, pfn) == 4 && offsetof(struct cap, badge) == 12,
	       "struct cap layout");

#define CAP_RIGHTS_VALID (CR_ALL | CR_WEAK)
/* Capability slots in a CapPage: one frame of them. */
#define CAPPAGE_SLOTS (PAGE_SIZE / sizeof(struct cap))

/* Whether a type names an object in a frame (and so is version-checked). */
bool cap_type_has_object(unsigned type);
/* Whether page type pt may back a capability of type `type`. */
bool cap_type_matches(unsigned type, unsigned pt);

static inline pa_t cap_pa(const struct cap *c)
{
	return ((pa_t)c->pfn_hi << 32 | c->pfn) << PAGE_SHIFT;
}

static inline bool cap_is_empty(const struct cap *c)
{
	return c->type == CT_NULL;
}

void cap_clear(struct cap *c);
/* A capability to the object in frame h, at h's current version. */
void cap_mint_object(struct cap *c, unsigned type, unsigned rights, const struct page_common *h);
/* A service capability (no object). */
void cap_mint_service(struct cap *c, unsigned type, unsigned rights);

/* Checks c against its object's frame: INV_OK (and *h, NULL for services),
 * INV_ERR_CAP_EMPTY, or INV_ERR_CAP_STALE when the frame's alloc_count moved,
 * its range left, or it no longer holds an object of the capability's type. */
enum inv_err cap_resolve(const struct cap *c, struct page_common **h);
/* The one step from a capability to its object (the fastpath's): the
 * object's kernel address when c names a live frame of page type pt (its
 * version current), else NULL. Only for types that live in the direct map.
 * Inline for the range found last (almost always the one), cap.c else. */
void *cap_object_lookup(const struct cap *c, unsigned pt);
static inline __attribute__((always_inline)) void *cap_object(const struct cap *c, unsigned pt)
{
	uint32_t i = c->pfn - range_hint.pfn0;
	const struct page_common *h;

	if (c->pfn_hi || i >= range_hint.frames)
		return cap_object_lookup(c, pt);
	h = (const struct page_common *)((uintptr_t)range_hint.r->hdrs +
					 ((uintptr_t)i << range_hint.r->hdr_shift));
	if (pagehdr_alloc_count(h) != c->version || pagehdr_type(h) != pt)
		return NULL;
	return objmem_kva((pa_t)c->pfn << PAGE_SHIFT);
}

/* Restrict: dst = src less the rights in `remove` (CR_ALL bits); CR_WEAK in
 * `remove` makes the result weak (and so read-only). Rights never grow.
 * INV_ERR_ARG for bits outside CAP_RIGHTS_VALID. */
enum inv_err cap_restrict(struct cap *dst, const struct cap *src, uint32_t remove);
/* What a capability fetched through a weak one becomes: weak and read-only. */
void cap_weaken(struct cap *c);
bool cap_has(const struct cap *c, unsigned rights);
/* A CapPage may be shared, so putting a capability into one hands it on:
 * only an empty slot value or a capability with CR_GRANT may go there. A
 * Reply (rights 0) never does (doc/security.md). */
bool cap_may_enter_cappage(const struct cap *c);

/* Human-readable type name ("endpoint"), for messages and tests. */
const char *cap_type_name(unsigned type);

#endif
