/* The OID space (doc/abi.md, "Boot image").
 *
 * An OID names an object for its whole life, independently of the frame that
 * holds it. OIDs are 48 bits because that is what a RAM page header stores.
 *
 *   0                               OID_NONE: no object
 *   1 .. OID_DEVICE_BASE - 1        RAM objects, allocated densely from 1;
 *                                   the boot image's records take the first
 *                                   ones (record i has OID 1 + i)
 *   OID_DEVICE_BASE + pfn           device frames, pfn < 2^40
 *
 * Device OIDs are derived, never stored: the top 2^40 OIDs cover every frame
 * of a 52-bit physical address space (PAE and every 64-bit CPU), so
 * OID_DEVICE_BASE + pfn equals OID_DEVICE_BASE | pfn.
 *
 * kernel/include/kernel/pagehdr.h defines the same four macros with the same
 * tokens (a benign redefinition); this header is their home. */
#ifndef OBSTORE_OID_H
#define OBSTORE_OID_H

#include <lib/types.h>

#define OID_BITS 48
#define OID_MAX ((1ull << OID_BITS) - 1)
#define OID_DEVICE_BASE (OID_MAX + 1 - (1ull << 40))
#define OID_NONE 0

#define OID_RAM_FIRST 1ull
#define OID_DEVICE_PFN_LIMIT (1ull << 40)

static inline bool oid_is_ram(oid_t oid)
{
	return oid >= OID_RAM_FIRST && oid < OID_DEVICE_BASE;
}

static inline bool oid_is_device(oid_t oid)
{
	return oid >= OID_DEVICE_BASE && oid <= OID_MAX;
}

/* OID_NONE when pfn lies beyond the device OID window. */
static inline oid_t oid_of_device_pfn(pfn_t pfn)
{
	return pfn < OID_DEVICE_PFN_LIMIT ? OID_DEVICE_BASE | pfn : OID_NONE;
}

/* Only meaningful when oid_is_device(oid). */
static inline pfn_t oid_device_pfn(oid_t oid)
{
	return oid & (OID_DEVICE_PFN_LIMIT - 1);
}

#endif
