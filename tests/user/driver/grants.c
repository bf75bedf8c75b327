/* Grants and upcalls from the driver (doc/grants.md): grants appear on
 * first use, upcalls repeat, drops are counted, services do not crowd each
 * other out, alarms do not block. */
#include "driver.h"

#define TAG_FLOOD 0xf100du
#define TAG_ALARM 0xa1a4u

/* Takes every pending upcall: how many of service s, and the drops they carried. */
static unsigned drain(uint32_t s, uint32_t *dropped)
{
	struct upcall u;
	unsigned n = 0;

	*dropped = 0;
	while (upcall_poll(&u) == INV_OK) {
		if (u.service == s) {
			n++;
			*dropped += u.dropped;
		}
	}
	return n;
}

/* A new process has no grant memory and no grant; after its first use of a
 * service exactly that service's grant exists. */
UTEST(grant_lazy)
{
	uint32_t bytes, used, free_bytes, frames, before_free;

	UT_OK(range_create(S_RANGE, CT_PROCESS, S_TMP0, NULL));
	for (unsigned s = 0; s < GRANT_SERVICES; s++) {
		UT_OK(grant_info(S_TMP0, s, &bytes, &used, &free_bytes, &frames));
		UT_EQ(bytes, 0);
		UT_EQ(used, 0);
		UT_EQ(free_bytes, 0);
		UT_EQ(frames, 0);
	}
	UT_INV(process_notify(S_TMP0, 1), INV_ERR_NO_GRANT);
	UT_OK(range_create(S_RANGE, CT_GRANT_FRAME, S_TMP0 + 1, NULL));
	UT_OK(grant_mem(S_TMP0, S_TMP0 + 1, &before_free));
	UT_OK(grant_info(S_TMP0, GS_NOTIFY, &bytes, &used, NULL, NULL));
	UT_EQ(bytes, 0);
	UT_EQ(used, 0);
	UT_OK(process_notify(S_TMP0, 1));
	UT_OK(grant_info(S_TMP0, GS_NOTIFY, &bytes, &used, &free_bytes, NULL));
	UT_ASSERT(bytes > 0);
	UT_EQ(used, bytes);
	UT_EQ(free_bytes, before_free - bytes);
	for (unsigned s = 0; s < GRANT_SERVICES; s++) {
		UT_OK(grant_info(S_TMP0, s, &bytes, NULL, NULL, NULL));
		UT_ASSERT(s == GS_NOTIFY || bytes == 0);
	}
	UT_INV(grant_info(S_TMP0, GRANT_SERVICES, NULL, NULL, NULL, NULL), INV_ERR_ARG);
	UT_OK(range_destroy(S_RANGE, S_TMP0));
	UT_OK(range_destroy(S_RANGE, S_TMP0 + 1));
	driver_clear_tmp();
	return UTEST_OK;
}

/* The same upcall pending three times arrives three times. */
UTEST(grant_repeat)
{
	struct upcall u;
	uint32_t pid = 0;

	UT_OK(self_pid(&pid));
	for (unsigned i = 0; i < 3; i++)
		UT_OK(process_notify(CAP_SELF, 77));
	for (unsigned i = 0; i < 3; i++) {
		UT_OK(upcall_poll(&u));
		UT_EQ(u.service, GS_NOTIFY);
		UT_EQ(u.tag, 77);
		UT_EQ(u.data, pid);
		UT_EQ(u.dropped, 0);
	}
	UT_INV(upcall_poll(&u), INV_ERR_WOULD_BLOCK);
	return UTEST_OK;
}

/* Q+K firings into Q slots: Q arrive, and they report exactly K dropped. */
UTEST(grant_drops)
{
	const unsigned k = 5;
	uint32_t dropped;

	UT_OK(alarm_set(S_SLEEP, 1, 0, UPCALL_SLOTS + k, TAG_FLOOD, NULL));
	UT_OK(sleep_ticks(S_SLEEP, 3));
	UT_EQ(drain(GS_ALARM, &dropped), UPCALL_SLOTS);
	UT_EQ(dropped, k);
	return UTEST_OK;
}

/* A service flooding its own slots does not delay another's upcall: with
 * the alarm's slots full, a notification is among the next two taken. */
UTEST(grant_isolation)
{
	struct upcall u;
	bool seen = false;

	UT_OK(alarm_set(S_SLEEP, 1, 0, 2 * UPCALL_SLOTS, TAG_FLOOD, NULL));
	UT_OK(sleep_ticks(S_SLEEP, 3));
	UT_OK(process_notify(CAP_SELF, 9));
	for (unsigned i = 0; i < 2; i++) {
		UT_OK(upcall_poll(&u));
		if (u.service == GS_NOTIFY) {
			UT_EQ(u.tag, 9);
			UT_EQ(u.dropped, 0);
			seen = true;
		}
	}
	UT_ASSERT(seen);
	while (upcall_poll(&u) == INV_OK)
		UT_ASSERT(u.service == GS_ALARM);
	return UTEST_OK;
}

/* An alarm does not block: the driver keeps working, then waits for it. */
UTEST(grant_alarm)
{
	struct upcall u;
	uint32_t n = 99;
	unsigned spins = 0;

	UT_OK(alarm_set(S_SLEEP, 2, 0, 1, TAG_ALARM, &n));
	UT_ASSERT(n < ALARM_ARMED);
	while (upcall_poll(&u) == INV_ERR_WOULD_BLOCK && spins < 100000)
		spins++;
	UT_ASSERT(spins > 0); /* it ran while the alarm was pending */
	UT_EQ(u.service, GS_ALARM);
	UT_EQ(u.tag, TAG_ALARM);
	UT_EQ(u.data, n);
	UT_EQ(u.dropped, 0);
	/* A waiting wait: armed, then blocked until it fires. */
	UT_OK(alarm_set(S_SLEEP, 1, 0, 1, TAG_ALARM + 1, NULL));
	UT_OK(upcall_wait(&u));
	UT_EQ(u.tag, TAG_ALARM + 1);
	/* A cancelled alarm never fires. */
	UT_OK(alarm_set(S_SLEEP, 1, 0, 1, TAG_ALARM + 2, &n));
	UT_OK(alarm_cancel(S_SLEEP, n));
	UT_INV(alarm_cancel(S_SLEEP, n), INV_ERR_ARG);
	UT_OK(sleep_ticks(S_SLEEP, 2));
	UT_INV(upcall_poll(&u), INV_ERR_WOULD_BLOCK);
	return UTEST_OK;
}
