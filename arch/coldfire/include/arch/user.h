/* User mode on ColdFire (kernel/user_arch.h, doc/abi.md "ColdFire user mode").
 *
 * A process runs with SR.S clear on its own stack pointer (USP); the kernel
 * runs on the supervisor stack. There is no MMU: user addresses are physical
 * addresses, and an address space is only the list of pages the kernel has
 * given the process, which the kernel consults before it touches user memory
 * on the process's behalf. */
#ifndef ARCH_USER_H
#define ARCH_USER_H

/* Byte offsets of struct arch_user_regs, for user_entry.S. */
#define USER_REGS_USP 60
#define USER_REGS_PC 64
#define USER_REGS_SR 68
/* What a resume keeps of the process's SR: the condition codes. S, T, M and
 * the interrupt mask are the kernel's: user code runs at IPL 0. */
#define USER_SR_CCR 0x001f

#ifndef __ASSEMBLY__
#include <arroyo/abi.h>
#include <lib/types.h>

/* The registers of a process while it is not running. */
struct arch_user_regs {
	uint32_t d[8];
	uint32_t a[7];
	uint32_t usp; /* a7 in user mode */
	uint32_t pc;
	/* Only the condition codes (bits 4:0) survive a resume. Every value
	 * here is a user-mode SR's, its upper byte 0, so that the system call
	 * saves the low byte alone (syscall_entry.S). */
	uint32_t sr;
};

_Static_assert(sizeof(struct arch_user_regs) == 72, "user_entry.S loads d0-d7/a0-a6 from 0");
_Static_assert(__builtin_offsetof(struct arch_user_regs, usp) == USER_REGS_USP, "layout");
_Static_assert(__builtin_offsetof(struct arch_user_regs, pc) == USER_REGS_PC, "layout");
_Static_assert(__builtin_offsetof(struct arch_user_regs, sr) == USER_REGS_SR, "layout");

/* ARG0..ARG5 of include/arroyo/abi.h are d0-d5. */
#define ARCH_SYSCALL_ARGS 6

/* An address space: the pages mapped in it, one 32-bit entry per page (the
 * page address, bit 0 = writable, bit 1 = owned by the process), sorted by
 * address. Pages are mapped 1:1 (va == pa). The first ARCH_ASPACE_INLINE
 * entries live here, in the process's own slot, so a small process pays no
 * frame for them; beyond that they move to a chain of table frames the
 * kernel pays for (arch_frame_fn), 1023 entries and a link each, as many as
 * are paid for. Two inline entries (a program's page and its stack page)
 * are what fits beside the grant table in the 512-byte slot of struct
 * process: 20 bytes there. */
#define ARCH_ASPACE_INLINE 2

struct arch_aspace {
	uint32_t count; /* pages mapped */
	uint32_t first; /* physical address of the first table frame; 0: inline */
	uint32_t tables; /* table frames in the chain */
	uint32_t entry[ARCH_ASPACE_INLINE]; /* the entries while there is no table frame */
};
/* Where struct arch_aspace must sit in a struct: no constraint beyond the ABI's. */
#define ARCH_ASPACE_ALIGN 2

/* User addresses are physical addresses, so any page may be user memory
 * except the last one (then va + PAGE_SIZE never wraps; nothing of the
 * MCF5208 lives there) and, refused by arch_aspace_map, the kernel image's.
 * The kernel's other frames stay out of address spaces only because the
 * kernel never hands them out. */
#define ARCH_USER_END 0xfffff000u

/* System-call register i (ARG0..ARG5: d0..d5) of r, inline for the IPC
 * fastpath. */
static inline __attribute__((always_inline)) uint32_t *arch_syscall_reg(struct arch_user_regs *r,
									unsigned i)
{
	return &r->d[i];
}

/* ARG0..ARG5 as one array, in order (d0-d5), for the general path, which
 * reads its arguments and writes its results in place. */
static inline __attribute__((always_inline)) uint32_t *arch_syscall_regs(struct arch_user_regs *r)
{
	return r->d;
}

/* Long messages (kernel/user_arch.h, doc/abi.md "Long messages"): words
 * 4..9 travel in d6, d7 and a0-a3, so there is no buffer to check and
 * nothing can fail; inline, so that the fastpath's long cases copy them
 * register to register. */
#define ARCH_MSG_INLINE 1

static inline __attribute__((always_inline)) bool arch_msg_read(const struct arch_aspace *as,
								const struct arch_user_regs *r,
								uint32_t w[MSG_LONG_WORDS],
								bool writable)
{
	(void)as;
	(void)writable;
	w[0] = r->d[6];
	w[1] = r->d[7];
	for (unsigned i = 2; i < MSG_LONG_WORDS; i++)
		w[i] = r->a[i - 2];
	return true;
}

static inline __attribute__((always_inline)) bool arch_msg_write(const struct arch_aspace *as,
								 struct arch_user_regs *r,
								 const uint32_t w[MSG_LONG_WORDS])
{
	(void)as;
	r->d[6] = w[0];
	r->d[7] = w[1];
	for (unsigned i = 2; i < MSG_LONG_WORDS; i++)
		r->a[i - 2] = w[i];
	return true;
}
#endif
/* Whether user addresses are translated: without an MMU a page is used at its
 * physical address. */
#define ARCH_HAS_MMU 0
/* This arch's value of the boot image's arch field (obstore/image.h). */
#define ARCH_IMAGE_ID 2

#endif
