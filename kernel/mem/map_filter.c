/* The map filter (kernel/include/kernel/proc.h): a counting filter over
 * every frame mapped in any process, so that the questions asked on every
 * Page destroy ("does a process own this frame?", "unmap it everywhere")
 * need not walk every process's address space when the answer is no. Each
 * bucket counts the mappings whose frame hashes to it: a zero bucket
 * proves the frame is mapped nowhere; a non-zero one sends the caller to
 * the exact walk. proc_map and proc_unmap keep it in step with every space. */
#include <kernel/proc.h>

/* A power of two; 16 KiB of counters for both filters. A process maps
 * its program and stack as runs of neighbouring frames, so the buckets
 * come from a multiplicative hash that scatters neighbours, and there are
 * enough of them that a frame the space bank hands out seldom shares one
 * with a mapped frame (each such collision costs a walk of every map). */
#define PROC_FILTER_SHIFT 11
#define PROC_FILTER_BUCKETS (1u << PROC_FILTER_SHIFT)

static struct {
	uint32_t any[PROC_FILTER_BUCKETS]; /* every mapping */
	uint32_t owned[PROC_FILTER_BUCKETS]; /* mappings of owned frames */
} map_filter;

static unsigned map_filter_bucket(pa_t pa)
{
	uint32_t pfn = (uint32_t)(pa >> PAGE_SHIFT);

	return (pfn * 0x9e3779b1u) >> (32 - PROC_FILTER_SHIFT); /* 2^32 / golden ratio */
}

void map_filter_reset(void)
{
	for (unsigned i = 0; i < PROC_FILTER_BUCKETS; i++)
		map_filter.any[i] = map_filter.owned[i] = 0;
}

void map_filter_add(pa_t pa, bool owned)
{
	unsigned b = map_filter_bucket(pa);

	map_filter.any[b]++;
	if (owned)
		map_filter.owned[b]++;
}

void map_filter_del(pa_t pa, bool owned)
{
	unsigned b = map_filter_bucket(pa);

	map_filter.any[b]--;
	if (owned)
		map_filter.owned[b]--;
}

bool map_filter_maybe_mapped(pa_t pa)
{
	return map_filter.any[map_filter_bucket(pa)] != 0;
}

bool map_filter_maybe_owned(pa_t pa)
{
	return map_filter.owned[map_filter_bucket(pa)] != 0;
}
