/* The MCF5208's clocks as its PLL is programmed (soc/mcf5208/mcf5208.h). The
 * kernel never reprograms the PLL: the board's monitor (dBUG) has, and
 * changing it under running SDRAM needs limp mode and self-refresh. */
#include <kernel/kprintf.h>

#include "mmio.h"
#include "soc/mcf5208/mcf5208.h"

static struct mcf5208_clocks clocks;

void mcf5208_clocks_init(uint32_t ref_hz, uint32_t nominal_core_hz)
{
	uint8_t podr = mmio_read8(MCF5208_PODR), pfdr = mmio_read8(MCF5208_PFDR);

	if (mcf5208_clocks_from(ref_hz, podr, pfdr, &clocks))
		return;
	/* The internal bus runs at half the core clock in every setting the
	 * reference manual allows the 5208. */
	clocks = (struct mcf5208_clocks){ ref_hz, podr, pfdr, nominal_core_hz, nominal_core_hz / 2,
					  false };
}

const struct mcf5208_clocks *mcf5208_clocks(void)
{
	return &clocks;
}

void mcf5208_clocks_print(void)
{
	const struct mcf5208_clocks *c = &clocks;

	kprintf("clock: ref=%lu podr=0x%02x pfdr=0x%02x core=%lu bus=%lu (%s)\n",
		(unsigned long)c->ref_hz, c->podr, c->pfdr, (unsigned long)c->core_hz,
		(unsigned long)c->bus_hz,
		c->from_pll ? "from the PLL" : "PLL reads unprogrammed: board nominal");
}
