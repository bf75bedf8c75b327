/* The space bank (doc/spacebank.md): binds the kernel's budget channel to its
 * endpoint and serves clients and the kernel from one receive loop. A client
 * names a bank through the badge of its capability (id << 4 | restrictions);
 * badge 0 is the bootstrap capability the image gives init. The endpoint
 * stamps each client's current pool in the badge's high bits
 * (EP_OP_STAMP_POOL): BANK_BADGE_OWN is the capability's part. */
#include "bank.h"

#include <arroyo/invoke_inline.h>

/* A bank capability may only call the bank: without the read right no client
 * can receive on the bank's endpoint and take others' requests or events. */
static int serve_mint(const struct bank *b, uint32_t restrict_bits)
{
	cap_delete(BANK_R_OUT);
	if (ep_mint(BANK_R_EP, BANK_R_OUT, b->id << BANK_BADGE_SHIFT | restrict_bits) ||
	    cap_restrict(BANK_R_OUT, BANK_R_OUT, CR_READ))
		return BANK_ERR_FULL;
	return BANK_OK;
}

static const uint32_t serve_needs[] = {
	[BANK_OP_ALLOC] = BANK_NO_ALLOC,       [BANK_OP_CHILD] = BANK_NO_ALLOC,
	[BANK_OP_DEVICE_PAGE] = BANK_NO_ALLOC, [BANK_OP_FREE] = BANK_NO_FREE,
	[BANK_OP_TABLES] = BANK_NO_ALLOC,      [BANK_OP_DESTROY] = BANK_NO_DESTROY,
	[BANK_OP_SET_LIMIT] = BANK_NO_LIMITS,
};

/* ALLOC's pool of w1 for a message with badge: named (BANK_POOL), any, or
 * the caller's as the kernel stamped it (BANK_POOL_CALLER). */
static int serve_pool(uint32_t w1, uint32_t badge, unsigned *pool)
{
	*pool = BANK_POOL_OF(w1) & 0xffu;
	if (!(w1 & BANK_POOL_CALLER))
		return BANK_OK;
	if (*pool != POOL_ANY || !(badge & BADGE_STAMPED))
		return BANK_ERR_ARG; /* a pool named twice, or no stamp to read */
	*pool = BADGE_POOL_OF(badge);
	return BANK_OK;
}

/* Handles one request; m->w become the reply words. */
static void serve(struct msg *m)
{
	uint32_t op = m->w[0], own = BANK_BADGE_OWN(m->badge),
		 bits = own & ((1u << BANK_BADGE_SHIFT) - 1);
	struct bank *b = own ? tree_find(own >> BANK_BADGE_SHIFT) : NULL;
	struct bank *child;
	uint64_t pa;
	unsigned pool;
	int e;

	if (!own) /* the bootstrap capability */
		e = op == BANK_OP_ROOT ? serve_mint(&bank_table[0], 0) : BANK_ERR_OP;
	else if (!b)
		e = BANK_ERR_GONE;
	else if (op < sizeof serve_needs / sizeof serve_needs[0] && (serve_needs[op] & bits))
		e = BANK_ERR_RESTRICTED;
	else
		switch (op) {
		case BANK_OP_ALLOC:
			e = serve_pool(m->w[1], m->badge, &pool);
			if (!e)
				e = objects_alloc_in(b, BANK_TYPE_OF(m->w[1]), msg_u64(&m->w[2]),
						     pool, &pa, &pool);
			msg_put_u64(&m->w[1], e ? 0 : pa);
			m->w[3] = e ? 0 : pool;
			break;
		case BANK_OP_FREE:
			e = m->w[3] & ~BANK_FREE_SCRUB
				    ? BANK_ERR_ARG
				    : objects_free(b, msg_u64(&m->w[1]), m->w[3] & BANK_FREE_SCRUB);
			break;
		case BANK_OP_CHILD:
			e = tree_child(b, &child);
			if (!e)
				e = serve_mint(child, 0);
			break;
		case BANK_OP_DESTROY:
			e = b == &bank_table[0] ? BANK_ERR_OP : BANK_OK;
			if (!e)
				tree_destroy(b);
			break;
		case BANK_OP_SET_LIMIT:
			e = m->w[1] >= BANK_KIND_POOL(0)
				    ? pools_set_limit(b, m->w[1] - BANK_KIND_POOL(0), m->w[2])
				    : tree_set_limit(b, m->w[1], m->w[2]);
			break;
		case BANK_OP_QUERY:
			if (m->w[1] >= BANK_KIND_POOL(0)) {
				e = pools_query(b, m->w[1] - BANK_KIND_POOL(0), &m->w[1], &m->w[2]);
				break;
			}
			e = m->w[1] < BANK_KINDS ? BANK_OK : BANK_ERR_ARG;
			if (!e) {
				m->w[2] = b->used[m->w[1]];
				m->w[1] = b->limit[m->w[1]];
			}
			break;
		case BANK_OP_RESTRICT:
			e = serve_mint(b, (bits | m->w[1]) & ((1u << BANK_BADGE_SHIFT) - 1));
			break;
		case BANK_OP_BUDGET:
			e = budget_log(m->w[1], &m->w[1], &m->w[2], &m->w[3]);
			break;
		case BANK_OP_DEVICE_PAGE:
			e = devices_page(b, m->w[1], m->w[2]);
			break;
		case BANK_OP_TABLES:
			e = tables_give(b, BANK_R_IN, m->w[1], &m->w[1]);
			break;
		default:
			e = BANK_ERR_OP;
		}
	m->w[0] = (uint32_t)e;
}

