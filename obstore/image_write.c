/* Writing a boot image: lays out and seals what tools/mkimage built (obstore/image_write.h). */
#include <lib/bytes.h>
#include <obstore/image_write.h>

/* Layout: header, records, caps, then the blob area on an IMAGE_BLOB_ALIGN
 * boundary, so that a loader copying an ELF program reads aligned words. */
static uint32_t image_write_blob_offset(const struct image_desc *d)
{
	uint32_t off = IMAGE_HEADER_SIZE + d->record_count * IMAGE_RECORD_SIZE +
		       d->cap_count * IMAGE_CAP_SIZE;

	return ALIGN_UP(off, (uint32_t)IMAGE_BLOB_ALIGN);
}

uint64_t image_write_size(const struct image_desc *d)
{
	uint64_t size;

	/* The parser's limits; they also keep the products above in 32 bits. */
	if (d->record_count > IMAGE_MAX_RECORDS || d->cap_count > IMAGE_MAX_CAPS)
		return 0;
	size = (uint64_t)image_write_blob_offset(d) + d->blob_length;
	return size > 0xffffffffull ? 0 : size;
}

size_t image_write(const struct image_desc *d, void *buf, size_t size)
{
	uint8_t *p = buf;
	uint64_t total = image_write_size(d);
	uint32_t rec_off = IMAGE_HEADER_SIZE;
	uint32_t cap_off = rec_off + d->record_count * IMAGE_RECORD_SIZE;
	uint32_t blob_off = image_write_blob_offset(d);

	if (total == 0 || total > size)
		return 0;
	for (uint32_t i = 0; i < blob_off; i++)
		p[i] = 0;
	for (unsigned i = 0; i < 4; i++)
		p[IMAGE_H_MAGIC + i] = (uint8_t)IMAGE_MAGIC[i];
	bytes_put_le16(p + IMAGE_H_VERSION, IMAGE_VERSION);
	bytes_put_le16(p + IMAGE_H_ARCH, (uint16_t)d->arch);
	bytes_put_le32(p + IMAGE_H_LENGTH, (uint32_t)total);
	bytes_put_le32(p + IMAGE_H_REC_OFF, rec_off);
	bytes_put_le32(p + IMAGE_H_REC_COUNT, d->record_count);
	bytes_put_le32(p + IMAGE_H_CAP_OFF, cap_off);
	bytes_put_le32(p + IMAGE_H_CAP_COUNT, d->cap_count);
	bytes_put_le32(p + IMAGE_H_BLOB_OFF, blob_off);
	bytes_put_le32(p + IMAGE_H_BLOB_LEN, d->blob_length);
	for (uint32_t i = 0; i < d->record_count; i++)
		image_record_encode(&d->records[i], p + rec_off + i * IMAGE_RECORD_SIZE);
	for (uint32_t i = 0; i < d->cap_count; i++)
		image_cap_encode(&d->caps[i], p + cap_off + i * IMAGE_CAP_SIZE);
	for (uint32_t i = 0; i < d->blob_length; i++)
		p[blob_off + i] = d->blob[i];
	image_seal(p, (size_t)total);
	return (size_t)total;
}
