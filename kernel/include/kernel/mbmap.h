/* Parser for the multiboot v1 memory map (mmap_addr/mmap_length).
 *
 * The loader's buffer is a sequence of entries { u32 size; u64 base; u64 len;
 * u32 type } where `size` counts the bytes after itself (20 or more). The
 * parser never trusts it: every field is bounds-checked against the buffer,
 * entries are sorted by base, and overlaps are refused. Zero-length entries
 * are skipped. The entry type codes equal enum mem_type. */
#ifndef KERNEL_MBMAP_H
#define KERNEL_MBMAP_H

#include <lib/err.h>
#include <kernel/memmap.h>

#define MBMAP_ENTRY_MIN 20

/* Why a map was refused: `index` is the offending entry (in loader order),
 * `other` the entry it collides with for ERR_OVERLAP. */
struct mbmap_error {
	enum err code;
	unsigned index;
	unsigned other;
};

enum err mbmap_parse(const void *buf, uint32_t length, struct memmap_entry *out, unsigned max,
		     unsigned *count, struct mbmap_error *why);

/* A one-line explanation of why, e.g. "entry 3 overlaps entry 2". */
int mbmap_describe(const struct mbmap_error *why, char *buf, unsigned size);

#endif
