/* The client of tests/system/bank_ram_consent.sh (bank_ram_consent.img.txt).
 * bankclient.elf starts the bank and sends this process a child bank. Each
 * time the bank sees RAM arrive (a "raised" budget event), the client asks
 * for a page at or above 4 GiB, where QEMU's pc puts DIMMs, so the bank
 * holds a chunk of the new DIMM: after the first DIMM it frees the page at
 * once (the chunk stays held, all free), after the second it keeps it. */
#include <arroyo/bank.h>

#define C_SLEEP 1
#define C_EP 4
#define C_BANK 11
#define C_PAGE 12
#define C_DIMMS (1ull << 32)

/* Waits until the bank's log holds a "raised" event past *seen. */
static void client_wait_raised(uint32_t *seen)
{
	for (;;) {
		uint32_t kind, frames, count = 0;

		bank_budget(C_BANK, 0, &kind, &frames, &count);
		for (; *seen < count; (*seen)++)
			if (bank_budget(C_BANK, *seen, &kind, &frames, &count) == BANK_OK &&
			    kind == BEV_RAISED) {
				(*seen)++;
				return;
			}
		sleep_ticks(C_SLEEP, 2);
	}
}

int main(void)
{
	uint32_t seen = 0;
	struct msg m;
	uint64_t pa;
	int e;

	if (ep_recv(C_EP, &m, C_BANK, 0))
		return 1;
	for (unsigned round = 0;; round++) {
		printf("client: waiting for ram\n");
		client_wait_raised(&seen);
		e = bank_alloc_page_from(C_BANK, C_DIMMS, C_PAGE, &pa);
		if (e) {
			printf("client: no page above 4 GiB: %s\n", bank_err_name(e));
			continue;
		}
		if (round == 0) {
			e = bank_free(C_BANK, pa);
			printf("client: page at 0x%llx freed: %s\n", (unsigned long long)pa,
			       bank_err_name(e));
		} else {
			printf("client: holding page at 0x%llx\n", (unsigned long long)pa);
		}
		cap_delete(C_PAGE);
	}
}
