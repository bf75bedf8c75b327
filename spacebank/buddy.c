/* Buddy frame allocator (spacebank/include/spacebank/buddy.h).
 *
 * The arithmetic is the classic one: the buddy of the order-k block at pfn is
 * the block at pfn ^ 2^k, and the pair merges into the order-(k+1) block at
 * pfn & ~2^k. It is applied to the absolute pfn, so blocks are physically
 * aligned; a buddy outside [base, end) never merges.
 *
 * Frame states, one byte each (state[pfn - base]):
 *   ABSENT, RESERVED   not in any block
 *   FREE | order       first frame of a free block, on list head[order]
 *   ALLOC | order      first frame of an allocated block
 *   TAIL               any other frame of a free or allocated block
 *   STASH              a free order-0 frame in the stash (BUDDY_STASH), on
 *                      no list and never merged until the stash drains
 * Because every non-first frame of a block is TAIL, the byte at pfn alone says
 * whether a block of a given order starts there: that is what makes a bad
 * free detectable, and a split or merge rewrites one byte, not 2^k.
 *
 * Only 32-bit arithmetic and shifts: ColdFire user code has no libgcc. */
#include <spacebank/buddy.h>

#define STATE_ABSENT 0x00u
#define STATE_RESERVED 0x10u
#define STATE_FREE 0x20u
#define STATE_ALLOC 0x30u
#define STATE_TAIL 0x40u
#define STATE_STASH 0x50u
#define STATE_MASK 0xf0u
#define ORDER_MASK 0x0fu

#define BUDDY_NIL UINT32_MAX

_Static_assert(BUDDY_MAX_ORDER <= ORDER_MASK, "order fits the state byte");
_Static_assert(sizeof(struct buddy_link) == 8, "buddy_link layout (lives in frames)");

static uint32_t frames_of(unsigned order)
{
	return (uint32_t)1 << order;
}

static uint8_t st(const struct buddy *b, uint32_t pfn)
{
	return b->state[pfn - b->base];
}

static void set_st(struct buddy *b, uint32_t pfn, unsigned v)
{
	b->state[pfn - b->base] = (uint8_t)v;
}

/* Embedded: the link is the first 8 bytes of the free block itself.
 * External: one slot per aligned frame pair. Two free blocks never share a
 * pair: the only way would be two free order-0 buddies, which always merge. */
static struct buddy_link *link_of(const struct buddy *b, uint32_t pfn)
{
	if (b->window)
		return (struct buddy_link *)(void *)(b->window + ((uintptr_t)(pfn - b->base)
								  << BUDDY_PAGE_SHIFT));
	return &b->links[(pfn >> 1) - (b->base >> 1)];
}

static void list_push(struct buddy *b, uint32_t pfn, unsigned order)
{
	struct buddy_link *l = link_of(b, pfn);
	uint32_t first = b->head[order];

	l->next = first;
	l->prev = BUDDY_NIL;
	if (first != BUDDY_NIL)
		link_of(b, first)->prev = pfn;
	b->head[order] = pfn;
	b->nr_free[order]++;
	set_st(b, pfn, STATE_FREE | order);
}

static void list_del(struct buddy *b, uint32_t pfn, unsigned order)
{
	struct buddy_link *l = link_of(b, pfn);

	if (l->prev != BUDDY_NIL)
		link_of(b, l->prev)->next = l->next;
	else
		b->head[order] = l->next;
	if (l->next != BUDDY_NIL)
		link_of(b, l->next)->prev = l->prev;
	b->nr_free[order]--;
}

/* Put the block at pfn (its first byte not yet FREE, the rest TAIL) on the
 * free lists, merging with free buddies as far as they go. */
static void merge_insert(struct buddy *b, uint32_t pfn, unsigned order)
{
	while (order < BUDDY_MAX_ORDER) {
		uint32_t bit = frames_of(order);
		uint32_t buddy = pfn ^ bit;

		if (buddy < b->base || buddy >= b->end || st(b, buddy) != (STATE_FREE | order))
			break;
		list_del(b, buddy, order);
		set_st(b, pfn | bit, STATE_TAIL);
		pfn &= ~bit;
		order++;
	}
	list_push(b, pfn, order);
}

