/* Processes (doc/objects.md, "Processes"). A process is an object: one
 * frame holding struct process — its saved user registers, its address
 * space, its 16 capability registers, the CapPage that extends them, its
 * Reply and fault-handler capabilities, its scheduling and IPC state and
 * the table of pages mapped in its address space. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <kernel/cap.h>
#include <kernel/grant.h>
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
	uint32_t w[MSG_WORDS];
	uint32_t badge;
	struct cap cap; /* CT_NULL when none */
};

/* One page mapped in the address space. `owned`: the loader made the frame
 * for this process alone (program and stack), so it dies with the process. */
struct proc_map {
	uint32_t va;
	uint32_t pfn;
	uint8_t pfn_hi;
	uint8_t owned;
	uint8_t spare[2];
};

/* Enough for a program, its stack and a few dozen pages it maps itself;
 * 12 bytes each, so 1.5 KiB of the process's frame. */
#define PROC_MAPS 128

/* A process's console line buffer (its console grant): longer lines go out
 * in pieces this long. */
#define PROC_CONSOLE_LINE 120

struct process {
	struct arch_user_regs regs;
	struct arch_aspace as;
	struct cap cregs[CAP_REGS];
	struct cap ext; /* the attached CapPage (indices CAP_EXT_FIRST..) */
	struct cap reply; /* CAP_REPLY */
	struct cap fault; /* the fault-handler endpoint, or empty */
	/* links: a run queue, an endpoint queue or the sleep list (one at a time) */
	struct process *next, *prev;
	struct proc_queue *queue;
	struct process *all_next; /* every live process */
	struct msg out; /* PS_SEND: the message */
	uint64_t wake; /* PS_SLEEP: the tick to wake at */
	pa_t self; /* the frame holding this struct */
	struct page_common *hdr; /* self's page header (proc_hdr) */
	uint32_t pid;
	uint32_t call_seq; /* bumped by every call: a Reply capability's badge */
	uint32_t server; /* PS_REPLY: pid of the process that received the call */
	int32_t status; /* exit status */
	uint8_t state; /* enum proc_state */
	uint8_t prio; /* 0 (lowest) .. SCHED_PRIORITIES - 1 */
	uint8_t quantum; /* ticks left */
	uint8_t recv_slot; /* PS_RECV / PS_REPLY: where a received capability goes */
	uint8_t is_call; /* PS_SEND: a call (wants a Reply) */
	uint8_t is_fault; /* PS_SEND / PS_REPLY: a fault message, not a system call */
	uint8_t recv_weak; /* PS_RECV: through a weak capability: weaken what arrives */
	uint8_t pool; /* the current memory pool, POOL_ANY for none (doc/pools.md) */
	uint16_t nmaps;
	struct proc_map maps[PROC_MAPS];
	/* Per-service state the process pays for (the console line buffer,
	 * alarms, upcall slots): kernel/include/kernel/grant.h. */
	struct grant_table grants;
};

_Static_assert(sizeof(struct process) <= PAGE_SIZE, "a process fits its frame");

/* Where pids start: the image's first process (init) is pid 1. */
#define PROC_PID_INIT 1
/* The halt status when init stops on a fault nobody handles. */
#define PROC_INIT_FAULT_STATUS 5

/* Writes out p's unfinished console line, if any. */
void proc_console_flush(struct process *p);

/* Makes a process in a fresh object frame (its address space's tables paid
 * from banked through obj_alloc). INV_ERR_NO_FRAMES when banked runs out. */
enum inv_err proc_create(pa_t want, struct process **out);
/* Stops p, unmaps and frees its owned pages and its tables, frees its frame. */
void proc_destroy(struct process *p);
struct process *proc_of_hdr(const struct page_common *h);
struct page_common *proc_hdr(const struct process *p);

/* Maps frame pa at va in p (a Page object, a device frame or an owned
 * frame). INV_ERR_ARG for a bad va, INV_ERR_BUSY when va is taken or the
 * map table is full, INV_ERR_NO_FRAMES when a table could not be paid. */
enum inv_err proc_map(struct process *p, uint32_t va, pa_t pa, bool writable, bool exec,
		      bool owned);
enum inv_err proc_unmap(struct process *p, uint32_t va);
/* Whether frame pa is a page some process owns (program, stack). */
bool proc_owns_frame(pa_t pa);
/* Removes every mapping of frame pa from every process (before it is freed). */
void proc_unmap_everywhere(pa_t pa);
/* The same for every frame in [lo, hi) (a device range that leaves). */
void proc_unmap_range(pa_t lo, pa_t hi);
/* The map filter (kernel/mem/map_filter.c): a counting filter over the frames
 * of every map table. proc.c adds and deletes each mapping; "maybe" false
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

/* Results to a process that made a system call. */
void proc_set_result(struct process *p, unsigned err, const uint32_t *w, uint32_t badge);

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

/* Queues (FIFO), used by the scheduler and by endpoints. */
void proc_queue_push(struct proc_queue *q, struct process *p);
struct process *proc_queue_pop(struct proc_queue *q);
void proc_queue_remove(struct process *p);
static inline bool proc_queue_empty(const struct proc_queue *q)
{
	return !q->head;
}

#endif
