/* Unit tests for the resource tree (kernel/mem/rtree.c). */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <kernel/rtree.h>

#include "unit.h"

#define KIB 0x400ull
#define PA_TOP UINT64_MAX

/* A stand-in for a range descriptor; the node is deliberately not the first
 * member so that RTREE_ENTRY has an offset to undo. */
struct range {
	uint32_t id;
	bool in_tree;
	struct rtree_node node;
};

static struct range *range_of(struct rtree_node *n)
{
	return n ? RTREE_ENTRY(n, struct range, node) : NULL;
}

static void init_ranges(struct range *r, size_t n)
{
	memset(r, 0, n * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i].id = (uint32_t)i;
}

static void insert_ok(struct rtree *t, struct range *r, pa_t start, pa_t end)
{
	enum err e = rtree_insert(t, &r->node, start, end);

	ck_assert_msg(e == ERR_OK, "insert [%#llx,%#llx) of #%u: %d", (unsigned long long)start,
		      (unsigned long long)end, r->id, (int)e);
	r->in_tree = true;
	ck_assert_int_eq(rtree_check(t), ERR_OK);
}

static void remove_ok(struct rtree *t, struct range *r)
{
	size_t before = rtree_count(t);

	rtree_remove(t, &r->node);
	r->in_tree = false;
	ck_assert_uint_eq(rtree_count(t), before - 1);
	ck_assert_int_eq(rtree_check(t), ERR_OK);
	ck_assert_ptr_null(r->node.parent);
	ck_assert_ptr_null(r->node.left);
	ck_assert_ptr_null(r->node.right);
}

/* Every range marked in_tree is found at its first and last byte, and every
 * other one is not found at its start. */
static void assert_membership(const struct rtree *t, struct range *r, size_t n)
{
	size_t present = 0;

	for (size_t i = 0; i < n; i++) {
		struct rtree_node *got = rtree_lookup(t, r[i].node.start);

		if (r[i].in_tree) {
			present++;
			ck_assert_ptr_eq(got, &r[i].node);
			ck_assert_ptr_eq(rtree_lookup(t, r[i].node.end - 1), &r[i].node);
		} else {
			ck_assert_ptr_ne(got, &r[i].node);
		}
	}
	ck_assert_uint_eq(rtree_count(t), present);
}

/* The complete state of a small tree, to show that a failed call changed
 * nothing. */
#define SNAP_MAX 64
struct snapshot {
	const struct rtree_node *root;
	size_t count, n;
	struct rtree_node copy[SNAP_MAX];
	const struct rtree_node *addr[SNAP_MAX];
};

static void snap_take(const struct rtree *t, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->root = t->root;
	s->count = rtree_count(t);
	for (struct rtree_node *n = rtree_first(t); n; n = rtree_next(n)) {
		ck_assert_uint_lt(s->n, SNAP_MAX);
		s->addr[s->n] = n;
		s->copy[s->n++] = *n;
	}
}

static void snap_assert_same(const struct rtree *t, const struct snapshot *s)
{
	struct snapshot now;

	snap_take(t, &now);
	ck_assert_ptr_eq(now.root, s->root);
	ck_assert_uint_eq(now.count, s->count);
	ck_assert_uint_eq(now.n, s->n);
	for (size_t i = 0; i < s->n; i++) {
		ck_assert_ptr_eq(now.addr[i], s->addr[i]);
		ck_assert_int_eq(memcmp(&now.copy[i], &s->copy[i], sizeof(s->copy[i])), 0);
	}
}

START_TEST(rtree_empty)
{
	struct rtree t;

	rtree_init(&t);
	ck_assert_uint_eq(rtree_count(&t), 0);
	ck_assert_int_eq(rtree_check(&t), ERR_OK);
	ck_assert_ptr_null(rtree_lookup(&t, 0));
	ck_assert_ptr_null(rtree_lookup(&t, 0x1000));
	ck_assert_ptr_null(rtree_lookup(&t, PA_TOP));
	ck_assert_ptr_null(rtree_first(&t));
	ck_assert_ptr_null(rtree_first_overlap(&t, 0, PA_TOP));
}
END_TEST