/* Whether a successful answer to op carries the capability serve left in
 * BANK_R_OUT (every op that makes one fills it, and only on BANK_OK). */
static int serve_gives_cap(uint32_t op)
{
	return op == BANK_OP_ROOT || op == BANK_OP_ALLOC || op == BANK_OP_CHILD ||
	       op == BANK_OP_RESTRICT || op == BANK_OP_DEVICE_PAGE;
}

/* The short paths (page.c) of a client's request in w, when its capability
 * allows the request: w becomes the reply, *send what it carries or the
 * Range its answer uses (a). 0: the general path serves it (serve),
 * nothing was done. */
static int serve_short(uint32_t w[MSG_REG_WORDS], uint32_t badge, unsigned *send,
		       struct page_answer *a)
{
	uint32_t bits = badge & ((1u << BANK_BADGE_SHIFT) - 1);
	struct bank *b;
	uint64_t addr;
	unsigned pool, type;
	int e;

	if (w[0] == BANK_OP_ALLOC) {
		/* w1 the type alone, or with BANK_POOL_CALLER and the caller's
		 * pool stamped as none (every stamp bit set: BADGE_STAMPED and
		 * POOL_ANY): any pool */
		_Static_assert(POOL_ANY == 0xffu, "a stamped POOL_ANY fills the mask");
		type = w[1] &
		       ~((badge & BADGE_STAMP_MASK) == BADGE_STAMP_MASK ? BANK_POOL_CALLER : 0);
		if (!page_type(type) || w[2] || w[3] || (bits & BANK_NO_ALLOC) ||
		    !(b = tree_find(BANK_BADGE_OWN(badge) >> BANK_BADGE_SHIFT)) ||
		    (e = page_alloc(b, type, &addr, &pool, a)) == PAGE_GENERAL)
			return 0;
		w[0] = (uint32_t)e;
		msg_put_u64(&w[1], e ? 0 : addr);
		w[3] = e ? 0 : pool;
		*send = e ? CAP_NONE : a->flags ? BANK_R_RANGE : BANK_R_OUT;
		return 1;
	}
	if (w[0] == BANK_OP_FREE) {
		if ((w[3] & ~BANK_FREE_SCRUB) || (bits & BANK_NO_FREE) ||
		    !(b = tree_find(BANK_BADGE_OWN(badge) >> BANK_BADGE_SHIFT)) ||
		    (e = page_free(b, w[1], w[2], w[3] & BANK_FREE_SCRUB, a)) == PAGE_GENERAL)
			return 0;
		w[0] = (uint32_t)e; /* w1/w2: the address, for a Page the answer destroys */
		w[3] = 0;
		*send = a->flags ? BANK_R_RANGE : CAP_NONE;
		return 1;
	}
	return 0;
}

