/* Unit tests for the space bank's per-page Range calls done straight from
 * the registers (kernel/obj/range_quick.c): every case runs twice on twin
 * machines, once through range_quick and once through the general path
 * alone, and what a user and the ledger can see must be the same. The
 * cases range_quick takes are the successes; for every other one it must
 * decline having changed nothing, and the general path gives the error. */
#include <check.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/pagehdr.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define RQ_VA 0x400000u

static struct process *p;
static pa_t held[2]; /* two frames the caller holds (RANGE_OP_TAKE) */
static pa_t page; /* a Page made in held[1], its capability in register 2 */

/* What a case may change: the invoker's results and capability registers,
 * the headers of the frames named, the ledger and the mappings. */
struct rq_seen {
	uint32_t regs[6];
	struct cap cregs[CAP_REGS];
	struct page_common hdr[2];
	oid_t oid[2];
	unsigned ot[2];
	uint64_t banked, objects;
	unsigned mapped;
};

static void rq_look(struct rq_seen *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->regs, p->regs.arg, sizeof(s->regs));
	memcpy(s->cregs, p->cregs, sizeof(s->cregs));
	for (unsigned i = 0; i < 2; i++) {
		const struct page_common *h = pagehdr_of_pa(held[i]);

		s->hdr[i] = *h;
		s->oid[i] = pagehdr_oid(h);
		s->ot[i] = pagehdr_ot_index(h);
	}
	s->banked = ledger_count(LEDGER_BANKED);
	s->objects = ledger_count(LEDGER_OBJECTS);
	s->mapped = ustub_mapped(p);
}

static void rq_assert_same(const struct rq_seen *a, const struct rq_seen *b)
{
	for (unsigned i = 0; i < 6; i++)
		ck_assert_uint_eq(a->regs[i], b->regs[i]);
	ck_assert_mem_eq(a->cregs, b->cregs, sizeof(a->cregs));
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_uint_eq(a->hdr[i].type, b->hdr[i].type);
		ck_assert_uint_eq(a->hdr[i].alloc_count, b->hdr[i].alloc_count);
		ck_assert_uint_eq(a->oid[i], b->oid[i]);
		ck_assert_uint_eq(a->ot[i], b->ot[i]);
	}
	ck_assert_uint_eq(a->banked, b->banked);
	ck_assert_uint_eq(a->objects, b->objects);
	ck_assert_uint_eq(a->mapped, b->mapped);
}

enum rq_prep { RQ_PLAIN, RQ_MAPPED, RQ_OWNED, RQ_WEAK_RANGE, RQ_REG_BUSY };

/* A fresh machine: p holds a Range in register 0, two held frames, and a
 * Page in held[1] (register 2); `prep` adds one circumstance. */
static void rq_machine(enum rq_prep prep)
{
	ustub_machine(64);
	p = ustub_process();
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_int_eq(
			ustub_invoke(p, 0, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 1, 0, 0, 0, 0),
			INV_OK);
		held[i] = (pa_t)ustub_result(p, 2) << 32 | ustub_result(p, 1);
	}
	page = held[1];
	ck_assert_int_eq(ustub_invoke(p, 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 2,
				      (uint32_t)page, (uint32_t)(page >> 32), 0),
			 INV_OK);
	switch (prep) {
	case RQ_MAPPED:
		ck_assert_int_eq(
			ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 2, CAP_NONE, RQ_VA, 0, 0, 0, 0),
			INV_OK);
		break;
	case RQ_OWNED:
		ck_assert_int_eq(proc_map(p, RQ_VA, page, true, false, true), INV_OK);
		break;
	case RQ_WEAK_RANGE:
		ck_assert_int_eq(cap_restrict(&p->cregs[0], &p->cregs[0], CR_WEAK), INV_OK);
		break;
	case RQ_REG_BUSY:
		p->cregs[1] = p->cregs[2];
		break;
	default:
		break;
	}
}

/* Runs op with words w on twin machines made by prep: range_quick first
 * (it must take the call when `taken`, else decline with nothing changed,
 * then the general path), and the general path alone; the two outcomes
 * must agree. Returns the error. */
static int rq_both(enum rq_prep prep, unsigned op, uint32_t w0, uint32_t w1, uint32_t w2,
		   uint32_t w3, bool taken)
{
	uint32_t arg[6] = { INV_HEADER(0, op, CAP_NONE, CAP_NONE), w0, w1, w2, w3, 0 };
	struct rq_seen before, quick, general;
	pa_t before_held0 = held[0];
	int e;

	rq_machine(prep);
	ck_assert_uint_eq(held[0], before_held0); /* the frames the words name */
	memcpy(p->regs.arg, arg, sizeof(arg));
	rq_look(&before);
	ck_assert(range_quick(p, arg) == taken);
	if (!taken) {
		rq_look(&quick);
		rq_assert_same(&before, &quick);
		range_quick_on = false;
		ck_assert_int_ne(inv_run(p, arg), INV_NO_RESULT);
		range_quick_on = true;
	}
	rq_look(&quick);

	rq_machine(prep);
	ck_assert_uint_eq(held[0], before_held0);
	memcpy(p->regs.arg, arg, sizeof(arg));
	range_quick_on = false;
	e = inv_run(p, arg);
	range_quick_on = true;
	rq_look(&general);
	rq_assert_same(&quick, &general);
	return e;
}

static int rq_create(enum rq_prep prep, uint32_t type, unsigned reg, uint64_t pa, bool taken)
{
	return rq_both(prep, RANGE_OP_CREATE, type, reg, (uint32_t)pa, (uint32_t)(pa >> 32), taken);
}

