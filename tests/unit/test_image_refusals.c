/* Every way image_parse refuses an image, one case each: the fixture is
 * corrupted in its description (desc) or in its written bytes (bytes, then
 * resealed unless the case is about the checksum or the length), and the
 * parser must give the expected code and a message naming the culprit. */
#include <stdlib.h>
#include <string.h>

#include <lib/bytes.h>

#include "elf_fixture.h"
#include "image_fixture.h"

struct image_case {
	const char *name;
	enum image_code code;
	enum image_arch arch; /* of the fixture; 0 = i386 */
	enum image_arch expect; /* passed to the parser; 0 = the fixture's */
	void (*desc)(struct image_fixture *f);
	void (*bytes)(uint8_t *img, size_t *len);
	bool no_seal;
	const char *says; /* expected in the message */
};

static uint8_t *rec(uint8_t *img, uint32_t index)
{
	return image_fixture_record(img, index);
}

/* Header. */
static void b_short(uint8_t *img, size_t *len)
{
	(void)img;
	*len = 20;
}
static void b_length_small(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_LENGTH, 40);
}
static void b_magic(uint8_t *img, size_t *len)
{
	(void)len;
	img[0] = 'X';
}
static void b_version(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke16(img + IMAGE_H_VERSION, 2);
}
static void b_arch_unknown(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke16(img + IMAGE_H_ARCH, 9);
}
static void b_truncate(uint8_t *img, size_t *len)
{
	(void)img;
	*len -= 1;
}
static void b_flip_blob(uint8_t *img, size_t *len)
{
	img[*len - 20] ^= 0x40;
}
static void b_flip_crc(uint8_t *img, size_t *len)
{
	(void)len;
	img[IMAGE_H_CRC] ^= 1;
}
static void b_flags(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_FLAGS, 1);
}
static void b_reserved(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_RESERVED, 0x80000000u);
}
static void b_many_records(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_REC_COUNT, IMAGE_MAX_RECORDS + 1);
}
static void b_many_caps(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_CAP_COUNT, IMAGE_MAX_CAPS + 1);
}
static void b_rec_in_header(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_REC_OFF, IMAGE_HEADER_SIZE - 8);
}
static void b_rec_count_grown(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_REC_COUNT, FX_COUNT + 1);
}
static void b_blob_past_end(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_BLOB_LEN, bytes_le32(img + IMAGE_H_BLOB_LEN) + 1);
}
static void b_blob_off_huge(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke32(img + IMAGE_H_BLOB_OFF, 0xfffffff0u);
}

/* Records. */
static void b_type_zero(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke16(rec(img, FX_EP) + IMAGE_R_TYPE, 0);
}
static void b_type_seven(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke16(rec(img, FX_EP) + IMAGE_R_TYPE, IMAGE_T_LIMIT);
}
static void b_rec_flags(uint8_t *img, size_t *len)
{
	(void)len;
	image_fixture_poke16(rec(img, FX_GREET) + IMAGE_R_FLAGS, 0x100);
}
static void b_endpoint_body(uint8_t *img, size_t *len)
{
	(void)len;
	rec(img, FX_EP)[IMAGE_R_BODY] = 1;
}
static void b_process_pad(uint8_t *img, size_t *len)
{
	(void)len;
	rec(img, FX_INIT)[IMAGE_R_BODY + 25] = 0x5a;
}
static void b_cappage_unused(uint8_t *img, size_t *len)
{
	(void)len;
	rec(img, FX_CP)[IMAGE_R_BODY + 4] = 2;
}
static void b_name_unterminated(uint8_t *img, size_t *len)
{
	(void)len;
	memset(rec(img, FX_EP) + IMAGE_R_NAME, 'a', IMAGE_NAME_SIZE);
}
static void b_name_garbage(uint8_t *img, size_t *len)
{
	(void)len;
	rec(img, FX_EP)[IMAGE_R_NAME + 10] = 'x';
}
static void d_name_empty(struct image_fixture *f)
{
	f->rec[FX_EP].name[0] = '\0';
}
static void d_name_space(struct image_fixture *f)
{
	strcpy(f->rec[FX_EP].name, "ep 0");
}
static void d_dup_name(struct image_fixture *f)
{
	strcpy(f->rec[FX_PEER].name, "init");
}

