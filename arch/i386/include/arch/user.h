/* i386 user mode: the types kernel/include/kernel/user_arch.h works on
 * (doc/abi.md, "i386 user mode"). The kernel embeds both in struct process. */
#ifndef ARCH_USER_H
#define ARCH_USER_H

/* Byte offsets of struct arch_user_regs, for the assembly that enters ring 3. */
#define USER_REGS_EAX 0
#define USER_REGS_EBX 4
#define USER_REGS_ECX 8
#define USER_REGS_EDX 12
#define USER_REGS_ESI 16
#define USER_REGS_EDI 20
#define USER_REGS_EBP 24
#define USER_REGS_ESP 28
#define USER_REGS_EIP 32
#define USER_REGS_EFLAGS 36

#ifndef __ASSEMBLY__
#include <lib/types.h>

/* Every register user code can see. The segment registers are implied: cs
 * is always 0x1b and ds, es, fs, gs, ss 0x23 on entry to ring 3, whatever
 * user code loaded into them before it trapped. */
struct arch_user_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp;
	uint32_t eip, eflags;
};

/* One PAE address space. The PDPT is the first 32 bytes of the struct
 * itself, so a process pays no frame for it: struct arch_aspace must lie
 * 32-byte aligned below ARCH_ASPACE_PDPT_LIMIT (CR3 holds 32 bits in PAE
 * mode), at the physical address arch_aspace_init is given. Entry 3 is the
 * kernel's page directory, shared by every space. The user page directories
 * (entries 0-2) and the page tables are taken lazily and may be any frame,
 * above the direct map or 4 GiB included. All zero is an empty space. */
struct arch_aspace {
	uint64_t pdpt[4]; /* 32-byte aligned: the embedding struct asserts it */
	uint32_t pdpt_pa; /* physical address of pdpt; 0 before init */
	uint32_t tables; /* page directories and page tables held */
};
/* Where struct arch_aspace must sit in a struct (an attribute would pad the
 * type to 64 bytes). */
#define ARCH_ASPACE_ALIGN 32

/* arch_aspace_init refuses a space at or above this (or unaligned) with
 * ERR_RANGE. (arch_aspace_map answers ERR_RANGE for a page at or above the
 * CPU's physical limit, arch_pa_limit.) */
#define ARCH_ASPACE_PDPT_LIMIT 0x100000000ull

/* The first address that is not user memory: user spaces cover
 * [0, ARCH_USER_END), the kernel half above is supervisor-only. */
#define ARCH_USER_END 0xC0000000u

/* System-call register i (ARG0..ARG5: eax, ebx, ecx, edx, esi, edi) of r,
 * inline for the IPC fastpath; i is a constant there, so this folds to one
 * field. */
static inline __attribute__((always_inline)) uint32_t *arch_syscall_reg(struct arch_user_regs *r,
									unsigned i)
{
	switch (i) {
	case 0:
		return &r->eax;
	case 1:
		return &r->ebx;
	case 2:
		return &r->ecx;
	case 3:
		return &r->edx;
	case 4:
		return &r->esi;
	default:
		return &r->edi;
	}
}

/* ARG0..ARG5 as one array, in order (eax..edi lie so: user.c asserts it),
 * for the general path, which reads its arguments and writes its results
 * in place. */
static inline __attribute__((always_inline)) uint32_t *arch_syscall_regs(struct arch_user_regs *r)
{
	return (uint32_t *)(void *)r;
}
#endif
/* Whether user addresses are translated: without an MMU a page is used at its
 * physical address. */
#define ARCH_HAS_MMU 1
/* This arch's value of the boot image's arch field (obstore/image.h). */
#define ARCH_IMAGE_ID 1

#endif
