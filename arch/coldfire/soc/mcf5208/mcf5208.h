/* The MCF5208's on-chip registers the kernel uses (doc/boards.md lists each
 * with the reference-manual chapter it comes from), and the SoC services the
 * board and the kernel's port call. The addresses are fixed by the chip;
 * what differs between boards (clock input, memory, monitor) is in
 * board/<name>/. */
#ifndef COLDFIRE_MCF5208_H
#define COLDFIRE_MCF5208_H

#include <stdbool.h>
#include <stdint.h>

#define MCF5208_SCM_BASE 0xfc040000u /* system control module */
#define MCF5208_FEC_ECR 0xfc030024u /* Ethernet controller control, 32 bits */
#define MCF5208_CWCR (MCF5208_SCM_BASE + 0x16) /* core watchdog control, 16 bits */
#define MCF5208_CWSR (MCF5208_SCM_BASE + 0x1b) /* core watchdog service, 8 bits */
#define MCF5208_INTC0_BASE 0xfc048000u
#define MCF5208_UART0_BASE 0xfc060000u
#define MCF5208_UART1_BASE 0xfc064000u
#define MCF5208_UART2_BASE 0xfc068000u
#define MCF5208_PIT0_BASE 0xfc080000u
#define MCF5208_RCR 0xfc0a0000u /* reset control, 8 bits */
#define MCF5208_PAR_UART 0xfc0a4036u /* pin assignment of the UART pins, 16 bits */
#define MCF5208_SDCS0 0xfc0a8110u /* SDRAM chip select 0 */
#define MCF5208_PODR 0xfc0c0000u /* PLL output divider, 8 bits */
#define MCF5208_PFDR 0xfc0c000cu /* PLL feedback divider, 8 bits */

#define MCF5208_SRAM_SIZE 0x4000u /* 16 KiB, placed by RAMBAR */

/* The clock tree as the PLL registers describe it. */
struct mcf5208_clocks {
	uint32_t ref_hz; /* the PLL's reference input (the board's oscillator) */
	uint8_t podr, pfdr; /* as read */
	uint32_t core_hz, bus_hz;
	bool from_pll; /* false: the registers read as unprogrammed, board nominal used */
};

/* The PLL arithmetic (doc/boards.md, "Clocks"): the VCO runs at ref x MFD / 4
 * (MFD = PFDR), the core at VCO / CPUDIV (PODR bits 7:4) and the internal bus
 * at VCO / BUSDIV (PODR bits 3:0). false, and nothing written, when a
 * divider or the multiplier is zero or the result is out of range (the
 * register does not describe a running PLL). */
bool mcf5208_clocks_from(uint32_t ref_hz, uint8_t podr, uint8_t pfdr, struct mcf5208_clocks *c);

/* Reads PODR/PFDR once and fills c; where they read as unprogrammed (QEMU
 * does not model the PLL and reads 0), takes the board's nominal clocks and
 * says so on the console. Called before anything else needs a clock. */
void mcf5208_clocks_init(uint32_t ref_hz, uint32_t nominal_core_hz);
const struct mcf5208_clocks *mcf5208_clocks(void);

/* UART: the divisor for `baud` from the internal bus clock (the baud
 * generator divides it by 32 x divisor), rounded to nearest; 0 when no
 * 16-bit divisor comes within 3% of the rate. */
uint32_t mcf5208_uart_divisor(uint32_t bus_hz, uint32_t baud);

/* PIT: the smallest prescaler (bus clock / 2^pre, pre 0-15) whose period
 * for `hz` fits the 16-bit modulus, and the modulus count; false when hz is
 * 0 or not reachable. */
bool mcf5208_pit_setting(uint32_t bus_hz, uint32_t hz, unsigned *pre, uint32_t *count);

/* Prints the clock lines: `clock: ...` (called once the console runs). */
void mcf5208_clocks_print(void);

/* Stops the bus masters a monitor may leave running: after a TFTP download
 * (dBUG `dn`) the Ethernet controller may still own receive buffers in low
 * SDRAM and write packets there, where the kernel puts its fixed heap. Call
 * before the memory is handed out. */
void mcf5208_quiesce(void);

/* Resets the chip through the core watchdog (the shortest time-out, reset
 * instead of interrupt), falling back on a software reset through RCR; on
 * an emulator that models neither, returns. */
void mcf5208_reset(void);

#endif
