/* Fixed heap and page headers as a share of RAM, computed by the kernel's
 * own formula code (kernel/mem/heap.c, kernel/mem/reserve.c, kernel/mem/pmem.c) on the
 * memory maps QEMU's pc machine gives i386 at each -m size.
 *
 * The i386 inputs that are not computed here are the ones the kernel prints
 * at boot (`sizeof: range=88`, `paging: ...`, heap formula `tables=40992`);
 * bench/memory.sh checks them against a real boot when qemu is present. */
#include <stdio.h>
#include <stdlib.h>

#include <kernel/heap.h>
#include <kernel/pmem.h>
#include <kernel/reserve.h>

#define I386_RANGE_BYTES 88
#define I386_TABLE_BYTES 40992
#define I386_RANGE_MAX 128
#define I386_HDR_BYTES 16u
#define I386_DEV_HDR_BYTES 8u

/* The heap code's console line is not used here. */
int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

static void qemu_map(struct boot_info *bi, uint64_t ram)
{
	uint64_t below = ram > 0xc0000000ull ? 0xc0000000ull : ram;
	unsigned n = 0;

	bi->mem[n++] = (struct memmap_entry){ 0, 0x9fc00, MEM_RAM, 0 };
	bi->mem[n++] = (struct memmap_entry){ 0x9fc00, 0x400, MEM_RESERVED, 1 };
	bi->mem[n++] = (struct memmap_entry){ 0xf0000, 0x10000, MEM_RESERVED, 2 };
	bi->mem[n++] = (struct memmap_entry){ 0x100000, below - 0x120000, MEM_RAM, 3 };
	bi->mem[n++] = (struct memmap_entry){ below - 0x20000, 0x20000, MEM_RESERVED, 4 };
	bi->mem[n++] = (struct memmap_entry){ 0xfffc0000, 0x40000, MEM_RESERVED, 5 };
	if (ram > below)
		bi->mem[n++] = (struct memmap_entry){ 0x100000000ull, ram - below, MEM_RAM, 6 };
	bi->mem_count = n;
	bi->image_start = 0x100000;
	bi->image_end = 0x11d000; /* the i386 image as built today */
	bi->mod_count = 0;
}

int main(void)
{
	static const struct {
		const char *name;
		uint64_t bytes;
	} sizes[] = { { "16M", 16ull << 20 },
		      { "128M", 128ull << 20 },
		      { "1G", 1ull << 30 },
		      { "3G", 3ull << 30 } };
	static struct boot_info bi;
	static struct pmem_map map;
	double share[sizeof(sizes) / sizeof(sizes[0])][3];
	char why[160];

	printf("per-frame header bytes: ram=%u device=%u (Coyotos 60, CapROS 44, Linux 32-40)\n",
	       I386_HDR_BYTES, I386_DEV_HDR_BYTES);
	printf("%-6s %10s %10s %10s %10s %8s %8s %8s\n", "ram", "frames", "headers", "heap",
	       "reserve", "heap%", "+res%", "relaxed%");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct heap_inputs in;
		struct heap_terms t;
		uint64_t frames = 0, res, keep;

		qemu_map(&bi, sizes[i].bytes);
		if (pmem_build(&bi, &map, why, sizeof(why)) != ERR_OK) {
			fprintf(stderr, "map: %s\n", why);
			return 1;
		}
		for (unsigned c = 0; c < PMEM_CLASS_COUNT; c++)
			if (pmem_class_is_ram(c))
				frames += pmem_frames(&map, c);
		res = reserve_auto_frames(frames);
		keep = reserve_headroom_frames(res);
		in = (struct heap_inputs){ frames,	     I386_HDR_BYTES,   I386_RANGE_MAX,
					   I386_RANGE_BYTES, I386_TABLE_BYTES, res };
		heap_formula(&in, &t);
		printf("%-6s %10llu %10llu %10llu %10llu %7.3f%% %7.3f%% %7.3f%%\n", sizes[i].name,
		       (unsigned long long)frames, (unsigned long long)t.headers,
		       (unsigned long long)t.total, (unsigned long long)(res << PAGE_SHIFT),
		       100.0 * t.total / (frames << PAGE_SHIFT),
		       100.0 * (t.total + (res << PAGE_SHIFT)) / (frames << PAGE_SHIFT),
		       100.0 * (t.total + (keep << PAGE_SHIFT)) / (frames << PAGE_SHIFT));
		share[i][0] = 100.0 * t.total / (frames << PAGE_SHIFT);
		share[i][1] = 100.0 * (t.total + (res << PAGE_SHIFT)) / (frames << PAGE_SHIFT);
		share[i][2] = 100.0 * (t.total + (keep << PAGE_SHIFT)) / (frames << PAGE_SHIFT);
	}
	printf("heap%%: fixed heap / boot RAM; +res%%: with the conservative reserve;\n"
	       "relaxed%%: with the reserve kept after discovery (reserve=auto headroom)\n");
	/* The machine-readable lines (bench/report.py charts them). */
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		printf("bench: host.heap.share.%s=%.3f\n"
		       "bench: host.heap.share_reserve.%s=%.3f\n"
		       "bench: host.heap.share_relaxed.%s=%.3f\n",
		       sizes[i].name, share[i][0], sizes[i].name, share[i][1], sizes[i].name,
		       share[i][2]);
	return 0;
}
