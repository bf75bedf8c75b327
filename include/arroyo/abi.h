/* The system call ABI, shared by the kernel and user programs (doc/abi.md).
 *
 * There is one primitive: invoke a capability. A process names the
 * capability by its register index, says what to do with it (op), and
 * passes a message of MSG_REG_WORDS words (MSG_WORDS with INV_F_LONG),
 * optionally one capability to send and a register to receive one into.
 * The kernel answers with an error code (enum inv_err), the reply words and
 * a badge.
 *
 * Registers, in order (ARG0..ARG5):
 *            i386 (int $0x80)     ColdFire (trap #0)
 *   ARG0     eax                  d0    header: INV_HEADER(cap, op, send_cap, recv_slot)
 *   ARG1-4   ebx ecx edx esi      d1-d4 message words 0-3
 *   ARG5     edi                  d5    flags (enum inv_flag)
 * On return: ARG0 = error code, ARG1-4 = reply words, ARG5 = badge.
 *
 * Words 4..9 of a long message (INV_F_LONG, IPC only):
 *   i386      the MSG_LONG_WORDS words at the user address in ebp (4-aligned;
 *             the kernel reads and writes them there, INV_ERR_ADDR if it cannot)
 *   ColdFire  d6 d7 a0 a1 a2 a3, in and out */
#ifndef ARROYO_ABI_H
#define ARROYO_ABI_H

#include <stdint.h>

#define MSG_REG_WORDS 4 /* words every message carries in registers */
#define MSG_WORDS 10 /* the most a message carries: a long one (INV_F_LONG) */
#define MSG_LONG_WORDS (MSG_WORDS - MSG_REG_WORDS) /* words 4..9: doc/abi.md, "Long messages" */

/* A 64-bit value (a physical address, a frame count) in two message words,
 * low word first: msg_u64 reads one, msg_put_u64 writes one, MSG_U64 spells
 * one inside a message's initializer. */
static inline uint64_t msg_u64(const uint32_t *w)
{
	return (uint64_t)w[1] << 32 | w[0];
}

static inline void msg_put_u64(uint32_t *w, uint64_t v)
{
	w[0] = (uint32_t)v;
	w[1] = (uint32_t)(v >> 32);
}

#define MSG_U64(v) (uint32_t)(v), (uint32_t)((uint64_t)(v) >> 32)
#define CAP_REGS 16 /* capability registers per process (as in the boot image) */
#define CAP_NONE 0xffu /* no capability to send / nowhere to receive one */
#define CAP_SELF 0xfeu /* the invoking process itself (exit, yield, ...) */
#define CAP_REPLY 0xfdu /* the Reply capability of the last call received */
/* Indices CAP_REGS .. CAP_REPLY - 1 name slots 0.. of the CapPage attached
 * with PROC_OP_CAPPAGE (doc/objects.md, "CapPages"). */
#define CAP_EXT_FIRST CAP_REGS

#define INV_HEADER(cap, op, send_cap, recv_slot)                              \
	((unsigned)(cap) | (unsigned)(op) << 8 | (unsigned)(send_cap) << 16 | \
	 (unsigned)(recv_slot) << 24)
#define INV_CAP(h) ((h)&0xffu)
#define INV_OP(h) (((h) >> 8) & 0xffu)
#define INV_SEND_CAP(h) (((h) >> 16) & 0xffu)
#define INV_RECV_SLOT(h) (((h) >> 24) & 0xffu)

/* Every invocation returns one of these; never a panic. */
enum inv_err {
	INV_OK = 0,
	INV_ERR_CAP_INDEX = 1, /* the capability register index is out of range */
	INV_ERR_CAP_EMPTY = 2, /* the register holds no capability */
	INV_ERR_CAP_STALE = 3, /* the object was destroyed or rescinded */
	INV_ERR_CAP_TYPE = 4, /* the operation does not exist for this type */
	INV_ERR_RIGHTS = 5, /* the capability lacks the right the operation needs */
	INV_ERR_ARG = 6, /* a message word is out of range */
	INV_ERR_NO_FRAMES = 7, /* banked frames (the budget) are exhausted */
	INV_ERR_SLOT = 8, /* the receive slot is out of range or occupied */
	INV_ERR_WOULD_BLOCK = 9, /* a non-blocking operation could not complete */
	INV_ERR_ADDR = 10, /* a user address is not mapped or not allowed */
	INV_ERR_BUSY = 11, /* the object is in a state that refuses the operation */
	INV_ERR_NO_GRANT = 12, /* the service's grant has no room in the process's grant
				* memory: give it a GrantFrame (PROC_OP_GRANT_MEM), retry */
	INV_ERR_COUNT
};

