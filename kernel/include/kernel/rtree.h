/* Resource tree: an augmented interval tree from physical address ranges to
 * the descriptors that embed its nodes (see doc/ and DESIGN.md §2).
 *
 * The tree is intrusive and never allocates: the caller embeds a struct
 * rtree_node in its range descriptor and recovers the descriptor with
 * RTREE_ENTRY(). Ranges are half-open [start, end) and never overlap;
 * adjacent ranges are fine. Every operation is O(log n) in the number of
 * ranges; iterating k results costs O(log n) per result.
 *
 * No locking here: the caller serialises all access to one tree. */
#ifndef KERNEL_RTREE_H
#define KERNEL_RTREE_H

#include <lib/err.h>
#include <lib/types.h>

struct rtree_node {
	struct rtree_node *left, *right, *parent;
	pa_t start;
	pa_t end; /* exclusive */
	/* Largest end in this node's subtree: lets overlap queries skip a
	 * subtree whose every range ends at or before the query's start. */
	pa_t max_end;
	/* AVL height of the subtree rooted here; a leaf is 1. At most ~92
	 * even for 2^64 nodes, so a byte is plenty. */
	uint8_t height;
};

struct rtree {
	struct rtree_node *root;
	size_t count;
};

/* The descriptor of type `type` whose member `member` is the (non-NULL)
 * node `node`. */
#define RTREE_ENTRY(node, type, member) ((type *)(void *)((char *)(node)-offsetof(type, member)))

void rtree_init(struct rtree *t);

/* Link n (not in any tree) as [start, end). ERR_INVAL if start >= end,
 * ERR_OVERLAP if it overlaps a present range; on error neither the tree nor
 * n is changed. */
enum err rtree_insert(struct rtree *t, struct rtree_node *n, pa_t start, pa_t end);

/* Unlink n, which must be in t. n's links are cleared; start/end remain. */
void rtree_remove(struct rtree *t, struct rtree_node *n);

/* The range containing pa, or NULL. */
struct rtree_node *rtree_lookup(const struct rtree *t, pa_t pa);

/* Ranges overlapping [start, end), in ascending order of start. An empty
 * query (start >= end) overlaps nothing. rtree_next_overlap takes the node
 * the previous call returned and the same query. */
struct rtree_node *rtree_first_overlap(const struct rtree *t, pa_t start, pa_t end);
struct rtree_node *rtree_next_overlap(const struct rtree_node *n, pa_t start, pa_t end);

/* All ranges in ascending order. */
struct rtree_node *rtree_first(const struct rtree *t);
struct rtree_node *rtree_next(const struct rtree_node *n);

size_t rtree_count(const struct rtree *t);

/* Verify every invariant: parent links, ordering (ERR_ORDER), non-overlap
 * (ERR_OVERLAP), start < end, heights, AVL balance, max_end and the count
 * (ERR_INVAL). ERR_OK if the tree is sound. O(n) time, O(1) stack. */
enum err rtree_check(const struct rtree *t);

#endif
