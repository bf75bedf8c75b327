/* Per-record checks: each record on its own, and its references. */
#include <lib/bytes.h>
#include <obstore/image_write.h>

#include <lib/poolmap.h>

#include "image_priv.h"

/* Body bytes each type uses (bit k = body byte k); the rest must be zero. */
static const uint32_t image_body_used[IMAGE_T_LIMIT] = {
	[IMAGE_T_PROGRAM] = 0x0fff1fffu, [IMAGE_T_PROCESS] = (1u << 25) - 1,
	[IMAGE_T_ENDPOINT] = 0,		 [IMAGE_T_PAGE] = 0xfffu,
	[IMAGE_T_CAPPAGE] = 0xffu << 16, [IMAGE_T_POOL] = (1u << 25) - 1,
};

static bool image_name_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* 1..15 name characters, then NUL padding to the end of the field. */
static bool image_name_ok(const uint8_t *name)
{
	unsigned n = 0;

	while (n < IMAGE_NAME_SIZE && name[n] != 0) {
		if (!image_name_char(name[n]))
			return false;
		n++;
	}
	if (n == 0 || n == IMAGE_NAME_SIZE)
		return false;
	for (unsigned i = n; i < IMAGE_NAME_SIZE; i++)
		if (name[i] != 0)
			return false;
	return true;
}

static enum image_code image_check_shape(const struct image_view *v, uint32_t index,
					 struct image_error *why)
{
	const uint8_t *raw = image_raw_record(v, index);
	uint16_t type = bytes_le16(raw + IMAGE_R_TYPE);

	if (type == 0 || type >= IMAGE_T_LIMIT)
		return image_fail(why, IMAGE_E_RECORD_TYPE, type, 0);
	if (bytes_le16(raw + IMAGE_R_FLAGS) != 0)
		return image_fail(why, IMAGE_E_RECORD_RESERVED, bytes_le16(raw + IMAGE_R_FLAGS),
				  IMAGE_R_FLAGS);
	for (unsigned k = 0; k < IMAGE_R_BODY_SIZE; k++)
		if (!(image_body_used[type] >> k & 1) && raw[IMAGE_R_BODY + k] != 0)
			return image_fail(why, IMAGE_E_RECORD_RESERVED, raw[IMAGE_R_BODY + k],
					  IMAGE_R_BODY + k);
	if (!image_name_ok(raw + IMAGE_R_NAME))
		return image_fail(why, IMAGE_E_NAME, 0, 0);
	return IMAGE_OK;
}

/* A reference field: `ref` must be a record of type `want`, or IMAGE_NONE
 * when `optional`. */
static enum image_code image_check_ref(const struct image_view *v, uint32_t ref, unsigned want,
				       bool optional, struct image_error *why)
{
	uint16_t type;

	if (ref == IMAGE_NONE && optional)
		return IMAGE_OK;
	if (ref >= v->record_count) {
		why->other = ref;
		return image_fail(why, IMAGE_E_REF_MISSING, ref, want);
	}
	type = bytes_le16(image_raw_record(v, ref) + IMAGE_R_TYPE);
	if (type != want) {
		image_blame_other(why, v, ref);
		return image_fail(why, IMAGE_E_REF_TYPE, type, want);
	}
	return IMAGE_OK;
}

static enum image_code image_check_blob(const struct image_view *v, uint32_t off, uint32_t len,
					struct image_error *why)
{
	if ((uint64_t)off + len > v->blob_length)
		return image_fail(why, IMAGE_E_BLOB_RANGE, off, len);
	return IMAGE_OK;
}

static bool image_is_object(uint16_t type)
{
	return type == IMAGE_T_PROCESS || type == IMAGE_T_ENDPOINT || type == IMAGE_T_PAGE ||
	       type == IMAGE_T_CAPPAGE;
}

static enum image_code image_check_cap_kind(const struct image_cap *c, struct image_error *why)
{
	if (c->kind == 0 || c->kind >= IMAGE_CAP_LIMIT)
		return image_fail(why, IMAGE_E_CAP_KIND, c->kind, 0);
	if (c->rights & ~IMAGE_RIGHTS_ALL)
		return image_fail(why, IMAGE_E_CAP_RIGHTS, c->rights, IMAGE_RIGHTS_ALL);
	return IMAGE_OK;
}