START_TEST(rtree_single)
{
	struct rtree t;
	struct range r[1];

	init_ranges(r, 1);
	rtree_init(&t);
	insert_ok(&t, &r[0], 0x1000, 0x3000);
	ck_assert_uint_eq(rtree_count(&t), 1);
	ck_assert_ptr_eq(rtree_lookup(&t, 0x1000), &r[0].node);
	ck_assert_ptr_eq(range_of(rtree_lookup(&t, 0x1000)), &r[0]);
	ck_assert_ptr_eq(rtree_lookup(&t, 0x2fff), &r[0].node);
	ck_assert_ptr_null(rtree_lookup(&t, 0x3000));
	ck_assert_ptr_null(rtree_lookup(&t, 0x0fff));
	ck_assert_ptr_eq(rtree_first(&t), &r[0].node);
	ck_assert_ptr_null(rtree_next(&r[0].node));
	ck_assert_uint_eq(r[0].node.start, 0x1000);
	ck_assert_uint_eq(r[0].node.end, 0x3000);
	ck_assert_uint_eq(r[0].node.max_end, 0x3000);
}
END_TEST

START_TEST(rtree_adjacent)
{
	struct rtree t;
	struct range r[3];

	init_ranges(r, 3);
	rtree_init(&t);
	insert_ok(&t, &r[1], 0x2000, 0x3000);
	insert_ok(&t, &r[2], 0x3000, 0x4000); /* touches r[1] on the right */
	insert_ok(&t, &r[0], 0x1000, 0x2000); /* touches r[1] on the left */
	ck_assert_uint_eq(rtree_count(&t), 3);
	for (unsigned i = 0; i < 3; i++) {
		pa_t s = 0x1000 * (i + 1);

		ck_assert_ptr_eq(rtree_lookup(&t, s), &r[i].node);
		ck_assert_ptr_eq(rtree_lookup(&t, s + 0xfff), &r[i].node);
	}
	ck_assert_ptr_null(rtree_lookup(&t, 0x4000));
	/* A query ending exactly where a range starts does not touch it. */
	ck_assert_ptr_eq(rtree_first_overlap(&t, 0, 0x2001), &r[0].node);
	ck_assert_ptr_eq(rtree_first_overlap(&t, 0x2000, 0x2001), &r[1].node);
	ck_assert_ptr_null(rtree_first_overlap(&t, 0, 0x1000));
	ck_assert_ptr_null(rtree_first_overlap(&t, 0x4000, PA_TOP));
}
END_TEST

START_TEST(rtree_overlap_rejected)
{
	/* Each shape against the present range [0x4000, 0x5000). */
	static const struct {
		const char *shape;
		pa_t start, end;
	} bad[] = {
		{ "equal", 0x4000, 0x5000 },
		{ "contained", 0x4400, 0x4800 },
		{ "contained at start", 0x4000, 0x4001 },
		{ "contained at end", 0x4fff, 0x5000 },
		{ "containing", 0x3000, 0x6000 },
		{ "containing from start", 0x4000, 0x9000 },
		{ "left", 0x3800, 0x4001 },
		{ "right", 0x4fff, 0x5800 },
		{ "spanning two ranges", 0x1800, 0x4800 },
		{ "everything", 0, PA_TOP },
	};
	struct rtree t;
	struct range r[4], probe;
	struct snapshot before;

	init_ranges(r, 4);
	rtree_init(&t);
	insert_ok(&t, &r[0], 0x1000, 0x2000);
	insert_ok(&t, &r[1], 0x4000, 0x5000);
	insert_ok(&t, &r[2], 0x8000, 0x8800);
	insert_ok(&t, &r[3], 0xa000, 0xb000);
	snap_take(&t, &before);

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct range copy;

		memset(&probe, 0xa5, sizeof(probe));
		copy = probe;
		ck_assert_msg(rtree_insert(&t, &probe.node, bad[i].start, bad[i].end) ==
				      ERR_OVERLAP,
			      "%s not rejected", bad[i].shape);
		snap_assert_same(&t, &before);
		ck_assert_int_eq(memcmp(&probe, &copy, sizeof(probe)), 0);
		ck_assert_int_eq(rtree_check(&t), ERR_OK);
	}
	/* The gaps are still usable, right up to both neighbours. */
	insert_ok(&t, &probe, 0x5000, 0x8000);
	ck_assert_uint_eq(rtree_count(&t), 5);
}
END_TEST

