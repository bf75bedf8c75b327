/* ktests of the periodic timer: ticks advance with interrupts on. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/timer.h>

/* Waits for five ticks; a dead timer fails after a bounded spin instead of
 * hanging the boot. */
KTEST(timer_ticks_advance)
{
	uint64_t start = timer_ticks();

	for (unsigned i = 0; i < 50 && timer_ticks() < start + 5; i++)
		arch_idle();
	if (timer_ticks() < start + 5)
		KT_FAIL("ticks went from %llu to %llu while idling", (unsigned long long)start,
			(unsigned long long)timer_ticks());
	return KTEST_OK;
}