/* Blobs. */
static void d_program_past(struct image_fixture *f)
{
	f->rec[FX_OTHER].u.program.blob_length += f->blob_len;
}
static void d_page_past(struct image_fixture *f)
{
	f->rec[FX_GREET].u.page.blob_offset = f->blob_len - 5;
}
static void d_blob_wrap(struct image_fixture *f)
{
	f->rec[FX_GREET].u.page.blob_offset = 0xfffffffcu;
}
static void d_blob_overlap(struct image_fixture *f)
{
	f->rec[FX_GREET].u.page.blob_offset = f->rec[FX_OTHER].u.program.blob_offset + 16;
}
static void d_page_big(struct image_fixture *f)
{
	f->rec[FX_GREET].u.page.blob_length = 4097;
	f->blob_len = f->rec[FX_GREET].u.page.blob_offset + 4097;
}
static void d_bad_elf(struct image_fixture *f)
{
	f->blob[f->rec[FX_HELLO].u.program.blob_offset + 18] = 62; /* EM_X86_64 */
}

/* References. */
static void d_program_missing(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.program = 99;
}
static void d_program_type(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.program = FX_EP;
}
static void d_fault_type(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.fault = FX_GREET;
}
static void d_pool_type(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.pool = FX_EP;
}
static void d_page_pool_missing(struct image_fixture *f)
{
	f->rec[FX_GREET].u.page.pool = 50;
}
static void d_cap_target_missing(struct image_fixture *f)
{
	f->cap[2].target = 77;
}
static void d_cap_target_pool(struct image_fixture *f)
{
	f->cap[2].target = FX_SYSTEM;
}
static void d_priority(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.priority = IMAGE_PRIORITIES;
}

/* Capabilities. */
static void d_cap_range(struct image_fixture *f)
{
	f->rec[FX_PEER].u.process.cap_count = 10;
}
static void d_cap_range_wrap(struct image_fixture *f)
{
	f->rec[FX_CP].u.cappage.cap_first = 0xffffffffu;
}
static void d_cap_overlap(struct image_fixture *f)
{
	f->rec[FX_CP].u.cappage.cap_first = 5;
}
static void d_cap_kind_zero(struct image_fixture *f)
{
	f->cap[1].kind = 0;
}
static void d_cap_kind_big(struct image_fixture *f)
{
	f->cap[6].kind = IMAGE_CAP_LIMIT;
}
static void d_cap_rights(struct image_fixture *f)
{
	f->cap[0].rights = 8;
}
static void d_process_slot(struct image_fixture *f)
{
	f->cap[4].slot = IMAGE_PROCESS_SLOTS;
}
static void d_cappage_slot(struct image_fixture *f)
{
	f->cap[8].slot = IMAGE_CAPPAGE_SLOTS;
}
static void d_dup_slot(struct image_fixture *f)
{
	f->cap[1].slot = 0;
}
static void d_service_target(struct image_fixture *f)
{
	f->cap[0].target = 3;
}
/* A cap entry no process or CapPage names is still part of the image's cap
 * table: image_cap_get may be asked for it, so it must be well formed too
 * (found by fuzz_image). Appended after every range, so only the table
 * reaches it. */
static void d_loose_cap(struct image_fixture *f, uint8_t kind, uint8_t rights, uint32_t target)
{
	f->cap[f->ncap++] = (struct image_cap){ 0, kind, rights, target };
}
static void d_loose_kind_zero(struct image_fixture *f)
{
	d_loose_cap(f, 0, 0, 0);
}
static void d_loose_kind_big(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_LIMIT, 0, 0);
}
static void d_loose_rights(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_CONSOLE, IMAGE_RIGHTS_ALL + 1, 0);
}
static void d_loose_target_missing(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_OBJECT, 0, 99);
}
static void d_loose_target_pool(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_OBJECT, 0, FX_SYSTEM);
}
static void d_loose_service_target(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_SLEEP, 0, FX_EP);
}
static void d_loose_valid(struct image_fixture *f)
{
	d_loose_cap(f, IMAGE_CAP_OBJECT, 0, FX_EP);
}