/* Capability types as user code sees them (the `type` a Cap.identify reports). */
enum cap_type {
	CT_NULL = 0,
	CT_CONSOLE,
	CT_SLEEP,
	CT_MEMINFO,
	CT_RANGE,
	CT_DEVICE_RANGE,
	CT_PROCESS,
	CT_ENDPOINT,
	CT_REPLY,
	CT_PAGE,
	CT_CAPPAGE,
	CT_PAGETABLE, /* an address-space table not yet given to a process (PROC_OP_TABLE) */
	CT_BUDGET, /* the kernel's budget channel to the space bank */
	CT_GRANT_FRAME, /* a frame of grant memory a bank paid for (doc/grants.md) */
	CT_COUNT
};

/* Rights a capability may lack; restrict only ever removes rights. */
enum cap_right {
	CR_READ = 0x01,
	CR_WRITE = 0x02,
	CR_EXEC = 0x04,
	CR_WEAK = 0x08, /* a weak capability yields only weak, read-only capabilities */
	CR_GRANT = 0x10, /* may be sent in a message */
	CR_ALL = 0x17,
};

enum inv_flag {
	INV_F_NONBLOCK = 0x1, /* fail with INV_ERR_WOULD_BLOCK instead of waiting */
	/* IPC: the message sent carries MSG_WORDS words, and a message received
	 * (a receive's, a call's reply) may fill all MSG_WORDS; a short one
	 * leaves words 4.. as they were. Without it a receiver gets words 0-3
	 * only. Other operations ignore it (doc/abi.md, "Long messages"). */
	INV_F_LONG = 0x2,
	/* REPLY_OP_REPLY and EP_OP_REPLY_RECV only: the capability sent (from a
	 * register) leaves the sender's register once the reply goes, moved
	 * rather than copied (doc/abi.md) */
	INV_F_MOVE = 0x4,
	/* REPLY_OP_REPLY and EP_OP_REPLY_RECV only, the register send_cap a
	 * Range (write, not weak) that the answer uses, not sends: the Range
	 * call a server would make just before answering, made by the answer
	 * itself (doc/abi.md, "Answers that make or destroy a Page").
	 * PAGE_MAKE: RANGE_OP_CREATE of CT_PAGE in the frame at the answer's
	 * w1/w2, its capability going to the caller as a sent one does;
	 * with PAGE_UNZEROED, RANGE_CREATE_UNZEROED's (a held frame, its
	 * contents kept). PAGE_DESTROY: RANGE_OP_DESTROY_AT of the Page at
	 * w1/w2 with RANGE_KEEP_HELD. A Range call that would fail fails the
	 * answer with its error before anything is used up or sent. */
	INV_F_PAGE_MAKE = 0x8,
	INV_F_PAGE_UNZEROED = 0x10,
	INV_F_PAGE_DESTROY = 0x20,
};
#define INV_F_PAGE (INV_F_PAGE_MAKE | INV_F_PAGE_UNZEROED | INV_F_PAGE_DESTROY)

/* Operations common to every capability type (ops 0xf0 and up). */
enum cap_op {
	CAP_OP_IDENTIFY = 0xf0, /* -> w0 = enum cap_type, w1 = rights */
	CAP_OP_COPY = 0xf1, /* w0 = destination register */
	CAP_OP_RESTRICT = 0xf2, /* w0 = destination register, w1 = rights to remove */
	CAP_OP_DELETE = 0xf3, /* empties the register */
};

/* Console (debug output). */
enum console_op {
	CONSOLE_OP_WRITE = 0, /* writes ARG5's low byte (<= 16) bytes packed in w0-w3:
			       * byte k is bits 8*(k%4).. of word k/4 (first byte lowest) */
};

/* Sleep (the timer). */
enum sleep_op {
	SLEEP_OP_TICKS = 0, /* sleep w0 ticks */
	SLEEP_OP_NOW = 1, /* -> w0/w1 = ticks since boot (low/high), w2 = ticks per second */
	/* An alarm that does not block: fires after w0 ticks (>= 1), then every w1
	 * ticks (0: once), w2 times in all (0 counts as 1); each firing is an
	 * upcall of GS_ALARM with tag w3 -> w0 = the alarm's number. Needs the
	 * alarm grant; INV_ERR_BUSY when ALARM_ARMED alarms are armed already. */
	SLEEP_OP_ALARM = 2,
	SLEEP_OP_CANCEL = 3, /* w0 = an alarm's number: disarm it (INV_ERR_ARG if unknown) */
};
#define ALARM_ARMED 4 /* alarms one process may have armed at once */

