/* The IPC benchmark's counter on i386: the time-stamp counter. Under QEMU
 * -icount shift=0,sleep=off it advances exactly once per guest instruction
 * (FACTS §2), and ring 3 may read it (the kernel leaves CR4.TSD clear).
 *
 * Each reading sits in the same asm statement as the int $0x80 it times, so
 * the compiler can put nothing between them. The few instructions that are
 * there (moving a reading out of eax, loading the header) are the
 * measurement overhead: the BENCH_EMPTY form of each statement is the same
 * text without the int, and its result is what the client subtracts.
 * The interface is the same on every arch (bench/ipc/arch/<arch>/). */
#ifndef BENCH_COUNTER_H
#define BENCH_COUNTER_H

#include <stdint.h>

#define BENCH_COUNTER_NAME "rdtsc"
#define BENCH_UNIT_INSNS 1u /* instructions per counter unit */
#define BENCH_HAS_CPUID 1 /* bench_bracket_cpuid exists */

/* Which form of a statement: with the invocation, or its overhead alone. */
#define BENCH_INVOKE "int $0x80\n\t"
#define BENCH_EMPTY ""

static inline void bench_counter_init(void)
{
}

static inline uint32_t bench_delta(uint32_t later, uint32_t earlier)
{
	return later - earlier;
}

static inline uint32_t bench_read(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	(void)hi;
	return lo;
}

/* Counter units from just before invoking hdr (words 0, flags 0) to just
 * after it returns; *err gets the error code. */
#define BENCH_BRACKET(name, invoke)                                                               \
	static inline uint32_t name(uint32_t hdr, uint32_t *err)                                  \
	{                                                                                         \
		uint32_t t0, t1, b = 0, c = 0, d, s = hdr, di = 0;                                \
                                                                                                  \
		__asm__ volatile("rdtsc\n\t"                                                      \
				 "movl %%eax, %[t0]\n\t"                                          \
				 "movl %%esi, %%eax\n\t" invoke "movl %%eax, %%edi\n\t"           \
				 "rdtsc"                                                          \
				 : "=&a"(t1), "=&d"(d), [t0] "=m"(t0), "+b"(b), "+c"(c), "+S"(s), \
				   "+D"(di)                                                       \
				 :                                                                \
				 : "memory", "cc");                                               \
		(void)d;                                                                          \
		*err = di;                                                                        \
		return t1 - t0;                                                                   \
	}
BENCH_BRACKET(bench_bracket, BENCH_INVOKE)
BENCH_BRACKET(bench_bracket_empty, BENCH_EMPTY)

/* The same, each reading serialised by cpuid the way sel4bench does
 * (cpuid; rdtsc; cpuid), to show whether serialising changes anything. */
#define BENCH_BRACKET_CPUID(name, invoke)                                                    \
	static inline uint32_t name(uint32_t hdr, uint32_t *err)                             \
	{                                                                                    \
		uint32_t t0, t1, a, b, c, d, s = hdr, di = 0;                                \
                                                                                             \
		__asm__ volatile("xorl %%eax, %%eax\n\t"                                     \
				 "cpuid\n\t"                                                 \
				 "rdtsc\n\t"                                                 \
				 "movl %%eax, %[t0]\n\t"                                     \
				 "xorl %%eax, %%eax\n\t"                                     \
				 "cpuid\n\t"                                                 \
				 "movl %%esi, %%eax\n\t" invoke "movl %%eax, %%edi\n\t"      \
				 "xorl %%eax, %%eax\n\t"                                     \
				 "cpuid\n\t"                                                 \
				 "rdtsc\n\t"                                                 \
				 "movl %%eax, %[t1]\n\t"                                     \
				 "xorl %%eax, %%eax\n\t"                                     \
				 "cpuid"                                                     \
				 : "=&a"(a), "=&b"(b), "=&c"(c),                             \
				   "=&d"(d), [t0] "=m"(t0), [t1] "=m"(t1), "+S"(s), "+D"(di) \
				 :                                                           \
				 : "memory", "cc");                                          \
		(void)a;                                                                     \
		(void)b;                                                                     \
		(void)c;                                                                     \
		(void)d;                                                                     \
		*err = di;                                                                   \
		return t1 - t0;                                                              \
	}
BENCH_BRACKET_CPUID(bench_bracket_cpuid, BENCH_INVOKE)
BENCH_BRACKET_CPUID(bench_bracket_cpuid_empty, BENCH_EMPTY)

/* One-way timing across processes. The sender reads the counter and
 * invokes with the reading as word 0; the receiver reads the counter as its
 * invocation returns. bench_pair_empty is the sender's glue followed by the
 * receiver's with neither invocation: the overhead of the pair. */

/* Reads the counter into word 0, w1 into word 1, and invokes hdr. */
static inline void bench_stamp_send(uint32_t hdr, uint32_t w1, uint32_t *err)
{
	uint32_t a, b, c = w1, d, s = hdr, di = 0;

	__asm__ volatile("rdtsc\n\t"
			 "movl %%eax, %%ebx\n\t"
			 "movl %%esi, %%eax\n\t"
			 "int $0x80"
			 : "=&a"(a), "=&b"(b), "+c"(c), "=&d"(d), "+S"(s), "+D"(di)
			 :
			 : "memory", "cc");
	(void)b;
	(void)d;
	*err = a;
}

