/* i386-private: the register frame the trap stubs build. */
#ifndef I386_TRAP_H
#define I386_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax; /* pusha order */
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t user_esp, user_ss; /* only when the trap came from ring 3 */
};

#define IRQ_VECTOR_BASE 32

void idt_init(void);
void gdt_init(void);
void pic_init(void);
void i386_trap(struct trap_frame *f);

#endif
