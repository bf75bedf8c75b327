/* Traps from ring 3: save the user registers where the kernel keeps them and
 * hand the event to the kernel (kernel/include/kernel/user_arch.h). */
#include "irq.h"
#include <kernel/kprintf.h>
#include <kernel/user_arch.h>

#include "trap.h"

#define VECTOR_NMI 2
#define VECTOR_DOUBLE_FAULT 8
#define VECTOR_PAGE_FAULT 14
#define VECTOR_MACHINE_CHECK 18

static void user_save(const struct trap_frame *f)
{
	struct arch_user_regs *r = kernel_user_regs();

	if (!r) {
		trap_dump(f);
		panic("trap from ring 3 with no current process");
	}
	r->eax = f->eax;
	r->ebx = f->ebx;
	r->ecx = f->ecx;
	r->edx = f->edx;
	r->esi = f->esi;
	r->edi = f->edi;
	r->ebp = f->ebp;
	r->esp = f->user_esp;
	r->eip = f->eip;
	r->eflags = f->eflags;
}

void user_trap(struct trap_frame *f)
{
	/* Read first: nothing below may fault, but a later #PF would replace it. */
	uint32_t cr2 = f->vector == VECTOR_PAGE_FAULT ? trap_read_cr2() : 0;

	/* The machine's events, not the process's doing: fatal as in ring 0. */
	if (f->vector == VECTOR_NMI || f->vector == VECTOR_DOUBLE_FAULT ||
	    f->vector == VECTOR_MACHINE_CHECK)
		trap_fatal(f);
	user_save(f); /* system calls come through syscall_entry.S instead */
	if (f->vector < IRQ_VECTOR_BASE)
		kernel_user_fault(f->vector, cr2);
	if (f->vector < IRQ_VECTOR_BASE + ARCH_IRQ_COUNT) {
		trap_irq(f->vector - IRQ_VECTOR_BASE);
		kernel_user_interrupt();
	}
	trap_dump(f);
	panic("trap: vector %u has no gate", f->vector);
}
