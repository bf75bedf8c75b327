/* The multiboot memory-map parser on hand-built loader buffers, in the
 * kernel build (the host unit tests cover it more exhaustively). */
#include <kernel/ktest.h>
#include <kernel/mbmap.h>

static uint8_t mb_buf[128];
static struct memmap_entry mb_out[8];

static unsigned mb_put(unsigned off, uint32_t size, uint64_t base, uint64_t len, uint32_t type)
{
	const uint32_t words[6] = { size,	   (uint32_t)base,	  (uint32_t)(base >> 32),
				    (uint32_t)len, (uint32_t)(len >> 32), type };

	for (unsigned w = 0; w < 6; w++)
		for (unsigned b = 0; b < 4; b++)
			mb_buf[off + w * 4 + b] = (uint8_t)(words[w] >> (8 * b));
	return off + size + 4;
}

KTEST(mmap_parse_sorts_and_keeps_high_ram)
{
	struct mbmap_error why;
	unsigned n, off = 0;

	off = mb_put(off, 20, 0x100000000ull, 0x40000000ull, MEM_RAM);
	off = mb_put(off, 20, 0x0, 0x9fc00, MEM_RAM);
	off = mb_put(off, 20, 0x100000, 0x7ee0000, MEM_RAM);
	KT_EQ(mbmap_parse(mb_buf, off, mb_out, 8, &n, &why), ERR_OK);
	KT_EQ(n, 3);
	KT_EQ(mb_out[0].base, 0);
	KT_EQ(mb_out[2].base, 0x100000000ull);
	KT_EQ(mb_out[2].source, 0);
	return KTEST_OK;
}

KTEST(mmap_parse_refuses_overlap_and_truncation)
{
	struct mbmap_error why;
	unsigned n, off = 0;

	off = mb_put(off, 20, 0x0, 0x200000, MEM_RAM);
	off = mb_put(off, 20, 0x100000, 0x100000, MEM_RESERVED);
	KT_EQ(mbmap_parse(mb_buf, off, mb_out, 8, &n, &why), ERR_OVERLAP);
	KT_EQ(why.index, 1);
	KT_EQ(why.other, 0);
	KT_EQ(mbmap_parse(mb_buf, off - 3, mb_out, 8, &n, &why), ERR_TRUNC);
	KT_EQ(mbmap_parse(mb_buf, 0, mb_out, 8, &n, &why), ERR_NOTFOUND);
	return KTEST_OK;
}
