/* The stamping server of 10-word messages: stamp.c's loop with every
 * receive and ReplyRecv long (INV_F_LONG), so that the client's long calls
 * and this server's long replies carry all MSG_WORDS words: the one-way
 * 10-word Call and ReplyRecv. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_STAMP10, EP_OP_RECV, CAP_NONE, CAP_NONE);
	const uint32_t reply_recv = INV_HEADER(IB_STAMP10, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE);
	uint32_t err, sent, now;

	now = bench_recv_stamp_long(recv, &err, &sent);
	while (err == INV_OK)
		now = bench_stamp_replyrecv_long(reply_recv, bench_delta(now, sent), &err, &sent);
	return (int)err;
}
