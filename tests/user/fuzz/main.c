/* The invocation fuzzer: the first process of tests/user/fuzz.img.txt.
 * fuzz_rounds random invocations from fuzz_seed_value (gen.c); every answer must
 * be an enum inv_err; then the ledger, the fuzzer's own capabilities and a
 * known-good call must still be as they should. */
#include <invoke.h>

#include "fuzz.h"

/* Ledger states as meminfo numbers them: device frames and objects. */
#define FUZZ_LEDGER_DEVICE 5
#define FUZZ_LEDGER_OBJECTS 7

/* The attached CapPage and a few page tables (i386). */
#define FUZZ_OBJECTS_SLACK 16

static uint32_t fuzz_counts[INV_ERR_COUNT];
static uint32_t fuzz_bad, fuzz_skipped;
/* What came from the peers: capabilities received, messages and faults of
 * the faulting peer. */
static uint32_t fuzz_caps_in, fuzz_peer_sends, fuzz_peer_faults;

/* The faulting peer's fault, taken by any receive of the fuzzer's (its
 * Reply in CAP_REPLY): answered at once, w0 = 0 retrying the faulting
 * instruction, so that the peer faults again; a fault taken and left
 * unanswered would keep it waiting for good. */
static void fuzz_answer_fault(void)
{
	struct msg retry = { { 0 }, 0 };

	fuzz_peer_faults++;
	reply_send(CAP_REPLY, &retry, CAP_NONE);
}

/* The frame the fuzzer's answers cycle through: taken once (a restore
 * gives it back, after which makes there are zeroed ones in a free frame),
 * a Page made in it by one answer and destroyed by the next. */
static uint64_t fuzz_answer_pa;
static bool fuzz_answer_made;

/* The calling peer's call just received, its Reply in CAP_REPLY: answered
 * by making or destroying a Page (half the time the cycle in
 * fuzz_answer_pa, else fuzz_page_answer's choice), or plainly when that
 * answer is refused, so that the peer goes on calling (a random answer is
 * rare). */
static void fuzz_answer_page(void)
{
	struct fuzz_call c = { .cap = CAP_REPLY, .op = REPLY_OP_REPLY, .recv_slot = CAP_NONE };
	struct fuzz_call take = { .cap = F_RANGE, .op = RANGE_OP_TAKE, .w = { 1 } };
	struct msg m = { { 1 }, 0 }; /* one frame, from anywhere */
	int err;

	if (!fuzz_answer_pa &&
	    invoke(F_RANGE, RANGE_OP_TAKE, CAP_NONE, CAP_NONE, 0, &m) == INV_OK) {
		fuzz_note(&take, INV_OK, &m);
		fuzz_answer_pa = msg_u64(m.w);
	}
	fuzz_page_answer(&c);
	if (fuzz_answer_pa && (fuzz_rand() & 1)) {
		c.flags = fuzz_answer_made ? INV_F_PAGE_DESTROY : INV_F_PAGE_MAKE;
		msg_put_u64(&c.w[1], fuzz_answer_pa);
	}
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		m.w[i] = c.w[i];
	err = reply_send_with(CAP_REPLY, &m, c.send_cap, c.flags);
	fuzz_note(&c, err, &m);
	/* after a make the next step destroys, after a destroy it makes,
	 * refused or not: the fuzz may destroy the Page or make an object
	 * there meanwhile */
	if (msg_u64(&c.w[1]) == fuzz_answer_pa && (err == INV_OK || err == INV_ERR_ARG))
		fuzz_answer_made = c.flags != INV_F_PAGE_DESTROY;
	if (err != INV_OK)
		reply_send(CAP_REPLY, &m, CAP_NONE);
}

