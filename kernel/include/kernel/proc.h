/* Processes (doc/objects.md, "Processes"). A process is an object packed
 * several to a frame (a pot, kernel/include/kernel/pot.h): struct process
 * holds its version, its saved user registers, its address space (which is
 * also the only record of what it maps), its 16 capability registers, the
 * CapPage that extends them, its Reply and fault-handler capabilities, its
 * scheduling and IPC state and its grant table (doc/grants.md). */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/cap.h>
#include <kernel/grant.h>
#include <kernel/pot.h>
#include <kernel/user_arch.h>

#ifndef ARCH_USER_END
/* ColdFire: user addresses are physical; only the top page is refused. */
#define ARCH_USER_END 0xfffff000u
#endif

enum proc_state {
	PS_NEW, /* made by Range, not started */
	PS_RUNNABLE, /* on a run queue */
	PS_SEND, /* queued on an endpoint with a message (send, call or fault) */
	PS_RECV, /* queued on an endpoint, waiting for a message */
	PS_REPLY, /* its call was received; waiting for the reply */
	PS_SLEEP, /* on the sleep list until `wake` */
	PS_STOPPED, /* stopped by a fault without a handler */
	PS_EXITED, /* exited (SELF_OP_EXIT) */
	PS_UPCALL, /* in PROC_OP_UPCALL_WAIT until an upcall comes */
};

struct process;
struct proc_queue {
	struct process *head, *tail;
};

/* A message in flight: words, badge and at most one capability. */
struct msg {
	uint32_t w[MSG_REG_WORDS];
	uint32_t badge;
	struct cap cap; /* CT_NULL when none */
};

/* A process's console line buffer (its console grant, kernel/obj/console.c):
 * longer lines go out in pieces this long. */
#define PROC_CONSOLE_LINE 120

struct process {
	struct pot_head head; /* the object's version: first, as in every pot */
	uint32_t pid;
	uint32_t call_seq; /* bumped by every call: a Reply capability's badge */
	union { /* one state at a time: a process that exited waits for no reply */
		uint32_t server; /* PS_REPLY: pid of the process that received the call */
		int32_t status; /* PS_EXITED: its exit status */
	};
	uint8_t state; /* enum proc_state */
	uint8_t prio; /* 0 (lowest) .. SCHED_PRIORITIES - 1 */
	uint8_t quantum; /* ticks left */
	uint8_t recv_slot; /* PS_RECV / PS_REPLY: where a received capability goes */
	uint8_t is_call; /* PS_SEND: a call (wants a Reply) */
	uint8_t is_fault; /* PS_SEND / PS_REPLY: a fault message, not a system call */
	uint8_t recv_weak; /* PS_RECV: through a weak capability: weaken what arrives */
	uint8_t tables_paid; /* its bank gives its tables (PROC_OP_TABLE); the kernel never */
	uint8_t pool; /* the current memory pool, POOL_ANY for none (doc/pools.md) */
	uint32_t mapped; /* pages mapped in as */
	/* i386: holds the PDPT, so it sits on a 32-byte boundary (asserted). */
	struct arch_aspace as;
	struct arch_user_regs regs;
	struct cap cregs[CAP_REGS];
	struct cap ext; /* the attached CapPage (indices CAP_EXT_FIRST..) */
	struct cap reply; /* CAP_REPLY */
	struct cap fault; /* the fault-handler endpoint, or empty */
	/* links: a run queue, an endpoint queue or the sleep list (one at a time) */
	struct process *next, *prev;
	struct proc_queue *queue;
	struct process *all_next; /* every live process */
	union {
		struct msg out; /* PS_SEND: the message */
		uint64_t wake; /* PS_SLEEP: the tick to wake at */
	} u;
	/* Its pot frame's number; its slot follows from where p sits in the
	 * frame (proc_addr). 32 bits rather than a pa_t: the ColdFire slot is full. */
	uint32_t self_pfn;
	/* Per-service state the process pays for (the console line buffer,
	 * alarms, upcall slots): kernel/include/kernel/grant.h. */
	struct grant_table grants;
};

_Static_assert(sizeof(struct process) <= (1u << POT_PROCESS_SHIFT), "a process fits its slot");
_Static_assert(offsetof(struct process, head) == 0, "the version first");
_Static_assert(offsetof(struct process, as) % ARCH_ASPACE_ALIGN == 0,
	       "i386 keeps its PDPT in the space");

/* Where pids start: the image's first process (init) is pid 1. */
#define PROC_PID_INIT 1
/* The halt status when init stops on a fault nobody handles. */
#define PROC_INIT_FAULT_STATUS 5

/* Writes out p's unfinished console line, if any (kernel/obj/console.c: a user
 * line reaches the console in one piece, never cut by the kernel's own). */
void proc_console_flush(struct process *p);
/* Bytes of p's unfinished line (0 without a console grant). */
unsigned proc_console_pending(const struct process *p);

