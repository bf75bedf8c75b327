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
void gdt_set_tss(uint16_t sel, uint32_t base, uint32_t limit);
/* The page tables the double-fault task runs on (paging.c, once they are final). */
void tss_set_double_fault_cr3(uint32_t cr3);
/* The IDT entry for vector 8: a task gate to the double-fault task. */
uint64_t tss_double_fault_gate(void);
/* TSS esp0 is boot_stack_top from here on: every entry from ring 3 starts
 * on the empty kernel stack. */
void tss_init(void);
/* The registers syscall_entry.S saves into (user.c keeps it current). */
extern struct arch_user_regs *i386_user_regs;
void pic_init(void);
void i386_trap(struct trap_frame *f);
/* A trap from ring 3 (f->cs & 3): hands it to the kernel; never returns. */
void user_trap(struct trap_frame *f) __attribute__((noreturn));
void trap_irq(unsigned irq);
void trap_dump(const struct trap_frame *f);
/* A trap the kernel cannot handle: dump and halt (status 0x80 + vector). */
void trap_fatal(const struct trap_frame *f) __attribute__((noreturn));
/* Set by crash=nested: the next fatal report faults once itself. */
extern volatile int trap_crash_in_report;
uint32_t trap_read_cr2(void);

#endif
