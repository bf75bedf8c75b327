/* The system-call gate (int $0x80 from ring 3): saves the user registers
 * straight into the running process's struct arch_user_regs, the one that
 * arch_user_resume entered last (i386_user_regs), and calls
 * kernel_user_syscall, which never returns: the kernel leaves through
 * arch_user_resume on the same empty stack (TSS esp0). Every other vector
 * takes isr.S's trap_common. The CPU has pushed eip, cs, eflags, esp, ss. */
#include <arch/user.h>
#include "segments.h"

#define FRAME_EIP 0
#define FRAME_EFLAGS 8
#define FRAME_ESP 12

	.text
	.globl syscall_entry
syscall_entry:
	pushl %eax
	movl $USER_DS, %eax /* the kernel's segments (gdt.c): the user may have loaded any */
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	movl i386_user_regs, %eax
	movl %ebx, USER_REGS_EBX(%eax)
	movl %ecx, USER_REGS_ECX(%eax)
	movl %edx, USER_REGS_EDX(%eax)
	movl %esi, USER_REGS_ESI(%eax)
	movl %edi, USER_REGS_EDI(%eax)
	movl %ebp, USER_REGS_EBP(%eax)
	popl USER_REGS_EAX(%eax)
	movl FRAME_EIP(%esp), %ecx
	movl %ecx, USER_REGS_EIP(%eax)
	movl FRAME_EFLAGS(%esp), %ecx
	movl %ecx, USER_REGS_EFLAGS(%eax)
	movl FRAME_ESP(%esp), %ecx
	movl %ecx, USER_REGS_ESP(%eax)
	cld
	call kernel_user_syscall
	ud2 /* kernel_user_syscall does not return */

	.section .note.GNU-stack, "", @progbits
