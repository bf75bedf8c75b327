/* init: the first process of `make run` (user/init/init.img.txt). It starts
 * the space bank by handing it the Range and Budget capabilities, takes the
 * root bank, gives the tour (user/demo/) a child bank limited to 64 frames,
 * waits for it, and exits 0; the kernel prints the final ledger and halts. */
#include <arroyo/bank.h>

#define INIT_MEMINFO 1
#define INIT_RANGE 3
#define INIT_BUDGET 4
#define INIT_BANK_PROC 5
#define INIT_BANK_BOOT 6
#define INIT_DEMO 7
#define INIT_ROOT 10
#define INIT_CHILD 11

/* The space bank's registers for them (spacebank/bank.h). */
#define BANK_RANGE_REG 1
#define BANK_BUDGET_REG 2

int main(void)
{
	uint64_t budget = 0;
	struct msg m = { { 0 }, 0 };
	int e;

	meminfo_budget(INIT_MEMINFO, &budget);
	printf("init: budget=%llu frames; starting the space bank\n", (unsigned long long)budget);
	if (process_set_cap(INIT_BANK_PROC, INIT_RANGE, BANK_RANGE_REG) ||
	    process_set_cap(INIT_BANK_PROC, INIT_BUDGET, BANK_BUDGET_REG))
		return 1;
	cap_delete(INIT_RANGE); /* from here on only the bank makes objects */
	cap_delete(INIT_BUDGET);
	e = bank_root(INIT_BANK_BOOT, INIT_ROOT);
	cap_delete(INIT_BANK_BOOT); /* the unbadged bootstrap could mint any bank's badge */
	if (!e)
		e = bank_child(INIT_ROOT, INIT_CHILD);
	if (!e)
		e = bank_set_limit(INIT_CHILD, BANK_KIND_FRAMES, 64);
	if (e) {
		printf("init: the space bank refused: %s\n", bank_err_name(e));
		return 2;
	}
	printf("init: child bank for the tour (64 frames)\n");
	if (ep_call(INIT_DEMO, &m, INIT_CHILD, CAP_NONE) || m.w[0]) {
		printf("init: the tour failed at step %u\n", (unsigned)m.w[0]);
		return 3;
	}
	printf("init: tour done\n");
	return 0;
}
