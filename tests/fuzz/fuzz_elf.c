/* libFuzzer harness for the ELF validator (obstore/elf.c): the first byte
 * picks the machine; an accepted program's segments must lie in the file and
 * never overlap, and relocating it must stay inside its memory image. */
#include <stdlib.h>
#include <string.h>

#include <obstore/elf.h>

#include "fuzz.h"

/* Larger programs are validated but not relocated (the copy would dominate). */
#define RELOCATE_MAX (1u << 20)

static void check_program(const uint8_t *file, size_t len, const struct elf_info *info)
{
	uint32_t lo = elf_span_low(info), hi = elf_span_high(info);

	FUZZ_REQUIRE(info->nload <= ELF_MAX_LOAD, "nload %u", info->nload);
	FUZZ_REQUIRE(lo <= hi, "span %#x..%#x", lo, hi);
	for (uint32_t i = 0; i < info->nload; i++) {
		const struct elf_segment *s = &info->load[i];

		FUZZ_REQUIRE(s->filesz <= s->memsz, "segment %u filesz above memsz", i);
		FUZZ_REQUIRE(s->offset <= len && s->filesz <= len - s->offset,
			     "segment %u file bytes past the end", i);
		FUZZ_REQUIRE(s->vaddr >= lo && s->memsz <= hi - s->vaddr, "segment %u outside span",
			     i);
		FUZZ_REQUIRE(elf_contains(info, s->vaddr, s->memsz, s->flags, false),
			     "segment %u not contained in itself", i);
		for (uint32_t j = 0; j < i; j++) {
			const struct elf_segment *t = &info->load[j];

			FUZZ_REQUIRE((uint64_t)s->vaddr >= (uint64_t)t->vaddr + t->memsz ||
					     (uint64_t)t->vaddr >= (uint64_t)s->vaddr + s->memsz,
				     "segments %u and %u overlap", i, j);
		}
	}
	if (info->type == ELF_ET_DYN && hi - lo <= RELOCATE_MAX) {
		/* Exactly the span on the heap: a write outside is an ASan report. */
		uint8_t *mem = calloc(1, hi - lo ? hi - lo : 1);

		elf_relocate(file, info, mem, 0x40000000u);
		free(mem);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info info;
	struct elf_error why;
	enum elf_code code;
	uint16_t machine;
	char msg[160];
	uint8_t *buf;
	size_t len;
	int n;

	if (size < 1)
		return 0;
	machine = (data[0] & 1) ? ELF_EM_68K : ELF_EM_386;
	len = size - 1;
	buf = malloc(len ? len : 1);
	memcpy(buf, data + 1, len);
	memset(&why, 0xa5, sizeof why);
	code = elf_check(buf, len, machine, &info, &why);
	FUZZ_REQUIRE(code < ELF_CODE_COUNT, "code %d", code);
	if (code != ELF_OK) {
		FUZZ_REQUIRE(why.code == code, "why.code %d, returned %d", why.code, code);
		n = elf_describe(&why, msg, sizeof msg);
		FUZZ_REQUIRE(n > 0 && strlen(msg) < sizeof msg, "describe gave %d", n);
	} else {
		FUZZ_REQUIRE(info.machine == machine, "machine %u", info.machine);
		check_program(buf, len, &info);
	}
	FUZZ_REQUIRE(strcmp(elf_code_name(code), "unknown") != 0, "code %d has no name", code);
	free(buf);
	return 0;
}
