/* Process entry: the kernel sets esp to the top of the stack it mapped and
 * eax to the start argument (doc/abi.md). main's return value is the exit
 * status. */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	andl $-16, %esp
	call main
	pushl %eax
	call self_exit
1:	jmp 1b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
