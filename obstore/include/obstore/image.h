/* The boot image: what the kernel creates before the first process runs
 * (doc/abi.md, "Boot image"; byte layout in obstore/image_format.h).
 *
 * An image is a table of typed records — programs (ELF files in the blob
 * area), processes, endpoints, pages, capability pages and memory pools —
 * plus a table of initial capabilities. Records refer to each other by
 * record index. The object records (process, endpoint, page, cappage) get
 * OIDs 1 + index (obstore/oid.h). image_parse validates everything the
 * loader relies on; after it succeeds the accessors below cannot fail. */
#ifndef OBSTORE_IMAGE_H
#define OBSTORE_IMAGE_H

#include <lib/types.h>
#include <obstore/elf.h>
#include <obstore/image_format.h>

#define IMAGE_NAME_SIZE 16 /* including at least one NUL */
#define IMAGE_NONE 0xffffffffu /* "no record" in a reference field */

/* Keeps the pairwise checks (names, blobs, caps) bounded at boot. */
#define IMAGE_MAX_RECORDS 1024
#define IMAGE_MAX_CAPS 8192

/* Capability registers a process starts with, and slots in a CapPage
 * (a 4 KiB frame of 16-byte capabilities). */
#define IMAGE_PROCESS_SLOTS 16
#define IMAGE_CAPPAGE_SLOTS 256
/* Scheduler priorities 0 (lowest) .. IMAGE_PRIORITIES - 1. */
#define IMAGE_PRIORITIES 32

enum image_arch {
	IMAGE_ARCH_I386 = 1,
	IMAGE_ARCH_COLDFIRE = 2,
};

enum image_type {
	IMAGE_T_PROGRAM = 1,
	IMAGE_T_PROCESS = 2,
	IMAGE_T_ENDPOINT = 3,
	IMAGE_T_PAGE = 4,
	IMAGE_T_CAPPAGE = 5,
	IMAGE_T_POOL = 6,
	IMAGE_T_LIMIT
};

enum image_cap_kind {
	IMAGE_CAP_OBJECT = 1, /* the object of record `target` */
	IMAGE_CAP_CONSOLE = 2,
	IMAGE_CAP_RANGE = 3,
	IMAGE_CAP_SLEEP = 4,
	IMAGE_CAP_MEMINFO = 5,
	IMAGE_CAP_BUDGET = 6, /* the kernel's budget channel (for the space bank) */
	IMAGE_CAP_LIMIT
};

#define IMAGE_RIGHT_RO 1u
#define IMAGE_RIGHT_WEAK 2u
#define IMAGE_RIGHT_NX 4u
#define IMAGE_RIGHTS_ALL 7u

enum image_cache { IMAGE_CACHE_WB = 0, IMAGE_CACHE_WT = 1, IMAGE_CACHE_UC = 2, IMAGE_CACHE_LIMIT };

/* The file-mapping table of a program (doc/pools.md "Placing segments"):
 * a default pool for the file and a pool per listed loadable segment; with
 * IMAGE_PROG_XIP its read-only segments may execute where the file is stored. */
#define IMAGE_PROG_SEGS 6
#define IMAGE_PROG_SEG_MAX 31 /* segment indices fit 5 bits */
#define IMAGE_PROG_XIP 0x1u
/* A ColdFire program built with -msep-data: it reaches its data only
 * through a5, so its writable segment may be loaded apart from the rest. */
#define IMAGE_PROG_SEPDATA 0x2u

struct image_program {
	uint32_t blob_offset;
	uint32_t blob_length;
	uint32_t pool; /* the file's default pool record, or IMAGE_NONE */
	uint8_t flags; /* IMAGE_PROG_* */
	uint8_t nsegs; /* entries used in seg[], packed from 0 */
	struct {
		uint8_t segment; /* index among the ELF's loadable segments */
		uint32_t pool; /* pool record */
	} seg[IMAGE_PROG_SEGS];
};

struct image_process {
	uint32_t program;
	uint32_t entry;
	uint32_t pool;
	uint32_t fault;
	uint32_t cap_first;
	uint32_t cap_count;
	uint8_t priority;
};

/* A page's first blob_length bytes come from the blob; the rest are zero. */
struct image_page {
	uint32_t blob_offset;
	uint32_t blob_length;
	uint32_t pool;
};

struct image_cappage {
	uint32_t cap_first;
	uint32_t cap_count;
};

/* Frames [start, start + length); with stripe != 0 only the first `stripe`
 * bytes of every `step` bytes belong to the pool (cache colouring). */
struct image_pool {
	uint64_t start;
	uint64_t length;
	uint32_t stripe;
	uint32_t step;
	uint8_t cache;
};

struct image_record {
	uint16_t type;
	char name[IMAGE_NAME_SIZE];
	union {
		struct image_program program;
		struct image_process process;
		struct image_page page;
		struct image_cappage cappage;
		struct image_pool pool;
	} u;
};

struct image_cap {
	uint16_t slot;
	uint8_t kind;
	uint8_t rights;
	uint32_t target;
};

