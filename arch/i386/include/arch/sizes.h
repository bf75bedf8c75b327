/* The sizes this port's compiler gives the core's packed structures, which
 * the core pins with _Static_assert: i386 aligns 64-bit fields to 4 bytes inside structs. */
#ifndef ARCH_SIZES_H
#define ARCH_SIZES_H

#define ARCH_SIZEOF_RTREE_NODE 40

#endif
