/* ColdFire: a program built with -msep-data loaded one run per segment, so
 * that its segments land in the pools their rules pick (doc/pools.md,
 * "Placing segments"; kernel/include/kernel/loader_place.h). */
#include <kernel/loader_place.h>
#include <kernel/objmem.h>
#include <kernel/proc.h>

/* The one writable loadable segment, or info->nload when there is none or
 * more than one (then the program is loaded as one run). */
static uint32_t split_writable(const struct elf_info *info)
{
	uint32_t w = info->nload;

	for (uint32_t s = 0; s < info->nload; s++)
		if (info->load[s].flags & ELF_PF_W) {
			if (w != info->nload)
				return info->nload;
			w = s;
		}
	return w;
}

bool loader_split_wanted(const struct image_program *prog, const struct elf_info *info,
			 unsigned current, unsigned stored)
{
	struct loader_place first, pl;

	if (info->type != ELF_ET_DYN || !(prog->flags & IMAGE_PROG_SEPDATA) ||
	    split_writable(info) == info->nload)
		return false;
	loader_place(prog, 0, info->load[0].flags, current, stored, &first);
	for (uint32_t s = 1; s < info->nload; s++) {
		loader_place(prog, s, info->load[s].flags, current, stored, &pl);
		if (pl.pool != first.pool)
			return true;
	}
	return false; /* one pool for all: one run does */
}

/* Writes v big-endian at byte at of the run from base (any page). */
static void split_put32(pa_t base, uint32_t at, uint32_t v)
{
	for (unsigned k = 0; k < 4; k++) {
		uint8_t b = (uint8_t)(v >> (24 - 8 * k));
		uint32_t o = at + k;

		objmem_write(base + (o & ~(uint32_t)(PAGE_SIZE - 1)), o & (PAGE_SIZE - 1), &b, 1);
	}
}

enum inv_err loader_split(const char *name, struct process *p, const uint8_t *file,
			  const struct image_program *prog, const struct elf_info *info,
			  unsigned stored, uint32_t entry, uint32_t *entry_bias, uint32_t *a5_disp)
{
	pa_t base[ELF_MAX_LOAD];
	uint32_t lo[ELF_MAX_LOAD], bias[ELF_MAX_LOAD], text, w = split_writable(info);
	enum inv_err e;

	for (uint32_t s = 0; s < info->nload; s++) {
		const struct elf_segment *seg = &info->load[s];
		uint32_t hi =
			(seg->vaddr + seg->memsz + PAGE_SIZE - 1) & ~(uint32_t)(PAGE_SIZE - 1);
		struct loader_place pl;

		lo[s] = seg->vaddr & ~(uint32_t)(PAGE_SIZE - 1);
		loader_place(prog, s, seg->flags, p->pool, stored, &pl);
		e = obj_alloc_run_pool(PT_OBJ_PAGE, (hi - lo[s]) >> PAGE_SHIFT, pl.pool, &base[s]);
		if (e != INV_OK)
			return e;
		bias[s] = (uint32_t)base[s] - lo[s];
		for (uint32_t done = 0; done < seg->filesz;) {
			uint32_t at = seg->vaddr - lo[s] + done, off = at & (PAGE_SIZE - 1);
			uint32_t chunk = PAGE_SIZE - off;

			if (chunk > seg->filesz - done)
				chunk = seg->filesz - done;
			objmem_write(base[s] + (at & ~(uint32_t)(PAGE_SIZE - 1)), off,
				     file + seg->offset + done, chunk);
			done += chunk;
		}
		loader_place_print(name, s, seg->flags, base[s], pl.rule);
		for (uint32_t pa = (uint32_t)base[s]; pa < (uint32_t)base[s] + (hi - lo[s]);
		     pa += PAGE_SIZE) {
			e = proc_map(p, pa, pa, true, true, true);
			if (e != INV_OK)
				return e;
		}
	}
	/* Each R_68K_RELATIVE is written in the segment it lies in, and points
	 * into the segment its addend lies in: each has its own bias. */
	for (uint32_t r = 0; r < info->rela_count; r++) {
		uint32_t where, addend, sw, st;

		elf_rela_get(file, info, r, &where, &addend);
		sw = elf_segment_of(info, where); /* in a segment: elf_check saw to it */
		st = elf_segment_of(info, addend);
		if (sw == info->nload || st == info->nload)
			return INV_ERR_ADDR; /* "loading the program" */
		split_put32(base[sw], where - lo[sw], addend + bias[st]);
	}
	text = elf_segment_of(info, entry);
	if (text == info->nload)
		return INV_ERR_ADDR;
	*entry_bias = bias[text];
	/* crt0_sep.S finds the GOT beside its text, then adds this */
	*a5_disp = bias[w] - bias[text];
	return INV_OK;
}
