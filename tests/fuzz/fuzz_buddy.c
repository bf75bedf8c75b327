/* libFuzzer harness for the space bank's buddy allocator (spacebank/buddy.c):
 * the input picks a pool (base, size, external or embedded metadata) and a
 * sequence of alloc, free, donate and take-back operations. A frame-state
 * model predicts every result exactly; buddy_check runs after every step. */
#include <stdlib.h>
#include <string.h>

#include <spacebank/buddy.h>

#include "fuzz.h"

#define MAX_FRAMES 2048
/* Embedded pools keep their metadata in the frames: a smaller cap keeps the
 * window (frames x 4 KiB of host memory) cheap. */
#define MAX_EMBEDDED 256
#define MAX_LIVE 512

enum fstate { F_ABSENT, F_FREE, F_ALLOC, F_RESERVED };

struct live {
	uint32_t pfn;
	unsigned order;
};

static struct {
	struct buddy b;
	uint8_t st[MAX_FRAMES];
	struct live live[MAX_LIVE];
	unsigned nlive;
	uint32_t base, frames;
	uint32_t count[4]; /* frames in each enum fstate */
} m;

static uint8_t meta[MAX_FRAMES * 8 + 64] __attribute__((aligned(8)));
static uint8_t window[MAX_EMBEDDED << BUDDY_PAGE_SHIFT] __attribute__((aligned(4096)));

static uint32_t count_state(enum fstate s)
{
	return m.count[s];
}

/* Whether [pfn, pfn + 2^order) is a well-formed block of the range, with the
 * error buddy.c documents otherwise. */
static enum err block_ok(uint64_t pfn, unsigned order)
{
	if (order > BUDDY_MAX_ORDER)
		return ERR_INVAL;
	if (pfn < m.base || pfn >= m.base + m.frames || m.base + m.frames - pfn < (1u << order))
		return ERR_RANGE;
	if (pfn & ((1u << order) - 1))
		return ERR_INVAL;
	return ERR_OK;
}

static bool all_in(uint32_t pfn, uint32_t n, enum fstate s)
{
	for (uint32_t i = 0; i < n; i++)
		if (m.st[pfn - m.base + i] != s)
			return false;
	return true;
}

static void set(uint32_t pfn, uint32_t n, enum fstate s)
{
	for (uint32_t i = pfn - m.base; i < pfn - m.base + n; i++) {
		m.count[m.st[i]]--;
		m.count[s]++;
		m.st[i] = (uint8_t)s;
	}
}

/* Any wholly free aligned block of this order in the model. */
static bool any_free_block(unsigned order)
{
	uint32_t n = 1u << order;
	/* 64-bit: a range near the top of the pfn space must not wrap here. */
	uint64_t p = ((uint64_t)m.base + n - 1) & ~(uint64_t)(n - 1);

	for (; p + n <= (uint64_t)m.base + m.frames; p += n)
		if (all_in((uint32_t)p, n, F_FREE))
			return true;
	return false;
}

static unsigned pick_order(struct fuzz_in *in)
{
	uint8_t v = fuzz_u8(in);

	/* Now and then an order past the largest. */
	return v < 240 ? v % (BUDDY_MAX_ORDER + 1) : BUDDY_MAX_ORDER + 1 + v % 5;
}

static uint64_t pick_pfn(struct fuzz_in *in)
{
	uint16_t v = fuzz_u16(in);

	if (v >= 0xfff0)
		return (uint64_t)fuzz_u32(in) << (v & 3); /* anywhere, even above 2^32 */
	return m.base + (v % (m.frames + 16)) - (v & 0x8000 ? 8 : 0);
}

static void op_alloc(struct fuzz_in *in, bool take)
{
	unsigned order = pick_order(in);
	pfn_t pfn = 0;
	enum err e;

	/* The model tracks every allocated block: none beyond its table. */
	if (!take && m.nlive == MAX_LIVE)
		return;
	e = take ? buddy_take_free_chunk(&m.b, order, &pfn) : buddy_alloc(&m.b, order, &pfn);

	if (order > BUDDY_MAX_ORDER) {
		FUZZ_REQUIRE(e == ERR_INVAL, "order %u gave %d", order, e);
		return;
	}
	if (e == ERR_NOMEM) {
		FUZZ_REQUIRE(!any_free_block(order), "order %u refused with a free block", order);
		return;
	}
	FUZZ_REQUIRE(e == ERR_OK, "alloc gave %d", e);
	FUZZ_REQUIRE(block_ok(pfn, order) == ERR_OK && all_in((uint32_t)pfn, 1u << order, F_FREE),
		     "block %#llx order %u was not free", (unsigned long long)pfn, order);
	set((uint32_t)pfn, 1u << order, take ? F_ABSENT : F_ALLOC);
	if (!take)
		m.live[m.nlive++] = (struct live){ (uint32_t)pfn, order };
}

static int live_at(uint64_t pfn)
{
	for (unsigned i = 0; i < m.nlive; i++)
		if (m.live[i].pfn == pfn)
			return (int)i;
	return -1;
}

