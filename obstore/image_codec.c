/* Encoding and decoding of the boot image's fixed-size records and
 * capability entries (obstore/image_format.h). */
#include <lib/bytes.h>
#include <obstore/image_write.h>

/* Record bodies are decoded by type; other body bytes are left to the
 * parser's "unused fields are zero" check and never read here. */
void image_record_decode(const uint8_t *raw, struct image_record *out)
{
	const uint8_t *b = raw + IMAGE_R_BODY;

	out->type = bytes_le16(raw + IMAGE_R_TYPE);
	for (unsigned i = 0; i < IMAGE_NAME_SIZE; i++)
		out->name[i] = (char)raw[IMAGE_R_NAME + i];
	switch (out->type) {
	case IMAGE_T_PROGRAM:
		out->u.program.blob_offset = bytes_le32(b + IMAGE_B_BLOB_OFF);
		out->u.program.blob_length = bytes_le32(b + IMAGE_B_BLOB_LEN);
		out->u.program.pool = bytes_le32(b + IMAGE_B_PROG_POOL) - 1; /* 0 -> IMAGE_NONE */
		out->u.program.flags = b[IMAGE_B_PROG_FLAGS];
		out->u.program.nsegs = 0;
		for (unsigned k = 0; k < IMAGE_PROG_SEGS; k++) {
			uint16_t e = bytes_le16(b + IMAGE_B_PROG_SEGS + 2 * k);

			if (!e)
				continue;
			out->u.program.seg[out->u.program.nsegs].segment = (uint8_t)(e >> 11);
			out->u.program.seg[out->u.program.nsegs].pool = (e & 0x7ffu) - 1u;
			out->u.program.nsegs++;
		}
		break;
	case IMAGE_T_PAGE:
		out->u.page.blob_offset = bytes_le32(b + IMAGE_B_BLOB_OFF);
		out->u.page.blob_length = bytes_le32(b + IMAGE_B_BLOB_LEN);
		out->u.page.pool = bytes_le32(b + IMAGE_B_PAGE_POOL);
		break;
	case IMAGE_T_PROCESS:
		out->u.process.program = bytes_le32(b + IMAGE_B_PROGRAM);
		out->u.process.entry = bytes_le32(b + IMAGE_B_ENTRY);
		out->u.process.pool = bytes_le32(b + IMAGE_B_POOL);
		out->u.process.fault = bytes_le32(b + IMAGE_B_FAULT);
		out->u.process.cap_first = bytes_le32(b + IMAGE_B_CAP_FIRST);
		out->u.process.cap_count = bytes_le32(b + IMAGE_B_CAP_COUNT);
		out->u.process.priority = b[IMAGE_B_PRIORITY];
		break;
	case IMAGE_T_CAPPAGE:
		out->u.cappage.cap_first = bytes_le32(b + IMAGE_B_CAP_FIRST);
		out->u.cappage.cap_count = bytes_le32(b + IMAGE_B_CAP_COUNT);
		break;
	case IMAGE_T_POOL:
		out->u.pool.start = bytes_le64(b + IMAGE_B_START);
		out->u.pool.length = bytes_le64(b + IMAGE_B_LENGTH);
		out->u.pool.stripe = bytes_le32(b + IMAGE_B_STRIPE);
		out->u.pool.step = bytes_le32(b + IMAGE_B_STEP);
		out->u.pool.cache = b[IMAGE_B_CACHE];
		break;
	default:
		break;
	}
}

void image_record_encode(const struct image_record *r, uint8_t *raw)
{
	uint8_t *b = raw + IMAGE_R_BODY;
	bool ended = false;

	for (unsigned i = 0; i < IMAGE_RECORD_SIZE; i++)
		raw[i] = 0;
	bytes_put_le16(raw + IMAGE_R_TYPE, r->type);
	for (unsigned i = 0; i < IMAGE_NAME_SIZE && !ended; i++) {
		ended = r->name[i] == '\0';
		raw[IMAGE_R_NAME + i] = (uint8_t)r->name[i];
	}
	switch (r->type) {
	case IMAGE_T_PROGRAM:
		bytes_put_le32(b + IMAGE_B_BLOB_OFF, r->u.program.blob_offset);
		bytes_put_le32(b + IMAGE_B_BLOB_LEN, r->u.program.blob_length);
		bytes_put_le32(b + IMAGE_B_PROG_POOL, r->u.program.pool + 1); /* IMAGE_NONE -> 0 */
		b[IMAGE_B_PROG_FLAGS] = r->u.program.flags;
		for (unsigned k = 0; k < r->u.program.nsegs && k < IMAGE_PROG_SEGS; k++)
			bytes_put_le16(b + IMAGE_B_PROG_SEGS + 2 * k,
				       (uint16_t)(r->u.program.seg[k].segment << 11 |
						  ((r->u.program.seg[k].pool + 1) & 0x7ffu)));
		break;
	case IMAGE_T_PAGE:
		bytes_put_le32(b + IMAGE_B_BLOB_OFF, r->u.page.blob_offset);
		bytes_put_le32(b + IMAGE_B_BLOB_LEN, r->u.page.blob_length);
		bytes_put_le32(b + IMAGE_B_PAGE_POOL, r->u.page.pool);
		break;
	case IMAGE_T_PROCESS:
		bytes_put_le32(b + IMAGE_B_PROGRAM, r->u.process.program);
		bytes_put_le32(b + IMAGE_B_ENTRY, r->u.process.entry);
		bytes_put_le32(b + IMAGE_B_POOL, r->u.process.pool);
		bytes_put_le32(b + IMAGE_B_FAULT, r->u.process.fault);
		bytes_put_le32(b + IMAGE_B_CAP_FIRST, r->u.process.cap_first);
		bytes_put_le32(b + IMAGE_B_CAP_COUNT, r->u.process.cap_count);
		b[IMAGE_B_PRIORITY] = r->u.process.priority;
		break;
	case IMAGE_T_CAPPAGE:
		bytes_put_le32(b + IMAGE_B_CAP_FIRST, r->u.cappage.cap_first);
		bytes_put_le32(b + IMAGE_B_CAP_COUNT, r->u.cappage.cap_count);
		break;
	case IMAGE_T_POOL:
		bytes_put_le64(b + IMAGE_B_START, r->u.pool.start);
		bytes_put_le64(b + IMAGE_B_LENGTH, r->u.pool.length);
		bytes_put_le32(b + IMAGE_B_STRIPE, r->u.pool.stripe);
		bytes_put_le32(b + IMAGE_B_STEP, r->u.pool.step);
		b[IMAGE_B_CACHE] = r->u.pool.cache;
		break;
	default:
		break;
	}
}

void image_cap_decode(const uint8_t *raw, struct image_cap *out)
{
	out->slot = bytes_le16(raw + IMAGE_C_SLOT);
	out->kind = raw[IMAGE_C_KIND];
	out->rights = raw[IMAGE_C_RIGHTS];
	out->target = bytes_le32(raw + IMAGE_C_TARGET);
}

void image_cap_encode(const struct image_cap *c, uint8_t *raw)
{
	bytes_put_le16(raw + IMAGE_C_SLOT, c->slot);
	raw[IMAGE_C_KIND] = c->kind;
	raw[IMAGE_C_RIGHTS] = c->rights;
	bytes_put_le32(raw + IMAGE_C_TARGET, c->target);
}