/* Pools. */
static void d_pool_misaligned(struct image_fixture *f)
{
	f->rec[FX_SYSTEM].u.pool.start += 0x10;
}
static void d_pool_empty(struct image_fixture *f)
{
	f->rec[FX_SYSTEM].u.pool.length = 0;
}
static void d_pool_wrap(struct image_fixture *f)
{
	f->rec[FX_SYSTEM].u.pool.start = 0xfffffffffffff000ull;
	f->rec[FX_SYSTEM].u.pool.length = 0x2000;
}
static void d_pool_stripe(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.stripe = 0x8000;
}
static void d_pool_step_zero(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.step = 0;
}
static void d_pool_cache(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.cache = IMAGE_CACHE_LIMIT;
}
static void d_pool_overlap(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.start = f->rec[FX_SYSTEM].u.pool.start + 0x3ff000;
}
static void d_pool_step_odd(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.step = 0x3000;
}
static void d_pool_step_big(struct image_fixture *f)
{
	f->rec[FX_COLOUR].u.pool.step = 0x80000;
}
/* "fast" becomes the colour after "colour" over the same MiB. */
static void d_pool_stripes_disjoint(struct image_fixture *f)
{
	f->rec[FX_SYSTEM].u.pool = f->rec[FX_COLOUR].u.pool;
	f->rec[FX_SYSTEM].u.pool.start += 0x1000;
	f->rec[FX_SYSTEM].u.pool.length -= 0x1000;
}
static void d_pool_stripes_meet(struct image_fixture *f)
{
	f->rec[FX_SYSTEM].u.pool = f->rec[FX_COLOUR].u.pool;
	f->rec[FX_SYSTEM].u.pool.start += 0x4000;
	f->rec[FX_SYSTEM].u.pool.length -= 0x4000;
}

/* The file-mapping table of a program. */
static void d_prog_map(struct image_fixture *f)
{
	f->rec[FX_HELLO].u.program.pool = FX_SYSTEM;
	f->rec[FX_HELLO].u.program.flags = IMAGE_PROG_XIP;
	f->rec[FX_HELLO].u.program.nsegs = 1;
	f->rec[FX_HELLO].u.program.seg[0].segment = 0;
	f->rec[FX_HELLO].u.program.seg[0].pool = FX_COLOUR;
}
static void d_prog_segment_beyond(struct image_fixture *f)
{
	d_prog_map(f);
	f->rec[FX_HELLO].u.program.seg[0].segment = 9;
}
static void d_prog_segment_twice(struct image_fixture *f)
{
	d_prog_map(f);
	f->rec[FX_HELLO].u.program.nsegs = 2;
	f->rec[FX_HELLO].u.program.seg[1] = f->rec[FX_HELLO].u.program.seg[0];
}
static void d_prog_pool_not_pool(struct image_fixture *f)
{
	d_prog_map(f);
	f->rec[FX_HELLO].u.program.seg[0].pool = FX_EP;
}
static void d_prog_flags(struct image_fixture *f)
{
	f->rec[FX_HELLO].u.program.flags = 0x80;
}

/* Programs and processes. */
static void d_entry(struct image_fixture *f)
{
	f->rec[FX_INIT].u.process.entry += 0x1000 - 0x10; /* the data segment */
}
static void d_shared_program(struct image_fixture *f)
{
	f->rec[FX_PEER].u.process.program = FX_HELLO;
	f->rec[FX_PEER].u.process.entry = f->rec[FX_INIT].u.process.entry;
}
/* Moves program other's code (and entry) onto hello's data segment. */
static void d_segment_clash(struct image_fixture *f)
{
	bool big = f->arch == IMAGE_ARCH_COLDFIRE;
	uint8_t *elf = f->blob + f->rec[FX_OTHER].u.program.blob_offset;
	uint32_t hello_data = f->rec[FX_INIT].u.process.entry - 0x10 + 0x1000;

	elf_fixture_put32(elf + 24, hello_data + 0x110, big);
	elf_fixture_put32(elf + 52 + 8, hello_data + 0x100, big);
	f->rec[FX_PEER].u.process.entry = hello_data + 0x110;
}
/* A process whose program comes after it in the table, and is broken: the
 * process's check finds it first and blames the program. */
