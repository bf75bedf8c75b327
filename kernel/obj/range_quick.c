/* The space bank's two Range calls per page, straight from the registers
 * (kernel/include/kernel/invoke.h, doc/abi.md "Performance"): a Page made
 * in a frame the caller names (RANGE_OP_CREATE of CT_PAGE, zeroed or not),
 * and a Page destroyed by its address (RANGE_OP_DESTROY_AT, the frame kept
 * held or not). Only the shape that succeeds is taken here, through the
 * same steps as range.c and range_chunk.c (obj_alloc_named and obj_free,
 * for a Page; the map filter), with the same results; every other case, errors included,
 * declines before it changes anything and takes the general path.
 * tests/unit/test_range_quick.c runs each case both ways. */
#include <kernel/invoke.h>
#include <kernel/obj.h>
#include <kernel/range_page.h>

bool range_quick_on = true;

/* The results of a call that succeeded: INV_OK, words w0 (w1 = 0: below
 * 4 GiB), n, n; badge 0. */
static void range_quick_result(struct process *p, uint32_t w0, uint32_t n)
{
	uint32_t *res = arch_syscall_regs(&p->regs);

	res[0] = INV_OK;
	res[1] = w0;
	res[2] = 0;
	res[3] = n;
	res[4] = n;
	res[5] = 0;
}

/* w0 = CT_PAGE (| RANGE_CREATE_UNZEROED), w1 = an empty register, w2 = the
 * frame, below 4 GiB and page-aligned (w3 = 0). range_create's results:
 * the address (the frame), one object in a frame of one. */
static bool range_quick_create(struct process *p, const uint32_t *arg)
{
	uint32_t type = arg[1], reg = arg[2], pa = arg[3];
	bool kept = type & RANGE_CREATE_UNZEROED;
	struct range_page pg;

	if ((type & ~RANGE_CREATE_UNZEROED) != CT_PAGE || reg >= CAP_REGS || arg[4] ||
	    !cap_is_empty(&p->cregs[reg]) ||
	    !range_page_ready(INV_F_PAGE_MAKE | (kept ? INV_F_PAGE_UNZEROED : 0), pa, 0, &pg))
		return false;
	range_page_make(&pg, kept, &p->cregs[reg]);
	range_quick_result(p, pa, 1);
	return true;
}

/* w0/w1 = a Page's address below 4 GiB, w2 = 0 or RANGE_KEEP_HELD.
 * range_destroy_at's steps for a Page no process owns: unmapped
 * everywhere, freed (every capability to it stale), held if asked; no
 * object is left in the frame. */
static bool range_quick_destroy(struct process *p, const uint32_t *arg)
{
	uint32_t pa = arg[1], flags = arg[3];
	struct range_page pg;

	if (arg[2] || (flags & ~RANGE_KEEP_HELD) ||
	    !range_page_ready(INV_F_PAGE_DESTROY, pa, 0, &pg))
		return false;
	range_page_destroy(&pg, flags & RANGE_KEEP_HELD);
	range_quick_result(p, 0, 0);
	return true;
}

bool range_quick(struct process *p, const uint32_t arg[6])
{
	const struct cap *c = &p->cregs[INV_CAP(arg[0])];

	/* inv_dispatch's checks on the way to range_invoke's two cases: a
	 * Range with write, not weak; no flags; no send or receive asked. */
	_Static_assert(INV_SEND_CAP(0xffff0000u) == CAP_NONE &&
			       INV_RECV_SLOT(0xffff0000u) == CAP_NONE,
		       "send_cap and recv_slot are the header's top half");
	if (arg[5] || (arg[0] & 0xffff0000u) != 0xffff0000u ||
	    (c->rights & (CR_WRITE | CR_WEAK)) != CR_WRITE)
		return false;
	if (INV_OP(arg[0]) == RANGE_OP_CREATE)
		return range_quick_create(p, arg);
	if (INV_OP(arg[0]) == RANGE_OP_DESTROY_AT)
		return range_quick_destroy(p, arg);
	return false;
}
