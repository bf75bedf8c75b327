/* Device interrupt lines: the source numbers of interrupt controller INTC0
 * (1-63; 0 is reserved). Source n raises vector 64 + n. */
#ifndef COLDFIRE_IRQ_H
#define COLDFIRE_IRQ_H

typedef void (*irq_handler_fn)(void *ctx);

#define ARCH_IRQ_COUNT 64

#define ARCH_IRQ_PIT0 4
#define ARCH_IRQ_PIT1 5
#define ARCH_IRQ_UART0 26
#define ARCH_IRQ_UART1 27
#define ARCH_IRQ_UART2 28

void arch_irq_attach(unsigned irq, irq_handler_fn fn, void *ctx);
void arch_irq_unmask(unsigned irq);
void arch_irq_mask(unsigned irq);

#endif
