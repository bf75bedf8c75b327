/* Object frames (doc/objects.md, "Range and the ledger").
 *
 * Every object lives in a frame taken from the banked state: the bank
 * spending its own budget. obj_alloc types the frame's header (page type
 * and object kind), moves it banked -> objects in the ledger, zeroes it and
 * gives it the next OID; obj_free bumps its alloc_count (so every capability
 * to it goes stale) and moves it back. Objects smaller than a frame share
 * one (pots, kernel/include/kernel/pot.h): obj_make fills a pot, obj_release
 * empties a slot and frees the frame with its last object. Range
 * invocations and the boot loader both come here: there is no other way to
 * make an object. */
#ifndef KERNEL_OBJ_H
#define KERNEL_OBJ_H

#include <arroyo/abi.h>
#include <kernel/cap.h>
#include <kernel/pot.h>

#define OBJ_FRAME_ANY (~(pa_t)0)

/* Whether frames of page type pt must be direct-mapped (kernel state). */
bool obj_type_needs_kva(unsigned pt);

/* One banked frame for an object of page type pt: `want` names the frame
 * (the bank chose it) or is OBJ_FRAME_ANY. INV_ERR_NO_FRAMES when banked
 * has no suitable frame, INV_ERR_ARG when `want` is not a free banked frame
 * (or not direct-mapped when pt needs it). */
enum inv_err obj_alloc(unsigned pt, pa_t want, struct page_common **out);
/* The same in the held frame `want`, left as it is, not zeroed: for the
 * space bank, which knows what the frame last held (RANGE_CREATE_UNZEROED).
 * INV_ERR_ARG unless the frame is held. */
enum inv_err obj_alloc_kept(unsigned pt, pa_t want, struct page_common **out);
/* Both of the above in frame h, the header of the frame a caller named
 * (NULL: none): kept, obj_alloc_kept's rules, else obj_alloc's. */
enum inv_err obj_alloc_named(struct page_common *h, unsigned pt, bool kept);
/* obj_alloc_named of a Page (the space bank's every page) in two steps, so
 * that a caller makes its other checks before the first change: whether
 * it would succeed, and the Page made (after a true obj_page_ok). */
bool obj_page_ok(const struct page_common *h, bool kept);
void obj_take_page(struct page_common *h, bool kept);
/* n contiguous banked frames in one range (ColdFire programs and stacks). */
enum inv_err obj_alloc_run(unsigned pt, uint64_t n, pa_t want, pa_t *base);
void obj_free(struct page_common *h);
/* obj_free of a frame the caller knows holds a Page. */
void obj_free_page(struct page_common *h);

/* The object kind (enum obj_kind) frames of page type pt hold; OT_COUNT
 * for a type that is no object. */
unsigned obj_kind_of_type(unsigned pt);

/* One object of page type pt. Whole-frame kinds: as obj_alloc. Packed kinds:
 * `want` names a free banked frame (made an empty pot) or a pot of this
 * kind (its lowest free slot is taken); OBJ_FRAME_ANY fills the kernel's own
 * open pot of the kind first. INV_ERR_BUSY when the named pot is full,
 * INV_ERR_ARG when `want` is neither. The object is zeroed but its version. */
enum inv_err obj_make(unsigned pt, pa_t want, struct obj_ref *out);
/* Frees object r: its slot, and its frame with the pot's last object (or at
 * once for a whole-frame object). Returns the objects left in the frame. */
unsigned obj_release(const struct obj_ref *r);
/* The live object at address `addr` (its frame's pa | its slot), or
 * INV_ERR_ARG (no object frame, a slot past the capacity or a free slot). */
enum inv_err obj_at(pa_t addr, struct obj_ref *out);
/* The address Range uses for r: frame pa | slot (slots < 4096/32 fit). */
pa_t obj_addr(const struct obj_ref *r);
/* r's current version: its pot slot's, or its frame's alloc_count. */
uint32_t obj_version(const struct obj_ref *r);
/* Fills r for the whole-frame object in h (slot 0). */
void obj_ref_frame(struct page_common *h, struct obj_ref *r);

/* The kernel address of an object frame (its type needs one). */
void *obj_kva(const struct page_common *h);

/* OIDs for objects made from now on (the loader continues after the image's). */
void obj_set_next_oid(oid_t oid);

/* Forgets the allocation cursor (host tests build new machines). */
void obj_reset(void);

#endif
