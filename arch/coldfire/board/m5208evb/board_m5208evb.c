/* Freescale's M5208EVB(e) evaluation board, started from its dBUG monitor
 * (doc/boards.md): a 16 MHz oscillator into the PLL, which dBUG programs for
 * a 166.67 MHz core and an 83.33 MHz bus; 32 MiB of SDRAM on chip select 0;
 * 2 MiB of NOR flash at 0 (dBUG itself); UART0 to the DB9 console at
 * 115200 8N1. There is no hot-pluggable bus, so the reserve holds headers
 * for the flash window alone and keeps no headroom after discovery.
 *
 * Halting: no host to tell, so after the halt line the core stops with
 * interrupts masked (the board needs a reset or the BDM to go on); with
 * `halt=reset` on the command line the chip resets through its core
 * watchdog instead and comes back in dBUG. */
#include <kernel/boot.h>
#include <kernel/cmdline.h>

#include "board.h"

const struct board board_this = {
	.name = "Freescale M5208EVB (dBUG)",
	.ref_hz = 16000000,
	.nominal_core_hz = 166666666,
	.console_baud = 115200,
	.reserve_boot_span = BOARD_ROM_SIZE,
	.reserve_headroom_span = 0,
};

static bool board_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Nothing is printed here: the halt line stays the console's last line. */
void board_halt(int status)
{
	const char *how = cmdline_get(kernel_cmdline_get(), "halt");

	(void)status;
	uart_drain();
	if (how && board_streq(how, "reset"))
		mcf5208_reset();
}