START_TEST(rtree_bad_bounds)
{
	static const pa_t bad[][2] = {
		{ 0x1000, 0x1000 }, { 0x2000, 0x1000 }, { 0, 0 }, { PA_TOP, PA_TOP },
		{ PA_TOP, 0 },	    { 0x4800, 0x4800 }, /* empty, inside a present range */
	};
	struct rtree t;
	struct range r[1], probe;
	struct snapshot before;

	init_ranges(r, 1);
	rtree_init(&t);
	insert_ok(&t, &r[0], 0x4000, 0x5000);
	snap_take(&t, &before);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(rtree_insert(&t, &probe.node, bad[i][0], bad[i][1]), ERR_INVAL);
		snap_assert_same(&t, &before);
	}
	/* Empty and reversed queries overlap nothing. */
	ck_assert_ptr_null(rtree_first_overlap(&t, 0x4800, 0x4800));
	ck_assert_ptr_null(rtree_first_overlap(&t, 0x4800, 0x4000));
}
END_TEST

START_TEST(rtree_top_of_space)
{
	struct rtree t;
	struct range r[3];

	init_ranges(r, 3);
	rtree_init(&t);
	insert_ok(&t, &r[1], PA_TOP - 0x1000, PA_TOP);
	insert_ok(&t, &r[0], PA_TOP - 0x2000, PA_TOP - 0x1000);
	insert_ok(&t, &r[2], 0, 0x1000);
	ck_assert_ptr_eq(rtree_lookup(&t, PA_TOP - 1), &r[1].node);
	ck_assert_ptr_eq(rtree_lookup(&t, PA_TOP - 0x1000), &r[1].node);
	ck_assert_ptr_eq(rtree_lookup(&t, PA_TOP - 0x1001), &r[0].node);
	ck_assert_ptr_null(rtree_lookup(&t, PA_TOP));
	ck_assert_ptr_eq(rtree_lookup(&t, 0), &r[2].node);
	ck_assert_ptr_eq(rtree_first_overlap(&t, PA_TOP - 1, PA_TOP), &r[1].node);
	ck_assert_ptr_eq(rtree_first_overlap(&t, 0x1000, PA_TOP), &r[0].node);
	ck_assert_ptr_eq(rtree_next_overlap(&r[0].node, 0x1000, PA_TOP), &r[1].node);
	ck_assert_ptr_null(rtree_next_overlap(&r[1].node, 0x1000, PA_TOP));
	ck_assert_int_eq(rtree_insert(&t, &r[0].node, 0x1000, PA_TOP), ERR_OVERLAP);
	ck_assert_uint_eq(rtree_count(&t), 3);
}
END_TEST

/* Start and end of the i-th of a row of 4 KiB ranges with 4 KiB gaps;
 * i = 1..n so that i * 0x2000 orders the ranges by index. */
static pa_t row_start(unsigned i)
{
	return (pa_t)i * 0x2000;
}

/* Insert ranges 1..n of a row in "median first" order, which gives a
 * perfect tree when n = 2^k - 1 and so controls which nodes are internal. */
static void build_perfect(struct rtree *t, struct range *r, unsigned lo, unsigned hi)
{
	unsigned mid;

	if (lo > hi)
		return;
	mid = lo + (hi - lo) / 2;
	insert_ok(t, &r[mid], row_start(mid), row_start(mid) + 0x1000);
	if (mid > lo)
		build_perfect(t, r, lo, mid - 1);
	build_perfect(t, r, mid + 1, hi);
}

START_TEST(rtree_remove_root)
{
	struct rtree t;
	struct range r[8];

	init_ranges(r, 8);
	rtree_init(&t);
	build_perfect(&t, r, 1, 7);
	ck_assert_ptr_eq(t.root, &r[4].node);
	ck_assert_ptr_nonnull(r[4].node.left);
	ck_assert_ptr_nonnull(r[4].node.right);
	remove_ok(&t, &r[4]);
	ck_assert_ptr_ne(t.root, &r[4].node);
	ck_assert_ptr_null(rtree_lookup(&t, row_start(4)));
	assert_membership(&t, r + 1, 7);

	/* Down to a single node, then nothing. */
	while (t.root && (t.root->left || t.root->right))
		remove_ok(&t, range_of(t.root));
	ck_assert_uint_eq(rtree_count(&t), 1);
	remove_ok(&t, range_of(t.root));
	ck_assert_ptr_null(t.root);
	ck_assert_ptr_null(rtree_first(&t));
	assert_membership(&t, r + 1, 7);
}
END_TEST

