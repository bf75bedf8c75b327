/* The stamping server: reads the counter as each call's receive returns and
 * answers with one EP_OP_REPLY_RECV carrying the one-way time of the call in
 * word 1 and, in word 0, a reading taken just before the ReplyRecv, which the
 * caller subtracts from its own reading when the call returns: the one-way
 * ReplyRecv, as seL4's benchmark measures it. The calls after the first
 * IB_STAMP_PLAIN_CALLS bring a capability: it lands in IB_STAMP_RECV and is
 * deleted between the two readings (outside both measurements), so that the
 * next one finds the register empty. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_STAMP, EP_OP_RECV, CAP_NONE, CAP_NONE);
	uint32_t err, sent, now, calls = 1;

	now = bench_recv_stamp(recv, &err, &sent);
	while (err == INV_OK) {
		/* The calls after the plain ones bring a capability. */
		unsigned slot = calls++ >= IB_STAMP_PLAIN_CALLS ? IB_STAMP_RECV : CAP_NONE;
		unsigned type = 0, rights;

		if (cap_identify(IB_STAMP_RECV, &type, &rights) == INV_OK && type != CT_NULL)
			cap_delete(IB_STAMP_RECV);
		now = bench_stamp_replyrecv(INV_HEADER(IB_STAMP, EP_OP_REPLY_RECV, CAP_NONE, slot),
					    bench_delta(now, sent), &err, &sent);
	}
	return (int)err;
}