/* What a cap names: an object record, or nothing for a service capability. */
static enum image_code image_check_cap_target(const struct image_view *v, const struct image_cap *c,
					      struct image_error *why)
{
	if (c->kind != IMAGE_CAP_OBJECT) {
		if (c->target != 0)
			return image_fail(why, IMAGE_E_CAP_TARGET, c->target, 0);
		return IMAGE_OK;
	}
	if (c->target >= v->record_count) {
		why->other = c->target;
		return image_fail(why, IMAGE_E_REF_MISSING, c->target, 0);
	}
	if (!image_is_object(bytes_le16(image_raw_record(v, c->target) + IMAGE_R_TYPE))) {
		image_blame_other(why, v, c->target);
		return image_fail(why, IMAGE_E_REF_TYPE,
				  bytes_le16(image_raw_record(v, c->target) + IMAGE_R_TYPE), 0);
	}
	return IMAGE_OK;
}

/* One cap of a process's or CapPage's range of `slots` slots; seen marks the
 * slots the range has filled. */
static enum image_code image_check_cap(const struct image_view *v, const struct image_cap *c,
				       uint32_t slots, uint8_t *seen, struct image_error *why)
{
	if (image_check_cap_kind(c, why) != IMAGE_OK)
		return why->code;
	if (c->slot >= slots)
		return image_fail(why, IMAGE_E_CAP_SLOT, c->slot, slots);
	if (seen[c->slot >> 3] & (1u << (c->slot & 7)))
		return image_fail(why, IMAGE_E_CAP_DUP_SLOT, c->slot, 0);
	seen[c->slot >> 3] |= (uint8_t)(1u << (c->slot & 7));
	return image_check_cap_target(v, c, why);
}

/* Every entry of the cap table, named by a range or not, is a well-formed
 * capability: image_cap_get may be asked for any index below cap_count. */
static enum image_code image_check_cap_table(const struct image_view *v, struct image_error *why)
{
	for (uint32_t i = 0; i < v->cap_count; i++) {
		struct image_cap c;

		image_cap_get(v, i, &c);
		why->cap = i;
		if (image_check_cap_kind(&c, why) != IMAGE_OK ||
		    image_check_cap_target(v, &c, why) != IMAGE_OK)
			return why->code;
	}
	why->cap = IMAGE_NONE;
	return IMAGE_OK;
}

/* The caps [first, first + count) of a process or CapPage with `slots`. */
static enum image_code image_check_caps(const struct image_view *v, uint32_t first, uint32_t count,
					uint32_t slots, struct image_error *why)
{
	uint8_t seen[IMAGE_CAPPAGE_SLOTS / 8];
	enum image_code code;

	if ((uint64_t)first + count > v->cap_count)
		return image_fail(why, IMAGE_E_CAP_RANGE, first, count);
	for (unsigned i = 0; i < sizeof(seen); i++)
		seen[i] = 0;
	for (uint32_t i = first; i < first + count; i++) {
		struct image_cap c;

		image_cap_get(v, i, &c);
		why->cap = i;
		code = image_check_cap(v, &c, slots, seen, why);
		if (code != IMAGE_OK)
			return code;
	}
	why->cap = IMAGE_NONE;
	return IMAGE_OK;
}

static enum image_code image_check_program(const struct image_view *v,
					   const struct image_program *p, struct image_error *why)
{
	struct elf_info info;

	if (image_check_blob(v, p->blob_offset, p->blob_length, why) != IMAGE_OK)
		return why->code;
	if (elf_check(image_blob(v, p->blob_offset), p->blob_length, image_elf_machine(v->arch),
		      &info, &why->elf) != ELF_OK)
		return image_fail(why, IMAGE_E_ELF, why->elf.code, 0);
	if (p->flags & ~(IMAGE_PROG_XIP | IMAGE_PROG_SEPDATA))
		return image_fail(why, IMAGE_E_RECORD_RESERVED, p->flags,
				  IMAGE_R_BODY + IMAGE_B_PROG_FLAGS);
	if (image_check_ref(v, p->pool, IMAGE_T_POOL, true, why) != IMAGE_OK)
		return why->code;
	for (unsigned k = 0; k < p->nsegs; k++) {
		if (image_check_ref(v, p->seg[k].pool, IMAGE_T_POOL, false, why) != IMAGE_OK)
			return why->code;
		if (p->seg[k].segment >= info.nload)
			return image_fail(why, IMAGE_E_SEGMENT, p->seg[k].segment, info.nload);
		for (unsigned j = 0; j < k; j++)
			if (p->seg[j].segment == p->seg[k].segment)
				return image_fail(why, IMAGE_E_SEGMENT, p->seg[k].segment,
						  IMAGE_NONE);
	}
	return IMAGE_OK;
}

