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
	arch_console_init();
	kernel_banner();
	intc_init();
	arch_timer_start(TIMER_HZ);

	boot_info.image_start = (uintptr_t)__image_start_pa;
	boot_info.image_end = (uintptr_t)__image_end_pa;
	board_describe(&boot_info);
	kernel_main(&boot_info);
}
