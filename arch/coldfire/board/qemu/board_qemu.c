/* QEMU's mcf5208evb model as a board: the clocks QEMU's timers assume (its
 * PLL registers read 0), the console rate (ignored by QEMU), and the
 * kernel's default reserve sizing, since the simulated device bus hot-plugs
 * devices on UART1 (doc/hotplug.md). Its halt is halt_semihost.c. */
#include "board.h"

const struct board board_this = {
	.name = "qemu mcf5208evb",
	.ref_hz = 16000000,
	.nominal_core_hz = 166666666, /* QEMU's PIT counts 83.33 MHz, half of it */
	.console_baud = 115200,
	.reserve_boot_span = 0,
	.reserve_headroom_span = 0,
};
