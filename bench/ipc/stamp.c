/* The stamping server: reads the counter as each call's receive returns and
 * answers with one EP_OP_REPLY_RECV carrying the one-way time of the call in
 * word 1 and, in word 0, a reading taken just before the ReplyRecv, which the
 * caller subtracts from its own reading when the call returns: the one-way
 * ReplyRecv, as seL4's benchmark measures it. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_STAMP, EP_OP_RECV, CAP_NONE, CAP_NONE);
	const uint32_t reply_recv = INV_HEADER(IB_STAMP, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE);
	uint32_t err, sent, now;

	now = bench_recv_stamp(recv, &err, &sent);
	while (err == INV_OK)
		now = bench_stamp_replyrecv(reply_recv, bench_delta(now, sent), &err, &sent);
	return (int)err;
}
