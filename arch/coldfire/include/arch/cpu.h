/* CPU control: interrupts, idling, ending the run.
 *
 * Interrupt masking is the IPL field of the status register (bits 10:8): 7
 * masks every maskable level, 0 admits them all. The kernel always runs in
 * supervisor mode with tracing off, so writing a whole SR value is safe. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

#define ARCH_NAME "coldfire"

#define ARCH_SR_SUPERVISOR 0x2000u
#define ARCH_SR_IPL_MASK 0x0700u
#define ARCH_SR_IPL_SHIFT 8

static inline void arch_irq_enable(void)
{
	__asm__ volatile("move.w #0x2000, %%sr" ::: "memory", "cc");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("move.w #0x2700, %%sr" ::: "memory", "cc");
}

/* Returns the status register as it was; arch_irq_restore puts the IPL back,
 * so a save/restore pair inside an interrupt handler keeps the handler's level. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long sr;

	__asm__ volatile("move.w %%sr, %0\n\t"
			 "move.w #0x2700, %%sr"
			 : "=d"(sr)
			 :
			 : "memory", "cc");
	return sr & 0xffffu;
}

static inline void arch_irq_restore(unsigned long sr)
{
	__asm__ volatile("move.w %0, %%sr" ::"d"(sr) : "memory", "cc");
}

/* Enables interrupts and waits for one; returns after it has been handled,
 * with interrupts enabled (stop loads SR, the handler's rte restores it). */
static inline void arch_idle(void)
{
	__asm__ volatile("stop #0x2000" ::: "memory", "cc");
}

/* trap #15: the stacked PC is the next instruction, so returning from the trap
 * resumes right after the breakpoint. */
#define ARCH_BREAKPOINT_VECTOR 47
static inline void arch_breakpoint(void)
{
	__asm__ volatile("trap #15" ::: "memory");
}

#endif
