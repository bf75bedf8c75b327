/* The fuzzer's peers (tests/user/fuzz.img.txt). With an endpoint in register
 * 4 it serves calls (w0 + 1 back, and the capability that came with the call
 * goes back with the reply); with one in register 5 it calls the fuzzer over
 * and over, now and then handing it its console, so the fuzzer has Reply
 * capabilities to use; with one in register 6 (its fault endpoint too) it
 * sends its capabilities there (waiting for the fuzzer to take them), then
 * faults, and faults again whenever the fuzzer answers the fault. Every error
 * is survived: the fuzzer may destroy, fill or change what a peer holds, or
 * the peer itself. */
#include <arroyo/user.h>
#include <fuzz_proto.h>

#define P_CONSOLE 0
#define P_SLEEP 1
#define P_SERVE 4
#define P_CALLS 5
#define P_FAULTS 6
#define P_RECV 10 /* a capability that came with a request */

static void peer_serve(void)
{
	unsigned type = 0, rights = 0;

	for (;;) {
		struct msg m = { { 0 }, 0 };
		int err = ep_recv(P_SERVE, &m, P_RECV, 0);

		if (err == INV_ERR_SLOT) {
			cap_delete(P_RECV); /* the fuzzer filled P_RECV: now empty again */
			continue;
		}
		if (err != INV_OK) {
			sleep_ticks(P_SLEEP, 1);
			continue;
		}
		m.w[0]++;
		/* Back with the capability that came, if any and if it may go;
		 * the caller waits for a reply whatever happens to it. */
		if (cap_identify(P_RECV, &type, &rights) != INV_OK ||
		    reply_send(CAP_REPLY, &m, P_RECV) != INV_OK)
			reply_send(CAP_REPLY, &m, CAP_NONE);
		cap_delete(P_RECV);
	}
}

static void peer_call(void)
{
	for (uint32_t n = 0;; n++) {
		struct msg m = { { FUZZ_PEER_CALL, n, 0, 0 }, 0 };

		if (ep_call(P_CALLS, &m, n % 3 ? CAP_NONE : P_CONSOLE, CAP_NONE) != INV_OK)
			sleep_ticks(P_SLEEP, 1);
	}
}

static void peer_illegal(void)
{
#if defined(__i386__)
	__asm__ volatile("ud2");
#else
	__asm__ volatile("illegal");
#endif
}

static void peer_fault(void)
{
	for (uint32_t n = 0;; n++) {
		struct msg m = { { FUZZ_PEER_SEND, n, 0, 0 }, 0 };

		ep_send(P_FAULTS, &m, n & 1 ? P_SLEEP : P_CONSOLE, 0);
		if (n % 8 == 7)
			peer_illegal();
		else
			sleep_ticks(P_SLEEP, 0);
	}
}

int main(void)
{
	unsigned type = 0, rights = 0;

	if (cap_identify(P_SERVE, &type, &rights) == INV_OK && type == CT_ENDPOINT)
		peer_serve();
	if (cap_identify(P_FAULTS, &type, &rights) == INV_OK && type == CT_ENDPOINT)
		peer_fault();
	peer_call();
	return 0;
}
