/* Ending a run (kernel/arch.h): the board ends it if it can (board/<name>/),
 * otherwise the core stops here with every interrupt masked. A stopped V2
 * core wakes only for an interrupt above the mask, so this loop is the end. */
#include <kernel/arch.h>

#include "board.h"

void arch_halt(int status)
{
	arch_irq_disable();
	board_halt(status);
	for (;;)
		__asm__ volatile("stop #0x2700" ::: "memory");
}
