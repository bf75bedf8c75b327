/* UART0, polled, 8N1 at the board's rate: the baud divisor comes from the
 * internal bus clock (mcf5208_clocks_init must have run). QEMU ignores the
 * divisor and the clock select; the silicon needs both. */
#include "console.h"
#include <kernel/kprintf.h>

#include "board.h"
#include "mmio.h"

#define UART_UMR (MCF5208_UART0_BASE + 0x00) /* UMR1, then UMR2 */
#define UART_USR (MCF5208_UART0_BASE + 0x04) /* read: status */
#define UART_UCSR (MCF5208_UART0_BASE + 0x04) /* write: clock select */
#define UART_UCR (MCF5208_UART0_BASE + 0x08)
#define UART_UTB (MCF5208_UART0_BASE + 0x0c)
#define UART_UIMR (MCF5208_UART0_BASE + 0x14)
#define UART_UBG1 (MCF5208_UART0_BASE + 0x18) /* divisor bits 15:8 */
#define UART_UBG2 (MCF5208_UART0_BASE + 0x1c) /* divisor bits 7:0 */

#define USR_TXRDY 0x04
#define USR_TXEMP 0x08
#define UCR_RESET_MR 0x10
#define UCR_RESET_RX 0x20
#define UCR_RESET_TX 0x30
#define UCR_RX_ENABLE 0x01
#define UCR_TX_ENABLE 0x04
#define UMR1_8N1 0x13 /* no parity, 8 bits */
#define UMR2_1STOP 0x07
#define UCSR_BUS_CLOCK 0xdd /* receiver and transmitter: prescaled internal bus clock */
#define PAR_UART_UART0 0x0003 /* the URXD0 and UTXD0 pins as UART0 */

static uint32_t uart_divisor;

void arch_console_init(void)
{
	uint32_t baud = board_this.console_baud;

	uart_divisor = mcf5208_uart_divisor(mcf5208_clocks()->bus_hz, baud);
	mmio_write16(MCF5208_PAR_UART, mmio_read16(MCF5208_PAR_UART) | PAR_UART_UART0);
	mmio_write8(UART_UCR, UCR_RESET_MR);
	mmio_write8(UART_UCR, UCR_RESET_RX);
	mmio_write8(UART_UCR, UCR_RESET_TX);
	mmio_write8(UART_UMR, UMR1_8N1);
	mmio_write8(UART_UMR, UMR2_1STOP);
	mmio_write8(UART_UCSR, UCSR_BUS_CLOCK);
	/* Without a usable divisor keep the monitor's, so its terminal still
	 * reads us; uart_print says so. */
	if (uart_divisor) {
		mmio_write8(UART_UBG1, (uint8_t)(uart_divisor >> 8));
		mmio_write8(UART_UBG2, (uint8_t)uart_divisor);
	}
	mmio_write8(UART_UIMR, 0);
	/* The transmitter is off after reset: nothing leaves until this write. */
	mmio_write8(UART_UCR, UCR_RX_ENABLE | UCR_TX_ENABLE);
}

void arch_console_putc(char c)
{
	while (!(mmio_read8(UART_USR) & USR_TXRDY))
		;
	mmio_write8(UART_UTB, (uint8_t)c);
}

void uart_drain(void)
{
	/* TxEMP: the shift register and the holding register are both empty. */
	while (!(mmio_read8(UART_USR) & USR_TXEMP))
		;
}

void uart_print(void)
{
	uint32_t baud = board_this.console_baud, bus = mcf5208_clocks()->bus_hz;

	if (uart_divisor)
		kprintf("uart0: baud=%lu divisor=%lu actual=%lu\n", (unsigned long)baud,
			(unsigned long)uart_divisor, (unsigned long)(bus / (32 * uart_divisor)));
	else
		kprintf("uart0: no divisor of bus=%lu gives %lu baud within 3%%: the monitor's "
			"kept\n",
			(unsigned long)bus, (unsigned long)baud);
}