/* Unlink a free block of order >= `order`, split it down to `order` and
 * return its first pfn (still marked FREE), or BUDDY_NIL. */
static uint32_t take_block(struct buddy *b, unsigned order)
{
	unsigned o = order;
	uint32_t pfn;

	while (o <= BUDDY_MAX_ORDER && b->head[o] == BUDDY_NIL)
		o++;
	if (o > BUDDY_MAX_ORDER)
		return BUDDY_NIL;
	pfn = b->head[o];
	list_del(b, pfn, o);
	while (o > order) {
		o--;
		list_push(b, pfn + frames_of(o), o);
	}
	return pfn;
}

/* Every stashed frame back on the free lists, merged as far as it goes. */
static void stash_drain(struct buddy *b)
{
	while (b->nstash)
		merge_insert(b, b->stash[--b->nstash], 0);
}

static void set_run(struct buddy *b, uint32_t pfn, uint32_t count, unsigned v)
{
	for (uint32_t i = 0; i < count; i++)
		set_st(b, pfn + i, v);
}

size_t buddy_meta_bytes(uint32_t frames)
{
	_Static_assert(BUDDY_META_BYTES(3) == 2 * sizeof(struct buddy_link) + 3,
		       "BUDDY_META_BYTES counts one link per pair");
	return BUDDY_META_BYTES(frames);
}

uint32_t buddy_embedded_meta_frames(uint32_t frames)
{
	/* A frame of metadata holds 4096 state bytes. */
	return (frames >> BUDDY_PAGE_SHIFT) + ((frames & ((1u << BUDDY_PAGE_SHIFT) - 1)) != 0);
}

/* Validate the arguments of buddy_init; *meta_frames gets the reserved count. */
static enum err init_args(pfn_t base_pfn, uint32_t frames, uint32_t flags, const void *meta,
			  const void *window, uint32_t *meta_frames)
{
	*meta_frames = 0;
	if (flags & ~(BUDDY_EMBEDDED | BUDDY_UNCACHED | BUDDY_START_FREE | BUDDY_STASH))
		return ERR_INVAL;
	/* BUDDY_NIL must never be a pfn of the range. */
	if (frames == 0 || base_pfn >= BUDDY_NIL || BUDDY_NIL - base_pfn < frames)
		return ERR_RANGE;
	if (!(flags & BUDDY_EMBEDDED))
		return !meta || window || ((uintptr_t)meta & (sizeof(uint32_t) - 1)) ? ERR_INVAL
										     : ERR_OK;
	if (meta || !window || (flags & BUDDY_UNCACHED) ||
	    ((uintptr_t)window & ((1u << BUDDY_PAGE_SHIFT) - 1)))
		return ERR_INVAL;
	if (((UINTPTR_MAX - (uintptr_t)window) >> BUDDY_PAGE_SHIFT) < frames - 1)
		return ERR_RANGE;
	/* At most `frames`: one metadata frame covers 4096 frames. */
	*meta_frames = buddy_embedded_meta_frames(frames);
	return ERR_OK;
}

/* Field by field, not a struct copy: that would need memcpy, which ColdFire
 * user code may not have. */
enum err buddy_init(struct buddy *b, pfn_t base_pfn, uint32_t frames, uint32_t flags, void *meta,
		    void *window)
{
	uint32_t meta_frames;
	enum err e = init_args(base_pfn, frames, flags, meta, window, &meta_frames);

	if (e != ERR_OK)
		return e;
	b->base = (uint32_t)base_pfn;
	b->end = b->base + frames;
	b->meta_frames = meta_frames;
	b->present_frames = 0;
	b->free_frames = 0;
	b->flags = flags;
	b->nstash = 0;
	if (flags & BUDDY_EMBEDDED) {
		b->window = window;
		b->links = NULL;
		b->state = window;
	} else {
		b->window = NULL;
		b->links = meta;
		b->state =
			(uint8_t *)meta + ((size_t)(frames >> 1) + 1) * sizeof(struct buddy_link);
	}
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		b->head[o] = BUDDY_NIL;
		b->nr_free[o] = 0;
	}
	set_run(b, b->base, frames, STATE_ABSENT);
	set_run(b, b->base, meta_frames, STATE_RESERVED);
	if ((flags & BUDDY_START_FREE) && meta_frames < frames)
		return buddy_add_range(b, b->base + meta_frames, frames - meta_frames);
	return ERR_OK;
}

