/* The periodic tick count (kernel/include/kernel/timer.h). */
#include <kernel/arch.h>
#include <kernel/timer.h>

static volatile uint64_t timer_count;

void timer_tick(void)
{
	timer_count++;
}

uint64_t timer_ticks(void)
{
	/* A 64-bit load is two loads on both arches: keep the tick out of it. */
	unsigned long flags = arch_irq_save();
	uint64_t t = timer_count;
	arch_irq_restore(flags);
	return t;
}
