/* Where the loader puts each ELF segment (doc/pools.md "Placing segments"):
 * the seed's table over the image's file-mapping table.
 *
 *   file mapped | segment listed | writable | execute in place | pool
 *   no          | -              | no       | yes (xip)        | where the file is stored
 *   no          | -              | no       | no               | the process's current pool
 *   no          | -              | yes      | -                | the process's current pool
 *   yes         | no             | -        | -                | the file's default pool,
 *               |                |          |                  | else the system pool
 *   yes         | yes            | -        | -                | the segment's pool
 *
 * A file is "mapped" when its program record has a default pool or a
 * segment list. A current pool of POOL_NONE takes any frame. */
#ifndef KERNEL_LOADER_PLACE_H
#define KERNEL_LOADER_PLACE_H

#include <kernel/obj.h>
#include <obstore/image.h>

struct loader_place {
	unsigned pool; /* a pool id, or POOL_NONE for any frame */
	const char *rule; /* printed in the loader: line */
};

/* The placement of loadable segment `index` (flags ELF_PF_*) of prog, for a
 * process whose current pool is `current`, the image lying in pool `stored`. */
void loader_place(const struct image_program *prog, uint32_t index, uint32_t flags,
		  unsigned current, unsigned stored, struct loader_place *out);

/* Prints `loader: <process> segment <i> (<rwx>) -> pool <name> (<rule>)`;
 * name is the pool of pa, the segment's first frame. */
void loader_place_print(const char *process, uint32_t index, uint32_t flags, pa_t pa,
			const char *rule);

/* One object frame, or a run of n, in pool (POOL_NONE: anywhere). */
enum inv_err obj_alloc_pool(unsigned pt, unsigned pool, struct page_common **out);
enum inv_err obj_alloc_run_pool(unsigned pt, uint64_t n, unsigned pool, pa_t *base);

#endif
