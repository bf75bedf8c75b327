/* mkimage: builds a boot image from a text description and dumps images
 * (doc/abi.md, "Boot image"; syntax in obstore/examples/hello.img.txt). */
#ifndef TOOLS_MKIMAGE_H
#define TOOLS_MKIMAGE_H

#include <stdio.h>

#include <obstore/image.h>

#define MK_WORD 256

/* Where a statement came from, for "file:line: message" errors. */
struct mk_loc {
	const char *file;
	unsigned line;
};

struct mk_cap {
	struct mk_loc loc;
	unsigned long long slot;
	char target[MK_WORD]; /* an object name or console/range/sleep/meminfo/budget */
	uint8_t rights;
};

/* One statement of the description: one record of the image. */
/* Where ColdFire's SDRAM starts (the mcf5208evb's chip select 0). */
#define MK_COLDFIRE_RAM 0x40000000ull

struct mk_item {
	struct mk_loc loc;
	uint16_t type;
	char name[MK_WORD];
	char path[MK_WORD]; /* program: ELF file; page: contents file, or empty */
	char program[MK_WORD]; /* process */
	char pool[MK_WORD]; /* process, page, program (the file's default): optional */
	char fault[MK_WORD]; /* process: optional */
	unsigned long long priority, entry;
	int has_entry;
	unsigned long long start, length, stripe, step; /* pool */
	uint8_t cache;
	uint8_t in_ram; /* pool: start counts from the arch's RAM base (in=ram) */
	uint8_t xip; /* program: xip=1 */
	uint8_t sepdata; /* program: sepdata=1 */
	int only_arch; /* `only ARCH ...`: enum image_arch the item is for, 0 for every arch */
	unsigned nsegs; /* program: segN=POOL entries */
	unsigned seg[IMAGE_PROG_SEGS];
	char seg_pool[IMAGE_PROG_SEGS][MK_WORD];
	struct mk_cap *caps;
	unsigned ncaps;
};

struct mk_desc {
	const char *file;
	int arch; /* enum image_arch, 0 if the description has no arch line */
	struct mk_loc arch_loc;
	struct mk_item *items;
	unsigned nitems;
};

/* Drops the items of d marked `only` for an arch other than arch. */
void mk_desc_select(struct mk_desc *d, int arch);

/* Prints "file:line: message" to stderr. */
void mk_error(const struct mk_loc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads a whole file; NULL (after printing why) on failure. */
unsigned char *mk_read_file(const char *path, size_t *len);

/* Parses the description in file; 0 on success, -1 after printing errors. */
int mk_desc_parse(const char *file, struct mk_desc *out);
void mk_desc_free(struct mk_desc *d);

/* Builds the image for arch, resolving relative paths against root; 0 on
 * success with *img (malloc'd) and *len set. */
int mk_build(const struct mk_desc *d, int arch, const char *root, unsigned char **img, size_t *len);

/* Parses img with the kernel's parser and prints it; 0 if valid. */
int mk_dump(FILE *out, const char *name, const unsigned char *img, size_t len, int arch);

#endif
