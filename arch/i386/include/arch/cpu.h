/* CPU control: interrupts, idling, ending the run. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

#define ARCH_NAME "i386"

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

/* Returns true when interrupts were enabled; arch_irq_restore undoes a disable. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;
	__asm__ volatile("pushfl; popl %0; cli" : "=r"(flags)::"memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		arch_irq_enable();
}

/* Enables interrupts and waits for one; returns after it has been handled. */
static inline void arch_idle(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

/* Executes a breakpoint instruction; the trap has vector ARCH_BREAKPOINT_VECTOR. */
#define ARCH_BREAKPOINT_VECTOR 3
static inline void arch_breakpoint(void)
{
	__asm__ volatile("int3" ::: "memory");
}

#endif
