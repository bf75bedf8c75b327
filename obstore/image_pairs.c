/* Checks between pairs of records. Pairwise is quadratic, but the record
 * count is bounded by IMAGE_MAX_RECORDS and real images have a few dozen. */
#include <lib/bytes.h>
#include <lib/poolmap.h>

#include "image_priv.h"

static bool image_same_name(const uint8_t *a, const uint8_t *b)
{
	for (unsigned i = 0; i < IMAGE_NAME_SIZE; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool image_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

/* Blob and cap extents of a record; zero-length when it has none. */
static void image_extents(const struct image_record *r, uint32_t *blob, uint32_t *blob_len,
			  uint32_t *cap, uint32_t *cap_len)
{
	*blob = *blob_len = *cap = *cap_len = 0;
	switch (r->type) {
	case IMAGE_T_PROGRAM:
		*blob = r->u.program.blob_offset;
		*blob_len = r->u.program.blob_length;
		break;
	case IMAGE_T_PAGE:
		*blob = r->u.page.blob_offset;
		*blob_len = r->u.page.blob_length;
		break;
	case IMAGE_T_PROCESS:
		*cap = r->u.process.cap_first;
		*cap_len = r->u.process.cap_count;
		break;
	case IMAGE_T_CAPPAGE:
		*cap = r->u.cappage.cap_first;
		*cap_len = r->u.cappage.cap_count;
		break;
	default:
		break;
	}
}

/* The first frame two pool records both hold, or IMAGE_NONE-like ~0 when
 * their stripes are disjoint. Steps are powers of two of at most
 * POOL_COLOUR_MAX frames, so the larger step's period decides. */
static uint64_t image_pool_shared(const struct image_pool *a, const struct image_pool *b)
{
	uint64_t lo = a->start > b->start ? a->start : b->start;
	uint64_t ae = a->start + a->length, be = b->start + b->length;
	uint64_t hi = ae < be ? ae : be;
	struct pool_desc da = {
		.start = a->start, .length = a->length, .stripe = a->stripe, .step = a->step
	};
	struct pool_desc db = {
		.start = b->start, .length = b->length, .stripe = b->stripe, .step = b->step
	};

	for (uint64_t pa = lo; pa < hi && pa - lo < (uint64_t)POOL_COLOUR_MAX * PAGE_SIZE;
	     pa += PAGE_SIZE)
		if (poolmap_covers(&da, pa) && poolmap_covers(&db, pa))
			return pa;
	return ~0ull;
}

/* A program record (already validated) that is position-independent. */
static bool image_program_is_pie(const struct image_view *v, uint32_t program)
{
	struct image_record r;
	struct elf_info info;
	struct elf_error ignored;

	image_record_get(v, program, &r);
	elf_check(image_blob(v, r.u.program.blob_offset), r.u.program.blob_length,
		  image_elf_machine(v->arch), &info, &ignored);
	return info.type == ELF_ET_DYN;
}

static enum image_code image_check_pair(const struct image_view *v, const struct image_record *a,
					const struct image_record *b, struct image_error *why)
{
	uint32_t ab, abl, ac, acl, bb, bbl, bc, bcl;

	if (image_same_name((const uint8_t *)a->name, (const uint8_t *)b->name))
		return image_fail(why, IMAGE_E_DUP_NAME, 0, 0);
	image_extents(a, &ab, &abl, &ac, &acl);
	image_extents(b, &bb, &bbl, &bc, &bcl);
	if (image_overlap(ab, abl, bb, bbl))
		return image_fail(why, IMAGE_E_BLOB_OVERLAP, ab, bb);
	if (image_overlap(ac, acl, bc, bcl))
		return image_fail(why, IMAGE_E_CAP_OVERLAP, ac, bc);
	/* Pools over one range are fine when their stripes are disjoint. */
	if (a->type == IMAGE_T_POOL && b->type == IMAGE_T_POOL &&
	    image_overlap(a->u.pool.start, a->u.pool.length, b->u.pool.start, b->u.pool.length) &&
	    image_pool_shared(&a->u.pool, &b->u.pool) != ~0ull)
		return image_fail(why, IMAGE_E_POOL_OVERLAP,
				  image_pool_shared(&a->u.pool, &b->u.pool), b->u.pool.start);
	/* ColdFire has one address space: two processes of one fixed-address
	 * program would share its data (a PIE program gets a copy each). */
	if (v->arch == IMAGE_ARCH_COLDFIRE && a->type == IMAGE_T_PROCESS &&
	    b->type == IMAGE_T_PROCESS && a->u.process.program == b->u.process.program &&
	    !image_program_is_pie(v, a->u.process.program))
		return image_fail(why, IMAGE_E_SHARED_PROGRAM, a->u.process.program, 0);
	return IMAGE_OK;
}

static enum image_code image_check_segments(const struct image_view *v,
					    const struct image_record *a,
					    const struct image_record *b, struct image_error *why)
{
	struct elf_info ia, ib;
	struct elf_error ignored;
	uint16_t machine = image_elf_machine(v->arch);

	/* Both programs passed image_check_records, so these cannot fail. */
	elf_check(image_blob(v, a->u.program.blob_offset), a->u.program.blob_length, machine, &ia,
		  &ignored);
	elf_check(image_blob(v, b->u.program.blob_offset), b->u.program.blob_length, machine, &ib,
		  &ignored);
	/* PIE programs are placed by the loader in frames of their own: they
	 * cannot overlap anything by construction. */
	if (ia.type == ELF_ET_DYN || ib.type == ELF_ET_DYN)
		return IMAGE_OK;
	for (uint32_t i = 0; i < ia.nload; i++)
		for (uint32_t j = 0; j < ib.nload; j++)
			if (image_overlap(ia.load[i].vaddr, ia.load[i].memsz, ib.load[j].vaddr,
					  ib.load[j].memsz))
				return image_fail(why, IMAGE_E_SEGMENT_CLASH, ia.load[i].vaddr,
						  ib.load[j].vaddr);
	return IMAGE_OK;
}

enum image_code image_check_pairs(const struct image_view *v, struct image_error *why)
{
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct image_record a;

		image_record_get(v, i, &a);
		for (uint32_t j = i + 1; j < v->record_count; j++) {
			struct image_record b;

			image_record_get(v, j, &b);
			if (image_check_pair(v, &a, &b, why) != IMAGE_OK ||
			    (v->arch == IMAGE_ARCH_COLDFIRE && a.type == IMAGE_T_PROGRAM &&
			     b.type == IMAGE_T_PROGRAM &&
			     image_check_segments(v, &a, &b, why) != IMAGE_OK)) {
				image_blame(why, v, j);
				image_blame_other(why, v, i);
				return why->code;
			}
		}
	}
	if (v->count[IMAGE_T_PROCESS] == 0)
		return image_fail(why, IMAGE_E_NO_PROCESS, 0, 0);
	return IMAGE_OK;
}