static void fuzz_count_peers(const struct fuzz_call *c, int err, const struct msg *m)
{
	unsigned type = 0, rights = 0;

	if (err != INV_OK ||
	    (c->op != EP_OP_RECV && c->op != EP_OP_REPLY_RECV && c->op != EP_OP_CALL))
		return;
	if (c->recv_slot < F_FUZZED && cap_identify(c->recv_slot, &type, &rights) == INV_OK)
		fuzz_caps_in++;
	if (c->op == EP_OP_CALL)
		return;
	if (m->w[0] == FUZZ_PEER_SEND)
		fuzz_peer_sends++;
	else if (m->w[0] == FUZZ_PEER_CALL)
		fuzz_answer_page();
	else if (fuzz_victim_pid && m->badge == FAULT_BADGE(fuzz_victim_pid))
		fuzz_answer_fault();
}
static uint64_t fuzz_total0, fuzz_budget0, fuzz_objects0;

static uint64_t fuzz_ledger_sum(uint64_t *objects, uint64_t *budget, uint64_t *banked)
{
	uint64_t sum = 0, n;
	struct msg m = { { 0 }, 0 };

	for (unsigned s = 0;; s++) {
		if (meminfo_ledger(F_MEMINFO, s, &n) != INV_OK)
			break;
		/* Device frames come and go with the host's hot-plug events
		 * (make fuzz plugs devices during the run on i386): the RAM
		 * frames must all be there. */
		if (s == FUZZ_LEDGER_DEVICE)
			continue;
		sum += n;
		if (s == FUZZ_LEDGER_OBJECTS)
			*objects = n;
	}
	invoke(F_MEMINFO, MEMINFO_OP_BUDGET, CAP_NONE, CAP_NONE, 0, &m);
	*budget = msg_u64(&m.w[0]);
	*banked = msg_u64(&m.w[2]);
	return sum;
}

/* Badged copies of the peers' endpoints go to the vault, so the guards know
 * them by badge. */
static int fuzz_badge(unsigned reg, uint32_t badge)
{
	int err = ep_mint(reg, F_RESTORED, badge);

	if (!err)
		err = cappage_store(F_VAULT, reg, F_RESTORED);
	cap_delete(F_RESTORED);
	return err;
}

/* Every FUZZ_PEER_EVERY rounds the fuzzer takes what waits on the faulting
 * peer's endpoint: a message with a capability, or a fault (answered:
 * fuzz_answer_fault). Between a fault and its answer the fuzz may stop,
 * change or destroy the peer. */
#define FUZZ_PEER_EVERY 16u

static void fuzz_serve_victim(void)
{
	struct msg m = { { 0 }, 0 };

	if (ep_recv(F_EP_SPARE, &m, F_RESTORED, INV_F_NONBLOCK) == INV_OK) {
		struct fuzz_call c = { .op = EP_OP_RECV, .recv_slot = F_RESTORED };

		fuzz_count_peers(&c, INV_OK, &m);
	}
	cap_delete(F_RESTORED);
}

UTEST(fuzz_setup)
{
	uint64_t banked;

	UT_OK(self_pid(&fuzz_pids[0]));
	{
		struct msg m = { { 0 }, 0 };

		UT_OK(invoke(F_SERVE, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m));
		fuzz_pids[1] = m.w[0];
		UT_OK(invoke(F_CALLER, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m));
		fuzz_pids[2] = m.w[0];
	}
	UT_OK(fuzz_badge(F_EP_SERVE, FUZZ_BADGE_SERVE));
	UT_OK(fuzz_badge(F_EP_CALLS, FUZZ_BADGE_CALLS));
	UT_OK(fuzz_badge(F_EP_SPARE, FUZZ_BADGE_SPARE));
	fuzz_total0 = fuzz_ledger_sum(&fuzz_objects0, &fuzz_budget0, &banked);
	UT_EQ(fuzz_budget0, banked + fuzz_objects0);
	fuzz_restore();
	{
		struct msg m = { { 0 }, 0 };

		UT_OK(invoke(F_VICTIM, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m));
		fuzz_victim_pid = m.w[0];
	}
	printf("fuzz: seed 0x%x, %u rounds, pids %u %u %u\n", (unsigned)fuzz_seed_value,
	       (unsigned)fuzz_rounds, (unsigned)fuzz_pids[0], (unsigned)fuzz_pids[1],
	       (unsigned)fuzz_pids[2]);
	return UTEST_OK;
}

