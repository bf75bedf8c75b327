/* The bank tree: limits and usage per kind, charged up every ancestor. */
#include "bank.h"

struct bank bank_table[BANK_MAX];
static uint32_t tree_next_id = 1;

void tree_init(void)
{
	struct bank *r = &bank_table[0];

	r->id = tree_next_id++;
	r->live = 1;
	r->slot = 0;
	r->parent = BANK_NONE;
	for (unsigned k = 0; k < BANK_KINDS; k++)
		r->limit[k] = BANK_UNLIMITED;
	pools_bank_init(r);
}

/* Requests come in runs from one bank: the last one found is tried first
 * (ids are never reused, so a live slot with the id is the bank). */
static unsigned tree_last;

static struct bank *__attribute__((noinline)) tree_search(uint32_t id)
{
	for (unsigned i = 0; i < BANK_MAX; i++)
		if (bank_table[i].live && bank_table[i].id == id) {
			tree_last = i;
			return &bank_table[i];
		}
	return NULL;
}

inline struct bank *__attribute__((always_inline)) tree_find(uint32_t id)
{
	struct bank *b = &bank_table[tree_last];

	return b->live && b->id == id ? b : tree_search(id);
}

int tree_child(struct bank *parent, struct bank **out)
{
	for (unsigned i = 1; i < BANK_MAX; i++) {
		struct bank *b = &bank_table[i];

		if (b->live)
			continue;
		if (tree_next_id >= BANK_IDS)
			return BANK_ERR_FULL; /* its badge would reach the kernel's stamp */
		memset(b, 0, sizeof(*b));
		b->id = tree_next_id++;
		b->live = 1;
		b->slot = (uint8_t)i;
		b->parent = (uint8_t)tree_slot(parent);
		for (unsigned k = 0; k < BANK_KINDS; k++)
			b->limit[k] = BANK_UNLIMITED;
		pools_bank_init(b);
		*out = b;
		return BANK_OK;
	}
	return BANK_ERR_FULL;
}

int tree_within(unsigned s, const struct bank *b)
{
	unsigned target = tree_slot(b);

	for (; s != BANK_NONE; s = bank_table[s].parent)
		if (s == target)
			return 1;
	return 0;
}

int tree_charge_n(struct bank *b, unsigned kind, uint32_t n, uint32_t frames)
{
	struct charge c = { kind, n, frames, POOL_NONE, 0 };

	return charge_take(b, &c);
}

int tree_charge(struct bank *b, unsigned kind, uint32_t frames)
{
	return tree_charge_n(b, kind, 1, frames);
}

void tree_uncharge(unsigned s, unsigned kind, uint32_t frames)
{
	struct charge c = { kind, 1, frames, POOL_NONE, 0 };

	charge_give(s, &c);
}

void tree_uncharge_frames(unsigned s, uint32_t frames)
{
	struct charge c = { BANK_KIND_FRAMES, 0, frames, POOL_NONE, 0 };

	charge_give(s, &c);
}

int tree_set_limit(struct bank *b, unsigned kind, uint32_t limit)
{
	if (kind >= BANK_KINDS)
		return BANK_ERR_ARG;
	b->limit[kind] = limit;
	return BANK_OK;
}

void tree_destroy(struct bank *b)
{
	objects_destroy_subtree(b);
	/* Children before parents: a slot whose ancestor chain reaches b. */
	for (unsigned i = 0; i < BANK_MAX; i++)
		if (bank_table[i].live && i != tree_slot(b) && tree_within(i, b))
			devices_forget_bank(i);
	devices_forget_bank(tree_slot(b));
	for (unsigned i = 0; i < BANK_MAX; i++)
		if (bank_table[i].live && i != tree_slot(b) && tree_within(i, b)) {
			frames_forget_slot(i);
			bank_table[i].id = 0;
		}
	frames_forget_slot(tree_slot(b));
	for (unsigned i = 0; i < BANK_MAX; i++)
		if (bank_table[i].live && bank_table[i].id == 0)
			bank_table[i].live = 0;
	b->live = 0;
}
