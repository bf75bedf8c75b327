/* A helper of the user tests: it waits for jobs on S_GO and does what the
 * driver asks (tests/user/utest_proto.h). The image declares several, some
 * with a fault endpoint and some without, all running this program. */
#include <arroyo/user.h>
#include <utest_proto.h>

static void helper_done(uint32_t job, uint32_t a, uint32_t b)
{
	struct msg m = { { job, a, b, 0 }, 0 };

	ep_send(S_DONE, &m, CAP_NONE, 0);
}

static uint32_t helper_pid(void)
{
	uint32_t pid = 0;

	self_pid(&pid);
	return pid;
}

static void helper_calls(uint32_t id, uint32_t n)
{
	uint32_t good = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct msg m = { { ECHO_ADD, id << 16, i, i ^ id }, 0 };

		if (ep_call(S_ECHO, &m, CAP_NONE, CAP_NONE) == INV_OK && m.w[0] == (id << 16) + i &&
		    m.w[2] == ~(i ^ id))
			good++;
	}
	helper_done(JOB_CALLS, id, good);
}

static void helper_illegal(void)
{
#if defined(__i386__)
	__asm__ volatile("ud2");
#else
	__asm__ volatile("illegal");
#endif
}

/* volatile: the compiler must not fold the division away or trap on its own. */
static volatile uint32_t helper_zero;

static uint32_t helper_divide(void)
{
	volatile uint32_t n = 42;

	return n / helper_zero;
}

static void helper_read(uint32_t addr)
{
	uint32_t v = *(volatile uint32_t *)(uintptr_t)addr;
	struct msg m = { { NO_FAULT, v, addr, 0 }, 0 };

	ep_send(S_FAULT, &m, CAP_NONE, 0);
}

int main(void)
{
	for (;;) {
		struct msg m = { { 0 }, 0 };

		if (ep_recv(S_GO, &m, CAP_NONE, 0) != INV_OK) {
			self_yield();
			continue;
		}
		switch (m.w[0]) {
		case JOB_CALLS:
			helper_calls(m.w[1], m.w[2]);
			break;
		case JOB_FIFO:
			m = (struct msg){ { JOB_FIFO, m.w[1], 0, 0 }, 0 };
			ep_send(S_FIFO, &m, CAP_NONE, 0);
			break;
		case JOB_ILLEGAL:
			helper_done(JOB_ILLEGAL, helper_pid(), 0);
			helper_illegal();
			break;
		case JOB_DIVZERO:
			helper_done(JOB_DIVZERO, helper_pid(), 0);
			helper_done(JOB_DIVZERO, helper_divide(), 0);
			break;
		case JOB_READ:
			helper_read(m.w[1]);
			break;
		case JOB_SPIN:
			helper_done(JOB_SPIN, helper_pid(), 0);
			for (;;) {
#if defined(__i386__)
				/* Null selectors in es, fs and gs whenever the
				 * timer takes the processor (preempt_spinner):
				 * the kernel may resume this process with its own. */
				__asm__ volatile("movw %w0, %%es\n\t"
						 "movw %w0, %%fs\n\t"
						 "movw %w0, %%gs" ::"r"(0));
#else
				__asm__ volatile("" ::: "memory");
#endif
			}
		}
	}
}
