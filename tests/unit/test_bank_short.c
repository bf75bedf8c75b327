/* The short paths of ALLOC and FREE (spacebank/page.c) against the general
 * path (objects_alloc_in, objects_free): the same script of requests runs
 * twice from the same start, once as the bank's loop serves it (the short
 * path first, the general one when it declines; a Page's Range call made
 * as its answer would make it) and once by the general path alone, and
 * every answer, every count of every bank, every frame record and the
 * double's kernel state must come out the same. */
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../spacebank/bank.h"
#include "bank_double.h"
#include "bank_fixture.h"
#include "unit.h"

/* FREE_GONE: a FREE whose caller is gone before the answer goes. */
enum step_op { ALLOC, FREE, FREE_SCRUB, FREE_SLOT, FREE_GONE, LIMIT, FAIL_CREATE };

/* bank: index into the run's banks (0 root, 1 a, 2 b below a, 3 c beside
 * a); arg: the type, the step whose object is freed, or the limit. */
struct step {
	enum step_op op;
	unsigned bank;
	uint32_t arg;
};

#define SHORT_STEPS 400
#define SHORT_FRAMES 512 /* two chunks */

struct outcome {
	int e[SHORT_STEPS];
	uint64_t addr[SHORT_STEPS];
	unsigned pool[SHORT_STEPS];
	uint32_t used[4][BANK_KINDS], pool_used[4][BANK_POOLS];
	struct frame_rec rec[SHORT_FRAMES];
	unsigned creates, destroys, takes, unzeroed, objects, frames, misuse;
	unsigned shortened; /* requests the short path served */
	unsigned reused; /* of those, ALLOCs answered with the frame a FREE kept */
};

static struct outcome *out_shared, out_short, out_general;

static void setup(void)
{
	bank_fixture_reset(8);
}

/* The loop's answer to what a short path left it (struct page_answer): the
 * Range call the kernel makes for the answer (INV_F_PAGE_MAKE,
 * INV_F_PAGE_DESTROY) by the double, then page_answer_went; or, the Range
 * refusing it or the caller gone (nothing of the answer done),
 * page_answer_failed and what it says to answer. e: the short path's. */
static int answer(struct page_answer *a, uint64_t addr, int e, int gone)
{
	uint32_t left = 0;
	int r;

	if (e || !a->flags)
		return e;
	ck_assert(a->flags == INV_F_PAGE_DESTROY ||
		  (a->flags & ~INV_F_PAGE_UNZEROED) == INV_F_PAGE_MAKE);
	if (gone)
		return page_answer_failed(a);
	if (a->flags == INV_F_PAGE_DESTROY)
		r = objects_destroy_at(addr, 0, &left);
	else
		r = objects_create_at(
			CT_PAGE | (a->flags & INV_F_PAGE_UNZEROED ? RANGE_CREATE_UNZEROED : 0),
			addr);
	if (r != INV_OK)
		return page_answer_failed(a);
	ck_assert_uint_eq(left, 0);
	page_answer_went(a);
	ck_assert_uint_eq(a->flags, 0);
	return e;
}

