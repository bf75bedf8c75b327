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

/* The header window's grown part: 2 MiB regions from the end of the fixed
 * part up to the transient window (236 MiB: 118 regions). A region's page
 * table is a reserve frame the span that holds it takes and gives back,
 * never fixed heap. Tables stay below 4 GiB: measured on QEMU 7.2 (TCG,
 * pentium3), a kernel table in a DIMM above 4 GiB is not walked (a
 * not-present fault although the monitor's walk finds the page). */
#define HDRWIN_GROW_BASE (HDRWIN_BASE + HDRWIN_SIZE)
#define HDRWIN_GROW_REGIONS ((TMAP_BASE - HDRWIN_GROW_BASE) / LARGE_PAGE_SIZE)
#define HDRWIN_MAX_PAGES ((TMAP_BASE - HDRWIN_BASE) >> PAGE_SHIFT)

extern uint64_t *paging_hdrwin_pts[HDRWIN_PTS];

/* Writes a present, writable 4 KiB entry for pa at pte (which maps va) /
 * clears it and returns the frame it held; both flush va from the TLB. */
void paging_set_pte(uint64_t *pte, pa_t pa, uint32_t va);
pa_t paging_clear_pte(uint64_t *pte, uint32_t va);

/* Tables the fixed heap keeps for splitting 2 MiB pages of the direct map
 * into 4 KiB ones, so that the frames of a wt or uc pool there take the
 * pool's attribute: 8 tables, 16 MiB of such pools in the direct map. */
#define PAGING_CACHE_SPLIT_TABLES 8

/* PWT/PCD for a pool cache attribute, in the PAT's power-on layout (PWT
 * alone is write-through, PCD|PWT uncached; the kernel leaves the PAT as
 * the CPU resets it). */
uint64_t paging_cache_bits(unsigned cache);

/* Gives the direct map's entries for the frames [pa, pa + n frames), all
 * below paging_direct_top, the attribute cache: a 2 MiB page they lie in is
 * first split into 4 KiB ones (a table from the fixed heap), and stays
 * split. ERR_NOMEM when no split table is left, ERR_RANGE above the direct
 * map. Flushes the TLB. */
enum err paging_direct_cache(pa_t pa, uint64_t n, unsigned cache);

/* The direct map's entry for frame pa (below paging_direct_top): the 4 KiB
 * entry when its 2 MiB page is split, else the 2 MiB one (*large true). */
uint64_t paging_direct_entry(pa_t pa, bool *large);

/* Installs `table` behind the kernel page-directory entry of va / clears
 * that entry and returns the table it held (every address space shares the
 * kernel's page directory, so this reaches all of them). */
void paging_set_pde(uint32_t va, pa_t table);
pa_t paging_clear_pde(uint32_t va);

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
