/* The memory map the arch handed to kernel_main, checked on every arch. */
#include <kernel/boot.h>
#include <kernel/ktest.h>

KTEST(memmap_live_sorted_and_disjoint)
{
	const struct boot_info *bi = kernel_boot_info();

	KT_ASSERT(bi->mem_count > 0);
	for (unsigned i = 1; i < bi->mem_count; i++)
		if (bi->mem[i - 1].base + bi->mem[i - 1].len > bi->mem[i].base)
			KT_FAIL("entries %u and %u overlap or are unsorted", i - 1, i);
	return KTEST_OK;
}

KTEST(memmap_live_covers_image)
{
	const struct boot_info *bi = kernel_boot_info();

	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct memmap_entry *r = &bi->mem[i];
		if (r->type == MEM_RAM && r->base <= bi->image_start &&
		    bi->image_end <= r->base + r->len)
			return KTEST_OK;
	}
	KT_FAIL("no RAM range holds the image 0x%llx-0x%llx", (unsigned long long)bi->image_start,
		(unsigned long long)bi->image_end);
}