static void run(const struct step *s, unsigned n, int use_short, struct outcome *o)
{
	struct bank *banks[4];

	uint32_t reused0 = page_reused;

	memset(o, 0, sizeof *o);
	bank_fixture_reset(8);
	banks[0] = &bank_table[0];
	banks[1] = bank_child_of(banks[0]);
	banks[2] = bank_child_of(banks[1]);
	banks[3] = bank_child_of(banks[0]);
	for (unsigned i = 0; i < n; i++) {
		struct bank *b = banks[s[i].bank];
		uint64_t addr = s[i].op == ALLOC ? 0 : o->addr[s[i].arg];
		struct page_answer a = { 0 };
		int e = PAGE_GENERAL;

		switch (s[i].op) {
		case ALLOC:
			if (use_short)
				e = answer(&a, o->addr[i],
					   page_alloc(b, s[i].arg, &o->addr[i], &o->pool[i], &a),
					   0);
			o->shortened += e != PAGE_GENERAL;
			if (e == PAGE_GENERAL && use_short)
				page_settle(); /* the loop's general path */
			if (e == PAGE_GENERAL)
				e = objects_alloc_in(b, s[i].arg, 0, POOL_ANY, &o->addr[i],
						     &o->pool[i]);
			if (e) /* only a success's address and pool are answered */
				o->addr[i] = o->pool[i] = 0;
			break;
		case FREE_SLOT:
			addr |= 1; /* a slot of a whole-frame object: refused */
			/* fall through */
		case FREE:
		case FREE_SCRUB:
		case FREE_GONE:
			if (use_short)
				e = answer(&a, addr,
					   page_free(b, (uint32_t)addr, (uint32_t)(addr >> 32),
						     s[i].op == FREE_SCRUB, &a),
					   s[i].op == FREE_GONE);
			o->shortened += e != PAGE_GENERAL;
			if (e == PAGE_GENERAL && use_short)
				page_settle();
			if (e == PAGE_GENERAL)
				e = objects_free(b, addr, s[i].op == FREE_SCRUB);
			break;
		case LIMIT: /* the root's frames: arg, or unlimited with 0 */
			if (use_short)
				page_settle(); /* a request of the general path */
			e = tree_set_limit(b, BANK_KIND_FRAMES,
					   s[i].arg ? s[i].arg : BANK_UNLIMITED);
			break;
		case FAIL_CREATE:
			bdbl.fail_create = s[i].arg;
			e = BANK_OK;
			break;
		}
		o->e[i] = e;
	}
	if (use_short)
		page_settle(); /* as any next request would */
	o->reused = page_reused - reused0;
	for (unsigned k = 0; k < 4; k++) {
		memcpy(o->used[k], banks[k]->used, sizeof o->used[k]);
		memcpy(o->pool_used[k], banks[k]->pool_used, sizeof o->pool_used[k]);
	}
	for (unsigned f = 0; f < SHORT_FRAMES; f++) {
		const struct frame_rec *r = frames_rec(BDBL_KVA_BASE + ((uint64_t)f << 12));

		if (r)
			o->rec[f] = *r;
	}
	o->creates = bdbl.creates;
	o->destroys = bdbl.destroys;
	o->takes = bdbl.takes;
	o->unzeroed = bdbl.unzeroed;
	o->objects = bdbl_objects();
	o->frames = bdbl_frames();
	o->misuse = bdbl.misuse;
}

/* The bank's state (its regions above all) has no reset: the short run
 * goes in a child process of its own, its outcome back through shared
 * memory. */
