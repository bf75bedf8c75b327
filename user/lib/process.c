/* Process invocations: map, unmap, attach a CapPage, set registers and fault
 * handler, start, exit. */
#include <arroyo/user.h>

int process_map(unsigned proc, unsigned page, uint32_t va, unsigned drop_rights, uint32_t *addr)
{
	struct msg m = { { va, drop_rights }, 0 };
	int err = invoke(proc, PROC_OP_MAP, page, CAP_NONE, 0, &m);

	if (!err && addr)
		*addr = m.w[0];
	return err;
}

int process_unmap(unsigned proc, uint32_t addr)
{
	struct msg m = { { addr }, 0 };

	return invoke(proc, PROC_OP_UNMAP, CAP_NONE, CAP_NONE, 0, &m);
}

int process_cappage(unsigned proc, unsigned cappage)
{
	struct msg m = { { 0 }, 0 };

	return invoke(proc, PROC_OP_CAPPAGE, cappage, CAP_NONE, 0, &m);
}

int process_set_cap(unsigned proc, unsigned cap, unsigned dst)
{
	struct msg m = { { dst }, 0 };

	return invoke(proc, PROC_OP_SET_CAP, cap, CAP_NONE, 0, &m);
}

int process_fault(unsigned proc, unsigned ep)
{
	struct msg m = { { 0 }, 0 };

	return invoke(proc, PROC_OP_FAULT, ep, CAP_NONE, 0, &m);
}

int process_start(unsigned proc, uint32_t pc, uint32_t sp, uint32_t arg, unsigned priority)
{
	struct msg m = { { pc, sp, arg, priority }, 0 };

	return invoke(proc, PROC_OP_START, CAP_NONE, CAP_NONE, 0, &m);
}

int process_exit(unsigned proc, int status)
{
	struct msg m = { { (uint32_t)status }, 0 };

	return invoke(proc, SELF_OP_EXIT, CAP_NONE, CAP_NONE, 0, &m);
}

int process_pool_set(unsigned proc, unsigned pool)
{
	struct msg m = { { pool }, 0 };

	return invoke(proc, PROC_OP_POOL_SET, CAP_NONE, CAP_NONE, 0, &m);
}

int process_pool_get(unsigned proc, unsigned *pool)
{
	struct msg m = { { 0 }, 0 };
	int e = invoke(proc, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, &m);

	if (!e)
		*pool = m.w[0];
	return e;
}

int process_pool_at(unsigned proc, uint32_t addr, unsigned *pool, uint64_t *pa)
{
	struct msg m = { { addr }, 0 };
	int e = invoke(proc, PROC_OP_POOL_AT, CAP_NONE, CAP_NONE, 0, &m);

	if (!e) {
		*pool = m.w[0];
		*pa = (uint64_t)m.w[2] << 32 | m.w[1];
	}
	return e;
}
