/* CapPage invocations: load and store a capability slot. */
#include <arroyo/user.h>

int cappage_load(unsigned cp, unsigned slot, unsigned dst)
{
	struct msg m = { { slot, dst }, 0 };

	return invoke(cp, CAPPAGE_OP_LOAD, CAP_NONE, CAP_NONE, 0, &m);
}

int cappage_store(unsigned cp, unsigned slot, unsigned src)
{
	struct msg m = { { slot, src }, 0 };

	return invoke(cp, CAPPAGE_OP_STORE, CAP_NONE, CAP_NONE, 0, &m);
}
