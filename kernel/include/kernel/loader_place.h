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

struct process;

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

/* ColdFire (loader_split.c): whether prog, a position-independent program
 * built with -msep-data (IMAGE_PROG_SEPDATA) with one writable segment,
 * has segments whose rules pick different pools. Only such a program can
 * part its segments: other code reaches its data PC-relative. */
bool loader_split_wanted(const struct image_program *prog, const struct elf_info *info,
			 unsigned current, unsigned stored);
/* Loads each segment of such a program as its own run in its own pool,
 * maps them in p, prints their placement lines and applies each
 * R_68K_RELATIVE with the bias of the segment its addend lies in. The
 * process starts at entry + *entry_bias with d0 = *a5_disp, the writable
 * segment's displacement from where it would lie beside the text (the
 * program's crt0 adds it to the GOT it finds PC-relative). */
enum inv_err loader_split(const char *name, struct process *p, const uint8_t *file,
			  const struct image_program *prog, const struct elf_info *info,
			  unsigned stored, uint32_t entry, uint32_t *entry_bias, uint32_t *a5_disp);

/* One object frame, or a run of n, in pool (POOL_NONE: anywhere). */
enum inv_err obj_alloc_pool(unsigned pt, unsigned pool, struct page_common **out);
enum inv_err obj_alloc_run_pool(unsigned pt, uint64_t n, unsigned pool, pa_t *base);

#endif
