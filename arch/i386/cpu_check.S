/* The CPU check at entry, before paging: in instructions every i386 runs, it
 * makes sure the CPU has what the rest of the kernel uses (CPUID, PAE, and
 * CMOV, the one i686 instruction i686-linux-gnu-gcc emits here; `make`
 * output checked with objdump). Otherwise it names what is missing on COM1
 * and ends the run with `arroyo: halt status=6` the way kernel_halt does
 * (isa-debug-exit for QEMU, the shutdown port for Bochs): without the check
 * a 486 ran into invalid opcodes inside its own trap handler. doc/boot.md. */
#define COM1 0x3f8
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_FAIL 0x11
#define BOCHS_SHUTDOWN_PORT 0x8900
#define EFLAGS_ID 0x00200000 /* writable exactly when CPUID exists */
#define CPUID1_EDX_PAE 0x00000040
#define CPUID1_EDX_CMOV 0x00008000

	.section .boot.text, "ax"
	.code32

/* Called from _start with a small stack; returns when the CPU will do, with
 * esi and edi kept (the multiboot magic and info). */
	.globl cpu_check
cpu_check:
	pushl %ebx
	pushfl
	popl %eax
	movl %eax, %ecx
	xorl $EFLAGS_ID, %eax
	pushl %eax
	popfl
	pushfl
	popl %eax
	pushl %ecx
	popfl
	xorl %ecx, %eax
	testl $EFLAGS_ID, %eax
	jz cpu_no_cpuid
	xorl %eax, %eax
	cpuid
	xorl %edx, %edx /* no leaf 1: no feature at all */
	testl %eax, %eax
	jz 1f
	movl $1, %eax
	cpuid
1:	movl %edx, %ecx
	andl $(CPUID1_EDX_PAE | CPUID1_EDX_CMOV), %ecx
	cmpl $(CPUID1_EDX_PAE | CPUID1_EDX_CMOV), %ecx
	jne cpu_lacking
	popl %ebx
	ret

cpu_no_cpuid:
	movl $cpu_msg_no_cpuid, %ebx
	call cpu_puts
	jmp cpu_halt

/* ecx = the features found, of the two needed */
cpu_lacking:
	pushl %ecx
	movl $cpu_msg_lacks, %ebx
	call cpu_puts
	popl %ecx
	testl $CPUID1_EDX_PAE, %ecx
	jnz 2f
	movl $cpu_msg_pae, %ebx
	call cpu_puts
2:	testl $CPUID1_EDX_CMOV, %ecx
	jnz 3f
	movl $cpu_msg_cmov, %ebx
	call cpu_puts
3:	movl $cpu_msg_needs, %ebx
	call cpu_puts

cpu_halt:
	movl $cpu_msg_halt, %ebx
	call cpu_puts
	movw $DEBUG_EXIT_PORT, %dx
	movb $DEBUG_EXIT_FAIL, %al
	outb %al, %dx
	movl $cpu_msg_shutdown, %ebx
	movw $BOCHS_SHUTDOWN_PORT, %dx
4:	movb (%ebx), %al
	testb %al, %al
	jz 5f
	outb %al, %dx
	incl %ebx
	jmp 4b
5:	cli
	hlt
	jmp 5b

/* Writes the NUL-terminated string at ebx to COM1 (115200 8N1, polled), set
 * up first: nothing has touched the port yet. Clobbers eax, ebx, edx. */
cpu_puts:
	movw $(COM1 + 1), %dx
	xorb %al, %al
	outb %al, %dx /* no interrupts */
	movw $(COM1 + 3), %dx
	movb $0x80, %al
	outb %al, %dx /* DLAB on */
	movw $COM1, %dx
	movb $1, %al
	outb %al, %dx /* divisor 1 */
	movw $(COM1 + 1), %dx
	xorb %al, %al
	outb %al, %dx
	movw $(COM1 + 3), %dx
	movb $3, %al
	outb %al, %dx /* 8N1 */
6:	movb (%ebx), %al
	testb %al, %al
	jz 8f
	movw $(COM1 + 5), %dx
7:	inb %dx, %al
	testb $LSR_THR_EMPTY, %al
	jz 7b
	movb (%ebx), %al
	movw $COM1, %dx
	outb %al, %dx
	incl %ebx
	jmp 6b
8:	ret

cpu_msg_no_cpuid:
	.asciz "cpu: no CPUID instruction (a 386 or an early 486): Arroyo needs an i686 with PAE and CMOV\n"
cpu_msg_lacks:
	.asciz "cpu: this CPU lacks"
cpu_msg_pae:
	.asciz " PAE"
cpu_msg_cmov:
	.asciz " CMOV"
cpu_msg_needs:
	.asciz ": Arroyo needs an i686 with PAE and CMOV (QEMU: -cpu pentium2 or later)\n"
cpu_msg_halt:
	.asciz "arroyo: halt status=6\n"
cpu_msg_shutdown:
	.asciz "Shutdown"

	.section .note.GNU-stack, "", @progbits
