/* Unit tests of the multiboot memory map (kernel/boot/mbmap.c). */
#include <stdlib.h>
#include <string.h>

#include <kernel/mbmap.h>

#include "unit.h"

/* Builds loader buffers entry by entry, little-endian like the loader. */
struct mb_builder {
	uint8_t buf[512];
	uint32_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void mb_add_sized(struct mb_builder *b, uint32_t size, uint64_t base, uint64_t len,
			 uint32_t type)
{
	uint8_t *p = b->buf + b->len;

	memset(p, 0xee, size + 4);
	put32(p, size);
	put32(p + 4, (uint32_t)base);
	put32(p + 8, (uint32_t)(base >> 32));
	put32(p + 12, (uint32_t)len);
	put32(p + 16, (uint32_t)(len >> 32));
	put32(p + 20, type);
	b->len += size + 4;
}

static void mb_add(struct mb_builder *b, uint64_t base, uint64_t len, uint32_t type)
{
	mb_add_sized(b, 20, base, len, type);
}

static struct memmap_entry out[16];
static struct mbmap_error why;
static unsigned n;

START_TEST(test_mbmap_qemu_map)
{
	struct mb_builder b = { .len = 0 };

	mb_add(&b, 0x0, 0x9fc00, MEM_RAM);
	mb_add(&b, 0x9fc00, 0x400, MEM_RESERVED);
	mb_add(&b, 0xf0000, 0x10000, MEM_RESERVED);
	mb_add(&b, 0x100000, 0x7ee0000, MEM_RAM);
	mb_add(&b, 0x7fe0000, 0x20000, MEM_RESERVED);
	mb_add(&b, 0xfffc0000, 0x40000, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(out[3].base, 0x100000);
	ck_assert_uint_eq(out[3].len, 0x7ee0000);
	ck_assert_uint_eq(out[3].type, MEM_RAM);
	ck_assert_uint_eq(out[5].source, 5);
	ck_assert_int_eq(why.code, ERR_OK);
}
END_TEST

START_TEST(test_mbmap_zero_entries)
{
	struct mb_builder b = { .len = 0 };

	ck_assert_int_eq(mbmap_parse(b.buf, 0, out, 16, &n, &why), ERR_NOTFOUND);
	ck_assert_uint_eq(n, 0);
	/* Entries that all have length zero leave nothing usable either. */
	mb_add(&b, 0x1000, 0, MEM_RAM);
	mb_add(&b, 0x2000, 0, MEM_RAM);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_NOTFOUND);
	ck_assert_uint_eq(why.index, 2);
}
END_TEST

START_TEST(test_mbmap_unsorted_is_sorted)
{
	struct mb_builder b = { .len = 0 };

	mb_add(&b, 0x100000, 0x100000, MEM_RAM);
	mb_add(&b, 0x0, 0x9fc00, MEM_RAM);
	mb_add(&b, 0x9fc00, 0x400, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	ck_assert_uint_eq(n, 3);
	for (unsigned i = 1; i < n; i++)
		ck_assert_uint_lt(out[i - 1].base, out[i].base);
	ck_assert_uint_eq(out[0].source, 1);
	ck_assert_uint_eq(out[2].source, 0);
}
END_TEST

START_TEST(test_mbmap_overlap_named)
{
	struct mb_builder b = { .len = 0 };
	char msg[80];

	mb_add(&b, 0x0, 0x9fc00, MEM_RAM);
	mb_add(&b, 0x100000, 0x200000, MEM_RAM);
	mb_add(&b, 0x200000, 0x1000, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OVERLAP);
	ck_assert_uint_eq(why.index, 2);
	ck_assert_uint_eq(why.other, 1);
	ck_assert_uint_eq(n, 0);
	mbmap_describe(&why, msg, sizeof(msg));
	ck_assert_str_eq(msg, "entry 2 overlaps entry 1");
}
END_TEST

START_TEST(test_mbmap_adjacent_is_not_overlap)
{
	struct mb_builder b = { .len = 0 };

	mb_add(&b, 0x0, 0x1000, MEM_RAM);
	mb_add(&b, 0x1000, 0x1000, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	ck_assert_uint_eq(n, 2);
}
END_TEST

START_TEST(test_mbmap_above_4g)
{
	struct mb_builder b = { .len = 0 };

	mb_add(&b, 0x100000, 0xbfee0000, MEM_RAM);
	mb_add(&b, 0x100000000ull, 0x40000000ull, MEM_RAM);
	mb_add(&b, 0xfd00000000ull, 0x300000000ull, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(out[1].base, 0x100000000ull);
	ck_assert_uint_eq(out[1].len, 0x40000000ull);
	ck_assert_uint_eq(out[2].base + out[2].len, 0x10000000000ull);
	/* The very top of the 64-bit space is representable; wrapping past it is not. */
	b.len = 0;
	mb_add(&b, 0xfffffffffffff000ull, 0x1000, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	mb_add(&b, 0xffffffffffffe000ull, 0x3000, MEM_RESERVED);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_RANGE);
	ck_assert_uint_eq(why.index, 1);
}
END_TEST

START_TEST(test_mbmap_truncated_length_field)
{
	struct mb_builder b = { .len = 0 };

	mb_add(&b, 0x0, 0x9fc00, MEM_RAM);
	mb_add(&b, 0x100000, 0x100000, MEM_RAM);
	/* Every cut inside the second entry is refused as truncated, never read past. */
	for (uint32_t cut = 24 + 1; cut < b.len; cut++) {
		uint8_t *copy = malloc(cut); /* exact size: ASan catches any overread */
		memcpy(copy, b.buf, cut);
		ck_assert_int_eq(mbmap_parse(copy, cut, out, 16, &n, &why), ERR_TRUNC);
		ck_assert_uint_eq(why.index, 1);
		free(copy);
	}
	/* A size field claiming more bytes than the map holds. */
	b.len = 0;
	mb_add(&b, 0x0, 0x1000, MEM_RAM);
	put32(b.buf, 0x7fffffff);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_TRUNC);
	put32(b.buf, 0xffffffff);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_TRUNC);
}
END_TEST

START_TEST(test_mbmap_small_size_field_and_larger_entries)
{
	struct mb_builder b = { .len = 0 };

	/* Loaders may use entries bigger than 20 bytes; the extra bytes are skipped. */
	mb_add_sized(&b, 28, 0x0, 0x1000, MEM_RAM);
	mb_add(&b, 0x1000, 0x1000, MEM_ACPI);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[1].type, MEM_ACPI);
	/* A size below 20 cannot hold an entry: refused rather than looping. */
	b.len = 0;
	mb_add(&b, 0x0, 0x1000, MEM_RAM);
	mb_add(&b, 0x1000, 0x1000, MEM_RAM);
	put32(b.buf + 24, 0);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_INVAL);
	ck_assert_uint_eq(why.index, 1);
}
END_TEST

