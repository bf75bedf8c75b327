/* The tour of `make run`: what the space bank does, on one screen. It gets a
 * bank (64 frames) from init on its endpoint, prints the budget the kernel
 * announced, builds a small tree, allocates and frees objects, hits a limit,
 * destroys the tree and shows that the kernel's banked count is back. Then
 * grants and upcalls (doc/grants.md): the alarm service's grant appears on
 * first use, and an alarm fired more often than there are slots arrives
 * with the count of the upcalls that did not fit. */
#include <arroyo/bank.h>

#define DEMO_MEMINFO 1
#define DEMO_SLEEP 2
#define DEMO_EP 4
#define DEMO_BANK 5
#define DEMO_A 6
#define DEMO_A1 7
#define DEMO_RO 8
#define DEMO_OBJ 9 /* 9..12 */

static const char *const demo_kinds[] = {
	"?",	    "conservative", "relaxed",	     "raised",
	"lowered",  "device-add",   "device-remove", "reclaim",
	"overflow", "returned",	    "release",	     "boot-freed",
};

static uint64_t demo_banked(void)
{
	uint64_t n = 0;

	meminfo_ledger(DEMO_MEMINFO, 4, &n); /* LEDGER_BANKED */
	return n;
}

static unsigned demo_budget(void)
{
	uint32_t kind, frames, count = 0;

	printf("demo: budget as the kernel told the bank:");
	for (uint32_t i = 0; bank_budget(DEMO_BANK, i, &kind, &frames, &count) == BANK_OK; i++)
		if (kind != BEV_DEVICE_ADD)
			printf(" %s=%u",
			       kind < sizeof demo_kinds / sizeof demo_kinds[0] ? demo_kinds[kind]
									       : "?",
			       (unsigned)frames);
	printf(" (%u events)\n", (unsigned)count);
	return count >= 2 ? 0 : 1;
}

static unsigned demo_tree(void)
{
	static const unsigned types[] = { CT_PAGE, CT_CAPPAGE, CT_ENDPOINT, CT_PROCESS };
	uint64_t before = demo_banked(), pa[4];
	uint32_t used;
	int e;

	if (bank_child(DEMO_BANK, DEMO_A) || bank_child(DEMO_A, DEMO_A1) ||
	    bank_set_limit(DEMO_A, BANK_KIND_FRAMES, 3))
		return 2;
	printf("demo: tree  bank -> A (3 frames) -> A1 (no limit of its own)\n");
	for (unsigned i = 0; i < 4; i++) {
		e = bank_alloc(DEMO_A1, types[i], DEMO_OBJ + i, &pa[i]);
		printf("demo: A1 alloc %-8s -> %s", cap_type_name(types[i]), bank_err_name(e));
		if (!e)
			printf(" pa=0x%llx", (unsigned long long)pa[i]);
		printf("\n");
	}
	if (e != BANK_ERR_LIMIT)
		return 3; /* the fourth is over A's limit */
	bank_query(DEMO_A, BANK_KIND_FRAMES, NULL, &used);
	printf("demo: A uses %u frames; free the page: %s\n", (unsigned)used,
	       bank_err_name(bank_free(DEMO_A1, pa[0])));
	e = bank_alloc(DEMO_A1, CT_PROCESS, DEMO_OBJ + 3, &pa[3]);
	printf("demo: A1 alloc process -> %s\n", bank_err_name(e));
	if (bank_restrict(DEMO_A, BANK_NO_DESTROY, DEMO_RO))
		return 4;
	printf("demo: destroy through a no-destroy copy of A -> %s\n",
	       bank_err_name(bank_destroy(DEMO_RO)));
	printf("demo: banked frames %llu before the tree, %llu with it\n",
	       (unsigned long long)before, (unsigned long long)demo_banked());
	e = bank_destroy(DEMO_A);
	printf("demo: destroy A -> %s; banked %llu; A1 now -> %s\n", bank_err_name(e),
	       (unsigned long long)demo_banked(),
	       bank_err_name(bank_alloc(DEMO_A1, CT_PAGE, CAP_NONE, NULL)));
	return demo_banked() == before ? 0 : 5;
}

static unsigned demo_grants(void)
{
	uint32_t before, after, used, free_bytes, dropped = 0;
	unsigned n = 0;
	struct upcall u;

	if (grant_info(CAP_SELF, GS_ALARM, &before, NULL, NULL, NULL))
		return 6;
	if (alarm_set(DEMO_SLEEP, 1, 0, UPCALL_SLOTS + 2, 0xd3, NULL))
		return 7;
	grant_info(CAP_SELF, GS_ALARM, &after, &used, &free_bytes, NULL);
	printf("demo: alarm grant %u bytes before first use, %u after (grants %u bytes, %u free)\n",
	       (unsigned)before, (unsigned)after, (unsigned)used, (unsigned)free_bytes);
	printf("demo: alarm fires %u times at once into %u slots; the demo sleeps, then takes:\n",
	       (unsigned)UPCALL_SLOTS + 2u, (unsigned)UPCALL_SLOTS);
	sleep_ticks(DEMO_SLEEP, 3);
	while (upcall_poll(&u) == INV_OK) {
		printf("demo: upcall service=%u tag=0x%x alarm=%u dropped=%u\n",
		       (unsigned)u.service, (unsigned)u.tag, (unsigned)u.data, (unsigned)u.dropped);
		dropped += u.dropped;
		n++;
	}
	return before == 0 && after > 0 && n == UPCALL_SLOTS && dropped == 2 ? 0 : 8;
}

int main(void)
{
	struct msg m;
	unsigned failed;

	if (ep_recv(DEMO_EP, &m, DEMO_BANK, 0))
		return 1;
	failed = demo_budget();
	if (!failed)
		failed = demo_tree();
	if (!failed)
		failed = demo_grants();
	m.w[0] = failed;
	reply_send(CAP_REPLY, &m, CAP_NONE);
	return 0;
}
