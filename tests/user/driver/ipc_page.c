/* Answers that make or destroy a Page (INV_F_PAGE_MAKE, INV_F_PAGE_UNZEROED,
 * INV_F_PAGE_DESTROY; doc/abi.md): the echo servers answer ECHO_PAGE with
 * their own Range, at the driver's priority and two levels above it, by
 * EP_OP_REPLY_RECV and by REPLY_OP_REPLY. What the Range call would refuse,
 * and what no Range allows, fails the answer with nothing done: the caller
 * still waits and gets the server's second answer. tools/check runs these
 * with and without the fastpath. */
#include "driver.h"

#define R_HI S_TMP0
#define R_PAGE (S_TMP0 + 1)
#define R_OBJ (S_TMP0 + 2)
/* Where the driver looks into the Pages (i386; ColdFire sees them where
 * they are). */
#define PAGE_VA 0x10400000u
/* Outside every range: past 4 GiB. */
#define PAGE_NOWHERE 0x1000000000ull

/* ECHO_PAGE on ep for frame pa, answered with `how` (flags | ECHO_PAGE_BY_*),
 * a capability taken in slot: INV_OK when the answer went (its words
 * checked), the answer's error when the server had to answer otherwise,
 * -1 for anything else. */
static int page_answer(unsigned ep, uint64_t pa, uint32_t how, unsigned slot)
{
	struct msg m = { { ECHO_PAGE, MSG_U64(pa), how }, 0 };
	int err = ep_call(ep, &m, CAP_NONE, slot);

	if (err)
		return -1;
	if (m.w[1] == ECHO_PAGE_REFUSED && m.w[0])
		return (int)m.w[0];
	return !m.w[0] && msg_u64(&m.w[1]) == pa && !m.w[3] ? INV_OK : -1;
}

/* A frame held by the driver's Range (RANGE_OP_TAKE of one), and back. */
static int frame_take(uint64_t *pa)
{
	struct msg m = { { 1, 0, 0, 0 }, 0 };
	int err = invoke(S_RANGE, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 0, &m);

	*pa = msg_u64(m.w);
	return err;
}

/* RANGE_OP_DESTROY_AT of the object in frame pa, the frame kept held. */
static int frame_empty(uint64_t pa)
{
	struct msg m = { { MSG_U64(pa), RANGE_KEEP_HELD }, 0 };

	return invoke(S_RANGE, RANGE_OP_DESTROY_AT, CAP_NONE, CAP_NONE, 0, &m);
}

static int frame_give(uint64_t pa)
{
	struct msg m = { { MSG_U64(pa), 1 }, 0 };

	return invoke(S_RANGE, RANGE_OP_GIVE, CAP_NONE, CAP_NONE, 0, &m);
}

static uint64_t objects_now(void)
{
	uint64_t objects = ~0ull;

	range_info(S_RANGE, NULL, &objects);
	return objects;
}

/* Whether the Page in reg holds `fill` in every word (fill 0: zeroed), then
 * fills it with `next`. */
static bool page_holds(unsigned reg, uint32_t fill, uint32_t next)
{
	uint32_t addr;
	volatile uint32_t *p;
	bool same = true;

	if (process_map(CAP_SELF, reg, PAGE_VA, 0, &addr))
		return false;
	p = (volatile uint32_t *)(uintptr_t)addr;
	for (uint32_t i = 0; i < 1024; i++) {
		same &= p[i] == (fill ? fill ^ i : 0);
		p[i] = next ^ i;
	}
	return !process_unmap(CAP_SELF, addr) && same;
}

static bool page_live(unsigned reg)
{
	unsigned type = 0, rights = 0;

	return !cap_identify(reg, &type, &rights) && type == CT_PAGE && rights == CR_ALL;
}

/* The whole life of a Page made and destroyed by answers through ep: made
 * zeroed, destroyed (every capability stale, the frame held again), made
 * again keeping the contents, refused while a Page is there, destroyed by
 * REPLY_OP_REPLY, made zeroed by it, made for a caller that takes no
 * capability; the frame and the ledger back as they were. */
