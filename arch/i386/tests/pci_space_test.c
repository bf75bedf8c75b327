/* The PCI address-space allocator on private instances. */
#include <kernel/ktest.h>

#include "../pci_space.h"

static struct pci_space pst;

#define MIB 0x100000ull

KTEST(pci_space_first_fit_aligned)
{
	pa_t base;

	pci_space_init(&pst);
	KT_EQ(pci_space_alloc(&pst, 0xc0000000, 0xfec00000, 64 * MIB, 64 * MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xc0000000);
	KT_EQ(pci_space_alloc(&pst, 0xc0000000, 0xfec00000, 0x1000, 0x1000, 3, &base), ERR_OK);
	KT_EQ(base, 0xc4000000);
	KT_EQ(pci_space_alloc(&pst, 0xc0000000, 0xfec00000, MIB, MIB, 4, &base), ERR_OK);
	KT_EQ(base, 0xc4100000);
	KT_EQ(pst.count, 3);
	return KTEST_OK;
}

KTEST(pci_space_avoids_firmware_and_reuses_released)
{
	pa_t base;

	pci_space_init(&pst);
	/* QEMU's VGA BARs */
	KT_EQ(pci_space_reserve(&pst, 0xfd000000, 16 * MIB, 2), ERR_OK);
	KT_EQ(pci_space_reserve(&pst, 0xfebf0000, 0x1000, 2), ERR_OK);
	KT_EQ(pci_space_alloc(&pst, 0xfc000000, 0xfec00000, 16 * MIB, 16 * MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xfc000000);
	KT_EQ(pci_space_alloc(&pst, 0xfc000000, 0xfec00000, 16 * MIB, 16 * MIB, 4, &base),
	      ERR_NOMEM);
	KT_EQ(pci_space_alloc(&pst, 0xfc000000, 0xfec00000, 0x1000, 0x1000, 4, &base), ERR_OK);
	KT_EQ(base, 0xfe000000);
	KT_EQ(pci_space_release(&pst, 3), 1);
	KT_EQ(pci_space_alloc(&pst, 0xfc000000, 0xfec00000, 16 * MIB, 16 * MIB, 5, &base), ERR_OK);
	KT_EQ(base, 0xfc000000);
	KT_EQ(pci_space_release(&pst, 9), 0);
	return KTEST_OK;
}

/* Allocating behind a bridge: its window contains the whole request range
 * and must not count as an obstacle; the BARs inside it do. */
KTEST(pci_space_nested_bridge_window)
{
	pa_t base;

	pci_space_init(&pst);
	KT_EQ(pci_space_reserve(&pst, 0xfe000000, 2 * MIB, PCI_SPACE_FIXED), ERR_OK);
	KT_EQ(pci_space_reserve(&pst, 0xfe000000, MIB, 0x108), ERR_OK);
	KT_EQ(pci_space_alloc(&pst, 0xfe000000, 0xfe200000, MIB, MIB, 0x110, &base), ERR_OK);
	KT_EQ(base, 0xfe100000);
	KT_EQ(pci_space_alloc(&pst, 0xfe000000, 0xfe200000, 0x1000, 0x1000, 0x110, &base),
	      ERR_NOMEM);
	KT_EQ(pci_space_alloc(&pst, 0xfd000000, 0xfec00000, MIB, MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xfd000000);
	KT_EQ(pci_space_alloc(&pst, 0xfd100000, 0xfec00000, MIB, MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xfd100000);
	/* Seen from bus 0 the bridge window is an obstacle like any other. */
	KT_EQ(pci_space_alloc(&pst, 0xfdf00000, 0xfec00000, MIB, MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xfdf00000);
	KT_EQ(pci_space_alloc(&pst, 0xfdf00000, 0xfec00000, MIB, MIB, 3, &base), ERR_OK);
	KT_EQ(base, 0xfe200000);
	return KTEST_OK;
}

KTEST(pci_space_limits)
{
	pa_t base;

	pci_space_init(&pst);
	KT_EQ(pci_space_alloc(&pst, 0x1000, 0x2000, 0x1000, 0x3000, 1, &base), ERR_INVAL);
	KT_EQ(pci_space_alloc(&pst, 0x2000, 0x1000, 0x1000, 0x1000, 1, &base), ERR_INVAL);
	KT_EQ(pci_space_alloc(&pst, 0x1000, 0x2000, 0x2000, 0x1000, 1, &base), ERR_NOMEM);
	KT_EQ(pci_space_alloc(&pst, 0xfffffffffffff000ull, 0xffffffffffffffffull, 0x2000, 0x1000, 1,
			      &base),
	      ERR_NOMEM);
	KT_EQ(pci_space_reserve(&pst, 0x1000, 0, 1), ERR_INVAL);
	for (unsigned i = 0; i < PCI_SPACE_MAX; i++)
		KT_EQ(pci_space_reserve(&pst, 0x100000 + i * 0x1000ull, 0x1000, 1), ERR_OK);
	KT_EQ(pci_space_reserve(&pst, 0x10000000, 0x1000, 1), ERR_FULL);
	KT_EQ(pci_space_alloc(&pst, 0x10000000, 0x20000000, 0x1000, 0x1000, 1, &base), ERR_FULL);
	KT_EQ(pci_space_release(&pst, 1), PCI_SPACE_MAX);
	KT_EQ(pst.count, 0);
	return KTEST_OK;
}

/* A DIMM at 32 GiB (4 GiB long) and one right behind it, as the resource
 * tree would report them. */
static pa_t pst_dimms_end(pa_t base, pa_t end)
{
	static const pa_t dimm[][2] = { { 0x800000000ull, 0x900000000ull },
					{ 0x900000000ull, 0x940000000ull } };

	for (unsigned i = 0; i < 2; i++)
		if (base < dimm[i][1] && dimm[i][0] < end)
			return dimm[i][1];
	return 0;
}

KTEST(pci_space_skips_what_the_tree_holds)
{
	pa_t base;

	pci_space_init(&pst);
	pst.taken_end = pst_dimms_end;
	/* 2 GiB, naturally aligned: not over either DIMM, the next aligned place. */
	KT_EQ(pci_space_alloc(&pst, 0x800000000ull, 0x1000000000ull, 0x80000000ull, 0x80000000ull,
			      4, &base),
	      ERR_OK);
	KT_EQ(base, 0x980000000ull);
	/* A PCI window there too: past both. */
	KT_EQ(pci_space_alloc(&pst, 0x800000000ull, 0x1000000000ull, 0x80000000ull, 0x80000000ull,
			      5, &base),
	      ERR_OK);
	KT_EQ(base, 0xa00000000ull);
	/* Nothing else fits in a window the DIMMs fill. */
	KT_EQ(pci_space_alloc(&pst, 0x800000000ull, 0x940000000ull, 0x1000, 0x1000, 6, &base),
	      ERR_NOMEM);
	return KTEST_OK;
}
