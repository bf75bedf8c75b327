/* Trap entry stubs: every vector pushes an error code (a zero where the CPU
 * pushes none) and its vector number, then joins trap_common, which saves the
 * registers as struct trap_frame (trap.h) and calls i386_trap. A trap from
 * ring 3 arrives on the empty kernel stack (TSS esp0) and never comes back
 * here: i386_trap hands it to the kernel, which leaves by arch_user_resume. */
#include "segments.h"

.macro TRAP_NOERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushl $0
	pushl $\vec
	jmp trap_common
.endm

.macro TRAP_ERR vec
	.globl trap_stub_\vec
trap_stub_\vec:
	pushl $\vec
	jmp trap_common
.endm

	.text
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR 8
TRAP_NOERR 9
TRAP_ERR 10
TRAP_ERR 11
TRAP_ERR 12
TRAP_ERR 13
TRAP_ERR 14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR 17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_NOERR 21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_NOERR 29
TRAP_ERR 30
TRAP_NOERR 31
.irp vec, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
TRAP_NOERR \vec
.endr

trap_common:
	pusha
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	movl $USER_DS, %eax /* the kernel's (gdt.c): a trap from user mode may leave through user_entry.S */
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	pushl %esp
	cld
	call i386_trap
	addl $4, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popa
	addl $8, %esp /* vector and error code */
	iret

	/* Table of stub addresses for idt_init. */
	.section .rodata
	.align 4
	.globl trap_stubs
trap_stubs:
.irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long trap_stub_\vec
.endr

	.section .note.GNU-stack, "", @progbits
