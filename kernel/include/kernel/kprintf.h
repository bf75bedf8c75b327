/* Console output and fatal errors. */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include <lib/fmt.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* For broken kernel invariants only, never for bad user or boot input: prints
 * the message and halts with a failing status. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Ends the run: prints `arroyo: halt status=S` and stops the machine (or the
 * emulator session). Status 0 means success. */
void kernel_halt(int status) __attribute__((noreturn));

/* The halt status of an unexpected trap or fault in the kernel: 0x80 plus
 * its vector, so a runner can tell which one ended the run (doc/boot.md). */
#define HALT_STATUS_TRAP(vector) (0x80 + (int)(vector))

#endif
