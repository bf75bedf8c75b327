/* The host port's memory: the unit tests lend a block of host memory as the
 * machine's RAM (host_ram_lend); it is the whole "direct map". */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <lib/types.h>

/* The end of the lent RAM, 0 while none is lent. */
extern pa_t host_direct_map_end;
#define ARCH_DIRECT_MAP_END host_direct_map_end

/* The host address of pa inside the lent RAM; the test stops on any other pa. */
void *host_kva(pa_t pa);
static inline void *arch_kva(pa_t pa)
{
	return host_kva(pa);
}

#define ARCH_TMAP_SLOTS 5

#endif
