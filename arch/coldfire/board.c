/* The boot description of an MCF5208 board: there is no boot loader to ask,
 * so the memory map comes from the SDRAM controller, the command line from
 * internal SRAM (or the built-in one), the boot image from `image=` and the
 * reserve's sizing from the board (board/<name>/). */
#include "board.h"
#include "mmio.h"

static struct memmap_entry board_memory(struct boot_info *bi)
{
	uint32_t sdcs = mmio_read32(BOARD_SDCS0);
	struct memmap_entry sdram, sram = { BOARD_SRAM_BASE, BOARD_SRAM_SIZE, MEM_RAM, 1 };

	if (board_sdram_decode(sdcs, &sdram.base, &sdram.len) != ERR_OK)
		boot_refuse("SDCS0 = 0x%08x does not describe an enabled SDRAM chip select", sdcs);
	sdram.type = MEM_RAM;
	sdram.source = 0;
	if (sdram.base < sram.base + sram.len && sram.base < sdram.base + sdram.len)
		boot_refuse("SDRAM 0x%llx+0x%llx (SDCS0 = 0x%08x) overlaps internal SRAM",
			    (unsigned long long)sdram.base, (unsigned long long)sdram.len, sdcs);
	if (bi->image_start < sdram.base || bi->image_end > sdram.base + sdram.len)
		boot_refuse("the kernel image 0x%llx-0x%llx lies outside SDRAM 0x%llx+0x%llx",
			    (unsigned long long)bi->image_start, (unsigned long long)bi->image_end,
			    (unsigned long long)sdram.base, (unsigned long long)sdram.len);

	/* The cache covers SDRAM and nothing else (core/cache.c). */
	core_cache_init((uint32_t)sdram.base,
			(uint32_t)(sdram.len > UINT32_MAX ? UINT32_MAX : sdram.len));
	/* The map is sorted by base, as the multiboot parser's is. */
	bi->mem[sdram.base < sram.base ? 0 : 1] = sdram;
	bi->mem[sdram.base < sram.base ? 1 : 0] = sram;
	bi->mem_count = 2;
	return sdram;
}

void board_describe(struct boot_info *bi)
{
	const char *cmdline = NULL;
	struct memmap_entry sdram;
	enum err e;

	bi->loader = BOARD_NAME;
	bi->mod_count = 0;
	bi->reserve_boot_span = board_this.reserve_boot_span;
	bi->reserve_headroom_span = board_this.reserve_headroom_span;
	sdram = board_memory(bi);

	e = board_cmdline_find((const char *)BOARD_SRAM_BASE, &cmdline);
	if (e == ERR_TRUNC)
		boot_refuse("the command line in SRAM at 0x%08x has no NUL within %u bytes",
			    BOARD_SRAM_BASE, BOARD_CMDLINE_BLOCK);
	bi->cmdline = e == ERR_OK ? cmdline : NULL;
	board_image(bi, &sdram);
}
