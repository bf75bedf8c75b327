/* Address-space tables paid by banks (doc/spacebank.md, "Tables"). A
 * process the bank made gets no table from the kernel's own frames: a client
 * asks the bank (BANK_OP_TABLES with the Process capability and a user
 * address), the bank charges the process's bank for every table the address
 * needs, or refuses with nothing changed, makes them in its own frames and
 * gives them to the process (PROC_OP_TABLE). The kernel hands a table back
 * held when the last mapping in its range goes (BEV_TABLE_RETURNED names
 * it) or when its process dies; the bank then uncharges the bank that paid
 * and frees it here, found through a record that names the process. */
#include "bank.h"

/* 2048 tables at once: 8 processes mapping 1 GiB each on i386. 8 bytes a
 * record, 16 KiB. */
#define TABLES_MAX 2048

static struct table_record {
	uint32_t table_pfn; /* 0: free */
	uint32_t proc_addr; /* the process's object address (frame pa | slot) */
} tables[TABLES_MAX];

static int tables_ask(unsigned proc, uint32_t va, unsigned send, uint32_t *need, uint32_t *addr)
{
	struct msg m = { { va }, 0 };
	int e = invoke(proc, PROC_OP_TABLE, send, CAP_NONE, 0, &m);

	*need = m.w[0];
	*addr = m.w[1];
	return e == INV_OK && !m.w[2] ? INV_OK : (e ? e : INV_ERR_ARG);
}

static unsigned tables_free_records(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < TABLES_MAX; i++)
		n += !tables[i].table_pfn;
	return n;
}

int tables_give(struct bank *b, unsigned proc, uint32_t va, uint32_t *given)
{
	uint32_t need, addr, left;
	uint64_t frame;
	uint8_t *ptype, payer;
	int e;

	*given = 0;
	if (tables_ask(proc, va, CAP_NONE, &need, &addr) != INV_OK)
		return BANK_ERR_ARG;
	frame = addr & ~(uint64_t)OBJ_ADDR_SLOT_MASK;
	ptype = frames_type(frame);
	/* Only a process this bank (or a descendant) made, and this bank pays:
	 * the process's own bank, or an ancestor the client named. A bank that
	 * pays is destroyed with the process (its subtree holds it), so no
	 * table ever outlives the bank charged for it. */
	if (!ptype || *ptype != CT_PROCESS || !tree_within(*frames_owner(frame), b))
		return BANK_ERR_ARG;
	payer = (uint8_t)tree_slot(b);
	if (!need)
		return BANK_OK;
	if (tables_free_records() < need)
		return BANK_ERR_FULL;
	e = tree_charge_n(b, CT_PAGETABLE, need, need);
	if (e)
		return e;
	for (left = need; left; left--) {
		uint64_t pa;
		unsigned i;

		e = objects_frame_take(b, 0, POOL_ANY, &pa);
		if (!e && range_create_at(BANK_R_RANGE, CT_PAGETABLE, BANK_R_OUT, pa) != INV_OK) {
			objects_frame_drop(payer, pa);
			e = BANK_ERR_NO_FRAMES;
		}
		if (!e && tables_ask(proc, va, BANK_R_OUT, &need, &addr) != INV_OK) {
			/* Never given: destroying it leaves the frame held. */
			range_destroy(BANK_R_RANGE, BANK_R_OUT);
			objects_frame_drop(payer, pa);
			e = BANK_ERR_ARG;
		}
		cap_delete(BANK_R_OUT);
		if (e)
			break;
		for (i = 0; tables[i].table_pfn; i++)
			;
		tables[i].table_pfn = (uint32_t)(pa >> 12);
		tables[i].proc_addr = addr;
		*frames_owner(pa) = payer;
		*frames_type(pa) = CT_PAGETABLE;
		*frames_count(pa) = 1;
		++*given;
	}
	/* What was charged and not made: a table a map would have needed
	 * stays out (the tables given stay with the process). */
	for (; left; left--)
		tree_uncharge(payer, CT_PAGETABLE, 1);
	return e;
}

/* Record i's table is the bank's again: uncharge the bank that paid, free. */
static void tables_drop(unsigned i)
{
	uint64_t pa = (uint64_t)tables[i].table_pfn << 12;

	tree_uncharge(*frames_owner(pa), CT_PAGETABLE, 1);
	objects_frame_drop(*frames_owner(pa), pa);
	*frames_owner(pa) = 0;
	*frames_type(pa) = 0;
	*frames_count(pa) = 0;
	tables[i].table_pfn = 0;
}

void tables_returned(uint32_t table_pfn, uint32_t proc_addr)
{
	for (unsigned i = 0; i < TABLES_MAX; i++)
		if (tables[i].table_pfn == table_pfn && tables[i].proc_addr == proc_addr) {
			tables_drop(i);
			return;
		}
}

void tables_settle(uint64_t proc_frame, uint32_t slot_or_all)
{
	for (unsigned i = 0; i < TABLES_MAX; i++) {
		uint32_t a = tables[i].proc_addr;

		if (!tables[i].table_pfn || (a & ~OBJ_ADDR_SLOT_MASK) != proc_frame ||
		    (slot_or_all != TABLES_ALL && (a & OBJ_ADDR_SLOT_MASK) != slot_or_all))
			continue;
		tables_drop(i);
	}
}
