/* Pots: frames that hold several kernel objects of one kind (doc/objects.md,
 * "Objects sized to what they hold"; DESIGN §2 item 4).
 *
 * A pot is one frame cut into equal slots of a power-of-two size. Every slot
 * begins with its object's 32-bit version: odd while an object lives there,
 * even while the slot is free. Allocating a slot and freeing it each add one,
 * so a capability minted at an odd version matches that object alone: after
 * a free, a reuse, or any number of both, the slot's version has moved on.
 * Frame-mates never touch each other's versions.
 *
 * When the last object of a pot is freed the frame leaves the pot kind and
 * its page header's alloc_count is raised above every version the pot ever
 * gave out (pot_version_ceiling), so a later pot in the same frame starts
 * above all of them and no old capability can match a new object.
 *
 * This file knows only the slot layout: it works on a frame's kernel address
 * and never touches page headers, so the host unit tests run it on buffers. */
#ifndef KERNEL_POT_H
#define KERNEL_POT_H

#include <lib/types.h>

/* The object table: the kinds of objects the kernel keeps in frames. A RAM
 * page header of an object frame stores its kind's index in ot_index. */
enum obj_kind {
	OT_PAGE, /* a Page: one frame of user data */
	OT_CAPPAGE, /* a CapPage: one frame of capabilities */
	OT_TABLE, /* an address-space table of a process, made by the kernel */
	OT_TABLE_HELD, /* one the space bank paid: back to it (held) when freed */
	OT_PROCESS, /* struct process, POT_PROCESS_SHIFT bytes a slot */
	OT_ENDPOINT, /* struct endpoint, POT_ENDPOINT_SHIFT bytes a slot */
	OT_GRANT, /* a GrantFrame: one frame of grant memory (kernel/include/kernel/grant.h) */
	OT_COUNT
};

/* Slot sizes: each struct is asserted to fit its slot (proc.h, ipc.h). The
 * targets are 32-bit; the host unit tests' 64-bit pointers need twice the
 * room, and the same code runs with the larger slots there. */
#if UINTPTR_MAX > 0xffffffffu
#define POT_PROCESS_SHIFT 10
#define POT_ENDPOINT_SHIFT 6
#else
#define POT_PROCESS_SHIFT 9 /* 512 bytes: 8 a frame */
#define POT_ENDPOINT_SHIFT 5 /* 32 bytes: 128 a frame */
#endif
#define POT_MAX_SLOTS (PAGE_SIZE >> POT_ENDPOINT_SHIFT)

/* What every pot object starts with. */
struct pot_head {
	uint32_t version; /* odd: live; even: free */
};

/* log2 of the slot size of kind ot; PAGE_SHIFT for whole-frame kinds. */
unsigned pot_shift(unsigned ot);
/* Slots a frame of kind ot holds: 1 for whole-frame kinds. */
unsigned pot_capacity(unsigned ot);
/* Whether kind ot packs several objects a frame. */
bool pot_packed(unsigned ot);

/* Makes frame (a whole frame, any contents) an empty pot of kind ot whose
 * free slots start at version `floor` rounded up to even. */
void pot_init(void *frame, unsigned ot, uint32_t floor);
/* Takes the lowest free slot: its version becomes odd and the rest of the
 * slot zero. Returns the slot, or -1 when the pot is full. */
int pot_alloc(void *frame, unsigned ot);
/* Frees a live slot (its version becomes even). Returns the objects left. */
unsigned pot_free(void *frame, unsigned ot, unsigned slot);
/* The kernel address of slot `slot`. */
void *pot_slot(void *frame, unsigned ot, unsigned slot);
/* Live objects in the pot. */
unsigned pot_live(const void *frame, unsigned ot);
/* Whether slot < capacity holds a live object whose version is `version`. */
bool pot_match(const void *frame, unsigned ot, unsigned slot, uint32_t version);
/* One more than the highest version any slot has reached, rounded up to
 * even: the least alloc_count that outdates every capability into the pot. */
uint32_t pot_version_ceiling(const void *frame, unsigned ot);

#endif
