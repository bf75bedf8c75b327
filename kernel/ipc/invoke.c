/* The invocation dispatcher (kernel/include/kernel/invoke.h). */
#include <kernel/invoke.h>
#include <kernel/obj.h>

static struct cap *inv_ext_slot(struct process *p, unsigned index, enum inv_err *e, bool *weak,
				bool *writable)
{
	struct obj_ref o;
	struct cap *page;

	*e = cap_resolve(&p->ext, &o);
	if (*e == INV_ERR_CAP_EMPTY)
		*e = INV_ERR_CAP_INDEX; /* nothing attached: no such index */
	if (*e != INV_OK)
		return NULL;
	page = o.kva;
	*weak = (p->ext.rights & CR_WEAK) != 0;
	*writable = cap_has(&p->ext, CR_WRITE);
	return &page[index - CAP_EXT_FIRST];
}

enum inv_err inv_get(struct process *p, unsigned index, struct cap *out)
{
	enum inv_err e = INV_OK;
	bool weak = false, writable;
	struct cap *c;

	if (index < CAP_REGS) {
		*out = p->cregs[index];
		return INV_OK;
	}
	if (index == CAP_SELF) {
		proc_cap_self(p, out);
		return INV_OK;
	}
	if (index == CAP_REPLY) {
		*out = p->reply;
		return INV_OK;
	}
	if (index >= CAP_REPLY)
		return INV_ERR_CAP_INDEX;
	c = inv_ext_slot(p, index, &e, &weak, &writable);
	if (!c)
		return e;
	/* Reading a slot is CAPPAGE_OP_LOAD by another name: it needs read. */
	if (!cap_has(&p->ext, CR_READ))
		return INV_ERR_RIGHTS;
	*out = *c;
	if (weak && !cap_is_empty(out))
		cap_weaken(out);
	return INV_OK;
}

enum inv_err inv_dest_far(struct process *p, unsigned index, bool empty, struct cap **out)
{
	enum inv_err e;
	bool weak, writable;
	struct cap *c;

	*out = NULL;
	if (index < CAP_REGS)
		c = &p->cregs[index];
	else if (index == CAP_REPLY)
		c = &p->reply;
	else if (index >= CAP_REPLY)
		return INV_ERR_SLOT;
	else if (!(c = inv_ext_slot(p, index, &e, &weak, &writable)) || !writable)
		return INV_ERR_SLOT;
	if (empty && !cap_is_empty(c))
		return INV_ERR_SLOT;
	*out = c;
	return INV_OK;
}

enum inv_err inv_put(struct process *p, unsigned index, bool empty, const struct cap *c)
{
	struct cap *dst;
	enum inv_err e = inv_dest(p, index, empty, &dst);

	if (e != INV_OK)
		return e;
	if (index >= CAP_EXT_FIRST && index < CAP_REPLY && !cap_may_enter_cappage(c))
		return INV_ERR_RIGHTS;
	*dst = *c;
	return INV_OK;
}

enum inv_err inv_send_cap(struct inv *in, struct cap *c, struct obj_ref *o)
{
	enum inv_err e;

	o->h = NULL;
	o->kva = NULL;
	o->slot = 0;
	if (in->send_cap == CAP_NONE) {
		cap_clear(c);
		return INV_OK;
	}
	e = inv_get(in->p, in->send_cap, c);
	if (e != INV_OK)
		return e;
	return cap_resolve(c, o);
}

typedef int (*inv_handler_fn)(struct inv *in);

static const inv_handler_fn inv_handlers[CT_COUNT] = {
	[CT_CONSOLE] = console_invoke,		 [CT_SLEEP] = sleep_invoke,
	[CT_MEMINFO] = meminfo_invoke,		 [CT_RANGE] = range_invoke,
	[CT_DEVICE_RANGE] = device_range_invoke, [CT_PROCESS] = process_invoke,
	[CT_ENDPOINT] = endpoint_invoke,	 [CT_REPLY] = reply_invoke,
	[CT_CAPPAGE] = cappage_invoke,		 [CT_BUDGET] = budget_invoke,
};

