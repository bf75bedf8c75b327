/* The starter half of the system tests' two-process bank clients
 * (bankclient/, stormclient/): the first process starts the space bank with
 * the kernel's Range and Budget, takes the root bank, hands a child bank to
 * the second process on C_EP and waits forever. Both images lay out the
 * capability registers the same way. */
#ifndef TESTS_SYSTEM_BANK_STARTER_H
#define TESTS_SYSTEM_BANK_STARTER_H

#include <arroyo/bank.h>

#define C_SLEEP 1
#define C_RANGE 2
#define C_BUDGET 3
#define C_EP 4
#define C_BANK_PROC 5 /* the starter only */
#define C_BANK_BOOT 6
#define C_ROOT 10
#define C_BANK 11

static inline int bank_starter_run(void)
{
	struct msg m = { { 0 }, 0 };

	if (process_set_cap(C_BANK_PROC, C_RANGE, 1) || process_set_cap(C_BANK_PROC, C_BUDGET, 2) ||
	    bank_root(C_BANK_BOOT, C_ROOT) || bank_child(C_ROOT, C_BANK))
		return 1;
	ep_send(C_EP, &m, C_BANK, 0);
	ep_recv(C_EP, &m, CAP_NONE, 0); /* nobody sends: wait for ever */
	return 0;
}

#endif
