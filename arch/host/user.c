/* The host port's user mode: registers as an array, an address space as a
 * short list of mappings with one table frame taken at creation. Nothing
 * runs in user mode on the host: the tests call the invocation path with
 * the registers a trap would have saved. */
#include <string.h>

#include <arch/host_check.h>
#include <kernel/user_arch.h>

void arch_user_regs_init(struct arch_user_regs *r, uintptr_t entry, uintptr_t sp, uintptr_t arg)
{
	memset(r, 0, sizeof(*r));
	r->pc = entry;
	r->sp = sp;
	r->arg[0] = (uint32_t)arg;
}

uint32_t arch_syscall_arg(const struct arch_user_regs *r, unsigned i)
{
	return r->arg[i];
}

void arch_syscall_set(struct arch_user_regs *r, unsigned i, uint32_t v)
{
	r->arg[i] = v;
}

void arch_syscall_args(const struct arch_user_regs *r, uint32_t arg[ARCH_SYSCALL_NARGS])
{
	memcpy(arg, r->arg, sizeof(r->arg));
}

void arch_syscall_results(struct arch_user_regs *r, const uint32_t v[ARCH_SYSCALL_NARGS])
{
	memcpy(r->arg, v, sizeof(r->arg));
}

uintptr_t arch_user_pc(const struct arch_user_regs *r)
{
	return r->pc;
}

enum err arch_aspace_init(struct arch_aspace *as, arch_frame_fn frame_fn, void *ctx)
{
	as->count = 0;
	return frame_fn(ctx, &as->table);
}

enum err arch_aspace_map(struct arch_aspace *as, uintptr_t va, pa_t pa, bool writable, bool exec,
			 arch_frame_fn frame_fn, void *ctx)
{
	(void)exec;
	(void)frame_fn;
	(void)ctx;
	if ((va & (PAGE_SIZE - 1)) || va >= ARCH_USER_END)
		return ERR_INVAL;
	for (uint32_t i = 0; i < as->count; i++)
		if (as->va[i] == va)
			return ERR_BUSY;
	if (as->count == HOST_ASPACE_MAPS)
		return ERR_NOMEM;
	as->va[as->count] = (uint32_t)va;
	as->pa[as->count] = pa;
	as->writable[as->count++] = writable;
	return ERR_OK;
}

enum err arch_aspace_unmap(struct arch_aspace *as, uintptr_t va, pa_t *pa)
{
	for (uint32_t i = 0; i < as->count; i++)
		if (as->va[i] == va) {
			*pa = as->pa[i];
			as->count--;
			as->va[i] = as->va[as->count];
			as->pa[i] = as->pa[as->count];
			as->writable[i] = as->writable[as->count];
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

void arch_aspace_destroy(struct arch_aspace *as, void (*fn)(void *ctx, pa_t pa), void *ctx)
{
	if (as->table)
		fn(ctx, as->table);
	as->table = 0;
	as->count = 0;
}

bool arch_aspace_check(const struct arch_aspace *as, uintptr_t va, size_t len, bool writable)
{
	(void)as;
	(void)va;
	(void)len;
	(void)writable;
	return false;
}

void arch_user_resume(struct arch_aspace *as, struct arch_user_regs *r)
{
	(void)as;
	(void)r;
	HOST_CHECK(!"user mode is never entered on the host");
	abort();
}

void arch_wait_for_interrupt(void)
{
}
