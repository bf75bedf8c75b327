/* Basic types shared by the kernel, user programs, tools and the host build. */
#ifndef LIB_TYPES_H
#define LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Physical addresses are 64-bit on every arch: i386 runs PAE and QEMU puts
 * hot-plugged DIMMs and 64-bit BARs at or above 4 GiB. */
typedef uint64_t pa_t;
/* Object identifiers (see doc/memory.md for the OID space). */
typedef uint64_t oid_t;
/* Frame numbers: pa >> PAGE_SHIFT. */
typedef uint64_t pfn_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

/* A count narrowed to 32 bits for a message word or an event, held at
 * 0xffffffff when larger (2^32 frames is 16 TiB). */
static inline uint32_t sat_u32(uint64_t v)
{
	return v > 0xffffffffu ? 0xffffffffu : (uint32_t)v;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))

#endif
