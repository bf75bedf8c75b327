/* Memory pools: the cells between pool boundaries, their resource tree and
 * the stripe arithmetic (lib/include/lib/poolmap.h). */
#include <lib/poolmap.h>

#define POOLMAP_PAGE 4096u

static const char *const poolmap_names[] = {
	[POOLMAP_OK] = "ok",
	[POOLMAP_FULL] = "too many pools",
	[POOLMAP_NAME] = "bad or duplicate name",
	[POOLMAP_SHAPE] = "start and length must be page-aligned, non-empty and not wrap",
	[POOLMAP_STRIPE] =
		"stripe and step must be page multiples, both or neither, stripe <= step",
	[POOLMAP_STEP] = "step must be a power of two of at most 64 pages",
	[POOLMAP_CACHE] = "unknown cache attribute",
	[POOLMAP_ARCH_STRIPED] = "a background pool has no stripe",
	[POOLMAP_CLASH] = "shares frames with another pool",
};

const char *poolmap_code_name(enum poolmap_code c)
{
	return (unsigned)c < sizeof poolmap_names / sizeof poolmap_names[0] ? poolmap_names[c]
									    : "?";
}

const char *pool_cache_name(unsigned cache)
{
	static const char *const names[POOL_CACHE_COUNT] = { "wb", "wt", "uc" };

	return cache < POOL_CACHE_COUNT ? names[cache] : "?";
}

void poolmap_init(struct pool_map *m)
{
	m->count = 0;
	m->cells = 0;
}

static bool poolmap_streq(const char *a, const char *b)
{
	unsigned i = 0;

	while (i < POOL_NAME_SIZE && a[i] && a[i] == b[i])
		i++;
	return i == POOL_NAME_SIZE || a[i] == b[i];
}

unsigned poolmap_find(const struct pool_map *m, const char *name)
{
	for (unsigned i = 0; i < m->count; i++)
		if (poolmap_streq(m->pool[i].name, name))
			return i;
	return POOL_NONE;
}

static enum poolmap_code poolmap_fail(struct poolmap_error *why, enum poolmap_code c, unsigned pool,
				      unsigned other, uint64_t at)
{
	if (why) {
		why->code = c;
		why->pool = pool;
		why->other = other;
		why->at = at;
	}
	return c;
}

static bool poolmap_pow2(uint32_t x)
{
	return x && !(x & (x - 1));
}

enum poolmap_code poolmap_add(struct pool_map *m, const struct pool_desc *d, unsigned *id,
			      struct poolmap_error *why)
{
	const uint64_t mask = POOLMAP_PAGE - 1;
	unsigned n = m->count;

	if (n == POOL_MAX)
		return poolmap_fail(why, POOLMAP_FULL, n, POOL_NONE, 0);
	if (!d->name[0] || d->name[POOL_NAME_SIZE - 1] || poolmap_find(m, d->name) != POOL_NONE)
		return poolmap_fail(why, POOLMAP_NAME, n, poolmap_find(m, d->name), 0);
	if (!d->length || ((d->start | d->length) & mask) || d->start + d->length < d->start)
		return poolmap_fail(why, POOLMAP_SHAPE, n, POOL_NONE, d->start);
	if (((d->stripe | d->step) & mask) || (!d->stripe != !d->step) || d->stripe > d->step)
		return poolmap_fail(why, POOLMAP_STRIPE, n, POOL_NONE, d->start);
	if (d->step && (!poolmap_pow2(d->step) || d->step / POOLMAP_PAGE > POOL_COLOUR_MAX))
		return poolmap_fail(why, POOLMAP_STEP, n, POOL_NONE, d->start);
	if (d->cache >= POOL_CACHE_COUNT)
		return poolmap_fail(why, POOLMAP_CACHE, n, POOL_NONE, d->start);
	if (d->layer == POOL_LAYER_ARCH && d->step)
		return poolmap_fail(why, POOLMAP_ARCH_STRIPED, n, POOL_NONE, d->start);
	m->pool[n] = *d;
	m->count = n + 1;
	*id = n;
	return POOLMAP_OK;
}

bool poolmap_covers(const struct pool_desc *d, uint64_t pa)
{
	uint64_t pfn = pa / POOLMAP_PAGE, first = d->start / POOLMAP_PAGE;

	if (pa < d->start || pa - d->start >= d->length)
		return false;
	if (!d->step)
		return true;
	return ((pfn - first) & (d->step / POOLMAP_PAGE - 1)) < d->stripe / POOLMAP_PAGE;
}

static bool poolmap_spans(const struct pool_desc *d, uint64_t lo, uint64_t hi)
{
	return d->start <= lo && hi - d->start <= d->length;
}

/* Sorted, distinct pool boundaries; returns how many. */
static unsigned poolmap_bounds(const struct pool_map *m, uint64_t *b)
{
	unsigned n = 0;

	for (unsigned i = 0; i < m->count; i++) {
		uint64_t v[2] = { m->pool[i].start, m->pool[i].start + m->pool[i].length };

		for (unsigned k = 0; k < 2; k++) {
			unsigned j = n;
			bool dup = false;

			for (unsigned q = 0; q < n; q++)
				dup |= b[q] == v[k];
			if (dup)
				continue;
			while (j > 0 && b[j - 1] > v[k]) { /* insertion sort: at most 32 */
				b[j] = b[j - 1];
				j--;
			}
			b[j] = v[k];
			n++;
		}
	}
	return n;
}

