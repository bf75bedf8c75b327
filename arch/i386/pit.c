/* PIT channel 0, rate generator, on IRQ 0. */
#include "io.h"
#include "irq.h"
#include "timer.h"
#include <kernel/timer.h>

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CMD 0x43

static void pit_irq(void *ctx)
{
	(void)ctx;
	timer_tick();
}

void arch_timer_start(unsigned hz)
{
	uint32_t divisor = (PIT_HZ + hz / 2) / hz;

	outb(PIT_CMD, 0x34); /* channel 0, lobyte/hibyte, mode 2 */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	arch_irq_attach(0, pit_irq, NULL);
	arch_irq_unmask(0);
}
