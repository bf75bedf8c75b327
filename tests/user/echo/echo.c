/* The echo server of the user tests: answers calls on S_ECHO
 * (tests/user/utest_proto.h) with words computed from the request, reports
 * on capabilities that came along and hands out a read-only page. A reply
 * with words only goes out with EP_OP_REPLY_RECV, which also waits for the
 * next call (the kernel's fastpath case, doc/abi.md); a reply carrying a
 * capability is REPLY_OP_REPLY, then a receive, except for ECHO_PEER and
 * ECHO_GIFT_MOVE, which go by EP_OP_REPLY_RECV (copied, and moved out of
 * the register with INV_F_MOVE). ECHO_GO_LONG makes the next
 * receive long (INV_F_LONG, by a long ReplyRecv); a request so received
 * gets a long reply through REPLY_OP_REPLY (a short caller gets words 0-3
 * of it), and the receive after it is short again. ECHO_PAGE's answer
 * makes or destroys a Page through the server's Range (echo_page). */
#include <arroyo/user.h>
#include <utest_proto.h>

static void echo_identify(struct msg *m)
{
	unsigned type = 0, rights = 0;
	int err = cap_identify(S_ECHO_RECV, &type, &rights);

	*m = (struct msg){ { (uint32_t)err, type, rights, 0 }, 0 };
	cap_delete(S_ECHO_RECV);
}

/* ECHO_LONG's answer to the request in m. */
static void echo_long(struct msg *m)
{
	struct msg in = *m;

	m->w[0] = 0;
	for (unsigned i = 1; i < MSG_WORDS; i++) {
		m->w[0] += in.w[i];
		m->w[i] = ~in.w[MSG_WORDS - i];
	}
}

/* ECHO_LONG_IDENTIFY's. */
static void echo_long_identify(struct msg *m)
{
	struct msg in = *m;

	echo_identify(m);
	for (unsigned i = 3; i < MSG_WORDS; i++)
		m->w[i] = ~in.w[i];
}

/* The register ECHO_PAGE's w3 names for the answer's Range. */
static unsigned echo_page_range(uint32_t how)
{
	if (how & ECHO_PAGE_BY_RO)
		return S_ECHO_RANGE_RO;
	if (how & ECHO_PAGE_BY_WEAK)
		return S_ECHO_RANGE_WEAK;
	if (how & ECHO_PAGE_BY_EP)
		return S_ECHO;
	return how & ECHO_PAGE_BY_EMPTY ? S_ECHO_EMPTY : S_ECHO_RANGE;
}

/* ECHO_PAGE: the answer with the request's flags, and if that fails
 * (nothing of it done, the caller still waiting) the error instead. The
 * next request comes into m; the result is the receive's. */
static int echo_page(struct msg *m)
{
	uint32_t how = m->w[3];
	unsigned range = echo_page_range(how);
	int err;

	*m = (struct msg){ { 0, m->w[1], m->w[2], 0 }, 0 };
	if (how & ECHO_PAGE_BY_REPLY) {
		err = reply_send_with(CAP_REPLY, m, range, how & ECHO_PAGE_FLAGS);
		if (!err)
			return ep_recv(S_ECHO, m, S_ECHO_RECV, 0);
	} else {
		err = ep_reply_recv(S_ECHO, m, range, S_ECHO_RECV, how & ECHO_PAGE_FLAGS);
		if (!err)
			return INV_OK;
	}
	*m = (struct msg){ { (uint32_t)err, ECHO_PAGE_REFUSED }, 0 };
	return ep_reply_recv(S_ECHO, m, CAP_NONE, S_ECHO_RECV, 0);
}

int main(void)
{
	struct msg m = { { 0 }, 0 };
	bool long_mode = false; /* this request came by a long receive */
	int got;

	if (cap_restrict(S_ECHO_RANGE, S_ECHO_RANGE_RO, CR_WRITE) ||
	    cap_restrict(S_ECHO_RANGE, S_ECHO_RANGE_WEAK, CR_WEAK))
		return 1;
	got = ep_recv(S_ECHO, &m, S_ECHO_RECV, 0);

	for (;;) {
		unsigned send = CAP_NONE;
		bool next_long = false, by_reply_recv = false;
		uint32_t move = 0;
		uint32_t pid = 0;

		if (got != INV_OK) {
			m = (struct msg){ { 0 }, 0 };
			long_mode = false;
			got = ep_recv(S_ECHO, &m, S_ECHO_RECV, 0);
			continue;
		}
		switch (m.w[0]) {
		case ECHO_ADD:
			m = (struct msg){ { m.w[1] + m.w[2], m.badge, ~m.w[3], 0 }, 0 };
			break;
		case ECHO_IDENTIFY:
			echo_identify(&m);
			break;
		case ECHO_GIFT:
			cap_delete(S_ECHO_OUT);
			m = (struct msg){
				{ (uint32_t)cap_restrict(S_ECHO_GIFT, S_ECHO_OUT, CR_WRITE) }, 0
			};
			send = S_ECHO_OUT;
			break;
		case ECHO_LONG:
			echo_long(&m);
			break;
		case ECHO_LONG_IDENTIFY:
			echo_long_identify(&m);
			break;
		case ECHO_LONG_GIFT:
			echo_long(&m);
			cap_delete(S_ECHO_OUT);
			if (cap_restrict(S_ECHO_GIFT, S_ECHO_OUT, CR_WRITE) == INV_OK)
				send = S_ECHO_OUT;
			break;
		case ECHO_GO_LONG:
			m = (struct msg){ { 0 }, 0 };
			next_long = true;
			break;
		case ECHO_PEER:
			m = (struct msg){ { 0 }, 0 };
			send = S_ECHO_PEER;
			by_reply_recv = true;
			break;
		case ECHO_GIFT_MOVE:
			cap_delete(S_ECHO_OUT);
			m = (struct msg){
				{ (uint32_t)cap_restrict(S_ECHO_GIFT, S_ECHO_OUT, CR_WRITE) }, 0
			};
			send = S_ECHO_OUT;
			by_reply_recv = true;
			move = INV_F_MOVE;
			break;
		case ECHO_OUT_HELD:
			m = (struct msg){ { (uint32_t)cap_identify(S_ECHO_OUT, NULL, NULL) }, 0 };
			break;
		case ECHO_PID:
			self_pid(&pid);
			m = (struct msg){ { pid }, 0 };
			break;
		case ECHO_PAGE:
			cap_delete(S_ECHO_RECV);
			long_mode = false;
			got = echo_page(&m);
			continue;
		default:
			m = (struct msg){ { ~0u }, 0 };
			break;
		}
		cap_delete(S_ECHO_RECV);
		/* A request taken by a long receive gets a long reply (through
		 * Reply, so that the next receive can be short). */
		if (long_mode) {
			reply_send_long(CAP_REPLY, &m, send);
		} else if (send == CAP_NONE || by_reply_recv) {
			long_mode = next_long;
			got = ep_reply_recv(S_ECHO, &m, send, S_ECHO_RECV,
					    (next_long ? INV_F_LONG : 0) | move);
			continue;
		} else {
			reply_send(CAP_REPLY, &m, send);
		}
		long_mode = next_long;
		got = ep_recv(S_ECHO, &m, S_ECHO_RECV, next_long ? INV_F_LONG : 0);
	}
}
