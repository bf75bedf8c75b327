/* The echo server of the user tests: answers calls on S_ECHO
 * (tests/user/utest_proto.h) with words computed from the request, reports
 * on capabilities that came along and hands out a read-only page. A reply
 * with words only goes out with EP_OP_REPLY_RECV, which also waits for the
 * next call (the kernel's fastpath case, doc/abi.md); a reply carrying a
 * capability is REPLY_OP_REPLY, then a receive. */
#include <arroyo/user.h>
#include <utest_proto.h>

static void echo_identify(struct msg *m)
{
	unsigned type = 0, rights = 0;
	int err = cap_identify(S_ECHO_RECV, &type, &rights);

	*m = (struct msg){ { (uint32_t)err, type, rights, 0 }, 0 };
	cap_delete(S_ECHO_RECV);
}

int main(void)
{
	struct msg m = { { 0 }, 0 };
	int got = ep_recv(S_ECHO, &m, S_ECHO_RECV, 0);

	for (;;) {
		unsigned send = CAP_NONE;
		uint32_t pid = 0;

		if (got != INV_OK) {
			m = (struct msg){ { 0 }, 0 };
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
		case ECHO_PID:
			self_pid(&pid);
			m = (struct msg){ { pid }, 0 };
			break;
		default:
			m = (struct msg){ { ~0u }, 0 };
			break;
		}
		cap_delete(S_ECHO_RECV);
		if (send == CAP_NONE) {
			got = ep_reply_recv(S_ECHO, &m, CAP_NONE, S_ECHO_RECV, 0);
			continue;
		}
		reply_send(CAP_REPLY, &m, send);
		m = (struct msg){ { 0 }, 0 };
		got = ep_recv(S_ECHO, &m, S_ECHO_RECV, 0);
	}
}