static bool inv_may_answer(const struct inv *in)
{
	return ((in->cap.type == CT_REPLY && in->op == REPLY_OP_REPLY) ||
		(in->cap.type == CT_ENDPOINT && in->op == EP_OP_REPLY_RECV)) &&
	       (in->send_cap == CAP_NONE || in->send_cap < CAP_REGS);
}

static int inv_dispatch(struct inv *in, unsigned index)
{
	inv_handler_fn fn;
	enum inv_err e;

	if (index == CAP_SELF) {
		/* The invoker, live while it runs: its capability and object
		 * come from it directly, with nothing to check. */
		proc_cap_self(in->p, &in->cap);
		proc_ref(in->p, &in->obj);
	} else {
		if (index < CAP_REGS) {
			in->cap = in->p->cregs[index]; /* inv_get's first case, inline */
		} else {
			e = inv_get(in->p, index, &in->cap);
			if (e != INV_OK)
				return e;
		}
		if (cap_is_empty(&in->cap))
			return INV_ERR_CAP_EMPTY;
		if (in->op == CAP_OP_DELETE)
			return cap_ops_invoke(in); /* a stale capability can still be deleted */
		/* A service names no object: nothing to resolve (in->obj is
		 * already empty, inv_run's doing). */
		if (cap_type_has_object(in->cap.type)) {
			e = cap_resolve(&in->cap, &in->obj);
			if (e != INV_OK)
				return e;
		}
	}
	if (in->op >= CAP_OP_IDENTIFY)
		return cap_ops_invoke(in); /* CAP_SELF's delete included: refused there */
	/* Console's ARG5 is a length; everywhere else only the known flags.
	 * A move or a Page made or destroyed is a reply's, and only with a
	 * register's capability. */
	if ((in->flags & ~(uint32_t)(INV_F_NONBLOCK | INV_F_LONG)) && in->cap.type != CT_CONSOLE &&
	    (in->flags &
	     ~(uint32_t)(INV_F_NONBLOCK | INV_F_LONG | (inv_may_answer(in) ? INV_F_ANSWER : 0))))
		return INV_ERR_ARG;
	fn = in->cap.type < CT_COUNT ? inv_handlers[in->cap.type] : NULL;
	return fn ? fn(in) : INV_ERR_CAP_TYPE;
}

/* inv_run's general path: out of line, so that range_quick's callers pay
 * nothing for its frame. */
static __attribute__((noinline)) int inv_general(struct process *p, const uint32_t arg[6])
{
	struct inv in;
	int r;

	/* Field by field, not `= { 0 }`: the zeroing loop over the whole
	 * struct was a tenth of a null invocation. in.cap is written by
	 * inv_get or proc_cap_self before anything reads it; the results
	 * start empty. Everything is read from arg before anything is
	 * written to p's registers: arg may be those (user_entry.c). */
	in.obj.h = NULL;
	in.obj.kva = NULL;
	in.obj.slot = 0;
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		in.out[i] = 0;
	in.badge = 0;
	in.p = p;
	in.index = INV_CAP(arg[0]);
	in.op = INV_OP(arg[0]);
	in.send_cap = INV_SEND_CAP(arg[0]);
	in.recv_slot = INV_RECV_SLOT(arg[0]);
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		in.w[i] = arg[1 + i];
	in.flags = arg[5];
	r = inv_dispatch(&in, in.index);
	if (r != INV_NO_RESULT)
		proc_set_result(p, (unsigned)r, in.out, in.badge);
	return r;
}

int inv_run(struct process *p, const uint32_t arg[6])
{
	unsigned index = INV_CAP(arg[0]);

	if (range_quick_on && index < CAP_REGS && p->cregs[index].type == CT_RANGE &&
	    range_quick(p, arg))
		return INV_OK;
	return inv_general(p, arg);
}

void inv_msg_words(const struct inv *in, struct msg *m)
{
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		m->w[i] = in->w[i];
	m->badge = in->cap.badge;
}

enum inv_err inv_msg(struct inv *in, struct msg *m)
{
	struct obj_ref o;
	enum inv_err e = inv_send_cap(in, &m->cap, &o);

	inv_msg_words(in, m);
	if (e != INV_OK)
		return e;
	if (!cap_is_empty(&m->cap) && !cap_has(&m->cap, CR_GRANT))
		return INV_ERR_RIGHTS;
	return INV_OK;
}
