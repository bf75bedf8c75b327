/* PIT0 as the periodic tick: reload mode, interrupt on every wrap. It counts
 * the internal bus clock through a 2^PRE prescaler; the setting is computed
 * from the bus clock mcf5208_clocks_init found. */
#include "irq.h"
#include "timer.h"
#include <kernel/kprintf.h>
#include <kernel/timer.h>

#include "board.h"
#include "mmio.h"

#define PIT_PCSR (MCF5208_PIT0_BASE + 0x0)
#define PIT_PMR (MCF5208_PIT0_BASE + 0x2)

#define PCSR_EN 0x0001
#define PCSR_RLD 0x0002
#define PCSR_PIF 0x0004 /* write 1 to clear */
#define PCSR_PIE 0x0008
#define PCSR_OVW 0x0010
#define PCSR_PRE_SHIFT 8

static void pit_irq(void *ctx)
{
	(void)ctx;
	mmio_write16(PIT_PCSR, mmio_read16(PIT_PCSR) | PCSR_PIF);
	timer_tick();
}

static unsigned pit_pre;
static uint32_t pit_count, pit_hz;

void arch_timer_start(unsigned hz)
{
	uint32_t bus = mcf5208_clocks()->bus_hz;

	if (!mcf5208_pit_setting(bus, hz, &pit_pre, &pit_count))
		panic("PIT0 cannot tick at %u Hz from a %lu Hz bus clock", hz, (unsigned long)bus);
	pit_hz = hz;
	mmio_write16(PIT_PCSR, 0);
	mmio_write16(PIT_PMR, (uint16_t)(pit_count - 1));
	arch_irq_attach(ARCH_IRQ_PIT0, pit_irq, NULL);
	mmio_write16(PIT_PCSR, (uint16_t)((pit_pre << PCSR_PRE_SHIFT) | PCSR_OVW | PCSR_PIE |
					  PCSR_PIF | PCSR_RLD | PCSR_EN));
	arch_irq_unmask(ARCH_IRQ_PIT0);
}

void pit_print(void)
{
	kprintf("pit0: hz=%u pre=%u count=%lu\n", pit_hz, pit_pre, (unsigned long)pit_count);
}