START_TEST(rtree_remove_leaves)
{
	struct rtree t;
	struct range r[16];

	init_ranges(r, 16);
	rtree_init(&t);
	build_perfect(&t, r, 1, 15);
	for (unsigned i = 1; i <= 15; i += 2) { /* odd indices are leaves */
		ck_assert_ptr_null(r[i].node.left);
		ck_assert_ptr_null(r[i].node.right);
		remove_ok(&t, &r[i]);
		assert_membership(&t, r + 1, 15);
	}
	ck_assert_uint_eq(rtree_count(&t), 7);
}
END_TEST

START_TEST(rtree_remove_two_children)
{
	struct rtree t;
	struct range r[16];

	init_ranges(r, 16);
	rtree_init(&t);
	build_perfect(&t, r, 1, 15);
	/* 4's successor 5 is deep in its right subtree; 2's successor 3 is
	 * its right child: both ways of moving the successor up. */
	ck_assert_ptr_eq(r[4].node.right, &r[6].node);
	ck_assert_ptr_eq(r[6].node.left, &r[5].node);
	remove_ok(&t, &r[4]);
	assert_membership(&t, r + 1, 15);
	ck_assert_ptr_eq(r[2].node.right, &r[3].node);
	ck_assert_ptr_null(r[3].node.left);
	ck_assert_ptr_nonnull(r[2].node.left);
	remove_ok(&t, &r[2]);
	assert_membership(&t, r + 1, 15);
	/* And one in the right half of the tree. */
	ck_assert_ptr_nonnull(r[12].node.left);
	ck_assert_ptr_nonnull(r[12].node.right);
	remove_ok(&t, &r[12]);
	assert_membership(&t, r + 1, 15);
	ck_assert_uint_eq(rtree_count(&t), 12);
}
END_TEST

START_TEST(rtree_remove_one_child)
{
	struct rtree t;
	struct range r[8];

	init_ranges(r, 8);
	rtree_init(&t);
	build_perfect(&t, r, 1, 7);
	remove_ok(&t, &r[5]); /* now 6 has only its right child 7 */
	ck_assert_ptr_null(r[6].node.left);
	ck_assert_ptr_eq(r[6].node.right, &r[7].node);
	remove_ok(&t, &r[6]);
	ck_assert_ptr_eq(r[7].node.parent, &r[4].node);
	assert_membership(&t, r + 1, 7);
}
END_TEST

/* Insert a thousand ranges in ascending, descending and interleaved order
 * and compare the height with the AVL bound for that count. */
START_TEST(rtree_balance)
{
	enum { N = 1000 };
	static struct range r[N];
	/* Fewest nodes in an AVL tree of height h: m(h) = m(h-1)+m(h-2)+1. */
	unsigned bound = 1;
	size_t m_prev = 0, m = 1;

	while (m_prev + m + 1 <= N) {
		size_t next = m_prev + m + 1;

		m_prev = m;
		m = next;
		bound++;
	}
	for (int order = 0; order < 3; order++) {
		struct rtree t;

		init_ranges(r, N);
		rtree_init(&t);
		for (unsigned k = 0; k < N; k++) {
			unsigned i = order == 0	  ? k
				     : order == 1 ? N - 1 - k
						  : (k % 2 ? k / 2 : N - 1 - k / 2);

			ck_assert_int_eq(rtree_insert(&t, &r[i].node, row_start(i + 1),
						      row_start(i + 1) + 0x1000),
					 ERR_OK);
			r[i].in_tree = true;
		}
		ck_assert_int_eq(rtree_check(&t), ERR_OK);
		ck_assert_uint_le(t.root->height, bound);
		ck_assert_uint_eq(t.root->max_end, row_start(N) + 0x1000);
		/* Remove every other one; still balanced. */
		for (unsigned i = 0; i < N; i += 2) {
			rtree_remove(&t, &r[i].node);
			r[i].in_tree = false;
		}
		ck_assert_int_eq(rtree_check(&t), ERR_OK);
		ck_assert_uint_le(t.root->height, bound);
		assert_membership(&t, r, N);
	}
}
END_TEST

