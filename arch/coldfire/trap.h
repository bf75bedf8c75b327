/* ColdFire-private: the exception frame and the trap plumbing. */
#ifndef COLDFIRE_TRAP_H
#define COLDFIRE_TRAP_H

#include <stdint.h>

/* What vectors.S builds on the supervisor stack: the registers it saves, then
 * the two longs the core pushes on every exception. */
struct trap_frame {
	uint32_t d[8];
	uint32_t a[7]; /* a7 is derived from the frame's own address */
	uint32_t format_sr; /* format 31:28, FS 27:26+17:16, vector 25:18, SR 15:0 */
	uint32_t pc;
};

_Static_assert(sizeof(struct trap_frame) == 68, "vectors.S saves 15 registers + 8 bytes");
_Static_assert(__builtin_offsetof(struct trap_frame, format_sr) == 60, "vectors.S layout");

#define TRAP_VECTOR(fsr) (((fsr) >> 18) & 0xffu)
#define TRAP_FORMAT(fsr) ((fsr) >> 28)
#define TRAP_FS(fsr) ((((fsr) >> 24) & 0xcu) | (((fsr) >> 16) & 0x3u))
#define TRAP_SR(fsr) ((fsr)&0xffffu)

#define TRAP_VECTOR_COUNT 256
#define TRAP_IRQ_VECTOR_BASE 64
#define TRAP_SPURIOUS_VECTOR 24

/* vectors.S: the table VBR points at, and the entry shared by vectors 2-255. */
extern const uint32_t trap_vector_table[TRAP_VECTOR_COUNT];
void trap_entry(void);
/* The system call's own entry, trap #0 (syscall_entry.S). */
void syscall_entry(void);

/* The boot stack (linker.ld); its lowest long holds TRAP_STACK_CANARY. */
extern uint32_t __stack_bottom[], __stack_top[];
#define TRAP_STACK_CANARY 0x5afec0deu

void coldfire_trap(struct trap_frame *f);
/* Set by crash=nested: the next fatal report faults once itself. */
extern volatile int trap_crash_in_report;
const char *trap_vector_name(unsigned vector);

void intc_init(void);
/* Runs the handler attached to INTC0 source irq (1 to ARCH_IRQ_COUNT - 1). */
void intc_dispatch(unsigned irq);

#endif
