/* The interrupt descriptor table: a gate per vector, pointing at the stubs of isr.S. */
#include "segments.h"
#include "trap.h"

#define IDT_VECTORS 48
#define IDT_INTERRUPT_GATE 0x8e /* present, ring 0, 32-bit interrupt gate */
/* The same gate that ring 3 may reach with int; still an interrupt gate, so
 * the kernel runs system calls with interrupts off. */
#define IDT_USER_INTERRUPT_GATE 0xee

struct idt_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

extern const uint32_t trap_stubs[IDT_VECTORS];
extern const char syscall_entry[]; /* syscall_entry.S */
static uint64_t idt[256] __attribute__((aligned(8)));

static uint64_t idt_gate(uint32_t handler, uint8_t type)
{
	return (handler & 0xffffull) | ((uint64_t)KERNEL_CS << 16) | ((uint64_t)type << 40) |
	       ((uint64_t)(handler >> 16) << 48);
}

void idt_init(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (uint32_t)idt };

	for (unsigned v = 0; v < IDT_VECTORS; v++)
		idt[v] = idt_gate(trap_stubs[v], IDT_INTERRUPT_GATE);
	idt[SYSCALL_VECTOR] = idt_gate((uint32_t)syscall_entry, IDT_USER_INTERRUPT_GATE);
	idt[8] = tss_double_fault_gate(); /* needs the GDT's TSS entries: gdt_init first */
	__asm__ volatile("lidt %0" ::"m"(p) : "memory");
}
