/* One hook a ktest may set to catch the next kernel trap (kernel/include/kernel/trap_hook.h). */
#include <kernel/trap_hook.h>

static trap_hook_fn trap_hook;
static void *trap_hook_ctx;

void trap_hook_set(trap_hook_fn fn, void *ctx)
{
	trap_hook = fn;
	trap_hook_ctx = ctx;
}

bool trap_hook_call(unsigned vector, uintptr_t pc)
{
	return trap_hook && trap_hook(vector, pc, trap_hook_ctx);
}
