/* Alarms (doc/grants.md, "Alarms"): the Sleep capability's timers that do
 * not block; each firing is an upcall of GS_ALARM. A process's armed alarms
 * live in its alarm grant. */
#ifndef KERNEL_ALARM_H
#define KERNEL_ALARM_H

#include <kernel/upcall.h>

struct alarm {
	uint64_t deadline; /* the tick of the next firing */
	uint32_t period; /* ticks between firings; 0: the rest fire at once */
	uint32_t remaining; /* firings left; 0: not armed */
	uint32_t tag;
};

struct alarm_grant {
	struct upcall_grant u;
	struct alarm armed[ALARM_ARMED];
};

/* SLEEP_OP_ALARM and SLEEP_OP_CANCEL for p at tick now. */
int alarm_set(struct process *p, uint64_t now, const uint32_t w[MSG_REG_WORDS], uint32_t *out);
int alarm_cancel(struct process *p, uint32_t n);
/* Fires every alarm due at `now` (the tick). */
void alarm_tick(uint64_t now);
/* Whether any alarm is armed (an idle kernel must wait for it). */
bool alarm_any_armed(void);
/* The alarm grant g dies (its process or its frame went). */
void alarm_grant_release(struct alarm_grant *g);

#endif