/* The invoking process itself (cap CAP_SELF). */
enum self_op {
	SELF_OP_EXIT = 0, /* w0 = status; never returns */
	SELF_OP_YIELD = 1,
	SELF_OP_PID = 2, /* -> w0 = pid */
};

/* A Process capability takes the SELF ops (EXIT on another process stops
 * it) and these; CAP_SELF is a Process capability to the caller. */
enum process_op {
	PROC_OP_MAP = 3, /* send_cap = Page, w0 = va, w1 = rights to drop -> w0 = user address */
	PROC_OP_UNMAP = 4, /* w0 = user address */
	PROC_OP_CAPPAGE = 5, /* send_cap = CapPage or CAP_NONE: attach for indices 16.. */
	PROC_OP_SET_CAP = 6, /* send_cap (needs CR_GRANT) into the process's register w0 */
	PROC_OP_FAULT = 7, /* send_cap = Endpoint or CAP_NONE: the fault handler */
	PROC_OP_START = 8, /* w0 = pc, w1 = sp, w2 = arg, w3 = priority: run a new process */
	PROC_OP_POOL_SET = 9, /* w0 = pool id or POOL_ANY: the process's current pool */
	PROC_OP_POOL_GET = 10, /* -> w0 = the current pool (POOL_ANY: none chosen) */
	PROC_OP_POOL_AT = 11, /* w0 = user address -> w0 = pool of the frame mapped there,
			       * w1/w2 = its pa; INV_ERR_ADDR when nothing is mapped there */
	PROC_OP_TABLE = 12, /* send_cap = PageTable or CAP_NONE, w0 = va: give the table va needs
			     * next -> w0 = tables va still needs, w1/w2 = the process's
			     * object address */
	/* Grants and upcalls (doc/grants.md). */
	PROC_OP_GRANT_MEM = 16, /* send_cap = GrantFrame: grant memory for the process;
				 * INV_ERR_BUSY when it holds GRANT_FRAMES or the frame is
				 * another's -> w0 = bytes of grant memory free */
	PROC_OP_GRANT_INFO = 17, /* w0 = service -> w0 = bytes of its grant (0: none yet),
				  * w1 = grant bytes in use, w2 = bytes free, w3 = frames */
	PROC_OP_UPCALL_WAIT = 18, /* self only: wait for the next upcall (NONBLOCK: or
				   * INV_ERR_WOULD_BLOCK) -> an upcall (below) */
	PROC_OP_NOTIFY = 19, /* w0 = value: an upcall of GS_NOTIFY to the process */
};
/* Memory pools (doc/pools.md): ids 0.. as the boot console's `pool:` lines
 * number them; POOL_ANY names none (any frame will do). */
#define POOL_ANY 0xffu
enum pool_info_part {
	POOL_INFO_RANGE = 0, /* -> w0/w1 = start, w2/w3 = length */
	POOL_INFO_SHAPE = 1, /* -> w0 = stripe, w1 = step, w2 = cache | layer << 8, w3 = frames */
	POOL_INFO_NAME = 2, /* -> w0..w3 = the name's 16 bytes, first byte lowest in w0 */
};
#define GRANT_FRAMES 2 /* grant frames one process may hold */

/* Kernel services with per-process state: one slot each in a process's
 * grant table; a service's grant is made on the process's first use of it. */
enum grant_service {
	GS_CONSOLE = 0, /* the console line buffer */
	GS_ALARM = 1, /* armed alarms and their upcall slots */
	GS_NOTIFY = 2, /* upcall slots for PROC_OP_NOTIFY */
	GS_RESCIND = 3, /* upcall slots for device rescind (made when a device page is mapped) */
	GRANT_SERVICES
};

/* An upcall as PROC_OP_UPCALL_WAIT delivers it: w0 = service, w1 = tag,
 * w2 = data, w3 = upcalls of this service dropped (its slots were full)
 * since its previous delivery.
 *   GS_ALARM:   tag = the alarm's tag, data = the alarm's number
 *   GS_NOTIFY:  tag = the value, data = the notifier's pid
 *   GS_RESCIND: tag = the device range's base pfn, data = pages unmapped */
#define UPCALL_SLOTS 4 /* pending upcalls per service */

