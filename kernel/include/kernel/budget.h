/* The space bank's budget (DESIGN §3, doc/memory.md §5): the frames in the
 * banked state. Conservative until boot-time device discovery has ended,
 * then relaxed by releasing the unneeded reserve; from then on it never goes
 * down (the ledger refuses to take frames from banked). */
#ifndef KERNEL_BUDGET_H
#define KERNEL_BUDGET_H

#include <kernel/types.h>

enum budget_phase {
	BUDGET_CONSERVATIVE,
	BUDGET_RELAXED,
};

void budget_init(void);
enum budget_phase budget_phase(void);
uint64_t budget_frames(void);

/* Releases all but `keep` free reserve frames to banked, seals banked and
 * enters the relaxed phase; returns the frames released. */
uint64_t budget_relax(uint64_t keep);

/* `budget: conservative=<frames>` or `budget: relaxed=<frames>`. */
void budget_print(void);

#endif
