/* i386-private: page-table layout shared by paging.c, hdrwin.c and the tests. */
#ifndef I386_PAGING_H
#define I386_PAGING_H

#include <lib/types.h>

#define PTE_P 0x001u
#define PTE_W 0x002u
#define PTE_U 0x004u
#define PTE_PWT 0x008u
#define PTE_PCD 0x010u
#define PTE_PS 0x080u
#define PTE_G 0x100u
#define PTE_NX (1ull << 63)
/* Bits 12..51 of a PAE entry: the frame. */
#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define LARGE_PAGE_SIZE 0x200000u

/* The header window: 16 MiB holds 2 M device headers (8 GiB of device
 * memory) or 1 M RAM headers; its page tables cost 32 KiB of fixed heap. */
#define HDRWIN_BASE 0xF0000000u
#define HDRWIN_SIZE 0x01000000u
#define HDRWIN_PAGES (HDRWIN_SIZE >> PAGE_SHIFT)
#define HDRWIN_PTS (HDRWIN_SIZE / LARGE_PAGE_SIZE)

#define TMAP_BASE 0xFFC00000u

extern uint64_t *paging_hdrwin_pts[HDRWIN_PTS];

/* Writes a present, writable 4 KiB entry for pa at pte (which maps va) /
 * clears it and returns the frame it held; both flush va from the TLB. */
void paging_set_pte(uint64_t *pte, pa_t pa, uint32_t va);
pa_t paging_clear_pte(uint64_t *pte, uint32_t va);

/* Whether entry i of the kernel's own PDPT is present. */
bool paging_pdpt_entry_present(unsigned i);

/* The kernel's own PDPT (CR3 whenever no user space is loaded) and the page
 * directory behind its entry 3, which every user space shares. */
pa_t paging_kernel_pdpt(void);
pa_t paging_kernel_pd(void);
uint32_t paging_cr3(void);
void paging_load_cr3(pa_t pdpt);

/* Physical addresses below this are direct-mapped (arch_kva works). */
extern pa_t paging_direct_top;
/* PTE_NX when EFER.NXE is on, else 0 (the bit is reserved then). */
extern uint64_t paging_nx;

#endif
