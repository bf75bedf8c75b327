/* Console: UART0 of the MCF5208, polled. */
#ifndef COLDFIRE_CONSOLE_H
#define COLDFIRE_CONSOLE_H

#include <kernel/arch.h> /* arch_console_putc */

void arch_console_init(void);

#endif
