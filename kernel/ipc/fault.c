/* User faults (kernel/include/kernel/fault.h). */
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/obj.h>

void fault_deliver(struct process *p, unsigned vector, uintptr_t addr, uintptr_t pc)
{
	struct obj_ref o;
	struct msg m;

	/* Only a send-capable endpoint capability is ever set (PROC_OP_FAULT,
	 * the loader); the check here keeps delivery honest on its own. */
	if (p->fault.type != CT_ENDPOINT || !cap_has(&p->fault, CR_WRITE) ||
	    cap_resolve(&p->fault, &o) != INV_OK) {
		proc_stop_fault(p, vector, addr);
		return;
	}
	m.w[0] = vector;
	m.w[1] = (uint32_t)addr;
	m.w[2] = (uint32_t)pc;
	m.w[3] = 0;
	m.badge = FAULT_BADGE(p->pid); /* no capability can carry it: EP_OP_MINT */
	cap_clear(&m.cap);
	ipc_send(p, o.kva, &m, true, true, CAP_NONE, false);
}
