/* Resource tree: an AVL tree ordered by range start, augmented with the
 * largest end in each subtree (max_end).
 *
 * Why AVL rather than red-black: the tree is read on every pa -> header and
 * pa -> capability translation but written only at boot and on hot-plug.
 * AVL's height bound (about 1.44 log2 n against red-black's 2 log2 n) makes
 * the hot lookup path shorter, and the extra rotations AVL may do on removal
 * cost nothing that matters here. Every mutation also walks to the root
 * anyway to refresh max_end, so red-black's early stop would buy little.
 * Storing the height (not a balance factor) makes rtree_check a local
 * per-node test.
 *
 * Only comparisons touch pa_t values, so there is no 64-bit multiply or
 * divide (ColdFire has no usable libgcc) and no overflow near 2^64. */
#include <arch/sizes.h>
#include <kernel/rtree.h>

/* The node is embedded in every range descriptor: its size is pinned per
 * port, which knows its compiler's alignment of 64-bit fields. */
_Static_assert(sizeof(struct rtree_node) == ARCH_SIZEOF_RTREE_NODE, "rtree_node layout");

static int node_height(const struct rtree_node *n)
{
	return n ? n->height : 0;
}

static pa_t node_max_end(const struct rtree_node *n)
{
	return n ? n->max_end : 0; /* every real end is > 0 */
}

static int node_balance(const struct rtree_node *n)
{
	return node_height(n->left) - node_height(n->right);
}

static pa_t max_pa(pa_t a, pa_t b)
{
	return a > b ? a : b;
}

/* Recompute n's height and max_end from its children's. */
static void node_update(struct rtree_node *n)
{
	int hl = node_height(n->left), hr = node_height(n->right);

	n->height = (uint8_t)(1 + (hl > hr ? hl : hr));
	n->max_end = max_pa(n->end, max_pa(node_max_end(n->left), node_max_end(n->right)));
}

/* Make the link that pointed at old (from parent, or the root) point at
 * repl. Does not touch repl->parent. */
static void replace_child(struct rtree *t, struct rtree_node *parent, const struct rtree_node *old,
			  struct rtree_node *repl)
{
	if (!parent)
		t->root = repl;
	else if (parent->left == old)
		parent->left = repl;
	else
		parent->right = repl;
}

/*     x              y
 *    / \            / \
 *   a   y    ->    x   c
 *      / \        / \
 *     b   c      a   b       Returns y. */
static struct rtree_node *rotate_left(struct rtree *t, struct rtree_node *x)
{
	struct rtree_node *y = x->right, *b = y->left;

	x->right = b;
	if (b)
		b->parent = x;
	y->parent = x->parent;
	replace_child(t, x->parent, x, y);
	y->left = x;
	x->parent = y;
	node_update(x);
	node_update(y);
	return y;
}

/* Mirror image of rotate_left. Returns the new subtree root. */
static struct rtree_node *rotate_right(struct rtree *t, struct rtree_node *x)
{
	struct rtree_node *y = x->left, *b = y->right;

	x->left = b;
	if (b)
		b->parent = x;
	y->parent = x->parent;
	replace_child(t, x->parent, x, y);
	y->right = x;
	x->parent = y;
	node_update(x);
	node_update(y);
	return y;
}

/* Restore the AVL property at n, whose subtrees are valid AVL trees with
 * correct heights differing by at most 2. Returns the subtree's new root. */
static struct rtree_node *rebalance(struct rtree *t, struct rtree_node *n)
{
	int bf = node_balance(n);

	if (bf > 1) {
		if (node_balance(n->left) < 0)
			rotate_left(t, n->left);
		return rotate_right(t, n);
	}
	if (bf < -1) {
		if (node_balance(n->right) > 0)
			rotate_right(t, n->right);
		return rotate_left(t, n);
	}
	node_update(n);
	return n;
}

/* Rebalance and refresh every node from n up to the root. Always goes all
 * the way: an ancestor's max_end may change even when its height does not. */
static void fixup(struct rtree *t, struct rtree_node *n)
{
	while (n) {
		n = rebalance(t, n);
		n = n->parent;
	}
}

/* Leftmost range in the subtree at n that overlaps [start, end), start <
 * end. Holds for any intervals, overlapping or not. If it returns NULL
 * although n->max_end > start, then the range ending after start starts at
 * or after end, and so does every range after the whole subtree in order:
 * callers use that to stop early. */
static struct rtree_node *subtree_first_overlap(struct rtree_node *n, pa_t start, pa_t end)
{
	while (n && n->max_end > start) {
		if (n->left && n->left->max_end > start)
			n = n->left; /* if no answer is there, there is none */
		else if (n->start >= end)
			return NULL; /* n and everything after start too late */
		else if (n->end > start)
			return n;
		else
			n = n->right;
	}
	return NULL;
}

static struct rtree_node *leftmost(struct rtree_node *n)
{
	while (n->left)
		n = n->left;
	return n;
}

void rtree_init(struct rtree *t)
{
	t->root = NULL;
	t->count = 0;
}

enum err rtree_insert(struct rtree *t, struct rtree_node *n, pa_t start, pa_t end)
{
	struct rtree_node *parent = NULL, **link = &t->root;

	if (start >= end)
		return ERR_INVAL;
	if (subtree_first_overlap(t->root, start, end))
		return ERR_OVERLAP;

