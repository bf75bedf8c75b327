/* The user-test driver: the first process of tests/user/utest.img.txt. It
 * runs every UTEST in link order (the order of utest_SRCS in user/user.mk),
 * talking to the echo server and the helpers over endpoints, and exits with
 * the number of failures, which the kernel turns into the halt status. */
#include "driver.h"

int driver_job(unsigned pool, uint32_t job, uint32_t a, uint32_t b)
{
	struct msg m = { { job, a, b, 0 }, 0 };

	return ep_send(pool, &m, CAP_NONE, 0);
}

int driver_done(struct msg *m)
{
	return ep_recv(S_DONE, m, CAP_NONE, 0);
}

void driver_clear_tmp(void)
{
	for (unsigned i = 0; i < S_TMP_COUNT; i++)
		cap_delete(S_TMP0 + i);
}

int main(void)
{
	uint32_t pid = 0;

	self_pid(&pid);
	printf("driver: pid %u\n", (unsigned)pid);
	return (int)utest_run_all();
}
