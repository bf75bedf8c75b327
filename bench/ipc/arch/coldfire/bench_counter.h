/* The IPC benchmark's counter on ColdFire: PIT1, free-running at the full
 * bus clock (83.333 MHz, prescaler 1), read with one move.w from PCNTR.
 * Under QEMU -icount shift=0,sleep=off the PIT follows virtual time and one
 * guest instruction is one virtual nanosecond (FACTS §2, §4), so a tick is
 * 12 instructions (12.00000005 ns): readings are exact multiples of 12
 * instructions and a single sample is good to one tick. The client times
 * loops of many invocations between two readings for sub-tick averages.
 *
 * The kernel owns PIT0 (its tick) and not PIT1, and grants no capability to
 * either: the benchmark programs PIT1 directly, which a ColdFire process can
 * do because the core has no MMU (doc/abi.md, "What isolation there is").
 * That is a measurement hook, not an example to follow.
 *
 * Each reading sits in the same asm statement as the trap #0 it times; the
 * BENCH_EMPTY form of a statement is the same text without the trap, and
 * what it measures is the overhead the client subtracts. The interface is
 * the same on every arch (bench/ipc/arch/<arch>/). */
#ifndef BENCH_COUNTER_H
#define BENCH_COUNTER_H

#include <stdint.h>

#define BENCH_COUNTER_NAME "PIT1"
#define BENCH_UNIT_INSNS 12u /* instructions per counter unit (tick) */

#define BENCH_PIT1 0xfc084000u
#define BENCH_PCNTR "0xfc084004" /* counts down from 0xffff, wraps to 0xffff */
#define BENCH_PCSR_EN 0x0001
#define BENCH_PCSR_RLD 0x0002
#define BENCH_PCSR_OVW 0x0010

#define BENCH_INVOKE "trap #0\n\t"
#define BENCH_EMPTY ""

static inline void bench_counter_init(void)
{
	volatile uint16_t *pit = (volatile uint16_t *)BENCH_PIT1;

	pit[0] = 0; /* PCSR: stopped, prescaler 1, no interrupt */
	pit[0] = BENCH_PCSR_OVW;
	pit[1] = 0xffff; /* PMR: reload at 0xffff, so deltas are mod 2^16 */
	pit[0] = BENCH_PCSR_RLD | BENCH_PCSR_EN;
}

/* The counter counts down: earlier minus later, modulo its 16 bits. */
static inline uint32_t bench_delta(uint32_t later, uint32_t earlier)
{
	return (earlier - later) & 0xffffu;
}

static inline uint32_t bench_read(void)
{
	uint32_t t = 0;

	__asm__ volatile("move.w " BENCH_PCNTR ", %0" : "+d"(t));
	return t & 0xffffu;
}

/* The registers of one trap #0 (user/arch/coldfire/invoke.h), plus d6/d7
 * for readings and a0 for the header, which the glue moves into d0. */
#define BENCH_REGS(hdr, w1)                        \
	register uint32_t d0 __asm__("d0") = 0;    \
	register uint32_t d1 __asm__("d1") = 0;    \
	register uint32_t d2 __asm__("d2") = (w1); \
	register uint32_t d3 __asm__("d3") = 0;    \
	register uint32_t d4 __asm__("d4") = 0;    \
	register uint32_t d5 __asm__("d5") = 0;    \
	register uint32_t d6 __asm__("d6") = 0;    \
	register uint32_t d7 __asm__("d7") = 0;    \
	register uint32_t a0 __asm__("a0") = (hdr)
#define BENCH_OUTS \
	"+d"(d0), "+d"(d1), "+d"(d2), "+d"(d3), "+d"(d4), "+d"(d5), "+d"(d6), "+d"(d7), "+a"(a0)

/* Counter units from just before invoking hdr (words 0, flags 0) to just
 * after it returns; *err gets the error code. */
