/* Deliberate crashes for the system tests (arch/cpu.h). */
#include <kernel/arch.h>
#include <kernel/kprintf.h>

#include "trap.h"

void arch_crash(const char *kind)
{
	if (kind[0] == 'u') {
		kprintf("crash: illegal instruction\n");
		__asm__ volatile("illegal");
	} else if (kind[0] == 'p') {
		kprintf("crash: jump to an odd address\n");
		__asm__ volatile("lea 1f+1, %%a0\n\t"
				 "jmp (%%a0)\n"
				 "1:" ::
					 : "a0");
	} else if (kind[0] == 'n') {
		kprintf("crash: illegal instruction, and another while reporting it\n");
		trap_crash_in_report = 1;
		__asm__ volatile("illegal");
	} else if (kind[0] == 'd' && kind[1] == 'i') {
		uint32_t zero = 0, n = 1;

		kprintf("crash: divide by zero\n");
		__asm__ volatile("divu.l %1, %0" : "+d"(n) : "d"(zero));
	}
}
