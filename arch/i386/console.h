/* Console: COM1 at 115200 8N1. */
#ifndef I386_CONSOLE_H
#define I386_CONSOLE_H

#include <kernel/arch.h> /* arch_console_putc */

void arch_console_init(void);

#endif
