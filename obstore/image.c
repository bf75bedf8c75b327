/* The boot image parser: header, sections, CRC and records, validated before
 * anything is used (obstore/image.h). */
#include <lib/bytes.h>
#include <lib/crc32.h>
#include <obstore/image_write.h>
#include <obstore/oid.h>

#include "image_priv.h"

enum image_code image_fail(struct image_error *why, enum image_code code, uint64_t value,
			   uint64_t expect)
{
	why->code = code;
	why->value = value;
	why->expect = expect;
	return code;
}

static void image_copy_name(char *dst, const uint8_t *raw)
{
	unsigned i;

	for (i = 0; i + 1 < IMAGE_NAME_SIZE && raw[i]; i++)
		dst[i] = raw[i] > ' ' && raw[i] < 0x7f ? (char)raw[i] : '?';
	dst[i] = '\0';
}

void image_blame(struct image_error *why, const struct image_view *v, uint32_t index)
{
	const uint8_t *raw = image_raw_record(v, index);

	why->record = index;
	why->type = bytes_le16(raw + IMAGE_R_TYPE);
	image_copy_name(why->name, raw + IMAGE_R_NAME);
}

void image_blame_other(struct image_error *why, const struct image_view *v, uint32_t index)
{
	why->other = index;
	image_copy_name(why->other_name, image_raw_record(v, index) + IMAGE_R_NAME);
}

/* The checksum field counts as zero, so sealing needs no second pass. */
static uint32_t image_crc(const uint8_t *p, uint32_t length)
{
	static const uint8_t zero[4];
	uint32_t crc = crc32_update(0, p, IMAGE_H_CRC);

	crc = crc32_update(crc, zero, sizeof(zero));
	return crc32_update(crc, p + IMAGE_H_CRC + 4, length - IMAGE_H_CRC - 4);
}

bool image_seal(void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t length;

	if (len < IMAGE_HEADER_SIZE)
		return false;
	length = bytes_le32(p + IMAGE_H_LENGTH);
	if (length < IMAGE_HEADER_SIZE || length > len)
		return false;
	bytes_put_le32(p + IMAGE_H_CRC, image_crc(p, length));
	return true;
}

static enum image_code image_check_identity(const uint8_t *p, size_t len, enum image_arch expect,
					    struct image_error *why)
{
	uint16_t arch;
	uint32_t length;

	if (len < IMAGE_HEADER_SIZE)
		return image_fail(why, IMAGE_E_SHORT, len, IMAGE_HEADER_SIZE);
	for (unsigned i = 0; i < 4; i++)
		if (p[IMAGE_H_MAGIC + i] != (uint8_t)IMAGE_MAGIC[i])
			return image_fail(why, IMAGE_E_MAGIC, bytes_be32(p + IMAGE_H_MAGIC),
					  0x4152494dull);
	if (bytes_le16(p + IMAGE_H_VERSION) != IMAGE_VERSION)
		return image_fail(why, IMAGE_E_VERSION, bytes_le16(p + IMAGE_H_VERSION),
				  IMAGE_VERSION);
	arch = bytes_le16(p + IMAGE_H_ARCH);
	if (arch != expect)
		return image_fail(why, IMAGE_E_ARCH, arch, expect);
	length = bytes_le32(p + IMAGE_H_LENGTH);
	if (length < IMAGE_HEADER_SIZE)
		return image_fail(why, IMAGE_E_SHORT, length, IMAGE_HEADER_SIZE);
	if (length > len)
		return image_fail(why, IMAGE_E_TRUNCATED, length, len);
	if (bytes_le32(p + IMAGE_H_CRC) != image_crc(p, length))
		return image_fail(why, IMAGE_E_CHECKSUM, bytes_le32(p + IMAGE_H_CRC),
				  image_crc(p, length));
	if (bytes_le32(p + IMAGE_H_FLAGS) != 0 || bytes_le32(p + IMAGE_H_RESERVED) != 0)
		return image_fail(why, IMAGE_E_HEADER_RESERVED, bytes_le32(p + IMAGE_H_FLAGS),
				  bytes_le32(p + IMAGE_H_RESERVED));
	return IMAGE_OK;
}

