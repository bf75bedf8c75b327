/* Serialising an image (used by tools/mkimage and the unit tests). The
 * writer lays out what it is given and seals it with the checksum; it does
 * not validate — image_parse is the one judge of an image, for the tool as
 * for the kernel. */
#ifndef OBSTORE_IMAGE_WRITE_H
#define OBSTORE_IMAGE_WRITE_H

#include <obstore/image.h>

/* The blob area is laid out by the caller: records' blob offsets index it. */
struct image_desc {
	enum image_arch arch;
	const struct image_record *records;
	uint32_t record_count;
	const struct image_cap *caps;
	uint32_t cap_count;
	const uint8_t *blob;
	uint32_t blob_length;
};

/* Blob area alignment in the image; blobs inside it are the caller's. */
#define IMAGE_BLOB_ALIGN 16

/* Bytes image_write produces; 0 beyond the parser's record or cap limits
 * or 4 GiB. */
uint64_t image_write_size(const struct image_desc *d);

/* Writes the sealed image to buf; returns its size, or 0 if size is short. */
size_t image_write(const struct image_desc *d, void *buf, size_t size);

/* Field encoders shared with the parser's accessors. */
void image_record_encode(const struct image_record *r, uint8_t *raw);
void image_record_decode(const uint8_t *raw, struct image_record *out);
void image_cap_encode(const struct image_cap *c, uint8_t *raw);
void image_cap_decode(const uint8_t *raw, struct image_cap *out);

#endif
