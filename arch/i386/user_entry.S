/* i386_user_iret(eflags, r), eflags in eax and r in edx (regparm(2)): the
 * last step of arch_user_resume (user.c), which has loaded CR3, set TSS esp0
 * and sanitised the eflags it passes (r->eflags is left as it was). Builds
 * the ring-3 iret frame and loads every user register but the data
 * segments, which hold USER_DS whenever the kernel runs (gdt.c). */
#include <arch/user.h>
#include "segments.h"

	.text
	.globl i386_user_iret
i386_user_iret:
	cli
	pushl $USER_DS
	pushl USER_REGS_ESP(%edx)
	pushl %eax
	pushl $USER_CS
	pushl USER_REGS_EIP(%edx)
	/* ds, es, fs and gs hold USER_DS already: the kernel's own (gdt.c) */
	movl USER_REGS_EAX(%edx), %eax
	movl USER_REGS_EBX(%edx), %ebx
	movl USER_REGS_ECX(%edx), %ecx
	movl USER_REGS_ESI(%edx), %esi
	movl USER_REGS_EDI(%edx), %edi
	movl USER_REGS_EBP(%edx), %ebp
	movl USER_REGS_EDX(%edx), %edx /* r's own register last */
	iret
	.section .note.GNU-stack, "", @progbits
