/* The boot image as text, for tools/mkimage dump and the kernel's refusals. */
#include <lib/fmt.h>
#include <obstore/image.h>

/* Appends to buf, keeping *pos at most size - 1 so that the result stays
 * NUL-terminated; returns the full length the message would have. */
struct image_line {
	char *buf;
	size_t size;
	size_t pos;
	int total;
};

static void image_emit(struct image_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void image_emit(struct image_line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(l->buf + l->pos, l->size - l->pos, fmt, ap);
	va_end(ap);
	l->total += n;
	l->pos += (size_t)n < l->size - l->pos ? (size_t)n : l->size - l->pos - 1;
}

static const char *image_section_name(uint32_t which)
{
	return which == 0 ? "record" : which == 1 ? "cap" : "blob";
}

static void image_describe_header(const struct image_error *w, struct image_line *l)
{
	switch (w->code) {
	case IMAGE_E_SHORT:
		image_emit(l, "%llu bytes, shorter than the %llu-byte header", w->value, w->expect);
		break;
	case IMAGE_E_MAGIC:
		image_emit(l, "bad magic 0x%08llx, expected 0x%08llx (\"ARIM\")", w->value,
			   w->expect);
		break;
	case IMAGE_E_VERSION:
		image_emit(l, "format version %llu, this parser reads version %llu", w->value,
			   w->expect);
		break;
	case IMAGE_E_ARCH:
		image_emit(l, "built for %s (arch %llu), expected %s", image_arch_name(w->value),
			   w->value, image_arch_name(w->expect));
		break;
	case IMAGE_E_TRUNCATED:
		image_emit(l, "truncated: the header says %llu bytes, only %llu are present",
			   w->value, w->expect);
		break;
	case IMAGE_E_CHECKSUM:
		image_emit(l, "checksum 0x%08llx does not match the contents (CRC-32 0x%08llx)",
			   w->value, w->expect);
		break;
	case IMAGE_E_HEADER_RESERVED:
		image_emit(l, "reserved header fields are not zero (flags 0x%llx, reserved 0x%llx)",
			   w->value, w->expect);
		break;
	case IMAGE_E_TOO_MANY:
		image_emit(l, "%llu %s entries exceed the limit of %llu", w->value,
			   image_section_name(w->other), w->expect);
		break;
	case IMAGE_E_SECTION:
		image_emit(l,
			   "%s section [%llu, %llu) is past the end of the image or overlaps the "
			   "section before it",
			   image_section_name(w->other), w->value, w->expect);
		break;
	case IMAGE_E_NO_PROCESS:
		image_emit(l, "no process record: nothing to run");
		break;
	default:
		image_emit(l, "%s", image_code_name(w->code));
		break;
	}
}

/* Errors about the relation between w->record and w->other. */
static void image_describe_pair(const struct image_error *w, struct image_line *l)
{
	switch (w->code) {
	case IMAGE_E_DUP_NAME:
		image_emit(l, "name is already used by record %u", w->other);
		break;
	case IMAGE_E_BLOB_OVERLAP:
		image_emit(l, "blob at %llu overlaps the blob of record %u ('%s') at %llu",
			   w->expect, w->other, w->other_name, w->value);
		break;
	case IMAGE_E_CAP_OVERLAP:
		image_emit(l, "cap entries from %llu overlap those of record %u ('%s') from %llu",
			   w->expect, w->other, w->other_name, w->value);
		break;
	case IMAGE_E_POOL_OVERLAP:
		image_emit(l,
			   "pool shares the frame at 0x%llx with pool record %u ('%s') at 0x%llx",
			   w->value, w->other, w->other_name, w->expect);
		break;
	case IMAGE_E_SHARED_PROGRAM:
		image_emit(l,
			   "uses program record %llu like process record %u ('%s'); ColdFire has "
			   "one address space, so each process needs its own program",
			   w->value, w->other, w->other_name);
		break;
	case IMAGE_E_SEGMENT_CLASH:
		image_emit(l,
			   "segment at 0x%llx overlaps segment at 0x%llx of program record %u "
			   "('%s'); ColdFire has one address space",
			   w->expect, w->value, w->other, w->other_name);
		break;
	case IMAGE_E_REF_MISSING:
		image_emit(l, "refers to record %u, which does not exist", w->other);
		break;
	case IMAGE_E_REF_TYPE:
		image_emit(l, "refers to record %u ('%s') of type %s, where %s is needed", w->other,
			   w->other_name, image_type_name(w->value),
			   w->expect ? image_type_name(w->expect)
				     : "an object (process, endpoint, page, cappage)");
		break;
	case IMAGE_E_ENTRY:
		image_emit(l,
			   "entry 0x%08llx is not in the code of program '%s' (whose ELF entry is "
			   "0x%08llx)",
			   w->value, w->other_name, w->expect);
		break;
	default:
		break;
	}
}

static void image_describe_record(const struct image_error *w, struct image_line *l)
{
	char elf_line[160];

	switch (w->code) {
	case IMAGE_E_RECORD_TYPE:
		image_emit(l, "unknown record type %llu", w->value);
		break;
	case IMAGE_E_RECORD_RESERVED:
		image_emit(l, "byte %llu of the record is 0x%llx, expected 0 (reserved)", w->expect,
			   w->value);
		break;
	case IMAGE_E_NAME:
		image_emit(l, "bad name: 1-15 characters of [A-Za-z0-9_.-], then NUL padding");
		break;
	case IMAGE_E_BLOB_RANGE:
		image_emit(l, "blob [%llu, +%llu) extends past the end of the blob area", w->value,
			   w->expect);
		break;
	case IMAGE_E_PAGE_SIZE:
		image_emit(l, "%llu bytes of contents exceed a page (%llu)", w->value, w->expect);
		break;
	case IMAGE_E_PRIORITY:
		image_emit(l, "priority %llu exceeds the maximum %llu", w->value, w->expect);
		break;
	case IMAGE_E_CAP_RANGE:
		image_emit(l, "cap entries [%llu, +%llu) extend past the cap table", w->value,
			   w->expect);
		break;
	case IMAGE_E_CAP_KIND:
		image_emit(l, "unknown capability kind %llu", w->value);
		break;
	case IMAGE_E_CAP_RIGHTS:
		image_emit(l, "unknown rights bits in 0x%llx (known 0x%llx)", w->value, w->expect);
		break;
	case IMAGE_E_CAP_SLOT:
		image_emit(l, "slot %llu is beyond the %llu slots", w->value, w->expect);
		break;
	case IMAGE_E_CAP_DUP_SLOT:
		image_emit(l, "slot %llu is filled twice", w->value);
		break;
	case IMAGE_E_CAP_TARGET:
		image_emit(l, "service capability has target %llu, expected 0", w->value);
		break;
	case IMAGE_E_SEGMENT:
		if (w->expect == IMAGE_NONE)
			image_emit(l, "file-mapping table lists segment %llu twice", w->value);
		else
			image_emit(
				l,
				"file-mapping table names segment %llu, beyond the program's %llu "
				"loadable segments",
				w->value, w->expect);
		break;
	case IMAGE_E_POOL:
		image_emit(
			l,
			"bad pool (0x%llx, 0x%llx): start and length page-aligned, non-empty, "
			"not wrapping; stripe <= step, page multiples, both 0 or both not, step a "
			"power of two of at most 64 pages; cache wb/wt/uc",
			w->value, w->expect);
		break;
	case IMAGE_E_ELF:
		elf_describe(&w->elf, elf_line, sizeof(elf_line));
		image_emit(l, "ELF: %s", elf_line);
		break;
	default:
		image_describe_pair(w, l);
		break;
	}
}

int image_describe(const struct image_error *w, char *buf, size_t size)
{
	char dummy[1];
	struct image_line l = { .buf = size ? buf : dummy, .size = size ? size : 1 };

	l.buf[0] = '\0';
	if (w->code == IMAGE_OK) {
		image_emit(&l, "image is valid");
		return l.total;
	}
	if (w->record == IMAGE_NONE && w->cap != IMAGE_NONE) {
		/* a cap table entry no record names */
		image_emit(&l, "image: cap entry %u: ", w->cap);
		image_describe_record(w, &l);
		return l.total;
	}
	if (w->record == IMAGE_NONE) {
		image_emit(&l, "image: ");
		image_describe_header(w, &l);
		return l.total;
	}
	image_emit(&l, "record %u (%s '%s'): ", w->record, image_type_name(w->type), w->name);
	if (w->cap != IMAGE_NONE)
		image_emit(&l, "cap entry %u: ", w->cap);
	image_describe_record(w, &l);
	return l.total;
}
