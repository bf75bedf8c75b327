/* The SRAM command-line block: found, absent, and unterminated. */
#include <kernel/cmdline.h>
#include <kernel/ktest.h>

#include "../board.h"

static char cl_block[BOARD_CMDLINE_BLOCK + 16];

static void cl_fill(const char *magic, char fill, unsigned len)
{
	unsigned i = 0;

	for (; magic[i]; i++)
		cl_block[i] = magic[i];
	for (unsigned j = 0; j < len; j++)
		cl_block[i + j] = fill;
	cl_block[i + len] = '\0';
}

KTEST(coldfire_cmdline_block)
{
	const char *out = NULL;

	cl_fill("ARROYOCLktest", 0, 0);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_OK);
	KT_STREQ(out, "ktest");
	KT_ASSERT(out == cl_block + BOARD_CMDLINE_MAGIC_LEN);

	cl_fill("ARROYOCL", 0, 0);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_OK);
	KT_STREQ(out, "");

	cl_fill("ARROYOCx", 'a', 4);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_NOTFOUND);
	cl_fill("", 0, 0);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_NOTFOUND);
	return KTEST_OK;
}

KTEST(coldfire_cmdline_block_limits)
{
	unsigned longest = BOARD_CMDLINE_BLOCK - BOARD_CMDLINE_MAGIC_LEN - 1;
	const char *out = NULL;

	cl_fill("ARROYOCL", 'x', longest);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_OK);
	KT_EQ(out[longest - 1], 'x');
	KT_EQ(out[longest], '\0');

	/* One more character pushes the NUL out of the block. */
	cl_fill("ARROYOCL", 'x', longest + 1);
	KT_EQ(board_cmdline_find(cl_block, &out), ERR_TRUNC);
	return KTEST_OK;
}

/* When the runner placed a command line, the kernel must be using it. */
KTEST(coldfire_cmdline_live)
{
	const struct boot_info *bi = kernel_boot_info();
	const char *sram = NULL;

	if (board_cmdline_find((const char *)BOARD_SRAM_BASE, &sram) != ERR_OK || !*sram) {
		KT_ASSERT(bi->cmdline == NULL || !*bi->cmdline);
		return KTEST_OK;
	}
	KT_ASSERT(bi->cmdline == sram);
	KT_ASSERT(cmdline_has(kernel_cmdline_get(), "ktest"));
	return KTEST_OK;
}
