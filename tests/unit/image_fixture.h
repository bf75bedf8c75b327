/* A valid boot image described in memory, for the image tests: every record
 * type, every capability kind, and two programs placed apart so that the
 * same description is valid for both arches. Tests corrupt a copy of the
 * description, or the bytes written from it. */
#ifndef TESTS_UNIT_IMAGE_FIXTURE_H
#define TESTS_UNIT_IMAGE_FIXTURE_H

#include <check.h>

#include <obstore/image_write.h>

enum {
	FX_HELLO, /* program */
	FX_OTHER, /* program */
	FX_EP, /* endpoint */
	FX_INIT, /* process of hello: caps 0..4 */
	FX_PEER, /* process of other: caps 5..6 */
	FX_GREET, /* page with 11 bytes of contents */
	FX_CP, /* cappage: caps 7..8 */
	FX_SYSTEM, /* pool */
	FX_COLOUR, /* pool with stripe/step */
	FX_COUNT
};

#define FX_CAPS 9
#define FX_MAX 24

struct image_fixture {
	enum image_arch arch;
	struct image_record rec[FX_MAX];
	uint32_t nrec;
	struct image_cap cap[FX_MAX];
	uint32_t ncap;
	uint8_t blob[8192];
	uint32_t blob_len;
};

void image_fixture_init(struct image_fixture *f, enum image_arch arch);

/* Writes f into a heap buffer of exactly the image's size (so ASan sees any
 * read past it); the caller frees it. */
uint8_t *image_fixture_write(const struct image_fixture *f, size_t *len);

/* Little-endian pokes into written bytes; image_seal afterwards. */
void image_fixture_poke16(uint8_t *p, uint16_t v);
void image_fixture_poke32(uint8_t *p, uint32_t v);
uint8_t *image_fixture_record(uint8_t *img, uint32_t index);

/* The other two parts of image_suite. */
void image_add_refusal_tests(Suite *s);
void image_add_mutation_tests(Suite *s);

#endif
