/* The boot image: round trips through the writer and the parser. Refusals
 * are in test_image_refusals.c and random corruption in test_image_mutate.c;
 * all three make up image_suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/bytes.h>
#include <lib/crc32.h>
#include <obstore/oid.h>

#include "image_fixture.h"
#include "unit.h"

static void check_round_trip(enum image_arch arch)
{
	struct image_fixture f;
	struct image_view v;
	struct image_error why;
	size_t len;
	uint8_t *img;
	char line[160];

	image_fixture_init(&f, arch);
	img = image_fixture_write(&f, &len);
	ck_assert_int_eq(image_parse(img, len, arch, &v, &why), IMAGE_OK);
	ck_assert_int_eq(why.code, IMAGE_OK);
	image_describe(&why, line, sizeof(line));
	ck_assert_str_eq(line, "image is valid");

	ck_assert_uint_eq(v.length, len);
	ck_assert_int_eq(v.arch, arch);
	ck_assert_uint_eq(v.record_count, FX_COUNT);
	ck_assert_uint_eq(v.cap_count, FX_CAPS);
	ck_assert_uint_eq(v.blob_length, f.blob_len);
	ck_assert_uint_eq(v.count[IMAGE_T_PROGRAM], 2);
	ck_assert_uint_eq(v.count[IMAGE_T_PROCESS], 2);
	ck_assert_uint_eq(v.count[IMAGE_T_POOL], 2);
	ck_assert_uint_eq(v.count[IMAGE_T_ENDPOINT], 1);
	for (uint32_t i = 0; i < v.record_count; i++) {
		struct image_record r;

		image_record_get(&v, i, &r);
		ck_assert_uint_eq(r.type, f.rec[i].type);
		ck_assert_str_eq(r.name, f.rec[i].name);
		switch (r.type) {
		case IMAGE_T_PROCESS:
			ck_assert_mem_eq(&r.u.process, &f.rec[i].u.process,
					 offsetof(struct image_process, priority) + 1);
			break;
		case IMAGE_T_POOL:
			ck_assert_uint_eq(r.u.pool.start, f.rec[i].u.pool.start);
			ck_assert_uint_eq(r.u.pool.length, f.rec[i].u.pool.length);
			ck_assert_uint_eq(r.u.pool.stripe, f.rec[i].u.pool.stripe);
			ck_assert_uint_eq(r.u.pool.step, f.rec[i].u.pool.step);
			ck_assert_uint_eq(r.u.pool.cache, f.rec[i].u.pool.cache);
			break;
		case IMAGE_T_PAGE:
			ck_assert_mem_eq(&r.u.page, &f.rec[i].u.page, sizeof(struct image_page));
			break;
		case IMAGE_T_PROGRAM:
			ck_assert_uint_eq(r.u.program.blob_offset, f.rec[i].u.program.blob_offset);
			ck_assert_uint_eq(r.u.program.blob_length, f.rec[i].u.program.blob_length);
			ck_assert_uint_eq(r.u.program.pool, f.rec[i].u.program.pool);
			ck_assert_uint_eq(r.u.program.flags, f.rec[i].u.program.flags);
			ck_assert_uint_eq(r.u.program.nsegs, f.rec[i].u.program.nsegs);
			for (unsigned k = 0; k < r.u.program.nsegs; k++) {
				ck_assert_uint_eq(r.u.program.seg[k].segment,
						  f.rec[i].u.program.seg[k].segment);
				ck_assert_uint_eq(r.u.program.seg[k].pool,
						  f.rec[i].u.program.seg[k].pool);
			}
			break;
		case IMAGE_T_CAPPAGE:
			ck_assert_mem_eq(&r.u.cappage, &f.rec[i].u.cappage,
					 sizeof(struct image_cappage));
			break;
		default:
			break;
		}
	}
	for (uint32_t i = 0; i < v.cap_count; i++) {
		struct image_cap c;

		image_cap_get(&v, i, &c);
		ck_assert_mem_eq(&c, &f.cap[i], sizeof(c));
	}
	ck_assert_mem_eq(image_blob(&v, f.rec[FX_GREET].u.page.blob_offset), "hello world", 11);
	ck_assert_mem_eq(image_blob(&v, 0), f.blob, f.blob_len);
	/* The writer aligns the blob area for the loader's copies. */
	ck_assert_uint_eq((uintptr_t)(v.blobs - img) % IMAGE_BLOB_ALIGN, 0);
	free(img);
}