/* Sections in order inside [IMAGE_HEADER_SIZE, length); `other` in why
 * tells which (0 records, 1 caps, 2 blobs). 64-bit sums cannot wrap. */
static enum image_code image_check_sections(const uint8_t *p, struct image_view *v,
					    struct image_error *why)
{
	uint64_t rec_off = bytes_le32(p + IMAGE_H_REC_OFF);
	uint64_t cap_off = bytes_le32(p + IMAGE_H_CAP_OFF);
	uint64_t blob_off = bytes_le32(p + IMAGE_H_BLOB_OFF);
	uint64_t rec_end, cap_end, blob_end;

	v->record_count = bytes_le32(p + IMAGE_H_REC_COUNT);
	v->cap_count = bytes_le32(p + IMAGE_H_CAP_COUNT);
	v->blob_length = bytes_le32(p + IMAGE_H_BLOB_LEN);
	if (v->record_count > IMAGE_MAX_RECORDS) {
		why->other = 0;
		return image_fail(why, IMAGE_E_TOO_MANY, v->record_count, IMAGE_MAX_RECORDS);
	}
	if (v->cap_count > IMAGE_MAX_CAPS) {
		why->other = 1;
		return image_fail(why, IMAGE_E_TOO_MANY, v->cap_count, IMAGE_MAX_CAPS);
	}
	/* Counts are bounded above, so 32-bit products cannot wrap. */
	rec_end = rec_off + v->record_count * IMAGE_RECORD_SIZE;
	cap_end = cap_off + v->cap_count * IMAGE_CAP_SIZE;
	blob_end = blob_off + v->blob_length;
	why->other = 0;
	if (rec_off < IMAGE_HEADER_SIZE || rec_end > v->length)
		return image_fail(why, IMAGE_E_SECTION, rec_off, rec_end);
	why->other = 1;
	if (cap_off < rec_end || cap_end > v->length)
		return image_fail(why, IMAGE_E_SECTION, cap_off, cap_end);
	why->other = 2;
	if (blob_off < cap_end || blob_end > v->length)
		return image_fail(why, IMAGE_E_SECTION, blob_off, blob_end);
	why->other = IMAGE_NONE;
	v->records = p + rec_off;
	v->caps = p + cap_off;
	v->blobs = p + blob_off;
	return IMAGE_OK;
}

enum image_code image_parse(const void *buf, size_t len, enum image_arch expect,
			    struct image_view *out, struct image_error *why)
{
	const uint8_t *p = buf;
	enum image_code code;

	why->code = IMAGE_OK;
	why->record = IMAGE_NONE;
	why->type = 0;
	why->name[0] = '\0';
	why->other = IMAGE_NONE;
	why->other_name[0] = '\0';
	why->cap = IMAGE_NONE;
	why->value = 0;
	why->expect = 0;
	why->elf.code = ELF_OK;
	code = image_check_identity(p, len, expect, why);
	if (code != IMAGE_OK)
		return code;

	out->base = p;
	out->length = bytes_le32(p + IMAGE_H_LENGTH);
	out->arch = expect;
	out->crc = bytes_le32(p + IMAGE_H_CRC);
	for (unsigned t = 0; t < IMAGE_T_LIMIT; t++)
		out->count[t] = 0;
	code = image_check_sections(p, out, why);
	if (code != IMAGE_OK)
		return code;
	code = image_check_records(out, why);
	if (code != IMAGE_OK)
		return code;
	return image_check_pairs(out, why);
}

void image_record_get(const struct image_view *v, uint32_t index, struct image_record *out)
{
	image_record_decode(image_raw_record(v, index), out);
}

void image_cap_get(const struct image_view *v, uint32_t index, struct image_cap *out)
{
	image_cap_decode(v->caps + index * IMAGE_CAP_SIZE, out);
}

const uint8_t *image_blob(const struct image_view *v, uint32_t offset)
{
	return v->blobs + offset;
}

oid_t image_record_oid(uint32_t index)
{
	return OID_RAM_FIRST + index;
}

oid_t image_next_oid(const struct image_view *v)
{
	return OID_RAM_FIRST + v->record_count;
}

uint16_t image_elf_machine(enum image_arch arch)
{
	return arch == IMAGE_ARCH_COLDFIRE ? ELF_EM_68K : ELF_EM_386;
}
