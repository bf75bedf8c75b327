/* Device interrupt lines (ISA IRQ numbers 0-15 on the 8259 pair). */
#ifndef I386_IRQ_H
#define I386_IRQ_H

typedef void (*irq_handler_fn)(void *ctx);

#define ARCH_IRQ_COUNT 16

void arch_irq_attach(unsigned irq, irq_handler_fn fn, void *ctx);
void arch_irq_unmask(unsigned irq);
void arch_irq_mask(unsigned irq);

#endif
