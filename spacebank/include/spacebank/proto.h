/* The space bank's protocol (doc/spacebank.md): what a client sends on a bank
 * capability, an Endpoint capability the bank minted with a badge that names
 * the bank and the operations the capability may not perform.
 *
 * Request: w0 = enum bank_op, w1..w3 by op. Reply: w0 = enum bank_err (the
 * invocation itself returns the kernel's inv_err), w1..w3 by op; an object or
 * a bank capability comes back in the caller's receive register. */
#ifndef SPACEBANK_PROTO_H
#define SPACEBANK_PROTO_H

enum bank_op {
	BANK_OP_ROOT = 1, /* bootstrap capability only: -> the root bank */
	BANK_OP_ALLOC = 2, /* w1 = CT_PAGE/CT_CAPPAGE/CT_PROCESS/CT_ENDPOINT/CT_GRANT_FRAME
			    * | BANK_POOL(id) or BANK_POOL_CALLER (neither: any pool),
			    * w2/w3 = 0, or for a page the lowest pa (rounded up to 16 MiB)
			    * -> cap, w1/w2 = pa, w3 = its pool */
	BANK_OP_FREE = 3, /* w1/w2 = pa of an object of this bank or a descendant,
			   * w3 = 0 or BANK_FREE_SCRUB */
	BANK_OP_CHILD = 4, /* -> a capability to a new child bank */
	BANK_OP_DESTROY = 5, /* destroys this bank and its descendants, and all they hold */
	BANK_OP_SET_LIMIT = 6, /* w1 = BANK_KIND_* or BANK_KIND_POOL(id), w2 = limit */
	BANK_OP_QUERY = 7, /* w1 = kind -> w1 = limit, w2 = used by this bank and descendants */
	BANK_OP_RESTRICT = 8, /* w1 = BANK_NO_* to add -> a restricted copy */
	BANK_OP_BUDGET =
		9, /* w1 = i -> w1 = kind, w2 = budget of the i-th event seen, w3 = count */
	BANK_OP_DEVICE_PAGE = 10, /* w1 = device (order published), w2 = frame -> Page cap */
	BANK_OP_TABLES = 11, /* send a Process this bank (or a descendant) made, w1 = va:
			      * charge this bank for the tables va needs and give them
			      * -> w1 = tables given */
};

/* Limits and usage are kept per kind: frames, and each object type by its
 * cap type number (CT_PAGE, ...); device pages count under CT_DEVICE_RANGE. */
#define BANK_KIND_FRAMES 0u
#define BANK_KINDS 16u
/* Frames of memory pool id (the kernel's pool ids, doc/pools.md): a quota per
 * pool, charged like the kinds. */
#define BANK_KIND_POOL(id) (0x100u + (id))
#define BANK_POOLS 16u /* POOL_MAX */
/* ALLOC's pool: w1 bits 8..15 hold id + 1; 0 is any pool. */
#define BANK_POOL(id) (((unsigned)(id) + 1u) << 8)
#define BANK_POOL_OF(w1) ((((w1) >> 8) & 0xffu) - 1u)
#define BANK_TYPE_OF(w1) ((w1)&0xffu)
/* ALLOC's pool is the caller's current one, as the kernel stamped it in the
 * badge (the bank's endpoint stamps: EP_OP_STAMP_POOL); its POOL_ANY is any
 * pool. With BANK_POOL(id) too, or on a message without a stamp: BANK_ERR_ARG. */
#define BANK_POOL_CALLER 0x10000u
#define BANK_UNLIMITED 0xffffffffu
/* FREE's w3: the page is zeroed before any further use, even by its own
 * bank (a page leaving a client's cache, user/lib/pagecache.c). */
#define BANK_FREE_SCRUB 0x1u

/* Restrictions, carried in the badge's low bits; they only accumulate. */
#define BANK_NO_ALLOC 0x1u /* ALLOC, CHILD, DEVICE_PAGE */
#define BANK_NO_FREE 0x2u /* FREE */
#define BANK_NO_DESTROY 0x4u /* DESTROY */
#define BANK_NO_LIMITS 0x8u /* SET_LIMIT */
#define BANK_BADGE_SHIFT 4 /* badge = bank id << 4 | restrictions; 0 = bootstrap */
/* The capability's own badge, without the kernel's stamp of the caller's
 * pool (BADGE_STAMP_MASK, bits 22-30): so a bank id stays below 2^18. */
#define BANK_BADGE_OWN(badge) ((badge) & ~BADGE_STAMP_MASK)
#define BANK_IDS (1u << (BADGE_POOL_SHIFT - BANK_BADGE_SHIFT))

enum bank_err {
	BANK_OK = 0,
	BANK_ERR_OP = 1, /* unknown operation, or not with this capability */
	BANK_ERR_RESTRICTED = 2, /* the capability's restrictions forbid it */
	BANK_ERR_LIMIT = 3, /* over the limit of this bank or an ancestor */
	BANK_ERR_NO_FRAMES = 4, /* the kernel has no frames for the bank */
	BANK_ERR_ARG = 5, /* bad kind, type, address or index */
	BANK_ERR_GONE = 6, /* the bank was destroyed */
	BANK_ERR_FULL = 7, /* the bank's own tables are full */
};

#endif