static const char *page_life(unsigned ep)
{
	uint64_t objects = objects_now(), pa;

	UT_OK(frame_take(&pa));
	UT_OK(page_answer(ep, pa, INV_F_PAGE_MAKE, R_PAGE));
	UT_ASSERT(page_live(R_PAGE));
	UT_EQ(objects_now(), objects + 1);
	UT_ASSERT(page_holds(R_PAGE, 0, 0x5a5a0000u));
	UT_OK(page_answer(ep, pa, INV_F_PAGE_DESTROY, CAP_NONE));
	UT_INV(cap_identify(R_PAGE, NULL, NULL), INV_ERR_CAP_STALE);
	UT_EQ(objects_now(), objects);
	UT_INV(page_answer(ep, pa, INV_F_PAGE_DESTROY, CAP_NONE), INV_ERR_ARG);
	cap_delete(R_PAGE);
	/* held again, so it may be made unzeroed: what the Page held stays */
	UT_OK(page_answer(ep, pa, INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED, R_PAGE));
	UT_ASSERT(page_holds(R_PAGE, 0x5a5a0000u, 0x3c3c0000u));
	UT_INV(page_answer(ep, pa, INV_F_PAGE_MAKE, R_OBJ), INV_ERR_ARG);
	UT_INV(cap_identify(R_OBJ, NULL, NULL), INV_ERR_CAP_EMPTY);
	UT_ASSERT(page_live(R_PAGE));
	UT_OK(page_answer(ep, pa, INV_F_PAGE_DESTROY | ECHO_PAGE_BY_REPLY, CAP_NONE));
	UT_INV(cap_identify(R_PAGE, NULL, NULL), INV_ERR_CAP_STALE);
	cap_delete(R_PAGE);
	UT_OK(page_answer(ep, pa, INV_F_PAGE_MAKE | ECHO_PAGE_BY_REPLY, R_PAGE));
	UT_ASSERT(page_holds(R_PAGE, 0, 0));
	UT_OK(page_answer(ep, pa, INV_F_PAGE_DESTROY, CAP_NONE));
	/* no capability taken: the Page is made all the same */
	UT_OK(page_answer(ep, pa, INV_F_PAGE_MAKE, CAP_NONE));
	UT_EQ(objects_now(), objects + 1);
	UT_OK(page_answer(ep, pa, INV_F_PAGE_DESTROY, CAP_NONE));
	UT_OK(frame_give(pa));
	UT_EQ(objects_now(), objects);
	driver_clear_tmp();
	return UTEST_OK;
}

UTEST(ipc_page_make_destroy)
{
	return page_life(S_ECHO);
}

UTEST(ipc_page_across)
{
	UT_OK(echo_hi_endpoint(R_HI));
	for (unsigned i = 0; i < 3; i++) {
		const char *f = page_life(R_HI);

		if (f)
			return f;
		UT_OK(echo_hi_endpoint(R_HI));
	}
	driver_clear_tmp();
	return UTEST_OK;
}

/* Each refused with nothing made, destroyed or used up: the right Range
 * call's refusals, a Range without write or weak, no Range, bad flags, a
 * frame that is not the caller's to keep, an object that is not a Page;
 * and the flags on anything but an answer. */
UTEST(ipc_page_refused)
{
	uint64_t objects = objects_now(), pa;
	struct msg m = { { ECHO_ADD }, 0 };

	UT_OK(frame_take(&pa));
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | ECHO_PAGE_BY_RO, R_PAGE), INV_ERR_RIGHTS);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | ECHO_PAGE_BY_WEAK, R_PAGE),
	       INV_ERR_RIGHTS);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | ECHO_PAGE_BY_EP, R_PAGE),
	       INV_ERR_CAP_TYPE);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | ECHO_PAGE_BY_EMPTY, R_PAGE),
	       INV_ERR_CAP_EMPTY);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | INV_F_PAGE_DESTROY, R_PAGE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_UNZEROED, R_PAGE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY | INV_F_PAGE_UNZEROED, R_PAGE),
	       INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | INV_F_MOVE, R_PAGE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa + 4, INV_F_PAGE_MAKE, R_PAGE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, PAGE_NOWHERE, INV_F_PAGE_MAKE, R_PAGE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY, CAP_NONE), INV_ERR_ARG);
	UT_INV(cap_identify(R_PAGE, NULL, NULL), INV_ERR_CAP_EMPTY);
	UT_EQ(objects_now(), objects);
	/* a Page there: destroyed only through a Range with write */
	UT_OK(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE, R_PAGE));
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY | ECHO_PAGE_BY_RO, CAP_NONE),
	       INV_ERR_RIGHTS);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY | ECHO_PAGE_BY_WEAK | ECHO_PAGE_BY_REPLY,
			   CAP_NONE),
	       INV_ERR_RIGHTS);
	UT_ASSERT(page_live(R_PAGE));
	UT_OK(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY, CAP_NONE));
	cap_delete(R_PAGE);
	/* an Endpoint there is no Page to destroy */
	UT_OK(range_create_at(S_RANGE, CT_ENDPOINT, R_OBJ, pa));
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_DESTROY, CAP_NONE), INV_ERR_ARG);
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE, R_PAGE), INV_ERR_ARG);
	UT_OK(cap_identify(R_OBJ, NULL, NULL));
	UT_OK(frame_empty(pa));
	UT_INV(cap_identify(R_OBJ, NULL, NULL), INV_ERR_CAP_STALE);
	/* a frame the caller does not hold keeps its contents to itself */
	UT_OK(frame_give(pa));
	UT_INV(page_answer(S_ECHO, pa, INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED, R_PAGE), INV_ERR_ARG);
	UT_EQ(objects_now(), objects);
	/* the flags belong to answers only */
	UT_INV(invoke(S_ECHO, EP_OP_CALL, S_RANGE, CAP_NONE, INV_F_PAGE_MAKE, &m), INV_ERR_ARG);
	UT_INV(invoke(S_ECHO, EP_OP_SEND, S_RANGE, CAP_NONE, INV_F_PAGE_DESTROY, &m), INV_ERR_ARG);
	UT_INV(invoke(S_RANGE, RANGE_OP_INFO, CAP_NONE, CAP_NONE, INV_F_PAGE_MAKE, &m),
	       INV_ERR_ARG);
	UT_EQ(objects_now(), objects);
	driver_clear_tmp();
	return UTEST_OK;
}
