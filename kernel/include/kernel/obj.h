/* Object frames (doc/objects.md, "Range and the ledger").
 *
 * Every object lives in one frame taken from the banked state: the bank
 * spending its own budget. obj_alloc types the frame's header, moves it
 * banked -> objects in the ledger, zeroes it and gives it the next OID;
 * obj_free bumps its alloc_count (so every capability to it goes stale)
 * and moves it back. Range invocations and the boot loader both come here:
 * there is no other way to make an object. */
#ifndef KERNEL_OBJ_H
#define KERNEL_OBJ_H

#include <arroyo/abi.h>
#include <kernel/pagehdr.h>

#define OBJ_FRAME_ANY (~(pa_t)0)

/* Whether frames of page type pt must be direct-mapped (kernel state). */
bool obj_type_needs_kva(unsigned pt);

/* One banked frame for an object of page type pt: `want` names the frame
 * (the bank chose it) or is OBJ_FRAME_ANY. INV_ERR_NO_FRAMES when banked
 * has no suitable frame, INV_ERR_ARG when `want` is not a free banked frame
 * (or not direct-mapped when pt needs it). */
enum inv_err obj_alloc(unsigned pt, pa_t want, struct page_common **out);
/* n contiguous banked frames in one range (ColdFire programs and stacks). */
enum inv_err obj_alloc_run(unsigned pt, uint64_t n, pa_t want, pa_t *base);
void obj_free(struct page_common *h);

/* The kernel address of an object frame (its type needs one). */
void *obj_kva(const struct page_common *h);

/* OIDs for objects made from now on (the loader continues after the image's). */
void obj_set_next_oid(oid_t oid);

/* Forgets the allocation cursor (host tests build new machines). */
void obj_reset(void);

#endif
