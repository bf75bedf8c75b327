/* The kernel's service capabilities: Console, Sleep, MemInfo, and CAP_SELF. */
#include "driver.h"

UTEST(console_write)
{
	UT_OK(console_write(S_CONSOLE, "", 0));
	UT_OK(console_write(S_CONSOLE, "driver: 16 B ok\n", 16));
	UT_ASSERT(printf("driver: printf %s %d %x\n", "chunks", -42, 0xabcdu) > 16);
	return UTEST_OK;
}

UTEST(sleep_ticks)
{
	uint64_t before, after;
	uint32_t hz;

	UT_OK(sleep_now(S_SLEEP, &before, &hz));
	UT_ASSERT(hz > 0);
	UT_OK(sleep_ticks(S_SLEEP, 2));
	UT_OK(sleep_now(S_SLEEP, &after, NULL));
	if (after < before + 2)
		UT_FAIL("slept 2 ticks, clock went from %llu to %llu", (unsigned long long)before,
			(unsigned long long)after);
	return UTEST_OK;
}

UTEST(meminfo_ledger)
{
	uint64_t frames, total = 0, budget;
	unsigned states = 0;

	while (meminfo_ledger(S_MEMINFO, states, &frames) == INV_OK) {
		total += frames;
		states++;
		UT_ASSERT(states < 64);
	}
	UT_ASSERT(states >= 7);
	UT_OK(meminfo_budget(S_MEMINFO, &budget));
	UT_ASSERT(budget > 0 && budget <= total);
	return UTEST_OK;
}

UTEST(self_pid_yield)
{
	uint32_t a = 0, b = 1;

	UT_OK(self_pid(&a));
	UT_OK(self_yield());
	UT_OK(self_pid(&b));
	UT_EQ(a, b);
	return UTEST_OK;
}
