/* libFuzzer harness for the boot image validator (obstore/image*.c): the
 * first byte picks the arch and whether to re-seal the checksum (so mutated
 * structure reaches the checks behind it); an accepted image must satisfy
 * everything the loader relies on. */
#include <stdlib.h>
#include <string.h>

#include <obstore/image.h>

#include "fuzz.h"

static void check_record(const struct image_view *v, uint32_t i)
{
	struct image_record r;
	struct elf_info info;
	struct elf_error ew;

	image_record_get(v, i, &r);
	FUZZ_REQUIRE(r.type >= IMAGE_T_PROGRAM && r.type < IMAGE_T_LIMIT, "record %u type %u", i,
		     r.type);
	FUZZ_REQUIRE(memchr(r.name, 0, sizeof r.name) && r.name[0], "record %u name", i);
	if (r.type == IMAGE_T_PROGRAM) {
		const uint8_t *b = image_blob(v, r.u.program.blob_offset);

		FUZZ_REQUIRE(b >= v->blobs && r.u.program.blob_length <= v->blob_length &&
				     (size_t)(b - v->blobs) <=
					     v->blob_length - r.u.program.blob_length,
			     "program %u blob outside the blob area", i);
		FUZZ_REQUIRE(elf_check(b, r.u.program.blob_length, image_elf_machine(v->arch),
				       &info, &ew) == ELF_OK,
			     "accepted program %u fails elf_check", i);
	}
	if (r.type == IMAGE_T_PROCESS) {
		FUZZ_REQUIRE(r.u.process.program < v->record_count, "process %u program", i);
		FUZZ_REQUIRE(r.u.process.priority < IMAGE_PRIORITIES, "process %u priority", i);
		FUZZ_REQUIRE(r.u.process.cap_first <= v->cap_count &&
				     r.u.process.cap_count <= v->cap_count - r.u.process.cap_first,
			     "process %u caps", i);
	}
}

static void check_view(const struct image_view *v)
{
	uint32_t total = 0;

	FUZZ_REQUIRE(v->record_count <= IMAGE_MAX_RECORDS && v->cap_count <= IMAGE_MAX_CAPS,
		     "counts %u %u", v->record_count, v->cap_count);
	for (unsigned t = 0; t < IMAGE_T_LIMIT; t++)
		total += v->count[t];
	FUZZ_REQUIRE(total == v->record_count, "type counts %u != %u", total, v->record_count);
	FUZZ_REQUIRE(v->count[IMAGE_T_PROCESS] > 0, "an accepted image has a process");
	for (uint32_t i = 0; i < v->record_count; i++)
		check_record(v, i);
	for (uint32_t i = 0; i < v->cap_count; i++) {
		struct image_cap c;

		image_cap_get(v, i, &c);
		FUZZ_REQUIRE(c.kind >= IMAGE_CAP_OBJECT && c.kind < IMAGE_CAP_LIMIT, "cap %u kind",
			     i);
		FUZZ_REQUIRE((c.rights & ~IMAGE_RIGHTS_ALL) == 0, "cap %u rights", i);
		FUZZ_REQUIRE(c.kind != IMAGE_CAP_OBJECT || c.target < v->record_count,
			     "cap %u target %u", i, c.target);
	}
	FUZZ_REQUIRE(image_next_oid(v) > image_record_oid(v->record_count - 1),
		     "next oid inside the records");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_view v, v2;
	struct image_error why, why2;
	enum image_code code;
	char msg[160];
	uint8_t *buf;
	size_t len;
	int n;

	if (size < 1)
		return 0;
	len = size - 1;
	/* Exactly the image's bytes on the heap: ASan sees any read past them. */
	buf = malloc(len ? len : 1);
	memcpy(buf, data + 1, len);
	if (data[0] & 2)
		image_seal(buf, len);
	code = image_parse(buf, len, (data[0] & 1) ? IMAGE_ARCH_COLDFIRE : IMAGE_ARCH_I386, &v,
			   &why);
	FUZZ_REQUIRE(code < IMAGE_CODE_COUNT && code == why.code, "code %d why %d", code, why.code);
	n = image_describe(&why, msg, sizeof msg);
	FUZZ_REQUIRE(n > 0 && strlen(msg) < sizeof msg, "describe gave %d", n);
	FUZZ_REQUIRE(image_describe(&why, msg, 1) == n && msg[0] == 0, "describe into 1 byte");
	FUZZ_REQUIRE(image_code_name(code) != NULL, "code name");
	if (code == IMAGE_OK)
		check_view(&v);
	/* Validation is a pure function of the bytes. */
	FUZZ_REQUIRE(image_parse(buf, len, (data[0] & 1) ? IMAGE_ARCH_COLDFIRE : IMAGE_ARCH_I386,
				 &v2, &why2) == code,
		     "a second parse differs");
	free(buf);
	return 0;
}
