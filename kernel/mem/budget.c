/* The space bank's budget (kernel/include/kernel/budget.h). */
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/pagehdr.h>
#include <kernel/reserve.h>

static enum budget_phase phase;
static uint64_t reserve_kept; /* free reserve frames right after relaxing */

void budget_init(void)
{
	phase = BUDGET_CONSERVATIVE;
	reserve_kept = 0;
	budget_chan_reset();
	hotplug_reclaim_reset();
	hotplug_ram_consent_reset();
}

enum budget_phase budget_phase(void)
{
	return phase;
}

/* Frames the bank spent on objects are still its budget (doc/objects.md). */
uint64_t budget_frames(void)
{
	return ledger_count(LEDGER_BANKED) + ledger_count(LEDGER_OBJECTS);
}

static void budget_bank_frame(pa_t pa)
{
	pagehdr_set_type(pagehdr_of_pa(pa), PT_FREE);
}

uint64_t budget_relax(uint64_t keep)
{
	uint64_t free = reserve_free(), released = 0;

	if (free > keep) {
		released = reserve_release(free - keep, budget_bank_frame);
		ledger_move(LEDGER_RESERVE, LEDGER_BANKED, released);
	}
	ledger_seal_banked();
	phase = BUDGET_RELAXED;
	reserve_kept = reserve_free();
	return released;
}

uint64_t budget_reserve_kept(void)
{
	return reserve_kept;
}

uint64_t budget_return(uint64_t n)
{
	uint64_t done = reserve_release(n, budget_bank_frame);

	ledger_move(LEDGER_RESERVE, LEDGER_BANKED, done);
	return done;
}

void budget_print(void)
{
	kprintf("budget: %s=%llu\n", phase == BUDGET_RELAXED ? "relaxed" : "conservative",
		(unsigned long long)budget_frames());
}

void budget_print_change(const char *word)
{
	kprintf("budget: %s=%llu\n", word, (unsigned long long)budget_frames());
}