#define BENCH_BRACKET(name, invoke)                                                            \
	static inline uint32_t name(uint32_t hdr, uint32_t *err)                               \
	{                                                                                      \
		BENCH_REGS(hdr, 0);                                                            \
                                                                                               \
		__asm__ volatile("move.w " BENCH_PCNTR ", %%d6\n\t"                            \
				 "move.l %%a0, %%d0\n\t" invoke "move.w " BENCH_PCNTR ", %%d7" \
				 : BENCH_OUTS                                                  \
				 :                                                             \
				 : "memory", "cc");                                            \
		(void)d1, (void)d2, (void)d3, (void)d4, (void)d5;                              \
		*err = d0;                                                                     \
		return bench_delta(d7, d6);                                                    \
	}
BENCH_BRACKET(bench_bracket, BENCH_INVOKE)
BENCH_BRACKET(bench_bracket_empty, BENCH_EMPTY)

/* One-way timing across processes. The sender reads the counter and
 * invokes with the reading as word 0; the receiver reads the counter as its
 * invocation returns. bench_pair_empty is the sender's glue followed by the
 * receiver's with neither invocation: the overhead of the pair. */

/* Reads the counter into word 0, w1 into word 1, and invokes hdr. */
static inline void bench_stamp_send(uint32_t hdr, uint32_t w1, uint32_t *err)
{
	BENCH_REGS(hdr, w1);

	__asm__ volatile("move.w " BENCH_PCNTR ", %%d1\n\t"
			 "move.l %%a0, %%d0\n\t"
			 "trap #0"
			 : BENCH_OUTS
			 :
			 : "memory", "cc");
	(void)d1, (void)d2, (void)d3, (void)d4, (void)d5, (void)d6, (void)d7;
	*err = d0;
}

/* Invokes hdr, then reads the counter; returns the reading, *w0 the word 0
 * that came back. */
static inline uint32_t bench_recv_stamp(uint32_t hdr, uint32_t *err, uint32_t *w0)
{
	BENCH_REGS(hdr, 0);

	__asm__ volatile("move.l %%a0, %%d0\n\t"
			 "trap #0\n\t"
			 "move.w " BENCH_PCNTR ", %%d6"
			 : BENCH_OUTS
			 :
			 : "memory", "cc");
	(void)d2, (void)d3, (void)d4, (void)d5, (void)d7;
	*err = d0;
	*w0 = d1 & 0xffffu;
	return d6 & 0xffffu;
}

/* The server's side of a one-way ReplyRecv: reads the counter into word 0,
 * w1 into word 1, invokes hdr (the reply goes out, the next call comes in),
 * then reads the counter; returns that reading, *w0 the word 0 that came. */
static inline uint32_t bench_stamp_replyrecv(uint32_t hdr, uint32_t w1, uint32_t *err, uint32_t *w0)
{
	BENCH_REGS(hdr, w1);

	__asm__ volatile("move.w " BENCH_PCNTR ", %%d1\n\t"
			 "move.l %%a0, %%d0\n\t"
			 "trap #0\n\t"
			 "move.w " BENCH_PCNTR ", %%d6"
			 : BENCH_OUTS
			 :
			 : "memory", "cc");
	(void)d2, (void)d3, (void)d4, (void)d5, (void)d7;
	*err = d0;
	*w0 = d1 & 0xffffu;
	return d6 & 0xffffu;
}

/* Both in one: a call stamped on the way out and on the way back. */
#define BENCH_STAMP_CALL(name, invoke)                                                         \
	static inline uint32_t name(uint32_t hdr, uint32_t *err, uint32_t *w0, uint32_t *w1)   \
	{                                                                                      \
		BENCH_REGS(hdr, 0);                                                            \
                                                                                               \
		__asm__ volatile("move.w " BENCH_PCNTR ", %%d1\n\t"                            \
				 "move.l %%a0, %%d0\n\t" invoke "move.w " BENCH_PCNTR ", %%d6" \
				 : BENCH_OUTS                                                  \
				 :                                                             \
				 : "memory", "cc");                                            \
		(void)d3, (void)d4, (void)d5, (void)d7;                                        \
		*err = d0;                                                                     \
		*w0 = d1 & 0xffffu;                                                            \
		*w1 = d2;                                                                      \
		return d6 & 0xffffu;                                                           \
	}
