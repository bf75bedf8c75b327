/* Process entry of a program built with -msep-data (doc/pools.md, "Placing
 * segments"): its code reaches data only through the GOT in a5, never
 * PC-relative, so the loader may put its writable segment (the GOT and the
 * data) apart from its text, in another pool, each relocated by its own
 * bias. a5 is found as crt0.S finds it, where the GOT would be were the
 * data beside the text, plus d0: the loader's displacement of the data
 * from there (0 when the program is one run). main's return value is the
 * exit status. */
	.text
	.globl _start
	.type _start, @function
_start:
	move.l #_GLOBAL_OFFSET_TABLE_@GOTPC, %a5
	lea (-6, %pc, %a5), %a5
	add.l %d0, %a5
	move.l main@GOT(%a5), %a0
	jsr (%a0)
	move.l %d0, -(%sp)
	move.l self_exit@GOT(%a5), %a0
	jsr (%a0)
1:	bra.s 1b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
