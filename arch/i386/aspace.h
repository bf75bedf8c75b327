/* i386-private: what the address-space tests look at (aspace.c). */
#ifndef I386_ASPACE_H
#define I386_ASPACE_H

#include <arch/user.h>

/* The page-table entry for user address va in as, or 0 when no table
 * reaches it. */
uint64_t aspace_pte(const struct arch_aspace *as, uint32_t va);

/* Whether as is the space the CPU runs in now (CR3). */
bool aspace_live(const struct arch_aspace *as);

/* Tests set this to reach every table through the transient window, as
 * tables above the direct map are, even when their frames are low. */
extern bool aspace_tmap_always;

#endif
