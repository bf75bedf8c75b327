/* Upcalls (doc/grants.md, "Upcalls"): notifications a kernel service sends
 * a process without the process waiting for them.
 *
 * Each service that sends upcalls keeps its own queue of UPCALL_SLOTS slots
 * in its grant, right after the grant's header, so one service filling its
 * slots never takes another's. The same upcall may sit in several slots.
 * An upcall that finds its service's slots full is counted, and the count
 * travels with that service's next delivered upcall. */
#ifndef KERNEL_UPCALL_H
#define KERNEL_UPCALL_H

#include <kernel/grant.h>

struct upcall_slot {
	uint32_t tag;
	uint32_t data;
};

struct upcall_queue {
	uint8_t head; /* the oldest pending slot */
	uint8_t count; /* pending slots */
	uint16_t spare;
	uint32_t dropped; /* upcalls lost to full slots since the last delivery */
	struct upcall_slot slot[UPCALL_SLOTS];
};

/* The start of the grant of every service that sends upcalls. */
struct upcall_grant {
	struct grant_hdr hdr;
	struct upcall_queue q;
};

/* Queue logic (no process involved; unit-tested on the host). */
/* Queues (tag, data); false when the slots are full and it was counted as dropped. */
bool upcall_queue_post(struct upcall_queue *q, uint32_t tag, uint32_t data);
/* Takes the oldest pending upcall and the drops counted since the last
 * delivery (which it clears). false when none is pending. */
bool upcall_queue_take(struct upcall_queue *q, struct upcall_slot *out, uint32_t *dropped);

/* Whether service s sends upcalls (has a queue in its grant). */
bool upcall_service_has_queue(unsigned s);

/* Posts an upcall of service s to p, whose grant for s exists; delivers it
 * at once if p waits in PROC_OP_UPCALL_WAIT. */
void upcall_post(struct process *p, unsigned s, uint32_t tag, uint32_t data);
/* Whether an upcall of s posted to p now would only be counted as dropped:
 * s's slots are full and p does not wait to take one. */
bool upcall_would_drop(const struct process *p, unsigned s);
/* n such upcalls, counted at once (saturating, as one at a time would). */
void upcall_drop(struct process *p, unsigned s, uint64_t n);
/* PROC_OP_UPCALL_WAIT for p: INV_OK with the upcall in out[], or blocks
 * (INV_NO_RESULT), or INV_ERR_WOULD_BLOCK with `nonblock`. */
int upcall_wait(struct process *p, bool nonblock, uint32_t out[MSG_REG_WORDS]);

#endif
