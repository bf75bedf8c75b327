/* The V2 core's unified cache (MCF5208: 8 KiB, write-through) and its access
 * control registers (doc/boards.md, "Cache"). After reset the cache is off;
 * the monitor may have left it on with its own ACRs. This sets it the way
 * the kernel needs: SDRAM cacheable through ACR0, everything else - the
 * peripherals at 0xfc000000 above all - not cacheable by default, ACR1
 * unused, and CACR[EUSP] kept (start.S set it; user mode needs it). One
 * unified cache means code the loader writes is fetched as written: no
 * flush is needed between writing a program and running it. */
#include <lib/types.h>

#include "board.h"
#include "user_mode.h"

#define CACR_CENB 0x80000000u /* cache enable */
#define CACR_CINV 0x01000000u /* invalidate every line (self-clearing) */
#define CACR_CEIB 0x00000400u /* burst instruction fetches from non-cacheable space */
#define CACR_DCM 0x00000200u /* default (outside the ACRs): not cacheable */

#define ACR_BASE_MASK 0xff000000u /* address bits 31:24 to match */
#define ACR_MASK_SHIFT 16 /* bits 23:16: which of those to ignore */
#define ACR_E 0x00008000u /* enable */
#define ACR_SM_BOTH 0x00006000u /* match in user and supervisor mode */
/* CM (bit 6) clear: cacheable; BUFW, WP clear. */

static void cache_movec_cacr(uint32_t v)
{
	__asm__ volatile("movec %0, %%cacr" ::"d"(v) : "memory");
}

static void cache_movec_acr0(uint32_t v)
{
	__asm__ volatile("movec %0, %%acr0" ::"d"(v) : "memory");
}

static void cache_movec_acr1(uint32_t v)
{
	__asm__ volatile("movec %0, %%acr1" ::"d"(v) : "memory");
}

uint32_t core_acr_for(uint32_t base, uint32_t size)
{
	/* Whole 16 MiB blocks: ignore the address bits the size spans. */
	uint32_t ignore = size > (1u << 24) ? ((size - 1) >> 24) : 0;

	return (base & ACR_BASE_MASK) | (ignore << ACR_MASK_SHIFT) | ACR_E | ACR_SM_BOTH;
}

void core_cache_init(uint32_t base, uint32_t size)
{
	/* Off and invalidated first, then the windows, then on. */
	cache_movec_cacr(USER_CACR_EUSP | CACR_CINV);
	cache_movec_acr0(core_acr_for(base, size));
	cache_movec_acr1(0);
	cache_movec_cacr(CACR_CENB | CACR_CINV | CACR_CEIB | CACR_DCM | USER_CACR_EUSP);
}
