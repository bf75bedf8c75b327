/* Client stubs of the space bank protocol (user/include/arroyo/bank.h, doc/spacebank.md). */
#include <arroyo/bank.h>
#include <arroyo/invoke_inline.h>

/* Every request is short: words 0-3 go and come back in registers (an
 * inlined invocation), and the answer's w0 is the bank's error. */
static inline int bank_call(unsigned bank, unsigned send, unsigned dst, uint32_t w[MSG_REG_WORDS])
{
	int e = invoke_inline(INV_HEADER(bank, EP_OP_CALL, send, dst), 0, w, NULL);

	return e ? BANK_ERR_IPC | e : (int)w[0];
}

/* A request of w0 alone. */
static int bank_call1(unsigned bank, uint32_t w0, unsigned dst)
{
	uint32_t w[MSG_REG_WORDS] = { w0 };

	return bank_call(bank, CAP_NONE, dst, w);
}

int bank_tables(unsigned bank, unsigned proc, uint32_t va, uint32_t *given)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_TABLES, va };
	int e = bank_call(bank, proc, CAP_NONE, w);

	if (!(e & BANK_ERR_IPC) && given)
		*given = w[1];
	return e;
}

int bank_process_map(unsigned bank, unsigned proc, unsigned page, uint32_t va, uint32_t drop,
		     uint32_t *addr)
{
	int e = bank_tables(bank, proc, va, NULL);

	if (e)
		return e;
	e = process_map(proc, page, va, drop, addr);
	return e ? BANK_ERR_IPC | e : BANK_OK;
}

int bank_root(unsigned boot, unsigned dst)
{
	return bank_call1(boot, BANK_OP_ROOT, dst);
}

/* An allocation's request: w1 the type and pool, w2/w3 the lowest pa. */
static inline int bank_alloc_call(unsigned bank, uint32_t w1, uint64_t from, unsigned dst,
				  uint64_t *pa)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_ALLOC, w1, MSG_U64(from) };
	int e = bank_call(bank, CAP_NONE, dst, w);

	if (!e && pa)
		*pa = msg_u64(&w[1]);
	return e;
}

/* ALLOC's w1: the type, and the pool unless any. */
static inline uint32_t bank_type_pool(unsigned type, unsigned pool)
{
	return type | (pool == POOL_ANY ? 0 : BANK_POOL(pool));
}

int bank_alloc_in(unsigned bank, unsigned type, unsigned pool, unsigned dst, uint64_t *pa)
{
	return bank_alloc_call(bank, bank_type_pool(type, pool), 0, dst, pa);
}

/* The caller's current pool is the one the kernel stamps in the call's
 * badge when it delivers it (BANK_POOL_CALLER): another holder of its
 * Process capability may change it at any time, so it is never asked or
 * kept here. */
int bank_alloc(unsigned bank, unsigned type, unsigned dst, uint64_t *pa)
{
	return bank_alloc_call(bank, type | BANK_POOL_CALLER, 0, dst, pa);
}

int bank_alloc_page_from(unsigned bank, uint64_t from, unsigned dst, uint64_t *pa)
{
	return bank_alloc_call(bank, CT_PAGE, from, dst, pa);
}

/* FREE's words: w1/w2 the address, w3 the flags. */
static inline int bank_free_with(unsigned bank, uint64_t pa, uint32_t flags)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_FREE, MSG_U64(pa), flags };

	return bank_call(bank, CAP_NONE, CAP_NONE, w);
}

int bank_free(unsigned bank, uint64_t pa)
{
	return bank_free_with(bank, pa, 0);
}

int bank_free_scrub(unsigned bank, uint64_t pa)
{
	return bank_free_with(bank, pa, BANK_FREE_SCRUB);
}

int bank_child(unsigned bank, unsigned dst)
{
	return bank_call1(bank, BANK_OP_CHILD, dst);
}

int bank_destroy(unsigned bank)
{
	return bank_call1(bank, BANK_OP_DESTROY, CAP_NONE);
}

int bank_set_limit(unsigned bank, unsigned kind, uint32_t limit)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_SET_LIMIT, kind, limit };

	return bank_call(bank, CAP_NONE, CAP_NONE, w);
}

int bank_query(unsigned bank, unsigned kind, uint32_t *limit, uint32_t *used)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_QUERY, kind };
	int e = bank_call(bank, CAP_NONE, CAP_NONE, w);

	if (!e && limit)
		*limit = w[1];
	if (!e && used)
		*used = w[2];
	return e;
}

int bank_restrict(unsigned bank, uint32_t bits, unsigned dst)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_RESTRICT, bits };

	return bank_call(bank, CAP_NONE, dst, w);
}

int bank_budget(unsigned bank, uint32_t i, uint32_t *kind, uint32_t *frames, uint32_t *count)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_BUDGET, i };
	int e = bank_call(bank, CAP_NONE, CAP_NONE, w);

	if (count)
		*count = w[3];
	if (!e && kind)
		*kind = w[1];
	if (!e && frames)
		*frames = w[2];
	return e;
}

int bank_device_page(unsigned bank, uint32_t dev, uint32_t frame, unsigned dst)
{
	uint32_t w[MSG_REG_WORDS] = { BANK_OP_DEVICE_PAGE, dev, frame };

	return bank_call(bank, CAP_NONE, dst, w);
}

const char *bank_err_name(int err)
{
	static const char *const names[] = { "ok",	  "op",	 "restricted", "limit",
					     "no-frames", "arg", "gone",       "full" };

	if (err & BANK_ERR_IPC)
		return inv_err_name(err & 0xff);
	return err >= 0 && err < (int)(sizeof names / sizeof names[0]) ? names[err] : "?";
}