static enum image_code image_check_process(const struct image_view *v,
					   const struct image_process *p, struct image_error *why)
{
	struct image_record prog;
	struct elf_info info;
	struct elf_error ignored;

	if (image_check_ref(v, p->program, IMAGE_T_PROGRAM, false, why) != IMAGE_OK ||
	    image_check_ref(v, p->pool, IMAGE_T_POOL, true, why) != IMAGE_OK ||
	    image_check_ref(v, p->fault, IMAGE_T_ENDPOINT, true, why) != IMAGE_OK)
		return why->code;
	if (p->priority >= IMAGE_PRIORITIES)
		return image_fail(why, IMAGE_E_PRIORITY, p->priority, IMAGE_PRIORITIES - 1);
	if (image_check_caps(v, p->cap_first, p->cap_count, IMAGE_PROCESS_SLOTS, why) != IMAGE_OK)
		return why->code;

	/* The program may come later in the table: check it here as well. */
	image_record_get(v, p->program, &prog);
	if (image_check_blob(v, prog.u.program.blob_offset, prog.u.program.blob_length, why) !=
		    IMAGE_OK ||
	    elf_check(image_blob(v, prog.u.program.blob_offset), prog.u.program.blob_length,
		      image_elf_machine(v->arch), &info, &ignored) != ELF_OK) {
		image_blame(why, v, p->program);
		return image_check_program(v, &prog.u.program, why);
	}
	if (!elf_contains(&info, p->entry, 1, ELF_PF_X, true)) {
		image_blame_other(why, v, p->program);
		return image_fail(why, IMAGE_E_ENTRY, p->entry, info.entry);
	}
	return IMAGE_OK;
}

static enum image_code image_check_pool(const struct image_pool *p, struct image_error *why)
{
	const uint64_t mask = PAGE_SIZE - 1;

	if (p->length == 0 || ((p->start | p->length) & mask))
		return image_fail(why, IMAGE_E_POOL, p->start, p->length);
	if (p->start + p->length < p->start)
		return image_fail(why, IMAGE_E_POOL, p->start, p->length);
	if ((p->stripe | p->step) & mask)
		return image_fail(why, IMAGE_E_POOL, p->stripe, p->step);
	if ((p->stripe == 0) != (p->step == 0) || p->stripe > p->step || p->step > p->length)
		return image_fail(why, IMAGE_E_POOL, p->stripe, p->step);
	/* cache colours: a power-of-two step of at most POOL_COLOUR_MAX pages */
	if (p->step && ((p->step & (p->step - 1)) || p->step / PAGE_SIZE > POOL_COLOUR_MAX))
		return image_fail(why, IMAGE_E_POOL, p->stripe, p->step);
	if (p->cache >= IMAGE_CACHE_LIMIT)
		return image_fail(why, IMAGE_E_POOL, p->cache, IMAGE_CACHE_LIMIT);
	return IMAGE_OK;
}

/* r's type is known: image_check_shape refused any other, so the last case
 * is the pool's. */
static enum image_code image_check_one(const struct image_view *v, const struct image_record *r,
				       struct image_error *why)
{
	switch (r->type) {
	case IMAGE_T_PROGRAM:
		return image_check_program(v, &r->u.program, why);
	case IMAGE_T_PROCESS:
		return image_check_process(v, &r->u.process, why);
	case IMAGE_T_ENDPOINT:
		return IMAGE_OK;
	case IMAGE_T_PAGE:
		if (image_check_blob(v, r->u.page.blob_offset, r->u.page.blob_length, why))
			return why->code;
		if (r->u.page.blob_length > PAGE_SIZE)
			return image_fail(why, IMAGE_E_PAGE_SIZE, r->u.page.blob_length, PAGE_SIZE);
		return image_check_ref(v, r->u.page.pool, IMAGE_T_POOL, true, why);
	case IMAGE_T_CAPPAGE:
		return image_check_caps(v, r->u.cappage.cap_first, r->u.cappage.cap_count,
					IMAGE_CAPPAGE_SLOTS, why);
	default:
		return image_check_pool(&r->u.pool, why);
	}
}

enum image_code image_check_records(struct image_view *v, struct image_error *why)
{
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct image_record r;

		image_blame(why, v, i);
		if (image_check_shape(v, i, why) != IMAGE_OK)
			return why->code;
		image_record_get(v, i, &r);
		if (image_check_one(v, &r, why) != IMAGE_OK)
			return why->code;
		v->count[r.type]++;
	}
	why->record = IMAGE_NONE;
	return image_check_cap_table(v, why);
}
