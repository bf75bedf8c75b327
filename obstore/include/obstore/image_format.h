/* The boot image's byte layout (doc/abi.md, "Boot image"). Every multi-byte
 * field is little-endian on both arches and read bytewise; offsets below are
 * from the start of the image, of a record, or of a capability entry.
 *
 *   header      IMAGE_HEADER_SIZE bytes at offset 0
 *   records     record_count entries of IMAGE_RECORD_SIZE bytes
 *   caps        cap_count entries of IMAGE_CAP_SIZE bytes
 *   blob area   blob_length bytes: ELF programs and initial page contents
 *
 * The sections follow each other in this order, possibly with gaps, all
 * inside the first `length` bytes. Reserved bytes and unused record fields
 * must be zero, so that a later version can give them meaning. */
#ifndef OBSTORE_IMAGE_FORMAT_H
#define OBSTORE_IMAGE_FORMAT_H

#define IMAGE_MAGIC "ARIM"
#define IMAGE_VERSION 1

#define IMAGE_HEADER_SIZE 48
#define IMAGE_H_MAGIC 0 /* 4 bytes "ARIM" */
#define IMAGE_H_VERSION 4 /* u16 */
#define IMAGE_H_ARCH 6 /* u16 enum image_arch */
#define IMAGE_H_LENGTH 8 /* u32 bytes covered by the checksum */
#define IMAGE_H_CRC 12 /* u32 CRC-32 of [0, length) with this field zero */
#define IMAGE_H_FLAGS 16 /* u32, zero */
#define IMAGE_H_REC_OFF 20 /* u32 */
#define IMAGE_H_REC_COUNT 24 /* u32 */
#define IMAGE_H_CAP_OFF 28 /* u32 */
#define IMAGE_H_CAP_COUNT 32 /* u32 */
#define IMAGE_H_BLOB_OFF 36 /* u32 */
#define IMAGE_H_BLOB_LEN 40 /* u32 */
#define IMAGE_H_RESERVED 44 /* u32, zero */

/* A record: type, flags, a NUL-padded name, and a 28-byte body. */
#define IMAGE_RECORD_SIZE 48
#define IMAGE_R_TYPE 0 /* u16 enum image_type */
#define IMAGE_R_FLAGS 2 /* u16, zero */
#define IMAGE_R_NAME 4 /* IMAGE_NAME_SIZE bytes */
#define IMAGE_R_BODY 20
#define IMAGE_R_BODY_SIZE 28

/* Body offsets, from IMAGE_R_BODY. */
#define IMAGE_B_BLOB_OFF 0 /* program, page: u32 offset in the blob area */
#define IMAGE_B_BLOB_LEN 4 /* program, page: u32 */
#define IMAGE_B_PAGE_POOL 8 /* page: u32 pool record or IMAGE_NONE */
/* program: the file-mapping table (doc/pools.md "Placing segments"). Pool
 * references here are record + 1, so that 0 (the old zero fields) is none. */
#define IMAGE_B_PROG_POOL 8 /* program: u32 the file's default pool + 1, or 0 */
#define IMAGE_B_PROG_FLAGS 12 /* program: u8 IMAGE_PROG_* */
#define IMAGE_B_PROG_SEGS                                           \
	16 /* program: IMAGE_PROG_SEGS u16 entries, segment << 11 | \
	    * (pool record + 1); 0 = unused */
#define IMAGE_B_PROGRAM 0 /* process: u32 program record */
#define IMAGE_B_ENTRY 4 /* process: u32 entry point */
#define IMAGE_B_POOL 8 /* process: u32 pool record or IMAGE_NONE */
#define IMAGE_B_FAULT 12 /* process: u32 endpoint record or IMAGE_NONE */
#define IMAGE_B_CAP_FIRST 16 /* process, cappage: u32 index in the cap table */
#define IMAGE_B_CAP_COUNT 20 /* process, cappage: u32 */
#define IMAGE_B_PRIORITY 24 /* process: u8 */
#define IMAGE_B_START 0 /* pool: u64 physical address */
#define IMAGE_B_LENGTH 8 /* pool: u64 bytes */
#define IMAGE_B_STRIPE 16 /* pool: u32 bytes */
#define IMAGE_B_STEP 20 /* pool: u32 bytes */
#define IMAGE_B_CACHE 24 /* pool: u8 enum image_cache */

/* A capability entry. */
#define IMAGE_CAP_SIZE 8
#define IMAGE_C_SLOT 0 /* u16 */
#define IMAGE_C_KIND 2 /* u8 enum image_cap_kind */
#define IMAGE_C_RIGHTS 3 /* u8 IMAGE_RIGHT_* */
#define IMAGE_C_TARGET 4 /* u32 record (IMAGE_CAP_OBJECT), else zero */

#endif
