/* The frame ledger (doc/memory.md §4): every frame is in exactly one state.
 *
 * Counts change only through ledger_move, which keeps the states summing to
 * the total. ledger_check proves that each frame's page header agrees with
 * its state; a broken invariant is a panic naming the two numbers. Frames enter
 * and leave the machine through the pseudo-state LEDGER_ABSENT, which is not
 * counted in the total. */
#ifndef KERNEL_LEDGER_H
#define KERNEL_LEDGER_H

#include <lib/err.h>
#include <lib/types.h>

enum ledger_state {
	LEDGER_IMAGE,
	LEDGER_FIXED_HEAP,
	LEDGER_HEADER_REGION,
	LEDGER_RESERVE,
	LEDGER_BANKED,
	LEDGER_DEVICE,
	LEDGER_BOOT, /* boot modules, until the loader of the first process takes them */
	LEDGER_OBJECTS, /* banked frames the bank spent on objects through Range (doc/objects.md) */
	LEDGER_STATE_COUNT,
	LEDGER_ABSENT = LEDGER_STATE_COUNT /* not in the machine: moves here change total */
};

const char *ledger_state_name(unsigned state);
/* The state a frame of page type `type` is in. */
unsigned ledger_state_of_type(unsigned type);

/* Empties the ledger and unseals it. */
void ledger_init(void);

/* Moves n frames from one state to another. Taking more than a state holds,
 * or taking from banked once sealed, breaks an invariant and panics; the
 * exception is banked -> objects, the bank spending its own budget on
 * objects (budget = banked + objects, which that move keeps). */
void ledger_move(unsigned from, unsigned to, uint64_t n);
/* The counts, here only for the two inline moves below: everything else
 * goes through the functions of this header. 32 bits each: every frame
 * counted has a page header in the kernel's own memory, so there are fewer
 * than 2^32 of them on a 32-bit kernel (ledger_move refuses a count that
 * would wrap), and ColdFire moves a 64-bit count in three times the
 * instructions. The functions still take and give 64-bit counts. */
struct ledger_book {
	uint32_t count[LEDGER_STATE_COUNT];
	uint32_t total;
	bool banked_sealed;
};
extern struct ledger_book ledger;
/* ledger_move of one frame when `from` holds none: it panics, saying why. */
void ledger_object_underflow(unsigned from, unsigned to);

/* ledger_move of one frame banked -> objects and back: the moves of every
 * object made and freed, without the general checks of the states. Inline:
 * the space bank's every page makes and frees one. */
static inline void ledger_object_made(void)
{
	if (!ledger.count[LEDGER_BANKED])
		ledger_object_underflow(LEDGER_BANKED, LEDGER_OBJECTS);
	ledger.count[LEDGER_BANKED]--;
	ledger.count[LEDGER_OBJECTS]++;
}

static inline void ledger_object_freed(void)
{
	if (!ledger.count[LEDGER_OBJECTS])
		ledger_object_underflow(LEDGER_OBJECTS, LEDGER_BANKED);
	ledger.count[LEDGER_OBJECTS]--;
	ledger.count[LEDGER_BANKED]++;
}

/* After boot discovery the budget is relaxed: from then on no event may take
 * a frame from banked. */
void ledger_seal_banked(void);
bool ledger_banked_sealed(void);

/* After the seal, banked frames leave the machine only through here:
 * banked -> absent for RAM removed with the space bank's consent
 * (today: a hot-plugged DIMM whose frames are all still free,
 * kernel/hotplug/ram.c). The bank's reclaim protocol hooks in here: the
 * caller must hold its consent for exactly these n frames. */
void ledger_reclaim_banked(uint64_t n);

/* Banked -> reserve for frames the space bank agreed to give back for
 * device headers (kernel/hotplug/reclaim.c): the second consent path. */
void ledger_reclaim_to_reserve(uint64_t n);

uint64_t ledger_count(unsigned state);
uint64_t ledger_total(void);

/* What ledger_verify found wrong: `what` is a state whose `expected` (ledger)
 * and `found` (headers) counts differ, or LEDGER_ABSENT for headers that fit
 * no state: `expected` the range id and `found` the id a header of it names,
 * or `expected` 0 and `found` how many carry an unknown page type. */
struct ledger_mismatch {
	unsigned what;
	uint64_t expected, found;
};

/* Walks every header of every range. ERR_OK, or ERR_INVAL with *m set. */
enum err ledger_verify(struct ledger_mismatch *m);
/* ledger_verify, and a panic on a mismatch. */
void ledger_check(void);

/* `ledger: total=<n> image=<n> fixed_heap=<n> header_region=<n> reserve=<n>
 * banked=<n> device=<n> boot=<n> objects=<n>` */
int ledger_format(char *buf, size_t size);
void ledger_print(void);

#endif
