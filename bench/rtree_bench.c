/* Resource tree lookup benchmark (host only; see bench/rtree.sh).
 *
 * Usage: rtree_bench N LOOKUPS
 *
 * Builds a tree of N ranges laid out like a physical address map (RAM
 * banks, device BARs and holes of assorted sizes, inserted in random order),
 * then runs LOOKUPS lookups inside lookup_loop(), the one function that
 * callgrind --toggle-collect counts. Also prints what a flat array of 16-byte
 * headers, one per 4 KiB frame across the same span, would cost against the
 * tree's own nodes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <kernel/rtree.h>

#define FLAT_HEADER_BYTES 16

/* A caller's range descriptor; only the node counts as tree memory. */
struct bench_range {
	pa_t base_oid;
	struct rtree_node node;
};

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void) /* xorshift64 */
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

/* Range sizes from 4 KiB to 64 MiB, log-uniform, so there are many small
 * device ranges and a few large RAM ones; three out of four ranges are
 * followed by a hole of 4 KiB to 16 MiB. */
static void build(struct rtree *t, struct bench_range *r, size_t n)
{
	size_t *order = malloc(n * sizeof(*order));
	pa_t at = 0x100000;

	if (!order)
		exit(1);
	for (size_t i = 0; i < n; i++) {
		pa_t size = (pa_t)PAGE_SIZE << rnd_below(15);

		r[i].node.start = at;
		r[i].node.end = at + size;
		r[i].base_oid = i;
		at += size;
		if (rnd_below(4))
			at += (pa_t)PAGE_SIZE << rnd_below(13);
		order[i] = i;
	}
	for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
		size_t j = (size_t)rnd_below(i), tmp = order[i - 1];

		order[i - 1] = order[j];
		order[j] = tmp;
	}
	rtree_init(t);
	for (size_t i = 0; i < n; i++) {
		struct bench_range *x = &r[order[i]];

		if (rtree_insert(t, &x->node, x->node.start, x->node.end) != ERR_OK)
			exit(1);
	}
	free(order);
	if (rtree_check(t) != ERR_OK || rtree_count(t) != n)
		exit(1);
}

/* Nine in ten probes hit a random range at a random offset; the rest are
 * anywhere in the span, holes included. */
static void make_probes(const struct bench_range *r, size_t n, pa_t *pa, size_t count)
{
	pa_t lo = r[0].node.start, span = r[n - 1].node.end - lo;

	for (size_t i = 0; i < count; i++) {
		const struct rtree_node *x = &r[rnd_below(n)].node;

		pa[i] = rnd_below(10) ? x->start + rnd_below(x->end - x->start)
				      : lo + rnd_below(span);
	}
}

/* The measured region: nothing but lookups and a little loop overhead. */
__attribute__((noinline)) size_t lookup_loop(const struct rtree *t, const pa_t *pa, size_t count)
{
	size_t hits = 0;

	for (size_t i = 0; i < count; i++)
		hits += rtree_lookup(t, pa[i]) != NULL;
	return hits;
}

int main(int argc, char **argv)
{
	size_t n, count, hits;
	struct bench_range *r;
	struct rtree t;
	pa_t *pa, span;
	uint64_t frames, flat, tree, covered = 0;
	struct timespec t0, t1;
	double ns;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 0)) == 0 ||
	    (count = strtoul(argv[2], NULL, 0)) == 0) {
		fprintf(stderr, "usage: %s N LOOKUPS\n", argv[0]);
		return 2;
	}
	r = calloc(n, sizeof(*r));
	pa = malloc(count * sizeof(*pa));
	if (!r || !pa)
		return 1;
	build(&t, r, n);
	make_probes(r, n, pa, count);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	hits = lookup_loop(&t, pa, count);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
	     (double)count;

	span = r[n - 1].node.end - r[0].node.start;
	frames = span / PAGE_SIZE;
	flat = frames * FLAT_HEADER_BYTES;
	for (size_t i = 0; i < n; i++)
		covered += (r[i].node.end - r[i].node.start) / PAGE_SIZE;
	tree = (uint64_t)n * sizeof(struct rtree_node);
	printf("n=%zu height=%u lookups=%zu hits=%zu ns_per_lookup=%.1f\n", n,
	       (unsigned)t.root->height, count, hits, ns);
	/* The per-range header arrays are needed either way; what a flat
	 * array adds is headers for the holes, and what the tree adds is its
	 * nodes. */
	printf("n=%zu span=%" PRIu64 "MiB frames=%" PRIu64 " flat_array=%" PRIu64
	       "B in_range_headers=%" PRIu64 "B hole_headers=%" PRIu64 "B tree_nodes=%" PRIu64
	       "B (%zu x %zu B) flat/tree=%.0f\n",
	       n, span >> 20, frames, flat, covered * FLAT_HEADER_BYTES,
	       (frames - covered) * FLAT_HEADER_BYTES, tree, n, sizeof(struct rtree_node),
	       (double)flat / (double)tree);
	free(pa);
	free(r);
	return 0;
}
