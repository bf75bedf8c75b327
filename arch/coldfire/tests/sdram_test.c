/* The SDCS decoder, and the live memory map against the register it came from. */
#include <kernel/ktest.h>

#include "../board.h"
#include "../mmio.h"

#define MIB (1024ull * 1024)

static const char *sdram_expect(uint32_t sdcs, pa_t base, uint64_t size)
{
	pa_t b = 1;
	uint64_t s = 1;
	enum err e = board_sdram_decode(sdcs, &b, &s);

	if (e != ERR_OK)
		KT_FAIL("SDCS 0x%08x: %s", sdcs, err_name(e));
	KT_EQ(b, base);
	KT_EQ(s, size);
	return KTEST_OK;
}

#define SDRAM_EXPECT(sdcs, base, size)                             \
	do {                                                       \
		const char *why_ = sdram_expect(sdcs, base, size); \
		if (why_)                                          \
			return why_;                               \
	} while (0)

KTEST(coldfire_sdram_decode_sizes)
{
	/* What QEMU reports for -m 128M, 64M and 16M. */
	SDRAM_EXPECT(0x4000001a, 0x40000000, 128 * MIB);
	SDRAM_EXPECT(0x40000019, 0x40000000, 64 * MIB);
	SDRAM_EXPECT(0x40000017, 0x40000000, 16 * MIB);
	SDRAM_EXPECT(0x40100013, 0x40100000, 1 * MIB);
	SDRAM_EXPECT(0x0000001f, 0, 4096 * MIB);
	SDRAM_EXPECT(0x8000001e, 0x80000000, 2048 * MIB);
	return KTEST_OK;
}

KTEST(coldfire_sdram_decode_invalid)
{
	static const uint32_t bad[] = {
		0x40000000, /* CSSZ 0: chip select disabled */
		0x40000012, /* below 1 MiB: reserved */
		0x4010001a, /* 128 MiB bank not aligned to 128 MiB */
		0x4000001f, /* 4 GiB bank must start at 0 */
		0x4000011a, /* reserved bit 8 set */
		0x4008001a, /* reserved bit 19 set */
	};
	pa_t base = 7;
	uint64_t size = 7;

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++)
		if (board_sdram_decode(bad[i], &base, &size) != ERR_INVAL)
			KT_FAIL("SDCS 0x%08x was accepted", bad[i]);
	KT_EQ(base, 7);
	KT_EQ(size, 7);
	return KTEST_OK;
}

KTEST(coldfire_memmap_matches_sdcs0)
{
	const struct boot_info *bi = kernel_boot_info();
	pa_t base;
	uint64_t size;

	KT_EQ(board_sdram_decode(mmio_read32(BOARD_SDCS0), &base, &size), ERR_OK);
	KT_EQ(bi->mem_count, 2);
	KT_EQ(bi->mem[0].type, MEM_RAM);
	KT_EQ(bi->mem[0].base, base);
	KT_EQ(bi->mem[0].len, size);
	KT_EQ(bi->mem[1].type, MEM_RAM); /* the SRAM: RAM once the command line is copied */
	KT_EQ(bi->mem[1].base, BOARD_SRAM_BASE);
	KT_EQ(bi->mem[1].len, BOARD_SRAM_SIZE);
	KT_ASSERT(bi->image_start >= base && bi->image_end <= base + size);
	KT_STREQ(bi->loader, BOARD_NAME);
	return KTEST_OK;
}
