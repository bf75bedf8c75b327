/* The echo server of the round trip: replies to every call with the words it
 * brought and receives the next in one EP_OP_REPLY_RECV, straight through
 * the invoke primitive so that the server adds as few instructions as it can
 * to the round trip. */
#include <arroyo/user.h>
#include <invoke.h>

#include "ipc_bench.h"

int main(void)
{
	const uint32_t recv = INV_HEADER(IB_ECHO, EP_OP_RECV, CAP_NONE, CAP_NONE);
	const uint32_t reply_recv = INV_HEADER(IB_ECHO, EP_OP_REPLY_RECV, CAP_NONE, CAP_NONE);
	uint32_t r[6] = { recv, 0, 0, 0, 0, 0 };

	arch_invoke(r);
	for (;;) {
		r[0] = reply_recv;
		r[5] = 0;
		arch_invoke(r);
	}
}
