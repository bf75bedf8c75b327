/* A board of the MCF5208 family: what the kernel's port asks of it, and the
 * fixed addresses the boot code builds the machine's description from
 * (doc/boards.md). Each board is one folder board/<name>/ with a board.mk
 * and one C file that defines board_this and board_halt. */
#ifndef COLDFIRE_BOARD_H
#define COLDFIRE_BOARD_H

#include <kernel/boot.h>
#include <lib/err.h>

#include "soc/mcf5208/mcf5208.h"

struct board {
	const char *name; /* the loader line of the boot log */
	uint32_t ref_hz; /* the oscillator feeding the PLL */
	/* The core clock the board's monitor programs: used only when the PLL
	 * registers read as unprogrammed (QEMU). */
	uint32_t nominal_core_hz;
	uint32_t console_baud; /* UART0, 8N1 */
	/* Device memory whose headers the reserve holds before discovery, and
	 * the headroom kept after it (reserve=auto; 0: the kernel's defaults,
	 * sized for hot-pluggable buses). */
	uint64_t reserve_boot_span, reserve_headroom_span;
};

extern const struct board board_this;

/* Ends the run once the console has printed the halt line; returns when the
 * board has no way to end it, and the core then stops (halt.c). */
void board_halt(int status);

#define BOARD_NAME (board_this.name)
#define BOARD_UART0_BASE MCF5208_UART0_BASE
#define BOARD_UART1_BASE MCF5208_UART1_BASE
#define BOARD_INTC0_BASE MCF5208_INTC0_BASE
#define BOARD_PIT0_BASE MCF5208_PIT0_BASE
#define BOARD_SDCS0 MCF5208_SDCS0

/* Internal SRAM at the address RAMBAR gives it on every board of the family
 * (QEMU maps it there, dBUG and U-Boot program RAMBAR so; the kernel does
 * not write RAMBAR: QEMU aborts on that movec). It carries the runner's
 * command line, which the kernel copies before any frame has a purpose;
 * from then on it is RAM, the `sram` pool (doc/pools.md). */
#define BOARD_SRAM_BASE 0x80000000u
#define BOARD_SRAM_SIZE MCF5208_SRAM_SIZE

/* The flash window at 0 (QEMU: 2 MiB of ROM, zeros unless -bios; the
 * M5208EVB: 2 MiB of NOR flash holding dBUG): the simulated device bus
 * offers it at boot as the device in slot 0. */
#define BOARD_ROM_BASE 0x00000000u
#define BOARD_ROM_SIZE 0x200000u

/* UART0 helpers for the port: wait until every byte has left the line; print
 * the baud setting (uart.c). */
void uart_drain(void);
void uart_print(void);
/* Prints the PIT0 setting arch_timer_start chose (pit.c). */
void pit_print(void);

/* The V2 core's cache: SDRAM [base, base + size) cacheable through ACR0,
 * everything else (the peripherals) inhibited by default (core/cache.c). */
void core_cache_init(uint32_t base, uint32_t size);
/* ACR0's value for that window: whole 16 MiB blocks, both modes, cacheable. */
uint32_t core_acr_for(uint32_t base, uint32_t size);

/* Decodes an SDRAM chip-select register (SDCSn): base address in bits 31:20,
 * size 2^(CSSZ+1) bytes from CSSZ in bits 4:0, valid for 1 MiB (0x13) to
 * 4 GiB (0x1f). ERR_INVAL for a disabled or reserved size, reserved bits
 * set, or a base not aligned to the size (the controller compares only the
 * address bits above the size). */
enum err board_sdram_decode(uint32_t sdcs, pa_t *base, uint64_t *size);

/* The command-line block a runner may place at the start of internal SRAM:
 * the 8 bytes "ARROYOCL", then a NUL-terminated string that ends within the
 * block's first BOARD_CMDLINE_BLOCK bytes (so at most 503 characters).
 * ERR_NOTFOUND without the magic, ERR_TRUNC when the NUL is missing. */
#define BOARD_CMDLINE_MAGIC "ARROYOCL"
#define BOARD_CMDLINE_MAGIC_LEN 8
#define BOARD_CMDLINE_BLOCK 512
enum err board_cmdline_find(const char *block, const char **cmdline);

/* With `image=<pa>` on the command line (as parsed from bi->cmdline, or the
 * built-in line without one), records the boot image there as module 0:
 * [pa, pa + its header's length), or the header alone when its magic is
 * wrong. Refuses the boot when that is not inside sdram or overlaps the
 * kernel. */
void board_image(struct boot_info *bi, const struct memmap_entry *sdram);

/* Fills bi's loader, memory map and command line from the board registers;
 * refuses the boot when they make no sense. */
void board_describe(struct boot_info *bi);

#endif
