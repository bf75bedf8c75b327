/* Processes (kernel/include/kernel/proc.h). */
#include <kernel/budget_chan.h>
#include <kernel/ipc.h>
#include <kernel/kprintf.h>
#include <kernel/obj.h>
#include <kernel/proc.h>
#include <kernel/sched.h>
#include <kernel/upcall.h>

static struct process *proc_all;
static uint32_t proc_next_pid = PROC_PID_INIT;

static const char *const proc_state_names[] = {
	[PS_NEW] = "new",	  [PS_RUNNABLE] = "runnable", [PS_SEND] = "send",
	[PS_RECV] = "recv",	  [PS_REPLY] = "reply",	      [PS_SLEEP] = "sleep",
	[PS_STOPPED] = "stopped", [PS_EXITED] = "exited",     [PS_UPCALL] = "upcall",
};

const char *proc_state_name(unsigned state)
{
	return state < ARRAY_SIZE(proc_state_names) ? proc_state_names[state] : "?";
}

void proc_queue_remove(struct process *p)
{
	struct proc_queue *q = p->queue;

	if (!q)
		return;
	if (p->prev)
		p->prev->next = p->next;
	else
		q->head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		q->tail = p->prev;
	p->next = p->prev = NULL;
	p->queue = NULL;
}

struct process *proc_queue_pop(struct proc_queue *q)
{
	struct process *p = q->head;

	if (p)
		proc_queue_remove(p);
	return p;
}

void proc_reset(void)
{
	proc_all = NULL;
	proc_next_pid = PROC_PID_INIT;
	map_filter_reset();
}

void proc_restart_pids(void)
{
	if (!proc_all)
		proc_next_pid = PROC_PID_INIT;
}

struct process *proc_first(void)
{
	return proc_all;
}

struct process *proc_find(uint32_t pid)
{
	for (struct process *p = proc_all; p; p = p->all_next)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* Pot frames are page-aligned in the kernel's view too, so p's offset in
 * its kernel page gives its slot. */
static unsigned proc_slot(const struct process *p)
{
	return (unsigned)(((uintptr_t)p & (PAGE_SIZE - 1)) >> pot_shift(OT_PROCESS));
}

void proc_ref(const struct process *p, struct obj_ref *r)
{
	r->h = pagehdr_of_pfn(0, p->self_pfn);
	r->slot = proc_slot(p);
	r->kva = (void *)(uintptr_t)p;
}

void proc_cap_self(const struct process *p, struct cap *c)
{
	c->type = CT_PROCESS;
	c->rights = CR_ALL;
	c->pfn_hi = 0;
	c->slot = (uint8_t)proc_slot(p);
	c->pfn = p->self_pfn;
	c->version = ((const struct pot_head *)p)->version;
	c->badge = 0;
}

pa_t proc_addr(const struct process *p)
{
	return ((pa_t)p->self_pfn << PAGE_SHIFT) | proc_slot(p);
}

enum err proc_table_frame(void *ctx, pa_t *pa)
{
	struct page_common *h;

	(void)ctx;
	if (obj_alloc(PT_OBJ_TABLE, OBJ_FRAME_ANY, &h) != INV_OK)
		return ERR_NOMEM;
	pagehdr_set_oid(h, OID_NONE); /* a table in a space: see proc_add_table */
	*pa = pagehdr_pa(h);
	return ERR_OK;
}

/* A table the space bank paid for goes back to it held (obj_free); the
 * bank settles its books when it frees the process. */
static void proc_table_free(void *ctx, pa_t pa)
{
	(void)ctx;
	obj_free(pagehdr_of_pa(pa));
}

enum inv_err proc_add_table(struct process *p, uint32_t va, struct page_common *h)
{
	va = ALIGN_DOWN(va, PAGE_SIZE);
	if (va >= ARCH_USER_END)
		return INV_ERR_ADDR;
	if (arch_aspace_add_table(&p->as, va, pagehdr_pa(h)) != ERR_OK)
		return INV_ERR_BUSY;
	/* It is the process's now: no capability may give or destroy it again,
	 * and having no OID marks it as in a space for RANGE_OP_DESTROY_AT. */
	pagehdr_bump_alloc_count(h);
	pagehdr_set_oid(h, OID_NONE);
	return INV_OK;
}

enum inv_err proc_create(pa_t want, struct process **out)
{
	struct obj_ref r;
	struct process *p;
	enum inv_err e = obj_make(PT_OBJ_PROCESS, want, &r);

