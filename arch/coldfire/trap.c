/* The C side of every exception: device interrupts go to their handlers,
 * everything else is offered to the kernel's trap hook and is fatal when the
 * hook declines it. */
#include <kernel/arch.h>
#include "irq.h"
#include <kernel/kprintf.h>
#include <kernel/trap_hook.h>

#include "trap.h"

#define FS_NONE 0x0

/* Fault status values the V2 core reports for access and address errors. */
static const char *trap_fs_name(unsigned fs)
{
	switch (fs) {
	case 0x4:
		return "instruction fetch";
	case 0x8:
		return "operand write";
	case 0x9:
		return "write to write-protected space";
	case 0xc:
		return "operand read";
	default:
		return "?";
	}
}

/* The stack pointer before the exception: the core aligned it down to a long
 * and recorded the adjustment in the format field (format = 4 + adjustment). */
static uint32_t trap_frame_sp(const struct trap_frame *f)
{
	return (uint32_t)(uintptr_t)(f + 1) + (TRAP_FORMAT(f->format_sr) & 3u);
}

static void trap_dump(const struct trap_frame *f)
{
	unsigned vector = TRAP_VECTOR(f->format_sr);
	unsigned fs = TRAP_FS(f->format_sr);

	kprintf("\ntrap: vector=%u (%s) format/status=0x%08x\n", vector, trap_vector_name(vector),
		f->format_sr);
	kprintf("  pc=%08x sr=%04x format=%u fs=0x%x", f->pc, TRAP_SR(f->format_sr),
		TRAP_FORMAT(f->format_sr), fs);
	if (fs != FS_NONE)
		kprintf(" (%s)", trap_fs_name(fs));
	/* The V2 core has no MMU and stacks no fault address. */
	kprintf(" fault_addr=%s\n", vector == 2 || vector == 3 ? "not recorded by the core" : "-");
	kprintf("  d0=%08x d1=%08x d2=%08x d3=%08x\n", f->d[0], f->d[1], f->d[2], f->d[3]);
	kprintf("  d4=%08x d5=%08x d6=%08x d7=%08x\n", f->d[4], f->d[5], f->d[6], f->d[7]);
	kprintf("  a0=%08x a1=%08x a2=%08x a3=%08x\n", f->a[0], f->a[1], f->a[2], f->a[3]);
	kprintf("  a4=%08x a5=%08x a6=%08x a7=%08x\n", f->a[4], f->a[5], f->a[6], trap_frame_sp(f));
}

volatile int trap_crash_in_report;

void coldfire_trap(struct trap_frame *f)
{
	static unsigned fatal_depth;
	unsigned vector = TRAP_VECTOR(f->format_sr);

	/* Nothing guards the boot stack but this word (there is no MMU). */
	if (__stack_bottom[0] != TRAP_STACK_CANARY)
		panic("boot stack overflow: canary at %p is 0x%08x", (void *)__stack_bottom,
		      __stack_bottom[0]);
	/* INTC0 source 0 is reserved and the MCF5208 has no INTC1 (vectors
	 * 128-191): such vectors are anomalies and fall through to the report. */
	if (vector > TRAP_IRQ_VECTOR_BASE && vector < TRAP_IRQ_VECTOR_BASE + ARCH_IRQ_COUNT) {
		intc_dispatch(vector - TRAP_IRQ_VECTOR_BASE);
		return;
	}
	if (vector == TRAP_SPURIOUS_VECTOR)
		return;
	if (trap_hook_call(vector, f->pc))
		return;

	/* A fault while reporting a fault: one short line and the halt; a
	 * fault in that (the console itself failing) halts without a word.
	 * Never a recursion. */
	if (fatal_depth++) {
		if (fatal_depth == 2) {
			kprintf("\ntrap: vector=%u at pc=%08x while handling a fatal trap\n",
				vector, f->pc);
			kernel_halt(HALT_STATUS_TRAP(vector));
		}
		arch_halt(HALT_STATUS_TRAP(vector));
	}
	if (trap_crash_in_report) { /* crash=nested (crash.c) */
		trap_crash_in_report = 0;
		__asm__ volatile("illegal");
	}
	trap_dump(f);
	kernel_halt(HALT_STATUS_TRAP(vector));
}
