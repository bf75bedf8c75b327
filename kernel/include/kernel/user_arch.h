/* What the kernel's process layer needs from an arch to run user mode
 * (doc/abi.md). Each arch implements it in arch/<arch>/include/arch/user.h
 * (the types, which the kernel embeds in struct process) and in its sources.
 *
 * The kernel runs on one kernel stack with interrupts off (the "interrupt
 * model"): every entry from user mode saves the user registers into the
 * current process, calls one of the kernel_user_* functions below, and the
 * kernel leaves by arch_user_resume, which never returns. Blocking is a state
 * change, never a kernel stack kept waiting. */
#ifndef KERNEL_USER_ARCH_H
#define KERNEL_USER_ARCH_H

#include <arch/user.h>
#include <arroyo/abi.h>
#include <lib/err.h>
#include <lib/types.h>

/* ARG0..ARG5: the registers of a system call (doc/abi.md). */
#define ARCH_SYSCALL_NARGS 6

/* ---- provided by the arch ---- */

/* Sets up registers to enter user mode at entry with stack top sp and one
 * argument (in the first argument register). */
void arch_user_regs_init(struct arch_user_regs *r, uintptr_t entry, uintptr_t sp, uintptr_t arg);

/* System call arguments and results: ARG0..ARG5 of include/arroyo/abi.h. */
uint32_t arch_syscall_arg(const struct arch_user_regs *r, unsigned i);
void arch_syscall_set(struct arch_user_regs *r, unsigned i, uint32_t v);
/* All six at once, ARG0 first: every system call reads its arguments and
 * writes its results this way (one block copy instead of six indexed
 * accesses on the hot path). */
void arch_syscall_args(const struct arch_user_regs *r, uint32_t arg[ARCH_SYSCALL_NARGS]);
void arch_syscall_results(struct arch_user_regs *r, const uint32_t v[ARCH_SYSCALL_NARGS]);
uintptr_t arch_user_pc(const struct arch_user_regs *r);

/* Long messages (doc/abi.md, "Long messages"): words MSG_REG_WORDS.. of
 * an IPC message with INV_F_LONG live in registers (ColdFire) or in a user
 * buffer (i386: at ebp, read and written in the space as that holds it).
 * arch_msg_read copies those r sends into w; `writable`: the same place must
 * also take what r receives (a Call, a ReplyRecv). arch_msg_write puts w where
 * r receives them. Both answer false, having copied nothing, when the place
 * is not user memory r may use that way. */
#ifndef ARCH_MSG_INLINE /* else inline in arch/user.h, as on ColdFire */
bool arch_msg_read(const struct arch_aspace *as, const struct arch_user_regs *r,
		   uint32_t w[MSG_LONG_WORDS], bool writable);
bool arch_msg_write(const struct arch_aspace *as, struct arch_user_regs *r,
		    const uint32_t w[MSG_LONG_WORDS]);
#endif

/* An address space. i386: its own PAE tables (the kernel half shared,
 * supervisor-only); ColdFire: no MMU, so only the bounds the kernel uses to
 * check user addresses. The space itself is the record of what is mapped:
 * the kernel keeps no list beside it. Frames for tables come from frame_fn,
 * which the kernel pays from banked frames; the arch never allocates on its
 * own. as_pa is the physical address of *as (i386 keeps its PDPT in it, so
 * *as must not move and must lie below ARCH_ASPACE_PDPT_LIMIT there). */
typedef enum err (*arch_frame_fn)(void *ctx, pa_t *pa);
enum err arch_aspace_init(struct arch_aspace *as, pa_t as_pa, arch_frame_fn frame_fn, void *ctx);
/* Maps one 4 KiB frame at user address va (page-aligned, below the kernel).
 * writable/exec: permissions where the MMU has them; owned: a mark kept
 * with the mapping for the kernel (the page dies with the process). Takes
 * exactly arch_aspace_tables_needed(as, va) frames from frame_fn, before
 * anything else changes (the kernel hands it frames it already holds).
 * ERR_INVAL for a kernel or unaligned va, ERR_BUSY if already mapped. */
enum err arch_aspace_map(struct arch_aspace *as, uintptr_t va, pa_t pa, bool writable, bool exec,
			 bool owned, arch_frame_fn frame_fn, void *ctx);
/* How many table frames mapping va would take now (0: none). */
unsigned arch_aspace_tables_needed(const struct arch_aspace *as, uintptr_t va);
/* Installs table frame pa (zeroed by the caller) as the first table va
 * still needs; ERR_BUSY when it needs none. */
enum err arch_aspace_add_table(struct arch_aspace *as, uintptr_t va, pa_t pa);
/* The mapping at va: ERR_NOTFOUND if none. */
enum err arch_aspace_lookup(const struct arch_aspace *as, uintptr_t va, pa_t *pa, bool *owned);
/* Removes the mapping at va; ERR_NOTFOUND if none. *pa gets the frame. */
enum err arch_aspace_unmap(struct arch_aspace *as, uintptr_t va, pa_t *pa);
/* Takes out of as the tables that held the mapping at va and map nothing
 * any more (after arch_aspace_unmap), and gives each to fn; returns how
 * many. The kernel calls it after every unmap but the ones of a dying
 * space, so a table returns when the last mapping in its range goes. */
unsigned arch_aspace_shrink(struct arch_aspace *as, uintptr_t va, void (*fn)(void *ctx, pa_t pa),
			    void *ctx);
/* Calls fn for every mapping of as, in no set order. fn may unmap the page
 * it is given (and nothing else) and shrink the space at it. */
typedef void (*arch_map_fn)(void *ctx, struct arch_aspace *as, uintptr_t va, pa_t pa, bool owned);
void arch_aspace_each(struct arch_aspace *as, arch_map_fn fn, void *ctx);
/* Calls fn for every table frame of as (so the kernel can free them), then
 * leaves as empty. User frames mapped in it are not touched. */
void arch_aspace_destroy(struct arch_aspace *as, void (*fn)(void *ctx, pa_t pa), void *ctx);
/* Table frames as holds now. */
unsigned arch_aspace_tables(const struct arch_aspace *as);
/* Whether [va, va + len) is user memory mapped in as (writable if asked). */
bool arch_aspace_check(const struct arch_aspace *as, uintptr_t va, size_t len, bool writable);

/* Enters user mode in as with registers r. Never returns. */
void arch_user_resume(struct arch_aspace *as, struct arch_user_regs *r) __attribute__((noreturn));

/* Waits with interrupts enabled until an interrupt has been handled, then
 * returns with interrupts off (the scheduler's idle loop). */
void arch_wait_for_interrupt(void);

/* ---- provided by the kernel, called by the arch trap code ---- */

/* The registers of the process that was running (where the trap stubs save
 * the user state), or NULL when the kernel itself was running. */
struct arch_user_regs *kernel_user_regs(void);

/* A system call from user mode (registers already saved). Never returns. */
void kernel_user_syscall(void) __attribute__((noreturn));
/* A fault in user mode: vector and fault address (0 if the core gives
 * none). Never returns. */
void kernel_user_fault(unsigned vector, uintptr_t addr) __attribute__((noreturn));
/* An interrupt taken while in user mode, after its handler ran: lets the
 * scheduler preempt. Never returns. */
void kernel_user_interrupt(void) __attribute__((noreturn));

#endif
