/* The one TSS: it only supplies the ring-0 stack for entries from ring 3
 * (the interrupt model, kernel/include/kernel/user_arch.h: every user entry
 * starts at the top of the one kernel stack). No I/O bitmap: with IOPL 0,
 * every port access from ring 3 faults. */
#include "segments.h"
#include "trap.h"

struct tss {
	uint32_t link;
	uint32_t esp0, ss0;
	uint32_t esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
};
_Static_assert(sizeof(struct tss) == 104, "the CPU's 32-bit TSS layout");

static struct tss tss __attribute__((aligned(128)));

/* CR0.EM: x87 and MMX instructions fault (#NM, #UD), and SSE does too while
 * CR4.OSFXSR stays off. No process has FPU state, so none can leak another's
 * through it; the kernel itself is built without the FPU. */
#define CR0_EM 0x4u
#define CR0_MP 0x2u

void tss_init(void)
{
	tss.ss0 = KERNEL_DS;
	tss.esp0 = (uint32_t)boot_stack_top;
	tss.iomap_base = sizeof(tss); /* past the limit: no bitmap */
	gdt_set_tss((uint32_t)&tss, sizeof(tss) - 1);
	__asm__ volatile("ltr %w0" ::"r"(TSS_SEL) : "memory");
	__asm__ volatile("movl %%cr0, %%eax\n\t"
			 "andl %0, %%eax\n\t"
			 "orl %1, %%eax\n\t"
			 "movl %%eax, %%cr0"
			 :
			 : "i"(~CR0_MP), "i"(CR0_EM)
			 : "eax", "memory");
}

void tss_set_esp0(uint32_t esp0)
{
	tss.esp0 = esp0;
}
