/* Invocations of Process capabilities, CAP_SELF included (doc/abi.md). */
#include <kernel/invoke.h>
#include <kernel/obj.h>
#include <kernel/sched.h>
#include <kernel/upcall.h>

static int process_map(struct inv *in, struct process *t)
{
	struct obj_ref o;
	struct cap c;
	enum inv_err e = inv_send_cap(in, &c, &o);
	bool writable, exec;
	pa_t pa;

	if (e != INV_OK)
		return e;
	if (c.type != CT_PAGE)
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&c, CR_READ))
		return INV_ERR_RIGHTS;
	if (in->w[1] & ~(uint32_t)(CR_WRITE | CR_EXEC))
		return INV_ERR_ARG;
	writable = cap_has(&c, CR_WRITE) && !(in->w[1] & CR_WRITE);
	exec = cap_has(&c, CR_EXEC) && !(in->w[1] & CR_EXEC);
	pa = pagehdr_pa(o.h);
	if (pagehdr_type(o.h) == PT_DEVICE) {
		/* Device pages can be rescinded: the process must have slots to
		 * hear of it before it maps one. */
		void *g;

		e = grant_get(t, GS_RESCIND, sizeof(struct upcall_grant), &g);
		if (e != INV_OK)
			return e;
	}
	e = proc_map(t, in->w[0], pa, writable, exec, false);
	in->out[0] = proc_user_addr(in->w[0], pa);
	return e;
}

static int process_start(struct inv *in, struct process *t)
{
	if (t->state != PS_NEW)
		return INV_ERR_BUSY;
	if (in->w[3] >= SCHED_PRIORITIES || in->w[0] >= ARCH_USER_END || in->w[1] > ARCH_USER_END)
		return INV_ERR_ARG;
	arch_user_regs_init(&t->regs, in->w[0], in->w[1], in->w[2]);
	t->prio = (uint8_t)in->w[3];
	sched_ready(t);
	return INV_OK;
}

/* Operations that attach a capability (or detach with CAP_NONE). */
static int process_attach(struct inv *in, struct process *t)
{
	struct obj_ref o;
	struct cap c;
	enum inv_err e = inv_send_cap(in, &c, &o);

	if (e != INV_OK)
		return e;
	switch (in->op) {
	case PROC_OP_CAPPAGE:
		if (!cap_is_empty(&c) && c.type != CT_CAPPAGE)
			return INV_ERR_CAP_TYPE;
		/* Attaching to another process hands it the CapPage. */
		if (!cap_is_empty(&c) && t != in->p && !cap_has(&c, CR_GRANT))
			return INV_ERR_RIGHTS;
		t->ext = c;
		return INV_OK;
	case PROC_OP_FAULT:
		if (cap_is_empty(&c)) {
			cap_clear(&t->fault);
			return INV_OK;
		}
		if (c.type != CT_ENDPOINT)
			return INV_ERR_CAP_TYPE;
		/* The kernel sends on it for t: it must be able to send, and
		 * handing it to another process is a grant (doc/security.md). */
		if (!cap_has(&c, CR_WRITE) || (c.rights & CR_WEAK))
			return INV_ERR_RIGHTS;
		if (t != in->p && !cap_has(&c, CR_GRANT))
			return INV_ERR_RIGHTS;
		t->fault = c;
		return INV_OK;
	default: /* PROC_OP_SET_CAP */
		if (cap_is_empty(&c))
			return INV_ERR_CAP_EMPTY;
		if (!cap_has(&c, CR_GRANT) && t != in->p)
			return INV_ERR_RIGHTS;
		if (in->w[0] >= CAP_REGS)
			return INV_ERR_SLOT;
		if (!cap_is_empty(&t->cregs[in->w[0]]))
			return INV_ERR_SLOT;
		t->cregs[in->w[0]] = c;
		return INV_OK;
	}
}

/* PROC_OP_TABLE: the space bank gives a process the tables a mapping at va
 * needs, one a call; with CAP_NONE it only asks how many. */
