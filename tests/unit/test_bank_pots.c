/* spacebank/objects.c, tables.c and frames.c's records over the invocation
 * double (bank_double.h): which pot a packed object (Process, Endpoint) goes
 * to once the open one is full or another pool is named, what undoes a pot
 * object the kernel refuses, limits on whole-frame objects, and the refusals
 * and settling of page tables around processes that share a pot or lie above
 * their tables. Every test ends with the books exact (test_bank.c). */
#include <string.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

#define PROC_REG BANK_R_IN

static void setup(void)
{
	bank_fixture_reset(16);
}

static uint64_t frame_of(uint64_t addr)
{
	return addr & ~(uint64_t)OBJ_ADDR_SLOT_MASK;
}

static uint64_t alloc(struct bank *b, unsigned type, unsigned pool)
{
	uint64_t addr = 0;

	ck_assert_int_eq(objects_alloc(b, type, 0, pool, &addr), BANK_OK);
	return addr;
}

/* A full pot freed into becomes the open one again; once the open pot
 * fills, the next object finds the older pot that has room. */
START_TEST(pots_with_room_are_filled_before_a_new_frame)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t p[BDBL_POT_PROCESSES], q, r, fa, fb;

	for (unsigned i = 0; i < BDBL_POT_PROCESSES; i++)
		p[i] = alloc(a, CT_PROCESS, POOL_ANY);
	fa = frame_of(p[0]);
	ck_assert_uint_eq(frame_of(p[BDBL_POT_PROCESSES - 1]), fa);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1);
	/* A is full and no longer open: freeing into it opens it again */
	ck_assert_int_eq(objects_free(a, p[3], 0), BANK_OK);
	q = alloc(a, CT_PROCESS, POOL_ANY);
	ck_assert_uint_eq(frame_of(q), fa);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1);
	/* full again: a new frame B, the open one */
	r = alloc(a, CT_PROCESS, POOL_ANY);
	fb = frame_of(r);
	ck_assert_uint_ne(fb, fa);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 2);
	/* a slot of A frees while B is open; B fills; the next goes to A */
	ck_assert_int_eq(objects_free(a, p[5], 0), BANK_OK);
	for (unsigned i = 1; i < BDBL_POT_PROCESSES; i++)
		ck_assert_uint_eq(frame_of(alloc(a, CT_PROCESS, POOL_ANY)), fb);
	ck_assert_uint_eq(frame_of(alloc(a, CT_PROCESS, POOL_ANY)), fa);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 2);
	ck_assert_uint_eq(a->used[CT_PROCESS], 2 * BDBL_POT_PROCESSES);
	/* a slot freed twice: the kernel says it is free already */
	ck_assert_int_eq(objects_free(a, p[0], 0), BANK_OK);
	ck_assert_int_eq(objects_free(a, p[0], 0), BANK_ERR_ARG);
	ck_assert_uint_eq(a->used[CT_PROCESS], 2 * BDBL_POT_PROCESSES - 1);
	bank_books_exact();
}
END_TEST

/* A pool named: a pot of that pool with room, else a new frame in it; a
 * pool with no kernel-addressable frame cannot hold a pot at all. */
START_TEST(pots_follow_the_pool_named)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t e1, e2, e3, e4;
	uint32_t used;

	e1 = alloc(a, CT_ENDPOINT, BDBL_POOL_LOW);
	e2 = alloc(a, CT_ENDPOINT, BDBL_POOL_LOW); /* found, not opened: a pool was named */
	ck_assert_uint_eq(frame_of(e2), frame_of(e1));
	e3 = alloc(a, CT_ENDPOINT, POOL_ANY); /* low is general: its pot serves */
	ck_assert_uint_eq(frame_of(e3), frame_of(e1));
	e4 = alloc(a, CT_ENDPOINT, BDBL_POOL_LOW); /* the open pot is in low */
	ck_assert_uint_eq(frame_of(e4), frame_of(e1));
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1);
	/* high has no kernel-addressable frame: refused, nothing charged */
	used = a->used[CT_ENDPOINT];
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, 0, BDBL_POOL_HIGH, &e4), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->used[CT_ENDPOINT], used);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1);
	ck_assert_uint_eq(a->pool_used[BDBL_POOL_HIGH], 0);
	bank_books_exact();
}
END_TEST

