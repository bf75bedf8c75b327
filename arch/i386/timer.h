/* The periodic timer (PIT channel 0 on IRQ 0). */
#ifndef I386_TIMER_H
#define I386_TIMER_H

void arch_timer_start(unsigned hz);

#endif
