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

#define SYSCALL_VECTOR 0x80

/* The top of the one kernel stack (boot.S). */
extern char boot_stack_top[];

void idt_init(void);
void gdt_init(void);
void gdt_set_tss(uint32_t base, uint32_t limit);
void tss_init(void);
void tss_set_esp0(uint32_t esp0);
void pic_init(void);
void i386_trap(struct trap_frame *f);
/* A trap from ring 3 (f->cs & 3): hands it to the kernel; never returns. */
void user_trap(struct trap_frame *f) __attribute__((noreturn));
void trap_irq(unsigned irq);
void trap_dump(const struct trap_frame *f);
uint32_t trap_read_cr2(void);

#endif