/* The kernel refuses to make a pot object: in a pot it already has, that
 * pot stays; in a new frame, the frame goes back. Nothing stays charged. */
START_TEST(pot_object_the_kernel_refuses_is_uncharged)
{
	struct bank *a = bank_child_of(&bank_table[0]), *b = bank_child_of(&bank_table[0]);
	uint64_t e, again;

	e = alloc(a, CT_ENDPOINT, POOL_ANY);
	bdbl.fail_create = 1;
	ck_assert_int_eq(objects_alloc(a, CT_ENDPOINT, 0, POOL_ANY, &again), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(a->used[CT_ENDPOINT], 1);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 1);
	bdbl.fail_create = 1;
	ck_assert_int_eq(objects_alloc(b, CT_PROCESS, 0, POOL_ANY, &again), BANK_ERR_NO_FRAMES);
	ck_assert_uint_eq(b->used[CT_PROCESS], 0);
	ck_assert_uint_eq(b->used[BANK_KIND_FRAMES], 0);
	again = alloc(a, CT_ENDPOINT, POOL_ANY);
	ck_assert_uint_eq(frame_of(again), frame_of(e));
	bank_books_exact();
}
END_TEST

/* The process register the bank is handed names the process at w1/w2 (the
 * double's reg_addr); each refusal charges and makes nothing. */
START_TEST(tables_refused_for_what_is_not_a_process_of_the_bank)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t proc = alloc(a, CT_PROCESS, POOL_ANY), ep = alloc(a, CT_ENDPOINT, POOL_ANY);
	unsigned creates = bdbl.creates;
	uint32_t given = 99;

	bdbl.reg[PROC_REG] = CT_PROCESS;
	bdbl.proc_need = 1;
	bdbl.reg_addr[PROC_REG] = proc | (1ull << 32); /* an address no 32-bit word holds */
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_ARG);
	ck_assert_uint_eq(given, 0);
	bdbl.reg_addr[PROC_REG] = 0x7000; /* in no frame of the bank */
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_ARG);
	bdbl.reg_addr[PROC_REG] = ep; /* not a process */
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_ARG);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(bdbl.creates, creates);
	/* the bank's pool quota is spent: no frame for the table */
	bdbl.reg_addr[PROC_REG] = proc;
	ck_assert_int_eq(pools_set_limit(a, BDBL_POOL_LOW, a->pool_used[BDBL_POOL_LOW]), BANK_OK);
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_ERR_LIMIT);
	ck_assert_uint_eq(given, 0);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(bdbl.creates, creates);
	ck_assert_uint_eq(bdbl.proc_need, 1);
	bank_books_exact();
}
END_TEST

struct tables_seen {
	unsigned n;
	uint64_t pa[4];
};

static void see_table(uint64_t pa, uint8_t owner, uint8_t type, void *ctx)
{
	struct tables_seen *t = ctx;

	(void)owner;
	if (type == CT_PAGETABLE && t->n < 4)
		t->pa[t->n++] = pa;
}

static struct tables_seen tables_held(void)
{
	struct tables_seen t = { 0, { 0 } };

	frames_each(see_table, &t);
	return t;
}

/* Two processes in one pot with a table each: freeing one settles its own
 * table only; a table is never freed by its address; destroying the bank
 * takes the rest. */
START_TEST(tables_settle_with_their_own_process)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root);
	uint64_t p1 = alloc(a, CT_PROCESS, POOL_ANY), p2 = alloc(a, CT_PROCESS, POOL_ANY);
	uint64_t t1, t2;
	struct tables_seen seen;
	uint32_t given;

	ck_assert_uint_eq(frame_of(p1), frame_of(p2));
	bdbl.reg[PROC_REG] = CT_PROCESS;
	bdbl.reg_addr[PROC_REG] = p1;
	bdbl.proc_need = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	ck_assert_uint_eq(given, 1);
	seen = tables_held();
	ck_assert_uint_eq(seen.n, 1);
	t1 = seen.pa[0];
	bdbl.reg_addr[PROC_REG] = p2;
	bdbl.proc_need = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	seen = tables_held();
	ck_assert_uint_eq(seen.n, 2);
	t2 = seen.pa[0] == t1 ? seen.pa[1] : seen.pa[0];
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 2);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 3);
	ck_assert_int_eq(objects_free(a, t2, 0), BANK_ERR_ARG); /* tables go with their process */
	/* p1 goes: the kernel hands its table back, and only that one leaves */
	bdbl_kernel_destroyed(t1);
	ck_assert_int_eq(objects_free(a, p1, 0), BANK_OK);
	seen = tables_held();
	ck_assert_uint_eq(seen.n, 1);
	ck_assert_uint_eq(seen.pa[0], t2);
	ck_assert_uint_eq(a->used[CT_PAGETABLE], 1);
	ck_assert_uint_eq(a->used[CT_PROCESS], 1);
	/* the bank goes: its process, and with it the last table */
	bdbl_kernel_destroyed(t2);
	tree_destroy(a);
	ck_assert_uint_eq(tables_held().n, 0);
	ck_assert_uint_eq(root->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 0);
	bank_books_exact();
}
END_TEST

