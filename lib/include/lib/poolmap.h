/* Memory pools and the map from a physical address to its pool (doc/pools.md).
 *
 * A pool is {name, start, length, stripe, step, cache}: the frames of
 * [start, start + length), or with a stripe only those whose offset from
 * start, modulo step, is below stripe (a cache colour). Pools come in two
 * layers. The arch's pools (i386 isa, dma32, high; ColdFire sdram, sram) are
 * the background: they partition the physical address space by address and
 * never overlap each other. The system pool and the boot image's pools lie
 * over them: a frame in one of those belongs to it, every other frame to the
 * background pool under it. Overlay pools never share a frame: two of them
 * over one range are accepted only when their stripes are disjoint.
 *
 * poolmap_build cuts the address space into cells at every pool boundary:
 * disjoint intervals, kept sorted, so pa -> pool is a binary search
 * (O(log cells), what an interval tree gives for disjoint intervals, in an
 * array the space bank shares without the kernel's tree) and, in a coloured
 * cell, one table index: colour[pfn & (colours - 1)]. Nothing is stored per
 * frame.
 *
 * Steps are powers of two (as cache colours are), at most POOL_COLOUR_MAX
 * frames, so a cell's colour period is the largest step over it. Shared by
 * the kernel, the space bank and the host tests; no 64-bit division. */
#ifndef LIB_POOLMAP_H
#define LIB_POOLMAP_H

#include <lib/types.h>

#define POOL_MAX 16
#define POOL_NONE 0xffu
#define POOL_NAME_SIZE 16
/* 64 frames = 256 KiB: the largest step, and a coloured cell's table size. */
#define POOL_COLOUR_MAX 64
/* Every pool adds at most two boundaries; n boundaries make n - 1 cells. */
#define POOL_CELL_MAX (2 * POOL_MAX)

enum pool_layer {
	POOL_LAYER_ARCH, /* background: by address, disjoint */
	POOL_LAYER_SYSTEM, /* the kernel image, fixed heap and reserve */
	POOL_LAYER_IMAGE, /* added by the boot image */
};

/* Cache attributes, numbered as the boot image's enum image_cache. */
enum pool_cache { POOL_CACHE_WB = 0, POOL_CACHE_WT = 1, POOL_CACHE_UC = 2, POOL_CACHE_COUNT };

struct pool_desc {
	char name[POOL_NAME_SIZE];
	uint64_t start;
	uint64_t length;
	uint32_t stripe; /* bytes; 0 with step 0: every frame */
	uint32_t step;
	uint8_t cache; /* enum pool_cache */
	uint8_t layer; /* enum pool_layer */
};

struct pool_cell {
	uint64_t start, end; /* [start, end) */
	uint8_t pool; /* the unstriped owner, or the background under the colours */
	uint8_t colours; /* 0, or the period in frames (a power of two) */
	uint8_t colour[POOL_COLOUR_MAX]; /* pool of pfn & (colours - 1); POOL_NONE: `pool` */
};

/* Fills d as a background pool of the arch: unstriped, write-back, over
 * [start, start + length), named name (at most POOL_NAME_SIZE - 1 bytes). */
void pool_desc_background(struct pool_desc *d, const char *name, uint64_t start, uint64_t length);

struct pool_map {
	struct pool_desc pool[POOL_MAX];
	unsigned count;
	struct pool_cell cell[POOL_CELL_MAX]; /* sorted by start, disjoint */
	unsigned cells;
};

/* The cell holding pa, or NULL. */
const struct pool_cell *poolmap_cell_of(const struct pool_map *m, uint64_t pa);

/* Why poolmap_add or poolmap_build refused: the pool (and for a clash the
 * other pool) by id, and a code. */
enum poolmap_code {
	POOLMAP_OK,
	POOLMAP_FULL, /* more than POOL_MAX pools */
	POOLMAP_NAME, /* empty, unterminated, or already taken */
	POOLMAP_SHAPE, /* unaligned, empty or wrapping range */
	POOLMAP_STRIPE, /* stripe/step not page multiples, stripe > step, or one without the other
			 */
	POOLMAP_STEP, /* step not a power of two or above POOL_COLOUR_MAX frames */
	POOLMAP_CACHE, /* unknown cache attribute */
	POOLMAP_ARCH_STRIPED, /* a background pool with a stripe */
	POOLMAP_CLASH, /* two pools of one layer share a frame */
};

struct poolmap_error {
	enum poolmap_code code;
	unsigned pool;
	unsigned other; /* POOL_NONE unless a clash */
	uint64_t at; /* a shared frame's address for a clash */
};

void poolmap_init(struct pool_map *m);

/* Checks d's own shape and name and appends it; *id gets its index. Pools
 * are added before poolmap_build. */
enum poolmap_code poolmap_add(struct pool_map *m, const struct pool_desc *d, unsigned *id,
			      struct poolmap_error *why);

/* Builds the cells and their tree; refuses clashes (two background pools
 * meeting, two overlay pools sharing a frame). */
enum poolmap_code poolmap_build(struct pool_map *m, struct poolmap_error *why);

/* The pool of the frame at pa, or POOL_NONE where no pool lies. */
unsigned poolmap_of(const struct pool_map *m, uint64_t pa);

/* Whether frame pa is in pool id by the pool's own arithmetic (range and
 * stripe), whatever lies over it. */
bool poolmap_covers(const struct pool_desc *d, uint64_t pa);

/* The id of the pool named name, or POOL_NONE. */
unsigned poolmap_find(const struct pool_map *m, const char *name);

const char *poolmap_code_name(enum poolmap_code c);
const char *pool_cache_name(unsigned cache);

#endif
