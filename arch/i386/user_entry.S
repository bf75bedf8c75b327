/* i386_user_iret(const struct arch_user_regs *r): the last step of
 * arch_user_resume (user.c), which has loaded CR3, set TSS esp0 and
 * sanitised r->eflags. Builds the ring-3 iret frame and loads every user
 * register. */
#include <arch/user.h>
#include "segments.h"

	.text
	.globl i386_user_iret
i386_user_iret:
	cli
	movl 4(%esp), %eax
	pushl $USER_DS
	pushl USER_REGS_ESP(%eax)
	pushl USER_REGS_EFLAGS(%eax)
	pushl $USER_CS
	pushl USER_REGS_EIP(%eax)
	movl $USER_DS, %ecx
	movl %ecx, %ds
	movl %ecx, %es
	movl %ecx, %fs
	movl %ecx, %gs
	movl USER_REGS_EBX(%eax), %ebx
	movl USER_REGS_ECX(%eax), %ecx
	movl USER_REGS_EDX(%eax), %edx
	movl USER_REGS_ESI(%eax), %esi
	movl USER_REGS_EDI(%eax), %edi
	movl USER_REGS_EBP(%eax), %ebp
	movl USER_REGS_EAX(%eax), %eax
	iret

	.section .note.GNU-stack, "", @progbits
