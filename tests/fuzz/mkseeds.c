/* Writes the binary seed corpora of the host fuzzers (tests/fuzz/corpus/)
 * from the unit tests' fixtures, so the seeds are reproducible:
 *   make fuzz-seeds   (the text seeds of cmdline and simbus are written by hand) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/bytes.h>

#include "../unit/elf_fixture.h"
#include "../unit/image_fixture.h"

static const char *dir;

static void put(const char *name, uint8_t prefix, const void *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(prefix, f) == EOF || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void images(void)
{
	struct image_fixture fx;
	uint8_t *img;
	size_t len;

	image_fixture_init(&fx, IMAGE_ARCH_I386);
	img = image_fixture_write(&fx, &len);
	put("image/i386-sealed", 2, img, len); /* prefix: i386, re-seal */
	put("image/i386-raw", 0, img, len);
	free(img);
	image_fixture_init(&fx, IMAGE_ARCH_COLDFIRE);
	img = image_fixture_write(&fx, &len);
	put("image/coldfire-sealed", 3, img, len);
	free(img);
}

static void elves(void)
{
	struct elf_fixture e;
	uint8_t buf[4096];
	size_t n;

	elf_fixture_default(&e, 3, 0x08048000u);
	n = elf_fixture_build(&e, buf, sizeof buf);
	put("elf/i386", 0, buf, n);
	elf_fixture_default(&e, 4, 0x40100000u);
	n = elf_fixture_build(&e, buf, sizeof buf);
	put("elf/m68k", 1, buf, n);
}

/* The map QEMU's SeaBIOS hands over with 128 MiB, plus a hole and a tail. */
static void mbmaps(void)
{
	static const uint64_t map[][3] = {
		{ 0, 0x9fc00, 1 },
		{ 0x9fc00, 0x400, 2 },
		{ 0xf0000, 0x10000, 2 },
		{ 0x100000, 0x7ee0000, 1 },
		{ 0x7fe0000, 0x20000, 2 },
		{ 0xfffc0000, 0x40000, 2 },
		{ 0x100000000ull, 0x8000000, 1 },
	};
	uint8_t buf[sizeof map / sizeof map[0] * 24];

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		uint8_t *p = buf + i * 24;

		bytes_put_le32(p, 20);
		bytes_put_le64(p + 4, map[i][0]);
		bytes_put_le64(p + 12, map[i][1]);
		bytes_put_le32(p + 20, (uint32_t)map[i][2]);
	}
	put("mbmap/qemu-128m", 32, buf, sizeof buf);
}

/* Operation sequences are any bytes: a few fixed pseudo-random ones. */
static void sequences(const char *name, unsigned count, uint64_t seed)
{
	uint8_t buf[512];
	char path[64];

	for (unsigned k = 0; k < count; k++) {
		for (size_t i = 0; i < sizeof buf; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			buf[i] = (uint8_t)seed;
		}
		snprintf(path, sizeof path, "%s/random-%u", name, k);
		put(path, (uint8_t)k, buf, sizeof buf);
	}
}

/* The fixtures assert with Check, which needs a running test. */
START_TEST(write_seeds)
{
	images();
	elves();
	mbmaps();
	sequences("rtree", 4, 0x9e3779b97f4a7c15ull);
	sequences("buddy", 4, 0xd1b54a32d192ed03ull);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("mkseeds");
	TCase *tc = tcase_create("write");
	SRunner *sr;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds CORPUS-DIR\n");
		return 2;
	}
	dir = argv[1];
	tcase_add_test(tc, write_seeds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
