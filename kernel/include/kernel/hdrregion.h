/* The header region (doc/memory.md §3): page-header arrays of ranges that
 * arrive after the fixed heap was sized (device windows, hot-plugged RAM).
 * It grows only by taking frames from the reserve, and gives them back when
 * a range leaves. Each array is one span of consecutive kernel addresses. */
#ifndef KERNEL_HDRREGION_H
#define KERNEL_HDRREGION_H

#include <kernel/range_table.h>

/* Pages of header storage n headers of stride 1 << shift need. */
uint64_t hdrregion_pages_for(uint64_t n, unsigned shift);

/* Frames a span of `pages` header pages takes now: the pages plus the page
 * tables the window must add to map them (arch_hdrwin_tables_for). */
uint64_t hdrregion_cost(uint64_t pages);

/* Frames a span of `pages` takes at most, wherever it lands. */
uint64_t hdrregion_cost_bound(uint64_t pages);

/* Whether `pages` more header pages could be taken now; on false, *short_by
 * says how many reserve frames are missing. */
bool hdrregion_can_take(uint64_t pages, uint64_t *short_by);

/* Takes `pages` reserve frames (ledger: reserve -> header_region, page type
 * PT_HDR), maps them at consecutive kernel addresses and zeroes them.
 * ERR_NOMEM and nothing changed when the reserve or the window lacks room. */
enum err hdrregion_alloc(uint64_t pages, struct hdr_block *b);
/* Unmaps b and returns its frames to the reserve (header_region -> reserve). */
void hdrregion_free(struct hdr_block *b);

/* Self-funding ranges (hot-plugged RAM, doc/memory.md §6): maps `pages`
 * frames of the range itself, from `first` on, at consecutive kernel
 * addresses and zeroes them (ledger: absent -> header_region); the caller
 * types them PT_HDR in the range's own headers. Page tables the window must
 * add for them (b->tables, hdrregion_cost - pages) come from the reserve,
 * which keeps them below 4 GiB (doc/memory.md §3). ERR_NOMEM and nothing
 * changed when the window or the reserve lacks room. */
enum err hdrregion_map_own(pa_t first, uint64_t pages, struct hdr_block *b);
/* Unmaps a block of hdrregion_map_own; its frames leave the machine with
 * their range (header_region -> absent), never to the reserve. */
void hdrregion_unmap_own(struct hdr_block *b);

/* Frames the header region holds. */
uint64_t hdrregion_frames(void);

/* What the arch provides (i386: arch/i386/hdrwin.c; ColdFire: no MMU, the
 * array is a physical run used in place; the unit tests: a fake).
 *
 * arch_hdrwin_needs_run: true without an MMU; then hdrregion hands
 * arch_hdrwin_alloc the first frame of a physical run of `pages` frames.
 * arch_hdrwin_alloc: a span of `pages` kernel pages, or NULL when the window
 * has no room. arch_hdrwin_map / arch_hdrwin_unmap: put a frame behind one
 * page of a span / take it away and return it. arch_hdrwin_free: give the
 * span back. Without an MMU map and free do nothing and unmap returns the
 * address's own frame. */
bool arch_hdrwin_needs_run(void);
void *arch_hdrwin_alloc(uint64_t pages, pa_t run);
/* arch_hdrwin_tables_for: page-table frames a span of `pages` would need
 * if allocated now (0 without an MMU, and when it fits tables the window
 * has). A span arch_hdrwin_alloc returns right after needs exactly that
 * many: the caller puts frame i behind table i with arch_hdrwin_set_table
 * (which zeroes it) before mapping any page, and takes them back with
 * arch_hdrwin_clear_table after unmapping every page and before the free. */
uint64_t arch_hdrwin_tables_for(uint64_t pages);
/* arch_hdrwin_tables_max: the tables a span of `pages` needs at most,
 * wherever it lands (the count when it cannot share a table). */
uint64_t arch_hdrwin_tables_max(uint64_t pages);
void arch_hdrwin_set_table(void *va, uint64_t i, pa_t table);
pa_t arch_hdrwin_clear_table(void *va, uint64_t i);
void arch_hdrwin_map(void *va, pa_t pa);
pa_t arch_hdrwin_unmap(void *va);
void arch_hdrwin_free(void *va, uint64_t pages);

#endif
