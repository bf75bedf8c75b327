/* RAM hot-plug through QEMU's ACPI memory controller: every DIMM the kernel
 * added is a self-funding range whose frames the CPU really reaches. Passes
 * trivially without DIMMs (and on Bochs, which has no controller). */
#include "../io.h"
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/pagehdr.h>

#include "../acpi_memhp.h"
#include "../paging.h"

/* Bochs and `-m` without slots= leave the ports undecoded: all ones. */
KTEST(acpi_memhp_absent_reads_all_ones)
{
	if (acpi_memhp_present())
		return KTEST_OK;
	outl(0x0a00, 0);
	KT_EQ(inb(0x0a14), 0xff);
	KT_EQ(acpi_memhp_added_low(), 0);
	return KTEST_OK;
}

static const char *dimm_check(const struct range *r)
{
	uint64_t pages = r->block.pages, headers = pages;
	pa_t last = r->base + ((r->frames - 1) << PAGE_SHIFT);
	volatile uint32_t *a, *b;
	uint32_t saved;

	KT_EQ(r->hdr_home, RANGE_HDR_OWN);
	KT_EQ(pages, (r->frames * sizeof(struct page_header) + PAGE_SIZE - 1) >> PAGE_SHIFT);
	/* A span past the fixed window brings one table per 512 pages of it. */
	KT_EQ(r->block.tables, (uint32_t)r->hdrs < HDRWIN_GROW_BASE ? 0 : (pages + 511) / 512);
	KT_ASSERT(acpi_memhp_added_low() & (1u << r->owner));
	KT_EQ(pagehdr_type(pagehdr_of_pa(r->base)), PT_HDR);
	KT_EQ(pagehdr_type(pagehdr_of_pa(r->base + ((headers - 1) << PAGE_SHIFT))), PT_HDR);
	KT_EQ(pagehdr_type(pagehdr_of_pa(r->base + (headers << PAGE_SHIFT))), PT_FREE);
	KT_EQ(pagehdr_type(pagehdr_of_pa(last)), PT_FREE);
	/* The header array is the DIMM's first frame, seen through the window,
	 * and its last page the last header frame. */
	a = arch_tmap(TMAP_SLOT_SCRATCH, r->base);
	KT_EQ(a[0], *(volatile uint32_t *)r->hdrs);
	a = arch_tmap(TMAP_SLOT_SCRATCH, r->base + ((pages - 1) << PAGE_SHIFT));
	KT_EQ(a[1023], *(volatile uint32_t *)((uint8_t *)r->hdrs + (pages << PAGE_SHIFT) - 4));
	/* The last frame, above 4 GiB: a write is seen through a second mapping. */
	a = arch_tmap(TMAP_SLOT_SCRATCH, last);
	b = arch_tmap(TMAP_SLOT_OBJMEM, last);
	saved = a[1023];
	a[1023] = 0xd1aa0000u ^ r->owner;
	KT_EQ(b[1023], 0xd1aa0000u ^ r->owner);
	a[1023] = saved;
	arch_tunmap(TMAP_SLOT_SCRATCH);
	arch_tunmap(TMAP_SLOT_OBJMEM);
	return KTEST_OK;
}

KTEST(acpi_memhp_dimms_self_funded_and_reachable)
{
	for (struct range *r = range_first(); r; r = range_next(r)) {
		const char *why;

		if (r->cls != RANGE_RAM_HOTPLUG)
			continue;
		why = dimm_check(r);
		if (why)
			return why;
	}
	return KTEST_OK;
}
