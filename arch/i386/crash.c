/* Deliberate crashes for the system tests (boot option crash=<kind>): they
 * prove that an exception is reported and that a triple fault, which QEMU
 * ends with status 0 under -no-reboot, still reads as a failure. */
#include <kernel/arch.h>
#include <arch/layout.h>
#include <kernel/kprintf.h>

#include "trap.h"

void arch_crash(const char *kind)
{
	static const struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) no_idt = { 0, 0 };

	if (kind[0] == 'p') { /* pagefault */
		kprintf("crash: writing to unmapped 0x%08x\n", KERNEL_GUARD_VA);
		*(volatile uint32_t *)KERNEL_GUARD_VA = 1;
	} else if (kind[0] == 't') { /* triple */
		kprintf("crash: triple fault (empty IDT, then int3)\n");
		__asm__ volatile("lidt %0; int3" ::"m"(no_idt));
	} else if (kind[0] == 'u') { /* ud2 */
		kprintf("crash: invalid opcode\n");
		__asm__ volatile("ud2");
	} else if (kind[0] == 'd') { /* doublefault */
		/* The #UD cannot be delivered on an unmapped stack; nor can the
		 * #PF that causes: the CPU raises a double fault, whose task
		 * gate brings its own stack (tss.c). */
		kprintf("crash: invalid opcode with the stack at unmapped 0x%08x\n",
			KERNEL_GUARD_VA + 0x800);
		__asm__ volatile("movl %0, %%esp; ud2" ::"i"(KERNEL_GUARD_VA + 0x800));
	} else if (kind[0] == 'n') { /* nested */
		kprintf("crash: invalid opcode, and another while reporting it\n");
		trap_crash_in_report = 1;
		__asm__ volatile("ud2");
	}
}
