/* The exception vector table and the one entry every exception uses. The core
 * stacks format/vector/SR and PC for every exception alike, so a single stub
 * serves all 254 vectors: it saves the registers as struct trap_frame
 * (trap.h) and passes the frame to coldfire_trap, which reads the vector from
 * the frame. Exceptions from user mode go to coldfire_user_trap instead, which
 * saves the process's registers and never comes back here. The system call
 * (trap #0) has its own entry, syscall_entry.S. */

	/* linker.ld places this first, at the base of SDRAM (VBR needs 1 MiB
	 * alignment on silicon). Entries 0 and 1 are the reset SP and PC: never
	 * used through VBR, but a raw image booted from here would start right. */
	.section .vectors, "a"
	.align 4
	.globl trap_vector_table
	.type trap_vector_table, @object
trap_vector_table:
	.long __stack_top
	.long _start
	.rept 30 /* vectors 2-31 */
	.long trap_entry
	.endr
	.long syscall_entry /* 32: trap #0, the system call (syscall_entry.S) */
	.rept 223 /* vectors 33-255 */
	.long trap_entry
	.endr
	.size trap_vector_table, . - trap_vector_table

	.text
	.align 4
	.globl trap_entry
	.type trap_entry, @function
trap_entry:
	/* SR.S of the interrupted code: SR bit 13 is bit 5 of the frame's third byte. */
	btst #5, 2(%sp)
	beq.s trap_from_user
	/* ColdFire movem has no predecrement mode. */
	lea -60(%sp), %sp
	movem.l %d0-%d7/%a0-%a6, (%sp)
	move.l %sp, -(%sp)
	jsr coldfire_trap
	addq.l #4, %sp
	movem.l (%sp), %d0-%d7/%a0-%a6
	lea 60(%sp), %sp
	rte

	/* A trap does not raise the interrupt level: mask before touching
	 * the kernel's state (interrupt model, user_mode.h). */
trap_from_user:
	move.w #0x2700, %sr
	lea -60(%sp), %sp
	movem.l %d0-%d7/%a0-%a6, (%sp)
	move.l %sp, -(%sp)
	jsr coldfire_user_trap
	.size trap_entry, . - trap_entry

	.section .note.GNU-stack, "", @progbits
