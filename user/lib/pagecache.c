/* The client's page cache (user/include/arroyo/pagecache.h): Pages from a
 * bank kept in capability indices the cache owns, taken and given back
 * without a call to the bank; refills and trims are the only calls. */
#include <arroyo/pagecache.h>

int pagecache_init(struct pagecache *c, unsigned bank, const uint8_t *caps, unsigned n,
		   unsigned batch, unsigned scratch)
{
	if (n == 0 || n > PAGECACHE_MAX || batch == 0)
		return BANK_ERR_ARG;
	c->bank = bank;
	c->batch = batch;
	c->scratch = scratch;
	c->n = n;
	c->nfree = 0;
	c->nempty = 0;
	for (unsigned k = 0; k < 256; k++)
		c->entry_of[k] = PAGECACHE_NONE;
	for (unsigned i = 0; i < n; i++) {
		if (caps[i] >= CAP_REPLY || c->entry_of[caps[i]] != PAGECACHE_NONE ||
		    (caps[i] >= CAP_REGS && scratch >= CAP_REGS))
			return BANK_ERR_ARG;
		c->entry_of[caps[i]] = (uint8_t)i;
		c->cap[i] = caps[i];
		c->out[i] = 0;
		c->pa[i] = 0;
	}
	for (unsigned i = 0; i < n; i++) /* the first index is filled first */
		c->empty[c->nempty++] = (uint8_t)(n - 1 - i);
	return BANK_OK;
}

/* One page from the bank into entry i. */
static int pagecache_fill(struct pagecache *c, unsigned i)
{
	unsigned into = c->cap[i] < CAP_REGS ? c->cap[i] : c->scratch;
	int e = bank_alloc(c->bank, CT_PAGE, into, &c->pa[i]);

	if (e || into == c->cap[i])
		return e;
	/* a CapPage slot: the page came to the scratch register */
	e = cap_copy(into, c->cap[i]);
	cap_delete(into);
	if (e) {
		bank_free_scrub(c->bank, c->pa[i]);
		return BANK_ERR_IPC | e;
	}
	return BANK_OK;
}

static int pagecache_refill(struct pagecache *c)
{
	int e = BANK_OK;

	for (unsigned k = 0; k < c->batch && c->nempty; k++) {
		unsigned i = c->empty[c->nempty - 1];

		e = pagecache_fill(c, i);
		if (e)
			break;
		c->nempty--;
		c->free[c->nfree++] = (uint8_t)i;
	}
	/* every index handed out: the cache is full, not the bank */
	return c->nfree ? BANK_OK : e ? e : BANK_ERR_FULL;
}

int pagecache_alloc(struct pagecache *c, unsigned *cap, uint64_t *pa)
{
	unsigned i;

	if (!c->nfree) {
		int e = pagecache_refill(c);

		if (e)
			return e;
	}
	i = c->free[--c->nfree];
	c->out[i] = 1;
	*cap = c->cap[i];
	if (pa)
		*pa = c->pa[i];
	return BANK_OK;
}

int pagecache_free(struct pagecache *c, unsigned cap)
{
	unsigned i = cap < 256 ? c->entry_of[cap] : PAGECACHE_NONE;

	if (i == PAGECACHE_NONE || !c->out[i])
		return BANK_ERR_ARG;
	c->out[i] = 0;
	c->free[c->nfree++] = (uint8_t)i;
	return c->nfree > 2 * c->batch ? pagecache_trim(c, c->batch) : BANK_OK;
}

int pagecache_trim(struct pagecache *c, unsigned keep)
{
	int e = BANK_OK, f;

	while (c->nfree > keep) {
		unsigned i = c->free[--c->nfree];

		/* scrubbed: the page leaves this client, so nobody sees what it held */
		f = bank_free_scrub(c->bank, c->pa[i]);
		e = e ? e : f;
		cap_delete(c->cap[i]);
		c->pa[i] = 0;
		c->empty[c->nempty++] = (uint8_t)i;
	}
	return e;
}

void pagecache_forget(struct pagecache *c)
{
	c->nfree = 0;
	c->nempty = 0;
	for (unsigned i = c->n; i-- > 0;) {
		cap_delete(c->cap[i]); /* stale or empty: either way gone */
		c->out[i] = 0;
		c->pa[i] = 0;
		c->empty[c->nempty++] = (uint8_t)i;
	}
}
