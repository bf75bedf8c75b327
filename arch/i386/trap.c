/* Trap dispatch on i386: device IRQs to their handlers, user traps to the core,
 * and a register dump for a fault in the kernel. */
#include <kernel/arch.h>
#include "io.h"
#include "irq.h"
#include <kernel/kprintf.h>
#include <kernel/trap_hook.h>

#include "trap.h"

#define PIC1_CMD 0x20
#define PIC2_CMD 0xa0
#define PIC_EOI 0x20

static const char *const trap_names[32] = {
	"divide error",
	"debug",
	"nmi",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid tss",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 error",
	"alignment check",
	"machine check",
	"simd error",
	"virtualization",
	"control protection",
};

static struct {
	irq_handler_fn fn;
	void *ctx;
} irq_table[ARCH_IRQ_COUNT];

void arch_irq_attach(unsigned irq, irq_handler_fn fn, void *ctx)
{
	if (irq >= ARCH_IRQ_COUNT)
		panic("irq %u attached outside 0-%u", irq, ARCH_IRQ_COUNT - 1);
	irq_table[irq].fn = fn;
	irq_table[irq].ctx = ctx;
}

void trap_irq(unsigned irq)
{
	/* Acknowledge first: a handler may wait for the next interrupt. */
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	if (irq_table[irq].fn)
		irq_table[irq].fn(irq_table[irq].ctx);
}

uint32_t trap_read_cr2(void)
{
	uint32_t v;
	__asm__ volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

void trap_dump(const struct trap_frame *f)
{
	const char *name = f->vector < 32 && trap_names[f->vector] ? trap_names[f->vector] : "?";

	kprintf("\ntrap: vector=%u (%s) error=0x%x\n", f->vector, name, f->error);
	kprintf("  eip=%08x cs=%04x eflags=%08x fault_addr=%08x\n", f->eip, f->cs, f->eflags,
		trap_read_cr2());
	kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", f->esi, f->edi, f->ebp,
		(f->cs & 3) ? f->user_esp : (uint32_t)(uintptr_t)&f->user_esp);
	kprintf("  ds=%04x es=%04x fs=%04x gs=%04x\n", f->ds, f->es, f->fs, f->gs);
}

void i386_trap(struct trap_frame *f)
{
	if (f->cs & 3)
		user_trap(f);
	if (f->vector >= IRQ_VECTOR_BASE && f->vector < IRQ_VECTOR_BASE + ARCH_IRQ_COUNT) {
		trap_irq(f->vector - IRQ_VECTOR_BASE);
		return;
	}
	if (trap_hook_call(f->vector, f->eip))
		return;
	trap_fatal(f);
}

volatile int trap_crash_in_report;

void trap_fatal(const struct trap_frame *f)
{
	static unsigned depth;

	/* A fault while reporting a fault: one short line and the halt; a
	 * fault in that (the console itself failing) halts without a word.
	 * Never a recursion. */
	if (depth++) {
		if (depth == 2) {
			kprintf("\ntrap: vector=%u at eip=%08x while handling a fatal trap\n",
				f->vector, f->eip);
			kernel_halt(HALT_STATUS_TRAP(f->vector));
		}
		arch_halt(HALT_STATUS_TRAP(f->vector));
	}
	if (trap_crash_in_report) { /* crash=nested (crash.c) */
		trap_crash_in_report = 0;
		__asm__ volatile("ud2");
	}
	trap_dump(f);
	kernel_halt(HALT_STATUS_TRAP(f->vector));
}
