/* The IPC fastpath (DESIGN §8, doc/abi.md "Fastpath"): Call and ReplyRecv
 * (a ReplyRecv may carry or move one capability) to a partner waiting that
 * the scheduler would run next, at the caller's priority or across
 * priorities, handled straight from the system-call entry with a direct
 * switch to the partner, and the CAP_SELF reads (SELF_OP_PID, the null
 * invocation, and PROC_OP_POOL_GET). Anything else takes the general path
 * (kernel/ipc/invoke.c), which gives the same results: the `nofastpath` kernel
 * argument turns the fastpath off so that tests can compare the two. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <kernel/proc.h>

/* Set at boot from the command line (`nofastpath` clears it). */
extern bool ipc_fastpath_on;

/* Takes the running process's system call (in its saved registers) on the
 * fastpath and resumes the partner (no return), or returns having changed
 * nothing. The running process, never another: the direct switch's test
 * (sched_can_take) takes the caller to head the highest ready level. */
void ipc_fastpath(void);
/* Prints `ipc: fastpath on|off call=N replyrecv=M pid=K across=A replycap=R`:
 * how many of each it took (pid: the CAP_SELF reads), and of those how many
 * switched across priorities and how many ReplyRecvs carried a capability
 * (the user tests check that it took some of each, and none when off). */
void ipc_fastpath_report(void);

#endif
