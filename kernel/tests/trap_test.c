/* ktests of the trap path: a breakpoint is caught by the trap hook and resumed. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/trap_hook.h>

struct trap_seen {
	unsigned count;
	unsigned vector;
};

static bool trap_test_hook(unsigned vector, uintptr_t pc, void *ctx)
{
	struct trap_seen *seen = ctx;

	(void)pc;
	seen->count++;
	seen->vector = vector;
	return vector == ARCH_BREAKPOINT_VECTOR;
}

KTEST(trap_breakpoint_returns)
{
	struct trap_seen seen = { 0, 0 };
	volatile unsigned after = 0;

	trap_hook_set(trap_test_hook, &seen);
	arch_breakpoint();
	after = 1;
	trap_hook_set(NULL, NULL);
	KT_EQ(seen.count, 1);
	KT_EQ(seen.vector, ARCH_BREAKPOINT_VECTOR);
	KT_EQ(after, 1);
	return KTEST_OK;
}
