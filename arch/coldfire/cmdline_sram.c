/* The command-line block in internal SRAM (board.h). A runner writes it with
 * QEMU's generic loader, so one kernel ELF serves every test configuration:
 *   -device loader,file=<block>,addr=0x80000000,force-raw=on */
#include "board.h"

_Static_assert(sizeof(BOARD_CMDLINE_MAGIC) - 1 == BOARD_CMDLINE_MAGIC_LEN, "magic length");

enum err board_cmdline_find(const char *block, const char **cmdline)
{
	const char *magic = BOARD_CMDLINE_MAGIC;

	for (unsigned i = 0; i < BOARD_CMDLINE_MAGIC_LEN; i++)
		if (block[i] != magic[i])
			return ERR_NOTFOUND;
	for (unsigned i = BOARD_CMDLINE_MAGIC_LEN; i < BOARD_CMDLINE_BLOCK; i++) {
		if (block[i] == '\0') {
			*cmdline = block + BOARD_CMDLINE_MAGIC_LEN;
			return ERR_OK;
		}
	}
	return ERR_TRUNC;
}
