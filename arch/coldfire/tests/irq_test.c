/* Interrupt masking through SR.IPL, and a level request held while masked. */
#include <kernel/arch.h>
#include "../irq.h"
#include <kernel/ktest.h>
#include <kernel/timer.h>

#include "../board.h"
#include "../mmio.h"

#define PIT0_PCNTR (BOARD_PIT0_BASE + 0x4)

/* PIT1 is free: the test drives it at about 10 kHz (PRE 0, modulus 8333). */
#define PIT1_BASE 0xfc084000u
#define PIT1_PCSR (PIT1_BASE + 0x0)
#define PIT1_PMR (PIT1_BASE + 0x2)
#define PIT1_RUN 0x001f /* EN | RLD | PIF | PIE | OVW */
#define PIT1_PIF 0x0004

KTEST(coldfire_irq_save_restore_ipl)
{
	unsigned long outer, inner;

	arch_irq_enable();
	outer = arch_irq_save();
	inner = arch_irq_save();
	arch_irq_restore(inner);
	KT_EQ(outer & ARCH_SR_IPL_MASK, 0);
	KT_EQ(inner & ARCH_SR_IPL_MASK, 7u << ARCH_SR_IPL_SHIFT);
	KT_ASSERT(inner & ARCH_SR_SUPERVISOR);
	arch_irq_restore(outer);
	KT_EQ(arch_irq_save() & ARCH_SR_IPL_MASK, 0);
	arch_irq_enable();
	return KTEST_OK;
}

/* With IPL 7 the PIT wraps (so it requests an interrupt) but no tick is
 * counted; the held request is taken as soon as the mask drops. */
KTEST(coldfire_irq_masked_tick_is_held)
{
	unsigned wraps = 0;
	uint16_t prev;
	uint64_t before;

	arch_irq_disable();
	before = timer_ticks();
	prev = mmio_read16(PIT0_PCNTR);
	for (unsigned long spin = 0; wraps < 2 && spin < 10000000; spin++) {
		uint16_t now = mmio_read16(PIT0_PCNTR);

		if (now > prev)
			wraps++;
		prev = now;
	}
	if (wraps < 2) {
		arch_irq_enable();
		KT_FAIL("PIT0 counter did not wrap while interrupts were masked");
	}
	if (timer_ticks() != before) {
		arch_irq_enable();
		KT_FAIL("a tick was counted at IPL 7");
	}
	arch_irq_enable();
	for (unsigned i = 0; i < 1000 && timer_ticks() == before; i++)
		;
	KT_ASSERT(timer_ticks() > before);
	return KTEST_OK;
}

static void pit1_irq(void *ctx)
{
	mmio_write16(PIT1_PCSR, mmio_read16(PIT1_PCSR) | PIT1_PIF);
	(*(volatile unsigned *)ctx)++;
}

/* Idles until count reaches target or five ticks (50 ms) have passed. */
static void pit1_wait(volatile unsigned *count, unsigned target)
{
	uint64_t end = timer_ticks() + 5;

	while (*count < target && timer_ticks() < end)
		arch_idle();
}

/* attach, unmask and mask on a second source: interrupts arrive while it is
 * unmasked and stop once it is masked, although PIT1 keeps requesting. */
KTEST(coldfire_irq_attach_unmask_mask)
{
	volatile unsigned count = 0;
	unsigned frozen;

	arch_irq_attach(ARCH_IRQ_PIT1, pit1_irq, (void *)&count);
	mmio_write16(PIT1_PCSR, 0);
	mmio_write16(PIT1_PMR, 8332);
	mmio_write16(PIT1_PCSR, PIT1_RUN);
	arch_irq_unmask(ARCH_IRQ_PIT1);
	pit1_wait(&count, 3);
	arch_irq_mask(ARCH_IRQ_PIT1);
	frozen = count;
	pit1_wait(&count, frozen + 3);
	mmio_write16(PIT1_PCSR, 0);
	arch_irq_attach(ARCH_IRQ_PIT1, NULL, NULL);
	if (frozen < 3)
		KT_FAIL("%u PIT1 interrupts while unmasked", frozen);
	KT_EQ(count, frozen);
	return KTEST_OK;
}
