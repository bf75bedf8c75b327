/* The periodic timer (PIT0 on INTC0 source 4). */
#ifndef ARCH_TIMER_H
#define ARCH_TIMER_H

void arch_timer_start(unsigned hz);

#endif