uint32_t buddy_meta_frames(const struct buddy *b)
{
	return b->meta_frames;
}

/* Takes a free block of `order` into *p: the common start of every way out
 * of the free lists. */
static enum err take_checked(struct buddy *b, unsigned order, uint32_t *p)
{
	if (order > BUDDY_MAX_ORDER)
		return ERR_INVAL;
	*p = take_block(b, order);
	if (*p == BUDDY_NIL && b->nstash) {
		stash_drain(b); /* the stash may complete a larger block */
		*p = take_block(b, order);
	}
	return *p == BUDDY_NIL ? ERR_NOMEM : ERR_OK;
}

/* Every allocation but an order-0 one the stash serves: apart, so that the
 * stash's few instructions are inlined where the bank allocates (buddy_alloc
 * and buddy_free are always inlined; buddy.h's declarations make these the
 * one definitions). */
static enum err __attribute__((noinline)) alloc_listed(struct buddy *b, unsigned order, pfn_t *pfn)
{
	uint32_t p;
	enum err e = take_checked(b, order, &p);

	if (e != ERR_OK)
		return e;
	set_st(b, p, STATE_ALLOC | order);
	b->free_frames -= frames_of(order);
	*pfn = p;
	return ERR_OK;
}

inline enum err __attribute__((always_inline))
buddy_alloc(struct buddy *b, unsigned order, pfn_t *pfn)
{
	uint32_t p;

	if (order == 0 && b->nstash) {
		p = b->stash[--b->nstash];
		set_st(b, p, STATE_ALLOC);
		b->free_frames--;
		*pfn = p;
		return ERR_OK;
	}
	return alloc_listed(b, order, pfn);
}

/* The block [pfn, pfn + 2^order) is a well-formed block of this range. */
static enum err check_block(const struct buddy *b, pfn_t pfn, unsigned order)
{
	if (order > BUDDY_MAX_ORDER)
		return ERR_INVAL;
	if (pfn < b->base || pfn >= b->end || b->end - pfn < frames_of(order))
		return ERR_RANGE;
	if ((uint32_t)pfn & (frames_of(order) - 1))
		return ERR_INVAL;
	return ERR_OK;
}

/* Every free but an allocated order-0 frame into a stash with room, and
 * every bad call: apart, as alloc_listed. */
static enum err __attribute__((noinline)) free_listed(struct buddy *b, pfn_t pfn, unsigned order)
{
	enum err e = check_block(b, pfn, order);
	uint8_t s;

	if (e != ERR_OK)
		return e;
	s = st(b, (uint32_t)pfn);
	if ((s & STATE_MASK) != STATE_ALLOC)
		return ERR_NOTFOUND;
	if ((s & ORDER_MASK) != order)
		return ERR_INVAL;
	b->free_frames += frames_of(order);
	merge_insert(b, (uint32_t)pfn, order);
	return ERR_OK;
}

inline enum err __attribute__((always_inline))
buddy_free(struct buddy *b, pfn_t pfn, unsigned order)
{
	/* The common case first, checked as free_listed checks it: an
	 * allocated order-0 frame into a stash with room. */
	if (order == 0 && pfn <= UINT32_MAX && (uint32_t)pfn - b->base < b->end - b->base &&
	    b->nstash < BUDDY_STASH_MAX && (b->flags & BUDDY_STASH) &&
	    st(b, (uint32_t)pfn) == STATE_ALLOC) {
		set_st(b, (uint32_t)pfn, STATE_STASH);
		b->stash[b->nstash++] = (uint32_t)pfn;
		b->free_frames++;
		return ERR_OK;
	}
	return free_listed(b, pfn, order);
}

bool buddy_present(const struct buddy *b, pfn_t pfn)
{
	uint8_t s;

	if (pfn < b->base || pfn >= b->end)
		return false;
	s = st(b, (uint32_t)pfn) & STATE_MASK;
	return s != STATE_ABSENT && s != STATE_RESERVED;
}