static int rq_destroy(enum rq_prep prep, uint64_t addr, uint32_t flags, bool taken)
{
	return rq_both(prep, RANGE_OP_DESTROY_AT, (uint32_t)addr, (uint32_t)(addr >> 32), flags, 0,
		       taken);
}

START_TEST(create_taken)
{
	struct obj_ref o;

	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE | RANGE_CREATE_UNZEROED, 1, held[0], true),
			 INV_OK);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, 1, held[0], true), INV_OK);
	/* the capability names the Page */
	ck_assert_uint_eq(ustub_result(p, 1), (uint32_t)held[0]);
	ck_assert_int_eq(cap_resolve(&p->cregs[1], &o), INV_OK);
	ck_assert_uint_eq(pagehdr_type(o.h), PT_OBJ_PAGE);
	ck_assert_uint_eq(p->cregs[1].rights, CR_ALL);
}
END_TEST

START_TEST(create_declined)
{
	/* not held: unzeroed refused; an object already there; unaligned */
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE | RANGE_CREATE_UNZEROED, 1,
				   held[0] + 4 * PAGE_SIZE * 8, false),
			 INV_ERR_ARG);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, 1, page, false), INV_ERR_ARG);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, 1, held[0] + 8, false), INV_ERR_ARG);
	/* a frame past 4 GiB; outside every range */
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, 1, held[0] | 1ull << 32, false), INV_ERR_ARG);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, 1, 0x1000, false), INV_ERR_ARG);
	/* the destination: taken, or not a register */
	ck_assert_int_eq(rq_create(RQ_REG_BUSY, CT_PAGE, 1, held[0], false), INV_ERR_SLOT);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_PAGE, CAP_REPLY, held[0], false), INV_OK);
	/* other types, and the unzeroed flag on them */
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_CAPPAGE, 1, held[0], false), INV_OK);
	ck_assert_int_eq(rq_create(RQ_PLAIN, CT_CAPPAGE | RANGE_CREATE_UNZEROED, 1, held[0], false),
			 INV_ERR_ARG);
	/* any frame */
	ck_assert_int_eq(
		rq_create(RQ_PLAIN, CT_PAGE, 1, (uint64_t)RANGE_ANY << 32 | RANGE_ANY, false),
		INV_OK);
	/* a weak Range */
	ck_assert_int_eq(rq_create(RQ_WEAK_RANGE, CT_PAGE, 1, held[0], false), INV_ERR_RIGHTS);
}
END_TEST

START_TEST(destroy_taken)
{
	struct obj_ref o;

	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page, 0, true), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(page)), PT_FREE);
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page, RANGE_KEEP_HELD, true), INV_OK);
	ck_assert_uint_eq(pagehdr_type(pagehdr_of_pa(page)), PT_HELD);
	ck_assert_uint_eq(ustub_result(p, 1), 0); /* nothing left in the frame */
	ck_assert_int_eq(cap_resolve(&p->cregs[2], &o), INV_ERR_CAP_STALE);
	/* mapped (not owned): unmapped everywhere first */
	ck_assert_int_eq(rq_destroy(RQ_MAPPED, page, RANGE_KEEP_HELD, true), INV_OK);
	ck_assert_uint_eq(ustub_mapped(p), 0);
}
END_TEST

START_TEST(destroy_declined)
{
	/* a page a process owns is its own */
	ck_assert_int_eq(rq_destroy(RQ_OWNED, page, RANGE_KEEP_HELD, false), INV_ERR_ARG);
	/* no object there; a held frame; a slot; unknown flags; the whole frame */
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, held[0], RANGE_KEEP_HELD, false), INV_ERR_ARG);
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page | 1, RANGE_KEEP_HELD, false), INV_ERR_ARG);
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page, 0x4, false), INV_ERR_ARG);
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page, RANGE_WHOLE_FRAME | RANGE_KEEP_HELD, false),
			 INV_OK);
	ck_assert_int_eq(rq_destroy(RQ_PLAIN, page | 1ull << 32, 0, false), INV_ERR_ARG);
	/* a weak Range */
	ck_assert_int_eq(rq_destroy(RQ_WEAK_RANGE, page, 0, false), INV_ERR_RIGHTS);
}
END_TEST

/* Only the header's register, op, words and no flags choose the case: a
 * capability to send, a receive slot or a flag sends it the general way. */
START_TEST(header_declined)
{
	uint32_t arg[6] = {
		INV_HEADER(0, RANGE_OP_CREATE, 3, CAP_NONE), CT_PAGE, 1, (uint32_t)held[0], 0, 0
	};

	rq_machine(RQ_PLAIN);
	ck_assert(!range_quick(p, arg));
	arg[0] = INV_HEADER(0, RANGE_OP_CREATE, CAP_NONE, 4);
	ck_assert(!range_quick(p, arg));
	arg[0] = INV_HEADER(0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE);
	arg[5] = INV_F_NONBLOCK;
	ck_assert(!range_quick(p, arg));
	ck_assert_uint_eq(p->cregs[1].type, CT_NULL);
	arg[5] = 0;
	ck_assert(range_quick(p, arg));
	ck_assert_uint_eq(p->cregs[1].type, CT_PAGE);
}
END_TEST

/* The machine once, so that held[] and page are known before the cases
 * name them: every twin machine is made the same way, with the same frames. */
static void setup(void)
{
	rq_machine(RQ_PLAIN);
}

Suite *range_quick_suite(void)
{
	Suite *s = suite_create("range_quick");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, create_taken);
	tcase_add_test(tc, create_declined);
	tcase_add_test(tc, destroy_taken);
	tcase_add_test(tc, destroy_declined);
	tcase_add_test(tc, header_declined);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(range_quick)
