/* The IPC fastpath (kernel/include/kernel/fastpath.h): Call and ReplyRecv,
 * decided from the registers, with a direct switch to the partner. Every
 * check comes before the first change, so a case it declines reaches the
 * general path untouched; each step mirrors what ipc.c does for the same
 * case (doc/abi.md, "Fastpath"). A partner of p's priority or another is
 * decided by one test (sched_can_take); the cases that neither the null
 * invocation nor the short Call and ReplyRecv need (a long Call or
 * ReplyRecv, a ReplyRecv carrying a capability) are out of line. */
#include <kernel/budget_chan.h>
#include <kernel/fastpath.h>
#include <kernel/ipc.h>
#include <kernel/kprintf.h>
#include <kernel/range_page.h>
#include <kernel/sched.h>

bool ipc_fastpath_on = true;
/* Cases taken, for ipc_fastpath_report: the ReplyRecvs counted apart as
 * those making or destroying a Page and the others. */
static uint32_t fast_calls, fast_reply_recvs, fast_reply_pages, fast_pids;
/* Of those: switches across priorities, ReplyRecvs carrying a capability. */
static uint32_t fast_across, fast_reply_caps;

/* A Page an answer makes or destroys (INV_F_PAGE_*), its frame checked. */
struct fast_page {
	uint32_t flags;
	struct range_page pg;
};

/* What a receive returns: INV_OK, the sender's four register words (ARG1..ARG4 of
 * from's registers), the badge. */
static inline __attribute__((always_inline)) void fast_results(struct process *to,
							       struct process *from, uint32_t badge)
{
	_Static_assert(MSG_REG_WORDS == ARCH_SYSCALL_NARGS - 2, "ARG1..ARG4 carry the words");
	*arch_syscall_reg(&to->regs, 0) = INV_OK;
	for (unsigned i = 1; i <= MSG_REG_WORDS; i++)
		*arch_syscall_reg(&to->regs, i) = *arch_syscall_reg(&from->regs, i);
	*arch_syscall_reg(&to->regs, ARCH_SYSCALL_NARGS - 1) = badge;
}

/* Whether c names a live object, as cap_resolve answers: in one step for
 * the packed kinds, and for a Page (a whole-frame object: slot 0, its
 * frame a RAM or a device frame at the capability's alloc count) from its
 * header when its range cache slot holds it (pagehdr_of_pfn_cached). Any
 * other kind, or a Page the cache misses, through cap_resolve itself. */
static inline __attribute__((always_inline)) bool fast_live(const struct cap *c)
{
	const struct page_common *h;
	struct obj_ref o;

	if (c->type == CT_ENDPOINT)
		return cap_object(c, PT_OBJ_ENDPOINT) != NULL;
	if (c->type == CT_PROCESS)
		return cap_object(c, PT_OBJ_PROCESS) != NULL;
	if (c->type == CT_PAGE && (h = pagehdr_of_pfn_cached(c->pfn_hi, c->pfn)))
		return (pagehdr_type(h) == PT_OBJ_PAGE || pagehdr_type(h) == PT_DEVICE) &&
		       !c->slot && pagehdr_alloc_count(h) == c->version;
	return cap_resolve(c, &o) == INV_OK;
}

/* Words 4.. of a long message (ipc_long_words, ipc_long_give), the last
 * check before a long case commits: from's are read (its place checked
 * writable: a Call's reply and a ReplyRecv's next message land there) and
 * written to `to` if it receives long. A short message leaves them alone,
 * so the short cases never come here. false leaves everything to the
 * general path, which answers the bad place; a receiver's place written here
 * gets the same words there. */
static inline __attribute__((always_inline)) bool fast_long(struct process *from,
							    struct process *to)
{
	uint32_t w[MSG_LONG_WORDS];

	if (!arch_msg_read(&from->as, &from->regs, w, true))
		return false;
	return !ipc_wants_long(to) || arch_msg_write(&to->as, &to->regs, w);
}

/* to takes from's place: in from's run queue at one priority, else across
 * (counted). */
static inline __attribute__((always_inline)) void fast_take(struct process *from,
							    struct process *to, bool across)
{
	if (across) {
		fast_across++;
		sched_switch(from, to);
	} else {
		sched_hand_over(from, to);
	}
}

/* A capability travels only with CR_GRANT, and only a live one (an empty
 * or stale one is the general path's error to report). */
static inline __attribute__((always_inline)) bool fast_gift_ok(const struct cap *gift)
{
	return !gift || (cap_has(gift, CR_GRANT) && fast_live(gift));
}

