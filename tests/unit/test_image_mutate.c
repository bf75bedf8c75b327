/* Random corruption of a valid image (fixed seed). Pass 1 corrupts bytes
 * and the checksum must catch every change; pass 2 reseals the corrupted
 * image so that the structural checks behind the checksum see it. Either
 * way the parser must not read outside the buffer (each image is a heap
 * block of its exact size, under ASan) and must end in a defined code; an
 * image it accepts must be safe to walk with the accessors. */
#include <stdlib.h>
#include <string.h>

#include "image_fixture.h"

#define MUTATE_ROUNDS 4000

static uint32_t mutate_seed;

static uint32_t mutate_next(void)
{
	uint32_t x = mutate_seed;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return mutate_seed = x;
}

/* Corrupts 1-4 bytes, biased toward the header, records and caps where the
 * structure is; one round in eight also truncates. */
static size_t mutate(uint8_t *img, size_t len, size_t meta)
{
	unsigned n = 1 + mutate_next() % 4;

	for (unsigned k = 0; k < n; k++) {
		uint32_t r = mutate_next();
		size_t at = (r & 3) ? r % meta : r % len;
		uint8_t flip = (uint8_t)(mutate_next() | 1);

		/* Small values make references and counts land in range. */
		img[at] = (r & 0x10000) ? img[at] ^ flip : (uint8_t)(flip % 12);
	}
	if (mutate_next() % 8 == 0)
		len = mutate_next() % len;
	return len;
}

/* What an accepted image promises the loader. */
static void walk_accepted(const struct image_view *v)
{
	for (uint32_t i = 0; i < v->record_count; i++) {
		struct image_record r;

		image_record_get(v, i, &r);
		ck_assert(r.type > 0 && r.type < IMAGE_T_LIMIT);
		ck_assert(memchr(r.name, 0, sizeof(r.name)) != NULL);
		if (r.type == IMAGE_T_PROCESS) {
			ck_assert_uint_lt(r.u.process.program, v->record_count);
			ck_assert_uint_le(r.u.process.cap_first + (uint64_t)r.u.process.cap_count,
					  v->cap_count);
		}
		if (r.type == IMAGE_T_PAGE)
			ck_assert_uint_le(r.u.page.blob_offset + (uint64_t)r.u.page.blob_length,
					  v->blob_length);
	}
}

static void run_mutations(enum image_arch arch, bool reseal, unsigned *codes_seen)
{
	struct image_fixture f;
	size_t len;
	uint8_t *base;
	size_t meta;

	image_fixture_init(&f, arch);
	base = image_fixture_write(&f, &len);
	meta = IMAGE_HEADER_SIZE + FX_COUNT * IMAGE_RECORD_SIZE + FX_CAPS * IMAGE_CAP_SIZE;
	for (int round = 0; round < MUTATE_ROUNDS; round++) {
		uint8_t *img = malloc(len);
		struct image_view v;
		struct image_error why;
		enum image_code code;
		char line[256];
		size_t n;

		memcpy(img, base, len);
		n = mutate(img, len, meta);
		if (reseal && n >= IMAGE_HEADER_SIZE) {
			/* A truncated image gets a length field that matches. */
			img[IMAGE_H_LENGTH] = (uint8_t)n;
			img[IMAGE_H_LENGTH + 1] = (uint8_t)(n >> 8);
			img[IMAGE_H_LENGTH + 2] = (uint8_t)(n >> 16);
			img[IMAGE_H_LENGTH + 3] = (uint8_t)(n >> 24);
			ck_assert(image_seal(img, n));
		}
		if (n < len) {
			uint8_t *cut = malloc(n ? n : 1);

			memcpy(cut, img, n);
			free(img);
			img = cut;
		}
		code = image_parse(img, n, arch, &v, &why);
		ck_assert_int_eq(code, why.code);
		ck_assert_int_lt(code, IMAGE_CODE_COUNT);
		ck_assert_int_gt(image_describe(&why, line, sizeof(line)), 0);
		if (code == IMAGE_OK)
			walk_accepted(&v);
		/* A corruption that restored the original bytes proves nothing. */
		if (n < len || memcmp(img, base, len) != 0)
			codes_seen[code]++;
		free(img);
	}
	free(base);
}

static unsigned count_distinct(const unsigned *codes_seen)
{
	unsigned distinct = 0;

	for (unsigned c = 0; c < IMAGE_CODE_COUNT; c++)
		distinct += codes_seen[c] != 0;
	return distinct;
}

START_TEST(test_image_mutate_checksum)
{
	unsigned seen[IMAGE_CODE_COUNT] = { 0 };

	mutate_seed = 0x9e3779b9u;
	run_mutations(IMAGE_ARCH_I386, false, seen);
	ck_assert_uint_eq(seen[IMAGE_OK], 0);
	ck_assert_uint_gt(seen[IMAGE_E_CHECKSUM], MUTATE_ROUNDS / 2);
}
END_TEST

START_TEST(test_image_mutate_structure_i386)
{
	unsigned seen[IMAGE_CODE_COUNT] = { 0 };

	mutate_seed = 0x1234567u;
	run_mutations(IMAGE_ARCH_I386, true, seen);
	ck_assert_uint_eq(seen[IMAGE_E_CHECKSUM], 0);
	/* The resealed corruptions reach deep into the checks. */
	ck_assert_uint_ge(count_distinct(seen), 20);
}
END_TEST

START_TEST(test_image_mutate_structure_coldfire)
{
	unsigned seen[IMAGE_CODE_COUNT] = { 0 };

	mutate_seed = 0xdeadbeefu;
	run_mutations(IMAGE_ARCH_COLDFIRE, true, seen);
	ck_assert_uint_eq(seen[IMAGE_E_CHECKSUM], 0);
	ck_assert_uint_ge(count_distinct(seen), 20);
}
END_TEST

/* Every prefix of a valid image is refused, resealed or not. */
START_TEST(test_image_every_truncation)
{
	struct image_fixture f;
	size_t len;
	uint8_t *base;

	image_fixture_init(&f, IMAGE_ARCH_I386);
	base = image_fixture_write(&f, &len);
	for (size_t n = 0; n < len; n++) {
		uint8_t *img = malloc(n ? n : 1);
		struct image_view v;
		struct image_error why;

		memcpy(img, base, n);
		ck_assert_int_eq(image_parse(img, n, IMAGE_ARCH_I386, &v, &why),
				 n < IMAGE_HEADER_SIZE ? IMAGE_E_SHORT : IMAGE_E_TRUNCATED);
		if (n >= IMAGE_HEADER_SIZE) {
			img[IMAGE_H_LENGTH] = (uint8_t)n;
			img[IMAGE_H_LENGTH + 1] = (uint8_t)(n >> 8);
			img[IMAGE_H_LENGTH + 2] = 0;
			img[IMAGE_H_LENGTH + 3] = 0;
			ck_assert(image_seal(img, n));
			ck_assert_int_eq(image_parse(img, n, IMAGE_ARCH_I386, &v, &why),
					 IMAGE_E_SECTION);
		}
		free(img);
	}
	free(base);
}
END_TEST

void image_add_mutation_tests(Suite *s)
{
	TCase *tc = tcase_create("image_mutate");

	/* Thousands of parses under ASan: above Check's 4 s default. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_image_mutate_checksum);
	tcase_add_test(tc, test_image_mutate_structure_i386);
	tcase_add_test(tc, test_image_mutate_structure_coldfire);
	tcase_add_test(tc, test_image_every_truncation);
	suite_add_tcase(s, tc);
}
