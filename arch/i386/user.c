/* Entering ring 3 and the register side of the system call ABI
 * (kernel/include/kernel/user_arch.h, include/arroyo/abi.h). */
#include <stddef.h>

#include <kernel/kprintf.h>
#include <kernel/user_arch.h>

#include "aspace.h"
#include "paging.h"
#include "trap.h"

_Static_assert(offsetof(struct arch_user_regs, eax) == USER_REGS_EAX, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, ebx) == USER_REGS_EBX, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, ecx) == USER_REGS_ECX, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, edx) == USER_REGS_EDX, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, esi) == USER_REGS_ESI, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, edi) == USER_REGS_EDI, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, ebp) == USER_REGS_EBP, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, esp) == USER_REGS_ESP, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, eip) == USER_REGS_EIP, "user_entry.S");
_Static_assert(offsetof(struct arch_user_regs, eflags) == USER_REGS_EFLAGS, "user_entry.S");
_Static_assert(sizeof(struct arch_user_regs) == 40, "struct arch_user_regs");
_Static_assert(sizeof(struct arch_aspace) == 40, "struct arch_aspace: the PDPT and two words");

#define EFLAGS_FIXED 0x00000002u /* bit 1 always reads 1 */
#define EFLAGS_IF 0x00000200u
/* What user code may own: CF PF AF ZF SF TF DF OF AC ID. Never IOPL, NT, VM,
 * RF or VIF/VIP: those would hand ring 3 the ports or a v8086 task. */
#define EFLAGS_USER 0x00240dd5u

/* eflags (sanitised) in eax, r in edx (regparm): where arch_user_resume
 * has them, so nothing goes through memory on the way. */
void i386_user_iret(uint32_t eflags, const struct arch_user_regs *r)
	__attribute__((noreturn, regparm(2)));

/* The argument goes in eax, the ABI's ARG0 (doc/abi.md). */
void arch_user_regs_init(struct arch_user_regs *r, uintptr_t entry, uintptr_t sp, uintptr_t arg)
{
	*r = (struct arch_user_regs){ 0 };
	r->eax = arg;
	r->esp = sp;
	r->eip = entry;
	r->eflags = EFLAGS_FIXED | EFLAGS_IF;
}

uint32_t arch_syscall_arg(const struct arch_user_regs *r, unsigned i)
{
	return i < ARCH_SYSCALL_NARGS ? *arch_syscall_reg((struct arch_user_regs *)r, i) : 0;
}

void arch_syscall_set(struct arch_user_regs *r, unsigned i, uint32_t v)
{
	if (i < ARCH_SYSCALL_NARGS)
		*arch_syscall_reg(r, i) = v;
}

void arch_syscall_args(const struct arch_user_regs *r, uint32_t arg[ARCH_SYSCALL_NARGS])
{
	arg[0] = r->eax;
	arg[1] = r->ebx;
	arg[2] = r->ecx;
	arg[3] = r->edx;
	arg[4] = r->esi;
	arg[5] = r->edi;
}

void arch_syscall_results(struct arch_user_regs *r, const uint32_t v[ARCH_SYSCALL_NARGS])
{
	r->eax = v[0];
	r->ebx = v[1];
	r->ecx = v[2];
	r->edx = v[3];
	r->esi = v[4];
	r->edi = v[5];
}

uintptr_t arch_user_pc(const struct arch_user_regs *r)
{
	return r->eip;
}

/* Where syscall_entry.S saves the registers of the next system call: those
 * of the process that arch_user_resume entered last, the one in ring 3. */
struct arch_user_regs *i386_user_regs;

void arch_user_resume(struct arch_aspace *as, struct arch_user_regs *r)
{
	_Static_assert(ARCH_ASPACE_PDPT_LIMIT == 0x100000000ull, "a PDPT below 4 GiB");
	if (!as->pdpt_pa)
		panic("user: resume in an address space without a PDPT");
	if (paging_cr3() != as->pdpt_pa) /* TSS esp0 is always boot_stack_top */
		paging_load_cr3(as->pdpt_pa);
	i386_user_regs = r;
	/* Only the frame's copy is sanitised: iret takes that one. */
	i386_user_iret((r->eflags & EFLAGS_USER) | EFLAGS_IF | EFLAGS_FIXED, r);
}

void arch_wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