	/* Starts are unique: equal starts would overlap. */
	while (*link) {
		parent = *link;
		link = start < parent->start ? &parent->left : &parent->right;
	}
	n->left = n->right = NULL;
	n->parent = parent;
	n->start = start;
	n->end = end;
	n->max_end = end;
	n->height = 1;
	*link = n;
	t->count++;
	fixup(t, parent);
	return ERR_OK;
}

void rtree_remove(struct rtree *t, struct rtree_node *n)
{
	struct rtree_node *from; /* lowest node whose subtree changed */

	if (n->left && n->right) {
		/* Move n's in-order successor s (no left child) into n's
		 * place: nodes are the caller's, so keys cannot be copied. */
		struct rtree_node *s = leftmost(n->right);

		if (s->parent == n) {
			from = s;
		} else {
			from = s->parent;
			from->left = s->right;
			if (s->right)
				s->right->parent = from;
			s->right = n->right;
			s->right->parent = s;
		}
		s->left = n->left;
		s->left->parent = s;
		s->parent = n->parent;
		replace_child(t, n->parent, n, s);
	} else {
		struct rtree_node *child = n->left ? n->left : n->right;

		if (child)
			child->parent = n->parent;
		replace_child(t, n->parent, n, child);
		from = n->parent;
	}
	t->count--;
	fixup(t, from);
	n->left = n->right = n->parent = NULL;
	n->height = 0;
}

/* Plain ordered descent: because ranges never overlap, a range containing
 * pa >= n->end cannot be left of n, nor one containing pa < n->start right
 * of it. No 64-bit arithmetic, so pa = 2^64-1 is fine. */
struct rtree_node *rtree_lookup(const struct rtree *t, pa_t pa)
{
	struct rtree_node *n = t->root;

	while (n) {
		if (pa < n->start)
			n = n->left;
		else if (pa < n->end)
			return n;
		else
			n = n->right;
	}
	return NULL;
}

struct rtree_node *rtree_first_overlap(const struct rtree *t, pa_t start, pa_t end)
{
	if (start >= end)
		return NULL;
	return subtree_first_overlap(t->root, start, end);
}

/* The next overlap after n in order is either in n's right subtree or is
 * the first ancestor reached from its left (or in that ancestor's right
 * subtree). A failed search in a subtree whose max_end > start ends the
 * whole iteration (see subtree_first_overlap), so this is O(log n). */
struct rtree_node *rtree_next_overlap(const struct rtree_node *n, pa_t start, pa_t end)
{
	struct rtree_node *p;

	if (start >= end)
		return NULL;
	if (n->right && n->right->max_end > start)
		return subtree_first_overlap(n->right, start, end);
	for (p = n->parent; p; n = p, p = p->parent) {
		if (n == p->right)
			continue;
		if (p->start >= end)
			return NULL;
		if (p->end > start)
			return p;
		if (p->right && p->right->max_end > start)
			return subtree_first_overlap(p->right, start, end);
	}
	return NULL;
}

struct rtree_node *rtree_first(const struct rtree *t)
{
	return t->root ? leftmost(t->root) : NULL;
}

struct rtree_node *rtree_next(const struct rtree_node *n)
{
	struct rtree_node *p;

	if (n->right)
		return leftmost(n->right);
	for (p = n->parent; p && n == p->right; n = p, p = p->parent)
		;
	return p;
}

size_t rtree_count(const struct rtree *t)
{
	return t->count;
}

/* Invariants of one node given its in-order predecessor. Checking height
 * and max_end against the children's stored values at every node proves
 * them for the whole tree. */
static enum err check_node(const struct rtree_node *n, const struct rtree_node *prev)
{
	int hl = node_height(n->left), hr = node_height(n->right);
	pa_t m = max_pa(n->end, max_pa(node_max_end(n->left), node_max_end(n->right)));

	/* (A node whose two links name one child never gets here: the walk
	 * climbs past it as that child's parent on the right, so rtree_check
	 * counts a node short and refuses the tree.) */
	if (n->start >= n->end)
		return ERR_INVAL;
	if (n->height != 1 + (hl > hr ? hl : hr) || hl - hr > 1 || hr - hl > 1)
		return ERR_INVAL;
	if (n->max_end != m)
		return ERR_INVAL;
	if (prev && prev->start >= n->start)
		return ERR_ORDER;
	/* Sorted by start, so disjoint iff each range ends by the next. */
	if (prev && prev->end > n->start)
		return ERR_OVERLAP;
	return ERR_OK;
}

/* Iterative in-order walk, so the kernel stack does not grow with the
 * tree. Every downward link is checked against the child's parent link
 * before it is followed, so the upward walk follows only verified links
 * and a corrupt tree cannot make the walk loop. */
enum err rtree_check(const struct rtree *t)
{
	const struct rtree_node *n = t->root, *prev = NULL, *p;
	size_t seen = 0;
	enum err e;

	if (!n)
		return t->count == 0 ? ERR_OK : ERR_INVAL;
	if (n->parent)
		return ERR_INVAL;
	for (;;) {
		while (n->left) {
			if (n->left->parent != n)
				return ERR_INVAL;
			n = n->left;
		}
		for (;;) {
			e = check_node(n, prev);
			if (e != ERR_OK)
				return e;
			if (++seen > t->count)
				return ERR_INVAL;
			prev = n;
			if (n->right)
				break;
			for (p = n->parent; p && n == p->right; n = p, p = p->parent)
				;
			if (!p)
				return seen == t->count ? ERR_OK : ERR_INVAL;
			n = p;
		}
		if (n->right->parent != n)
			return ERR_INVAL;
		n = n->right;
	}
}
