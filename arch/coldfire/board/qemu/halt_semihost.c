/* Ending a QEMU run so the runners can trust the status (doc/boot.md).
 *
 * Status 0: QEMU's semihosting exit call: d0 = 0 (HOSTED_EXIT), then
 *   `nop; halt` with the nop on a 4-byte boundary, followed by the marker long
 *   0x4e7bf000. QEMU 7.2 exits with status d0, which is 0 by construction, so
 *   the host always sees 0. Without -semihosting the marker executes as an
 *   unimplemented movec and QEMU aborts (134): a pass cannot be faked.
 * Nonzero: a movec to MMUBAR, which this core lacks. A guest cannot choose
 *   QEMU's exit status here, but QEMU aborts on that movec ("Unimplemented
 *   control register write 0x8", SIGABRT), so the host sees 134 and a failure
 *   can never exit 0.
 * Either way the console's last line, `arroyo: halt status=S`, carries the
 * real status. Where neither sequence ends the session (another emulator),
 * halt.c's stop loop holds the core. A real board has no semihosting host:
 * its build uses its own board_halt (board/m5208evb/). */
#include "board.h"

static void halt_semihost_exit(void)
{
	register uint32_t d0 __asm__("d0") = 0;
	register uint32_t d1 __asm__("d1") = 0;

	__asm__ volatile(".balignw 4, 0x4e71\n\t"
			 "nop\n\t"
			 "halt\n\t"
			 ".long 0x4e7bf000"
			 :
			 : "d"(d0), "d"(d1)
			 : "memory");
}

static void halt_abort_emulator(void)
{
	/* movec d0, MMUBAR */
	__asm__ volatile("moveq #0, %%d0\n\t.long 0x4e7b0008" ::: "d0", "memory");
}

void board_halt(int status)
{
	if (status == 0)
		halt_semihost_exit();
	else
		halt_abort_emulator();
}
