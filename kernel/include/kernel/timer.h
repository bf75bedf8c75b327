/* The periodic tick. The arch timer interrupt calls timer_tick(). */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <lib/types.h>

#define TIMER_HZ 100

void timer_tick(void);
uint64_t timer_ticks(void);

#endif
