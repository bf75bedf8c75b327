/* Client stubs of the space bank protocol (user/include/arroyo/bank.h, doc/spacebank.md). */
#include <arroyo/bank.h>

static int bank_call(unsigned bank, struct msg *m, unsigned dst)
{
	int e = invoke(bank, EP_OP_CALL, CAP_NONE, dst, 0, m);

	return e ? BANK_ERR_IPC | e : (int)m->w[0];
}

/* The same for a request of four words, set here: a short call sends and
 * receives words 0-3 only, so the rest of m need not be cleared. */
static int bank_call4(unsigned bank, uint32_t w0, uint32_t w1, uint64_t w23, unsigned dst,
		      struct msg *m)
{
	m->w[0] = w0;
	m->w[1] = w1;
	msg_put_u64(&m->w[2], w23);
	return bank_call(bank, m, dst);
}

int bank_tables(unsigned bank, unsigned proc, uint32_t va, uint32_t *given)
{
	struct msg m = { { BANK_OP_TABLES, va }, 0 };
	int e = ep_call(bank, &m, proc, CAP_NONE);

	if (e)
		return BANK_ERR_IPC | e;
	if (given)
		*given = m.w[1];
	return (int)m.w[0];
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
	struct msg m = { { BANK_OP_ROOT }, 0 };

	return bank_call(boot, &m, dst);
}

int bank_alloc_in(unsigned bank, unsigned type, unsigned pool, unsigned dst, uint64_t *pa)
{
	struct msg m;
	int e = bank_call4(bank, BANK_OP_ALLOC, type | (pool == POOL_ANY ? 0 : BANK_POOL(pool)), 0,
			   dst, &m);

	if (!e && pa)
		*pa = msg_u64(&m.w[1]);
	return e;
}

/* The caller's current pool, asked each time: another holder of its Process
 * capability may have changed it. */
int bank_alloc(unsigned bank, unsigned type, unsigned dst, uint64_t *pa)
{
	unsigned pool = POOL_ANY;

	process_pool_get(CAP_SELF, &pool);
	return bank_alloc_in(bank, type, pool, dst, pa);
}

int bank_alloc_page_from(unsigned bank, uint64_t from, unsigned dst, uint64_t *pa)
{
	struct msg m;
	int e = bank_call4(bank, BANK_OP_ALLOC, CT_PAGE, from, dst, &m);

	if (!e && pa)
		*pa = msg_u64(&m.w[1]);
	return e;
}

/* FREE's words: w1/w2 the address, w3 the flags. */
static int bank_free_with(unsigned bank, uint64_t pa, uint32_t flags)
{
	struct msg m;

	m.w[0] = BANK_OP_FREE;
	msg_put_u64(&m.w[1], pa);
	m.w[3] = flags;
	return bank_call(bank, &m, CAP_NONE);
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
	struct msg m = { { BANK_OP_CHILD }, 0 };

	return bank_call(bank, &m, dst);
}

int bank_destroy(unsigned bank)
{
	struct msg m = { { BANK_OP_DESTROY }, 0 };

	return bank_call(bank, &m, CAP_NONE);
}

int bank_set_limit(unsigned bank, unsigned kind, uint32_t limit)
{
	struct msg m = { { BANK_OP_SET_LIMIT, kind, limit }, 0 };

	return bank_call(bank, &m, CAP_NONE);
}

int bank_query(unsigned bank, unsigned kind, uint32_t *limit, uint32_t *used)
{
	struct msg m = { { BANK_OP_QUERY, kind }, 0 };
	int e = bank_call(bank, &m, CAP_NONE);

	if (!e && limit)
		*limit = m.w[1];
	if (!e && used)
		*used = m.w[2];
	return e;
}

int bank_restrict(unsigned bank, uint32_t bits, unsigned dst)
{
	struct msg m = { { BANK_OP_RESTRICT, bits }, 0 };

	return bank_call(bank, &m, dst);
}

int bank_budget(unsigned bank, uint32_t i, uint32_t *kind, uint32_t *frames, uint32_t *count)
{
	struct msg m = { { BANK_OP_BUDGET, i }, 0 };
	int e = bank_call(bank, &m, CAP_NONE);

	if (count)
		*count = m.w[3];
	if (!e && kind)
		*kind = m.w[1];
	if (!e && frames)
		*frames = m.w[2];
	return e;
}

int bank_device_page(unsigned bank, uint32_t dev, uint32_t frame, unsigned dst)
{
	struct msg m = { { BANK_OP_DEVICE_PAGE, dev, frame }, 0 };

	return bank_call(bank, &m, dst);
}

const char *bank_err_name(int err)
{
	static const char *const names[] = { "ok",	  "op",	 "restricted", "limit",
					     "no-frames", "arg", "gone",       "full" };

	if (err & BANK_ERR_IPC)
		return inv_err_name(err & 0xff);
	return err >= 0 && err < (int)(sizeof names / sizeof names[0]) ? names[err] : "?";
}
