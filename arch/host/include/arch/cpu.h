/* The host port's CPU: no interrupts to mask, nothing to wait for. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdlib.h>

#define ARCH_NAME "host"

static inline void arch_irq_enable(void)
{
}

static inline void arch_irq_disable(void)
{
}

static inline unsigned long arch_irq_save(void)
{
	return 0;
}

static inline void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

static inline void arch_idle(void)
{
}

/* Nothing catches a breakpoint on the host: the test process stops. */
#define ARCH_BREAKPOINT_VECTOR 3
static inline void arch_breakpoint(void)
{
	abort();
}

#endif
