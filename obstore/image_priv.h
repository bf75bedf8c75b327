/* Shared by the parser's files; not part of the obstore interface. */
#ifndef OBSTORE_IMAGE_PRIV_H
#define OBSTORE_IMAGE_PRIV_H

#include <obstore/image.h>

/* Records why->code and value/expect and returns the code. */
enum image_code image_fail(struct image_error *why, enum image_code code, uint64_t value,
			   uint64_t expect);

/* Names record `index` (or the second record) in why, made printable. */
void image_blame(struct image_error *why, const struct image_view *v, uint32_t index);
void image_blame_other(struct image_error *why, const struct image_view *v, uint32_t index);

static inline const uint8_t *image_raw_record(const struct image_view *v, uint32_t index)
{
	return v->records + index * IMAGE_RECORD_SIZE;
}

/* Everything after the header: records, references, caps, blobs, ELF. */
enum image_code image_check_records(struct image_view *v, struct image_error *why);
enum image_code image_check_pairs(const struct image_view *v, struct image_error *why);

#endif
