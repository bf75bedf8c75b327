/* libFuzzer harness for the resource tree (kernel/rtree.c): the input is a
 * sequence of insert, remove, lookup, overlap-query and walk operations on 64
 * nodes, each checked against a plain array of the same ranges, and the
 * tree's invariants (rtree_check) after every change. */
#include <string.h>

#include <kernel/rtree.h>

#include "fuzz.h"

#define NODES 64

struct model {
	struct rtree t;
	struct rtree_node n[NODES];
	bool in[NODES];
	pa_t start[NODES], end[NODES];
};

static struct model m;

/* Mostly a small address space, so ranges collide; sometimes the top of the
 * 64-bit space, where end arithmetic could wrap. */
static pa_t address(struct fuzz_in *in)
{
	uint8_t kind = fuzz_u8(in);

	if (kind < 200)
		return (pa_t)fuzz_u16(in) << 4;
	if (kind < 240)
		return UINT64_MAX - fuzz_u16(in);
	return fuzz_u64(in);
}

/* An empty range overlaps nothing (rtree.h). */
static bool overlaps(pa_t s1, pa_t e1, pa_t s2, pa_t e2)
{
	return s1 < e1 && s2 < e2 && s1 < e2 && s2 < e1;
}

static int model_containing(pa_t pa)
{
	for (int i = 0; i < NODES; i++)
		if (m.in[i] && m.start[i] <= pa && pa < m.end[i])
			return i;
	return -1;
}

static size_t model_count(void)
{
	size_t k = 0;

	for (int i = 0; i < NODES; i++)
		k += m.in[i];
	return k;
}

static void op_insert(struct fuzz_in *in)
{
	unsigned i = fuzz_u8(in) % NODES;
	pa_t s = address(in), e = s + (fuzz_u16(in) & 0x3ff);
	enum err want = ERR_OK, got;

	if (m.in[i])
		return; /* the API requires a node in no tree */
	if (e < s)
		e = UINT64_MAX;
	if (s >= e)
		want = ERR_INVAL;
	for (int j = 0; j < NODES && want == ERR_OK; j++)
		if (m.in[j] && overlaps(s, e, m.start[j], m.end[j]))
			want = ERR_OVERLAP;
	got = rtree_insert(&m.t, &m.n[i], s, e);
	FUZZ_REQUIRE(got == want, "insert [%#llx,%#llx) gave %d, want %d", (unsigned long long)s,
		     (unsigned long long)e, got, want);
	if (got == ERR_OK) {
		m.in[i] = true;
		m.start[i] = s;
		m.end[i] = e;
	}
}

static void op_remove(struct fuzz_in *in)
{
	unsigned i = fuzz_u8(in) % NODES;

	if (!m.in[i])
		return;
	rtree_remove(&m.t, &m.n[i]);
	m.in[i] = false;
	FUZZ_REQUIRE(m.n[i].start == m.start[i] && m.n[i].end == m.end[i], "remove lost bounds");
}

static void op_lookup(struct fuzz_in *in)
{
	pa_t pa = address(in);
	int want = model_containing(pa);
	struct rtree_node *got = rtree_lookup(&m.t, pa);

	FUZZ_REQUIRE(got == (want < 0 ? NULL : &m.n[want]), "lookup %#llx", (unsigned long long)pa);
}

static void op_overlap(struct fuzz_in *in)
{
	pa_t s = address(in), e = s + fuzz_u16(in);
	size_t seen = 0, want = 0;
	pa_t last = 0;

	if (e < s)
		e = UINT64_MAX;
	for (int j = 0; j < NODES; j++)
		want += m.in[j] && overlaps(s, e, m.start[j], m.end[j]);
	for (struct rtree_node *n = rtree_first_overlap(&m.t, s, e); n;
	     n = rtree_next_overlap(n, s, e)) {
		unsigned i = (unsigned)(n - m.n);

		FUZZ_REQUIRE(i < NODES && m.in[i], "overlap query returned a stray node");
		FUZZ_REQUIRE(overlaps(s, e, n->start, n->end), "result does not overlap");
		FUZZ_REQUIRE(seen == 0 || n->start > last, "results out of order");
		last = n->start;
		seen++;
	}
	if (seen != want)
		for (int j = 0; j < NODES; j++)
			if (m.in[j])
				fprintf(stderr, "node %d [%#llx,%#llx)\n", j,
					(unsigned long long)m.start[j],
					(unsigned long long)m.end[j]);
	FUZZ_REQUIRE(seen == want, "overlap query [%#llx,%#llx) found %zu of %zu",
		     (unsigned long long)s, (unsigned long long)e, seen, want);
}

static void op_walk(void)
{
	size_t seen = 0;
	pa_t last_end = 0;

	for (struct rtree_node *n = rtree_first(&m.t); n; n = rtree_next(n)) {
		FUZZ_REQUIRE(seen == 0 || n->start >= last_end, "walk out of order");
		last_end = n->end;
		seen++;
	}
	FUZZ_REQUIRE(seen == model_count() && rtree_count(&m.t) == seen, "walk saw %zu of %zu",
		     seen, model_count());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };

	memset(&m, 0, sizeof m);
	rtree_init(&m.t);
	while (in.left) {
		uint8_t op = fuzz_u8(&in) % 8;

		if (op < 3)
			op_insert(&in);
		else if (op < 5)
			op_remove(&in);
		else if (op == 5)
			op_lookup(&in);
		else if (op == 6)
			op_overlap(&in);
		else
			op_walk();
		FUZZ_REQUIRE(rtree_check(&m.t) == ERR_OK, "rtree_check after op %u", op);
	}
	op_walk();
	return 0;
}
