/* The space bank's budget (DESIGN §3, doc/memory.md §5): the frames in the
 * banked and objects states (objects are banked frames the bank spent).
 * Conservative until boot-time device discovery has ended, then relaxed by
 * releasing the unneeded reserve; from then on it goes down only with the
 * bank's consent (the ledger refuses to take frames from banked, except
 * through ledger_reclaim_banked), and up when RAM is hot-plugged. */
#ifndef KERNEL_BUDGET_H
#define KERNEL_BUDGET_H

#include <lib/types.h>

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

/* Free reserve frames budget_relax left (all of them with reserve=N). */
uint64_t budget_reserve_kept(void);
/* Releases up to n free reserve frames back to banked (highest first), as
 * relaxing does; returns how many. Raising banked needs no consent. */
uint64_t budget_return(uint64_t n);

/* `budget: conservative=<frames>` or `budget: relaxed=<frames>`. */
void budget_print(void);

/* After hot-plugged RAM arrived (word "raised") or left with the space
 * bank's consent ("lowered"), frames were reclaimed for device headers
 * ("reclaimed") or went back to banked when that device left ("returned"):
 * `budget: <word>=<frames>`, the new budget. */
void budget_print_change(const char *word);

#endif
