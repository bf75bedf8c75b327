/* Into user mode (user_mode.h). The frame goes at the very top of the kernel
 * stack, so every exception from user mode finds the supervisor stack empty:
 * nothing on it outlives a return to user mode (the interrupt model of
 * kernel/include/kernel/user_arch.h). */

#include <arch/user.h>

#define FRAME_FORMAT_4 0x40000000

	.text
	.globl user_enter
	.type user_enter, @function
user_enter:
	move.w #0x2700, %sr
	move.l 4(%sp), %a0
	move.l USER_REGS_USP(%a0), %a1
	move.l %a1, %usp
	move.l USER_REGS_SR(%a0), %d0
	andi.l #USER_SR_CCR, %d0 /* S, T, M and the mask are the kernel's: IPL 0 */
	ori.l #FRAME_FORMAT_4, %d0
	lea __stack_top, %sp
	move.l USER_REGS_PC(%a0), -(%sp)
	move.l %d0, -(%sp)
	/* a0 is both base and destination: the address is taken first. */
	movem.l (%a0), %d0-%d7/%a0-%a6
	rte
	.size user_enter, . - user_enter

	.section .note.GNU-stack, "", @progbits
