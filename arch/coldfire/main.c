/* First C code on ColdFire: called from start.S with the boot stack and VBR
 * set, interrupts masked (IPL 7). */
#include "console.h"
#include "timer.h"
#include <kernel/boot.h>
#include <kernel/timer.h>

#include "board.h"
#include "trap.h"

extern char __image_start_pa[], __image_end_pa[];

static struct boot_info boot_info;

void coldfire_main(void);

void coldfire_main(void)
{
	__stack_bottom[0] = TRAP_STACK_CANARY;
	mcf5208_quiesce(); /* nothing but the core writes memory from here on */
	/* The UART's divisor and the PIT's reload come from the bus clock. */
	mcf5208_clocks_init(board_this.ref_hz, board_this.nominal_core_hz);
	arch_console_init();
	kernel_banner();
	mcf5208_clocks_print();
	uart_print();
	intc_init();
	arch_timer_start(TIMER_HZ);
	pit_print();

	boot_info.image_start = (uintptr_t)__image_start_pa;
	boot_info.image_end = (uintptr_t)__image_end_pa;
	board_describe(&boot_info);
	kernel_main(&boot_info);
}