START_TEST(rtree_inorder)
{
	enum { N = 200 };
	static struct range r[N];
	struct rtree t;
	pa_t last_end = 0;
	size_t seen = 0;

	init_ranges(r, N);
	rtree_init(&t);
	/* Scatter the insertion order with a stride coprime to N. */
	for (unsigned k = 0; k < N; k++) {
		unsigned i = (k * 37) % N;

		insert_ok(&t, &r[i], row_start(i + 1), row_start(i + 1) + 0x800 + i);
	}
	for (struct rtree_node *n = rtree_first(&t); n; n = rtree_next(n)) {
		ck_assert_uint_le(last_end, n->start);
		ck_assert_ptr_eq(n, &r[seen].node);
		last_end = n->end;
		seen++;
	}
	ck_assert_uint_eq(seen, N);
}
END_TEST

/* Ranges of varying size and gap; queries from a list of shapes, checked
 * against a scan of the array. */
START_TEST(rtree_overlap_iteration)
{
	enum { N = 60 };
	static struct range r[N];
	struct rtree t;
	pa_t at = 0x10000;

	init_ranges(r, N);
	rtree_init(&t);
	for (unsigned i = 0; i < N; i++) {
		pa_t size = (pa_t)((i * 7) % 13 + 1) * 4 * KIB;
		pa_t gap = (i % 3 == 0) ? 0 : (pa_t)((i * 5) % 11) * 4 * KIB;

		r[i].node.start = at;
		r[i].node.end = at + size;
		at += size + gap;
	}
	for (unsigned k = 0; k < N; k++) {
		unsigned i = (k * 23) % N;

		insert_ok(&t, &r[i], r[i].node.start, r[i].node.end);
	}

	pa_t qs[][2] = {
		{ 0, PA_TOP },
		{ 0, r[0].node.start },
		{ r[0].node.start, r[0].node.start + 1 },
		{ r[N - 1].node.end, PA_TOP },
		{ r[N - 1].node.end - 1, PA_TOP },
		{ r[10].node.start, r[10].node.end },
		{ r[10].node.end - 1, r[20].node.start + 1 },
		{ r[10].node.end, r[20].node.start },
		{ r[30].node.start + 1, r[31].node.start + 1 },
		{ r[5].node.end, r[5].node.end + 1 },
		{ r[40].node.start, r[40].node.start },
	};
	for (size_t q = 0; q < ARRAY_SIZE(qs); q++) {
		pa_t s = qs[q][0], e = qs[q][1];
		size_t want = 0, got = 0;
		struct rtree_node *prev = NULL;

		for (unsigned i = 0; i < N; i++)
			want += s < e && r[i].node.start < e && r[i].node.end > s;
		for (struct rtree_node *n = rtree_first_overlap(&t, s, e); n;
		     n = rtree_next_overlap(n, s, e)) {
			ck_assert_uint_lt(got, N);
			ck_assert(n->start < e && n->end > s);
			if (prev)
				ck_assert_uint_lt(prev->start, n->start);
			prev = n;
			got++;
		}
		ck_assert_msg(got == want, "query %zu: got %zu want %zu", q, got, want);
	}
}
END_TEST

START_TEST(rtree_check_detects_corruption)
{
	struct rtree t;
	struct range r[3];
	struct rtree_node saved;

	init_ranges(r, 3);
	rtree_init(&t);
	insert_ok(&t, &r[0], 0x1000, 0x2000);
	insert_ok(&t, &r[1], 0x3000, 0x4000);
	insert_ok(&t, &r[2], 0x5000, 0x6000);
	ck_assert_ptr_eq(t.root, &r[1].node); /* one rotation made 1 root */

	saved = r[0].node;
	r[0].node.end = r[0].node.max_end = 0x3800; /* into r[1] */
	ck_assert_int_eq(rtree_check(&t), ERR_OVERLAP);
	r[0].node.start = 0x3000; /* same start as r[1] */
	ck_assert_int_eq(rtree_check(&t), ERR_ORDER);
	r[0].node = saved;
	ck_assert_int_eq(rtree_check(&t), ERR_OK);

	t.root->max_end--;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	t.root->max_end++;
	r[2].node.height++;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[2].node.height--;
	r[2].node.parent = &r[0].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[2].node.parent = &r[1].node;
	t.count++;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	t.count -= 2;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	t.count++;
	ck_assert_int_eq(rtree_check(&t), ERR_OK);

	/* A chain 0 -> 1 -> 2 with consistent heights and max_end is a
	 * valid search tree but not an AVL tree. */
	r[0].node = (struct rtree_node){
		.right = &r[1].node, .start = 0x1000, .end = 0x2000, .max_end = 0x6000, .height = 3
	};
	r[1].node = (struct rtree_node){ .right = &r[2].node,
					 .parent = &r[0].node,
					 .start = 0x3000,
					 .end = 0x4000,
					 .max_end = 0x6000,
					 .height = 2 };
	r[2].node = (struct rtree_node){
		.parent = &r[1].node, .start = 0x5000, .end = 0x6000, .max_end = 0x6000, .height = 1
	};
	t.root = &r[0].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
}
END_TEST