static void d_late_program_bad(struct image_fixture *f)
{
	uint32_t late = f->nrec++;

	f->rec[late] = f->rec[FX_OTHER];
	strcpy(f->rec[late].name, "late");
	f->rec[late].u.program.blob_length = 20; /* shorter than an ELF header */
	f->rec[FX_PEER].u.process.program = late;
}
static void d_no_process(struct image_fixture *f)
{
	memset(&f->rec[FX_INIT].u, 0, sizeof(f->rec[FX_INIT].u));
	f->rec[FX_INIT].type = IMAGE_T_ENDPOINT;
	memset(&f->rec[FX_PEER].u, 0, sizeof(f->rec[FX_PEER].u));
	f->rec[FX_PEER].type = IMAGE_T_ENDPOINT;
}

#define CF IMAGE_ARCH_COLDFIRE

static const struct image_case image_cases[] = {
	{ "short buffer", IMAGE_E_SHORT, 0, 0, NULL, b_short, true, "image: 20 bytes, shorter" },
	{ "short length field", IMAGE_E_SHORT, 0, 0, NULL, b_length_small, true, "40 bytes" },
	{ "magic", IMAGE_E_MAGIC, 0, 0, NULL, b_magic, false, "bad magic 0x5852494d" },
	{ "version", IMAGE_E_VERSION, 0, 0, NULL, b_version, false, "format version 2" },
	{ "arch mismatch", IMAGE_E_ARCH, 0, CF, NULL, NULL, false,
	  "built for i386 (arch 1), expected coldfire" },
	{ "arch mismatch coldfire", IMAGE_E_ARCH, CF, IMAGE_ARCH_I386, NULL, NULL, false,
	  "built for coldfire (arch 2), expected i386" },
	{ "arch unknown", IMAGE_E_ARCH, 0, 0, NULL, b_arch_unknown, false, "unknown (arch 9)" },
	{ "truncated", IMAGE_E_TRUNCATED, 0, 0, NULL, b_truncate, true, "truncated" },
	{ "checksum content", IMAGE_E_CHECKSUM, 0, 0, NULL, b_flip_blob, true, "checksum 0x" },
	{ "checksum field", IMAGE_E_CHECKSUM, 0, 0, NULL, b_flip_crc, true, "does not match" },
	{ "header flags", IMAGE_E_HEADER_RESERVED, 0, 0, NULL, b_flags, false, "flags 0x1" },
	{ "header reserved", IMAGE_E_HEADER_RESERVED, 0, 0, NULL, b_reserved, false,
	  "reserved 0x80000000" },
	{ "too many records", IMAGE_E_TOO_MANY, 0, 0, NULL, b_many_records, false,
	  "1025 record entries exceed the limit of 1024" },
	{ "too many caps", IMAGE_E_TOO_MANY, 0, 0, NULL, b_many_caps, false, "cap entries" },
	{ "records in header", IMAGE_E_SECTION, 0, 0, NULL, b_rec_in_header, false,
	  "record section [40," },
	{ "records into caps", IMAGE_E_SECTION, 0, 0, NULL, b_rec_count_grown, false,
	  "cap section" },
	{ "blobs past end", IMAGE_E_SECTION, 0, 0, NULL, b_blob_past_end, false, "blob section" },
	{ "blob offset huge", IMAGE_E_SECTION, 0, 0, NULL, b_blob_off_huge, false,
	  "blob section [4294967280," },
	{ "record type 0", IMAGE_E_RECORD_TYPE, 0, 0, NULL, b_type_zero, false,
	  "record 2 (unknown 'ep0'): unknown record type 0" },
	{ "record type 7", IMAGE_E_RECORD_TYPE, 0, 0, NULL, b_type_seven, false, "type 7" },
	{ "record flags", IMAGE_E_RECORD_RESERVED, 0, 0, NULL, b_rec_flags, false,
	  "record 5 (page 'greet'): byte 2 of the record is 0x100" },
	{ "endpoint body", IMAGE_E_RECORD_RESERVED, 0, 0, NULL, b_endpoint_body, false,
	  "(endpoint 'ep0'): byte 20" },
	{ "process padding", IMAGE_E_RECORD_RESERVED, 0, 0, NULL, b_process_pad, false,
	  "(process 'init'): byte 45 of the record is 0x5a" },
	{ "cappage unused", IMAGE_E_RECORD_RESERVED, 0, 0, NULL, b_cappage_unused, false,
	  "'cp0'): byte 24" },
	{ "name empty", IMAGE_E_NAME, 0, 0, d_name_empty, NULL, false,
	  "record 2 (endpoint ''): bad name" },
	{ "name space", IMAGE_E_NAME, 0, 0, d_name_space, NULL, false, "(endpoint 'ep?0')" },
	{ "name unterminated", IMAGE_E_NAME, 0, 0, NULL, b_name_unterminated, false,
	  "'aaaaaaaaaaaaaaa'): bad name" },
	{ "name garbage", IMAGE_E_NAME, 0, 0, NULL, b_name_garbage, false, "NUL padding" },
	{ "duplicate name", IMAGE_E_DUP_NAME, 0, 0, d_dup_name, NULL, false,
	  "record 4 (process 'init'): name is already used by record 3" },
	{ "program past blobs", IMAGE_E_BLOB_RANGE, 0, 0, d_program_past, NULL, false,
	  "record 1 (program 'other'): blob [" },
	{ "page past blobs", IMAGE_E_BLOB_RANGE, 0, 0, d_page_past, NULL, false,
	  "(page 'greet'): blob" },
	{ "blob wrap", IMAGE_E_BLOB_RANGE, 0, 0, d_blob_wrap, NULL, false, "[4294967292, +11)" },
	{ "blob overlap", IMAGE_E_BLOB_OVERLAP, 0, 0, d_blob_overlap, NULL, false,
	  "(page 'greet'): blob at" },
	{ "page too big", IMAGE_E_PAGE_SIZE, 0, 0, d_page_big, NULL, false,
	  "4097 bytes of contents exceed a page (4096)" },
	{ "bad elf", IMAGE_E_ELF, 0, 0, d_bad_elf, NULL, false,
	  "record 0 (program 'hello'): ELF: machine 62, expected 3 (EM_386)" },
	{ "bad elf coldfire", IMAGE_E_ELF, CF, 0, d_bad_elf, NULL, false, "expected 4 (EM_68K)" },
	{ "program missing", IMAGE_E_REF_MISSING, 0, 0, d_program_missing, NULL, false,
	  "(process 'init'): refers to record 99, which does not exist" },
	{ "program type", IMAGE_E_REF_TYPE, 0, 0, d_program_type, NULL, false,
	  "refers to record 2 ('ep0') of type endpoint, where program is needed" },
	{ "fault type", IMAGE_E_REF_TYPE, 0, 0, d_fault_type, NULL, false,
	  "('greet') of type page, where endpoint" },
	{ "pool type", IMAGE_E_REF_TYPE, 0, 0, d_pool_type, NULL, false, "where pool is needed" },
	{ "page pool missing", IMAGE_E_REF_MISSING, 0, 0, d_page_pool_missing, NULL, false,
	  "(page 'greet'): refers to record 50" },
	{ "cap target missing", IMAGE_E_REF_MISSING, 0, 0, d_cap_target_missing, NULL, false,
	  "(process 'init'): cap entry 2: refers to record 77" },
	{ "cap target pool", IMAGE_E_REF_TYPE, 0, 0, d_cap_target_pool, NULL, false,
	  "cap entry 2: refers to record 7 ('fast') of type pool, where an object" },
	{ "priority", IMAGE_E_PRIORITY, 0, 0, d_priority, NULL, false,
	  "(process 'init'): priority 32 exceeds the maximum 31" },
	{ "cap range", IMAGE_E_CAP_RANGE, 0, 0, d_cap_range, NULL, false,
	  "(process 'peer'): cap entries [5, +10) extend past the cap table" },
	{ "cap range wrap", IMAGE_E_CAP_RANGE, 0, 0, d_cap_range_wrap, NULL, false, "'cp0'" },
	{ "cap overlap", IMAGE_E_CAP_OVERLAP, 0, 0, d_cap_overlap, NULL, false,
	  "record 6 (cappage 'cp0'): cap entries from 5 overlap those of record 4 ('peer')" },
	{ "cap kind 0", IMAGE_E_CAP_KIND, 0, 0, d_cap_kind_zero, NULL, false,
	  "cap entry 1: unknown capability kind 0" },
	{ "cap kind 7", IMAGE_E_CAP_KIND, 0, 0, d_cap_kind_big, NULL, false,
	  "(process 'peer'): cap entry 6: unknown capability kind 7" },
	{ "cap rights", IMAGE_E_CAP_RIGHTS, 0, 0, d_cap_rights, NULL, false, "0x8" },
	{ "process slot", IMAGE_E_CAP_SLOT, 0, 0, d_process_slot, NULL, false,
	  "cap entry 4: slot 16 is beyond the 16 slots" },
	{ "cappage slot", IMAGE_E_CAP_SLOT, 0, 0, d_cappage_slot, NULL, false,
	  "(cappage 'cp0'): cap entry 8: slot 256 is beyond the 256 slots" },
	{ "duplicate slot", IMAGE_E_CAP_DUP_SLOT, 0, 0, d_dup_slot, NULL, false,
	  "cap entry 1: slot 0 is filled twice" },
	{ "service target", IMAGE_E_CAP_TARGET, 0, 0, d_service_target, NULL, false,
	  "service capability has target 3" },
	{ "loose cap kind 0", IMAGE_E_CAP_KIND, 0, 0, d_loose_kind_zero, NULL, false,
	  "image: cap entry 9: unknown capability kind 0" },
	{ "loose cap kind 7", IMAGE_E_CAP_KIND, 0, 0, d_loose_kind_big, NULL, false,
	  "cap entry 9: unknown capability kind 7" },
	{ "loose cap rights", IMAGE_E_CAP_RIGHTS, 0, 0, d_loose_rights, NULL, false,
	  "cap entry 9" },
	{ "loose cap target missing", IMAGE_E_REF_MISSING, 0, 0, d_loose_target_missing, NULL,
	  false, "cap entry 9: refers to record 99" },
	{ "loose cap target pool", IMAGE_E_REF_TYPE, 0, 0, d_loose_target_pool, NULL, false,
	  "cap entry 9: refers to record 7" },
	{ "loose service target", IMAGE_E_CAP_TARGET, 0, 0, d_loose_service_target, NULL, false,
	  "cap entry 9: service capability has target 2" },
	{ "loose cap valid", IMAGE_OK, 0, 0, d_loose_valid, NULL, false, "valid" },
	{ "pool misaligned", IMAGE_E_POOL, 0, 0, d_pool_misaligned, NULL, false,
	  "(pool 'fast'): bad pool (0x400010" },
	{ "pool empty", IMAGE_E_POOL, 0, 0, d_pool_empty, NULL, false, "bad pool" },
	{ "pool wrap", IMAGE_E_POOL, 0, 0, d_pool_wrap, NULL, false, "bad pool" },
	{ "pool stripe", IMAGE_E_POOL, 0, 0, d_pool_stripe, NULL, false, "(pool 'colour')" },
	{ "pool step zero", IMAGE_E_POOL, 0, 0, d_pool_step_zero, NULL, false, "bad pool" },
	{ "pool cache", IMAGE_E_POOL, 0, 0, d_pool_cache, NULL, false, "(0x3, 0x3)" },
	{ "pool overlap", IMAGE_E_POOL_OVERLAP, 0, 0, d_pool_overlap, NULL, false,
	  "record 8 (pool 'colour'): pool shares the frame at 0x7ff000 with pool record 7 "
	  "('fast')" },
	{ "file mapping", IMAGE_OK, 0, 0, d_prog_map, NULL, false, "valid" },
	{ "file mapping coldfire", IMAGE_OK, CF, 0, d_prog_map, NULL, false, "valid" },
	{ "segment beyond the program's", IMAGE_E_SEGMENT, 0, 0, d_prog_segment_beyond, NULL, false,
	  "record 0 (program 'hello'): file-mapping table names segment 9, beyond the program's 2 "
	  "loadable segments" },
	{ "segment listed twice", IMAGE_E_SEGMENT, 0, 0, d_prog_segment_twice, NULL, false,
	  "lists segment 0 twice" },
	{ "segment pool not a pool", IMAGE_E_REF_TYPE, 0, 0, d_prog_pool_not_pool, NULL, false,
	  "(program 'hello'): refers to record 2 ('ep0') of type endpoint" },
	{ "program flags", IMAGE_E_RECORD_RESERVED, 0, 0, d_prog_flags, NULL, false, "0x80" },
	{ "pool step not a power of two", IMAGE_E_POOL, 0, 0, d_pool_step_odd, NULL, false,
	  "(pool 'colour'): bad pool (0x1000, 0x3000)" },
	{ "pool step above 64 pages", IMAGE_E_POOL, 0, 0, d_pool_step_big, NULL, false,
	  "(pool 'colour'): bad pool (0x1000, 0x80000)" },
	{ "pool stripes disjoint", IMAGE_OK, 0, 0, d_pool_stripes_disjoint, NULL, false, "valid" },
	{ "pool stripes meet", IMAGE_E_POOL_OVERLAP, 0, 0, d_pool_stripes_meet, NULL, false,
	  "(pool 'colour'): pool shares the frame at 0x1004000 with pool record 7 ('fast')" },
	{ "entry in data", IMAGE_E_ENTRY, 0, 0, d_entry, NULL, false,
	  "(process 'init'): entry 0x08049000 is not in the code of program 'hello'" },
	{ "shared program coldfire", IMAGE_E_SHARED_PROGRAM, CF, 0, d_shared_program, NULL, false,
	  "record 4 (process 'peer'): uses program record 0 like process record 3 ('init')" },
	{ "shared program i386", IMAGE_OK, 0, 0, d_shared_program, NULL, false, "valid" },
	{ "segment clash coldfire", IMAGE_E_SEGMENT_CLASH, CF, 0, d_segment_clash, NULL, false,
	  "record 1 (program 'other'): segment at 0x40101100 overlaps segment at 0x40101000 of "
	  "program record 0 ('hello')" },
	{ "segment clash i386", IMAGE_OK, 0, 0, d_segment_clash, NULL, false, "valid" },
	{ "late program broken", IMAGE_E_ELF, 0, 0, d_late_program_bad, NULL, false,
	  "record 9 (program 'late'): ELF: file of 20 bytes is shorter" },
	{ "no process", IMAGE_E_NO_PROCESS, 0, 0, d_no_process, NULL, false,
	  "image: no process record" },
};

