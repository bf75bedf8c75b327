/* The IPC benchmark's client, the first process of ipcbench.img.txt. It
 * times a null invocation, one-way Call, ReplyRecv and Send, and a call/reply
 * round trip between address spaces, and prints one line per measurement:
 *
 *   ipcbench <name> samples=N min=I median=I max=I mean=I.II overhead=I
 *   ipcbench <name> loop n=N per_op=I.II error=I.II
 *
 * I are guest instructions under QEMU -icount shift=0,sleep=off with the
 * measurement overhead (the same glue without the invocation, its minimum
 * over SAMPLES runs) subtracted; bench/ipc.sh makes the table. A "loop" line
 * is the difference between LOOP_N invocations and LOOP_N empty glues, each
 * bracketed by two readings (best of LOOP_REPS), divided by LOOP_N: on a
 * counter coarser than an instruction it is the precise average, good to
 * `error`. The exit status is the number of invocations that failed. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

/* 48 >= the 16 of sel4bench, and a multiple of the 12 instructions of a
 * ColdFire tick so that the readings' phases spread over a whole tick. */
#define SAMPLES 48u
#define WARMUP 4
/* 64 round trips stay far below the 65536 ticks (786k instructions) after
 * which PIT1 wraps; the best of 8 repetitions misses the kernel's timer tick
 * (one per 10 M instructions at 100 Hz). */
#define LOOP_N 64u
#define LOOP_REPS 8

_Static_assert(WARMUP + SAMPLES == IB_STAMP_PLAIN_CALLS, "the stamping server counts them");

static uint32_t ib_raw[2][SAMPLES];
static unsigned ib_failures;

static void ib_check(const char *what, uint32_t err, uint32_t want)
{
	if (err != want && ib_failures++ < 8)
		printf("ipcbench %s: error %s, expected %s\n", what, inv_err_name((int)err),
		       inv_err_name((int)want));
}

static void ib_sort(uint32_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint32_t x = v[i];
		unsigned j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* Prints one measurement: raw counter units less `overhead` instructions. */
static void ib_report(const char *name, uint32_t *raw, uint32_t overhead)
{
	uint32_t sum = 0;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint32_t insns = raw[i] * BENCH_UNIT_INSNS;

		raw[i] = insns > overhead ? insns - overhead : 0;
		sum += raw[i];
	}
	ib_sort(raw, SAMPLES);
	sum = sum * 100 / SAMPLES;
	printf("ipcbench %s samples=%u min=%u median=%u max=%u mean=%u.%02u overhead=%u\n", name,
	       SAMPLES, (unsigned)raw[0], (unsigned)raw[(SAMPLES - 1) / 2],
	       (unsigned)raw[SAMPLES - 1], (unsigned)(sum / 100), (unsigned)(sum % 100),
	       (unsigned)overhead);
}

typedef uint32_t (*ib_bracket_fn)(uint32_t hdr, uint32_t *err);

static uint32_t ib_min_overhead(ib_bracket_fn empty, uint32_t hdr)
{
	uint32_t best = UINT32_MAX, err;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint32_t v = empty(hdr, &err);

		best = v < best ? v : best;
	}
	return best * BENCH_UNIT_INSNS;
}

/* A null invocation or a round trip: one process, both readings. */
static void ib_bracketed(const char *name, ib_bracket_fn fn, ib_bracket_fn empty, uint32_t hdr,
			 uint32_t want)
{
	uint32_t overhead = ib_min_overhead(empty, hdr), err;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint32_t v = fn(hdr, &err);

		ib_check(name, err, want);
		if (i >= WARMUP)
			ib_raw[0][i - WARMUP] = v;
	}
	ib_report(name, ib_raw[0], overhead);
}

static uint32_t ib_loop_once(ib_bracket_fn fn, uint32_t hdr)
{
	uint32_t t0, err;

	t0 = bench_read();
	for (unsigned i = 0; i < LOOP_N; i++)
		fn(hdr, &err);
	return bench_delta(bench_read(), t0);
}

static void ib_loop(const char *name, ib_bracket_fn fn, ib_bracket_fn empty, uint32_t hdr)
{
	uint32_t with = UINT32_MAX, without = UINT32_MAX, per100, err100;

	for (unsigned r = 0; r < LOOP_REPS; r++) {
		uint32_t a = ib_loop_once(fn, hdr), b = ib_loop_once(empty, hdr);

		with = a < with ? a : with;
		without = b < without ? b : without;
	}
	per100 = (with - without) * BENCH_UNIT_INSNS * 100 / LOOP_N;
	/* Each of the two intervals is off by less than one unit. */
	err100 = BENCH_UNIT_INSNS > 1 ? 2 * BENCH_UNIT_INSNS * 100 / LOOP_N : 0;
	printf("ipcbench %s loop n=%u per_op=%u.%02u error=%u.%02u\n", name, LOOP_N,
	       (unsigned)(per100 / 100), (unsigned)(per100 % 100), (unsigned)(err100 / 100),
	       (unsigned)(err100 % 100));
}

/* One-way call to the stamping server and its ReplyRecv, from the same calls;
 * send: CAP_NONE, or a register whose capability goes along with each call
 * (then only the call is reported, as `cap_name`). */