BENCH_STAMP_CALL(bench_stamp_call, BENCH_INVOKE)
BENCH_STAMP_CALL(bench_pair_glue, BENCH_EMPTY)

/* The overhead of one stamped pair, in counter units. */
static inline uint32_t bench_pair_empty(uint32_t hdr)
{
	uint32_t err, w0, w1, t = bench_pair_glue(hdr, &err, &w0, &w1);

	return bench_delta(t, w0);
}

/* Long messages (INV_F_LONG, doc/abi.md): the same stamped call, receive and
 * ReplyRecv with flags INV_F_LONG in d5, words 4..9 in d6, d7, a0-a3 (the
 * kernel writes them all on the way back, so a1-a3 are outputs too). */
#define BENCH_REGS_LONG(hdr, w1)                \
	BENCH_REGS(hdr, w1);                    \
	register uint32_t a1 __asm__("a1") = 0; \
	register uint32_t a2 __asm__("a2") = 0; \
	register uint32_t a3 __asm__("a3") = 0; \
	d5 = 2 /* INV_F_LONG */
#define BENCH_OUTS_LONG BENCH_OUTS, "+a"(a1), "+a"(a2), "+a"(a3)

#define BENCH_STAMP_CALL_LONG(name, invoke)                                                    \
	static inline uint32_t name(uint32_t hdr, uint32_t *err, uint32_t *w0, uint32_t *w1)   \
	{                                                                                      \
		BENCH_REGS_LONG(hdr, 0);                                                       \
                                                                                               \
		__asm__ volatile("move.w " BENCH_PCNTR ", %%d1\n\t"                            \
				 "move.l %%a0, %%d0\n\t" invoke "move.w " BENCH_PCNTR ", %%d6" \
				 : BENCH_OUTS_LONG                                             \
				 :                                                             \
				 : "memory", "cc");                                            \
		(void)d3, (void)d4, (void)d5, (void)d7, (void)a1, (void)a2, (void)a3;          \
		*err = d0;                                                                     \
		*w0 = d1 & 0xffffu;                                                            \
		*w1 = d2;                                                                      \
		return d6 & 0xffffu;                                                           \
	}
BENCH_STAMP_CALL_LONG(bench_stamp_call_long, BENCH_INVOKE)
BENCH_STAMP_CALL_LONG(bench_pair_glue_long, BENCH_EMPTY)

static inline uint32_t bench_pair_empty_long(uint32_t hdr)
{
	uint32_t err, w0, w1, t = bench_pair_glue_long(hdr, &err, &w0, &w1);

	return bench_delta(t, w0);
}

static inline uint32_t bench_recv_stamp_long(uint32_t hdr, uint32_t *err, uint32_t *w0)
{
	BENCH_REGS_LONG(hdr, 0);

	__asm__ volatile("move.l %%a0, %%d0\n\t"
			 "trap #0\n\t"
			 "move.w " BENCH_PCNTR ", %%d6"
			 : BENCH_OUTS_LONG
			 :
			 : "memory", "cc");
	(void)d2, (void)d3, (void)d4, (void)d5, (void)d7, (void)a1, (void)a2, (void)a3;
	*err = d0;
	*w0 = d1 & 0xffffu;
	return d6 & 0xffffu;
}

static inline uint32_t bench_stamp_replyrecv_long(uint32_t hdr, uint32_t w1, uint32_t *err,
						  uint32_t *w0)
{
	BENCH_REGS_LONG(hdr, w1);

	__asm__ volatile("move.w " BENCH_PCNTR ", %%d1\n\t"
			 "move.l %%a0, %%d0\n\t"
			 "trap #0\n\t"
			 "move.w " BENCH_PCNTR ", %%d6"
			 : BENCH_OUTS_LONG
			 :
			 : "memory", "cc");
	(void)d2, (void)d3, (void)d4, (void)d5, (void)d7, (void)a1, (void)a2, (void)a3;
	*err = d0;
	*w0 = d1 & 0xffffu;
	return d6 & 0xffffu;
}

#endif
