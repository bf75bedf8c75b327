/* --dump: the kernel's parser reads the image; this prints what it accepted,
 * one line per record, capabilities and segments indented below. */
#include <string.h>

#include "mkimage.h"

static void dump_ref(FILE *out, const struct image_view *v, const char *label, uint32_t ref)
{
	struct image_record r;

	if (ref == IMAGE_NONE) {
		fprintf(out, " %s -", label);
		return;
	}
	image_record_get(v, ref, &r);
	fprintf(out, " %s %s", label, r.name);
}

static void dump_caps(FILE *out, const struct image_view *v, uint32_t first, uint32_t count)
{
	for (uint32_t i = first; i < first + count; i++) {
		struct image_cap c;

		image_cap_get(v, i, &c);
		fprintf(out, "  cap %u = ", c.slot);
		if (c.kind == IMAGE_CAP_OBJECT) {
			struct image_record r;

			image_record_get(v, c.target, &r);
			fprintf(out, "%s (%s, record %u)", r.name, image_type_name(r.type),
				c.target);
		} else {
			fprintf(out, "%s", image_cap_kind_name(c.kind));
		}
		if (c.rights & IMAGE_RIGHT_RO)
			fprintf(out, " ro");
		if (c.rights & IMAGE_RIGHT_WEAK)
			fprintf(out, " weak");
		if (c.rights & IMAGE_RIGHT_NX)
			fprintf(out, " nx");
		fputc('\n', out);
	}
}

static void dump_program(FILE *out, const struct image_view *v, const struct image_program *p)
{
	struct elf_info info;
	struct elf_error why;

	elf_check(image_blob(v, p->blob_offset), p->blob_length, image_elf_machine(v->arch), &info,
		  &why);
	fprintf(out, " blob %u+%u entry 0x%08x segments %u", p->blob_offset, p->blob_length,
		info.entry, info.nload);
	if (p->pool != IMAGE_NONE) /* the file-mapping table, when there is one */
		dump_ref(out, v, "pool", p->pool);
	if (p->flags & IMAGE_PROG_XIP)
		fputs(" xip", out);
	if (p->flags & IMAGE_PROG_SEPDATA)
		fputs(" sepdata", out);
	for (unsigned k = 0; k < p->nsegs; k++) {
		struct image_record r;

		image_record_get(v, p->seg[k].pool, &r);
		fprintf(out, " seg%u=%s", p->seg[k].segment, r.name);
	}
	fputc('\n', out);
	for (uint32_t i = 0; i < info.nload; i++) {
		const struct elf_segment *s = &info.load[i];

		fprintf(out, "  segment 0x%08x memsz 0x%x filesz 0x%x %c%c%c\n", s->vaddr, s->memsz,
			s->filesz, s->flags & ELF_PF_R ? 'r' : '-', s->flags & ELF_PF_W ? 'w' : '-',
			s->flags & ELF_PF_X ? 'x' : '-');
	}
}

static void dump_record(FILE *out, const struct image_view *v, uint32_t i)
{
	struct image_record r;

	image_record_get(v, i, &r);
	fprintf(out, "record %u %s %s", i, image_type_name(r.type), r.name);
	if (r.type != IMAGE_T_PROGRAM && r.type != IMAGE_T_POOL)
		fprintf(out, " oid %llu", (unsigned long long)image_record_oid(i));
	switch (r.type) {
	case IMAGE_T_PROGRAM:
		dump_program(out, v, &r.u.program);
		break;
	case IMAGE_T_PROCESS:
		dump_ref(out, v, "program", r.u.process.program);
		fprintf(out, " priority %u entry 0x%08x", r.u.process.priority, r.u.process.entry);
		dump_ref(out, v, "pool", r.u.process.pool);
		dump_ref(out, v, "fault", r.u.process.fault);
		fprintf(out, " caps %u\n", r.u.process.cap_count);
		dump_caps(out, v, r.u.process.cap_first, r.u.process.cap_count);
		break;
	case IMAGE_T_PAGE:
		fprintf(out, " blob %u+%u", r.u.page.blob_offset, r.u.page.blob_length);
		dump_ref(out, v, "pool", r.u.page.pool);
		fputc('\n', out);
		break;
	case IMAGE_T_CAPPAGE:
		fprintf(out, " caps %u\n", r.u.cappage.cap_count);
		dump_caps(out, v, r.u.cappage.cap_first, r.u.cappage.cap_count);
		break;
	case IMAGE_T_POOL:
		fprintf(out, " start 0x%llx len 0x%llx stripe 0x%x step 0x%x cache %s\n",
			(unsigned long long)r.u.pool.start, (unsigned long long)r.u.pool.length,
			r.u.pool.stripe, r.u.pool.step, image_cache_name(r.u.pool.cache));
		break;
	default:
		fputc('\n', out);
		break;
	}
}

int mk_dump(FILE *out, const char *name, const unsigned char *img, size_t len, int arch)
{
	struct image_view v;
	struct image_error why;
	char line[512];

	if (!arch) /* the image's own claim, which the parser then checks */
		arch = len >= IMAGE_H_ARCH + 2 ? img[IMAGE_H_ARCH] | img[IMAGE_H_ARCH + 1] << 8 : 0;
	if (image_parse(img, len, (enum image_arch)arch, &v, &why) != IMAGE_OK) {
		image_describe(&why, line, sizeof(line));
		fprintf(stderr, "%s: %s\n", name, line);
		return -1;
	}
	fprintf(out,
		"image %s: arch %s version %u length %u crc32 0x%08x records %u caps %u blob %u "
		"next-oid %llu\n",
		name, image_arch_name(v.arch), (unsigned)IMAGE_VERSION, v.length, v.crc,
		v.record_count, v.cap_count, v.blob_length, (unsigned long long)image_next_oid(&v));
	for (uint32_t i = 0; i < v.record_count; i++)
		dump_record(out, &v, i);
	return 0;
}
