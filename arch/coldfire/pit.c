/* PIT0 as the periodic tick: reload mode, interrupt on every wrap. */
#include "irq.h"
#include "timer.h"
#include <kernel/kprintf.h>
#include <kernel/timer.h>

#include "board.h"
#include "mmio.h"

#define PIT_PCSR (BOARD_PIT0_BASE + 0x0)
#define PIT_PMR (BOARD_PIT0_BASE + 0x2)

#define PCSR_EN 0x0001
#define PCSR_RLD 0x0002
#define PCSR_PIF 0x0004 /* write 1 to clear */
#define PCSR_PIE 0x0008
#define PCSR_OVW 0x0010
#define PCSR_PRE_SHIFT 8
#define PCSR_PRE_MAX 15

/* The PIT counts the internal bus clock, half the 166.67 MHz core clock. */
#define PIT_CLOCK_HZ 83333333u
#define PIT_MODULUS_MAX 0x10000u

static void pit_irq(void *ctx)
{
	(void)ctx;
	mmio_write16(PIT_PCSR, mmio_read16(PIT_PCSR) | PCSR_PIF);
	timer_tick();
}

void arch_timer_start(unsigned hz)
{
	unsigned pre = 0;
	uint32_t period;

	if (hz == 0 || hz > PIT_CLOCK_HZ)
		panic("PIT0 cannot tick at %u Hz", hz);
	/* The smallest prescaler whose period fits the 16-bit modulus keeps the
	 * rate closest to hz. */
	while (((PIT_CLOCK_HZ >> pre) + hz / 2) / hz > PIT_MODULUS_MAX && pre < PCSR_PRE_MAX)
		pre++;
	period = ((PIT_CLOCK_HZ >> pre) + hz / 2) / hz;
	if (period == 0)
		period = 1;

	mmio_write16(PIT_PCSR, 0);
	mmio_write16(PIT_PMR, (uint16_t)(period - 1));
	arch_irq_attach(ARCH_IRQ_PIT0, pit_irq, NULL);
	mmio_write16(PIT_PCSR, (uint16_t)((pre << PCSR_PRE_SHIFT) | PCSR_OVW | PCSR_PIE | PCSR_PIF |
					  PCSR_RLD | PCSR_EN));
	arch_irq_unmask(ARCH_IRQ_PIT0);
}