/* The rest of a Call that passed every check (ipc_send, ipc_deliver): r
 * leaves ep's receive queue and runs in p's place, across priorities with
 * `across`. gift: the capability sent (a register of p) or NULL. */
static inline __attribute__((always_inline)) void
fast_call_take(struct process *p, const struct cap *c, unsigned slot, const struct cap *gift,
	       struct endpoint *ep, struct process *r, bool across)
{
	/* r leaves the head of the receive queue */
	ep->recv.head = r->next;
	if (r->next)
		r->next->prev = NULL;
	else
		ep->recv.tail = NULL;
	fast_take(p, r, across);
	fast_calls++;
	p->is_fault = 0;
	p->recv_slot = (uint8_t)slot;
	p->call_seq++;
	p->server = r->pid;
	p->state = PS_REPLY;
	fast_results(r, p, ipc_stamp(ep, p, c->badge));
	/* The capability goes where ipc_give_cap puts it: into r's receive
	 * register if that is still empty (weakened for a weak receive), else
	 * nowhere; the sender keeps its own. */
	if (gift && r->recv_slot < CAP_REGS && cap_is_empty(&r->cregs[r->recv_slot])) {
		r->cregs[r->recv_slot] = *gift;
		if (r->recv_weak)
			cap_weaken(&r->cregs[r->recv_slot]);
	}
	/* The Reply capability names p's slot at its current version (what
	 * cap_mint makes of proc_ref; pot frames sit below 2^44, pfn_hi 0). */
	r->reply.type = CT_REPLY;
	r->reply.rights = 0;
	r->reply.pfn = p->self_pfn;
	r->reply.pfn_hi = 0;
	r->reply.slot = (uint8_t)(((uintptr_t)p & (PAGE_SIZE - 1)) >> POT_PROCESS_SHIFT);
	r->reply.version = p->head.version;
	r->reply.badge = p->call_seq;
	arch_user_resume(&r->as, &r->regs);
}

/* EP_OP_CALL to an endpoint with a receiver waiting (ipc_send, ipc_deliver);
 * long: the call has INV_F_LONG. One test (sched_can_take) decides between
 * a receiver at p's priority and one across. */
static inline __attribute__((always_inline)) void fast_call(struct process *p, const struct cap *c,
							    unsigned slot, const struct cap *gift,
							    bool long_msg)
{
	struct endpoint *ep;
	struct process *r;
	bool across;

	if (!cap_has(c, CR_WRITE) || !(ep = cap_object(c, PT_OBJ_ENDPOINT)) ||
	    !(r = ep->recv.head) || !sched_can_take(p, r))
		return;
	/* decided here, before the gift's checks: the compiler keeps less
	 * live across them (ColdFire's Call with a capability: 4 fewer) */
	across = r->prio != p->prio;
	if (!fast_gift_ok(gift) || (long_msg && !fast_long(p, r)))
		return;
	fast_call_take(p, c, slot, gift, ep, r, across);
}

/* The caller's register an answer's capability goes to: its receive
 * register if that is still empty, else none. */
static inline __attribute__((always_inline)) struct cap *fast_recv_reg(struct process *caller)
{
	unsigned r = caller->recv_slot;

	return r < CAP_REGS && cap_is_empty(&caller->cregs[r]) ? &caller->cregs[r] : NULL;
}

/* The rest of a ReplyRecv that passed every check (ipc_reply, ipc_recv):
 * the caller runs in p's place, across priorities with `across`, and p
 * waits on ep; gift, move and page as for fast_reply_recv. */
static inline __attribute__((always_inline)) void
fast_reply_take(struct process *p, const struct cap *c, unsigned slot, struct cap *gift, bool move,
		const struct fast_page *page, struct endpoint *ep, struct process *caller,
		bool across)
{
	fast_take(p, caller, across);
	if (!page) /* one count each, page being constant where this is inlined */
		fast_reply_recvs++;
	cap_clear(&p->reply);
	fast_results(caller, p, 0);
	p->recv_slot = (uint8_t)slot;
	p->recv_weak = (c->rights & CR_WEAK) != 0;
	/* As ipc_give_cap for a reply: into the caller's receive register if
	 * still empty, never weakened, else nowhere; moved, it leaves p's
	 * register either way. Last, as c may be that register. A Page made
	 * goes the same way; one destroyed leaves the caller's register as
	 * it is. */
	if (gift) {
		struct cap *dst = fast_recv_reg(caller);

		fast_reply_caps++;
		if (dst)
			*dst = *gift;
		if (move)
			cap_clear(gift);
	}
	if (page) {
		fast_reply_pages++;
		if (page->flags == INV_F_PAGE_DESTROY)
			range_page_destroy_inline(&page->pg, true);
		else
			range_page_make_inline(&page->pg, page->flags & INV_F_PAGE_UNZEROED,
					       fast_recv_reg(caller));
	}
	p->state = PS_RECV;
	proc_queue_push(&ep->recv, p);
	arch_user_resume(&caller->as, &caller->regs);
}

