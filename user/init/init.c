/* init: the first process of `make run`. It greets through the Console and
 * prints the kernel's memory facts, then exits 0 (the kernel halts with it).
 * Capability registers, from init.img.txt: 0 console, 1 meminfo. */
#include <arroyo/user.h>

#define INIT_MEMINFO 1

/* The ledger's states in the kernel's order (kernel/include/kernel/ledger.h);
 * an index past the names is still printed, by number. */
static const char *const init_states[] = { "image",  "fixed_heap", "header_region", "reserve",
					   "banked", "device",	   "boot",	    "objects" };

static void init_print_ledger(void)
{
	uint64_t frames, total = 0;
	unsigned i;

	printf("init: ledger");
	for (i = 0; meminfo_ledger(INIT_MEMINFO, i, &frames) == INV_OK; i++) {
		if (i < sizeof init_states / sizeof init_states[0])
			printf(" %s=%llu", init_states[i], (unsigned long long)frames);
		else
			printf(" state%u=%llu", i, (unsigned long long)frames);
		total += frames;
	}
	printf(" total=%llu frames\n", (unsigned long long)total);
}

int main(void)
{
	uint64_t budget;
	uint32_t pid = 0;

	self_pid(&pid);
	printf("init: hello from user mode (pid %u)\n", (unsigned)pid);
	init_print_ledger();
	if (meminfo_budget(INIT_MEMINFO, &budget) == INV_OK)
		printf("init: budget=%llu frames (%llu KiB)\n", (unsigned long long)budget,
		       (unsigned long long)(budget << 2));
	else
		printf("init: budget unavailable\n");
	return 0;
}
