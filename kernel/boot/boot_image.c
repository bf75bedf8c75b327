/* Finding and starting the boot image (doc/objects.md, "Boot"): module 0
 * of boot_info (i386: the multiboot module; ColdFire: the image=<pa> the
 * board registers as module 0). */
#include <kernel/arch.h>
#include <arch/user.h>
#include <kernel/boot_image.h>
#include <kernel/budget.h>
#include <kernel/budget_chan.h>
#include <kernel/kprintf.h>
#include <kernel/ledger.h>
#include <kernel/loader.h>
#include <kernel/pagehdr.h>

#define BOOT_IMAGE_ARCH ((enum image_arch)ARCH_IMAGE_ID)
_Static_assert(ARCH_IMAGE_ID == IMAGE_ARCH_I386 || ARCH_IMAGE_ID == IMAGE_ARCH_COLDFIRE,
	       "the arch names a boot-image arch");

/* The status a refused image halts with. */
#define BOOT_IMAGE_BAD_STATUS 3

/* Module 0's frames go back to banked once the loader has copied what it
 * needs: boot -> banked. Its pages are its own: the classified map refuses
 * modules that share a page (pmem_build), so a neighbour's pages are never
 * among them. */
static uint64_t boot_image_free(const struct boot_info *bi)
{
	pa_t lo = ALIGN_DOWN(bi->mods[0].start, (pa_t)PAGE_SIZE);
	pa_t hi = ALIGN_UP(bi->mods[0].end, (pa_t)PAGE_SIZE);
	uint64_t n = 0;

	for (pa_t pa = lo; pa < hi; pa += PAGE_SIZE) {
		struct page_common *h = pagehdr_of_pa(pa);

		if (h && pagehdr_type(h) == PT_BOOT) {
			pagehdr_set_type(h, PT_FREE);
			n++;
		}
	}
	ledger_move(LEDGER_BOOT, LEDGER_BANKED, n);
	return n;
}

bool boot_image_load(const struct boot_info *bi)
{
	char why[200];
	pa_t start, len;
	uint64_t freed;
	unsigned long irq;

	if (bi->mod_count == 0) {
		kprintf("image: none (no boot module)\n");
		return false;
	}
	start = bi->mods[0].start;
	len = bi->mods[0].end - start;
	if (bi->mods[0].end < start || start + len > ARCH_DIRECT_MAP_END) {
		kprintf("image: module 0 at 0x%llx-0x%llx is outside the direct map\n",
			(unsigned long long)start, (unsigned long long)bi->mods[0].end);
		kernel_halt(BOOT_IMAGE_BAD_STATUS);
	}
	kprintf("image: module 0 at 0x%llx, %llu bytes\n", (unsigned long long)start,
		(unsigned long long)len);
	loader_image_at(start);
	if (loader_load(arch_kva(start), (size_t)len, BOOT_IMAGE_ARCH, why, sizeof(why))) {
		kprintf("image: refused: %s\n", why);
		kernel_halt(BOOT_IMAGE_BAD_STATUS);
	}
	irq = arch_irq_save(); /* a hot-plug event must not come between move and event */
	freed = boot_image_free(bi);
	kprintf("image: loaded; module frames freed=%llu\n", (unsigned long long)freed);
	ledger_check();
	ledger_print();
	if (freed) {
		/* Queued behind relaxed: the bank, once bound, sees the budget
		 * rise in the order it did. */
		budget_print_change("boot-freed");
		budget_event(BEV_BOOT_FREED, (uint32_t)freed, 0);
	}
	arch_irq_restore(irq);
	return true;
}