/* A validated image. Pointers point into the caller's buffer. */
struct image_view {
	const uint8_t *base;
	uint32_t length;
	enum image_arch arch;
	uint32_t crc;
	uint32_t record_count;
	uint32_t cap_count;
	const uint8_t *records;
	const uint8_t *caps;
	const uint8_t *blobs;
	uint32_t blob_length;
	uint32_t count[IMAGE_T_LIMIT]; /* records of each type */
};

enum image_code {
	IMAGE_OK,
	IMAGE_E_SHORT, /* buffer or length field below the header size */
	IMAGE_E_MAGIC,
	IMAGE_E_VERSION,
	IMAGE_E_ARCH, /* unknown, or not the expected one */
	IMAGE_E_TRUNCATED, /* length field beyond the buffer */
	IMAGE_E_CHECKSUM,
	IMAGE_E_HEADER_RESERVED, /* flags or reserved header field nonzero */
	IMAGE_E_TOO_MANY, /* record or cap count above the limits */
	IMAGE_E_SECTION, /* a section past the end, or out of order */
	IMAGE_E_RECORD_TYPE,
	IMAGE_E_RECORD_RESERVED, /* flags or an unused body field nonzero */
	IMAGE_E_NAME, /* empty, unterminated, unpadded or bad characters */
	IMAGE_E_DUP_NAME,
	IMAGE_E_BLOB_RANGE, /* blob reference past the blob area */
	IMAGE_E_BLOB_OVERLAP,
	IMAGE_E_PAGE_SIZE, /* page contents larger than a page */
	IMAGE_E_REF_MISSING, /* reference to a record that does not exist */
	IMAGE_E_REF_TYPE, /* reference to a record of the wrong type */
	IMAGE_E_PRIORITY,
	IMAGE_E_CAP_RANGE, /* cap_first/cap_count past the cap table */
	IMAGE_E_CAP_OVERLAP, /* two records share cap entries */
	IMAGE_E_CAP_KIND,
	IMAGE_E_CAP_RIGHTS,
	IMAGE_E_CAP_SLOT, /* slot beyond the owner's slots */
	IMAGE_E_CAP_DUP_SLOT,
	IMAGE_E_CAP_TARGET, /* nonzero target on a service capability */
	IMAGE_E_POOL, /* misaligned, empty, wrapping or bad colouring */
	IMAGE_E_POOL_OVERLAP,
	IMAGE_E_ELF, /* a program failed elf_check (see elf) */
	IMAGE_E_ENTRY, /* process entry outside its program's code */
	IMAGE_E_SHARED_PROGRAM, /* ColdFire: one program backing two processes */
	IMAGE_E_SEGMENT_CLASH, /* ColdFire: two programs' segments overlap */
	IMAGE_E_NO_PROCESS,
	IMAGE_E_SEGMENT, /* a file-mapping entry names a segment the program lacks, or twice */
	IMAGE_CODE_COUNT
};

/* Why an image was refused. `record` is the offending record (IMAGE_NONE for
 * header problems) and `name` its name, made printable; `other` a second
 * record (duplicate, overlap); `cap` a cap table index; `value`/`expect` the
 * offending and the wanted value where the code has them. */
struct image_error {
	enum image_code code;
	uint32_t record;
	uint16_t type;
	char name[IMAGE_NAME_SIZE];
	uint32_t other;
	char other_name[IMAGE_NAME_SIZE];
	uint32_t cap;
	unsigned long long value; /* not uint64_t: printed with %llu on every arch */
	unsigned long long expect;
	struct elf_error elf;
};

/* Validates buf[0..len) as an image for `expect` and fills *out. Checks run
 * in this order: header size, magic, version, arch, length, checksum, then
 * structure; the first failure is reported. Never reads outside buf. Bytes
 * after the length field's end (loader padding) are ignored. */
enum image_code image_parse(const void *buf, size_t len, enum image_arch expect,
			    struct image_view *out, struct image_error *why);

/* A one-line explanation naming the offending record, e.g.
 * "record 3 (process 'init'): cap 2 slot 40 exceeds the 16 slots". */
int image_describe(const struct image_error *why, char *buf, size_t size);

const char *image_code_name(enum image_code code);
const char *image_type_name(unsigned type);
const char *image_arch_name(unsigned arch);
const char *image_cap_kind_name(unsigned kind);
const char *image_cache_name(unsigned cache);
uint16_t image_elf_machine(enum image_arch arch);

/* Accessors for a validated view; index < record_count / cap_count. */
void image_record_get(const struct image_view *v, uint32_t index, struct image_record *out);
void image_cap_get(const struct image_view *v, uint32_t index, struct image_cap *out);
const uint8_t *image_blob(const struct image_view *v, uint32_t offset);
oid_t image_record_oid(uint32_t index);
/* The first OID the kernel's RAM allocator may hand out after boot. */
oid_t image_next_oid(const struct image_view *v);

/* Recomputes the checksum of an image whose header is in place; false if
 * the length field does not fit buf. */
bool image_seal(void *buf, size_t len);

#endif