START_TEST(test_mbmap_table_full)
{
	struct mb_builder b = { .len = 0 };

	for (int i = 0; i < 5; i++)
		mb_add(&b, (uint64_t)i << 20, 0x1000, MEM_RAM);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 4, &n, &why), ERR_FULL);
	ck_assert_uint_eq(why.index, 4);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 5, &n, &why), ERR_OK);
}
END_TEST

/* Nothing can follow an entry that ends at the very top: an entry ending at
 * 2^64 and one above its start overlap (the end wraps to 0). */
START_TEST(test_mbmap_after_the_top_is_overlap)
{
	struct mb_builder b = { .len = 0 };
	char msg[80];

	mb_add(&b, 0xffffffffffff0000ull, 0x10000, MEM_RESERVED);
	mb_add(&b, 0xffffffffffff8000ull, 0x1000, MEM_RAM);
	ck_assert_int_eq(mbmap_parse(b.buf, b.len, out, 16, &n, &why), ERR_OVERLAP);
	ck_assert_uint_eq(n, 0);
	mbmap_describe(&why, msg, sizeof(msg));
	ck_assert_str_eq(msg, "entry 1 overlaps entry 0");
}
END_TEST

static const char *described(const struct mb_builder *b, unsigned max, enum err code)
{
	static char msg[80];

	ck_assert_int_eq(mbmap_parse(b->buf, b->len, out, max, &n, &why), code);
	ck_assert_int_gt(mbmap_describe(&why, msg, sizeof(msg)), 0);
	return msg;
}

/* Each refusal in words, with the entry it names. */
START_TEST(test_mbmap_describe_each_refusal)
{
	struct mb_builder b = { .len = 0 };
	struct mbmap_error other = { ERR_NOMEM, 7, 0 };
	char msg[80];

	mb_add(&b, 0x0, 0x1000, MEM_RAM);
	mb_add(&b, 0x1000, 0x1000, MEM_RAM);
	ck_assert_str_eq(described(&b, 16, ERR_OK), "map is valid");
	ck_assert_str_eq(described(&b, 1, ERR_FULL), "entry 1 exceeds the parser's table");
	b.len -= 2;
	ck_assert_str_eq(described(&b, 16, ERR_TRUNC),
			 "entry 1 is truncated by the end of the map");
	b.len = 0;
	mb_add(&b, 0x1000, 0x1000, MEM_RAM);
	mb_add(&b, 0xffffffffffffe000ull, 0x3000, MEM_RESERVED);
	ck_assert_str_eq(described(&b, 16, ERR_RANGE),
			 "entry 1 wraps past the top of the address space");
	b.len = 0;
	mb_add(&b, 0x1000, 0, MEM_RAM);
	mb_add(&b, 0x2000, 0, MEM_RAM);
	ck_assert_str_eq(described(&b, 16, ERR_NOTFOUND), "map has no non-empty entries (2 read)");
	put32(b.buf + 24, 19);
	ck_assert_str_eq(described(&b, 16, ERR_INVAL), "entry 1 has a size field below 20");
	/* a code the parser does not give: named by the error table */
	ck_assert_int_gt(mbmap_describe(&other, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "entry 7: out of memory");
}
END_TEST

Suite *mbmap_suite(void)
{
	Suite *s = suite_create("mbmap");
	TCase *tc = tcase_create("mbmap");

	tcase_add_test(tc, test_mbmap_qemu_map);
	tcase_add_test(tc, test_mbmap_zero_entries);
	tcase_add_test(tc, test_mbmap_unsorted_is_sorted);
	tcase_add_test(tc, test_mbmap_overlap_named);
	tcase_add_test(tc, test_mbmap_adjacent_is_not_overlap);
	tcase_add_test(tc, test_mbmap_above_4g);
	tcase_add_test(tc, test_mbmap_truncated_length_field);
	tcase_add_test(tc, test_mbmap_small_size_field_and_larger_entries);
	tcase_add_test(tc, test_mbmap_table_full);
	tcase_add_test(tc, test_mbmap_after_the_top_is_overlap);
	tcase_add_test(tc, test_mbmap_describe_each_refusal);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(mbmap)