/* The first frame of [lo, hi) whose colour slot is s (period frames), or hi. */
static uint64_t poolmap_slot_at(uint64_t lo, uint64_t hi, unsigned s, unsigned period)
{
	uint64_t pfn = lo / POOLMAP_PAGE;
	uint64_t first = pfn + ((s - pfn) & (period - 1));

	return first * POOLMAP_PAGE < hi ? first * POOLMAP_PAGE : hi;
}

/* The first frame of pool d in [lo, hi), or hi. */
static uint64_t poolmap_first_in(const struct pool_desc *d, uint64_t lo, uint64_t hi)
{
	for (uint64_t pa = lo; pa < hi && pa - lo < (uint64_t)POOL_COLOUR_MAX * POOLMAP_PAGE;
	     pa += POOLMAP_PAGE)
		if (poolmap_covers(d, pa))
			return pa;
	return hi;
}

/* Fills cell c for [lo, hi) from the pools that span it. */
static enum poolmap_code poolmap_cell(const struct pool_map *m, struct pool_cell *c, uint64_t lo,
				      uint64_t hi, struct poolmap_error *why)
{
	unsigned whole = POOL_NONE, period = 0;

	c->pool = POOL_NONE;
	c->colours = 0;
	for (unsigned i = 0; i < m->count; i++) {
		const struct pool_desc *d = &m->pool[i];

		if (!poolmap_spans(d, lo, hi))
			continue;
		if (d->layer == POOL_LAYER_ARCH) {
			if (c->pool != POOL_NONE)
				return poolmap_fail(why, POOLMAP_CLASH, i, c->pool, lo);
			c->pool = (uint8_t)i;
		} else if (!d->step) {
			if (whole != POOL_NONE)
				return poolmap_fail(why, POOLMAP_CLASH, i, whole, lo);
			whole = i;
		} else if (d->step / POOLMAP_PAGE > period) {
			period = d->step / POOLMAP_PAGE;
		}
	}
	if (period) {
		c->colours = (uint8_t)period;
		for (unsigned s = 0; s < period; s++)
			c->colour[s] = POOL_NONE;
	}
	for (unsigned i = 0; i < m->count && period; i++) {
		const struct pool_desc *d = &m->pool[i];

		if (d->layer == POOL_LAYER_ARCH || !d->step || !poolmap_spans(d, lo, hi))
			continue;
		if (whole != POOL_NONE && poolmap_first_in(d, lo, hi) < hi)
			return poolmap_fail(why, POOLMAP_CLASH, i, whole,
					    poolmap_first_in(d, lo, hi));
		for (unsigned s = 0; s < period; s++) {
			uint64_t at = poolmap_slot_at(lo, hi, s, period);

			if (at == hi || !poolmap_covers(d, at))
				continue;
			if (c->colour[s] != POOL_NONE)
				return poolmap_fail(why, POOLMAP_CLASH, i, c->colour[s], at);
			c->colour[s] = (uint8_t)i;
		}
	}
	if (whole != POOL_NONE) {
		c->pool = (uint8_t)whole;
		c->colours = 0;
	}
	return POOLMAP_OK;
}

enum poolmap_code poolmap_build(struct pool_map *m, struct poolmap_error *why)
{
	uint64_t b[2 * POOL_MAX];
	unsigned n = poolmap_bounds(m, b);

	m->cells = 0;
	for (unsigned i = 0; i + 1 < n; i++) {
		struct pool_cell *c = &m->cell[m->cells];
		enum poolmap_code e = poolmap_cell(m, c, b[i], b[i + 1], why);

		if (e != POOLMAP_OK)
			return e;
		if (c->pool == POOL_NONE && !c->colours)
			continue; /* a gap between pools */
		c->start = b[i];
		c->end = b[i + 1];
		m->cells++;
	}
	return POOLMAP_OK;
}

const struct pool_cell *poolmap_cell_of(const struct pool_map *m, uint64_t pa)
{
	unsigned lo = 0, hi = m->cells;

	while (lo < hi) { /* the first cell ending above pa */
		unsigned mid = (lo + hi) / 2;

		if (m->cell[mid].end <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->cells && m->cell[lo].start <= pa ? &m->cell[lo] : NULL;
}

unsigned poolmap_of(const struct pool_map *m, uint64_t pa)
{
	const struct pool_cell *c = poolmap_cell_of(m, pa);

	if (!c)
		return POOL_NONE;
	if (c->colours) {
		unsigned k = c->colour[(pa / POOLMAP_PAGE) & (c->colours - 1u)];

		if (k != POOL_NONE)
			return k;
	}
	return c->pool;
}

void pool_desc_background(struct pool_desc *d, const char *name, uint64_t start, uint64_t length)
{
	unsigned i = 0;

	for (; i < POOL_NAME_SIZE - 1 && name[i]; i++)
		d->name[i] = name[i];
	for (; i < POOL_NAME_SIZE; i++)
		d->name[i] = '\0';
	d->start = start;
	d->length = length;
	d->stripe = d->step = 0;
	d->cache = POOL_CACHE_WB;
	d->layer = POOL_LAYER_ARCH;
}
