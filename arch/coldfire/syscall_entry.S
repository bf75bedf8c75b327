/* The system-call vector (trap #0, vector 32): from user mode it saves the
 * registers straight into the running process's struct arch_user_regs, the
 * one arch_user_resume entered last (coldfire_user_regs), and calls
 * kernel_user_syscall, which never returns (the kernel leaves through
 * user_enter on the empty stack). A trap #0 in supervisor mode is nobody's
 * system call: it takes the common entry (vectors.S) like any exception.
 * The core has stacked format/vector/SR at 0(%sp) and the PC at 4(%sp). */
#include <arch/user.h>

#define USER_REGS_A0 32
#define USER_REGS_A1 36

	.text
	.align 4
	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	btst #5, 2(%sp) /* SR.S of the trapping code */
	beq.s 1f
	jmp trap_entry
1:	move.w #0x2700, %sr /* a trap does not raise the level (vectors.S) */
	move.l %a0, -(%sp)
	move.l coldfire_user_regs, %a0
	movem.l %d0-%d7, (%a0)
	movem.l %a1-%a6, USER_REGS_A1(%a0)
	move.l (%sp)+, USER_REGS_A0(%a0)
	move.l %usp, %a1
	move.l %a1, USER_REGS_USP(%a0)
	move.l 4(%sp), USER_REGS_PC(%a0)
	/* The SR's low byte, the condition codes: its upper byte, user mode's
	 * (S, T, M and IPL clear), is in r->sr as it is (user.c). */
	move.b 3(%sp), USER_REGS_SR + 3(%a0)
	jsr kernel_user_syscall
	.size syscall_entry, . - syscall_entry

	.section .note.GNU-stack, "", @progbits
