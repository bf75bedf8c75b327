/* The fixed kernel heap: a bump allocator over one run (kernel/include/kernel/heap.h). */
#include <kernel/heap.h>
#include <kernel/kprintf.h>

static struct {
	uintptr_t va;
	pa_t pa;
	uint64_t size, used;
	uint64_t by_purpose[HEAP_PURPOSE_COUNT];
} heap;

static const char *const heap_purpose_names[HEAP_PURPOSE_COUNT] = {
	[HEAP_HEADERS] = "headers",
	[HEAP_RANGES] = "ranges",
	[HEAP_PAGETABLES] = "pagetables",
	[HEAP_RESERVE] = "reserve_map",
};

uint64_t heap_formula(const struct heap_inputs *in, struct heap_terms *out)
{
	out->headers = in->ram_frames * in->hdr_bytes;
	out->ranges = (uint64_t)in->ranges * in->range_bytes;
	out->tables = in->table_bytes;
	out->reserve = in->reserve_frames;
	out->slack = HEAP_SLACK;
	out->total = ALIGN_UP(out->headers + out->ranges + out->tables + out->reserve + out->slack,
			      (uint64_t)PAGE_SIZE);
	return out->total;
}

void heap_init(void *va, pa_t pa, uint64_t size)
{
	heap.va = (uintptr_t)va;
	heap.pa = pa;
	heap.size = size;
	heap.used = 0;
	for (unsigned i = 0; i < HEAP_PURPOSE_COUNT; i++)
		heap.by_purpose[i] = 0;
}

void *heap_alloc(uint64_t bytes, uint64_t align, enum heap_purpose purpose)
{
	uint64_t start;
	uint8_t *p;

	if (align == 0 || (align & (align - 1)) || align > PAGE_SIZE ||
	    (unsigned)purpose >= HEAP_PURPOSE_COUNT)
		return NULL;
	/* heap.va is page-aligned, so aligning the offset aligns the address. */
	start = ALIGN_UP(heap.used, align);
	if (start > heap.size || bytes > heap.size - start)
		return NULL;
	heap.by_purpose[purpose] += start - heap.used + bytes;
	heap.used = start + bytes;
	p = (uint8_t *)(heap.va + (uintptr_t)start);
	for (uint64_t i = 0; i < bytes; i++)
		p[i] = 0;
	return p;
}

pa_t heap_pa(const void *p)
{
	return heap.pa + ((uintptr_t)p - heap.va);
}

uint64_t heap_size(void)
{
	return heap.size;
}

uint64_t heap_used(void)
{
	return heap.used;
}

uint64_t heap_used_by(enum heap_purpose purpose)
{
	return (unsigned)purpose < HEAP_PURPOSE_COUNT ? heap.by_purpose[purpose] : 0;
}

void heap_print_use(void)
{
	kprintf("heap: use");
	for (unsigned i = 0; i < HEAP_PURPOSE_COUNT; i++)
		kprintf(" %s=%llu", heap_purpose_names[i], (unsigned long long)heap.by_purpose[i]);
	kprintf(" free=%llu\n", (unsigned long long)(heap.size - heap.used));
}
