/* The stamping server: reads the counter as each call's receive returns and
 * answers with the one-way time of the call in word 1 and, in word 0, a
 * reading taken just before its reply, which the caller subtracts from its
 * own reading when the call returns. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_STAMP, EP_OP_RECV, CAP_NONE, CAP_NONE);
	const uint32_t reply = INV_HEADER(CAP_REPLY, REPLY_OP_REPLY, CAP_NONE, CAP_NONE);
	uint32_t err, sent, now;

	for (;;) {
		now = bench_recv_stamp(recv, &err, &sent);
		if (err != INV_OK)
			return (int)err;
		bench_stamp_send(reply, bench_delta(now, sent), &err);
	}
}
