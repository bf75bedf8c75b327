/* The MCF5208 clock arithmetic (soc/mcf5208/clock_calc.c), the cache window
 * (core/cache.c), and the live settings against the clock they came from. */
#include <kernel/ktest.h>
#include <kernel/timer.h>

#include "board.h"

KTEST(coldfire_pll_evb_setting)
{
	struct mcf5208_clocks c;

	/* dBUG's and U-Boot's setting on the M5208EVB: 16 MHz in, PODR 0x36,
	 * PFDR 0x7d: VCO 500 MHz, core / 3, bus / 6. */
	KT_ASSERT(mcf5208_clocks_from(16000000, 0x36, 0x7d, &c));
	KT_EQ(c.core_hz, 166666666);
	KT_EQ(c.bus_hz, 83333333);
	KT_ASSERT(c.from_pll);
	/* Another legal setting: VCO 400 MHz, core / 2, bus / 4. */
	KT_ASSERT(mcf5208_clocks_from(16000000, 0x24, 100, &c));
	KT_EQ(c.core_hz, 200000000);
	KT_EQ(c.bus_hz, 100000000);
	return KTEST_OK;
}

KTEST(coldfire_pll_unprogrammed_refused)
{
	struct mcf5208_clocks c = { .core_hz = 7 };

	KT_ASSERT(!mcf5208_clocks_from(16000000, 0x00, 0x00, &c)); /* QEMU reads 0 */
	KT_ASSERT(!mcf5208_clocks_from(16000000, 0x36, 0x00, &c));
	KT_ASSERT(!mcf5208_clocks_from(16000000, 0x06, 0x7d, &c)); /* CPUDIV 0 */
	KT_ASSERT(!mcf5208_clocks_from(16000000, 0x30, 0x7d, &c)); /* BUSDIV 0 */
	KT_ASSERT(!mcf5208_clocks_from(16000000, 0x63, 0x7d, &c)); /* bus faster than core */
	KT_ASSERT(!mcf5208_clocks_from(0, 0x36, 0x7d, &c));
	KT_EQ(c.core_hz, 7); /* untouched */
	return KTEST_OK;
}

KTEST(coldfire_uart_divisor)
{
	/* 83.33 MHz / (32 x 23) = 113224 baud: 1.7% slow, inside 3%. */
	KT_EQ(mcf5208_uart_divisor(83333333, 115200), 23);
	KT_EQ(mcf5208_uart_divisor(83333333, 9600), 271);
	KT_EQ(mcf5208_uart_divisor(66000000, 115200), 18);
	/* Too fast for any divisor, or too slow for 16 bits. */
	KT_EQ(mcf5208_uart_divisor(83333333, 3000000), 0);
	KT_EQ(mcf5208_uart_divisor(83333333, 10), 0);
	KT_EQ(mcf5208_uart_divisor(83333333, 0), 0);
	return KTEST_OK;
}

KTEST(coldfire_pit_setting)
{
	unsigned pre = 99;
	uint32_t count = 0;

	KT_ASSERT(mcf5208_pit_setting(83333333, 100, &pre, &count));
	KT_EQ(pre, 4); /* 83.33 MHz / 16 / 52083 = 100.0 Hz */
	KT_EQ(count, 52083);
	KT_ASSERT(mcf5208_pit_setting(66000000, 1000, &pre, &count));
	KT_EQ(pre, 1);
	KT_EQ(count, 33000);
	KT_ASSERT(mcf5208_pit_setting(83333333, 1, &pre, &count));
	KT_EQ(pre, 11); /* the slowest tick at this clock */
	KT_EQ(count, 40690);
	KT_ASSERT(!mcf5208_pit_setting(83333333, 0, &pre, &count));
	KT_ASSERT(!mcf5208_pit_setting(1000, 2000, &pre, &count)); /* faster than the clock */
	/* 1 Hz from 4 GHz: even 2^15 leaves more than 65536 counts. */
	KT_ASSERT(!mcf5208_pit_setting(4000000000u, 1, &pre, &count));
	return KTEST_OK;
}

KTEST(coldfire_live_clocks_agree)
{
	const struct mcf5208_clocks *c = mcf5208_clocks();
	uint32_t count;
	unsigned pre;

	KT_EQ(c->ref_hz, board_this.ref_hz);
	KT_ASSERT(c->bus_hz > 0 && c->bus_hz <= c->core_hz);
	KT_ASSERT(mcf5208_pit_setting(c->bus_hz, TIMER_HZ, &pre, &count));
	KT_ASSERT(mcf5208_uart_divisor(c->bus_hz, board_this.console_baud) != 0);
	return KTEST_OK;
}

KTEST(coldfire_acr_window)
{
	KT_EQ(core_acr_for(0x40000000, 32u << 20), 0x4001e000); /* the EVB: 2 blocks */
	KT_EQ(core_acr_for(0x40000000, 128u << 20), 0x4007e000); /* QEMU's default */
	KT_EQ(core_acr_for(0x40000000, 16u << 20), 0x4000e000);
	KT_EQ(core_acr_for(0x40000000, 8u << 20), 0x4000e000); /* one whole block */
	return KTEST_OK;
}