/* EP_OP_REPLY_RECV on c answering p's caller, no sender queued (ipc_reply,
 * ipc_recv); the budget channel's events come first on the general path.
 * gift: the capability the reply carries (a register of p, checked as a
 * Call's gift is) or NULL, moved out of p's register with `move`
 * (reply_answer). page: the Page the answer makes or destroys (no gift
 * then), its frame already checked by range_page's first step, or NULL.
 * One test decides between a caller at p's priority and one across
 * (sched_can_take); long: INV_F_LONG. */
static inline __attribute__((always_inline)) void
fast_reply_recv(struct process *p, const struct cap *c, unsigned slot, struct cap *gift, bool move,
		const struct fast_page *page, bool long_msg)
{
	struct endpoint *ep;
	struct process *caller;

	if (!cap_has(c, CR_READ) || p->reply.type != CT_REPLY ||
	    !(ep = cap_object(c, PT_OBJ_ENDPOINT)) || ep->send.head || budget_chan_waits_on(ep) ||
	    !(caller = cap_object(&p->reply, PT_OBJ_PROCESS)) || caller->state != PS_REPLY ||
	    caller->call_seq != p->reply.badge || caller->is_fault || !sched_can_take(p, caller) ||
	    !fast_gift_ok(gift) || (long_msg && !fast_long(p, caller)))
		return;
	fast_reply_take(p, c, slot, gift, move, page, ep, caller, caller->prio != p->prio);
}

/* A CAP_SELF read with no capability to send or receive and no flag
 * (process_invoke): SELF_OP_PID (the null invocation) or PROC_OP_POOL_GET,
 * w0 its one word. INV_OK and w0, the other words and the badge 0, as
 * proc_set_result leaves them; the process goes on running, as the general
 * path's scheduler pick would have it (it heads the highest ready level;
 * interrupts wait until it runs). */
static inline __attribute__((always_inline)) void fast_self(struct process *p, uint32_t w0)
{
	fast_pids++;
	*arch_syscall_reg(&p->regs, 0) = INV_OK;
	*arch_syscall_reg(&p->regs, 1) = w0;
	for (unsigned i = 2; i < ARCH_SYSCALL_NARGS; i++)
		*arch_syscall_reg(&p->regs, i) = 0;
	arch_user_resume(&p->as, &p->regs);
}

/* The header's checks common to every IPC case: INV_CAP names a register
 * holding an Endpoint (*c), recv_slot is none or an empty register (the
 * general path refuses a full one). */
static inline __attribute__((always_inline)) bool fast_header(struct process *p, uint32_t h,
							      const struct cap **c)
{
	unsigned slot = INV_RECV_SLOT(h);

	if (INV_CAP(h) >= CAP_REGS)
		return false;
	*c = &p->cregs[INV_CAP(h)];
	return (*c)->type == CT_ENDPOINT &&
	       (slot == CAP_NONE || (slot < CAP_REGS && cap_is_empty(&p->cregs[slot])));
}

/* The long Call and ReplyRecv (INV_F_LONG; a ReplyRecv without a
 * capability), decided as ipc_fastpath decides the short cases: out of
 * line, so that those pay nothing for them. */
static __attribute__((noinline)) void ipc_fastpath_long(struct process *p, uint32_t h)
{
	unsigned send = INV_SEND_CAP(h);
	const struct cap *c;

	if (!fast_header(p, h, &c))
		return;
	if (INV_OP(h) == EP_OP_CALL) {
		if (send == CAP_NONE)
			fast_call(p, c, INV_RECV_SLOT(h), NULL, true);
		else if (send < CAP_REGS)
			fast_call(p, c, INV_RECV_SLOT(h), &p->cregs[send], true);
	} else if (INV_OP(h) == EP_OP_REPLY_RECV && send == CAP_NONE) {
		fast_reply_recv(p, c, INV_RECV_SLOT(h), NULL, false, NULL, true);
	}
}

/* A ReplyRecv carrying a register's capability to its caller, moved with
 * `move` (flags INV_F_MOVE): out of line like the long cases, the header
 * read again from the registers, so that the short cases keep nothing live
 * for it; at any priority. */