static bool all_absent(const struct buddy *b, uint32_t pfn, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		if (st(b, pfn + i) != STATE_ABSENT)
			return false;
	return true;
}

static void donate(struct buddy *b, uint32_t pfn, unsigned order)
{
	set_run(b, pfn, frames_of(order), STATE_TAIL);
	b->present_frames += frames_of(order);
	b->free_frames += frames_of(order);
	merge_insert(b, pfn, order);
}

enum err buddy_add_chunk(struct buddy *b, pfn_t pfn, unsigned order)
{
	enum err e = check_block(b, pfn, order);

	if (e != ERR_OK)
		return e;
	if (!all_absent(b, (uint32_t)pfn, frames_of(order)))
		return ERR_OVERLAP;
	stash_drain(b);
	donate(b, (uint32_t)pfn, order);
	return ERR_OK;
}

enum err buddy_add_range(struct buddy *b, pfn_t pfn, uint32_t count)
{
	uint32_t p, end;

	if (pfn < b->base || pfn >= b->end || b->end - pfn < count)
		return ERR_RANGE;
	p = (uint32_t)pfn;
	end = p + count;
	if (!all_absent(b, p, count))
		return ERR_OVERLAP;
	stash_drain(b);
	while (p < end) {
		unsigned o = 0;

		while (o < BUDDY_MAX_ORDER && !(p & frames_of(o)) && end - p >= frames_of(o + 1))
			o++;
		donate(b, p, o);
		p += frames_of(o);
	}
	return ERR_OK;
}

enum err buddy_take_free_chunk(struct buddy *b, unsigned order, pfn_t *pfn)
{
	uint32_t p;
	enum err e;

	if (order <= BUDDY_MAX_ORDER)
		stash_drain(b); /* a stashed frame may complete the chunk */
	e = take_checked(b, order, &p);

	if (e != ERR_OK)
		return e;
	set_run(b, p, frames_of(order), STATE_ABSENT);
	b->free_frames -= frames_of(order);
	b->present_frames -= frames_of(order);
	*pfn = p;
	return ERR_OK;
}

enum err buddy_remove_chunk(struct buddy *b, pfn_t pfn, unsigned order)
{
	enum err e = check_block(b, pfn, order);
	uint32_t p = (uint32_t)pfn, head = 0;
	unsigned o;

	if (e != ERR_OK)
		return e;
	stash_drain(b);
	/* A wholly free aligned block lies inside exactly one free block, because
	 * free buddies always merge. Find it, then split off the other halves. */
	for (o = order; o <= BUDDY_MAX_ORDER; o++) {
		head = p & ~(frames_of(o) - 1);
		if (head < b->base)
			return ERR_BUSY;
		if (st(b, head) == (STATE_FREE | o))
			break;
	}
	if (o > BUDDY_MAX_ORDER)
		return ERR_BUSY;
	list_del(b, head, o);
	while (o > order) {
		o--;
		if (p & frames_of(o)) {
			list_push(b, head, o);
			head += frames_of(o);
		} else {
			list_push(b, head + frames_of(o), o);
		}
	}
	set_run(b, p, frames_of(order), STATE_ABSENT);
	b->free_frames -= frames_of(order);
	b->present_frames -= frames_of(order);
	return ERR_OK;
}

uint32_t buddy_free_frames(const struct buddy *b)
{
	return b->free_frames;
}

uint32_t buddy_present_frames(const struct buddy *b)
{
	return b->present_frames;
}

uint32_t buddy_free_blocks(const struct buddy *b, unsigned order)
{
	return order <= BUDDY_MAX_ORDER ? b->nr_free[order] : 0;
}

#define CHECK(cond, msg)                      \
	do {                                  \
		if (!(cond)) {                \
			if (why)              \
				*why = (msg); \
			return ERR_INVAL;     \
		}                             \
	} while (0)

/* Walk list `order`: it must hold exactly the `heads` free blocks of that
 * order the frame scan found. A repeated entry would make the walk cycle, so
 * ending at BUDDY_NIL within `heads` steps proves the entries distinct. */
