/* The periodic timer (PIT0 on INTC0 source 4). */
#ifndef COLDFIRE_TIMER_H
#define COLDFIRE_TIMER_H

void arch_timer_start(unsigned hz);

#endif
