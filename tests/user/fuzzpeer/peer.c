/* The fuzzer's peers (tests/user/fuzz.img.txt). With an endpoint in register
 * 4 it serves calls (w0 + 1 back); with one in register 5 it calls the
 * fuzzer over and over, so the fuzzer has Reply capabilities to use. Every
 * error is survived: the fuzzer may destroy, fill or change what a peer
 * holds. */
#include <arroyo/user.h>

#define P_SLEEP 1
#define P_SERVE 4
#define P_CALLS 5
#define P_RECV 10 /* a capability that came with a request */

static void peer_serve(void)
{
	for (;;) {
		struct msg m = { { 0 }, 0 };
		int err = ep_recv(P_SERVE, &m, P_RECV, 0);

		cap_delete(P_RECV);
		if (err == INV_ERR_SLOT)
			continue; /* the fuzzer filled P_RECV: now empty again */
		if (err != INV_OK) {
			sleep_ticks(P_SLEEP, 1);
			continue;
		}
		m.w[0]++;
		reply_send(CAP_REPLY, &m, CAP_NONE);
	}
}

static void peer_call(void)
{
	for (uint32_t n = 0;; n++) {
		struct msg m = { { 0xca11, n, 0, 0 }, 0 };

		if (ep_call(P_CALLS, &m, CAP_NONE, CAP_NONE) != INV_OK)
			sleep_ticks(P_SLEEP, 1);
	}
}

int main(void)
{
	unsigned type = 0, rights = 0;

	if (cap_identify(P_SERVE, &type, &rights) == INV_OK && type == CT_ENDPOINT)
		peer_serve();
	peer_call();
	return 0;
}
