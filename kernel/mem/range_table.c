/* The range table and the resource tree of ranges (kernel/include/kernel/range_table.h). */
#include <kernel/pagehdr.h>
#include <kernel/pool.h>
#include <kernel/range_table.h>

static struct {
	struct range *slots;
	unsigned capacity, live;
	struct rtree tree;
} rt;

/* The range the last range_of_pa found (NULL: none). Invocations look up
 * the same few object ranges again and again (every capability's version
 * check goes pa -> header), so a hit (inline, range.h) skips the tree walk.
 * It is only ever a range in the tree: range_remove and range_free clear
 * it, and a node's key never changes while it is in the tree. */
struct range *range_last;
struct range_hint range_hint;
struct range_hint range_cache[RANGE_CACHE_SLOTS];
struct range *range_slots;
/* The range that was range_last before it: lookups often alternate between
 * two ranges (a bank's own objects and the pool it hands pages from, now
 * that boot RAM is cut at pool boundaries), and a miss of range_last that
 * hits this one skips the tree walk. Cleared with range_last's rules. */
static struct range *range_prev;

/* r's 32-bit frame-number window (r NULL: none). */
static struct range_hint range_hint_of(struct range *r)
{
	struct range_hint h = { r, 0, 0 };

	if (r) {
		h.pfn0 = (uint32_t)(r->base >> PAGE_SHIFT);
		/* Empty unless every frame number of r fits 32 bits. */
		h.frames =
			((r->base >> PAGE_SHIFT) + r->frames) >> 32 == 0 ? (uint32_t)r->frames : 0;
	}
	return h;
}

/* range_last and its 32-bit frame-number window change together. */
static void range_set_last(struct range *r)
{
	range_last = r;
	range_hint = range_hint_of(r);
}

void range_cache_fill(struct range *r, uint32_t pfn)
{
	*range_cache_slot(pfn) = range_hint_of(r);
}

/* A range leaving the tree leaves every cache. */
static void range_uncache(const struct range *r)
{
	if (range_last == r)
		range_set_last(NULL);
	if (range_prev == r)
		range_prev = NULL;
	for (unsigned i = 0; i < RANGE_CACHE_SLOTS; i++)
		if (range_cache[i].r == r)
			range_cache[i] = range_hint_of(NULL);
}

void range_table_init(struct range *slots, unsigned n)
{
	rt.slots = slots;
	range_slots = slots;
	rt.capacity = n;
	rt.live = 0;
	range_set_last(NULL);
	range_prev = NULL;
	for (unsigned i = 0; i < RANGE_CACHE_SLOTS; i++)
		range_cache[i] = range_hint_of(NULL);
	for (unsigned i = 0; i < n; i++) {
		slots[i].id = (uint16_t)i;
		slots[i].live = false;
		slots[i].frames = 0; /* frames == 0 marks a free slot */
	}
	rtree_init(&rt.tree);
}

struct range *range_alloc(void)
{
	/* Linear: the table is small (RANGE_MAX) and this runs only at boot and
	 * on hot-plug events. */
	for (unsigned i = 1; i < rt.capacity; i++) {
		struct range *r = &rt.slots[i];

		if (!r->live && r->frames == 0) {
			r->frames = ~(uint64_t)0; /* claimed until range_insert sets it */
			r->hdrs = NULL;
			r->block.va = NULL;
			r->block.pages = 0;
			r->block.tables = 0;
			return r;
		}
	}
	return NULL;
}

/* r was never inserted, or range_remove has taken it out of the tree and
 * out of range_last and range_prev, which only lookups in the tree set. */
void range_free(struct range *r)
{
	range_uncache(r);
	r->live = false;
	r->frames = 0;
	r->hdrs = NULL;
}

void range_describe(struct range *r, enum range_class cls, pa_t base, uint64_t frames,
		    uint32_t owner)
{
	bool device = cls == RANGE_DEVICE;

	r->base = base;
	r->frames = frames;
	r->owner = owner;
	r->cls = cls;
	r->layout = device ? PAGEHDR_LAYOUT_DEVICE : PAGEHDR_LAYOUT_RAM;
	r->hdr_shift = device ? PAGEHDR_DEV_SHIFT : PAGEHDR_RAM_SHIFT;
	r->base_oid = device ? OID_DEVICE_BASE + (base >> PAGE_SHIFT) : OID_NONE;
	r->hdr_home = cls == RANGE_RAM ? RANGE_HDR_HEAP : device ? RANGE_HDR_REGION : RANGE_HDR_OWN;
}

struct range *range_get(unsigned id)
{
	if (id == 0 || id >= rt.capacity || !rt.slots[id].live)
		return NULL;
	return &rt.slots[id];
}

enum err range_insert(struct range *r)
{
	enum err e;

	if (r->frames == 0 || r->frames > ((~(pa_t)0 - r->base) >> PAGE_SHIFT))
		return ERR_INVAL;
	e = rtree_insert(&rt.tree, &r->node, r->base, r->base + (r->frames << PAGE_SHIFT));
	if (e == ERR_OK) {
		pool_range_attach(r);
		r->live = true;
		rt.live++;
	}
	return e;
}

void range_remove(struct range *r)
{
	range_uncache(r);
	rtree_remove(&rt.tree, &r->node);
	r->live = false;
	rt.live--;
}

static struct range *range_of_node(struct rtree_node *n)
{
	return n ? RTREE_ENTRY(n, struct range, node) : NULL;
}

struct range *range_lookup(pa_t pa)
{
	struct range *r = range_prev;

	if (!r || pa < r->node.start || pa >= r->node.end)
		r = range_of_node(rtree_lookup(&rt.tree, pa));
	if (r)
		range_make_last(r, NULL);
	return r;
}

void range_make_last(struct range *r, const struct range_hint *known)
{
	if (r == range_last)
		return;
	range_prev = range_last;
	if (known && known->r == r) {
		range_last = r;
		range_hint = *known;
	} else {
		range_set_last(r);
	}
}

struct range *range_lookup_quiet(pa_t pa)
{
	struct range *r = range_prev;

	if (r && pa >= r->node.start && pa < r->node.end)
		return r;
	return range_of_node(rtree_lookup(&rt.tree, pa));
}

struct range *range_first(void)
{
	return range_of_node(rtree_first(&rt.tree));
}

struct range *range_next(const struct range *r)
{
	return range_of_node(rtree_next(&r->node));
}

struct range *range_first_overlap(pa_t base, pa_t end)
{
	return range_of_node(rtree_first_overlap(&rt.tree, base, end));
}

unsigned range_count(void)
{
	return rt.live;
}

unsigned range_capacity(void)
{
	return rt.capacity;
}

enum err range_tree_check(void)
{
	return rtree_check(&rt.tree);
}
