/* Console: COM1 at 115200 8N1. */
#ifndef ARCH_CONSOLE_H
#define ARCH_CONSOLE_H

void arch_console_init(void);
void arch_console_putc(char c);

#endif
