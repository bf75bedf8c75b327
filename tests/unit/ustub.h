/* Host stand-ins for the arch's user-mode interface and frame memory
 * (arch/host/), on top of kstub's fake machine. */
#ifndef TESTS_UNIT_USTUB_H
#define TESTS_UNIT_USTUB_H

#include <kernel/invoke.h>

/* A fake machine of `frames` banked frames (plus a small reserve) whose
 * frames have host memory; objects, processes and the scheduler reset. */
void ustub_machine(unsigned frames);
/* Lets `ticks` timer ticks pass, then gives the scheduler its tick. */
void ustub_advance(unsigned ticks);
/* Status passed to kernel_init_exit, or -1. */
extern int ustub_init_status;
/* What console_put wrote. */
extern char ustub_console[1024];

/* Invokes as p: header fields and words; returns the error (or
 * INV_NO_RESULT) and leaves the results in p's registers. */
int ustub_invoke(struct process *p, unsigned cap, unsigned op, unsigned send_cap,
		 unsigned recv_slot, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3,
		 uint32_t flags);
/* Result register i (0 error, 1-4 words, 5 badge) of p. */
uint32_t ustub_result(const struct process *p, unsigned i);
/* A capability of type (CT_PROCESS, CT_REPLY) to process q in *c. */
void ustub_mint_process(struct cap *c, unsigned type, unsigned rights, const struct process *q);
/* Pages mapped in p's stub space, and the i-th of them. */
unsigned ustub_mapped(const struct process *p);
bool ustub_map_at(const struct process *p, unsigned i, pa_t *pa, bool *writable);
/* A running process with a Range capability in register 0. */
struct process *ustub_process(void);
/* A fresh machine of 64 frames with n processes in procs[], sharing one
 * Endpoint (made by procs[0]) in register reg. */
void ustub_shared_endpoint(struct process **procs, unsigned n, unsigned reg);

#endif
