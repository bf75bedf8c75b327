/* The user-test image (tests/user/utest.img.txt): the capability registers
 * its processes are given and the messages they exchange. The description
 * must agree with these numbers. */
#ifndef TESTS_USER_UTEST_PROTO_H
#define TESTS_USER_UTEST_PROTO_H

/* Registers. Every process: */
#define S_CONSOLE 0
#define S_SLEEP 1
#define S_ECHO 4 /* the echo server's endpoint */
#define S_DONE 5 /* helpers report to the driver here */
#define S_FAULT 6 /* the fault endpoint of the handled helpers */
#define S_FIFO 9 /* helpers queue on it as senders */
/* The driver: */
#define S_MEMINFO 2
#define S_RANGE 3
#define S_HGO 7 /* work for helpers that have a fault handler */
#define S_UGO 8 /* work for helpers that have none */
#define S_TMP0 10 /* 10..15: scratch, empty at the start of every test */
#define S_TMP_COUNT 6
/* A helper receives its work on S_GO: S_HGO or S_UGO, by its pool. */
#define S_GO 7
/* The echo server: */
#define S_ECHO_RECV 10 /* a capability that came with a request */
#define S_ECHO_GIFT 12 /* what ECHO_GIFT hands out: a page */
#define S_ECHO_OUT 13 /* the read-only copy of it that goes out */
#define S_ECHO_PEER 14 /* the other echo server's endpoint (ECHO_PEER) */
#define S_ECHO_RANGE 3 /* a Range, for answers that make or destroy a Page (ECHO_PAGE) */
#define S_ECHO_RANGE_RO 11 /* a copy of it without write, made at the start */
#define S_ECHO_RANGE_WEAK 15 /* a weak copy of it, made at the start */
#define S_ECHO_EMPTY 9 /* always empty */

/* Requests to the echo server (w0). */
enum echo_req {
	ECHO_ADD = 1, /* -> w0 = w1 + w2, w1 = the badge it was called with, w2 = ~w3 */
	ECHO_IDENTIFY = 2, /* a capability came along: -> w0 = err, w1 = type, w2 = rights */
	ECHO_GIFT = 3, /* -> a copy of its page, read-only */
	ECHO_PID = 4, /* -> w0 = its pid */
	/* Long messages: ECHO_GO_LONG makes the server's next receive long
	 * (a short request then leaves its words 4.. as they were), and what
	 * comes by it gets a long reply. */
	ECHO_LONG = 5, /* -> w0 = w1 + .. + w9, wi = ~w(10 - i) for i = 1..9 (a long reply) */
	ECHO_LONG_IDENTIFY = 6, /* a capability came: -> w0 = err, w1 = type, w2 = rights,
				 * wi = ~wi for i = 3..9 */
	ECHO_LONG_GIFT = 7, /* -> ECHO_LONG's reply through REPLY_OP_REPLY, with a read-only
			     * copy of its page */
	ECHO_GO_LONG = 8, /* -> w0 = 0; the server's next receive is long */
	/* Replies that carry a capability by EP_OP_REPLY_RECV. The two echo
	 * servers run at different priorities (utest.img.txt). */
	ECHO_PEER = 9, /* -> a copy of the other server's endpoint; the server keeps its own */
	ECHO_GIFT_MOVE = 10, /* -> ECHO_GIFT's answer, the copy moved out of S_ECHO_OUT
			      * (INV_F_MOVE) */
	ECHO_OUT_HELD = 11, /* -> w0 = cap_identify's answer for S_ECHO_OUT (INV_ERR_CAP_EMPTY
			     * once a move took the copy) */
	/* An answer that makes or destroys a Page (INV_F_PAGE_*): w1/w2 = a
	 * frame, w3 = the answer's flags (bits 0-7, as given: bad ones too) |
	 * ECHO_PAGE_BY_*. -> w0 = 0, w1/w2 as they came, by EP_OP_REPLY_RECV
	 * (REPLY_OP_REPLY with ECHO_PAGE_BY_REPLY) with those flags through
	 * S_ECHO_RANGE or the register BY_* names. When that answer fails
	 * (nothing of it done): -> w0 = its error, w1 = ECHO_PAGE_REFUSED. */
	ECHO_PAGE = 12,
};
#define ECHO_PAGE_FLAGS 0xffu
#define ECHO_PAGE_BY_RO 0x100u /* through S_ECHO_RANGE_RO */
#define ECHO_PAGE_BY_WEAK 0x200u /* through S_ECHO_RANGE_WEAK */
#define ECHO_PAGE_BY_EP 0x400u /* through S_ECHO: no Range */
#define ECHO_PAGE_BY_EMPTY 0x800u /* through S_ECHO_EMPTY */
#define ECHO_PAGE_BY_REPLY 0x1000u
#define ECHO_PAGE_REFUSED 0xfa11ed01u

/* Work for a helper (w0 of the message on S_GO). */
enum helper_job {
	JOB_CALLS = 1, /* w1 = id, w2 = n: n ECHO_ADD calls, then DONE {JOB_CALLS, id, good} */
	JOB_FIFO = 2, /* w1 = id: a blocking send of {JOB_FIFO, id} to S_FIFO */
	JOB_ILLEGAL = 3, /* DONE {JOB_ILLEGAL, pid}, then an illegal instruction */
	JOB_DIVZERO = 4, /* DONE {JOB_DIVZERO, pid}, then a division by zero */
	JOB_READ = 5, /* w1 = address: read it; if that works, S_FAULT {NO_FAULT, value} */
	JOB_SPIN = 6, /* DONE {JOB_SPIN, pid}, then spin forever (i386: es, fs, gs null) */
};

/* What a helper sends on S_FAULT when the fault it was asked for did not come. */
#define NO_FAULT 0x4e4f4654u

#endif