	*out = NULL;
	if (e != INV_OK)
		return e;
	p = r.kva; /* zeroed but its version: empty registers, no links */
	p->self_pfn = (uint32_t)(pagehdr_pa(r.h) >> PAGE_SHIFT);
	/* Frames are page-aligned in both address spaces: the space's offset
	 * in its kernel page is its offset in the physical frame. */
	if (arch_aspace_init(&p->as, pagehdr_pa(r.h) + ((uintptr_t)&p->as & (PAGE_SIZE - 1)),
			     proc_table_frame, NULL) != ERR_OK) {
		obj_release(&r);
		return INV_ERR_NO_FRAMES;
	}
	p->pid = proc_next_pid++;
	p->state = PS_NEW;
	p->recv_slot = CAP_NONE;
	p->pool = POOL_ANY;
	p->all_next = proc_all;
	proc_all = p;
	*out = p;
	return INV_OK;
}

uint32_t proc_user_addr(uint32_t va, pa_t pa)
{
	return ARCH_HAS_MMU ? va : (uint32_t)pa; /* no MMU: pages are used where they are */
}

/* Table frames taken before a map changes anything, handed to the arch in
 * order (arch_aspace_map takes exactly as many as it said it needs). */
#define PROC_MAP_TABLES_MAX 2

struct proc_tables {
	pa_t pa[PROC_MAP_TABLES_MAX];
	unsigned n, used;
};

static enum err proc_tables_pop(void *ctx, pa_t *pa)
{
	struct proc_tables *t = ctx;

	if (t->used == t->n)
		return ERR_NOMEM;
	*pa = t->pa[t->used++];
	return ERR_OK;
}

enum inv_err proc_map(struct process *p, uint32_t va, pa_t pa, bool writable, bool exec, bool owned)
{
	struct proc_tables t = { { 0 }, 0, 0 };
	unsigned need;
	pa_t old;
	bool was_owned;
	enum err e;

	va = proc_user_addr(va, pa);
	if ((va & (PAGE_SIZE - 1)) || va >= ARCH_USER_END)
		return INV_ERR_ADDR;
	if (arch_aspace_lookup(&p->as, va, &old, &was_owned) == ERR_OK)
		return INV_ERR_BUSY;
	need = arch_aspace_tables_needed(&p->as, va);
	if (need > PROC_MAP_TABLES_MAX)
		panic("proc: a map needs %u tables", need);
	if (need && p->tables_paid)
		return INV_ERR_NO_FRAMES; /* its bank gives them first (PROC_OP_TABLE) */
	for (; t.n < need; t.n++)
		if (proc_table_frame(NULL, &t.pa[t.n]) != ERR_OK) {
			while (t.n)
				proc_table_free(NULL, t.pa[--t.n]);
			return INV_ERR_NO_FRAMES;
		}
	e = arch_aspace_map(&p->as, va, pa, writable, exec, owned, proc_tables_pop, &t);
	while (t.used < t.n) /* refused before it took them */
		proc_table_free(NULL, t.pa[--t.n]);
	if (e == ERR_NOMEM)
		return INV_ERR_NO_FRAMES;
	if (e == ERR_BUSY)
		return INV_ERR_BUSY;
	if (e != ERR_OK)
		return INV_ERR_ADDR; /* a kernel address, or va != pa without an MMU */
	map_filter_add(pa, owned);
	p->mapped++;
	return INV_OK;
}

/* A table that maps nothing any more leaves the space: the kernel's own
 * back to banked, one the bank gave back to it held, and the bank hears of
 * it (BEV_TABLE_RETURNED) to credit the bank that paid. */
static void proc_table_gone(void *ctx, pa_t pa)
{
	struct process *p = ctx;
	struct page_common *h = pagehdr_of_pa(pa);
	bool held = pagehdr_ot_index(h) == OT_TABLE_HELD; /* before obj_free */

	obj_free(h);
	if (held && p->tables_paid)
		budget_chan_table_returned(proc_addr(p), pa);
}

/* shrink: give back the tables the mapping leaves empty (not while the
 * whole space goes: proc_destroy hands every table over at once). A paid
 * table waits for the bank to hear of it; with no room for that (a burst
 * of unmaps the bank has not read yet) the table stays till the next
 * unmap in its range or the process's end. */
static void proc_drop_map(struct process *p, uint32_t va, pa_t pa, bool owned, bool shrink)
{
	pa_t got;

	arch_aspace_unmap(&p->as, va, &got);
	p->mapped--;
	map_filter_del(pa, owned);
	if (owned)
		obj_free(pagehdr_of_pa(pa));
	if (shrink && (!p->tables_paid || budget_chan_table_room(PROC_MAP_TABLES_MAX)))
		arch_aspace_shrink(&p->as, va, proc_table_gone, p);
}

enum inv_err proc_unmap(struct process *p, uint32_t va)
{
	bool owned;
	pa_t pa;

