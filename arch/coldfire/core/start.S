/* Entry from QEMU -kernel: PC = e_entry, SR = 0x2700, VBR = 0 and SP = 0, so
 * nothing may touch the stack before it is set here. See doc/boot.md. */

#include "user_mode.h"

	.text
	.globl _start
	.type _start, @function
_start:
	move.w #0x2700, %sr
	/* A user A7 apart from the supervisor's (user_mode.h). Before SP is
	 * loaded: QEMU swaps A7 for the other register here. */
	move.l #USER_CACR_EUSP, %d0
	movec %d0, %cacr
	lea __stack_top, %sp
	/* Exceptions go through our table from here on. */
	move.l #trap_vector_table, %d0
	movec %d0, %vbr

	/* QEMU's ELF loader zeroes .bss, but another loader (or a restart)
	 * need not. */
	lea __bss_start, %a0
	lea __bss_end, %a1
1:	cmpa.l %a1, %a0
	bcc.s 2f
	clr.l (%a0)+
	bra.s 1b

2:	jsr coldfire_main
	/* coldfire_main does not return; if it did, stay stopped. */
3:	stop #0x2700
	bra.s 3b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