#define IMAGE_NCASES (sizeof(image_cases) / sizeof(image_cases[0]))

START_TEST(test_image_refusal)
{
	const struct image_case *c = &image_cases[_i];
	enum image_arch arch = c->arch ? c->arch : IMAGE_ARCH_I386;
	struct image_fixture f;
	struct image_view v;
	struct image_error why;
	size_t len;
	uint8_t *img, *exact;
	char line[256];

	image_fixture_init(&f, arch);
	if (c->desc)
		c->desc(&f);
	img = image_fixture_write(&f, &len);
	if (c->bytes)
		c->bytes(img, &len);
	if (!c->no_seal)
		ck_assert(image_seal(img, len));
	exact = malloc(len);
	memcpy(exact, img, len);
	image_parse(exact, len, c->expect ? c->expect : arch, &v, &why);
	image_describe(&why, line, sizeof(line));
	ck_assert_msg(why.code == c->code, "case '%s': got %s (%s), expected %s", c->name,
		      image_code_name(why.code), line, image_code_name(c->code));
	ck_assert_msg(strstr(line, c->says), "case '%s': message '%s' lacks '%s'", c->name, line,
		      c->says);
	free(exact);
	free(img);
}
END_TEST

/* Every refusal code has a case above. */
START_TEST(test_image_codes_covered)
{
	for (unsigned code = 1; code < IMAGE_CODE_COUNT; code++) {
		bool seen = false;

		for (size_t i = 0; i < IMAGE_NCASES; i++)
			seen |= image_cases[i].code == code;
		ck_assert_msg(seen, "no test for %s", image_code_name((enum image_code)code));
	}
}
END_TEST

void image_add_refusal_tests(Suite *s)
{
	TCase *tc = tcase_create("image_refusal");

	tcase_add_loop_test(tc, test_image_refusal, 0, IMAGE_NCASES);
	tcase_add_test(tc, test_image_codes_covered);
	suite_add_tcase(s, tc);
}
