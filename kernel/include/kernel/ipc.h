/* Endpoints and message passing (doc/objects.md, "IPC").
 *
 * An endpoint is an object packed in a pot: two FIFO queues, processes
 * waiting to send (with their message) and processes waiting to receive.
 * A message meets its partner at once if one waits, else the invoker
 * queues (or gets INV_ERR_WOULD_BLOCK with INV_F_NONBLOCK). Words are
 * copied (words 4.. of a long message at delivery, straight from where the
 * sender keeps them to where the receiver takes them: never held here), the
 * badge comes from the sender's endpoint capability, and one capability may
 * travel (the sender's needs CR_GRANT). A call leaves the
 * receiver a one-shot Reply capability (CAP_REPLY) and the caller waiting
 * for it; a fault is a call the kernel makes for the faulting process. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <kernel/proc.h>

struct endpoint {
	struct pot_head head; /* the object's version: first, as in every pot */
	uint8_t stamp_pool; /* EP_OP_STAMP_POOL: 1 stamps senders' pools (ipc_badge) */
	struct proc_queue send; /* PS_SEND processes, oldest first */
	struct proc_queue recv; /* PS_RECV processes, oldest first */
};

_Static_assert(sizeof(struct endpoint) <= (1u << POT_ENDPOINT_SHIFT), "an endpoint fits its slot");
_Static_assert(offsetof(struct endpoint, head) == 0, "the version first");

/* What an IPC step did beyond the inv_err codes: the invoker's results are
 * already in its registers, or it is blocked and gets them later. */
#define INV_NO_RESULT 0x100

/* Whether p's invocation asked for long messages (INV_F_LONG): read from
 * its flags register, which keeps the invocation's flags until its results
 * are written, so also while p waits. Never for a fault (doc/abi.md). */
static inline __attribute__((always_inline)) bool ipc_wants_long(struct process *p)
{
	return (*arch_syscall_reg(&p->regs, ARCH_SYSCALL_NARGS - 1) & INV_F_LONG) != 0;
}

/* The badge a message s sends on ep with a capability's `badge` arrives
 * with: with stamping on (EP_OP_STAMP_POOL), s's current pool stamped in
 * (BADGE_STAMP_MASK). A capability's badge never has BADGE_KERNEL
 * (EP_OP_MINT refuses it). */
static inline __attribute__((always_inline)) uint32_t
ipc_stamp(const struct endpoint *ep, const struct process *s, uint32_t badge)
{
	if (!ep->stamp_pool)
		return badge;
	return (badge & ~BADGE_STAMP_MASK) | BADGE_STAMPED | (uint32_t)s->pool << BADGE_POOL_SHIFT;
}

/* As ipc_stamp for any message: the kernel's own (BADGE_KERNEL: a fault)
 * keeps its badge. */
static inline uint32_t ipc_badge(const struct endpoint *ep, const struct process *s, uint32_t badge)
{
	return badge & BADGE_KERNEL ? badge : ipc_stamp(ep, s, badge);
}

enum inv_err endpoint_create(pa_t want, struct obj_ref *out);
/* Wakes every process queued on ep with INV_ERR_CAP_STALE. */
void endpoint_drain(struct endpoint *ep);

/* s sends m on ep; `call` waits for a reply (a received capability goes to
 * s's register recv_slot); `fault` marks a kernel-made fault message. */
int ipc_send(struct process *s, struct endpoint *ep, const struct msg *m, bool call, bool fault,
	     unsigned recv_slot, bool nonblock);
/* r receives on ep; a capability goes to register recv_slot (or nowhere
 * with CAP_NONE); `weak`: the capability used was weak. A long receive's
 * place must have passed ipc_long_check. */
int ipc_recv(struct process *r, struct endpoint *ep, unsigned recv_slot, bool weak, bool nonblock);
/* Whether p's own place for long words can take a message (always, for a
 * short invocation): INV_OK or INV_ERR_ADDR. */
enum inv_err ipc_long_check(struct process *p);
/* p stopped, exited or is being destroyed: every process waiting in
 * PS_REPLY on a call p received wakes with INV_ERR_CAP_STALE (a faulter
 * retries its instruction instead), since no Reply p held can be used. */
void ipc_server_gone(const struct process *p);
/* r replies through its Reply capability `reply` with m; page: the
 * answer's INV_F_PAGE_* flags, one checked combination (reply_answer), the
 * Page made or destroyed at m's w1/w2 once every check passed. */
int ipc_reply(struct process *r, const struct cap *reply, const struct msg *m, uint32_t page);

#endif