START_TEST(test_image_round_trip_i386)
{
	check_round_trip(IMAGE_ARCH_I386);
}
END_TEST

START_TEST(test_image_round_trip_coldfire)
{
	check_round_trip(IMAGE_ARCH_COLDFIRE);
}
END_TEST

/* The checksum is zlib's CRC-32 of the image with the field zeroed. */
START_TEST(test_image_checksum_is_crc32)
{
	struct image_fixture f;
	size_t len;
	uint8_t *img;
	uint32_t stored;

	ck_assert_uint_eq(crc32_update(0, "123456789", 9), 0xcbf43926u);
	ck_assert_uint_eq(crc32_update(crc32_update(0, "1234", 4), "56789", 5), 0xcbf43926u);
	image_fixture_init(&f, IMAGE_ARCH_I386);
	img = image_fixture_write(&f, &len);
	stored = img[12] | img[13] << 8 | img[14] << 16 | (uint32_t)img[15] << 24;
	memset(img + IMAGE_H_CRC, 0, 4);
	ck_assert_uint_eq(crc32_update(0, img, len), stored);
	free(img);
}
END_TEST

/* Loader padding after the image proper is ignored. */
START_TEST(test_image_padding_ignored)
{
	struct image_fixture f;
	struct image_view v;
	struct image_error why;
	size_t len;
	uint8_t *img = NULL, *padded;

	image_fixture_init(&f, IMAGE_ARCH_I386);
	img = image_fixture_write(&f, &len);
	padded = calloc(1, len + 4096);
	memcpy(padded, img, len);
	memset(padded + len, 0xcc, 4096);
	ck_assert_int_eq(image_parse(padded, len + 4096, IMAGE_ARCH_I386, &v, &why), IMAGE_OK);
	ck_assert_uint_eq(v.length, len);
	free(padded);
	free(img);
}
END_TEST

START_TEST(test_image_oids)
{
	struct image_view v = { .record_count = FX_COUNT };

	ck_assert_uint_eq(image_record_oid(0), 1);
	ck_assert_uint_eq(image_next_oid(&v), 1 + FX_COUNT);
	ck_assert(oid_is_ram(image_record_oid(FX_COUNT - 1)));
	ck_assert(!oid_is_ram(OID_NONE));
	ck_assert(!oid_is_device(OID_NONE));
	ck_assert_uint_eq(OID_DEVICE_BASE, 0xff0000000000ull);
	ck_assert_uint_eq(oid_of_device_pfn(0x12345), OID_DEVICE_BASE + 0x12345);
	ck_assert(oid_is_device(oid_of_device_pfn(0xfffffffffull)));
	ck_assert_uint_eq(oid_of_device_pfn(1ull << 40), OID_NONE);
	ck_assert_uint_eq(oid_device_pfn(oid_of_device_pfn(0xfedcba987ull)), 0xfedcba987ull);
	ck_assert(oid_is_device(OID_MAX));
	ck_assert(!oid_is_device(OID_MAX + 1));
	ck_assert(oid_is_ram(OID_DEVICE_BASE - 1));
	ck_assert(!oid_is_ram(OID_DEVICE_BASE));
}
END_TEST

START_TEST(test_image_writer_limits)
{
	struct image_fixture f;
	struct image_desc d;
	uint8_t small[64];

	image_fixture_init(&f, IMAGE_ARCH_I386);
	d = (struct image_desc){ f.arch, f.rec, f.nrec, f.cap, f.ncap, f.blob, f.blob_len };
	ck_assert_uint_eq(image_write(&d, small, sizeof(small)), 0);
	d.record_count = IMAGE_MAX_RECORDS + 1;
	ck_assert_uint_eq(image_write_size(&d), 0);
	d.record_count = f.nrec;
	d.cap_count = IMAGE_MAX_CAPS + 1;
	ck_assert_uint_eq(image_write_size(&d), 0);
	d.cap_count = f.ncap;
	d.blob_length = 0xfffffff0u;
	ck_assert_uint_eq(image_write_size(&d), 0);
}
END_TEST

