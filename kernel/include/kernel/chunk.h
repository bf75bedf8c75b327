/* Frames the space bank holds (doc/spacebank.md, "Chunks"). The bank takes
 * banked frames from the kernel in coarse, naturally aligned runs and hands
 * them out page by page itself; a held frame stays banked in the ledger
 * (page type PT_HELD), the kernel's own searches pass it by, and only a
 * Range call naming it makes an object there. */
#ifndef KERNEL_HOLD_H
#define KERNEL_HOLD_H

#include <kernel/pagehdr.h>

/* Holds a naturally aligned run of n free banked frames (n a power of two),
 * kernel-addressable when `kva`. ERR_INVAL for a bad n, ERR_NOMEM when no
 * such run is free. */
enum err chunk_take(uint64_t n, bool kva, pa_t *base);
/* The same, searching only at or above physical address from. */
enum err chunk_take_from(uint64_t n, bool kva, pa_t from, pa_t *base);
/* The same, every frame of the run in pool `pool` (POOL_NONE: any frame). */
enum err chunk_take_in(uint64_t n, bool kva, pa_t from, unsigned pool, pa_t *base);
/* Gives back n held frames from base: ERR_INVAL unless every one is held. */
enum err chunk_give(pa_t base, uint64_t n);

#endif
