/* The physical memory map, classified (doc/memory.md §1).
 *
 * Built once at boot from struct boot_info: the loader's or board's memory
 * ranges, the kernel image and the boot modules. The result is sorted by
 * base, non-overlapping, with adjacent entries of the same class merged.
 * RAM entries are shrunk inward to whole pages (a partial page is never a
 * frame); the image and modules are widened outward to whole pages and must
 * lie inside RAM. The memory code later carves its own classes (fixed heap,
 * reserve) out of RAM with pmem_carve. */
#ifndef KERNEL_PMEM_H
#define KERNEL_PMEM_H

#include <kernel/boot.h>
#include <lib/err.h>

/* Room for the loader's entries, each split at most in three by a carve. */
#define PMEM_MAX (BOOT_MEM_MAX + 2 * (BOOT_MOD_MAX + 4))

enum pmem_class {
	PMEM_RAM, /* usable RAM, not yet given a purpose */
	PMEM_RESERVED, /* firmware or hardware reserved, bad RAM, unknown types */
	PMEM_ACPI, /* ACPI tables and ACPI NVS */
	PMEM_IMAGE, /* the kernel image */
	PMEM_MODULE, /* boot modules */
	PMEM_DEVICE, /* device memory (the bus drivers add it later) */
	PMEM_HEAP, /* the fixed kernel heap */
	PMEM_RESERVE, /* frames held back for the header region */
	PMEM_UNUSABLE, /* RAM the CPU cannot address (above its physical-address width) */
	PMEM_CLASS_COUNT
};

struct pmem_entry {
	pa_t base;
	pa_t end; /* exclusive; never 0 (entries reaching 2^64 are refused) */
	uint8_t cls; /* enum pmem_class */
	int16_t source; /* loader map index, or -1 for image/module/carved entries */
};

struct pmem_map {
	struct pmem_entry e[PMEM_MAX];
	unsigned count;
};

const char *pmem_class_name(unsigned cls);

/* True for classes whose frames are RAM and so have page headers from the
 * fixed heap (ram, image, module, heap, reserve). */
bool pmem_class_is_ram(unsigned cls);

/* Builds map from bi. On a malformed input returns ERR_INVAL, ERR_OVERLAP,
 * ERR_RANGE or ERR_FULL and writes a sentence naming the bad entry to why. */
enum err pmem_build(const struct boot_info *bi, struct pmem_map *map, char *why, size_t whylen);

/* Re-classes [base, end) (page-aligned) from class `from` to `to`. The span
 * must lie inside one entry of class `from`; otherwise ERR_OVERLAP with why
 * naming what is in the way (may be NULL). */
enum err pmem_carve(struct pmem_map *map, pa_t base, pa_t end, unsigned from, unsigned to,
		    char *why, size_t whylen);

/* Re-classes RAM at or above limit as PMEM_UNUSABLE (splitting an entry
 * that straddles it); returns the frames affected. */
uint64_t pmem_limit(struct pmem_map *map, pa_t limit);

/* Frames (whole pages) of class cls in the map, and in [0, limit). */
uint64_t pmem_frames(const struct pmem_map *map, unsigned cls);
uint64_t pmem_frames_below(const struct pmem_map *map, unsigned cls, pa_t limit);

/* Lowest page-aligned base of a run of `bytes` inside a PMEM_RAM entry that
 * lies in [floor, limit); ERR_NOMEM when none fits. */
enum err pmem_find_free(const struct pmem_map *map, uint64_t bytes, pa_t floor, pa_t limit,
			pa_t *base);

#endif
