/* Host stand-ins for user mode and frame memory (ustub.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/obj.h>
#include <arch/host.h>
#include <kernel/sched.h>
#include <kernel/timer.h>

#include "kstub.h"
#include "ustub.h"

#define USTUB_RESERVE 4

static uint8_t *ram;
static unsigned ram_frames;
int ustub_init_status = -1;
char ustub_console[1024];

void ustub_machine(unsigned frames)
{
	ram_frames = frames + USTUB_RESERVE;
	host_ram_lend(0, 0, NULL);
	free(ram);
	ram = aligned_alloc(PAGE_SIZE, (size_t)ram_frames << PAGE_SHIFT);
	memset(ram, 0xa5, (size_t)ram_frames << PAGE_SHIFT); /* objects must be zeroed */
	host_ram_lend(KSTUB_RAM_BASE, (uint64_t)ram_frames << PAGE_SHIFT, ram);
	kstub_machine(ram_frames, USTUB_RESERVE);
	obj_reset();
	proc_reset();
	host_aspace_reset();
	sched_init();
	ustub_init_status = -1;
	ustub_console[0] = 0;
}

void ustub_advance(unsigned ticks)
{
	while (ticks--)
		timer_tick();
	sched_tick(timer_ticks());
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

/* ---- helpers ---- */
int ustub_invoke(struct process *p, unsigned cap, unsigned op, unsigned send_cap,
		 unsigned recv_slot, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3,
		 uint32_t flags)
{
	uint32_t arg[6] = { INV_HEADER(cap, op, send_cap, recv_slot), w0, w1, w2, w3, flags };

	/* In the registers too, as the trap saves them: IPC reads a waiting
	 * process's flags there (ipc_wants_long). */
	arch_syscall_results(&p->regs, arg);
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

unsigned ustub_mapped(const struct process *p)
{
	return host_aspace_mapped(&p->as);
}

bool ustub_map_at(const struct process *p, unsigned i, pa_t *pa, bool *writable)
{
	return host_aspace_map_at(&p->as, i, pa, writable);
}

void ustub_mint_process(struct cap *c, unsigned type, unsigned rights, const struct process *q)
{
	struct obj_ref r;

	proc_ref(q, &r);
	cap_mint(c, type, rights, &r);
}

void ustub_shared_endpoint(struct process **procs, unsigned n, unsigned reg)
{
	ustub_machine(64);
	for (unsigned i = 0; i < n; i++)
		procs[i] = ustub_process();
	ck_assert_int_eq(ustub_invoke(procs[0], 0, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_ENDPOINT,
				      reg, RANGE_ANY, RANGE_ANY, 0),
			 INV_OK);
	for (unsigned i = 1; i < n; i++)
		procs[i]->cregs[reg] = procs[0]->cregs[reg];
}