/* rtree_next_overlap from any node, the window's or not: the first node
 * after it in order that overlaps the window, as a plain scan finds it. */
START_TEST(rtree_next_overlap_from_any_node)
{
	enum { N = 40 };
	static struct range r[N];
	struct rtree t;

	init_ranges(r, N);
	rtree_init(&t);
	for (unsigned k = 0; k < N; k++) {
		unsigned i = (k * 17) % N;
		pa_t start = 0x100000 + (pa_t)i * 0x3000;

		insert_ok(&t, &r[i], start, start + ((i % 3) + 1) * 0x1000);
	}
	pa_t qs[][2] = {
		{ r[30].node.start, r[35].node.end },
		{ r[3].node.end, r[4].node.start + 1 },
		{ r[20].node.start + 1, r[20].node.start + 2 },
		{ 0, r[0].node.start },
		{ r[N - 1].node.end, PA_TOP },
		{ r[12].node.start, r[12].node.start }, /* empty */
	};
	for (size_t q = 0; q < ARRAY_SIZE(qs); q++) {
		pa_t s = qs[q][0], e = qs[q][1];

		for (unsigned i = 0; i < N; i++) {
			struct rtree_node *want = NULL;

			for (unsigned j = i + 1; j < N && !want && s < e; j++)
				if (r[j].node.start < e && r[j].node.end > s)
					want = &r[j].node;
			ck_assert_msg(rtree_next_overlap(&r[i].node, s, e) == want,
				      "query %zu from #%u", q, i);
		}
	}
}
END_TEST

/* More damage rtree_check names: an empty node, one child linked twice, a
 * root with a parent, a left child that names another parent, and a tree
 * leaning left past AVL balance. */
START_TEST(rtree_check_detects_more_corruption)
{
	struct rtree t;
	struct range r[3];

	init_ranges(r, 3);
	rtree_init(&t);
	insert_ok(&t, &r[0], 0x1000, 0x2000);
	insert_ok(&t, &r[1], 0x3000, 0x4000);
	insert_ok(&t, &r[2], 0x5000, 0x6000);
	ck_assert_ptr_eq(t.root, &r[1].node);

	r[0].node.end = r[0].node.start;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[0].node.end = 0x2000;
	r[1].node.right = &r[0].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[1].node.right = &r[2].node;
	r[1].node.parent = &r[0].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[1].node.parent = NULL;
	r[0].node.parent = &r[2].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
	r[0].node.parent = &r[1].node;
	ck_assert_int_eq(rtree_check(&t), ERR_OK);

	/* 2 -> 1 -> 0 down the left: a search tree, not an AVL tree */
	r[2].node = (struct rtree_node){
		.left = &r[1].node, .start = 0x5000, .end = 0x6000, .max_end = 0x6000, .height = 3
	};
	r[1].node = (struct rtree_node){ .left = &r[0].node,
					 .parent = &r[2].node,
					 .start = 0x3000,
					 .end = 0x4000,
					 .max_end = 0x4000,
					 .height = 2 };
	r[0].node = (struct rtree_node){
		.parent = &r[1].node, .start = 0x1000, .end = 0x2000, .max_end = 0x2000, .height = 1
	};
	t.root = &r[2].node;
	ck_assert_int_eq(rtree_check(&t), ERR_INVAL);
}
END_TEST

/* ---- Randomised comparison against a naive model ---- */

#define RND_OPS 100000
#define RND_POOL 512
/* Three 4 MiB windows: low memory, just above 4 GiB (where QEMU puts
 * hot-plugged DIMMs), and the very top of the 64-bit space. */
#define RND_WIN (4 * 1024 * KIB)

