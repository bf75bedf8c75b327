/* The sink: receives sends at a priority above the sender's, so a send to it
 * switches at once, reads the counter as the receive returns and passes the
 * one-way time back on a second endpoint. */
#include <arroyo/user.h>
#include <bench_counter.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_SINK, EP_OP_RECV, CAP_NONE, CAP_NONE);
	uint32_t err, sent, now;

	for (;;) {
		struct msg m = { { 0 }, 0 };

		now = bench_recv_stamp(recv, &err, &sent);
		if (err != INV_OK)
			return (int)err;
		m.w[0] = bench_delta(now, sent);
		ep_send(IB_RESULT, &m, CAP_NONE, 0);
	}
}
