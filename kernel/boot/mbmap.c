/* The multiboot memory map: validates and converts the loader's entries into
 * memory-map entries (kernel/include/kernel/mbmap.h). */
#include <lib/fmt.h>
#include <kernel/mbmap.h>

/* Multiboot data is little-endian and may be unaligned: read it bytewise. */
static uint32_t mbmap_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t mbmap_le64(const uint8_t *p)
{
	return (uint64_t)mbmap_le32(p) | (uint64_t)mbmap_le32(p + 4) << 32;
}

static enum err mbmap_fail(struct mbmap_error *why, enum err code, unsigned index, unsigned other)
{
	why->code = code;
	why->index = index;
	why->other = other;
	return code;
}

enum err mbmap_parse(const void *buf, uint32_t length, struct memmap_entry *out, unsigned max,
		     unsigned *count, struct mbmap_error *why)
{
	const uint8_t *p = buf;
	uint32_t off = 0;
	unsigned n = 0, index;

	*count = 0;
	why->code = ERR_OK;
	for (index = 0; off < length; index++) {
		uint32_t size;
		struct memmap_entry r;

		if (length - off < 4)
			return mbmap_fail(why, ERR_TRUNC, index, 0);
		size = mbmap_le32(p + off);
		if (size < MBMAP_ENTRY_MIN)
			return mbmap_fail(why, ERR_INVAL, index, 0);
		if (size > length - off - 4)
			return mbmap_fail(why, ERR_TRUNC, index, 0);
		r.base = mbmap_le64(p + off + 4);
		r.len = mbmap_le64(p + off + 12);
		r.type = mbmap_le32(p + off + 20);
		r.source = index;
		off += size + 4;

		if (r.len == 0)
			continue;
		if (r.base + r.len < r.base && r.base + r.len != 0)
			return mbmap_fail(why, ERR_RANGE, index, 0);
		if (n == max)
			return mbmap_fail(why, ERR_FULL, index, 0);

		/* Insertion sort by base: loader maps are short and nearly sorted. */
		unsigned i = n++;
		while (i > 0 && out[i - 1].base > r.base) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = r;
	}
	if (n == 0)
		return mbmap_fail(why, ERR_NOTFOUND, index, 0);

	for (unsigned i = 1; i < n; i++) {
		/* An entry ending exactly at 2^64 has end 0 and cannot be followed. */
		uint64_t prev_end = out[i - 1].base + out[i - 1].len;
		if (prev_end == 0 || prev_end > out[i].base)
			return mbmap_fail(why, ERR_OVERLAP, out[i].source, out[i - 1].source);
	}
	*count = n;
	return ERR_OK;
}

int mbmap_describe(const struct mbmap_error *why, char *buf, unsigned size)
{
	switch (why->code) {
	case ERR_OK:
		return fmt_snprintf(buf, size, "map is valid");
	case ERR_TRUNC:
		return fmt_snprintf(buf, size, "entry %u is truncated by the end of the map",
				    why->index);
	case ERR_RANGE:
		return fmt_snprintf(buf, size, "entry %u wraps past the top of the address space",
				    why->index);
	case ERR_FULL:
		return fmt_snprintf(buf, size, "entry %u exceeds the parser's table", why->index);
	case ERR_OVERLAP:
		return fmt_snprintf(buf, size, "entry %u overlaps entry %u", why->index,
				    why->other);
	case ERR_NOTFOUND:
		return fmt_snprintf(buf, size, "map has no non-empty entries (%u read)",
				    why->index);
	case ERR_INVAL:
		return fmt_snprintf(buf, size, "entry %u has a size field below %u", why->index,
				    MBMAP_ENTRY_MIN);
	default:
		return fmt_snprintf(buf, size, "entry %u: %s", why->index, err_name(why->code));
	}
}
