/* The kernel's pool registry (doc/pools.md): the arch's background pools,
 * the system pool and the boot image's pools, validated against the memory
 * map at boot, with pa -> pool through the shared pool map
 * (lib/poolmap.h). Nothing per frame: the page header is unchanged. */
#ifndef KERNEL_POOL_H
#define KERNEL_POOL_H

#include <kernel/boot.h>
#include <kernel/pmem.h>
#include <kernel/range_table.h>
#include <obstore/image.h>
#include <lib/poolmap.h>

/* The status a boot halts with when the image's pools are refused (that of
 * a refused image). */
#define POOL_BAD_STATUS 3

/* The port's pools (arch_pools, arch_pool_cache_enforced) are declared in
 * kernel/arch.h. */

/* Builds the registry once the fixed heap and reserve are carved: the arch
 * pools, the system pool over the kernel image, heap and reserve, and the
 * pools of the boot image in module 0 (when it parses; the loader reports a
 * bad image itself). Refuses the boot, naming the pool, when an image pool
 * lies outside RAM, over the image, heap, reserve or boot modules, has a bad
 * shape or cache attribute, or shares frames with another pool. Prints one
 * `pool:` line per pool. */
void pool_boot(const struct boot_info *bi, const struct pmem_map *map);

/* The registry (valid after pool_boot). */
const struct pool_map *pool_registry(void);
unsigned pool_count(void);
const struct pool_desc *pool_get(unsigned id);
uint64_t pool_frames(unsigned id);
/* The pool of the frame at pa, POOL_NONE for an address in no range: the
 * resource tree's range (O(1) when it is the range last found, O(log
 * ranges) otherwise), then the range's pool or its colour table. */
unsigned pool_of_pa(pa_t pa);
/* Whether every frame of [pa, pa + n frames) is in pool id: one lookup when
 * the run lies in one uncoloured range, a lookup per frame otherwise. */
bool pool_run_in(pa_t pa, uint64_t n, unsigned id);

/* A range's pool field for one that straddles registry cells (only a range
 * inserted after boot can): its frames are looked up by address. */
#define POOL_MIXED 0xfeu
/* Sets r's pool fields (kernel/include/kernel/range_table.h) from the
 * registry: range_insert calls it. */
void pool_range_attach(struct range *r);
/* Where the run of RAM [pa, end) must be cut so that the piece from pa lies
 * in one registry cell: the end of the cell holding pa, or the start of the
 * next cell when pa lies between cells, at most end. mm cuts boot RAM into
 * ranges with it. */
pa_t pool_piece_end(pa_t pa, pa_t end);
/* The system pool's id. */
unsigned pool_system(void);
/* The pool an image record of type pool became, POOL_NONE for IMAGE_NONE. */
unsigned pool_of_record(uint32_t record);
/* The cache attribute user mappings of pa take (POOL_CACHE_WB outside pools). */
unsigned pool_cache_of_pa(pa_t pa);

/* RAM arrived or left ([base, base + frames * PAGE_SIZE)): updates the pools'
 * frame counts and prints which pool it joined or left. */
void pool_ram_added(pa_t base, uint64_t frames);
void pool_ram_removed(pa_t base, uint64_t frames);

/* Prints pool id's `pool:` line. */
void pool_print(unsigned id);

/* Test hook: forget the registry (host tests build new machines). */
void pool_reset(void);
/* Builds the registry from explicit inputs (host tests, and pool_boot):
 * returns false with why filled when refused. */
bool pool_build(const struct pool_desc *arch, unsigned narch, const struct pmem_map *map,
		const struct image_view *img, char *why, size_t whylen);

#endif
