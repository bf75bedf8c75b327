/* UART0, polled. QEMU ignores the baud rate; the mode is 8N1. */
#include "console.h"

#include "board.h"
#include "mmio.h"

#define UART_UMR (BOARD_UART0_BASE + 0x00) /* UMR1, then UMR2 */
#define UART_USR (BOARD_UART0_BASE + 0x04)
#define UART_UCR (BOARD_UART0_BASE + 0x08)
#define UART_UTB (BOARD_UART0_BASE + 0x0c)
#define UART_UIMR (BOARD_UART0_BASE + 0x14)

#define USR_TXRDY 0x04
#define UCR_RESET_MR 0x10
#define UCR_RESET_RX 0x20
#define UCR_RESET_TX 0x30
#define UCR_RX_ENABLE 0x01
#define UCR_TX_ENABLE 0x04
#define UMR1_8N1 0x13 /* no parity, 8 bits */
#define UMR2_1STOP 0x07

void arch_console_init(void)
{
	mmio_write8(UART_UCR, UCR_RESET_MR);
	mmio_write8(UART_UCR, UCR_RESET_RX);
	mmio_write8(UART_UCR, UCR_RESET_TX);
	mmio_write8(UART_UMR, UMR1_8N1);
	mmio_write8(UART_UMR, UMR2_1STOP);
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