/* Invokes hdr, then reads the counter; returns the reading, *w0 the word 0
 * that came back. */
static inline uint32_t bench_recv_stamp(uint32_t hdr, uint32_t *err, uint32_t *w0)
{
	uint32_t a = hdr, b = 0, c = 0, d = 0, s = 0, di = 0;

	__asm__ volatile("int $0x80\n\t"
			 "movl %%eax, %%edi\n\t"
			 "rdtsc"
			 : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di)
			 :
			 : "memory", "cc");
	*err = di;
	*w0 = b;
	return a;
}

/* The server's side of a one-way ReplyRecv: reads the counter into word 0,
 * w1 into word 1, invokes hdr (the reply goes out, the next call comes in),
 * then reads the counter; returns that reading, *w0 the word 0 that came. */
static inline uint32_t bench_stamp_replyrecv(uint32_t hdr, uint32_t w1, uint32_t *err, uint32_t *w0)
{
	uint32_t a, b, c = w1, d, s = hdr, di = 0;

	__asm__ volatile("rdtsc\n\t"
			 "movl %%eax, %%ebx\n\t"
			 "movl %%esi, %%eax\n\t"
			 "int $0x80\n\t"
			 "movl %%eax, %%edi\n\t"
			 "rdtsc"
			 : "=&a"(a), "=&b"(b), "+c"(c), "=&d"(d), "+S"(s), "+D"(di)
			 :
			 : "memory", "cc");
	(void)d;
	*err = di;
	*w0 = b;
	return a;
}

/* Both in one: a call stamped on the way out and on the way back. */
#define BENCH_STAMP_CALL(name, invoke)                                                       \
	static inline uint32_t name(uint32_t hdr, uint32_t *err, uint32_t *w0, uint32_t *w1) \
	{                                                                                    \
		uint32_t a, b, c = 0, d, s = hdr, di = 0;                                    \
                                                                                             \
		__asm__ volatile("rdtsc\n\t"                                                 \
				 "movl %%eax, %%ebx\n\t"                                     \
				 "movl %%esi, %%eax\n\t" invoke "movl %%eax, %%edi\n\t"      \
				 "rdtsc"                                                     \
				 : "=&a"(a), "=&b"(b), "+c"(c), "=&d"(d), "+S"(s), "+D"(di)  \
				 :                                                           \
				 : "memory", "cc");                                          \
		(void)d;                                                                     \
		*err = di;                                                                   \
		*w0 = b;                                                                     \
		*w1 = c;                                                                     \
		return a;                                                                    \
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
 * ReplyRecv with words 4..9 in bench_long_words, where ebp points during
 * the invocation (saved and restored around it). */
static uint32_t bench_long_words[6] __attribute__((aligned(32), unused));

#define BENCH_STAMP_CALL_LONG(name, invoke)                                                  \
	static inline uint32_t name(uint32_t hdr, uint32_t *err, uint32_t *w0, uint32_t *w1) \
	{                                                                                    \
		uint32_t a, b, c = 0, d, s = hdr, di = 2 /* INV_F_LONG */;                   \
                                                                                             \
		__asm__ volatile("pushl %%ebp\n\t"                                           \
				 "movl %[buf], %%ebp\n\t"                                    \
				 "rdtsc\n\t"                                                 \
				 "movl %%eax, %%ebx\n\t"                                     \
				 "movl %%esi, %%eax\n\t" invoke "movl %%eax, %%edi\n\t"      \
				 "rdtsc\n\t"                                                 \
				 "popl %%ebp"                                                \
				 : "=&a"(a), "=&b"(b), "+c"(c), "=&d"(d), "+S"(s), "+D"(di)  \
				 : [buf] "i"(bench_long_words)                               \
				 : "memory", "cc");                                          \
		(void)d;                                                                     \
		*err = di;                                                                   \
		*w0 = b;                                                                     \
		*w1 = c;                                                                     \
		return a;                                                                    \
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
	uint32_t a = hdr, b = 0, c = 0, d = 0, s = 0, di = 2 /* INV_F_LONG */;

	__asm__ volatile("pushl %%ebp\n\t"
			 "movl %[buf], %%ebp\n\t"
			 "int $0x80\n\t"
			 "movl %%eax, %%edi\n\t"
			 "rdtsc\n\t"
			 "popl %%ebp"
			 : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di)
			 : [buf] "i"(bench_long_words)
			 : "memory", "cc");
	*err = di;
	*w0 = b;
	return a;
}

static inline uint32_t bench_stamp_replyrecv_long(uint32_t hdr, uint32_t w1, uint32_t *err,
						  uint32_t *w0)
{
	uint32_t a, b, c = w1, d, s = hdr, di = 2 /* INV_F_LONG */;

	__asm__ volatile("pushl %%ebp\n\t"
			 "movl %[buf], %%ebp\n\t"
			 "rdtsc\n\t"
			 "movl %%eax, %%ebx\n\t"
			 "movl %%esi, %%eax\n\t"
			 "int $0x80\n\t"
			 "movl %%eax, %%edi\n\t"
			 "rdtsc\n\t"
			 "popl %%ebp"
			 : "=&a"(a), "=&b"(b), "+c"(c), "=&d"(d), "+S"(s), "+D"(di)
			 : [buf] "i"(bench_long_words)
			 : "memory", "cc");
	(void)d;
	*err = di;
	*w0 = b;
	return a;
}

#endif