/* The loop answers each call and waits for the next one in one kernel entry
 * (EP_OP_REPLY_RECV, inlined: arroyo/invoke_inline.h). BANK_R_IN is empty
 * before every receive, so what it holds after one came with that message: a
 * receive into a full register fails with `slot` before the reply is sent,
 * and the loop empties it and tries again, with the reply still in reply[]
 * (the message comes back in registers, apart). A capability the reply
 * carries (BANK_R_OUT) is moved (INV_F_MOVE), so BANK_R_OUT is empty again
 * without a cap_delete; only a reply that could not go (its caller gone)
 * leaves it to be deleted. A Page's ALLOC and FREE are answered with the
 * Range call in the answer (struct page_answer): the Page made into the
 * caller's register, or destroyed before the answer goes. The one error a
 * ReplyRecv returns after its answer went is the bank's own endpoint
 * destroyed, after which it serves nothing. */
int main(void)
{
	const uint32_t recv = INV_HEADER(BANK_R_EP, EP_OP_RECV, CAP_NONE, BANK_R_IN);
	uint32_t reply[MSG_REG_WORDS] = { 0 }, header = recv, flags = 0;
	unsigned type, send = CAP_NONE;
	struct page_answer answer = { 0 };
	struct msg m;
	uint32_t op;
	int bound = 0;

	tree_init();
	if (ep_stamp_pool(BANK_R_EP, 1) != INV_OK) /* BANK_POOL_CALLER then fails */
		printf("bank: the endpoint does not stamp callers' pools\n");
	for (;;) {
		uint32_t w[MSG_REG_WORDS] = { reply[0], reply[1], reply[2], reply[3] }, badge;
		int e = invoke_inline(header, flags, w, &badge);

		if (e) {
			if (e == INV_ERR_SLOT) { /* the last message brought a capability */
				cap_delete(BANK_R_IN);
				continue;
			}
			header = recv; /* the reply's caller is gone, or the receive failed */
			flags = 0;
			if (answer.flags) {
				/* Nothing of the answer happened: the request's own
				 * answer, unless its caller is gone. */
				reply[0] = (uint32_t)page_answer_failed(&answer);
				reply[1] = reply[2] = reply[3] = 0;
				if (e != INV_ERR_CAP_STALE)
					header = INV_HEADER(BANK_R_EP, EP_OP_REPLY_RECV, CAP_NONE,
							    BANK_R_IN);
			} else if (send != CAP_NONE) {
				cap_delete(BANK_R_OUT); /* not moved: the reply did not go */
			}
			send = CAP_NONE;
			continue;
		}
		send = CAP_NONE; /* the reply went */
		if (answer.flags)
			page_answer_went(&answer);
		if (!bound || badge == BUDGET_BADGE || !BANK_BADGE_OWN(badge) ||
		    !serve_short(w, badge, &send, &answer)) {
			page_settle();
			for (unsigned i = 0; i < MSG_REG_WORDS; i++)
				m.w[i] = w[i];
			m.badge = badge;
			/* init hands over Range and Budget before its first call. */
			if (!bound && cap_identify(BANK_R_BUDGET, &type, NULL) == INV_OK) {
				struct msg b = { { 0 }, 0 };

				bound = invoke(BANK_R_BUDGET, BUDGET_OP_BIND, BANK_R_EP, CAP_NONE,
					       0, &b) == INV_OK;
				printf("bank: serving; budget channel %s\n",
				       bound ? "bound" : "refused");
				if (pools_load() != BANK_OK)
					printf("bank: the kernel's pools could not be read\n");
			}
			if (badge == BUDGET_BADGE) {
				budget_handle(&m);
				header = recv;
				flags = 0;
				continue;
			}
			op = BANK_BADGE_OWN(badge) ? w[0] : BANK_OP_ROOT;
			serve(&m);
			/* A capability goes back only with success and only one the bank made. */
			send = m.w[0] == BANK_OK && serve_gives_cap(op) ? BANK_R_OUT : CAP_NONE;
			for (unsigned i = 0; i < MSG_REG_WORDS; i++)
				w[i] = m.w[i];
		}
		for (unsigned i = 0; i < MSG_REG_WORDS; i++)
			reply[i] = w[i];
		header = INV_HEADER(BANK_R_EP, EP_OP_REPLY_RECV, send, BANK_R_IN);
		flags = answer.flags ? answer.flags : send != CAP_NONE ? INV_F_MOVE : 0;
	}
}
