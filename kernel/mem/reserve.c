/* The reserve pool (kernel/include/kernel/reserve.h). One byte per frame
 * rather than a bit: three states, and the pool is small (a few hundred
 * frames by default), so the simpler code wins. */
#include <kernel/pa_runs.h>
#include <kernel/reserve.h>

enum { RES_FREE, RES_TAKEN, RES_RELEASED };

static struct {
	pa_t base;
	uint64_t frames;
	uint8_t *state;
	uint64_t free, taken, released;
} pool;

void reserve_init(pa_t base, uint64_t frames, uint8_t *state)
{
	pool.base = base;
	pool.frames = frames;
	pool.state = state;
	pool.free = frames;
	pool.taken = pool.released = 0;
	for (uint64_t i = 0; i < frames; i++)
		state[i] = RES_FREE;
}

uint64_t reserve_free(void)
{
	return pool.free;
}

uint64_t reserve_taken(void)
{
	return pool.taken;
}

uint64_t reserve_released(void)
{
	return pool.released;
}

static pa_t reserve_pa(uint64_t i)
{
	return pool.base + (i << PAGE_SHIFT);
}

uint64_t reserve_longest_run(void)
{
	uint64_t best = 0, run = 0;

	for (uint64_t i = 0; i < pool.frames; i++) {
		run = pool.state[i] == RES_FREE ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

enum err reserve_take(pa_t *pa)
{
	return reserve_take_run(1, pa);
}

enum err reserve_take_run(uint64_t n, pa_t *first)
{
	uint64_t run = 0;

	if (n == 0 || n > pool.free)
		return ERR_NOMEM;
	for (uint64_t i = 0; i < pool.frames; i++) {
		run = pool.state[i] == RES_FREE ? run + 1 : 0;
		if (run < n)
			continue;
		for (uint64_t k = i + 1 - n; k <= i; k++)
			pool.state[k] = RES_TAKEN;
		pool.free -= n;
		pool.taken += n;
		*first = reserve_pa(i + 1 - n);
		return ERR_OK;
	}
	return ERR_NOMEM;
}

void reserve_give(pa_t pa)
{
	uint64_t i = (pa - pool.base) >> PAGE_SHIFT;

	/* Giving back a frame the pool never handed out is a kernel bug that
	 * ledger_check will name; keep the pool's own counts honest. */
	if (pa < pool.base || i >= pool.frames || pool.state[i] != RES_TAKEN)
		return;
	pool.state[i] = RES_FREE;
	pool.free++;
	pool.taken--;
}

uint64_t reserve_release(uint64_t n, void (*fn)(pa_t pa))
{
	struct pa_runs runs = pa_runs_begin("reserve", "release");
	uint64_t done = 0;

	for (uint64_t i = pool.frames; i-- > 0 && done < n;) {
		if (pool.state[i] != RES_FREE)
			continue;
		pool.state[i] = RES_RELEASED;
		pool.free--;
		pool.released++;
		done++;
		pa_runs_add(&runs, reserve_pa(i));
		if (fn)
			fn(reserve_pa(i));
	}
	pa_runs_flush(&runs);
	return done;
}

uint64_t reserve_reclaimable(bool (*ok)(pa_t pa))
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < pool.frames; i++)
		if (pool.state[i] == RES_RELEASED && ok(reserve_pa(i)))
			n++;
	return n;
}

static bool reserve_reclaim_one(uint64_t i, bool (*take)(pa_t pa))
{
	if (pool.state[i] != RES_RELEASED || !take(reserve_pa(i)))
		return false;
	pool.state[i] = RES_FREE;
	pool.free++;
	pool.released--;
	return true;
}

uint64_t reserve_reclaim(uint64_t n, bool (*take)(pa_t pa))
{
	struct pa_runs runs = pa_runs_begin("reserve", "reclaim");
	uint64_t done = 0;

	for (uint64_t i = 0; i < pool.frames && done < n; i++)
		if (reserve_reclaim_one(i, take)) {
			pa_runs_add(&runs, reserve_pa(i));
			done++;
		}
	pa_runs_flush(&runs);
	return done;
}

uint64_t reserve_run_cost(uint64_t n, bool (*ok)(pa_t pa), uint64_t *first)
{
	uint64_t best = RESERVE_NO_RUN, len = 0, cost = 0;

	if (n == 0)
		return RESERVE_NO_RUN;
	for (uint64_t i = 0; i < pool.frames; i++) {
		bool released = pool.state[i] == RES_RELEASED;

		if (pool.state[i] != RES_FREE && !(released && ok(reserve_pa(i)))) {
			len = cost = 0;
			continue;
		}
		len++;
		cost += released;
		if (len > n) {
			/* The frame leaving the window is in the stretch: free or
			 * released and accepted. */
			cost -= pool.state[i - n] == RES_RELEASED;
			len = n;
		}
		if (len == n && cost < best) {
			best = cost;
			*first = i + 1 - n;
		}
	}
	return best;
}

uint64_t reserve_reclaim_run(uint64_t first, uint64_t n, bool (*take)(pa_t pa))
{
	uint64_t done = 0;

	struct pa_runs runs = pa_runs_begin("reserve", "reclaim");

	for (uint64_t i = first; i < pool.frames && i < first + n; i++)
		if (reserve_reclaim_one(i, take)) {
			pa_runs_add(&runs, reserve_pa(i));
			done++;
		}
	pa_runs_flush(&runs);
	return done;
}

uint64_t reserve_frames_for_device_bytes(uint64_t bytes)
{
	/* pages of (bytes / PAGE_SIZE) 8-byte headers, by shifts only */
	uint64_t frames = (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;

	return ((frames << 3) + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

uint64_t reserve_auto_frames_for(uint64_t ram_frames, uint64_t span)
{
	uint64_t want = reserve_frames_for_device_bytes(span);
	uint64_t cap = ram_frames / RESERVE_AUTO_RAM_DIV; /* a constant power of two: a shift */

	return want < cap ? want : cap;
}

uint64_t reserve_headroom_frames_for(uint64_t conservative, uint64_t span)
{
	uint64_t want = reserve_frames_for_device_bytes(span);

	return want < conservative ? want : conservative;
}

uint64_t reserve_auto_frames(uint64_t ram_frames)
{
	return reserve_auto_frames_for(ram_frames, RESERVE_AUTO_SPAN);
}

uint64_t reserve_headroom_frames(uint64_t conservative)
{
	return reserve_headroom_frames_for(conservative, RESERVE_HEADROOM_SPAN);
}
