/* The twin-machine fixture of the fastpath suites (test_fastpath*.c, for
 * kernel/ipc/fastpath.c): a client and a server sharing an Endpoint, the
 * fastpath and the general path run on the same registers, and what a user
 * can see of either compared (with what the scheduler keeps of them). */
#ifndef TESTS_UNIT_FASTPATH_FIXTURE_H
#define TESTS_UNIT_FASTPATH_FIXTURE_H

#include <kernel/fastpath.h>
#include <kernel/sched.h>

#include "ustub.h"

#define EP 1 /* both processes hold the endpoint in register 1 */

extern struct process *client, *server;

/* A client and a server at one priority; the server waits in a receive
 * (into register `srv_slot`, with `srv_flags`: INV_F_LONG receives long)
 * with part of its quantum spent, the client runs alone at its level. The machine has a second
 * range (a device range nothing lives in) for fp_hint_elsewhere. */
void fp_setup(unsigned srv_slot, uint32_t srv_flags);
/* The machine alone: no endpoint, no process. */
void fp_machine(void);
/* The machine, the client and the server holding the Endpoint in EP,
 * neither waiting (fp_setup's first steps). */
void fp_pair(void);
/* The range the capability fast check tries first (range_hint) becomes
 * the device range: every object is in another range. */
void fp_hint_elsewhere(void);

void fp_regs(struct process *p, unsigned cap, unsigned op, unsigned send, unsigned slot,
	     uint32_t w0, uint32_t flags);
/* Words 4.. of p's long message: base, base + 1, ... */
void fp_words(struct process *p, uint32_t base);
/* ipc_fastpath on p's registers: the process resumed, or NULL if it
 * declined (returned). */
struct process *fp_fast(struct process *p);
/* The general path on the same registers, then the scheduler's pick. */
struct process *fp_general(struct process *p);

/* What a user can see after the call: both processes' results (words 4..
 * included) and states. */
struct fp_outcome {
	uint32_t client_regs[6], server_regs[6];
	uint32_t client_extra[6], server_extra[6];
	unsigned client_state, server_state;
	unsigned client_quantum, server_quantum;
	struct cap reply, gift;
	uint32_t resumed_pid;
};

void fp_observe(struct fp_outcome *o, struct process *resumed, unsigned gift_slot);
void fp_assert_same(const struct fp_outcome *a, const struct fp_outcome *b);
/* The fastpath declines p's registers: nothing of either process, the
 * endpoint or the scheduler changed. */
void fp_assert_declines(struct process *p);

#endif

/* The ways a capability to a packed object (Endpoint, Process, Reply) or
 * to a Page stops naming one, each of which cap_object (the fastpath's
 * Page check) and cap_resolve refuse: its object's version moved, its frame
 * holds the other kind of pot (a Page's: a pot), its slot is past the
 * frame's capacity (a Page's is 0), its frame number is above 32 bits (no
 * range), its frame is in another range (the device range: no pot there;
 * a Page's device frame at a count it does not hold). */
enum fp_spoil { FP_STALE, FP_OTHER_KIND, FP_BAD_SLOT, FP_PFN_HI, FP_OTHER_RANGE, FP_SPOILS };
/* c (naming an object of the fixture's machine) spoiled that way. */
void fp_spoil(struct cap *c, enum fp_spoil how);
/* A Page capability (CR_ALL) to a frame of the fixture's device range, live
 * as cap_resolve sees it. */
void fp_device_page(struct cap *c);
/* The error the general path gives for p's registers. */
int fp_general_err(struct process *p);
