/* Exception plumbing: the vector table, the PC a trap reports, and the
 * registers the entry stub must give back unchanged. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/trap_hook.h>

#include "../trap.h"
#include "../user_mode.h"

extern char _start[], __image_start_pa[];

struct trap_seen {
	unsigned count;
	unsigned vector;
	uintptr_t pc;
};

static bool trap_test_hook(unsigned vector, uintptr_t pc, void *ctx)
{
	struct trap_seen *seen = ctx;

	seen->count++;
	seen->vector = vector;
	seen->pc = pc;
	return vector == ARCH_BREAKPOINT_VECTOR;
}

KTEST(coldfire_vector_table)
{
	KT_EQ((uintptr_t)trap_vector_table, (uintptr_t)__image_start_pa);
	KT_EQ(trap_vector_table[0], (uintptr_t)__stack_top);
	KT_EQ(trap_vector_table[1], (uintptr_t)_start);
	/* trap #0, the system call, has its own entry (syscall_entry.S). */
	KT_EQ(trap_vector_table[USER_SYSCALL_VECTOR], (uintptr_t)syscall_entry);
	for (unsigned v = 2; v < TRAP_VECTOR_COUNT; v++)
		if (v != USER_SYSCALL_VECTOR && trap_vector_table[v] != (uintptr_t)trap_entry)
			KT_FAIL("vector %u points at 0x%08x", v, trap_vector_table[v]);
	return KTEST_OK;
}

KTEST(coldfire_breakpoint_pc_is_next_insn)
{
	struct trap_seen seen = { 0, 0, 0 };
	uintptr_t next;

	trap_hook_set(trap_test_hook, &seen);
	__asm__ volatile("lea 1f, %0\n\t"
			 "trap #15\n"
			 "1:"
			 : "=a"(next)
			 :
			 : "memory");
	trap_hook_set(NULL, NULL);
	KT_EQ(seen.count, 1);
	KT_EQ(seen.vector, ARCH_BREAKPOINT_VECTOR);
	KT_EQ(seen.pc, next);
	return KTEST_OK;
}

/* The C handler may clobber d0/d1/a0/a1 (and the stub everything else it
 * saves): all must come back. */
KTEST(coldfire_trap_preserves_registers)
{
	struct trap_seen seen = { 0, 0, 0 };
	uint32_t d0, d1, d7, a0, a1;

	trap_hook_set(trap_test_hook, &seen);
	__asm__ volatile("move.l #0x11111111, %%d0\n\t"
			 "move.l #0x22222222, %%d1\n\t"
			 "move.l #0x77777777, %%d7\n\t"
			 "move.l #0xa0a0a0a0, %%a0\n\t"
			 "move.l #0xa1a1a1a1, %%a1\n\t"
			 "trap #15\n\t"
			 "move.l %%d0, %0\n\t"
			 "move.l %%d1, %1\n\t"
			 "move.l %%d7, %2\n\t"
			 "move.l %%a0, %3\n\t"
			 "move.l %%a1, %4"
			 : "=m"(d0), "=m"(d1), "=m"(d7), "=m"(a0), "=m"(a1)
			 :
			 : "d0", "d1", "d7", "a0", "a1", "memory");
	trap_hook_set(NULL, NULL);
	KT_EQ(seen.count, 1);
	KT_EQ(d0, 0x11111111);
	KT_EQ(d1, 0x22222222);
	KT_EQ(d7, 0x77777777);
	KT_EQ(a0, 0xa0a0a0a0);
	KT_EQ(a1, 0xa1a1a1a1);
	return KTEST_OK;
}

KTEST(coldfire_stack_canary_intact)
{
	KT_EQ(__stack_bottom[0], TRAP_STACK_CANARY);
	KT_EQ((uintptr_t)__stack_top % 4, 0);
	return KTEST_OK;
}