/* ck_assert records a mark point per call (file I/O in fork mode), too
 * slow for a million checks; this only calls into Check on failure. */
#define REQUIRE(cond, ...)                                               \
	do {                                                             \
		if (!(cond))                                             \
			ck_abort_msg("op %lu: " #cond ": " __VA_ARGS__); \
	} while (0)

static uint64_t rnd_state;

static uint64_t rnd(void) /* xorshift64 */
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n; /* host only; the slight bias does not matter */
}

static pa_t rnd_window(void)
{
	static const pa_t base[] = { 0, 0x100000000ull, PA_TOP - RND_WIN };

	return base[rnd_below(ARRAY_SIZE(base))];
}

struct model {
	struct rtree t;
	struct range pool[RND_POOL];
	struct range *present[RND_POOL]; /* the ranges in the tree */
	size_t n_present;
	struct range *free[RND_POOL];
	size_t n_free;
};

static struct range *model_lookup(const struct model *m, pa_t pa)
{
	for (size_t i = 0; i < m->n_present; i++)
		if (m->present[i]->node.start <= pa && pa < m->present[i]->node.end)
			return m->present[i];
	return NULL;
}

static bool model_overlaps(const struct model *m, pa_t s, pa_t e)
{
	for (size_t i = 0; i < m->n_present; i++)
		if (m->present[i]->node.start < e && m->present[i]->node.end > s)
			return true;
	return false;
}

static size_t model_count_overlaps(const struct model *m, pa_t s, pa_t e)
{
	size_t c = 0;

	for (size_t i = 0; i < m->n_present; i++)
		c += s < e && m->present[i]->node.start < e && m->present[i]->node.end > s;
	return c;
}

/* A probe address: a random one in a window (its top end included), or
 * one at the edge of a present range. */
static pa_t rnd_probe(const struct model *m)
{
	if (m->n_present && rnd_below(2)) {
		const struct rtree_node *n = &m->present[rnd_below(m->n_present)]->node;

		switch (rnd_below(4)) {
		case 0:
			return n->start - 1;
		case 1:
			return n->start;
		case 2:
			return n->end - 1;
		default:
			return n->end;
		}
	}
	return rnd_window() + rnd_below(RND_WIN + 1);
}

static void rnd_insert(struct model *m, unsigned long op)
{
	pa_t base = rnd_window(), off = rnd_below(RND_WIN);
	pa_t len = 1 + rnd_below(rnd_below(8) ? 16 * KIB : RND_WIN / 16);
	pa_t start = base + off;
	pa_t end = base + (len > RND_WIN - off ? RND_WIN : off + len);
	struct range *r;
	enum err e, want;

	if (rnd_below(64) == 0)
		end = start - rnd_below(2); /* empty or reversed */
	if (m->n_free == 0)
		return;
	want = start >= end ? ERR_INVAL : model_overlaps(m, start, end) ? ERR_OVERLAP : ERR_OK;
	r = m->free[m->n_free - 1];
	e = rtree_insert(&m->t, &r->node, start, end);
	REQUIRE(e == want, "got %d want %d", op, (int)e, (int)want);
	if (e == ERR_OK) {
		m->n_free--;
		r->in_tree = true;
		m->present[m->n_present++] = r;
	}
}

static void rnd_remove(struct model *m)
{
	size_t i;
	struct range *r;

	if (m->n_present == 0)
		return;
	i = rnd_below(m->n_present);
	r = m->present[i];
	m->present[i] = m->present[--m->n_present];
	rtree_remove(&m->t, &r->node);
	r->in_tree = false;
	m->free[m->n_free++] = r;
}

static void rnd_query(const struct model *m, unsigned long op)
{
	pa_t s = rnd_probe(m), e;
	size_t want, got = 0;
	const struct rtree_node *prev = NULL;

	switch (rnd_below(4)) {
	case 0:
		e = s;
		break; /* empty */
	case 1:
		e = s + 1 < s ? s : s + 1;
		break;
	case 2:
		e = PA_TOP;
		break;
	default:
		e = s + rnd_below(RND_WIN / 4);
		break;
	}
	if (e < s)
		e = PA_TOP;
	want = model_count_overlaps(m, s, e);
	for (struct rtree_node *n = rtree_first_overlap(&m->t, s, e); n;
	     n = rtree_next_overlap(n, s, e)) {
		REQUIRE(got < m->n_present, "runaway", op);
		REQUIRE(range_of(n)->in_tree, "", op);
		REQUIRE(n->start < e && n->end > s, "", op);
		REQUIRE(!prev || prev->start < n->start, "", op);
		prev = n;
		got++;
	}
	REQUIRE(got == want, "got %zu want %zu", op, got, want);
}