static void op_free(struct fuzz_in *in)
{
	uint8_t how = fuzz_u8(in);
	uint64_t pfn;
	unsigned order;
	enum err want, e;
	int li;

	if (how < 160 && m.nlive) {
		li = how % m.nlive;
		pfn = m.live[li].pfn;
		order = m.live[li].order;
	} else {
		pfn = pick_pfn(in);
		order = pick_order(in);
	}
	li = live_at(pfn);
	want = block_ok(pfn, order);
	if (want == ERR_OK && li < 0)
		want = ERR_NOTFOUND;
	else if (want == ERR_OK && m.live[li].order != order)
		want = ERR_INVAL;
	e = buddy_free(&m.b, pfn, order);
	FUZZ_REQUIRE(e == want, "free %#llx order %u gave %d, want %d", (unsigned long long)pfn,
		     order, e, want);
	if (e == ERR_OK) {
		set((uint32_t)pfn, 1u << order, F_FREE);
		m.live[li] = m.live[--m.nlive];
	}
}

static void op_add(struct fuzz_in *in, bool range)
{
	uint64_t pfn = pick_pfn(in);
	unsigned order = range ? 0 : pick_order(in);
	uint32_t count = range ? fuzz_u8(in) : 1u << (order & 15);
	enum err want, e;

	if (range) {
		want = (pfn < m.base || pfn >= m.base + m.frames || m.base + m.frames - pfn < count)
			       ? ERR_RANGE
			       : ERR_OK;
	} else {
		want = block_ok(pfn, order);
	}
	if (want == ERR_OK && !all_in((uint32_t)pfn, count, F_ABSENT))
		want = ERR_OVERLAP;
	e = range ? buddy_add_range(&m.b, pfn, count) : buddy_add_chunk(&m.b, pfn, order);
	FUZZ_REQUIRE(e == want, "add %#llx (%u) gave %d, want %d", (unsigned long long)pfn, count,
		     e, want);
	if (e == ERR_OK)
		set((uint32_t)pfn, count, F_FREE);
}

static void op_remove(struct fuzz_in *in)
{
	uint64_t pfn = pick_pfn(in);
	unsigned order = pick_order(in);
	enum err want = block_ok(pfn, order), e;

	if (want == ERR_OK && !all_in((uint32_t)pfn, 1u << order, F_FREE))
		want = ERR_BUSY;
	e = buddy_remove_chunk(&m.b, pfn, order);
	FUZZ_REQUIRE(e == want, "remove %#llx order %u gave %d, want %d", (unsigned long long)pfn,
		     order, e, want);
	if (e == ERR_OK)
		set((uint32_t)pfn, 1u << order, F_ABSENT);
}

static bool setup(struct fuzz_in *in)
{
	uint8_t mode = fuzz_u8(in);
	bool embedded = mode & 1;
	uint32_t flags = (embedded ? BUDDY_EMBEDDED : 0) | (mode & 2 ? BUDDY_START_FREE : 0);
	uint32_t cap = embedded ? MAX_EMBEDDED : MAX_FRAMES;
	enum err e;

	m.frames = 1 + fuzz_u16(in) % cap;
	m.base = mode & 4 ? fuzz_u32(in) : fuzz_u16(in);
	if (m.base >= UINT32_MAX - m.frames)
		m.base = UINT32_MAX - 1 - m.frames;
	m.nlive = 0;
	e = buddy_init(&m.b, m.base, m.frames, flags, embedded ? NULL : meta,
		       embedded ? window : NULL);
	FUZZ_REQUIRE(e == ERR_OK, "init gave %d", e);
	FUZZ_REQUIRE(buddy_meta_bytes(m.frames) <= sizeof meta, "meta buffer too small");
	memset(m.st, F_ABSENT, sizeof m.st);
	memset(m.count, 0, sizeof m.count);
	m.count[F_ABSENT] = m.frames;
	set(m.base, buddy_meta_frames(&m.b), F_RESERVED);
	if (flags & BUDDY_START_FREE)
		set(m.base + buddy_meta_frames(&m.b), m.frames - buddy_meta_frames(&m.b), F_FREE);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	const char *why = NULL;

	setup(&in);
	while (in.left) {
		uint8_t op = fuzz_u8(&in) % 8;

		switch (op) {
		case 0:
		case 1:
			op_alloc(&in, false);
			break;
		case 2:
		case 3:
			op_free(&in);
			break;
		case 4:
			op_add(&in, op & 1);
			break;
		case 5:
			op_add(&in, true);
			break;
		case 6:
			op_remove(&in);
			break;
		default:
			op_alloc(&in, true);
			break;
		}
		FUZZ_REQUIRE(buddy_check_why(&m.b, &why) == ERR_OK, "after op %u: %s", op, why);
		FUZZ_REQUIRE(buddy_free_frames(&m.b) == count_state(F_FREE), "free %u, model %u",
			     buddy_free_frames(&m.b), count_state(F_FREE));
		FUZZ_REQUIRE(buddy_present_frames(&m.b) ==
				     count_state(F_FREE) + count_state(F_ALLOC),
			     "present %u", buddy_present_frames(&m.b));
	}
	return 0;
}