static int process_table(struct inv *in, struct process *t)
{
	struct obj_ref o;
	struct cap c;
	enum inv_err e = inv_send_cap(in, &c, &o);

	if (e != INV_OK)
		return e;
	if (in->w[0] >= ARCH_USER_END)
		return INV_ERR_ADDR;
	if (!cap_is_empty(&c)) {
		if (c.type != CT_PAGETABLE)
			return INV_ERR_CAP_TYPE;
		if (!cap_has(&c, CR_WRITE) || (c.rights & CR_WEAK))
			return INV_ERR_RIGHTS;
		e = proc_add_table(t, in->w[0], o.h);
		if (e != INV_OK)
			return e;
	}
	in->out[0] = arch_aspace_tables_needed(&t->as, ALIGN_DOWN(in->w[0], PAGE_SIZE));
	msg_put_u64(in->out + 1, proc_addr(t));
	return INV_OK;
}

/* PROC_OP_GRANT_MEM .. PROC_OP_NOTIFY (doc/grants.md). */
static int process_grant_op(struct inv *in, struct process *t)
{
	struct obj_ref o;
	struct cap c;
	enum inv_err e;
	void *g;

	switch (in->op) {
	case PROC_OP_GRANT_MEM:
		e = inv_send_cap(in, &c, &o);
		if (e != INV_OK)
			return e;
		if (c.type != CT_GRANT_FRAME)
			return INV_ERR_CAP_TYPE;
		if (!cap_has(&c, CR_WRITE) || (c.rights & CR_WEAK))
			return INV_ERR_RIGHTS;
		/* Giving memory to another process is a grant, as a capability is. */
		if (t != in->p && !cap_has(&c, CR_GRANT))
			return INV_ERR_RIGHTS;
		e = grant_attach(t, o.h, false);
		in->out[0] = grant_bytes_free(t);
		return e;
	case PROC_OP_GRANT_INFO:
		if (in->w[0] >= GRANT_SERVICES)
			return INV_ERR_ARG;
		in->out[0] = grant_size_of(t, in->w[0]);
		in->out[1] = grant_bytes_used(t);
		in->out[2] = grant_bytes_free(t);
		in->out[3] = t->grants.nframes;
		return INV_OK;
	case PROC_OP_UPCALL_WAIT:
		if (t != in->p)
			return INV_ERR_ARG; /* only a process takes its own upcalls */
		return upcall_wait(t, (in->flags & INV_F_NONBLOCK) != 0, in->out);
	default: /* PROC_OP_NOTIFY */
		e = grant_get(t, GS_NOTIFY, sizeof(struct upcall_grant), &g);
		if (e != INV_OK)
			return e;
		upcall_post(t, GS_NOTIFY, in->w[0], in->p->pid);
		return INV_OK;
	}
}

int process_invoke(struct inv *in)
{
	struct process *t = in->obj.kva;
	bool self = t == in->p;

	if (in->op == SELF_OP_PID) {
		in->out[0] = t->pid;
		return INV_OK;
	}
	if (in->op == PROC_OP_POOL_GET || in->op == PROC_OP_POOL_SET || in->op == PROC_OP_POOL_AT)
		return pool_process_invoke(in, t);
	if (in->op == SELF_OP_YIELD) {
		sched_rotate(in->p);
		return INV_OK;
	}
	if (in->op > PROC_OP_NOTIFY || (in->op > PROC_OP_TABLE && in->op < PROC_OP_GRANT_MEM))
		return INV_ERR_CAP_TYPE;
	if (!cap_has(&in->cap, CR_WRITE) || (in->cap.rights & CR_WEAK))
		return INV_ERR_RIGHTS;
	if (t->state == PS_EXITED && in->op != SELF_OP_EXIT)
		return INV_ERR_BUSY;
	if (in->op >= PROC_OP_GRANT_MEM)
		return process_grant_op(in, t);
	switch (in->op) {
	case SELF_OP_EXIT:
		if (t->state == PS_EXITED)
			return INV_ERR_BUSY;
		proc_exit(t, (int32_t)in->w[0]);
		return self ? INV_NO_RESULT : INV_OK;
	case PROC_OP_MAP:
		return process_map(in, t);
	case PROC_OP_UNMAP:
		return proc_unmap(t, in->w[0]);
	case PROC_OP_START:
		return process_start(in, t);
	case PROC_OP_TABLE:
		return process_table(in, t);
	default:
		return process_attach(in, t);
	}
}