/* Range: makes objects from banked frames, the only way objects are made. */
#define RANGE_ANY 0xffffffffu
enum range_op {
	RANGE_OP_CREATE = 0, /* w0 = type (page, cappage, process, endpoint, pagetable),
			      * w1 = destination,
			      * w2/w3 = frame pa low/high, or RANGE_ANY in both
			      * -> w0/w1 = object address (frame pa | slot), w2 = objects
			      * now in the frame, w3 = objects the frame holds at most */
	RANGE_OP_DESTROY = 1, /* w0 = register of a capability to the object */
	RANGE_OP_DEVICE = 2, /* w0 = device range number, w1 = destination -> DeviceRange */
	RANGE_OP_INFO = 3, /* -> w0/w1 = banked frames free, w2/w3 = objects frames */
	RANGE_OP_TAKE = 4, /* w0 = frames (power of two <= RANGE_TAKE_MAX), w1 = RANGE_TAKE_*,
			    * w2/w3 = lowest pa to search from (0: anywhere)
			    * -> w0/w1 = base pa of a naturally aligned run, now held */
	RANGE_OP_GIVE = 5, /* w0/w1 = base pa, w2 = frames: held frames back to the kernel */
	RANGE_OP_DESTROY_AT = 6, /* w0/w1 = object address (frame pa | slot); w2 = RANGE_KEEP_HELD,
				  * RANGE_WHOLE_FRAME -> w0 = objects left in the frame */
	RANGE_OP_POOL = 7, /* w0 = pool id, w1 = enum pool_info_part -> by part; arg past the end */
};
#define RANGE_TAKE_MAX 1024u /* 4 MiB: the largest run one call holds */
#define RANGE_TAKE_KVA 0x1u /* the run must be kernel-addressable (for kernel objects) */
/* TAKE flags: every frame of the run in pool id (bits 8..15 hold id + 1; 0: any). */
#define RANGE_TAKE_POOL(id) (((unsigned)(id) + 1u) << 8)
#define RANGE_TAKE_POOL_OF(flags) ((((flags) >> 8) & 0xffu) - 1u)
#define RANGE_KEEP_HELD 0x1u /* the freed frame stays held by the caller */
#define RANGE_WHOLE_FRAME 0x2u /* DESTROY_AT: every object of the frame (slot 0 named) */
/* An object address: a frame's pa with the object's slot in the low bits
 * (doc/objects.md, "Objects sized to what they hold"). */
#define OBJ_ADDR_SLOT_MASK 0xfffu
/* CREATE's w0 | this: a Page in the held frame named, its contents left as
 * they are (not zeroed). For the space bank, which knows the frame last held
 * a page of the same bank (doc/spacebank.md, "Zeroing"). */
#define RANGE_CREATE_UNZEROED 0x100u

/* DeviceRange: the frames of one device range; rescinded when it leaves. */
enum device_range_op {
	DEVICE_RANGE_OP_INFO = 0, /* -> w0/w1 = base pa, w2 = frames */
	DEVICE_RANGE_OP_PAGE = 1, /* w0 = frame index, w1 = destination -> Page capability */
};

/* CapPage: 256 capability slots in a frame. */
enum cappage_op {
	CAPPAGE_OP_LOAD = 0, /* w0 = slot, w1 = destination register */
	CAPPAGE_OP_STORE = 1, /* w0 = slot, w1 = source register */
};

/* Endpoints: IPC. A message is 4 words (10 with INV_F_LONG), a badge and at most one cap. */
enum endpoint_op {
	EP_OP_SEND = 0, /* blocks until a receiver takes it (or NONBLOCK) */
	EP_OP_CALL = 1, /* send, then wait for the reply; the receiver gets a Reply cap */
	EP_OP_RECV = 2, /* wait for a message; -> words, badge, cap in recv_slot */
	EP_OP_MINT = 3, /* w0 = destination register, w1 = badge: a badged copy */
	/* REPLY_OP_REPLY through CAP_REPLY (w0-w3, send_cap), then EP_OP_RECV
	 * (recv_slot, flags) in one invocation: a server's loop */
	EP_OP_REPLY_RECV = 4,
	/* w0 = 1: every message a process sends through this endpoint has
	 * the sender's pool stamped in its badge (BADGE_STAMPED); 0: none */
	EP_OP_STAMP_POOL = 5,
};

/* Reply capabilities (one-shot, made by EP_OP_CALL). */
enum reply_op {
	REPLY_OP_REPLY = 0,
};

/* Memory facts: the kernel's ledger and budget. */
enum meminfo_op {
	MEMINFO_OP_LEDGER =
		0, /* w0 = state index -> w0 frames (low), w1 (high); INV_ERR_ARG past the end */
	MEMINFO_OP_BUDGET = 1, /* -> w0/w1 = budget frames */
	MEMINFO_OP_POOL = 2, /* w0 = pool id, w1 = enum pool_info_part: as RANGE_OP_POOL */
};

