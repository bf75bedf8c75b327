/* The host port's user mode: registers as an array, an address space as a
 * short list of mappings kept here, with one table frame taken by its first
 * map. Nothing
 * runs in user mode on the host: the tests call the invocation path with
 * the registers a trap would have saved. */
#include <string.h>

#include <arch/host.h>
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

/* The port's address spaces: up to HOST_ASPACE_MAPS mappings each. */
#define HOST_ASPACES 64
#define HOST_ASPACE_MAPS 32

static struct host_space {
	bool used;
	uint32_t count;
	uint32_t va[HOST_ASPACE_MAPS];
	pa_t pa[HOST_ASPACE_MAPS];
	bool writable[HOST_ASPACE_MAPS], owned[HOST_ASPACE_MAPS];
} host_spaces[HOST_ASPACES];

void host_aspace_reset(void)
{
	memset(host_spaces, 0, sizeof(host_spaces));
}

static struct host_space *host_space(const struct arch_aspace *as)
{
	HOST_CHECK(as->space);
	return &host_spaces[as->space - 1];
}

unsigned host_aspace_mapped(const struct arch_aspace *as)
{
	return host_space(as)->count;
}

bool host_aspace_map_at(const struct arch_aspace *as, unsigned i, pa_t *pa, bool *writable)
{
	const struct host_space *s = host_space(as);

	if (i >= s->count)
		return false;
	*pa = s->pa[i];
	*writable = s->writable[i];
	return true;
}

enum err arch_aspace_init(struct arch_aspace *as, pa_t as_pa, arch_frame_fn frame_fn, void *ctx)
{
	(void)as_pa;
	(void)frame_fn;
	(void)ctx;
	as->table = 0;
	for (unsigned i = 0; i < HOST_ASPACES; i++)
		if (!host_spaces[i].used) {
			memset(&host_spaces[i], 0, sizeof(host_spaces[i]));
			host_spaces[i].used = true;
			as->space = i + 1;
			return ERR_OK;
		}
	return ERR_NOMEM;
}

unsigned arch_aspace_tables_needed(const struct arch_aspace *as, uintptr_t va)
{
	(void)va;
	return as->table ? 0 : 1;
}

unsigned arch_aspace_tables(const struct arch_aspace *as)
{
	return as->table ? 1 : 0;
}

enum err arch_aspace_add_table(struct arch_aspace *as, uintptr_t va, pa_t pa)
{
	if (!arch_aspace_tables_needed(as, va))
		return ERR_BUSY;
	as->table = pa;
	return ERR_OK;
}

enum err arch_aspace_map(struct arch_aspace *as, uintptr_t va, pa_t pa, bool writable, bool exec,
			 bool owned, arch_frame_fn frame_fn, void *ctx)
{
	struct host_space *s = host_space(as);
	enum err e;

	(void)exec;
	if ((va & (PAGE_SIZE - 1)) || va >= ARCH_USER_END)
		return ERR_INVAL;
	for (uint32_t i = 0; i < s->count; i++)
		if (s->va[i] == va)
			return ERR_BUSY;
	if (s->count == HOST_ASPACE_MAPS)
		return ERR_NOMEM;
	if (!as->table) {
		e = frame_fn(ctx, &as->table);
		if (e != ERR_OK)
			return e;
	}
	s->va[s->count] = (uint32_t)va;
	s->pa[s->count] = pa;
	s->writable[s->count] = writable;
	s->owned[s->count] = owned;
	s->count++;
	return ERR_OK;
}

enum err arch_aspace_lookup(const struct arch_aspace *as, uintptr_t va, pa_t *pa, bool *owned)
{
	const struct host_space *s = host_space(as);

	for (uint32_t i = 0; i < s->count; i++)
		if (s->va[i] == va) {
			*pa = s->pa[i];
			*owned = s->owned[i];
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

enum err arch_aspace_unmap(struct arch_aspace *as, uintptr_t va, pa_t *pa)
{
	struct host_space *s = host_space(as);

	for (uint32_t i = 0; i < s->count; i++)
		if (s->va[i] == va) {
			*pa = s->pa[i];
			s->count--;
			s->va[i] = s->va[s->count];
			s->pa[i] = s->pa[s->count];
			s->writable[i] = s->writable[s->count];
			s->owned[i] = s->owned[s->count];
			return ERR_OK;
		}
	return ERR_NOTFOUND;
}

/* The one table goes with the last mapping. */
unsigned arch_aspace_shrink(struct arch_aspace *as, uintptr_t va, void (*fn)(void *ctx, pa_t pa),
			    void *ctx)
{
	pa_t t = as->table;

	(void)va;
	if (!t || host_space(as)->count)
		return 0;
	as->table = 0;
	fn(ctx, t);
	return 1;
}

/* From the last down: fn may unmap the entry it is given. */
void arch_aspace_each(struct arch_aspace *as, arch_map_fn fn, void *ctx)
{
	struct host_space *s = host_space(as);

	for (uint32_t i = s->count; i-- > 0;)
		if (i < s->count)
			fn(ctx, as, s->va[i], s->pa[i], s->owned[i]);
}

void arch_aspace_destroy(struct arch_aspace *as, void (*fn)(void *ctx, pa_t pa), void *ctx)
{
	if (as->table)
		fn(ctx, as->table);
	as->table = 0;
	if (as->space)
		host_space(as)->used = false;
	as->space = 0;
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
	HOST_CHECK(host_resume_armed && "user mode is never entered on the host");
	host_resume_armed = false;
	host_resumed = r;
	longjmp(host_halt_jmp, 2);
}

void arch_wait_for_interrupt(void)
{
	if (host_idle_fn)
		host_idle_fn();
}

/* Long messages: words 4.. as registers of their own, as on ColdFire; a
 * test makes the buffer "unusable" with HOST_MSG_BAD in extra[0] of the
 * process that reads or writes them, so the general path's answer to a bad
 * i386 buffer runs on the host too. */
bool arch_msg_read(const struct arch_aspace *as, const struct arch_user_regs *r,
		   uint32_t w[MSG_LONG_WORDS], bool writable)
{
	(void)as;
	(void)writable;
	if (r->extra[0] == HOST_MSG_BAD)
		return false;
	memcpy(w, r->extra, sizeof(r->extra));
	return true;
}

bool arch_msg_write(const struct arch_aspace *as, struct arch_user_regs *r,
		    const uint32_t w[MSG_LONG_WORDS])
{
	(void)as;
	if (r->extra[0] == HOST_MSG_BAD)
		return false;
	memcpy(r->extra, w, sizeof(r->extra));
	return true;
}