/* image_seal writes a checksum only where the length field fits the buffer. */
START_TEST(test_image_seal_refusals)
{
	struct image_fixture f;
	struct image_view v;
	struct image_error why;
	size_t len;
	uint8_t *img;
	uint32_t crc;

	image_fixture_init(&f, IMAGE_ARCH_I386);
	img = image_fixture_write(&f, &len);
	crc = bytes_le32(img + IMAGE_H_CRC);
	ck_assert(!image_seal(img, IMAGE_HEADER_SIZE - 1));
	bytes_put_le32(img + IMAGE_H_LENGTH, IMAGE_HEADER_SIZE - 1);
	ck_assert(!image_seal(img, len));
	bytes_put_le32(img + IMAGE_H_LENGTH, (uint32_t)len + 1);
	ck_assert(!image_seal(img, len));
	ck_assert_uint_eq(bytes_le32(img + IMAGE_H_CRC), crc); /* untouched */
	bytes_put_le32(img + IMAGE_H_LENGTH, (uint32_t)len);
	ck_assert_uint_eq(bytes_le32(img + IMAGE_H_CRC), crc);
	ck_assert(image_seal(img, len));
	ck_assert_uint_eq(bytes_le32(img + IMAGE_H_CRC), crc);
	ck_assert_int_eq(image_parse(img, len, IMAGE_ARCH_I386, &v, &why), IMAGE_OK);
	free(img);
}
END_TEST

/* A code with no record, cap or header wording of its own is told by name. */
START_TEST(test_image_describe_falls_back_to_the_name)
{
	struct image_error why = { .code = IMAGE_E_POOL, .record = IMAGE_NONE, .cap = IMAGE_NONE };
	char line[64], want[64];

	snprintf(want, sizeof(want), "image: %s", image_code_name(IMAGE_E_POOL));
	ck_assert_int_eq(image_describe(&why, line, sizeof(line)), (int)strlen(want));
	ck_assert_str_eq(line, want);
}
END_TEST

START_TEST(test_image_names)
{
	ck_assert_str_eq(image_arch_name(IMAGE_ARCH_COLDFIRE), "coldfire");
	ck_assert_str_eq(image_arch_name(0), "unknown");
	ck_assert_str_eq(image_type_name(IMAGE_T_CAPPAGE), "cappage");
	ck_assert_str_eq(image_type_name(99), "unknown");
	ck_assert_str_eq(image_cap_kind_name(IMAGE_CAP_MEMINFO), "meminfo");
	ck_assert_str_eq(image_cap_kind_name(IMAGE_CAP_BUDGET), "budget");
	ck_assert_str_eq(image_cache_name(IMAGE_CACHE_UC), "uc");
	for (unsigned c = 0; c < IMAGE_CODE_COUNT; c++)
		ck_assert_str_ne(image_code_name((enum image_code)c), "unknown");
	ck_assert_uint_eq(image_elf_machine(IMAGE_ARCH_COLDFIRE), ELF_EM_68K);
	ck_assert_uint_eq(image_elf_machine(IMAGE_ARCH_I386), ELF_EM_386);
}
END_TEST

/* A message never overruns the caller's buffer and is always terminated. */
START_TEST(test_image_describe_bounded)
{
	struct image_error why = { .code = IMAGE_E_ENTRY,
				   .record = 3,
				   .type = IMAGE_T_PROCESS,
				   .name = "init",
				   .other = 0,
				   .other_name = "hello",
				   .cap = IMAGE_NONE,
				   .value = 0x1000,
				   .expect = 0x2000 };
	char buf[24];
	int n;

	memset(buf, 'x', sizeof(buf));
	n = image_describe(&why, buf, 10);
	ck_assert_int_gt(n, 10);
	ck_assert_uint_eq(strlen(buf), 9);
	ck_assert_uint_eq((unsigned char)buf[10], 'x');
	ck_assert_int_eq(image_describe(&why, NULL, 0), n);
	ck_assert_int_eq(image_describe(&why, buf, sizeof(buf)), n);
}
END_TEST

Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("image");

	tcase_add_test(tc, test_image_round_trip_i386);
	tcase_add_test(tc, test_image_round_trip_coldfire);
	tcase_add_test(tc, test_image_checksum_is_crc32);
	tcase_add_test(tc, test_image_padding_ignored);
	tcase_add_test(tc, test_image_oids);
	tcase_add_test(tc, test_image_writer_limits);
	tcase_add_test(tc, test_image_seal_refusals);
	tcase_add_test(tc, test_image_describe_falls_back_to_the_name);
	tcase_add_test(tc, test_image_names);
	tcase_add_test(tc, test_image_describe_bounded);
	suite_add_tcase(s, tc);
	image_add_refusal_tests(s);
	image_add_mutation_tests(s);
	return s;
}

UNIT_SUITE(image)
