/* The TSSs. The main one only supplies the ring-0 stack for entries from
 * ring 3 (the interrupt model, kernel/include/kernel/user_arch.h: every user
 * entry starts at the top of the one kernel stack). No I/O bitmap: with IOPL
 * 0, every port access from ring 3 faults. The second is the double-fault
 * task: vector 8 is a task gate to it, so a fault taken while the CPU
 * delivers another (a kernel stack gone bad, say) runs on a stack of its own
 * and ends in a dump and a halt instead of a triple fault. */
#include <kernel/kprintf.h>

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
static struct tss df_tss __attribute__((aligned(128)));
/* The double-fault task's stack: kprintf and the dump need well under this. */
static uint8_t df_stack[4096] __attribute__((aligned(16)));

/* Runs as its own task with interrupts off. The task that faulted (the
 * kernel's, the only one) had its registers saved into `tss` by the switch. */
static void __attribute__((noreturn)) tss_double_fault(void)
{
	kprintf("\ntrap: vector=8 (double fault) error=0x0: a fault while delivering a fault\n");
	kprintf("  eip=%08x cs=%04x eflags=%08x fault_addr=%08x\n", tss.eip, tss.cs, tss.eflags,
		trap_read_cr2());
	kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", tss.eax, tss.ebx, tss.ecx, tss.edx);
	kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", tss.esi, tss.edi, tss.ebp, tss.esp);
	kernel_halt(HALT_STATUS_TRAP(8));
}

static void tss_double_fault_init(void)
{
	uint32_t cr3;

	__asm__ volatile("movl %%cr3, %0" : "=r"(cr3));
	df_tss.cr3 = cr3; /* the boot tables, until paging.c has its own */
	df_tss.eip = (uint32_t)tss_double_fault;
	df_tss.eflags = 0x2; /* bit 1 is always set; interrupts off */
	df_tss.esp = (uint32_t)(df_stack + sizeof(df_stack));
	df_tss.cs = KERNEL_CS;
	df_tss.ss = df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = KERNEL_DS;
	df_tss.iomap_base = sizeof(df_tss);
	gdt_set_tss(DF_TSS_SEL, (uint32_t)&df_tss, sizeof(df_tss) - 1);
}

void tss_set_double_fault_cr3(uint32_t cr3)
{
	df_tss.cr3 = cr3;
}

uint64_t tss_double_fault_gate(void)
{
	/* present, ring 0, type 5 (task gate); the offset is unused */
	return ((uint64_t)DF_TSS_SEL << 16) | (0x85ull << 40);
}

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
	gdt_set_tss(TSS_SEL, (uint32_t)&tss, sizeof(tss) - 1);
	tss_double_fault_init();
	__asm__ volatile("ltr %w0" ::"r"(TSS_SEL) : "memory");
	__asm__ volatile("movl %%cr0, %%eax\n\t"
			 "andl %0, %%eax\n\t"
			 "orl %1, %%eax\n\t"
			 "movl %%eax, %%cr0"
			 :
			 : "i"(~CR0_MP), "i"(CR0_EM)
			 : "eax", "memory");
}
