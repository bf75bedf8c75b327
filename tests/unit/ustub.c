/* Host stand-ins for user mode and frame memory (ustub.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/obj.h>
#include <kernel/objmem.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

#include "kstub.h"
#include "ustub.h"

#define USTUB_RESERVE 4

static uint8_t *ram;
static unsigned ram_frames;
uint64_t ustub_ticks;
int ustub_init_status = -1;
char ustub_console[1024];

void ustub_machine(unsigned frames)
{
	ram_frames = frames + USTUB_RESERVE;
	free(ram);
	ram = aligned_alloc(PAGE_SIZE, (size_t)ram_frames << PAGE_SHIFT);
	memset(ram, 0xa5, (size_t)ram_frames << PAGE_SHIFT); /* objects must be zeroed */
	kstub_machine(ram_frames, USTUB_RESERVE);
	obj_reset();
	proc_reset();
	sched_init();
	ustub_ticks = 0;
	ustub_init_status = -1;
	ustub_console[0] = 0;
}

bool objmem_direct(pa_t pa)
{
	return pa >= KSTUB_RAM_BASE &&
	       pa + PAGE_SIZE <= KSTUB_RAM_BASE + ((pa_t)ram_frames << PAGE_SHIFT);
}

void *objmem_kva(pa_t pa)
{
	ck_assert(objmem_direct(pa));
	return ram + (pa - KSTUB_RAM_BASE);
}

void objmem_zero(pa_t pa)
{
	memset(objmem_kva(pa), 0, PAGE_SIZE);
}

void objmem_write(pa_t pa, uint32_t off, const void *src, uint32_t n)
{
	ck_assert_uint_le(off + n, PAGE_SIZE);
	memcpy((uint8_t *)objmem_kva(pa) + off, src, n);
}

uint64_t timer_ticks(void)
{
	return ustub_ticks;
}

void kernel_init_exit(int32_t status)
{
	ustub_init_status = status;
}

void console_put(const char *s, unsigned n)
{
	size_t len = strlen(ustub_console);

	ck_assert_uint_lt(len + n, sizeof(ustub_console));
	memcpy(ustub_console + len, s, n);
	ustub_console[len + n] = 0;
}

/* ---- the arch's user-mode interface ---- */
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
	if (as->count == USTUB_MAPS)
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

/* ---- helpers ---- */
int ustub_invoke(struct process *p, unsigned cap, unsigned op, unsigned send_cap,
		 unsigned recv_slot, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3,
		 uint32_t flags)
{
	uint32_t arg[6] = { INV_HEADER(cap, op, send_cap, recv_slot), w0, w1, w2, w3, flags };

	return inv_run(p, arg);
}

uint32_t ustub_result(const struct process *p, unsigned i)
{
	return p->regs.arg[i];
}

struct process *ustub_process(void)
{
	struct process *p;

	ck_assert_int_eq(proc_create(OBJ_FRAME_ANY, &p), INV_OK);
	cap_mint_service(&p->cregs[0], CT_RANGE, CR_ALL);
	p->prio = 10;
	sched_ready(p);
	return p;
}