/* Grant and upcall operations that succeeded (doc/grants.md): Process ops
 * PROC_OP_GRANT_MEM..PROC_OP_NOTIFY by op, then SLEEP_OP_ALARM, SLEEP_OP_CANCEL. */
#define FUZZ_GRANT_OPS (PROC_OP_NOTIFY - PROC_OP_GRANT_MEM + 3)
static uint32_t fuzz_grant_ok[FUZZ_GRANT_OPS];

static void fuzz_count_grant_op(const struct fuzz_call *c, int err)
{
	unsigned type = CT_NULL;
	struct msg m = { { 0 }, 0 };

	if (err != INV_OK || invoke(c->cap, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, &m) != INV_OK)
		return;
	type = m.w[0];
	if (type == CT_PROCESS && c->op >= PROC_OP_GRANT_MEM && c->op <= PROC_OP_NOTIFY)
		fuzz_grant_ok[c->op - PROC_OP_GRANT_MEM]++;
	else if (type == CT_SLEEP && (c->op == SLEEP_OP_ALARM || c->op == SLEEP_OP_CANCEL))
		fuzz_grant_ok[FUZZ_GRANT_OPS - 2 + c->op - SLEEP_OP_ALARM]++;
}

UTEST(fuzz_run)
{
	fuzz_seed(fuzz_seed_value);
	for (uint32_t i = 0; i < fuzz_rounds; i++) {
		struct fuzz_call c;
		struct msg m;
		int err;

		fuzz_victim_spared = i < fuzz_rounds / 2;
		if (i % FUZZ_RESTORE_EVERY == 0)
			fuzz_restore();
		if (i % FUZZ_PEER_EVERY == 0)
			fuzz_serve_victim();
		fuzz_gen(&c);
		if (!fuzz_guard(&c)) {
			fuzz_skipped++;
			continue;
		}
		for (unsigned k = 0; k < MSG_WORDS; k++)
			m.w[k] = c.w[k];
		m.badge = 0;
		if (c.bad_buffer) {
			/* words 4.. from (and to) an address the kernel must refuse or only read */
			uint32_t r[6] = { INV_HEADER(c.cap, c.op, c.send_cap, c.recv_slot),
					  c.w[0],
					  c.w[1],
					  c.w[2],
					  c.w[3],
					  c.flags };

			arch_invoke_long(r, (uint32_t *)(uintptr_t)c.bad_buffer);
			err = (int)r[0];
			for (unsigned k = 0; k < MSG_REG_WORDS; k++)
				m.w[k] = r[1 + k];
			m.badge = r[5];
		} else {
			err = invoke(c.cap, c.op, c.send_cap, c.recv_slot, c.flags, &m);
		}
		if (err < 0 || err >= INV_ERR_COUNT) {
			if (fuzz_bad++ < 8)
				printf("fuzz: round %u: cap %u op 0x%x send %u recv %u w 0x%x 0x%x "
				       "0x%x 0x%x flags 0x%x -> %d\n",
				       (unsigned)i, c.cap, c.op, c.send_cap, c.recv_slot,
				       (unsigned)c.w[0], (unsigned)c.w[1], (unsigned)c.w[2],
				       (unsigned)c.w[3], (unsigned)c.flags, err);
			continue;
		}
		fuzz_counts[err]++;
		fuzz_count_grant_op(&c, err);
		fuzz_count_peers(&c, err, &m);
		fuzz_note(&c, err, &m);
	}
	fuzz_restore();
	UT_EQ(fuzz_bad, 0);
	return UTEST_OK;
}

