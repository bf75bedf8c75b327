/* The bank tests' driver: starts the space bank with the Range and Budget
 * capabilities (as init does), takes the root bank, runs every UTEST. */
#include "bank.h"

#define B_RANGE 3
#define B_BUDGET 4
#define B_BANK_PROC 5
#define B_BANK_BOOT 6

uint64_t bank_test_banked(void)
{
	uint64_t n = 0;

	meminfo_ledger(B_MEMINFO, 4, &n); /* LEDGER_BANKED */
	return n;
}

void bank_test_clear(void)
{
	for (unsigned r = B_OBJ0; r < CAP_REGS; r++)
		if (r != B_ROOT && r != B_MEMINFO)
			cap_delete(r);
}

int main(void)
{
	if (process_set_cap(B_BANK_PROC, B_RANGE, 1) || process_set_cap(B_BANK_PROC, B_BUDGET, 2))
		return 100;
	if (bank_root(B_BANK_BOOT, B_ROOT)) {
		printf("banktest: no root bank\n");
		return 101;
	}
	bank_test_clear(); /* the driver keeps only the root bank and MemInfo */
	return (int)utest_run_all();
}