/* Makes a process in a pot slot (obj_make: `want` as there); its address
 * space's tables are paid from banked through obj_alloc as mappings need
 * them. INV_ERR_NO_FRAMES when banked runs out. */
enum inv_err proc_create(pa_t want, struct process **out);
/* Stops p, unmaps and frees its owned pages and its tables, frees its slot
 * (and the frame with the pot's last object). Returns obj_release's count. */
unsigned proc_destroy(struct process *p);
/* p as an object (for minting capabilities to it). */
void proc_ref(const struct process *p, struct obj_ref *r);
/* A full capability to p (CAP_SELF's), minted from p itself: its frame
 * number, slot and version, without a header lookup. */
void proc_cap_self(const struct process *p, struct cap *c);
/* p's object address: its frame's pa | its slot (obj_addr). */
pa_t proc_addr(const struct process *p);

/* Maps frame pa at va in p (a Page object, a device frame or an owned
 * frame). INV_ERR_ADDR for a bad va, INV_ERR_BUSY when va is taken,
 * INV_ERR_NO_FRAMES when a table could not be paid (nothing changed). */
enum inv_err proc_map(struct process *p, uint32_t va, pa_t pa, bool writable, bool exec,
		      bool owned);
/* Gives p the table object h as the next table va needs (PROC_OP_TABLE).
 * INV_ERR_BUSY when va needs none, INV_ERR_ADDR for a kernel va. */
enum inv_err proc_add_table(struct process *p, uint32_t va, struct page_common *h);
enum inv_err proc_unmap(struct process *p, uint32_t va);
/* Whether frame pa is a page some process owns (program, stack). */
bool proc_owns_frame(pa_t pa);
/* Removes every mapping of frame pa from every process (before it is freed). */
void proc_unmap_everywhere(pa_t pa);
/* The same for every frame in [lo, hi) (a device range that leaves). */
void proc_unmap_range(pa_t lo, pa_t hi);
/* The map filter (kernel/mem/map_filter.c): a counting filter over the frames
 * mapped in every address space. proc.c adds and deletes each mapping; "maybe" false
 * proves no process maps (or owns) pa, true means walk the tables. */
void map_filter_add(pa_t pa, bool owned);
void map_filter_del(pa_t pa, bool owned);
bool map_filter_maybe_mapped(pa_t pa);
bool map_filter_maybe_owned(pa_t pa);
void map_filter_reset(void);
/* The user address at which a page mapped at va is seen (ColdFire: its pa). */
uint32_t proc_user_addr(uint32_t va, pa_t pa);

/* Frames for address-space tables, paid from banked (arch_frame_fn). */
enum err proc_table_frame(void *ctx, pa_t *pa);

/* Results to a process that made a system call, written into its saved
 * registers (w NULL: the words are 0). Inline: every general invocation
 * ends here, and a constant w folds away. */
static inline __attribute__((always_inline)) void proc_set_result(struct process *p, unsigned err,
								  const uint32_t *w, uint32_t badge)
{
	uint32_t *v = arch_syscall_regs(&p->regs);

	_Static_assert(MSG_REG_WORDS == ARCH_SYSCALL_NARGS - 2, "ARG1..ARG4 carry the words");
	v[0] = err;
	for (unsigned i = 0; i < MSG_REG_WORDS; i++)
		v[1 + i] = w ? w[i] : 0;
	v[ARCH_SYSCALL_NARGS - 1] = badge;
}

/* Exit with status: stops p; init's exit ends the run (kernel_init_exit). */
void proc_exit(struct process *p, int32_t status);
/* Stops p after a fault nobody handles and prints `fault: ...`. */
void proc_stop_fault(struct process *p, unsigned vector, uintptr_t addr);

struct process *proc_first(void);
/* Numbers the next process PROC_PID_INIT again if none exists (the loader
 * calls it, so ktests that made and destroyed processes leave no trace). */
void proc_restart_pids(void);
/* Forgets every process (the host tests build new machines). */
void proc_reset(void);
struct process *proc_find(uint32_t pid);
const char *proc_state_name(unsigned state);

/* Provided by the kernel entry (kernel/ipc/user_entry.c) or the host stubs: init has
 * exited or stopped; the run ends with this status. */
void kernel_init_exit(int32_t status);

/* Queues (FIFO), used by the scheduler and by endpoints. The push inline
 * wherever it is made: the fastpath's ReplyRecv makes one, and with LTO a
 * further call site elsewhere turned it into a call (ColdFire's ReplyRecv
 * 220 -> 226). */
static inline __attribute__((always_inline)) void proc_queue_push(struct proc_queue *q,
								  struct process *p)
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
struct process *proc_queue_pop(struct proc_queue *q);
void proc_queue_remove(struct process *p);
static inline bool proc_queue_empty(const struct proc_queue *q)
{
	return !q->head;
}

#endif
