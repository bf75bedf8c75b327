/* Console lines that say where frames went, one line per run of consecutive
 * frames: `<prefix>: <verb> pa=0x<start>-0x<end> frames=<n>` ([start, end)).
 * The header region and the reserve print them so a boot log places every
 * frame they hold (tools/memmap draws them). Feed frames in any order; a
 * frame that does not extend the current run starts a new line. */
#ifndef KERNEL_PA_RUNS_H
#define KERNEL_PA_RUNS_H

#include <kernel/kprintf.h>
#include <lib/types.h>

struct pa_runs {
	const char *prefix, *verb;
	pa_t start;
	uint64_t frames;
};

static inline struct pa_runs pa_runs_begin(const char *prefix, const char *verb)
{
	return (struct pa_runs){ prefix, verb, 0, 0 };
}

static inline void pa_runs_flush(struct pa_runs *r)
{
	if (r->frames)
		kprintf("%s: %s pa=0x%llx-0x%llx frames=%llu\n", r->prefix, r->verb,
			(unsigned long long)r->start,
			(unsigned long long)(r->start + (r->frames << PAGE_SHIFT)),
			(unsigned long long)r->frames);
	r->frames = 0;
}

static inline void pa_runs_add(struct pa_runs *r, pa_t pa)
{
	if (r->frames && pa == r->start + (r->frames << PAGE_SHIFT)) {
		r->frames++;
		return;
	}
	if (r->frames && pa + PAGE_SIZE == r->start) { /* growing downwards */
		r->start = pa;
		r->frames++;
		return;
	}
	pa_runs_flush(r);
	r->start = pa;
	r->frames = 1;
}

#endif
