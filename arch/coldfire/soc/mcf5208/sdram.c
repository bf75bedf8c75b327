/* SDRAM chip-select decoding (MCF5208 reference manual, SDRAM controller). */
#include "board.h"

#define SDCS_BASE_MASK 0xfff00000u
#define SDCS_RESERVED_MASK 0x000fffe0u
#define SDCS_CSSZ_MASK 0x1fu
#define SDCS_CSSZ_MIN 0x13u /* 1 MiB; smaller codes mean "disabled" */

enum err board_sdram_decode(uint32_t sdcs, pa_t *base, uint64_t *size)
{
	uint32_t cssz = sdcs & SDCS_CSSZ_MASK;
	uint64_t len;
	pa_t start = sdcs & SDCS_BASE_MASK;

	if (cssz < SDCS_CSSZ_MIN || (sdcs & SDCS_RESERVED_MASK))
		return ERR_INVAL;
	len = (uint64_t)1 << (cssz + 1);
	if (start & (len - 1))
		return ERR_INVAL;
	*base = start;
	*size = len;
	return ERR_OK;
}
