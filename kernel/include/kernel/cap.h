/* Capabilities (doc/objects.md, "Capabilities").
 *
 * A capability is 16 bytes: a type, rights, the frame number and slot of
 * the object it names and the version it was minted at. The frame's page
 * header (found through the resource tree) holds what the frame is (page
 * type, object kind). A whole-frame object (Page, CapPage, device frames)
 * is slot 0 and its version is the header's alloc_count; an object packed in
 * a pot (Process, Endpoint) has its own version in its slot (pot.h). Either
 * way, destroying the object, or removing the range the frame belongs to,
 * moves the version and makes every capability to it stale at once, with
 * no list of copies.
 *
 * Service capabilities (Console, Sleep, MemInfo, Range) name no frame. */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <arroyo/abi.h>
#include <kernel/objmem.h>
#include <kernel/pagehdr.h>
#include <kernel/pot.h>

struct cap {
	uint8_t type; /* enum cap_type; CT_NULL = an empty slot */
	uint8_t rights; /* enum cap_right: CR_ALL bits held, CR_WEAK when weak */
	uint8_t pfn_hi; /* object frame number, bits 32..39 */
	uint8_t slot; /* the object's slot in its frame: 0 for whole-frame objects */
	uint32_t pfn; /* object frame number, bits 0..31 */
	uint32_t version; /* the object's version (pot slot, or frame alloc_count) at minting */
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

/* The types that name an object in a frame (and so are version-checked):
 * those cap_type_pts (capability.c) gives page types (tests/unit's
 * cap_types_with_object checks the two agree). Every other type is a
 * service or CT_NULL. */
#define CAP_TYPES_WITH_OBJECT                                                            \
	(1u << CT_DEVICE_RANGE | 1u << CT_PROCESS | 1u << CT_REPLY | 1u << CT_ENDPOINT | \
	 1u << CT_PAGE | 1u << CT_CAPPAGE | 1u << CT_PAGETABLE | 1u << CT_GRANT_FRAME)

/* Whether a type names an object in a frame: one test, inline, as the
 * dispatcher asks it on every invocation. */
static inline bool cap_type_has_object(unsigned type)
{
	return type < CT_COUNT && (CAP_TYPES_WITH_OBJECT >> type & 1u);
}
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

/* A live object as the kernel reaches it: its frame's header, its slot and
 * its kernel address (NULL for a frame without one: a Page above the direct
 * map, a device frame). */
struct obj_ref {
	struct page_common *h;
	void *kva;
	unsigned slot;
};

/* Field by field (a struct assignment becomes `rep stos` on i386), and
 * always inline: the fastpath clears on its short path, where a call costs
 * more than the stores. */
static inline __attribute__((always_inline)) void cap_clear(struct cap *c)
{
	c->type = CT_NULL;
	c->rights = 0;
	c->pfn_hi = 0;
	c->slot = 0;
	c->pfn = 0;
	c->version = 0;
	c->badge = 0;
}
/* A capability to the object in slot `slot` of frame pa at `version`: for a
 * caller that knows all three (Range, which just made the object). */
static inline void cap_mint_at(struct cap *c, unsigned type, unsigned rights, pa_t pa,
			       unsigned slot, uint32_t version)
{
	pfn_t pfn = pa >> PAGE_SHIFT;

	c->type = (uint8_t)type;
	c->rights = (uint8_t)(rights & CAP_RIGHTS_VALID);
	c->pfn_hi = (uint8_t)(pfn >> 32);
	c->slot = (uint8_t)slot;
	c->pfn = (uint32_t)pfn;
	c->version = version;
	c->badge = 0;
}
/* A capability to the object r, at its current version. */
void cap_mint(struct cap *c, unsigned type, unsigned rights, const struct obj_ref *r);
/* A capability to the whole-frame object in frame h (Page, CapPage, device
 * frames), at h's current alloc_count. */
void cap_mint_object(struct cap *c, unsigned type, unsigned rights, const struct page_common *h);
/* A service capability (no object). */
void cap_mint_service(struct cap *c, unsigned type, unsigned rights);

/* The one step from a capability to its object: INV_OK (and *r; r->h NULL
 * for services), INV_ERR_CAP_EMPTY, or INV_ERR_CAP_STALE when the object's
 * version moved (destroyed, its slot freed or reused), its range left, the
 * frame no longer holds an object of the capability's type, or the slot is
 * past the frame's capacity. */
enum inv_err cap_resolve(const struct cap *c, struct obj_ref *r);

/* The fastpath's step from a capability to a packed object (a Process or an
 * Endpoint, pt PT_OBJ_PROCESS or PT_OBJ_ENDPOINT): the slot's kernel address
 * when c names a live object of a pot of that type at its version, else
 * NULL; the same answer as cap_resolve. Inline for the range found last
 * (almost always the one), cap_object_lookup else. */
void *cap_object_lookup(const struct cap *c, unsigned pt);
static inline __attribute__((always_inline)) void *cap_object(const struct cap *c, unsigned pt)
{
	unsigned shift = pt == PT_OBJ_PROCESS ? POT_PROCESS_SHIFT : POT_ENDPOINT_SHIFT;
	uint32_t i = c->pfn - range_hint.pfn0;
	const struct page_common *h;
	const struct pot_head *o;

	if (c->pfn_hi || i >= range_hint.frames)
		return cap_object_lookup(c, pt);
	h = (const struct page_common *)((uintptr_t)range_hint.r->hdrs +
					 ((uintptr_t)i << range_hint.r->hdr_shift));
	/* A capability is only ever minted at a live (odd) version, which no
	 * free slot holds: equal versions mean a live object. */
	if (pagehdr_type(h) != pt || c->slot >= (PAGE_SIZE >> shift))
		return NULL;
	o = (const struct pot_head *)((uintptr_t)objmem_kva((pa_t)c->pfn << PAGE_SHIFT) +
				      ((uintptr_t)c->slot << shift));
	return o->version == c->version ? (void *)(uintptr_t)o : NULL;
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