/* Budget: the kernel's channel to the space bank (doc/spacebank.md). Events
 * queue in a fixed ring; an event is delivered as w0 = kind | drops << 8
 * (drops: events coalesced away since the previous delivery, saturating at
 * 2^24 - 1), w1 = the budget in frames when it was queued, w2/w3 by kind. */
enum budget_op {
	BUDGET_OP_WAIT = 0, /* -> the next event (recv_slot: a DeviceRange for DEVICE_ADD) */
	BUDGET_OP_BIND = 1, /* send_cap = Endpoint or CAP_NONE: deliver events to its receivers */
	BUDGET_OP_RECLAIM = 2, /* w0 = frames the kernel may take (the bank's consent)
				* -> w0 = frames taken, w1 = enum budget_outcome */
	BUDGET_OP_INFO = 3, /* -> w0 = budget, w1 = queued, w2 = drops in all, w3 = reclaim asked */
	BUDGET_OP_RANGE_DONE = 4, /* after BEV_RELEASE_RANGE: the bank gave back what it could
				   * -> w1 = BUDGET_REMOVED / BUDGET_KEPT / BUDGET_NONE */
};
enum budget_event {
	BEV_CONSERVATIVE = 1, /* at boot: before device discovery */
	BEV_RELAXED = 2, /* discovery done, the unneeded reserve released */
	BEV_RAISED = 3, /* hot-plugged RAM arrived; w2 = frames, w3 = slot */
	BEV_LOWERED = 4, /* RAM left, or frames reclaimed, with consent; w2 = frames */
	BEV_DEVICE_ADD = 5, /* w2 = base pfn, w3 = frames; a DeviceRange comes along */
	BEV_DEVICE_REMOVE = 6, /* w2 = base pfn, w3 = frames: every capability to it is stale */
	BEV_RECLAIM = 7, /* w2 = frames the kernel asks for, w3 = the waiting slot */
	BEV_OVERFLOW = 8, /* the ring was full: w1 is the latest budget; rescan devices */
	BEV_RETURNED = 9, /* a device whose headers took reclaimed frames left: w2 = frames
			   * back in banked */
	BEV_RELEASE_RANGE = 10, /* RAM asks to leave: w2 = base pfn, w3 = frames; give back
				 * held frames in it, then BUDGET_OP_RANGE_DONE */
	BEV_BOOT_FREED = 11, /* the boot image's module frames were banked after loading:
			      * w2 = frames */
	BEV_TABLE_RETURNED = 12, /* a table the bank gave (PROC_OP_TABLE) maps nothing any
				  * more and is held again: w2 = its pfn, w3 = the process's
				  * object address (frame pa | slot) */
};
#define BEV_KIND(w0) ((w0)&0xffu)
#define BEV_DROPS(w0) ((w0) >> 8)
/* Badges with BADGE_KERNEL set are the kernel's own: EP_OP_MINT refuses
 * them (INV_ERR_ARG), so a message carrying one was made by the kernel. */
#define BADGE_KERNEL 0x80000000u
/* The badge a receive on a bound endpoint reports for a budget event. */
#define BUDGET_BADGE 0xffffffffu
/* The badge of the kernel's fault message for process `pid`. A handler
 * tells it from a budget event by the endpoint it came on: the budget
 * channel is bound to an endpoint of its own (doc/spacebank.md). */
#define FAULT_BADGE(pid) (BADGE_KERNEL | (unsigned)(pid))
/* The sender's pool, stamped by an endpoint with EP_OP_STAMP_POOL on: bits
 * 22-30 of a process's message's badge become BADGE_STAMPED | its current
 * pool (0..15, or POOL_ANY) << BADGE_POOL_SHIFT, whatever the capability's
 * badge held there, so its receiver's own badges leave them clear. Read
 * when the message is delivered; a kernel message (BADGE_KERNEL) keeps its
 * badge. BADGE_STAMPED tells a stamped pool 0 from no stamp. */
#define BADGE_POOL_SHIFT 22
#define BADGE_STAMPED 0x40000000u
#define BADGE_STAMP_MASK (BADGE_STAMPED | 0xffu << BADGE_POOL_SHIFT)
#define BADGE_POOL_OF(badge) (((badge) >> BADGE_POOL_SHIFT) & 0xffu)
enum budget_outcome {
	BUDGET_NONE = 0, /* nothing was waiting for frames */
	BUDGET_ADDED = 1, /* the waiting device was added */
	BUDGET_REFUSED = 2, /* still short: the device was refused */
	BUDGET_REMOVED = 3, /* every frame of the range was free: the RAM left */
	BUDGET_KEPT = 4, /* frames of the range are still in use: the RAM stays */
};

#endif
