/* Interrupt controller INTC0: source n raises vector 64 + n when its ICR is
 * nonzero and its mask bit is clear. Requests are level-triggered; the device
 * handler clears the cause. */
#include "irq.h"
#include <kernel/kprintf.h>

#include "board.h"
#include "mmio.h"
#include "trap.h"

#define INTC_SIMR (MCF5208_INTC0_BASE + 0x1c)
#define INTC_CIMR (MCF5208_INTC0_BASE + 0x1d)
#define INTC_ICR(n) (MCF5208_INTC0_BASE + 0x40 + (n))
#define INTC_MASK_ALL 0x40

/* Every source gets the same level, so device handlers never nest. The
 * MCF5208's interrupt controller (the simplified one, with SIMR/CIMR) keeps
 * the level in ICR bits 2:0, and QEMU takes the whole ICR byte as the level
 * (a value above 7 would be taken even at IPL 7): a plain 1-7 suits both
 * (doc/boards.md). */
#define INTC_LEVEL 6

static struct {
	irq_handler_fn fn;
	void *ctx;
} intc_table[ARCH_IRQ_COUNT];

static void intc_check(unsigned irq)
{
	if (irq == 0 || irq >= ARCH_IRQ_COUNT)
		panic("INTC0 source %u is outside 1-%u", irq, ARCH_IRQ_COUNT - 1);
}

void intc_init(void)
{
	mmio_write8(INTC_SIMR, INTC_MASK_ALL);
	for (unsigned n = 1; n < ARCH_IRQ_COUNT; n++)
		mmio_write8(INTC_ICR(n), 0);
}

void arch_irq_attach(unsigned irq, irq_handler_fn fn, void *ctx)
{
	intc_check(irq);
	intc_table[irq].fn = fn;
	intc_table[irq].ctx = ctx;
}

void arch_irq_unmask(unsigned irq)
{
	intc_check(irq);
	mmio_write8(INTC_ICR(irq), INTC_LEVEL);
	mmio_write8(INTC_CIMR, (uint8_t)irq);
}

void arch_irq_mask(unsigned irq)
{
	intc_check(irq);
	mmio_write8(INTC_SIMR, (uint8_t)irq);
}

void intc_dispatch(unsigned irq)
{
	if (!intc_table[irq].fn) {
		/* A level request nobody clears would be taken again at once. */
		arch_irq_mask(irq);
		kprintf("intc: source %u raised with no handler; masked\n", irq);
		return;
	}
	intc_table[irq].fn(intc_table[irq].ctx);
}
