/* Console: UART0 of the MCF5208, polled. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H

void arch_console_init(void);
void arch_console_putc(char c);

#endif