START_TEST(rtree_random)
{
	static struct model m;
	unsigned long inserts = 0, removes = 0, lookups = 0, queries = 0;
	unsigned long hits = 0;

	memset(&m, 0, sizeof(m));
	rnd_state = 0x2545f4914f6cdd1dull;
	rtree_init(&m.t);
	init_ranges(m.pool, RND_POOL);
	for (size_t i = 0; i < RND_POOL; i++)
		m.free[m.n_free++] = &m.pool[RND_POOL - 1 - i];

	for (unsigned long op = 0; op < RND_OPS; op++) {
		unsigned kind = (unsigned)rnd_below(100);
		bool mutated = false;

		if (kind < 30) {
			size_t before = m.n_present;

			rnd_insert(&m, op);
			inserts++;
			mutated = m.n_present != before;
		} else if (kind < 50) { /* fewer than inserts: many fail */
			mutated = m.n_present != 0;
			rnd_remove(&m);
			removes++;
		} else if (kind < 85) {
			pa_t pa = rnd_probe(&m);
			struct range *want = model_lookup(&m, pa);
			struct rtree_node *got = rtree_lookup(&m.t, pa);

			REQUIRE(range_of(got) == want, "pa %#llx", op, (unsigned long long)pa);
			hits += want != NULL;
			lookups++;
		} else {
			rnd_query(&m, op);
			queries++;
		}
		REQUIRE(rtree_count(&m.t) == m.n_present, "", op);
		if (mutated) {
			enum err e = rtree_check(&m.t);

			REQUIRE(e == ERR_OK, "check %d", op, (int)e);
		}
	}
	/* The mix must have exercised every path, not idled near empty. */
	ck_assert_uint_gt(m.n_present, 50);
	ck_assert_uint_gt(hits, lookups / 5);
	ck_assert_uint_gt(queries, RND_OPS / 10);
	ck_assert_uint_gt(removes, RND_OPS / 10);
	ck_assert_uint_gt(inserts, RND_OPS / 10);
	for (size_t i = 0; i < m.n_present; i++)
		ck_assert_ptr_eq(rtree_lookup(&m.t, m.present[i]->node.start), &m.present[i]->node);
	while (m.n_present)
		rnd_remove(&m);
	ck_assert_int_eq(rtree_check(&m.t), ERR_OK);
	ck_assert_ptr_null(m.t.root);
}
END_TEST

Suite *rtree_suite(void)
{
	Suite *s = suite_create("rtree");
	TCase *basic = tcase_create("basic");
	TCase *remove = tcase_create("remove");
	TCase *query = tcase_create("query");
	TCase *random = tcase_create("random");

	tcase_add_test(basic, rtree_empty);
	tcase_add_test(basic, rtree_single);
	tcase_add_test(basic, rtree_adjacent);
	tcase_add_test(basic, rtree_overlap_rejected);
	tcase_add_test(basic, rtree_bad_bounds);
	tcase_add_test(basic, rtree_top_of_space);
	tcase_add_test(basic, rtree_check_detects_corruption);
	tcase_add_test(basic, rtree_check_detects_more_corruption);
	tcase_add_test(basic, rtree_next_overlap_from_any_node);
	suite_add_tcase(s, basic);

	tcase_add_test(remove, rtree_remove_root);
	tcase_add_test(remove, rtree_remove_leaves);
	tcase_add_test(remove, rtree_remove_two_children);
	tcase_add_test(remove, rtree_remove_one_child);
	tcase_add_test(remove, rtree_balance);
	suite_add_tcase(s, remove);

	tcase_add_test(query, rtree_inorder);
	tcase_add_test(query, rtree_overlap_iteration);
	suite_add_tcase(s, query);

	/* Sanitizer builds are several times slower than plain ones. */
	tcase_set_timeout(random, 30);
	tcase_add_test(random, rtree_random);
	suite_add_tcase(s, random);
	return s;
}

UNIT_SUITE(rtree)