static void ib_call_reply(unsigned send, const char *cap_name)
{
	const uint32_t hdr = INV_HEADER(IB_STAMP, EP_OP_CALL, send, CAP_NONE);
	uint32_t overhead = UINT32_MAX, err, w0, w1;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint32_t v = bench_pair_empty(hdr);

		overhead = v < overhead ? v : overhead;
	}
	overhead *= BENCH_UNIT_INSNS;
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint32_t now = bench_stamp_call(hdr, &err, &w0, &w1);

		ib_check("call", err, INV_OK);
		if (i >= WARMUP) {
			ib_raw[0][i - WARMUP] = w1;
			ib_raw[1][i - WARMUP] = bench_delta(now, w0);
		}
	}
	if (cap_name) {
		ib_report(cap_name, ib_raw[0], overhead);
		return;
	}
	ib_report("call-oneway", ib_raw[0], overhead);
	ib_report("replyrecv-oneway", ib_raw[1], overhead);
}

/* One-way 10-word call to a long stamping server (stamp10.c) in register
 * reg and its 10-word ReplyRecv, as ib_call_reply measures the short ones;
 * `across` names the figures of the server one priority above. */
static void ib_call_reply10(unsigned reg, bool across)
{
	const uint32_t hdr = INV_HEADER(reg, EP_OP_CALL, CAP_NONE, CAP_NONE);
	uint32_t overhead = UINT32_MAX, err, w0, w1;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint32_t v = bench_pair_empty_long(hdr);

		overhead = v < overhead ? v : overhead;
	}
	overhead *= BENCH_UNIT_INSNS;
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint32_t now = bench_stamp_call_long(hdr, &err, &w0, &w1);

		ib_check("call10", err, INV_OK);
		if (i >= WARMUP) {
			ib_raw[0][i - WARMUP] = w1;
			ib_raw[1][i - WARMUP] = bench_delta(now, w0);
		}
	}
	ib_report(across ? "call10-across-oneway" : "call10-oneway", ib_raw[0], overhead);
	ib_report(across ? "replyrecv10-across-oneway" : "replyrecv10-oneway", ib_raw[1], overhead);
}

/* One-way send to the sink, which runs at once (higher priority). */
static void ib_send(void)
{
	const uint32_t hdr = INV_HEADER(IB_SINK, EP_OP_SEND, CAP_NONE, CAP_NONE);
	uint32_t overhead = UINT32_MAX, err;

	for (unsigned i = 0; i < SAMPLES; i++) {
		uint32_t v = bench_pair_empty(hdr);

		overhead = v < overhead ? v : overhead;
	}
	overhead *= BENCH_UNIT_INSNS;
	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		struct msg m = { { 0 }, 0 };

		bench_stamp_send(hdr, 0, &err);
		ib_check("send", err, INV_OK);
		ib_check("send result", (uint32_t)ep_recv(IB_RESULT, &m, CAP_NONE, 0), INV_OK);
		if (i >= WARMUP)
			ib_raw[0][i - WARMUP] = m.w[0];
	}
	ib_report("send-oneway", ib_raw[0], overhead);
}

/* One upcall delivered: a notification to itself (the post, into the
 * client's notify grant) and the wait that takes it, timed apart. */
static void ib_upcall(void)
{
	const uint32_t post = INV_HEADER(CAP_SELF, PROC_OP_NOTIFY, CAP_NONE, CAP_NONE);
	const uint32_t take = INV_HEADER(CAP_SELF, PROC_OP_UPCALL_WAIT, CAP_NONE, CAP_NONE);
	static uint32_t both[SAMPLES];
	uint32_t overhead = ib_min_overhead(bench_bracket_empty, post), err;

	for (unsigned i = 0; i < WARMUP + SAMPLES; i++) {
		uint32_t a = bench_bracket(post, &err), b;

		ib_check("upcall post", err, INV_OK);
		b = bench_bracket(take, &err); /* one is pending: it returns at once */
		ib_check("upcall take", err, INV_OK);
		if (i >= WARMUP) {
			ib_raw[0][i - WARMUP] = a;
			ib_raw[1][i - WARMUP] = b;
			both[i - WARMUP] = a + b;
		}
	}
	ib_report("upcall-post", ib_raw[0], overhead);
	ib_report("upcall-take", ib_raw[1], overhead);
	ib_report("upcall-delivery", both, 2 * overhead);
}

int main(void)
{
	const uint32_t pid = INV_HEADER(CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE);
	const uint32_t empty = INV_HEADER(IB_EMPTY, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE);
	const uint32_t call = INV_HEADER(IB_ECHO, EP_OP_CALL, CAP_NONE, CAP_NONE);

	bench_counter_init();
	printf("ipcbench: counter %s, %u instructions per unit\n", BENCH_COUNTER_NAME,
	       BENCH_UNIT_INSNS);
	ib_bracketed("null-pid", bench_bracket, bench_bracket_empty, pid, INV_OK);
#ifdef BENCH_HAS_CPUID
	ib_bracketed("null-pid-cpuid", bench_bracket_cpuid, bench_bracket_cpuid_empty, pid, INV_OK);
#endif
	ib_bracketed("null-error", bench_bracket, bench_bracket_empty, empty, INV_ERR_CAP_EMPTY);
	ib_call_reply(CAP_NONE, NULL);
	ib_call_reply(IB_GIFT, "callcap-oneway");
	ib_call_reply10(IB_STAMP10, false);
	ib_call_reply10(IB_STAMP10_UP, true);
	ib_send();
	ib_bracketed("roundtrip", bench_bracket, bench_bracket_empty, call, INV_OK);
	ib_loop("null-pid", bench_bracket, bench_bracket_empty, pid);
	ib_loop("roundtrip", bench_bracket, bench_bracket_empty, call);
	ib_upcall();
	printf("ipcbench: done, %u failed invocations\n", ib_failures);
	return (int)ib_failures;
}