/* A table in a frame below its process's: destroying the bank reaches the
 * table first and leaves it to its process, which settles it. */
START_TEST(bank_destroyed_table_before_its_process)
{
	struct bank *root = &bank_table[0], *a = bank_child_of(root);
	uint64_t page = 0, proc, t;
	struct tables_seen seen;
	uint32_t given;

	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &page), BANK_OK);
	proc = alloc(a, CT_PROCESS, POOL_ANY);
	ck_assert_uint_lt(page, frame_of(proc));
	ck_assert_int_eq(objects_free(a, page, 1), BANK_OK); /* the next frame handed out */
	bdbl.reg[PROC_REG] = CT_PROCESS;
	bdbl.reg_addr[PROC_REG] = proc;
	bdbl.proc_need = 1;
	ck_assert_int_eq(tables_give(a, PROC_REG, 0x400000, &given), BANK_OK);
	seen = tables_held();
	ck_assert_uint_eq(seen.n, 1);
	t = seen.pa[0];
	ck_assert_uint_eq(t, page);
	bdbl_kernel_destroyed(t);
	tree_destroy(a);
	ck_assert_uint_eq(tables_held().n, 0);
	ck_assert_uint_eq(root->used[CT_PAGETABLE], 0);
	ck_assert_uint_eq(root->used[CT_PROCESS], 0);
	ck_assert_uint_eq(root->used[BANK_KIND_FRAMES], 0);
	bank_books_exact();
}
END_TEST

/* A whole-frame object over its bank's limit takes no frame. */
START_TEST(whole_frame_object_over_its_limit_takes_nothing)
{
	struct bank *a = bank_child_of(&bank_table[0]);
	uint64_t pa = 0;
	unsigned takes = bdbl.takes;

	ck_assert_int_eq(tree_set_limit(a, CT_PAGE, 1), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_int_eq(objects_alloc(a, CT_PAGE, 0, POOL_ANY, &pa), BANK_ERR_LIMIT);
	ck_assert_int_eq(objects_alloc(a, CT_GRANT_FRAME, 0, POOL_ANY, &pa), BANK_OK);
	ck_assert_uint_eq(a->used[CT_PAGE], 1);
	ck_assert_uint_eq(a->used[BANK_KIND_FRAMES], 2);
	ck_assert_uint_eq(bdbl.takes, takes + 1); /* one chunk serves both */
	/* the records of a frame the bank does not hold are none */
	ck_assert_ptr_null(frames_count(0x7000));
	ck_assert_ptr_null(frames_last(0x7000));
	ck_assert_ptr_null(frames_owner(0x7000));
	bank_books_exact();
}
END_TEST

Suite *bank_pots_suite(void)
{
	Suite *s = suite_create("bank_pots");
	TCase *tc = tcase_create("pots");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, pots_with_room_are_filled_before_a_new_frame);
	tcase_add_test(tc, pots_follow_the_pool_named);
	tcase_add_test(tc, pot_object_the_kernel_refuses_is_uncharged);
	tcase_add_test(tc, tables_refused_for_what_is_not_a_process_of_the_bank);
	tcase_add_test(tc, tables_settle_with_their_own_process);
	tcase_add_test(tc, bank_destroyed_table_before_its_process);
	tcase_add_test(tc, whole_frame_object_over_its_limit_takes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bank_pots)