/* Most codes come up; each is counted. */
UTEST(fuzz_codes)
{
	unsigned seen = 0;

	printf("fuzz: skipped %u;", (unsigned)fuzz_skipped);
	for (unsigned e = 0; e < INV_ERR_COUNT; e++) {
		printf(" %s=%u", inv_err_name((int)e), (unsigned)fuzz_counts[e]);
		seen += fuzz_counts[e] != 0;
	}
	printf("\n");
	printf("fuzz: peers: caps received %u, faulter messages %u, faults %u, page answers %u\n",
	       (unsigned)fuzz_caps_in, (unsigned)fuzz_peer_sends, (unsigned)fuzz_peer_faults,
	       (unsigned)fuzz_page_answers);
	UT_ASSERT(fuzz_counts[INV_OK] > fuzz_rounds / 20);
	UT_ASSERT(seen >= 9);
	UT_ASSERT(fuzz_peer_faults > 0); /* fault delivery ran, and its answers */
	UT_ASSERT(fuzz_page_answers > 0); /* answers made and destroyed Pages */
	return UTEST_OK;
}

/* The grant and upcall operations ran, and some of them succeeded. */
UTEST(fuzz_grants)
{
	unsigned seen = 0;

	printf("fuzz: grant ops ok:");
	for (unsigned i = 0; i < FUZZ_GRANT_OPS; i++) {
		printf(" %u", (unsigned)fuzz_grant_ok[i]);
		seen += fuzz_grant_ok[i] != 0;
	}
	printf("\n");
	UT_ASSERT(seen >= FUZZ_GRANT_OPS - 1);
	return UTEST_OK;
}

/* Unmaps that emptied mappings a map had made ran (the tables under them
 * return to banked when their range empties; fuzz_ledger checks the sums). */
UTEST(fuzz_unmaps)
{
	printf("fuzz: unmaps of mapped addresses %u\n", (unsigned)fuzz_unmapped);
	UT_ASSERT(fuzz_unmapped > 0);
	return UTEST_OK;
}

/* Every frame is still counted once and the budget did not move. */
UTEST(fuzz_ledger)
{
	uint64_t objects, budget, banked, total = fuzz_ledger_sum(&objects, &budget, &banked);

	/* Left alive: the attached CapPage and any page tables fuzz mappings
	 * made (they stay with their space); boot objects the fuzz destroyed
	 * are gone. Nothing the fuzzer made may leak beyond that. */
	printf("fuzz: objects %u -> %u\n", (unsigned)fuzz_objects0, (unsigned)objects);
	UT_EQ(total, fuzz_total0);
	UT_EQ(budget, fuzz_budget0);
	UT_EQ(budget, banked + objects);
	UT_ASSERT(objects <= fuzz_objects0 + FUZZ_OBJECTS_SLACK);
	return UTEST_OK;
}

/* The fuzzer's own state is sane and known-good invocations still work. */
UTEST(fuzz_alive)
{
	unsigned type = 0, rights = 0;
	struct msg m = { { 41, 2, 3, 4 }, 0 };
	uint32_t pid = 0;
	uint64_t pa;

	UT_OK(self_pid(&pid));
	UT_EQ(pid, fuzz_pids[0]);
	UT_OK(cap_identify(F_VAULT, &type, &rights));
	UT_EQ(type, CT_CAPPAGE);
	UT_OK(cap_identify(F_KEEP_CONSOLE, &type, &rights));
	UT_EQ(type, CT_CONSOLE);
	UT_OK(console_write(F_CONSOLE, "fuzz: alive\n", 12));
	UT_OK(ep_call(F_EP_SERVE, &m, CAP_NONE, CAP_NONE));
	UT_EQ(m.w[0], 42);
	UT_EQ(m.w[3], 4);
	UT_OK(range_create(F_RANGE, CT_ENDPOINT, F_RESTORED, &pa));
	UT_OK(range_destroy(F_RANGE, F_RESTORED));
	UT_INV(cap_identify(F_RESTORED, &type, &rights), INV_ERR_CAP_STALE);
	UT_OK(cap_delete(F_RESTORED));
	return UTEST_OK;
}

int main(void)
{
	user_console = F_KEEP_CONSOLE;
	return (int)utest_run_all();
}
