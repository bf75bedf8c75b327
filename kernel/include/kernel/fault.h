/* User faults (doc/objects.md, "Faults"): a fault goes to the process's
 * fault-handler endpoint as a call the kernel makes on its behalf (w0 =
 * vector, w1 = address, w2 = pc, badge = pid) and the process waits for the
 * handler's reply; without a live handler it stops, and the console says
 * `fault: pid=<n> vector=<v> addr=<hex>`. */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <kernel/proc.h>

void fault_deliver(struct process *p, unsigned vector, uintptr_t addr, uintptr_t pc);

#endif
