/* The MCF5208's clock arithmetic: PLL registers to frequencies, and the UART
 * and PIT settings for a wanted rate (soc/mcf5208/mcf5208.h). No register
 * access here, so the ktests check it with any inputs. */
#include "soc/mcf5208/mcf5208.h"

#define PODR_CPUDIV_SHIFT 4
#define PODR_DIV_MASK 0x0fu
#define PLL_VCO_DIV 4 /* the VCO runs at ref x MFD / 4 */
#define UART_CLOCKS_PER_BIT 32
#define UART_DIVISOR_MAX 0xffffu
#define UART_TOLERANCE_PERCENT 3
#define PIT_PRE_MAX 15
#define PIT_COUNT_MAX 0x10000u

bool mcf5208_clocks_from(uint32_t ref_hz, uint8_t podr, uint8_t pfdr, struct mcf5208_clocks *c)
{
	unsigned cpudiv = (podr >> PODR_CPUDIV_SHIFT) & PODR_DIV_MASK;
	unsigned busdiv = podr & PODR_DIV_MASK;
	uint64_t vco = (uint64_t)ref_hz * pfdr / PLL_VCO_DIV;

	if (ref_hz == 0 || pfdr == 0 || cpudiv == 0 || busdiv == 0 || busdiv < cpudiv)
		return false;
	if (vco / cpudiv > UINT32_MAX)
		return false;
	c->ref_hz = ref_hz;
	c->podr = podr;
	c->pfdr = pfdr;
	c->core_hz = (uint32_t)(vco / cpudiv);
	c->bus_hz = (uint32_t)(vco / busdiv);
	c->from_pll = true;
	return true;
}

uint32_t mcf5208_uart_divisor(uint32_t bus_hz, uint32_t baud)
{
	uint64_t per = (uint64_t)UART_CLOCKS_PER_BIT * baud;
	uint64_t div, actual, diff;

	if (baud == 0 || per == 0)
		return 0;
	div = (bus_hz + per / 2) / per;
	if (div == 0 || div > UART_DIVISOR_MAX)
		return 0;
	actual = bus_hz / (UART_CLOCKS_PER_BIT * div);
	diff = actual > baud ? actual - baud : baud - actual;
	if (diff * 100 > (uint64_t)baud * UART_TOLERANCE_PERCENT)
		return 0;
	return (uint32_t)div;
}

bool mcf5208_pit_setting(uint32_t bus_hz, uint32_t hz, unsigned *pre, uint32_t *count)
{
	unsigned p = 0;
	uint32_t n;

	if (hz == 0 || hz > bus_hz)
		return false;
	/* The smallest prescaler keeps the rate closest to hz. */
	while (((bus_hz >> p) + hz / 2) / hz > PIT_COUNT_MAX && p < PIT_PRE_MAX)
		p++;
	n = ((bus_hz >> p) + hz / 2) / hz;
	if (n == 0 || n > PIT_COUNT_MAX)
		return false;
	*pre = p;
	*count = n;
	return true;
}
