#include "trap.h"

#define IDT_VECTORS 48
#define IDT_INTERRUPT_GATE 0x8e /* present, ring 0, 32-bit interrupt gate */

struct idt_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

extern const uint32_t trap_stubs[IDT_VECTORS];
static uint64_t idt[256] __attribute__((aligned(8)));

static uint64_t idt_gate(uint32_t handler, uint8_t type)
{
	return (handler & 0xffffull) | (0x08ull << 16) | ((uint64_t)type << 40) |
	       ((uint64_t)(handler >> 16) << 48);
}

void idt_init(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (uint32_t)idt };

	for (unsigned v = 0; v < IDT_VECTORS; v++)
		idt[v] = idt_gate(trap_stubs[v], IDT_INTERRUPT_GATE);
	__asm__ volatile("lidt %0" ::"m"(p) : "memory");
}
