/* The sizes this port's compiler gives the core's packed structures, which
 * the core pins with _Static_assert: ColdFire aligns 64-bit fields (and int and pointers) to 2
 * bytes. */
#ifndef ARCH_SIZES_H
#define ARCH_SIZES_H

#define ARCH_SIZEOF_RTREE_NODE 38

#endif
