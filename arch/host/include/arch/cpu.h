/* The host port's CPU: no interrupts to mask; waiting is a test's hook. */
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

extern void (*host_idle_fn)(void); /* arch/host/console.c, <arch/host.h> */

static inline void arch_idle(void)
{
	if (host_idle_fn)
		host_idle_fn();
}

/* Nothing catches a breakpoint on the host: the test process stops. */
#define ARCH_BREAKPOINT_VECTOR 3
static inline void arch_breakpoint(void)
{
	abort();
}

#endif
