/* Frame memory for the object code (kernel/include/kernel/objmem.h): the
 * direct map where it reaches, the transient window elsewhere. */
#include <kernel/arch.h>
#include <kernel/objmem.h>

bool objmem_direct(pa_t pa)
{
	return pa + PAGE_SIZE <= ARCH_DIRECT_MAP_END;
}

void *objmem_kva(pa_t pa)
{
	return arch_kva(pa);
}

static uint8_t *objmem_map(pa_t pa)
{
	return objmem_direct(pa) ? arch_kva(pa) : arch_tmap(TMAP_SLOT_OBJMEM, pa);
}

void objmem_zero(pa_t pa)
{
	uint32_t *p = (uint32_t *)objmem_map(pa);

	/* Eight words a round: every Page the bank hands out is zeroed here,
	 * and the loop's own compare and branch were half its instructions. */
	for (uint32_t *end = p + PAGE_SIZE / 4; p < end; p += 8) {
		p[0] = 0;
		p[1] = 0;
		p[2] = 0;
		p[3] = 0;
		p[4] = 0;
		p[5] = 0;
		p[6] = 0;
		p[7] = 0;
	}
}

void objmem_write(pa_t pa, uint32_t off, const void *src, uint32_t n)
{
	uint8_t *p = objmem_map(pa) + off;
	const uint8_t *s = src;

	for (uint32_t i = 0; i < n; i++)
		p[i] = s[i];
}
