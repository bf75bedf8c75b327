/* The sizes this port's compiler gives the core's packed structures, which
 * the core pins with _Static_assert: an LP64 host aligns 64-bit fields and pointers to 8 bytes. */
#ifndef ARCH_SIZES_H
#define ARCH_SIZES_H

#define ARCH_SIZEOF_RTREE_NODE 56

#endif
