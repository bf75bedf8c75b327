/* ColdFire-private: the user-mode plumbing shared by user.c, user_entry.S,
 * vectors.S and start.S. */
#ifndef COLDFIRE_USER_MODE_H
#define COLDFIRE_USER_MODE_H

/* trap #0: the system call (include/arroyo/abi.h). */
#define USER_SYSCALL_VECTOR 32

/* CACR[EUSP] (bit 4 on the MCF5208): the core keeps a separate user A7 and
 * swaps it with the supervisor A7 on every change of SR.S. Clear (as after
 * reset), both modes share one A7 and move to/from USP reaches a register
 * the core never uses. start.S sets it before it loads the stack pointer. */
#define USER_CACR_EUSP 0x10

#ifndef __ASSEMBLY__
#include <arch/user.h>

#include "trap.h"

/* user_entry.S: builds a format-4 frame for r at the top of the kernel
 * stack (its SR only r->sr's condition codes, USER_SR_CCR), loads r's
 * registers and USP, and returns to user mode with rte. r
 * must not lie in the top 8 bytes of the kernel stack (start.S's and
 * coldfire_main's frames, abandoned by then). */
void user_enter(const struct arch_user_regs *r) __attribute__((noreturn));

/* vectors.S sends exceptions taken with SR.S clear here, with the registers
 * saved as for coldfire_trap and interrupts masked. Never returns. */
void coldfire_user_trap(struct trap_frame *f) __attribute__((noreturn));
/* The registers syscall_entry.S saves into (user.c keeps it current). */
extern struct arch_user_regs *coldfire_user_regs;

static inline uint32_t user_usp_get(void)
{
	uint32_t usp;

	__asm__ volatile("move.l %%usp, %0" : "=a"(usp));
	return usp;
}

static inline void user_usp_set(uint32_t usp)
{
	__asm__ volatile("move.l %0, %%usp" ::"a"(usp) : "memory");
}

#endif
#endif
