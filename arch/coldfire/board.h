/* The MCF5208 as QEMU's mcf5208evb board presents it: fixed addresses and
 * the board description the boot code builds from them (FACTS.md section 4). */
#ifndef COLDFIRE_BOARD_H
#define COLDFIRE_BOARD_H

#include <kernel/boot.h>
#include <lib/err.h>

#define BOARD_NAME "qemu mcf5208evb"

#define BOARD_UART0_BASE 0xfc060000u
#define BOARD_UART1_BASE 0xfc064000u
#define BOARD_INTC0_BASE 0xfc048000u
#define BOARD_PIT0_BASE 0xfc080000u
#define BOARD_SDCS0 0xfc0a8110u

/* Internal SRAM. QEMU maps it here without RAMBAR being programmed (a movec
 * to RAMBAR would abort QEMU). It carries the runner's command line. */
#define BOARD_SRAM_BASE 0x80000000u
#define BOARD_SRAM_SIZE 0x4000u

/* The flash window at 0 (QEMU: 2 MiB of ROM, zeros unless -bios): the
 * simulated device bus offers it at boot as the device in slot 0. */
#define BOARD_ROM_BASE 0x00000000u
#define BOARD_ROM_SIZE 0x200000u

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
