/* Human-readable ELF refusals (obstore/elf.h). */
#include <lib/fmt.h>
#include <obstore/elf.h>

static const char *const elf_code_names[ELF_CODE_COUNT] = {
	[ELF_OK] = "ok",
	[ELF_E_TRUNCATED] = "truncated",
	[ELF_E_MAGIC] = "bad magic",
	[ELF_E_CLASS] = "not ELF32",
	[ELF_E_DATA] = "wrong byte order",
	[ELF_E_VERSION] = "bad version",
	[ELF_E_TYPE] = "not an executable",
	[ELF_E_MACHINE] = "wrong machine",
	[ELF_E_EHSIZE] = "bad header size",
	[ELF_E_PHNUM] = "bad program header count",
	[ELF_E_PHDR_RANGE] = "program headers past the end",
	[ELF_E_DYNAMIC] = "dynamically linked",
	[ELF_E_SEG_RANGE] = "segment past the end",
	[ELF_E_SEG_SIZE] = "segment filesz > memsz",
	[ELF_E_SEG_WRAP] = "segment wraps",
	[ELF_E_SEG_OVERLAP] = "segment overlap",
	[ELF_E_TOO_MANY_LOAD] = "too many segments",
	[ELF_E_NO_LOAD] = "no loadable segment",
	[ELF_E_ENTRY] = "entry outside code",
	[ELF_E_RELOC] = "unsupported relocation",
	[ELF_E_RELOC_RANGE] = "relocation out of range",
};

const char *elf_code_name(enum elf_code code)
{
	if ((unsigned)code >= ELF_CODE_COUNT)
		return "unknown";
	return elf_code_names[code];
}

int elf_describe(const struct elf_error *w, char *buf, size_t size)
{
	switch (w->code) {
	case ELF_OK:
		return fmt_snprintf(buf, size, "program is valid");
	case ELF_E_TRUNCATED:
		return fmt_snprintf(buf, size,
				    "file of %u bytes is shorter than an ELF32 header (%u)",
				    w->value, w->expect);
	case ELF_E_MAGIC:
		return fmt_snprintf(buf, size, "not an ELF file (magic 0x%08x)", w->value);
	case ELF_E_CLASS:
		return fmt_snprintf(buf, size, "ELF class %u, expected %u (ELF32)", w->value,
				    w->expect);
	case ELF_E_DATA:
		return fmt_snprintf(buf, size, "data encoding %u, expected %u (%s-endian)",
				    w->value, w->expect, w->expect == 2 ? "big" : "little");
	case ELF_E_VERSION:
		return fmt_snprintf(buf, size, "ELF version %u, expected 1", w->value);
	case ELF_E_TYPE:
		return fmt_snprintf(buf, size,
				    "ELF type %u, expected %u (ET_EXEC, statically linked; PIE, "
				    "ET_DYN, only for ColdFire)",
				    w->value, w->expect);
	case ELF_E_MACHINE:
		return fmt_snprintf(buf, size, "machine %u, expected %u (%s)", w->value, w->expect,
				    w->expect == ELF_EM_68K ? "EM_68K" : "EM_386");
	case ELF_E_EHSIZE:
		return fmt_snprintf(buf, size, "header size field %u, expected %u", w->value,
				    w->expect);
	case ELF_E_PHNUM:
		return fmt_snprintf(buf, size, "%u program headers, expected 1 to %u", w->value,
				    w->expect);
	case ELF_E_PHDR_RANGE:
		return fmt_snprintf(
			buf, size,
			"program headers at offset %u extend past the end of the file (%u bytes)",
			w->value, w->expect);
	case ELF_E_DYNAMIC:
		return fmt_snprintf(buf, size,
				    "program header %u has type %u: not statically linked", w->phdr,
				    w->value);
	case ELF_E_SEG_RANGE:
		return fmt_snprintf(buf, size,
				    "program header %u: file bytes at offset %u extend past the "
				    "end of the file (%u bytes)",
				    w->phdr, w->value, w->expect);
	case ELF_E_SEG_SIZE:
		return fmt_snprintf(buf, size, "program header %u: filesz %u exceeds memsz %u",
				    w->phdr, w->value, w->expect);
	case ELF_E_SEG_WRAP:
		return fmt_snprintf(buf, size,
				    "program header %u: vaddr 0x%08x + memsz 0x%x wraps or reaches "
				    "the last page",
				    w->phdr, w->value, w->expect);
	case ELF_E_SEG_OVERLAP:
		return fmt_snprintf(buf, size,
				    "program header %u (vaddr 0x%08x) overlaps program header %u "
				    "(vaddr 0x%08x)",
				    w->phdr, w->value, w->other, w->expect);
	case ELF_E_TOO_MANY_LOAD:
		return fmt_snprintf(buf, size, "program header %u: more than %u loadable segments",
				    w->phdr, w->expect);
	case ELF_E_NO_LOAD:
		return fmt_snprintf(buf, size, "no non-empty PT_LOAD segment");
	case ELF_E_ENTRY:
		return fmt_snprintf(buf, size,
				    "entry 0x%08x is not inside the file bytes of an executable "
				    "PT_LOAD segment",
				    w->value);
	case ELF_E_RELOC:
		return fmt_snprintf(buf, size,
				    "program header %u: dynamic entry or relocation %u of type %u: "
				    "only R_68K_RELATIVE (%u) in DT_RELA is supported",
				    w->phdr, w->other, w->value, w->expect);
	case ELF_E_RELOC_RANGE:
		return fmt_snprintf(
			buf, size,
			"program header %u: relocation table or relocation %u at 0x%08x "
			"lies outside the segments",
			w->phdr, w->other, w->value);
	default:
		return fmt_snprintf(buf, size, "unknown ELF error %u", (unsigned)w->code);
	}
}