	if (arch_aspace_lookup(&p->as, va, &pa, &owned) != ERR_OK || owned)
		return INV_ERR_ARG;
	proc_drop_map(p, va, pa, false, true);
	return INV_OK;
}

/* What a walk over the address spaces looks for: frames in [lo, hi). */
struct proc_walk {
	struct process *p;
	pa_t lo, hi;
	bool owned_only, drop, found;
	bool whole; /* the space goes: no table returns on its own */
	uint32_t dropped; /* mappings removed */
};

static void proc_walk_one(void *ctx, struct arch_aspace *as, uintptr_t va, pa_t pa, bool owned)
{
	struct proc_walk *w = ctx;

	(void)as;
	if (pa < w->lo || pa >= w->hi || (w->owned_only && !owned))
		return;
	w->found = true;
	if (w->drop) {
		proc_drop_map(w->p, (uint32_t)va, pa, owned, !w->whole);
		w->dropped++;
	}
}

static bool proc_walk_all(struct proc_walk *w)
{
	for (struct process *p = proc_all; p; p = p->all_next) {
		w->p = p;
		arch_aspace_each(&p->as, proc_walk_one, w);
		if (w->found && !w->drop)
			return true;
	}
	return w->found;
}

bool proc_owns_frame(pa_t pa)
{
	struct proc_walk w = { NULL, pa, pa + 1, true, false, false, false, 0 };

	if (!map_filter_maybe_owned(pa))
		return false; /* no owned mapping hashes here: skip the walk */
	return proc_walk_all(&w);
}

void proc_unmap_everywhere(pa_t pa)
{
	struct proc_walk w = { NULL, pa, pa + 1, false, true, false, false, 0 };

	if (!map_filter_maybe_mapped(pa))
		return; /* mapped nowhere: skip the walk */
	proc_walk_all(&w);
}

void proc_unmap_range(pa_t lo, pa_t hi)
{
	for (struct process *p = proc_all; p; p = p->all_next) {
		struct proc_walk w = { p, lo, hi, false, true, false, false, 0 };

		arch_aspace_each(&p->as, proc_walk_one, &w);
		/* Mapping a device page made the rescind grant (process.c), so
		 * the process always learns which device went and what it lost. */
		if (w.dropped && grant_find(&p->grants, GS_RESCIND))
			upcall_post(p, GS_RESCIND, (uint32_t)(lo >> PAGE_SHIFT), w.dropped);
	}
}

/* Takes p off whatever it waits on; it will not run again. */
static void proc_halt(struct process *p, unsigned state)
{
	proc_console_flush(p); /* its last words, even without a newline */
	sched_remove(p);
	p->state = (uint8_t)state;
	ipc_server_gone(p);
}

void proc_exit(struct process *p, int32_t status)
{
	proc_halt(p, PS_EXITED);
	p->status = status;
	if (p->pid == PROC_PID_INIT) {
		kprintf("init: exit status=%d\n", (int)status);
		kernel_init_exit(status);
	}
}

void proc_stop_fault(struct process *p, unsigned vector, uintptr_t addr)
{
	proc_halt(p, PS_STOPPED);
	kprintf("fault: pid=%u vector=%u addr=0x%lx\n", (unsigned)p->pid, vector,
		(unsigned long)addr);
	if (p->pid == PROC_PID_INIT) {
		kprintf("init: stopped by a fault\n");
		kernel_init_exit(PROC_INIT_FAULT_STATUS);
	}
}

unsigned proc_destroy(struct process *p)
{
	struct proc_walk w = { p, 0, ~(pa_t)0, false, true, false, true, 0 };
	struct obj_ref r;

	proc_ref(p, &r);
	proc_halt(p, PS_EXITED);
	for (struct process **pp = &proc_all; *pp; pp = &(*pp)->all_next)
		if (*pp == p) {
			*pp = p->all_next;
			break;
		}
	arch_aspace_each(&p->as, proc_walk_one, &w);
	grant_release_all(p); /* its grants die with it */
	arch_aspace_destroy(&p->as, proc_table_free, NULL);
	if (p->tables_paid)
		budget_chan_forget_tables(proc_addr(p));
	return obj_release(&r);
}