static __attribute__((noinline)) void ipc_fastpath_reply_cap(struct process *p, bool move)
{
	uint32_t h = *arch_syscall_reg(&p->regs, 0);
	unsigned send = INV_SEND_CAP(h);
	const struct cap *c;

	if (INV_OP(h) == EP_OP_REPLY_RECV && send < CAP_REGS && fast_header(p, h, &c))
		fast_reply_recv(p, c, INV_RECV_SLOT(h), &p->cregs[send], move, NULL, false);
}

/* A ReplyRecv whose answer makes or destroys a Page through the Range in
 * register send, at the frame in w1/w2 (flags INV_F_PAGE_MAKE, with
 * INV_F_PAGE_UNZEROED or not, or INV_F_PAGE_DESTROY), decided as
 * reply_answer and ipc_reply decide it, the Range call's checks
 * (range_page's first step) first. Any other flags are declined here, out
 * of the short cases' way; out of line like the long cases. */
static __attribute__((noinline)) void ipc_fastpath_reply_page(struct process *p, uint32_t flags)
{
	uint32_t h = *arch_syscall_reg(&p->regs, 0);
	uint32_t lo = *arch_syscall_reg(&p->regs, 2), hi = *arch_syscall_reg(&p->regs, 3);
	unsigned send = INV_SEND_CAP(h);
	struct fast_page page = { .flags = flags };
	const struct cap *c;

	if (!range_page_flags_ok(flags) || INV_OP(h) != EP_OP_REPLY_RECV || send >= CAP_REGS ||
	    !range_page_may(&p->cregs[send]) || !fast_header(p, h, &c))
		return;
	if (range_page_ready_inline(flags, lo, hi, &page.pg))
		fast_reply_recv(p, c, INV_RECV_SLOT(h), NULL, false, &page, false);
}

void ipc_fastpath(void)
{
	struct process *p = sched_current();
	uint32_t h = *arch_syscall_reg(&p->regs, 0);
	uint32_t flags = *arch_syscall_reg(&p->regs, ARCH_SYSCALL_NARGS - 1);
	unsigned op = INV_OP(h), slot = INV_RECV_SLOT(h), send = INV_SEND_CAP(h);
	const struct cap *c;

	/* No flags but INV_F_LONG (ipc_fastpath_long), INV_F_MOVE
	 * (ipc_fastpath_reply_cap) and an answer's Page
	 * (ipc_fastpath_reply_page); for IPC a register naming an Endpoint,
	 * none or an empty register to receive a capability in (the general
	 * path refuses a full one), and a capability to send with a Call or a
	 * ReplyRecv: anything else is the general path's. The short Call and
	 * ReplyRecv between equals are inline, the Call with and without a
	 * capability in two copies so that neither pays for the other. */
	if (flags) {
		if (flags == INV_F_LONG)
			ipc_fastpath_long(p, h);
		else if (flags == INV_F_MOVE)
			ipc_fastpath_reply_cap(p, true);
		else
			ipc_fastpath_reply_page(p, flags);
		return;
	}
	if (INV_CAP(h) >= CAP_REGS) {
		/* expected: the null invocation first, in a straight line */
		if (__builtin_expect(h == INV_HEADER(CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE), 1))
			fast_self(p, p->pid);
		else if (h == INV_HEADER(CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE))
			fast_self(p, p->pool);
		return;
	}
	c = &p->cregs[INV_CAP(h)];
	if (c->type != CT_ENDPOINT ||
	    (slot != CAP_NONE && (slot >= CAP_REGS || !cap_is_empty(&p->cregs[slot]))))
		return;
	if (__builtin_expect(send == CAP_NONE, 1)) {
		if (op == EP_OP_REPLY_RECV)
			fast_reply_recv(p, c, slot, NULL, false, NULL, false);
		else if (op == EP_OP_CALL)
			fast_call(p, c, slot, NULL, false);
	} else if (send < CAP_REGS) {
		if (op == EP_OP_CALL)
			fast_call(p, c, slot, &p->cregs[send], false);
		else if (op == EP_OP_REPLY_RECV)
			ipc_fastpath_reply_cap(p, false);
	}
}

void ipc_fastpath_report(void)
{
	kprintf("ipc: fastpath %s call=%u replyrecv=%u pid=%u across=%u replycap=%u replypage=%u\n",
		ipc_fastpath_on ? "on" : "off", (unsigned)fast_calls,
		(unsigned)(fast_reply_recvs + fast_reply_pages), (unsigned)fast_pids,
		(unsigned)fast_across, (unsigned)fast_reply_caps, (unsigned)fast_reply_pages);
}
