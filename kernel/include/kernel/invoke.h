/* Invocations (doc/abi.md, "Invocations"): the one system call. The
 * dispatcher (kernel/ipc/invoke.c) decodes the header, finds and checks the
 * capability, then calls the handler of its type (one file per type). A
 * handler returns an enum inv_err for the invoker, whose results the
 * dispatcher then writes, or INV_NO_RESULT (kernel/include/kernel/ipc.h)
 * when the invoker blocked or its results are already written. */
#ifndef KERNEL_INV_H
#define KERNEL_INV_H

#include <kernel/ipc.h>

struct inv {
	struct process *p; /* the invoker */
	struct cap cap; /* the invoked capability (as seen: weakened through a weak CapPage) */
	struct obj_ref obj; /* its object (cap_resolve); obj.h NULL for services */
	unsigned index, op, send_cap, recv_slot;
	uint32_t flags; /* ARG5 */
	uint32_t w[MSG_REG_WORDS]; /* message words in */
	uint32_t out[MSG_REG_WORDS]; /* reply words */
	uint32_t badge; /* reply badge */
};

/* Runs p's system call from its decoded arguments (the entry reads them
 * from the saved registers; the host tests call this directly). */
int inv_run(struct process *p, const uint32_t arg[6]);

/* The flags only an answer takes (inv_dispatch allows them for replies
 * only): the capability sent moved, or a Page made or destroyed. */
#define INV_F_ANSWER (INV_F_MOVE | INV_F_PAGE)
/* An answer through `reply` (REPLY_OP_REPLY, EP_OP_REPLY_RECV's reply) with
 * the invocation's words and send_cap: sent, or with INV_F_PAGE_* the Range
 * that makes or destroys the Page (doc/abi.md). With INV_F_MOVE the sent
 * capability leaves the invoker's register once the answer went. */
enum inv_err reply_answer(struct inv *in, const struct cap *reply);
/* Reads the capability at index for p into *out (CAP_SELF makes one; a
 * slot of a weak attached CapPage reads weakened). INV_ERR_CAP_INDEX,
 * INV_ERR_CAP_STALE (the attached CapPage is gone), INV_ERR_RIGHTS (it
 * lacks CR_READ). Empty slots read as CT_NULL without error. */
enum inv_err inv_get(struct process *p, unsigned index, struct cap *out);
/* The slot at index for writing: a register, CAP_REPLY, or a slot of the
 * attached CapPage (which needs CR_WRITE). `empty`: it must be empty.
 * INV_ERR_SLOT when out of range, not writable or occupied. A register
 * inline (almost every destination is one), inv_dest_far else. */
enum inv_err inv_dest_far(struct process *p, unsigned index, bool empty, struct cap **out);
static inline enum inv_err inv_dest(struct process *p, unsigned index, bool empty, struct cap **out)
{
	struct cap *c;

	if (index >= CAP_REGS)
		return inv_dest_far(p, index, empty, out);
	c = &p->cregs[index];
	*out = NULL;
	if (empty && !cap_is_empty(c))
		return INV_ERR_SLOT;
	*out = c;
	return INV_OK;
}
/* Writes c into the slot at index (inv_dest's rules). A slot of the
 * attached CapPage takes only what cap_may_enter_cappage allows
 * (INV_ERR_RIGHTS otherwise). */
enum inv_err inv_put(struct process *p, unsigned index, bool empty, const struct cap *c);
/* The capability sent with the invocation (send_cap), resolved: INV_OK with
 * *c (CT_NULL for CAP_NONE) and *o. */
enum inv_err inv_send_cap(struct inv *in, struct cap *c, struct obj_ref *o);
/* The message of an invocation: its words, its badge and its capability,
 * which must carry CR_GRANT to travel (Endpoint sends, replies). */
enum inv_err inv_msg(struct inv *in, struct msg *m);
/* Its words and badge alone (an answer whose send_cap is used, not sent). */
void inv_msg_words(const struct inv *in, struct msg *m);

/* The space bank's two Range calls per page (a Page made in a frame it
 * names, one destroyed by its address: kernel/obj/range_quick.c) done from
 * arg when register INV_CAP(arg[0]) (< CAP_REGS) holds a Range: true with
 * p's results written, as the general path would write them; false, having
 * changed nothing, for every other case. inv_run tries it first while
 * range_quick_on (the kernel's `nofastpath` clears it). */
bool range_quick(struct process *p, const uint32_t arg[6]);
extern bool range_quick_on;

/* Per-type handlers. */
int cap_ops_invoke(struct inv *in); /* CAP_OP_*: every type */
int console_invoke(struct inv *in);
int sleep_invoke(struct inv *in);
int meminfo_invoke(struct inv *in);
int range_invoke(struct inv *in);
int device_range_invoke(struct inv *in);
int process_invoke(struct inv *in);
/* Pools (kernel/svc_pool.c): RANGE_OP_POOL and MEMINFO_OP_POOL; a process's
 * current pool (PROC_OP_POOL_SET/GET on t). */
int pool_info_invoke(struct inv *in);
int pool_process_invoke(struct inv *in, struct process *t);
int endpoint_invoke(struct inv *in);
int reply_invoke(struct inv *in);
int cappage_invoke(struct inv *in);
int budget_invoke(struct inv *in);

/* Console output sink (kprintf in the kernel; the host tests capture it). */
void console_put(const char *s, unsigned n);

/* Range: destroys the object o (any object type); returns the objects left
 * in its frame (0: the frame is free banked again). */
unsigned range_destroy_object(const struct obj_ref *o);
/* Range: the held-run operations (kernel/obj/range_chunk.c). */
int range_hold_invoke(struct inv *in);

#endif
