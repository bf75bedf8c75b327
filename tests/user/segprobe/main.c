/* A probe for pool_segments (tests/user/pools.img.txt): loaded under
 * several program records, one per placement rule, it reports to the
 * driver the pools its code and its data landed in. */
#include <arroyo/user.h>

#define PROBE_EP 1 /* the driver's endpoint */

/* Initialised, so it lives in the writable loadable segment, not in bss. */
static volatile uint32_t probe_data = 0x5e6;

int main(void)
{
	unsigned text_pool = POOL_ANY, data_pool = POOL_ANY;
	uint64_t pa;
	struct msg m = { { 0 }, 0 };

	if (process_pool_at(CAP_SELF, (uint32_t)(uintptr_t)main, &text_pool, &pa) ||
	    process_pool_at(CAP_SELF, (uint32_t)(uintptr_t)&probe_data, &data_pool, &pa))
		text_pool = data_pool = 0xeeu;
	invoke(CAP_SELF, SELF_OP_PID, CAP_NONE, CAP_NONE, 0, &m);
	m.w[1] = text_pool;
	m.w[2] = data_pool;
	m.w[3] = probe_data;
	ep_send(PROBE_EP, &m, CAP_NONE, 0);
	return 0;
}
