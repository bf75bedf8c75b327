/* Processes (kernel/include/kernel/proc.h). */
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

void proc_queue_push(struct proc_queue *q, struct process *p)
{
	p->next = NULL;
	p->prev = q->tail;
	if (q->tail)
		q->tail->next = p;
	else
		q->head = p;
	q->tail = p;
	p->queue = q;
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

struct page_common *proc_hdr(const struct process *p)
{
	return p->hdr;
}

struct process *proc_of_hdr(const struct page_common *h)
{
	return obj_kva(h);
}

enum err proc_table_frame(void *ctx, pa_t *pa)
{
	struct page_common *h;

	(void)ctx;
	if (obj_alloc(PT_OBJ_TABLE, OBJ_FRAME_ANY, &h) != INV_OK)
		return ERR_NOMEM;
	*pa = pagehdr_pa(h);
	return ERR_OK;
}

static void proc_table_free(void *ctx, pa_t pa)
{
	(void)ctx;
	obj_free(pagehdr_of_pa(pa));
}

enum inv_err proc_create(pa_t want, struct process **out)
{
	struct page_common *h;
	struct process *p;
	enum inv_err e = obj_alloc(PT_OBJ_PROCESS, want, &h);

	*out = NULL;
	if (e != INV_OK)
		return e;
	p = obj_kva(h); /* zeroed: empty registers, no links */
	if (arch_aspace_init(&p->as, proc_table_frame, NULL) != ERR_OK) {
		/* A refused space may still hold the frames it took: give them back. */
		arch_aspace_destroy(&p->as, proc_table_free, NULL);
		obj_free(h);
		return INV_ERR_NO_FRAMES;
	}
	p->self = pagehdr_pa(h);
	p->hdr = h;
	p->pid = proc_next_pid++;
	p->state = PS_NEW;
	p->recv_slot = CAP_NONE;
	p->pool = POOL_ANY;
	p->all_next = proc_all;
	proc_all = p;
	*out = p;
	return INV_OK;
}

static pa_t proc_map_pa(const struct proc_map *m)
{
	return ((pa_t)m->pfn_hi << 32 | m->pfn) << PAGE_SHIFT;
}

uint32_t proc_user_addr(uint32_t va, pa_t pa)
{
	return ARCH_HAS_MMU ? va : (uint32_t)pa; /* no MMU: pages are used where they are */
}

enum inv_err proc_map(struct process *p, uint32_t va, pa_t pa, bool writable, bool exec, bool owned)
{
	struct proc_map *m;
	enum err e;

	va = proc_user_addr(va, pa);
	if ((va & (PAGE_SIZE - 1)) || va >= ARCH_USER_END)
		return INV_ERR_ADDR;
	if (p->nmaps == PROC_MAPS)
		return INV_ERR_BUSY;
	e = arch_aspace_map(&p->as, va, pa, writable, exec, proc_table_frame, NULL);
	if (e == ERR_NOMEM)
		return INV_ERR_NO_FRAMES;
	if (e == ERR_BUSY)
		return INV_ERR_BUSY;
	if (e != ERR_OK)
		return INV_ERR_ADDR; /* a kernel address, or va != pa without an MMU */
	m = &p->maps[p->nmaps++];
	m->va = va;
	m->pfn = (uint32_t)(pa >> PAGE_SHIFT);
	m->pfn_hi = (uint8_t)(pa >> (PAGE_SHIFT + 32));
	m->owned = owned;
	map_filter_add(pa, owned);
	return INV_OK;
}

static void proc_drop_map(struct process *p, unsigned i)
{
	struct proc_map m = p->maps[i];
	pa_t pa;

	arch_aspace_unmap(&p->as, m.va, &pa);
	p->maps[i] = p->maps[--p->nmaps];
	map_filter_del(proc_map_pa(&m), m.owned);
	if (m.owned)
		obj_free(pagehdr_of_pa(proc_map_pa(&m)));
}

enum inv_err proc_unmap(struct process *p, uint32_t va)
{
	for (unsigned i = 0; i < p->nmaps; i++)
		if (p->maps[i].va == va && !p->maps[i].owned) {
			proc_drop_map(p, i);
			return INV_OK;
		}
	return INV_ERR_ARG;
}

bool proc_owns_frame(pa_t pa)
{
	if (!map_filter_maybe_owned(pa))
		return false; /* no owned mapping hashes here: skip the walk */
	for (struct process *p = proc_all; p; p = p->all_next)
		for (unsigned i = 0; i < p->nmaps; i++)
			if (p->maps[i].owned && proc_map_pa(&p->maps[i]) == pa)
				return true;
	return false;
}

void proc_unmap_everywhere(pa_t pa)
{
	if (!map_filter_maybe_mapped(pa))
		return; /* mapped nowhere: skip the walk */
	for (struct process *p = proc_all; p; p = p->all_next)
		for (unsigned i = p->nmaps; i-- > 0;)
			if (proc_map_pa(&p->maps[i]) == pa)
				proc_drop_map(p, i);
}

void proc_unmap_range(pa_t lo, pa_t hi)
{
	for (struct process *p = proc_all; p; p = p->all_next) {
		uint32_t gone = 0;

		for (unsigned i = p->nmaps; i-- > 0;) {
			pa_t pa = proc_map_pa(&p->maps[i]);

			if (pa >= lo && pa < hi) {
				proc_drop_map(p, i);
				gone++;
			}
		}
		/* Mapping a device page made the rescind grant (process.c), so
		 * the process always learns which device went and what it lost. */
		if (gone && grant_find(&p->grants, GS_RESCIND))
			upcall_post(p, GS_RESCIND, (uint32_t)(lo >> PAGE_SHIFT), gone);
	}
}

void proc_set_result(struct process *p, unsigned err, const uint32_t *w, uint32_t badge)
{
	uint32_t v[ARCH_SYSCALL_NARGS] = { err, 0, 0, 0, 0, badge };

	_Static_assert(MSG_WORDS == ARCH_SYSCALL_NARGS - 2, "ARG1..ARG4 carry the words");
	if (w)
		for (unsigned i = 0; i < MSG_WORDS; i++)
			v[1 + i] = w[i];
	arch_syscall_results(&p->regs, v);
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

void proc_destroy(struct process *p)
{
	struct page_common *h = proc_hdr(p);

	proc_halt(p, PS_EXITED);
	for (struct process **pp = &proc_all; *pp; pp = &(*pp)->all_next)
		if (*pp == p) {
			*pp = p->all_next;
			break;
		}
	while (p->nmaps)
		proc_drop_map(p, p->nmaps - 1);
	grant_release_all(p); /* its grants die with it */
	arch_aspace_destroy(&p->as, proc_table_free, NULL);
	obj_free(h);
}
