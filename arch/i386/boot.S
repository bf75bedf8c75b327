/* Multiboot v1 entry. The loader jumps here in protected mode with paging off
 * (eax = 0x2BADB002, ebx = physical address of the multiboot info). We build
 * boot page tables (PAE, 2 MiB pages), turn paging on, and continue in the
 * higher half. See doc/boot.md. */
#include <arch/layout.h>

#define MB_MAGIC 0x1BADB002
#include "control_regs.h"

#define MB_FLAGS 0x00000003 /* page-align modules, provide memory info */

#define PDE_PRESENT 0x001
#define PDE_WRITE 0x002
#define PDE_LARGE 0x080
#define DIRECT_PDES (DIRECT_MAP_SIZE >> 21)

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	movl %eax, %esi /* loader magic */
	movl %ebx, %edi /* multiboot info (physical) */
	/* Before anything that needs PAE or i686: halts on a CPU without. */
	movl $boot_check_stack_top, %esp
	call cpu_check

	/* boot_pd_low: identity map of 0..1 GiB, only until we run high. */
	movl $boot_pd_low, %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PDE_PRESENT | PDE_WRITE | PDE_LARGE), %eax
	movl %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	/* boot_pd_high: the direct map at KERNEL_VIRT_BASE; the rest stays empty. */
	movl $boot_pd_high, %ebx
	xorl %ecx, %ecx
2:	xorl %eax, %eax
	cmpl $DIRECT_PDES, %ecx
	jae 3f
	movl %ecx, %eax
	shll $21, %eax
	orl $(PDE_PRESENT | PDE_WRITE | PDE_LARGE), %eax
3:	movl %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 2b

	/* PDPT entries take only the present bit (write is reserved in PAE). */
	movl $boot_pdpt, %ebx
	movl $(boot_pd_low + PDE_PRESENT), 0(%ebx)
	movl $0, 4(%ebx)
	movl $0, 8(%ebx)
	movl $0, 12(%ebx)
	movl $0, 16(%ebx)
	movl $0, 20(%ebx)
	movl $(boot_pd_high + PDE_PRESENT), 24(%ebx)
	movl $0, 28(%ebx)

	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl %ebx, %cr3
	movl %cr0, %eax
	orl $(CR0_PG | CR0_WP), %eax
	movl %eax, %cr0
	movl $high_entry, %eax
	jmp *%eax

	.section .boot.data, "aw"
	.align 4096
	.globl boot_pd_low, boot_pd_high, boot_pdpt
boot_pd_low:
	.space 4096
boot_pd_high:
	.space 4096
boot_pdpt:
	.space 32
boot_check_stack: /* cpu_check's, at its physical address */
	.space 64
boot_check_stack_top:

	.text
high_entry:
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp
	pushl %edi
	pushl %esi
	call i386_main
4:	cli
	hlt
	jmp 4b

	.bss
	.align 16
boot_stack:
	.space 16384
	.globl boot_stack_top
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