static void same(const struct step *s, unsigned n)
{
	int status = -1;
	pid_t pid;

	out_shared = mmap(NULL, sizeof *out_shared, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(out_shared, MAP_FAILED);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		run(s, n, 1, out_shared);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	out_short = *out_shared;
	munmap(out_shared, sizeof *out_shared);
	run(s, n, 0, &out_general);
	for (unsigned i = 0; i < n; i++) {
		ck_assert_msg(out_short.e[i] == out_general.e[i], "step %u: %d, general %d", i,
			      out_short.e[i], out_general.e[i]);
		ck_assert_uint_eq(out_short.addr[i], out_general.addr[i]);
		ck_assert_uint_eq(out_short.pool[i], out_general.pool[i]);
	}
	ck_assert(memcmp(out_short.used, out_general.used, sizeof out_short.used) == 0);
	ck_assert(memcmp(out_short.pool_used, out_general.pool_used, sizeof out_short.pool_used) ==
		  0);
	ck_assert(memcmp(out_short.rec, out_general.rec, sizeof out_short.rec) == 0);
	ck_assert_uint_eq(out_short.creates, out_general.creates);
	ck_assert_uint_eq(out_short.destroys, out_general.destroys);
	ck_assert_uint_eq(out_short.takes, out_general.takes);
	ck_assert_uint_eq(out_short.unzeroed, out_general.unzeroed);
	ck_assert_uint_eq(out_short.objects, out_general.objects);
	ck_assert_uint_eq(out_short.frames, out_general.frames);
	ck_assert_uint_eq(out_short.misuse, 0);
	ck_assert_uint_eq(out_general.misuse, 0);
	ck_assert_uint_eq(out_general.shortened, 0);
}

/* Pages, CapPages and GrantFrames of three banks, freed by their own bank
 * and by an ancestor, refused to a sibling, twice, at a slot; frames reused
 * unzeroed by their bank and zeroed by another or after a scrub. */
START_TEST(short_paths_answer_as_the_general_path)
{
	static const struct step s[] = {
		{ ALLOC, 1, CT_PAGE },
		{ ALLOC, 2, CT_PAGE },
		{ ALLOC, 3, CT_CAPPAGE },
		{ ALLOC, 1, CT_GRANT_FRAME },
		{ FREE, 1, 0 },
		{ ALLOC, 1, CT_PAGE },
		{ FREE, 3, 1 },
		{ FREE, 1, 1 },
		{ FREE, 1, 1 },
		{ FREE_SLOT, 1, 5 },
		{ FREE, 1, 5 },
		{ ALLOC, 2, CT_PAGE },
		{ FREE_SCRUB, 2, 11 },
		{ ALLOC, 2, CT_PAGE },
		{ FREE, 0, 2 },
		{ FREE, 2, 13 },
		{ ALLOC, 3, CT_PAGE },
		{ FREE, 3, 16 },
		{ FREE, 3, 3 },
		{ ALLOC, 1, CT_CAPPAGE },
		{ FREE, 1, 19 },
		{ FREE, 1, 2 },
		{ FREE, 0, 6 },
		{ ALLOC, 2, CT_PAGE },
		{ FREE_GONE, 2, 23 },
		{ FREE_GONE, 2, 23 },
		{ ALLOC, 1, CT_GRANT_FRAME },
		{ FREE_GONE, 1, 26 },
	};

	same(s, sizeof s / sizeof s[0]);
	ck_assert_uint_ge(out_short.shortened, 12);
	ck_assert_int_eq(out_short.e[24], BANK_OK); /* destroyed by Range's own call */
	ck_assert_int_eq(out_short.e[25], BANK_ERR_ARG);
}
END_TEST

/* Refusals change nothing on either path: over the root's frame limit, and
 * a Range that refuses the object. */
START_TEST(short_paths_refuse_as_the_general_path)
{
	static const struct step s[] = {
		{ ALLOC, 1, CT_PAGE },	  { FREE, 1, 0 },	 { LIMIT, 0, 1 },
		{ ALLOC, 2, CT_PAGE },	  { ALLOC, 1, CT_PAGE }, { ALLOC, 3, CT_CAPPAGE },
		{ FREE, 2, 3 },		  { LIMIT, 0, 0 },	 { FAIL_CREATE, 0, 1 },
		{ ALLOC, 2, CT_PAGE },	  { ALLOC, 2, CT_PAGE }, { FAIL_CREATE, 0, 1 },
		{ ALLOC, 3, CT_CAPPAGE }, { FREE, 2, 10 },	 { FREE, 3, 5 },
		{ ALLOC, 3, CT_PAGE },	  { FREE, 3, 15 },
	};

	same(s, sizeof s / sizeof s[0]);
	ck_assert_uint_ge(out_short.shortened, 8);
	ck_assert_int_eq(out_short.e[4], BANK_ERR_LIMIT);
	ck_assert_int_eq(out_short.e[9], BANK_ERR_NO_FRAMES);
}
END_TEST

/* A FREE's books wait for the next request (page.c's page_kept): its
 * bank's next ALLOC of a Page takes the frame back as it stands; anything
 * else settles them first, and every answer, count and record is still the
 * general path's: an ALLOC by another bank, by an ancestor of the Page's,
 * of a CapPage; the kept frame freed again; a scrubbed FREE; a make that
 * fails; a FREE whose caller is gone; a root at its limit. */
START_TEST(short_paths_reuse_a_freed_frame_as_the_general_path_would)
{
	static const struct step s[] = {
		{ ALLOC, 1, CT_PAGE }, /* 0 */
		{ FREE, 1, 0 },
		{ ALLOC, 1, CT_PAGE }, /* 2: step 0's frame, reused */
		{ FREE, 0, 2 }, /* by an ancestor: kept for bank 1 */
		{ ALLOC, 0, CT_PAGE }, /* 4: the ancestor's own: settled first */
		{ ALLOC, 2, CT_PAGE },
		{ FREE, 2, 5 },
		{ FREE, 2, 5 }, /* 7: the kept frame again: refused */
		{ ALLOC, 2, CT_PAGE },
		{ FREE, 2, 8 },
		{ ALLOC, 3, CT_PAGE }, /* 10: another bank */
		{ FREE, 3, 10 },
		{ ALLOC, 3, CT_CAPPAGE }, /* 12: not a Page */
		{ ALLOC, 3, CT_PAGE },
		{ FREE_SCRUB, 3, 13 },
		{ ALLOC, 3, CT_PAGE }, /* 15: zeroed, not kept */
		{ FREE, 3, 15 },
		{ FAIL_CREATE, 0, 1 },
		{ ALLOC, 3, CT_PAGE }, /* 18: reused, the make refused */
		{ ALLOC, 3, CT_PAGE },
		{ FREE_GONE, 3, 19 },
		{ ALLOC, 3, CT_PAGE },
		{ LIMIT, 0, 3 }, /* 22: the root's frames, all in use (steps 4, 12, 21) */
		{ FREE, 3, 21 },
		{ ALLOC, 3, CT_PAGE }, /* 24: reused at the limit */
		{ ALLOC, 3, CT_PAGE }, /* 25: over it */
		{ FREE, 1, 24 }, /* a bank that is not the Page's, nor above it */
		{ FREE, 0, 24 },
		{ LIMIT, 0, 0 },
		{ ALLOC, 3, CT_PAGE },
	};

	same(s, sizeof s / sizeof s[0]);
	ck_assert_uint_eq(out_short.reused, 3); /* steps 2, 18 and 24 */
	ck_assert_uint_eq(out_general.reused, 0);
	ck_assert_uint_eq(out_short.addr[2], out_short.addr[0]);
	ck_assert_int_eq(out_short.e[7], BANK_ERR_ARG);
	ck_assert_int_eq(out_short.e[18], BANK_ERR_NO_FRAMES);
	ck_assert_int_eq(out_short.e[24], BANK_OK);
	ck_assert_int_eq(out_short.e[25], BANK_ERR_LIMIT);
}
END_TEST

/* The stash full when a FREE keeps its frame: a FREE without the wait
 * would have merged the frame and the ALLOC taken the stash's last one,
 * so the kept frame is settled, not reused. */
START_TEST(short_paths_reuse_only_what_the_stash_would_give_back)
{
	struct step s[SHORT_STEPS];
	unsigned n = 0;

	for (unsigned i = 0; i <= BUDDY_STASH_MAX + 1; i++)
		s[n++] = (struct step){ ALLOC, 1, CT_PAGE };
	for (unsigned i = 0; i <= BUDDY_STASH_MAX; i++)
		s[n++] = (struct step){ FREE, 1, i };
	s[n++] = (struct step){ ALLOC, 1, CT_PAGE };
	s[n++] = (struct step){ FREE, 1, BUDDY_STASH_MAX + 1 };
	s[n++] = (struct step){ ALLOC, 1, CT_PAGE };
	same(s, n);
	ck_assert_uint_eq(out_short.reused, 1); /* the last: the stash had room again */
	ck_assert_uint_ne(out_short.addr[2 * BUDDY_STASH_MAX + 3], out_short.addr[BUDDY_STASH_MAX]);
}
END_TEST

/* Enough pages to take every frame of a chunk and the next one's: the short
 * path gives way whenever the first region has no free frame. */
START_TEST(short_paths_follow_the_general_path_across_chunks)
{
	struct step s[SHORT_STEPS];
	unsigned n = 0;

	for (unsigned i = 0; i < 280; i++)
		s[n++] = (struct step){ ALLOC, 1 + i % 3, i % 2 ? CT_CAPPAGE : CT_PAGE };
	for (unsigned i = 0; i < 280; i += 3)
		s[n++] = (struct step){ i % 2 ? FREE_SCRUB : FREE, 0, i };
	for (unsigned i = 0; i < 20; i++)
		s[n++] = (struct step){ ALLOC, 2, CT_PAGE };
	same(s, n);
	ck_assert_uint_eq(out_short.takes, 2);
	ck_assert_uint_ge(out_short.shortened, 250);
}
END_TEST

Suite *bank_short_suite(void)
{
	Suite *s = suite_create("bank_short");
	TCase *tc = tcase_create("short");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, short_paths_answer_as_the_general_path);
	tcase_add_test(tc, short_paths_refuse_as_the_general_path);
	tcase_add_test(tc, short_paths_follow_the_general_path_across_chunks);
	tcase_add_test(tc, short_paths_reuse_a_freed_frame_as_the_general_path_would);
	tcase_add_test(tc, short_paths_reuse_only_what_the_stash_would_give_back);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(bank_short)
