/* Alarms: timers that fire upcalls instead of blocking (kernel/include/kernel/alarm.h). */
#include <kernel/alarm.h>
#include <kernel/proc.h>

/* Armed alarms in every process: the tick walks the processes only when
 * some are armed. */
static uint32_t alarm_armed_total;

bool alarm_any_armed(void)
{
	return alarm_armed_total != 0;
}

int alarm_set(struct process *p, uint64_t now, const uint32_t w[MSG_REG_WORDS], uint32_t *out)
{
	struct alarm_grant *g;
	enum inv_err e;

	if (w[0] == 0)
		return INV_ERR_ARG;
	e = grant_get(p, GS_ALARM, sizeof(*g), (void **)&g);
	if (e != INV_OK)
		return e;
	for (unsigned i = 0; i < ALARM_ARMED; i++) {
		struct alarm *a = &g->armed[i];

		if (a->remaining)
			continue;
		a->deadline = now + w[0];
		a->period = w[1];
		a->remaining = w[2] ? w[2] : 1;
		a->tag = w[3];
		alarm_armed_total++;
		*out = i;
		return INV_OK;
	}
	return INV_ERR_BUSY;
}

static void alarm_disarm(struct alarm *a)
{
	if (a->remaining) {
		a->remaining = 0;
		alarm_armed_total--;
	}
}

int alarm_cancel(struct process *p, uint32_t n)
{
	struct alarm_grant *g = grant_find(&p->grants, GS_ALARM);

	if (!g || n >= ALARM_ARMED || !g->armed[n].remaining)
		return INV_ERR_ARG;
	alarm_disarm(&g->armed[n]);
	return INV_OK;
}

void alarm_grant_release(struct alarm_grant *g)
{
	for (unsigned i = 0; i < ALARM_ARMED; i++)
		alarm_disarm(&g->armed[i]);
}

/* Fires a, which is due, as often as it fell due by now. Once the firings
 * would only be counted as dropped, the rest due now are counted in one
 * step: the tick runs with interrupts off, and a count of 2^32 - 1 with no
 * period would otherwise keep it for billions of posts. */
static void alarm_fire(struct process *p, struct alarm *a, unsigned n, uint64_t now)
{
	while (a->remaining && a->deadline <= now) {
		if (upcall_would_drop(p, GS_ALARM)) {
			uint64_t due =
				a->period ? (now - a->deadline) / a->period + 1 : a->remaining;

			if (due > a->remaining)
				due = a->remaining;
			upcall_drop(p, GS_ALARM, due);
			a->remaining -= (uint32_t)due;
			a->deadline += due * a->period; /* past now while any remain */
			break;
		}
		upcall_post(p, GS_ALARM, a->tag, n);
		a->remaining--;
		if (a->period)
			a->deadline += a->period;
	}
	if (!a->remaining)
		alarm_armed_total--;
}

void alarm_tick(uint64_t now)
{
	if (!alarm_armed_total)
		return;
	for (struct process *p = proc_first(); p; p = p->all_next) {
		struct alarm_grant *g = grant_find(&p->grants, GS_ALARM);

		if (!g)
			continue;
		for (unsigned i = 0; i < ALARM_ARMED; i++)
			if (g->armed[i].remaining && g->armed[i].deadline <= now)
				alarm_fire(p, &g->armed[i], i, now);
	}
}