static enum err check_list(const struct buddy *b, unsigned order, uint32_t heads, const char **why)
{
	uint32_t prev = BUDDY_NIL, pfn = b->head[order], count = 0;

	while (pfn != BUDDY_NIL) {
		const struct buddy_link *l;

		CHECK(count < heads, "free list longer than its free blocks (or cyclic)");
		CHECK(pfn >= b->base && pfn < b->end, "free list entry outside the range");
		CHECK(st(b, pfn) == (STATE_FREE | order),
		      "free list entry not a free block of its order");
		l = link_of(b, pfn);
		CHECK(l->prev == prev, "free list prev link broken");
		prev = pfn;
		pfn = l->next;
		count++;
	}
	CHECK(count == heads, "free block missing from its free list");
	CHECK(count == b->nr_free[order], "nr_free differs from the free list");
	return ERR_OK;
}

/* One block starting at p with state byte s; adds it to the tallies. */
static enum err check_block_at(const struct buddy *b, uint32_t p, uint8_t s, uint32_t *heads,
			       uint32_t *free, const char **why)
{
	unsigned order = s & ORDER_MASK;
	uint32_t n = frames_of(order);

	CHECK(order <= BUDDY_MAX_ORDER, "order above BUDDY_MAX_ORDER");
	CHECK(!(p & (n - 1)), "block misaligned");
	CHECK(b->end - p >= n, "block crosses the end of the range");
	for (uint32_t i = 1; i < n; i++)
		CHECK(st(b, p + i) == STATE_TAIL, "frame inside a block is not a tail");
	if ((s & STATE_MASK) == STATE_FREE) {
		uint32_t buddy = p ^ n;

		CHECK(order == BUDDY_MAX_ORDER || buddy < b->base || buddy >= b->end ||
			      st(b, buddy) != (STATE_FREE | order),
		      "two free buddies not merged");
		heads[order]++;
		*free += n;
	}
	return ERR_OK;
}

enum err buddy_check_why(const struct buddy *b, const char **why)
{
	uint32_t heads[BUDDY_ORDERS], free = 0, present = 0, stashed = 0, p;
	enum err e;

	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++)
		heads[o] = 0;

	CHECK(b->base < b->end && b->meta_frames <= b->end - b->base, "bad range");
	CHECK(!b->window != !b->links, "exactly one of window and links");
	for (p = b->base; p < b->base + b->meta_frames; p++)
		CHECK(st(b, p) == STATE_RESERVED, "metadata frame not reserved");
	while (p < b->end) {
		uint8_t s = st(b, p);

		switch (s & STATE_MASK) {
		case STATE_ABSENT:
			CHECK(s == STATE_ABSENT, "order bits on an absent frame");
			p++;
			continue;
		case STATE_FREE:
		case STATE_ALLOC:
			e = check_block_at(b, p, s, heads, &free, why);
			if (e != ERR_OK)
				return e;
			present += frames_of(s & ORDER_MASK);
			p += frames_of(s & ORDER_MASK);
			continue;
		case STATE_STASH:
			CHECK(s == STATE_STASH, "order bits on a stashed frame");
			stashed++;
			free++;
			present++;
			p++;
			continue;
		case STATE_RESERVED:
			CHECK(false, "reserved frame outside the metadata");
			break;
		case STATE_TAIL:
			CHECK(false, "tail frame outside any block");
			break;
		default:
			CHECK(false, "bad state byte");
		}
	}
	CHECK(stashed == b->nstash && b->nstash <= BUDDY_STASH_MAX,
	      "stashed frames differ from the stash");
	for (uint32_t i = 0; i < b->nstash; i++)
		CHECK(b->stash[i] >= b->base && b->stash[i] < b->end &&
			      st(b, b->stash[i]) == STATE_STASH,
		      "stash entry not a stashed frame");
	CHECK(free == b->free_frames, "free_frames differs from the free blocks");
	CHECK(present == b->present_frames, "present_frames differs from the blocks");
	for (unsigned o = 0; o <= BUDDY_MAX_ORDER; o++) {
		e = check_list(b, o, heads[o], why);
		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

enum err buddy_check(const struct buddy *b)
{
	return buddy_check_why(b, NULL);
}
