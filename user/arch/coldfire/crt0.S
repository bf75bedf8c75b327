/* Process entry: the kernel has copied the program anywhere in RAM, applied
 * its R_68K_RELATIVE relocations and set sp to a stack it allocated. The code
 * is position independent, so calls go through the GOT (addressed PC-relative
 * in a5, as gcc's -fPIE code does): ColdFire V2 has no 32-bit bsr. main's
 * return value is the exit status. */
	.text
	.globl _start
	.type _start, @function
_start:
	move.l #_GLOBAL_OFFSET_TABLE_@GOTPC, %a5
	lea (-6, %pc, %a5), %a5
	move.l main@GOT(%a5), %a0
	jsr (%a0)
	move.l %d0, -(%sp)
	move.l self_exit@GOT(%a5), %a0
	jsr (%a0)
1:	bra.s 1b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
