/* Quiescing and resetting the MCF5208 (soc/mcf5208/mcf5208.h). The core watchdog, set to
 * reset rather than interrupt with a short time-out, resets the whole
 * chip 65536 bus clocks later; should it not (a debugger holding the
 * core, an emulator), a software reset through the reset controller follows. */
#include "mmio.h"
#include "soc/mcf5208/mcf5208.h"

#define CWCR_CWE 0x0080 /* enable */
#define CWCR_CWRI_RESET 0x0040 /* time-out resets the chip (CWRI = 10) */
#define CWCR_CWT_2_16 0x0010 /* time-out after 2^16 bus clocks: 0.8 ms at 83 MHz */
#define RCR_SOFTRST 0x80
#define FEC_ECR_RESET 0x00000001u /* stops the controller, clears ETHER_EN and its rings */
#define RESET_WAIT_LOOPS 1000000u

void mcf5208_quiesce(void)
{
	mmio_write32(MCF5208_FEC_ECR, FEC_ECR_RESET);
}

void mcf5208_reset(void)
{
	mmio_write16(MCF5208_CWCR, CWCR_CWE | CWCR_CWRI_RESET | CWCR_CWT_2_16);
	/* Not serviced (no 0x55/0xaa to CWSR): it times out. The loop (several ms)
	 * outlasts the time-out at any core clock. */
	for (volatile uint32_t i = 0; i < RESET_WAIT_LOOPS; i++)
		;
	mmio_write8(MCF5208_RCR, RCR_SOFTRST);
	for (volatile uint32_t i = 0; i < RESET_WAIT_LOOPS; i++)
		;
}
