/* The reserve: RAM frames held back at boot for future page headers
 * (doc/memory.md §5). A pool over one physical run, with one byte of state
 * per frame. Only the header region takes frames from it and gives them
 * back; budget_relax releases the unneeded part to banked for good. */
#ifndef KERNEL_RESERVE_H
#define KERNEL_RESERVE_H

#include <lib/err.h>
#include <lib/types.h>

/* Starts the pool on [base, base + frames pages); state is frames bytes. */
void reserve_init(pa_t base, uint64_t frames, uint8_t *state);

uint64_t reserve_free(void); /* frames free in the pool */
uint64_t reserve_taken(void); /* frames handed to the header region */
uint64_t reserve_released(void); /* frames released to banked */

/* The longest run of free frames (what a no-MMU header array can get). */
uint64_t reserve_longest_run(void);

/* One free frame, or ERR_NOMEM. */
enum err reserve_take(pa_t *pa);
/* n consecutive free frames (first fit), or ERR_NOMEM. */
enum err reserve_take_run(uint64_t n, pa_t *first);
/* Gives back a frame reserve_take* handed out. */
void reserve_give(pa_t pa);

/* Marks up to n free frames released (highest first); returns how many, and
 * calls fn on each so the caller can retype its header. */
uint64_t reserve_release(uint64_t n, void (*fn)(pa_t pa));
/* Takes back up to n released frames, lowest first (next to the free part,
 * so runs grow), each only if take(pa) agrees (and retypes it); returns how
 * many came back to the pool as free. */
uint64_t reserve_reclaim(uint64_t n, bool (*take)(pa_t pa));
/* How many released frames ok(pa) accepts; changes nothing. */
uint64_t reserve_reclaimable(bool (*ok)(pa_t pa));
/* Without an MMU a header array needs one run. The run of n frames, each
 * free or released and accepted by ok(pa), that holds the fewest released
 * frames: returns that number with *first its first frame's index, or
 * RESERVE_NO_RUN; changes nothing. */
#define RESERVE_NO_RUN (~(uint64_t)0)
uint64_t reserve_run_cost(uint64_t n, bool (*ok)(pa_t pa), uint64_t *first);
/* Takes back the released frames of frames [first, first + n) as
 * reserve_reclaim does; returns how many. */
uint64_t reserve_reclaim_run(uint64_t first, uint64_t n, bool (*take)(pa_t pa));

#endif

/* Sizing (doc/memory.md §5). reserve=auto holds, before discovery, the
 * device headers for RESERVE_AUTO_SPAN of device memory, but never more
 * than 1/RESERVE_AUTO_RAM_DIV of boot RAM; after discovery it keeps free
 * headroom for RESERVE_HEADROOM_SPAN more (capped by what it had). */
#define RESERVE_AUTO_SPAN (1ull << 30) /* the 32-bit PCI hole is under 1 GiB */
#define RESERVE_HEADROOM_SPAN (256ull << 20) /* room for hot-plugged devices */
#define RESERVE_AUTO_RAM_DIV 16

/* Frames of device headers (8 B each) for `bytes` of device memory. */
uint64_t reserve_frames_for_device_bytes(uint64_t bytes);
uint64_t reserve_auto_frames(uint64_t ram_frames);
uint64_t reserve_headroom_frames(uint64_t conservative);
/* The same for a machine that names its own spans (struct boot_info). */
uint64_t reserve_auto_frames_for(uint64_t ram_frames, uint64_t span);
uint64_t reserve_headroom_frames_for(uint64_t conservative, uint64_t span);
